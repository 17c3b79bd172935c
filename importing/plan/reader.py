"""From uploaded bytes to paragraphs: sniff the format, decode, clean up.

The content decides, not the file name: a Word document is a zip holding word/document.xml (opened
within the limits of ``core.safe_files``, in docx.py); an old Word document (.doc), a PDF or RTF is
refused with what to do instead; anything else must be text, whose encoding encodings.py finds:
UTF-8 or UTF-16, or one of the legacy encodings older commune documents are still saved in
(Windows-1258, TCVN3, VNI), converted to Unicode with a notice in the preview.

Text clean-up keeps the words exactly and only removes what is formatting:
Markdown emphasis (`*…*`, `**…**`, `__…__`), heading markers (`#`), separator
lines, and paragraphs broken in two by a page break (`rejoin`).
"""

import re
from itertools import islice
from pathlib import PurePath

from django.utils.translation import gettext as _

from core import safe_files

from .blocks import Paragraph, Source, Table, normalize
from .docx import read_docx
from .encodings import decode
from .errors import PlanImportError
from .markers import starts_item

__all__ = ["Paragraph", "Source", "Table", "normalize", "read_source"]

MAX_BYTES = 20 * 1024 * 1024  # a Word plan, pictures included
MAX_TEXT_BYTES = 2 * 1024 * 1024  # a text plan: the 2024 seed plan is 27 KB
MAX_BLOCKS = 10_000  # paragraphs and tables (see bounded)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 (.doc), and password-protected .docx
MARKDOWN_SUFFIXES = {".md", ".markdown"}


def read_source(data, filename=""):
    """Sniff and decode `data` (bytes); raise PlanImportError for anything unusable."""
    suffix = PurePath(filename or "").suffix.lower()
    if len(data) > MAX_BYTES:
        raise PlanImportError(too_large_message())
    if not data.strip():
        raise PlanImportError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return Source("docx", bounded(read_docx(data)))
    if data.startswith(OLE2_MAGIC):
        raise PlanImportError(_ole2_message(data))
    if suffix == ".docx":
        raise PlanImportError(_("The file is named .docx but is not a Word document."))
    if data.startswith(b"%PDF"):
        raise PlanImportError(_("PDF files cannot be read; import the Word (.docx) or text version of the plan."))
    if data.lstrip().startswith(b"{\\rtf"):
        raise PlanImportError(_("RTF files cannot be read; save the file as .docx."))
    if len(data) > MAX_TEXT_BYTES:
        raise PlanImportError(
            _("The text file is too large (more than %(size)s MB); a plan as text is far smaller.")
            % {"size": MAX_TEXT_BYTES // 2**20}
        )
    text, encoding = decode(data)
    if not text.strip():
        raise PlanImportError(_("The file is empty."))
    kind = "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    return Source(kind, bounded(text_blocks(text, markdown=kind == "markdown")), encoding)


def bounded(blocks):
    """The blocks as a tuple, refused past MAX_BLOCKS: the parser's time grows with them, and a plan
    has a few hundred (the seed plan 94), so a file with more is no plan to wait for."""
    blocks = tuple(islice(blocks, MAX_BLOCKS + 1))
    if len(blocks) > MAX_BLOCKS:
        raise PlanImportError(
            _("The document has more than %(count)s paragraphs and tables, far more than a plan; it was not read.")
            % {"count": MAX_BLOCKS}
        )
    return blocks


def too_large_message():
    return _("The file is too large (more than %(size)s MB).") % {"size": MAX_BYTES // 2**20}


def _ole2_message(data):
    """A compound file: a Word 97-2003 document, or a .docx protected by a password (Word keeps
    those in a compound file with an "EncryptedPackage" stream)."""
    if "EncryptedPackage" in (safe_files.ole2_names(data) or ()):
        return _(
            "The document is protected by a password; open it in Word, remove the password, save it as .docx "
            "and try again."
        )
    return _("Old Word documents (.doc) cannot be read; save the file as .docx.")


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
