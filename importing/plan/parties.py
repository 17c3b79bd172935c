"""Matching the people a plan names ("Công chức Văn phòng - Thông kê xã") to positions.

Plans name officials by their job title with small variations: "Công chức" or
not, a trailing "xã", "UBND" or "Ủy ban nhân dân", typos in diacritics
("Thông kê" for "Thống kê", which folding removes). `party_key` reduces a name
to the words that tell positions apart; two names match when their keys are
equal, so "Chủ tịch UBND xã" never matches "Phó Chủ tịch UBND xã".
"""

import re

from .text import fold_keep

_GENERIC_ANYWHERE = re.compile(r"\b(?:uy ban nhan dan|ubnd)\b")
_GENERIC_LEADING = re.compile(r"^(?:(?:de nghi|giao|cac|cong chuc|can bo|chuyen trach|khong chuyen trach)\s+)+")
_GENERIC_TRAILING = re.compile(r"(?:(?:^|\s+)(?:xa|phuong|thi tran|cap xa))+$")
_SPLIT = re.compile(r"\s*(?:[,;\n+]|\bva\b|&)\s*")


def party_key(text):
    """The words of a party's name that matter for matching, as a tuple."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold_keep(text or "")))
    folded = _GENERIC_ANYWHERE.sub(" ", folded)
    folded = " ".join(folded.split())
    folded = _GENERIC_LEADING.sub("", folded)
    folded = _GENERIC_TRAILING.sub("", folded)
    return tuple(folded.split())


def _pieces(text):
    """The text cut at commas, semicolons, line breaks and "và", as (start, end) spans."""
    folded = fold_keep(text or "")
    spans, start = [], 0
    for match in _SPLIT.finditer(folded):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(folded)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def find_parties(text, names):
    """The names (from `names`) that `text` mentions, in the order it mentions them.

    `text` may list several parties ("Văn hóa - Xã hội, Đài truyền thanh"); names
    that themselves contain "và" or a comma are found by trying runs of pieces,
    longest first.
    """
    keys = {}
    for name in names:
        key = party_key(name)
        if key:
            keys.setdefault(key, []).append(name)
    pieces = _pieces(text)
    found, index = [], 0
    while index < len(pieces):
        for end in range(len(pieces), index, -1):
            key = party_key(text[pieces[index][0] : pieces[end - 1][1]])
            if key in keys:
                found.extend(n for n in keys[key] if n not in found)
                index = end
                break
        else:
            index += 1
    return found
