"""Text helpers for the importer: folding that keeps character positions, word keys."""

import re
import unicodedata

_WORDS = re.compile(r"[a-z0-9]+")


def fold_char(ch):
    """One character, lower-cased and without Vietnamese diacritics (đ → d)."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


class _FoldTable(dict):
    """A str.translate table filled in as characters are met."""

    def __missing__(self, code):
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_keep(text):
    """Like plans.text.fold() but one output character per input character.

    Lets a regular expression match accent-insensitively on the folded text and
    then slice the original text at the same positions.
    """
    return text.translate(_FOLD_TABLE)


def words(text):
    """The folded words (letters and digits) of a text, in order."""
    return _WORDS.findall(fold_keep(text or ""))


def is_upper(text):
    """True when the text has letters and all of them are upper case."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def one_line(text):
    """Collapse all white space (for headings, titles and report lines)."""
    return " ".join((text or "").split())


def shorten(text, limit=100):
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
