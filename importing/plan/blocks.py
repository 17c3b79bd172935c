"""What a plan document is read into: paragraphs and tables in document order, normalised text.

Shared by the text reader (reader.py) and the Word reader (docx.py), so neither imports the other's
internals.
"""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    text: str
    where: str  # "line 12", "paragraph 5", "table 1, row 2"


@dataclass(frozen=True)
class Table:
    rows: tuple  # tuple of tuples of cell texts
    where: str


@dataclass(frozen=True)
class Source:
    kind: str  # "text", "markdown" or "docx"
    blocks: tuple  # Paragraph and Table, in document order
    encoding: str = ""  # a text file's encoding when it was not UTF-8 (a key of encodings.NAMES)


_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u00ad\u2060"))
_LINE_BREAKS = {ord("\r"): "\n", ord("\v"): "\n", ord("\u2028"): "\n", ord("\f"): "\n\n", ord("\u2029"): "\n\n"}


def normalize(text):
    """NFC, one kind of line break, no invisible characters, ordinary spaces."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).translate(_INVISIBLE)
    return unicodedata.normalize("NFC", text.replace("\u00a0", " "))
