"""From uploaded bytes to paragraphs: sniff the format, decode, clean up.

The content decides, not the file name: a Word document is a zip holding
word/document.xml; anything else must be UTF-8 text (a BOM is fine, and UTF-16
with a BOM). Legacy 8-bit encodings (Windows-1258, TCVN3) are refused rather
than guessed: they cannot be told apart reliably and a wrong guess would store
garbled text without anyone noticing.

Text clean-up keeps the words exactly and only removes what is formatting:
Markdown emphasis (`*…*`, `**…**`, `__…__`), heading markers (`#`), separator
lines, and paragraphs broken in two by a page break (`rejoin`).
"""

import re
import unicodedata
from pathlib import PurePath

from django.utils.translation import gettext as _

from .blocks import Paragraph, Source, Table, normalize
from .docx import is_docx, read_docx
from .errors import PlanImportError
from .markers import starts_item

__all__ = ["Paragraph", "Source", "Table", "normalize", "read_source"]

MAX_BYTES = 20 * 1024 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown"}


def read_source(data, filename=""):
    """Sniff and decode `data` (bytes); raise PlanImportError for anything unusable."""
    suffix = PurePath(filename or "").suffix.lower()
    if len(data) > MAX_BYTES:
        raise PlanImportError(_("The file is too large (more than %(size)s MB).") % {"size": MAX_BYTES // 2**20})
    if not data.strip():
        raise PlanImportError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        if not is_docx(data):
            raise PlanImportError(_("This is not a text or Word document."))
        return Source("docx", tuple(read_docx(data)))
    if suffix == ".docx":
        raise PlanImportError(_("The file is named .docx but is not a Word document."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanImportError(_("Old Word documents (.doc) cannot be read; save the file as .docx."))
    if data.startswith(b"%PDF"):
        raise PlanImportError(_("PDF files cannot be read; import the Word (.docx) or text version of the plan."))
    if data.lstrip().startswith(b"{\\rtf"):
        raise PlanImportError(_("RTF files cannot be read; save the file as .docx."))
    text = decode(data)
    if not text.strip():
        raise PlanImportError(_("The file is empty."))
    kind = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return Source(kind, tuple(text_blocks(text, markdown=kind == "markdown")))


def decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return normalize(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise PlanImportError(_("This is not a text or Word document.")) from None
    if b"\x00" in data:
        raise PlanImportError(_("This is not a text or Word document."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if _looks_binary(data.decode("latin-1")):
            raise PlanImportError(_("This is not a text or Word document.")) from None
        raise PlanImportError(
            _("The file is not UTF-8 text; save it as UTF-8 or as a Word document (.docx) and try again.")
        ) from None
    if _looks_binary(text):
        raise PlanImportError(_("This is not a text or Word document."))
    return normalize(text)


def _looks_binary(text):
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1b")
    return controls > max(2, len(text) // 200)


# --- Text and Markdown -----------------------------------------------------------

_SEPARATOR = re.compile(r"[-_=*~•·.\s]*")
_HEADING_MARK = re.compile(r"#{1,6}\s+(?=\S)")
_EMPHASIS = re.compile(r"(\*\*\*|\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_PIPE_ROW = re.compile(r"\s*\|.*\|\s*")
_PIPE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*")


def is_separator(line):
    line = line.strip()
    return len(line) >= 3 and _SEPARATOR.fullmatch(line) is not None


def drop_emphasis(text):
    """`**TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH**` → the words alone; lone asterisks stay."""
    for _round in range(3):
        text, count = _EMPHASIS.subn(r"\2", text)
        if not count:
            break
    return text


def _protect_escapes(text):
    return _MD_ESCAPE.sub(lambda m: chr(0xE000 + ord(m[1])), text)


def _restore_escapes(text):
    return "".join(chr(ord(ch) - 0xE000) if 0xE000 <= ord(ch) < 0xE080 else ch for ch in text)


def text_blocks(text, markdown=False):
    """Paragraphs (one per non-blank line) and Markdown pipe tables."""
    lines = text.split("\n")
    index = 0
    chunk = []  # consecutive non-blank lines: emphasis may span them, never a blank line
    chunk_start = 0

    def flush():
        if not chunk:
            return
        joined = "\n".join(chunk)
        if markdown:
            joined = _protect_escapes(joined)
        joined = drop_emphasis(joined)
        if markdown:
            joined = _restore_escapes(joined)
        for offset, line in enumerate(joined.split("\n")):
            line = line.strip()
            if markdown:
                line = line.rstrip("\\").rstrip()
            if line:
                yield Paragraph(line, f"line {chunk_start + offset + 1}")
        chunk.clear()

    while index < len(lines):
        line = lines[index]
        if markdown and _PIPE_ROW.fullmatch(line):
            yield from flush()
            start = index
            rows = []
            while index < len(lines) and _PIPE_ROW.fullmatch(lines[index]):
                if not _PIPE_RULE.fullmatch(lines[index]):
                    rows.append(_pipe_cells(lines[index]))
                index += 1
            yield Table(tuple(rows), f"line {start + 1}")
            continue
        stripped = line.strip()
        if markdown and stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
        stripped = _HEADING_MARK.sub("", stripped, count=1) if stripped.startswith("#") else stripped
        if markdown:
            stripped = re.sub(r"\s+#+$", "", stripped)
        if not stripped or is_separator(stripped):
            yield from flush()
        else:
            if not chunk:
                chunk_start = index
            chunk.append(stripped)
        index += 1
    yield from flush()


def _pipe_cells(line):
    line = _protect_escapes(line.strip())
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    cells = []
    for cell in line.split("|"):
        cell = re.sub(r"<br\s*/?>", "\n", cell, flags=re.I)
        cells.append(_restore_escapes(drop_emphasis(cell)).strip())
    return tuple(cells)


# --- Page breaks ------------------------------------------------------------------

_SENTENCE_END = ".!?;:…"


def continues(previous, following):
    """True when `following` is the rest of a sentence cut off at a page break.

    The previous paragraph stops without sentence punctuation and the next one
    starts in lower case and is not a numbered or lettered item.
    """
    tail = previous.rstrip(" \"'”’)»*")
    return bool(tail) and tail[-1] not in _SENTENCE_END and following[:1].islower() and not starts_item(following)


def rejoin(paragraphs):
    """Join paragraphs broken by a page break with one space (see `continues`)."""
    out = []
    for paragraph in paragraphs:
        if out and continues(out[-1].text, paragraph.text):
            out[-1] = Paragraph(f"{out[-1].text} {paragraph.text}", out[-1].where)
        else:
            out.append(paragraph)
    return out
