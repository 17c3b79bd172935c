"""Evidence files: checked by content, stored under generated names, kept only if the work is saved.

`sniff()` decides what a file is from its bytes (never its name or the browser's word):
PDF, JPEG, PNG, GIF, WebP, Word (.docx, .doc) and Excel (.xlsx, .xls). Anything else,
HTML, SVG, scripts, executables, other zips, macro-enabled Office files, is refused even
when renamed .pdf. `add_evidence()` saves a batch: all files or none.

Other uploads check their files with the same `sniff()`, naming what they take
(`sniff(file, kind=EXCEL_WORKBOOK)`): a refusal then says which kind of file that form expects.
"""

import contextlib
import contextvars
import hashlib
import logging
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import safe_files

from .access import task_access
from .models import Evidence

logger = logging.getLogger(__name__)

PDF = ("application/pdf", ".pdf")
JPEG = ("image/jpeg", ".jpg")
PNG = ("image/png", ".png")
GIF = ("image/gif", ".gif")
WEBP = ("image/webp", ".webp")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
DOC = ("application/msword", ".doc")
XLS = ("application/vnd.ms-excel", ".xls")

# Other spellings of the same type's extension: a download keeps the user's own one.
EXTENSION_ALIASES = {".jpg": {".jpg", ".jpeg", ".jpe", ".jfif"}}
# For the file chooser only (a hint to the browser; the server checks content).
ACCEPT = ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx"

MAX_NAME_LENGTH = 200
# The zip (OOXML) limits are core.safe_files.EVIDENCE; of the members only this one is read.
MAX_CONTENT_TYPES_XML = 1024 * 1024

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# The main part's content type says what an OOXML package is; macro-enabled ones differ.
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@dataclass(frozen=True)
class FileKind:
    """What an upload takes: the detected types it accepts, and how a refusal names them."""

    types: frozenset
    refusal: str  # lazy, with %(name)s for the file's name
    limits: safe_files.Limits = safe_files.EVIDENCE  # what a zip (OOXML) file of this kind may hold


EVIDENCE_FILES = FileKind(
    frozenset({PDF, JPEG, PNG, GIF, WEBP, DOCX, XLSX, DOC, XLS}),
    gettext_lazy("“%(name)s” is not a PDF, image (JPEG, PNG, WebP, GIF), Word or Excel file."),
)
EXCEL_WORKBOOK = FileKind(
    frozenset({XLSX}),
    gettext_lazy(
        "Upload an Excel workbook (.xlsx): “%(name)s” is not one. "
        "In Excel, choose Save As and the type “Excel Workbook (.xlsx)”."
    ),
    safe_files.EXCEL,
)


class _NotAllowed(Exception):
    """Not a file of the kinds `sniff()` knows; `sniff()` answers with the wanted kind's words."""


def _refuse(name, message):
    # The message is already formatted: no params, so a "%" in a file name stays as it is.
    return ValidationError(message, code="invalid_evidence")


def clean_name(name, limit=MAX_NAME_LENGTH):
    """The user's file name made safe to keep and show: no folders, no control characters, not too long."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > limit:
        stem, extension = os.path.splitext(name)
        extension = extension if len(extension) <= 10 else ""
        name = stem[: limit - len(extension)].rstrip() + extension
    return name or "file"


def download_name(original_name, extension):
    """The name offered on download: the user's, with the extension of what the file really is."""
    stem, current = os.path.splitext(original_name)
    if current.lower() in EXTENSION_ALIASES.get(extension, {extension}):
        return original_name
    return f"{stem or 'file'}{extension}"


def _read_head(file, size=16):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _sniff_ooxml(file, name, limits=safe_files.EVIDENCE):
    """A .docx or .xlsx: a zip with [Content_Types].xml naming a Word or Excel main part.

    Its directory is checked before anything is unpacked (``core.safe_files``, the kind's limits),
    [Content_Types].xml is read (at most MAX_CONTENT_TYPES_XML bytes) and the XML parts are scanned
    as a stream (no entities; for an Excel upload, the EXCEL limits), nothing parsed."""
    try:
        with safe_files.open_zip(file, limits) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise _NotAllowed(name)
            content_types = safe_files.read_member(archive, "[Content_Types].xml", MAX_CONTENT_TYPES_XML)
            safe_files.scan_package(archive, limits)
    except safe_files.DamagedFileError:
        raise _NotAllowed(name) from None
    except safe_files.UnsafeFileError as error:
        raise _refuse(
            name, _("“%(name)s” is a damaged or suspicious archive. %(reason)s") % {"name": name, "reason": error}
        ) from None
    finally:
        file.seek(0)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _refuse(name, _("“%(name)s” contains macros, which are not accepted.") % {"name": name})
    is_word = DOCX_MAIN in content_types and any(n.startswith("word/") for n in names)
    is_excel = XLSX_MAIN in content_types and any(n.startswith("xl/") for n in names)
    if is_word and not is_excel:
        return DOCX
    if is_excel and not is_word:
        return XLSX
    raise _NotAllowed(name)


def _sniff_ole2(file, name):
    """A legacy .doc or .xls: a compound file with a WordDocument or Workbook stream."""
    file.seek(0)
    names = safe_files.ole2_names(file.read())
    file.seek(0)
    if names is None:
        raise _NotAllowed(name)
    if names & {"Macros", "_VBA_PROJECT_CUR", "VBA"}:
        raise _refuse(name, _("“%(name)s” contains macros, which are not accepted.") % {"name": name})
    if "WordDocument" in names and not names & {"Workbook", "Book"}:
        return DOC
    if names & {"Workbook", "Book"} and "WordDocument" not in names:
        return XLS
    raise _NotAllowed(name)


def sniff(file, kind=EVIDENCE_FILES):
    """What an uploaded file is, from its bytes: (content type, extension) or ValidationError.

    Size is checked first (at most PAPI_EVIDENCE_MAX_BYTES, not empty). A file that is not of
    ``kind`` (a ``FileKind``; evidence files by default) is refused in that kind's words.
    """
    name = clean_name(getattr(file, "name", ""))
    try:
        detected = _detect(file, name, kind.limits)
    except _NotAllowed:
        detected = None
    if detected not in kind.types:
        raise _refuse(name, kind.refusal % {"name": name})
    return detected


def _detect(file, name, limits=safe_files.EVIDENCE):
    """The detected type, or _NotAllowed for a file of no known type; size refusals as they are."""
    limit = settings.PAPI_EVIDENCE_MAX_BYTES
    if file.size > limit:
        raise _refuse(
            name,
            _("“%(name)s” is too large (%(size)s); files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if file.size == 0:
        raise _refuse(name, _("“%(name)s” is empty.") % {"name": name})
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(file, name, limits)
    if head.startswith(OLE2_MAGIC):
        return _sniff_ole2(file, name)
    raise _NotAllowed(name)


def _digest(file):
    sha, size = hashlib.sha256(), 0
    for chunk in file.chunks():
        sha.update(chunk)
        size += len(chunk)
    file.seek(0)
    return sha.hexdigest(), size


# Files written inside `atomic_with_files()`, removed again if its transaction fails.
_written = contextvars.ContextVar("evidence_written", default=None)


def _delete_quietly(names):
    for stored in names:
        try:
            default_storage.delete(stored)
        except OSError:  # pragma: no cover - logged; an orphan file is harmless, a lost row is not
            logger.exception("Could not remove evidence file %s after a failed save", stored)


@contextlib.contextmanager
def atomic_with_files():
    """`transaction.atomic()` that also removes evidence files written inside it if it fails.

    Use it when `add_evidence()` is one step of a larger change (e.g. with a progress report).
    """
    written = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        _delete_quietly(written)
        raise
    finally:
        _written.reset(token)


def add_evidence(task, *, by, files, update=None):
    """Keep evidence files for a task (all of them, or none). Returns the Evidence rows.

    Every file is checked (size, type by content) before anything is written; the stored
    name is generated, the user's name is kept only in `original_name`.
    """
    access = task_access(by, task)
    if not (access.comment or access.report):
        raise PermissionDenied
    checked = [(file, *sniff(file), *_digest(file)) for file in files]
    written = []
    try:
        with transaction.atomic():
            saved = []
            for file, content_type, extension, sha256, size in checked:
                evidence = Evidence(
                    task=task,
                    update=update,
                    uploaded_by=by,
                    original_name=clean_name(file.name),
                    content_type=content_type,
                    size=size,
                    sha256=sha256,
                )
                # evidence_path() keeps only the extension of this name: the detected one.
                evidence.file.save(f"evidence{extension}", file, save=False)
                written.append(evidence.file.name)
                evidence.save()
                saved.append(evidence)
    except BaseException:
        _delete_quietly(written)
        raise
    outer = _written.get()
    if outer is not None:
        outer.extend(written)
    return saved
