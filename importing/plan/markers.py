"""Recognising the numbering at the start of a paragraph: parts, sections, items.

Each `match_*` function takes one paragraph and returns a small named tuple, or
None. They only look at the start of the paragraph; what a match means is decided
by the parser.
"""

import re
from typing import NamedTuple

from .text import fold_keep

ORDINALS = {
    "nhat": 1,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_VALID_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")

# "I. MỤC ĐÍCH", "II - NỘI DUNG", "III/ TỔ CHỨC THỰC HIỆN"
_ROMAN = re.compile(r"(?P<num>[IVX]{1,6})\s*[.:/)\-–—]\s*(?P<rest>\S.*)", re.S)
# "PHẦN I", "Phần II:", "PHẦN THỨ HAI. NHIỆM VỤ", "Phần 3 -" (matched on folded text)
_PHAN = re.compile(
    r"phan\s+(?:thu\s+(?P<ordinal>[a-z]+)|(?P<roman>[ivx]{1,6})|(?P<digits>\d{1,2}))\b\s*[.:\-–—]?\s*(?P<rest>.*)", re.S
)
# "1.", "2)", "3/", "1.1.", "1.2", "1.2.3."
_NUMBERED = re.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?P<punct>[.)/])?(?P<space>\s*)(?P<rest>\S.*)", re.S)
# "a)", "b.", "đ)", "c/"
_LETTERED = re.compile(r"(?P<letter>[a-zđ])(?P<punct>[).]|/)(?P<space>\s*)(?P<rest>\S.*)", re.S)
# "- ", "– ", "• ", "+ ", "* "
_BULLET = re.compile(r"(?P<bullet>[-–—•●▪◦+*])\s+(?P<rest>\S.*)", re.S)


class Part(NamedTuple):
    number: str  # roman numeral: "II"
    heading: str  # may be empty ("PHẦN I" on a line of its own)


class Numbered(NamedTuple):
    number: str  # "1", "1.2"
    label: str  # as printed: "1.", "1.2."
    heading: str

    @property
    def depth(self):
        return self.number.count(".") + 1


class Lettered(NamedTuple):
    letter: str
    label: str  # "a)" or "a."
    text: str


class Bullet(NamedTuple):
    bullet: str
    text: str


def roman_value(numeral):
    total, previous = 0, 0
    for ch in reversed(numeral.upper()):
        value = _ROMAN_VALUES[ch]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def to_roman(number):
    out = []
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def match_part(text):
    if match := _ROMAN.fullmatch(text):
        numeral, rest = match["num"], match["rest"]
        if _VALID_ROMAN.fullmatch(numeral) and (rest[0].isupper() or not rest[0].isalpha()):
            return Part(numeral, rest.strip())
        return None
    folded = fold_keep(text)
    if text[:1] == "P" and len(text) < 250 and (match := _PHAN.fullmatch(folded)):
        if match["ordinal"]:
            value = ORDINALS.get(match["ordinal"])
        elif match["roman"]:
            value = roman_value(match["roman"]) if _VALID_ROMAN.fullmatch(match["roman"].upper()) else None
        else:
            value = int(match["digits"])
        if value:
            return Part(to_roman(value), text[match.start("rest") :].strip())
    return None


def match_numbered(text):
    match = _NUMBERED.fullmatch(text)
    if not match:
        return None
    number, punct, rest = match["num"], match["punct"] or "", match["rest"]
    if rest[0].isdigit() or rest[0] in "%,":
        return None
    if not punct and ("." not in number or not match["space"]):
        return None  # "15 hộ nghèo..." is a sentence, "1.2 Nội dung" is a heading
    if not match["space"] and not rest[0].isupper():
        return None
    return Numbered(number, number + punct, rest.strip())


def match_lettered(text):
    match = _LETTERED.fullmatch(text)
    if not match:
        return None
    if not match["space"] and (match["punct"] == "." or not match["rest"][0].isupper()):
        return None  # "v.v..." or "e.g." are not items
    return Lettered(match["letter"], match["letter"] + match["punct"], match["rest"].strip())


def match_bullet(text):
    if match := _BULLET.fullmatch(text):
        return Bullet(match["bullet"], match["rest"].strip())
    return None


def starts_item(text):
    """A paragraph that opens something new rather than continuing a sentence."""
    return bool(match_lettered(text) or match_bullet(text) or match_numbered(text) or match_part(text))
