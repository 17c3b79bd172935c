"""Part III, "TỔ CHỨC THỰC HIỆN": which body or official is given which duties.

Real plans write it in these shapes, often mixed in one part:

- numbered sections naming a body, their text the duties ("1. Công chức Văn phòng - Thống kê xã"
  over "a) Là bộ phận thường trực…"); the heading may carry the duties after a colon
  ("1. Công chức Văn phòng - Thống kê: theo dõi, tổng hợp…") or be a sentence that names the body
  ("1. Văn phòng HĐND và UBND phường là cơ quan thường trực, …");
- paragraphs or items without sections: "- Công chức Tư pháp - Hộ tịch: chủ trì…",
  "Văn phòng HĐND và UBND phường là cơ quan thường trực…", "Phòng Văn hóa - Xã hội chủ trì, phối hợp
  với …", "UBND phường giao Công an phường …", "Đề nghị Ủy ban MTTQ Việt Nam phường …"
  (`parties.party_in_sentence` finds the body);
- the bullets after a sentence that names a body and ends with a colon are its duties
  ("Văn phòng … có trách nhiệm:" / "- Theo dõi…" / "- Tổng hợp…").

A paragraph that names no one stays in the part's text only (it is kept on the section anyway).
"""

from dataclasses import dataclass

from .markers import match_bullet
from .parser import Item
from .parties import party_in_sentence, starts_with_party

MAX_PARTY_LENGTH = 120  # a "Party: duties" head longer than this is a sentence with a colon in it


@dataclass
class ResponsibilityDraft:
    order: int
    party: str
    text: str
    position: object = None  # Position


def _head_and_rest(text):
    """("Party", "duties") for "Party: duties", else None."""
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and len(head) <= MAX_PARTY_LENGTH and not party_in_sentence(head):
        return head.strip(), rest.strip()
    return None


def _named(text):
    """(party, text) for a paragraph that gives a body duties, else None."""
    if found := _head_and_rest(text):
        return found
    if party := party_in_sentence(text):
        return party, text.strip()
    head = text.strip()
    if head.endswith(":") and len(head) <= MAX_PARTY_LENGTH and starts_with_party(head):
        return head.rstrip(" :"), ""  # "Văn phòng HĐND và UBND phường:" over the list of its duties
    return None


def _paragraphs(blocks):
    """(text, words, is_bullet, opens_block) for every paragraph of the blocks; `words` without a
    bullet's mark ("+ Tuyên truyền…" inside an item)."""
    for block in blocks:
        if not isinstance(block, Item):
            yield block.text, block.text, False, True
            continue
        for index, paragraph in enumerate(block.paragraphs):
            bullet = match_bullet(paragraph) if index else None
            yield paragraph, bullet.text if bullet else paragraph, index == 0 or bullet is not None, index == 0


def of_section(node):
    """(party, text) pairs for a numbered section of part III: one for the body its heading names,
    or, under a heading that names none ("Trách nhiệm của các cơ quan"), one per item naming one."""
    heading, text = node.heading.strip(), node.render_all()
    if found := _head_and_rest(heading):
        party, rest = found
        return [(party, "\n\n".join(p for p in (rest, text) if p))]
    if party := party_in_sentence(heading):
        return [(party, "\n\n".join(p for p in (heading, text) if p))]
    if not starts_with_party(heading) and not node.children and (named := of_blocks(node.blocks)):
        return named
    return [(heading.rstrip(" :"), text)]


def of_blocks(blocks):
    """(party, text) pairs for the paragraphs and items of a part III without sections.

    A paragraph that names a body starts its responsibility; the bullets after it, and any paragraph
    after a party whose sentence ends with a colon, are its duties; other paragraphs that name no one
    ("Trong quá trình thực hiện, nếu có vướng mắc…") belong to no party.
    """
    found = []
    announces = False  # the last party's sentence ended with ":", so what follows lists its duties
    for text, words, is_bullet, opens_block in _paragraphs(blocks):
        named = _named(words)
        if named is not None:
            party, first = named
            found.append([party, first])
            announces = text.rstrip().endswith(":")
        elif found and (announces or (is_bullet and not opens_block)):
            found[-1][1] = "\n\n".join(p for p in (found[-1][1], text) if p)
        else:
            announces = False
    return [tuple(pair) for pair in found]
