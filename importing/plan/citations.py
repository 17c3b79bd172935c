"""Documents a plan implements ("Thực hiện Kế hoạch số 182/KH-UBND ngày 29/12/2023 của …")
and the target it sets ("phấn đấu Chỉ số PAPI của xã năm 2024 tăng bậc so với năm 2023").
"""

import datetime
import re
from dataclasses import dataclass

from .text import fold_keep, one_line

_TYPES = (
    "ke hoach",
    "chi thi",
    "quyet dinh",
    "nghi quyet",
    "cong van",
    "thong bao",
    "huong dan",
    "nghi dinh",
    "thong tu",
    "ket luan",
    "van ban",
    "chuong trinh",
)
_TYPE_RE = "|".join(_TYPES)
_DOCUMENT = re.compile(
    rf"\b(?P<type>{_TYPE_RE})\s+(?:lien tich\s+)?so\s*:?\s*(?P<number>\d+(?:\s*/\s*[0-9a-z][0-9a-z\-.]*)*)"
)
_DATE = re.compile(
    r"\s*,?\s*ngay\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
_ISSUER_START = re.compile(r"\s*,?\s*cua\s+")
_ISSUER_END = re.compile(
    rf"\s+(?:ve|v/v|nham|theo|voi|tai|de|trong|ban hanh|phe duyet|quy dinh|da|duoc)\b|[,;.(:\n]"
    rf"|\s+va\s+(?=(?:{_TYPE_RE})\b)"
)
_CLAUSE_END = re.compile(r";|\n|\.(?=\s|$)")
_CONNECTOR = re.compile(r"(?:\s*,|\s+va)\s*$")
_BASIS_LINE = re.compile(r"can cu\s+")
_ANY_DATE = re.compile(
    r"ngay\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))"
)
_LAW = re.compile(r"(bo luat|luat)\b")


@dataclass
class BasisDoc:
    doc_type: str  # as written: "Kế hoạch"
    number: str  # "182/KH-UBND"; empty for a law cited by name
    issued_on: datetime.date | None
    issuer: str
    citation: str  # the plan's own words


def _date_from(match):
    if not match:
        return None
    day, month, year = match["d"] or match["d2"], match["m"] or match["m2"], match["y"] or match["y2"]
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _find_documents(text):
    folded = fold_keep(text)
    matches = list(_DOCUMENT.finditer(folded))
    for index, match in enumerate(matches):
        position = match.end()
        number = re.sub(r"\s+", "", text[match.start("number") : match.end("number")]).rstrip(".-")
        date_match = _DATE.match(folded, position)
        if date_match:
            position = date_match.end()
        issuer = ""
        if issuer_match := _ISSUER_START.match(folded, position):
            end_match = _ISSUER_END.search(folded, issuer_match.end())
            end = end_match.start() if end_match else len(text)
            issuer = one_line(text[issuer_match.end() : end])
        limit = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        clause = _CLAUSE_END.search(folded, position, limit)
        end = clause.start() if clause else limit
        citation = one_line(text[match.start() : end])
        if connector := _CONNECTOR.search(fold_keep(citation)):
            citation = citation[: connector.start()]
        doc_type = text[match.start("type") : match.end("type")]
        yield BasisDoc(doc_type[:1].upper() + doc_type[1:], number, _date_from(date_match), issuer, citation)


def _basis_line(text):
    """A "Căn cứ Luật …;" line that names no numbered document."""
    folded = fold_keep(text)
    match = _BASIS_LINE.match(folded)
    if not match:
        return None
    citation = one_line(text[match.end() :]).rstrip(" ;.,")
    if not citation:
        return None
    law = _LAW.match(fold_keep(citation))
    doc_type = citation[: law.end()] if law else ""
    return BasisDoc(doc_type, "", _date_from(_ANY_DATE.search(fold_keep(citation))), "", citation)


def find_basis_documents(texts):
    """Numbered documents cited in `texts` (and "Căn cứ" lines), first mention first, one per number."""
    found, seen = [], set()
    for text in texts:
        documents = list(_find_documents(text))
        if not documents and (basis := _basis_line(text)):
            documents = [basis]
        for document in documents:
            key = fold_keep(document.number).upper() if document.number else fold_keep(document.citation)
            if key not in seen:
                seen.add(key)
                found.append(document)
    return found


def find_target(texts):
    """The plan's aim: from "phấn đấu" to the end of that sentence, or ""."""
    for text in texts:
        folded = fold_keep(text)
        start = folded.find("phan dau")
        if start < 0:
            continue
        end = _CLAUSE_END.search(folded, start)
        return one_line(text[start : end.start() if end else len(text)]).rstrip(" ,.;")
    return ""
