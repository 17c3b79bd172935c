"""The top of a plan: issuing body, number, place and date, title, preamble.

    ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    XÃ LẠC HỒNG                       Độc lập - Tự do - Hạnh phúc
    Số: 12/KH-UBND             Lạc Hồng, ngày 05 tháng 01 năm 2024
                        KẾ HOẠCH
          Nâng cao Chỉ số PAPI năm 2024 ...
    Căn cứ ... / Thực hiện ...            ← preamble

Every field is optional: the seed plan starts at "KẾ HOẠCH".
"""

import datetime
import re
from dataclasses import dataclass

from .reader import Paragraph
from .text import fold_keep, is_upper, one_line

_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap tu do hanh phuc", "doc lap - tu do - hanh phuc")
# "Số: 12/KH-UBND", also with the number left blank for the clerk to fill in: "Số:      /KH-UBND".
_NUMBER = re.compile(r"so\s*[:.]?\s*(?P<number>[^\s/]*\s*/\S*)\s*")
_PLACE_DATE = re.compile(
    r"(?P<place>[^,]{2,80}),\s*ngay\s*(?P<day>\d{1,2}|[.…\s]*)\s*thang\s*(?P<month>\d{1,2}|[.…\s]*)"
    r"\s*nam\s*(?P<year>\d{4})\s*\.?"
)
_TITLE_WORD = re.compile(r"ke hoach\b\s*[:.]?\s*")
_NOT_TITLE = re.compile(r"can cu\b|.*[.;:]$|.*\bso\s+\d+\s*/", re.S)


@dataclass
class Header:
    issuing_body: str = ""
    number: str = ""
    place: str = ""
    issue_date: datetime.date | None = None
    title: str = ""


def _date(day, month, year):
    try:
        return datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def place_and_date(text):
    """("Lạc Hồng", date(2024, 1, 5)) for "Lạc Hồng, ngày 05 tháng 01 năm 2024"; None if not such a line."""
    folded = fold_keep(text)
    match = _PLACE_DATE.fullmatch(folded.strip())
    if not match:
        return None
    offset = len(folded) - len(folded.lstrip())
    place = text[offset + match.start("place") : offset + match.end("place")].strip()
    return place, _date(match["day"].strip() or None, match["month"].strip() or None, match["year"])


def _number(text, folded):
    """ "12/KH-UBND" for "Số: 12/KH-UBND" (also "Số:    /KH-UBND"); None if not a number line."""
    match = _NUMBER.fullmatch(folded)
    if not match or not text[:1].isupper():
        return None
    number = re.sub(r"\s+", "", text[match.start("number") : match.end("number")])
    return number if len(number) <= 50 else None


def _is_motto(folded):
    return folded.startswith(_MOTTO) or folded.replace(" ", "").startswith("doclap-tudo")


def _can_be_title(text):
    """A title is short and ends without punctuation; "Căn cứ …;" and "Thực hiện Kế hoạch số …:" are not."""
    return len(text) < 300 and not _NOT_TITLE.match(fold_keep(text).strip())


def parse_header(paragraphs):
    """Split the paragraphs before the first part into (Header, preamble, unplaced).

    preamble and unplaced are lists of the given Paragraph objects.
    """
    header = Header()
    pieces = []
    for paragraph in paragraphs:
        # Word headers often put left and right columns on one line, split by tabs.
        parts = [p.strip() for p in paragraph.text.split("\t") if p.strip()]
        pieces.extend((part, paragraph) for part in parts)
    has_title_word = any(_TITLE_WORD.match(fold_keep(text)) and is_upper(text) for text, _p in pieces)
    body_lines, preamble, unplaced = [], [], []
    seen_title_word = not has_title_word
    title_parts = []
    for text, paragraph in pieces:
        folded = fold_keep(text)
        if _is_motto(folded):
            continue
        if not header.number and (number := _number(text, folded)) is not None:
            header.number = number if re.search(r"\d", number) else ""
            continue
        if not header.place and (found := place_and_date(text)):
            header.place, header.issue_date = found
            continue
        if not seen_title_word:
            if (match := _TITLE_WORD.match(folded)) and is_upper(text):
                seen_title_word = True
                rest = text[match.end() :].strip()
                if rest:
                    title_parts.append(rest)
            elif is_upper(text):
                body_lines.append(text)
            else:
                unplaced.append(Paragraph(text, paragraph.where))
            continue
        if preamble:
            preamble.append(Paragraph(text, paragraph.where))
        elif not title_parts and _can_be_title(text):
            title_parts.append(text)
        elif title_parts and is_upper(title_parts[-1]) and is_upper(text) and _can_be_title(text):
            title_parts.append(text)  # a title set in capitals over several lines
        else:
            preamble.append(Paragraph(text, paragraph.where))
    header.issuing_body = one_line(" ".join(body_lines))
    header.title = one_line(" ".join(title_parts))
    return header, preamble, unplaced
