"""Small helpers for Vietnamese text: accent folding and name sort keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse white space.

    Used for matching and sorting, never for display.
    """
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def name_sort_key(full_name):
    """Vietnamese full names sort by the given name (the last word), then the rest."""
    words = (full_name or "").split()
    if not words:
        return ""
    return fold(" ".join([words[-1], *words[:-1]]))
