"""From paragraphs to the plan's tree: parts, sections, lettered items. No database.

    parse(source) → ParsedPlan

The document is cut in three: the header (before the first part, or the first
numbered section when the plan has no roman parts), the body, and the tail (from
the closing sentence, "Nơi nhận" or the signature on). In the body:

- "I." / "PHẦN II" start a part; "1.", "1.1.", "1.1.1." start sections, nested by
  their numbers; "a)", "b.", "đ)" start items; "-", "+", "•" start bullets.
- A paragraph without a marker belongs to the item it follows (the body of
  "a) Nâng cao chất lượng…"), else to its section.
- A part's purpose comes from its heading (PURPOSES); its sections inherit it.

Nothing is dropped: text that fits nowhere is returned in `unplaced`.
"""

from dataclasses import dataclass, field

from .appendix_table import find_appendix
from .citations import find_basis_documents, find_target
from .closing import is_closing, parse_closing, starts_tail
from .header import Header, parse_header
from .markers import match_bullet, match_lettered, match_numbered, match_part
from .reader import Paragraph, Table, is_separator, rejoin
from .text import fold_keep, is_upper

NARRATIVE, TASKS, RESPONSIBILITIES = "narrative", "tasks", "responsibilities"
# Heading keywords (accent-folded) that give a part its purpose, tried in this order;
# a part that matches none is narrative (MỤC ĐÍCH, YÊU CẦU; KINH PHÍ...).
PURPOSES = (
    (RESPONSIBILITIES, ("to chuc thuc hien", "phan cong thuc hien", "trach nhiem thuc hien", "phan cong trach nhiem")),
    (TASKS, ("noi dung", "nhiem vu", "giai phap", "chuong trinh hanh dong", "cac hoat dong")),
)
_CAPTION_WORDS = ("phu luc", "bieu", "(kem theo", "kem theo", "danh muc", "tong hop nhiem vu", "bang tong hop")


@dataclass
class Item:
    """A lettered item ("a)") or a bullet ("-"), with the paragraphs that follow it."""

    kind: str  # "letter" or "bullet"
    marker: str  # "a", "-"
    label: str  # as printed: "a)", "a.", "-"
    paragraphs: list
    where: str

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)

    def render(self):
        first, *rest = self.paragraphs
        return "\n\n".join([f"{self.label} {first}", *rest])


@dataclass
class Para:
    text: str
    where: str

    def render(self):
        return self.text


@dataclass
class Node:
    kind: str  # "part" or "section"
    number: str  # "II", "1", "1.2"
    label: str  # as printed: "II.", "1.2."
    heading: str
    level: int  # 0 for parts, 1 for "1.", 2 for "1.1."
    where: str
    purpose: str = NARRATIVE
    blocks: list = field(default_factory=list)  # Para and Item, in order
    children: list = field(default_factory=list)

    @property
    def title(self):
        return f"{self.label} {self.heading}".strip()

    def items(self, kind=None):
        return [b for b in self.blocks if isinstance(b, Item) and (kind is None or b.kind == kind)]

    def render(self, skip=()):
        """The node's own text (not its children's), leaving out the blocks in `skip`."""
        return "\n\n".join(b.render() for b in self.blocks if not any(b is s for s in skip))

    def render_all(self):
        """Its text and its sub-sections' headings and text, in document order."""
        parts = [self.render()] if self.blocks else []
        for child in self.children:
            parts.append(child.title)
            if text := child.render_all():
                parts.append(text)
        return "\n\n".join(p for p in parts if p)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    # -- building --------------------------------------------------------------------

    def _open_item(self):
        return self.blocks[-1] if self.blocks and isinstance(self.blocks[-1], Item) else None

    def add_item(self, lettered, where):
        self.blocks.append(Item("letter", lettered.letter, lettered.label, [lettered.text], where))

    def add_bullet(self, bullet, text, where):
        item = self._open_item()
        if item and (item.kind == "letter" or item.marker != bullet.bullet):
            item.paragraphs.append(text)  # a bullet inside an item, or a sub-bullet
        else:
            self.blocks.append(Item("bullet", bullet.bullet, bullet.bullet, [bullet.text], where))

    def add_paragraph(self, text, where):
        if item := self._open_item():
            item.paragraphs.append(text)
        else:
            self.blocks.append(Para(text, where))


@dataclass
class ParsedPlan:
    header: Header
    preamble: list  # of str
    nodes: list  # top-level Nodes: parts, or sections when the plan has no parts
    basis_documents: list
    target: str
    signer_title: str
    signer_name: str
    recipients: list  # of str
    appendices: list  # of AppendixTable
    unplaced: list  # of Paragraph (text and where)
    closing: str = ""  # the closing sentence(s), "Trên đây là Kế hoạch…"

    def walk(self):
        for node in self.nodes:
            yield from node.walk()

    @property
    def has_structure(self):
        return bool(self.nodes or self.appendices)


def purpose_of(heading):
    folded = fold_keep(heading)
    for purpose, keywords in PURPOSES:
        if any(keyword in folded for keyword in keywords):
            return purpose
    return NARRATIVE


def parse(source):
    paragraphs, appendices = _flatten(source.blocks)
    first = next((i for i, p in enumerate(paragraphs) if match_part(p.text) or match_numbered(p.text)), None)
    if first is None:
        header, preamble, unplaced = parse_header(paragraphs)
        return ParsedPlan(header, [p.text for p in preamble], [], [], "", "", "", [], appendices, unplaced)
    tail = _tail_start(paragraphs, first)
    # Roman parts, if the body has any, are the top level; numbered lines before the first part are preamble.
    uses_parts = any(match_part(p.text) for p in paragraphs[first:tail])
    is_start = match_part if uses_parts else match_numbered
    start = next(i for i, p in enumerate(paragraphs) if is_start(p.text))
    header, preamble, unplaced = parse_header(paragraphs[:start])
    nodes = _parse_body(paragraphs[start:tail], uses_parts)
    closing = parse_closing(paragraphs[tail:])
    unplaced.extend(closing.unplaced)

    preamble_texts = [p.text for p in preamble]
    narrative = [n.render_all() for n in nodes if n.purpose == NARRATIVE]
    return ParsedPlan(
        header=header,
        preamble=preamble_texts,
        nodes=nodes,
        basis_documents=find_basis_documents(preamble_texts + narrative),
        target=find_target(narrative + preamble_texts),
        signer_title=closing.signer_title,
        signer_name=closing.signer_name,
        recipients=closing.recipients,
        appendices=appendices,
        unplaced=unplaced,
        closing="\n\n".join(closing.sentences),
    )


def _tail_start(paragraphs, first):
    """Where the closing begins: "Trên đây là…", "Nơi nhận:" or the signature, after the first section.

    A "Trên đây…" sentence followed by more numbered sections is part of the body, not the closing.
    """
    for index in range(first + 1, len(paragraphs)):
        text = paragraphs[index].text
        if not starts_tail(text):
            continue
        if not is_closing(text):
            return index
        for later in paragraphs[index + 1 :]:
            if starts_tail(later.text) and not is_closing(later.text):
                return index
            if match_part(later.text) or match_numbered(later.text):
                break
        else:
            return index
    return len(paragraphs)


def _flatten(blocks):
    """Paragraphs in order, with appendix tables taken out and other tables read cell by cell."""
    paragraphs, appendices = [], []
    for block in blocks:
        if isinstance(block, Table):
            if table := find_appendix(block.rows, block.where):
                table.caption = _take_caption(paragraphs)
                appendices.append(table)
                continue
            paragraphs.extend(_table_paragraphs(block))
        elif not is_separator(block.text):
            paragraphs.append(block)
    return rejoin(paragraphs), appendices


def _table_paragraphs(table):
    """A layout table (header, signature) as paragraphs: row by row, each cell once."""
    for row_number, row in enumerate(table.rows, start=1):
        previous = None
        for cell in row:
            if cell == previous:
                continue  # a merged cell repeats its text
            previous = cell
            for line in cell.split("\n"):
                if line.strip() and not is_separator(line):
                    yield Paragraph(line.strip(), f"{table.where}, row {row_number}")


def _take_caption(paragraphs):
    """The "PHỤ LỤC / BIỂU TỔNG HỢP NHIỆM VỤ / (Kèm theo …)" lines just before a table."""
    taken = []
    while paragraphs and len(taken) < 5:
        text = paragraphs[-1].text
        folded = fold_keep(text)
        captionish = folded.startswith(_CAPTION_WORDS)
        if not captionish and not (is_upper(text) and not starts_tail(text) and not match_part(text)):
            break
        taken.insert(0, paragraphs.pop())
    while taken and not fold_keep(taken[0].text).startswith(_CAPTION_WORDS):
        paragraphs.append(taken.pop(0))  # upper-case lines before the caption proper are not ours
    return [p.text for p in taken]


def _parse_body(paragraphs, uses_parts):
    roots, stack = [], []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        text, where = paragraph.text.replace("\t", " ").strip(), paragraph.where
        index += 1
        if uses_parts and (part := match_part(text)):
            heading = part.heading
            if not heading and index < len(paragraphs) and not _is_marker(paragraphs[index].text):
                heading = paragraphs[index].text.strip()  # "PHẦN I" over "MỤC ĐÍCH, YÊU CẦU"
                index += 1
            node = Node("part", part.number, f"{part.number}.", heading, 0, where, purpose_of(heading))
            roots.append(node)
            stack = [node]
        elif numbered := match_numbered(text):
            while stack and stack[-1].kind == "section" and not _is_parent(stack[-1].number, numbered.number):
                stack.pop()
            parent = stack[-1] if stack else None
            purpose = parent.purpose if parent else purpose_of(numbered.heading)
            node = Node("section", numbered.number, numbered.label, numbered.heading, numbered.depth, where, purpose)
            (parent.children if parent else roots).append(node)
            stack.append(node)
        elif not stack:  # cannot happen: the body starts with a part or a section
            continue
        elif lettered := match_lettered(text):
            stack[-1].add_item(lettered, where)
        elif bullet := match_bullet(text):
            stack[-1].add_bullet(bullet, text, where)
        else:
            stack[-1].add_paragraph(text, where)
    return roots


def _is_parent(number, child):
    """Whether section `number` can hold section `child` ("1" holds "1.2"; "1.8" does not hold "2.1")."""
    return child.startswith(number + ".")


def _is_marker(text):
    return bool(match_part(text) or match_numbered(text) or match_lettered(text) or match_bullet(text))
