"""Score sentences: what an area scored last year, which plans write above its tasks.

    Năm 2023, chỉ số nội dung này đạt 4,89 điểm, giảm 0,12 điểm so với năm 2022…
    - Kết quả năm 2024: Chỉ số nội dung 5 đạt 7,02 điểm, xếp thứ 15/63.

Such a sentence reports a result; it is never a task, whether it stands as a paragraph, a bullet,
a lettered item, an area written as prose or an appendix row, and even when the document cuts it
off ("Năm 2023, chỉ số nội dung này đạt" and nothing more). It is recognised by how it starts,
never by how it ends: a year followed by "chỉ số" (or "điểm", "kết quả"), or "chỉ số …" (or
"điểm số") reaching a figure ("đạt 4,89", "4,89 điểm", "xếp thứ 12") within its first words, or
"đạt" and a figure straight after a label ("Kết quả: đạt 4,1 điểm").
A task starts with what to do ("Tổ chức…", "Năm 2024, tổ chức…"), so neither shape takes one.
"""

import re

from .text import fold_keep, one_line

# Bullets, a label ("Kết quả:", "Thực trạng năm 2024:", "*") and opening brackets before the sentence.
_LEAD = re.compile(r"^[\s\-–—+•*·(]*(?:(?:ket qua|thuc trang|danh gia|tinh hinh)\b[^:.;]{0,40}[:.\-–]\s*)?")
_YEAR_FIRST = re.compile(
    r"(?:trong\s+)?nam\s+20\d\d\s*[,:\-–]?\s*(?:(?:tong\s+)?chi so|diem so|diem\b|ket qua (?:chi so|danh gia|khao sat))"
)
_SCORE_FIRST = re.compile(r"(?:(?:tong\s+)?chi so|diem so)\b")
_FIGURE_FIRST = re.compile(r"dat\s+(?:muc\s+)?\d")  # "Kết quả năm 2024: đạt 4,1 điểm"
_FIGURE = re.compile(r"\bdat\s+(?:\d|muc\s+\d)|\d+(?:[.,]\d+)?\s*diem\b|\bxep\s+(?:thu|hang|vi tri)\s*\d")
_HEAD = 160  # characters in which a sentence that starts with "chỉ số" must reach its figure


def is_score_sentence(text):
    """Whether `text` (a paragraph, an item's text or a table cell) reports a score; see the module."""
    folded = _LEAD.sub("", fold_keep(one_line(text)), count=1)
    if _YEAR_FIRST.match(folded) or _FIGURE_FIRST.match(folded):
        return True
    return bool(_SCORE_FIRST.match(folded) and _FIGURE.search(folded[:_HEAD]))
