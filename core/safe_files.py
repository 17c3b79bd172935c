"""Opening the Office files people upload (.docx, .xlsx: zip packages of XML) with limits checked
before anything is unpacked or parsed, so that a hostile file costs a bounded amount of memory and
time and gets one clear line.

    with open_zip(data, WORD) as archive:    # the zip's directory checked, nothing unpacked yet
        scan_package(archive, WORD)          # every XML part streamed once, nothing parsed yet
    check_package(data, EXCEL)               # both at once

Every refusal is an ``UnsafeFileError`` whose message is one translated line for the person;
``DamagedFileError`` (a subclass) is a file that is broken rather than hostile, which callers may
word as their usual "could not be read".

**Before any decompression**, from the zip's own records:

1. the end record, read as ``zipfile`` reads it: the number of members and the size of the central
   directory. ``zipfile.ZipFile`` turns every directory record into a ``ZipInfo`` object (about
   500 bytes each) before one member is read, so a member-count bomb (a few MB of empty members)
   must be refused here;
2. each member's directory record: encryption (refused), compression method (stored or deflate
   only: what Word, Excel and LibreOffice write; no bzip2 or LZMA with their own dictionaries),
   declared unpacked size (per member and in total) and the ratio of declared unpacked to packed
   size (for members over ``RATIO_FLOOR``: small parts such as styles compress wildly and harmlessly).

**Before any XML parser**, each XML part is streamed once, ``CHUNK`` bytes at a time, never more
than its declared size: ``zipfile`` stops there, a member whose data runs on or stops short fails
its CRC check and is refused as damaged, and ``_stream`` counts the bytes again in case a future
``zipfile`` does not. defusedxml's limits, checked on the bytes rather than by trying a parser:

- no entity declaration (``<!ENTITY``) anywhere: billion laughs, quadratic blow-up and external
  entities all need one; no document type declaration (``<!DOCTYPE``) except in an SVG picture
  (drawing programs write one; no parser of the portal reads pictures). OPC (ECMA-376 part 2)
  forbids DTDs in package parts, so Word and Excel never write either;
- the part is UTF-8 or UTF-16 (the only encodings OPC allows; a UTF-7 or EBCDIC part could hide
  markup from a byte scan);
- no run of more than ``xml_node`` bytes without a ``<``: neither text nor an attribute value may
  contain ``<``, so this bounds every text node and every tag (with its attributes);
- at most ``xml_elements`` elements in the parts read into a tree (python-docx builds a tree of
  every part, about 220 bytes per element; openpyxl keeps shared strings and styles) and at most
  ``streamed_elements`` in the parts read as a stream (openpyxl's read-only worksheets, which cost
  time, about 3 µs per element, rather than memory).

Why these numbers. The portal's process takes about 95 MB before it reads a file; a hostile file
may cost 200 MB and 5 s in all, so the largest file the limits let through must fit in that too
(``bench/hostile_files.py`` measures it: 175 MB and 3.4 s for a .docx, 94 MB and 1.7 s for a .xlsx).

- ``members`` 1000: a Word or Excel file has 10 to 40 parts, a few hundred with many pictures;
  1000 directory records cost half a megabyte. (Evidence keeps the 5000 it always had.)
- ``unpacked`` 24 MiB for Word: python-docx keeps every part in memory, pictures as bytes, while
  the file itself is in memory too (20 MB at most), so 24 MiB of parts, 200,000 elements of tree
  (~44 MB) and the process stay under 200 MB. 64 MiB for Excel: read-only openpyxl streams the
  worksheets, and a 10 MB workbook of real data unpacks to less.
- ``member`` 16 MiB (Word), 32 MiB (Excel): no part of a real document comes near (a 30-page
  plan's document.xml is about 300 KB, the 5,000-row summary table's sheet about 7 MB).
- ``ratio`` 200 to 1: real parts compress 2 to 30 to 1 (the most, 32, python-docx's own styles
  part), a table of identical rows up to about 100; deflate's maximum is 1032 to 1. Parts under
  1 MiB are exempt (a small part compresses wildly and harmlessly).
- ``xml_node`` 1 MiB: Excel caps a cell at 32,767 characters (at most 128 KB), and a Word paragraph
  of 1 MB would be a hundred pages long; libxml2's own default is 10 MB.
- ``xml_elements`` 200,000 (Word; 250,000 for Excel's shared strings and styles): a 30-page plan has
  20,000 to 40,000, styles included. ``streamed_elements`` 600,000: twice the 5,000 rows of 30
  columns the summary table reads, about 2 s of openpyxl.

Evidence files are stored and sniffed, never parsed: their directory is checked with the limits
they always had, and their XML only for entity and document type declarations.

The parsers behind these checks are safe by themselves too, as a second line: python-docx and
openpyxl parse with lxml and ``resolve_entities=False``; openpyxl's read-only worksheets use the
standard library's expat (2.4 and later refuse billion laughs). openpyxl would switch to defusedxml
if it were installed, but defusedxml swaps the C-accelerated ElementTree for the pure-Python one
(slower) for checks this module has already made.
"""

import codecs
import fnmatch
import io
import re
import struct
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import OneLineError

MiB = 1024 * 1024
CHUNK = MiB  # bytes read at a time; must not exceed any profile's xml_node (see _XmlScan)
RATIO_FLOOR = MiB  # members smaller than this are not held to the compression ratio
DIRECTORY_RECORD = 1024  # bytes of central directory allowed per member (46 + name + extras)
ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
XML_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
PICTURES = ("*.svg",)  # parts that may carry a DOCTYPE: pictures, never parsed by the portal


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may hold; see the module docstring for each field."""

    members: int
    unpacked: int  # bytes, all members together, as declared
    member: int  # bytes, one member, as declared
    ratio: int  # declared unpacked size / packed size, for members over RATIO_FLOOR
    xml_node: int = MiB
    xml_elements: int = 250_000
    streamed_elements: int = 0
    streamed: tuple = ()  # fnmatch patterns of the parts read as a stream


# A plan document, read by python-docx (a tree of every part, every picture kept in memory).
WORD = Limits(members=1000, unpacked=24 * MiB, member=16 * MiB, ratio=200, xml_elements=200_000)
# The summary table and the score sheet, read by openpyxl in read-only mode (worksheets streamed).
EXCEL = Limits(
    members=1000,
    unpacked=64 * MiB,
    member=32 * MiB,
    ratio=200,
    streamed_elements=600_000,
    streamed=("xl/worksheets/*.xml",),
)
# Evidence: sniffed from its directory and [Content_Types].xml, stored, never parsed by the portal;
# its XML is still scanned for entity declarations, so that no colleague downloads a billion laughs,
# but not held to node or element limits (a large workbook is fine evidence).
EVIDENCE = Limits(members=5000, unpacked=250 * MiB, member=250 * MiB, ratio=200, xml_node=250 * MiB, xml_elements=2**62)


class UnsafeFileError(OneLineError):
    """A file refused before it was unpacked or parsed; the message is one translated line."""


class DamagedFileError(UnsafeFileError):
    """The file is broken (not a zip, a member that does not unpack to what its header says...)."""

    def __init__(self, message=None):
        super().__init__(message or _("The file is damaged and cannot be read."))


def _part(name):
    """A member's name as a message shows it: printable, one line, not too long."""
    name = "".join("?" if unicodedata.category(ch).startswith("C") else ch for ch in str(name))
    return f"“{name if len(name) <= 80 else name[:79] + '…'}”"


# --- The zip's directory ------------------------------------------------------------------------


def open_zip(source, limits):
    """A ``zipfile.ZipFile`` of ``source`` (bytes or a binary file) whose directory passed ``limits``.

    Nothing has been unpacked; close it (or use it in ``with``)."""
    file = io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    _check_end_record(file, limits)
    try:
        file.seek(0)
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise DamagedFileError() from None
    try:
        check_directory(archive.infolist(), limits)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_end_record(file, limits):
    # zipfile's own reader of the end record (ZIP64 included), so that both see the same directory.
    try:
        end = zipfile._EndRecData(file)
    except (OSError, ValueError, EOFError):
        end = None
    if not end:
        raise DamagedFileError()
    entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
    if entries > limits.members or size > limits.members * DIRECTORY_RECORD:
        raise UnsafeFileError(_too_many_members(limits))


def _too_many_members(limits):
    return _(
        "The file holds more than %(limit)s parts, where a Word or Excel document holds a few dozen; it was not opened."
    ) % {"limit": limits.members}


def check_directory(infos, limits):
    """Refuse members that are too many, encrypted, oddly compressed, too large or too compressed."""
    if len(infos) > limits.members:
        raise UnsafeFileError(_too_many_members(limits))
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeFileError(_("The file is encrypted; remove its password, save it again and upload it."))
        if info.compress_type not in ALLOWED_METHODS:
            raise DamagedFileError()
    total = sum(info.file_size for info in infos)
    if total > limits.unpacked:
        raise UnsafeFileError(
            _(
                "The file would unpack to %(size)s, more than the %(limit)s allowed (it may be a "
                "“zip bomb”); it was not opened."
            )
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.unpacked)}
        )
    for info in infos:
        if info.file_size > limits.member:
            raise UnsafeFileError(
                _(
                    "The part %(part)s would unpack to %(size)s, more than the %(limit)s allowed for one "
                    "part (it may be a “zip bomb”); the file was not opened."
                )
                % {
                    "part": _part(info.filename),
                    "size": filesizeformat(info.file_size),
                    "limit": filesizeformat(limits.member),
                }
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise UnsafeFileError(
                _(
                    "The part %(part)s is compressed %(ratio)s to 1, more than the %(limit)s to 1 of real "
                    "documents (it may be a “zip bomb”); the file was not opened."
                )
                % {
                    "part": _part(info.filename),
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "limit": limits.ratio,
                }
            )


# --- Reading members, bounded -------------------------------------------------------------------


@contextmanager
def _reading():
    """zipfile's and zlib's errors on a damaged member, as DamagedFileError."""
    try:
        yield
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise DamagedFileError() from None
    except Exception as error:  # zlib.error, without importing zlib for its name
        if type(error).__module__ == "zlib":
            raise DamagedFileError() from None
        raise


def _stream(archive, info):
    """The member's bytes, CHUNK at a time; never more than its declared size."""
    read = 0
    with _reading(), archive.open(info) as member:
        while chunk := member.read(CHUNK):
            read += len(chunk)
            if read > info.file_size:
                raise DamagedFileError()
            yield chunk
    if read != info.file_size:
        raise DamagedFileError()


def read_member(archive, name, limit):
    """The bytes of member ``name``, refused (DamagedFileError) if it declares more than ``limit``."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise DamagedFileError()
    return b"".join(_stream(archive, info))


# --- XML parts ----------------------------------------------------------------------------------

_DECLARED_ENCODING = re.compile(rb"""\A\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def _xml_encoding(head):
    """How an XML part's bytes are encoded: "utf-8" (or another ASCII-compatible encoding),
    "utf-16-le" or "utf-16-be"; None for a part that is no XML (a picture); DamagedFileError for
    XML in an encoding OPC does not allow (UTF-32, EBCDIC)."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x00\x00\x00<", b"<\x00\x00\x00", b"Lo\xa7\x94")):
        raise DamagedFileError()
    if head.startswith(b"\xff\xfe") or head[:2] == b"<\x00":
        return "utf-16-le"
    if head.startswith(b"\xfe\xff") or head[:2] == b"\x00<":
        return "utf-16-be"
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return "utf-8" if head.lstrip(b" \t\r\n")[:1] == b"<" else None


class _XmlScan:
    """One XML part fed piece by piece (UTF-8 bytes), refusing as soon as a limit is passed."""

    def __init__(self, name, limits, elements_left, *, doctype_allowed):
        self.name, self.limits = name, limits
        self.elements_left = elements_left
        self.doctype_allowed = doctype_allowed
        self.run = 0  # bytes since the last "<"
        self.tail = b""  # the end of the previous piece, for a marker cut in two
        self.first = True

    def feed(self, piece):
        if self.first:
            self.first = False
            declared = _DECLARED_ENCODING.match(piece.removeprefix(b"\xef\xbb\xbf"))
            if declared and declared[1].decode("ascii", "replace").lower() not in XML_ENCODINGS:
                raise DamagedFileError()
        lowered = self.tail + piece.lower()
        if b"<!entity" in lowered:
            raise UnsafeFileError(
                _(
                    "The part %(part)s declares XML entities, which Word and Excel never write (a “billion "
                    "laughs” or external entity attack); the file was not opened."
                )
                % {"part": _part(self.name)}
            )
        if b"<!doctype" in lowered and not self.doctype_allowed:
            raise UnsafeFileError(
                _(
                    "The part %(part)s has a document type declaration (DOCTYPE), which Word and Excel "
                    "never write; the file was not opened."
                )
                % {"part": _part(self.name)}
            )
        self.tail = lowered[-(len(b"<!doctype") - 1) :]
        # Runs inside one piece are shorter than CHUNK <= xml_node; only a run across pieces can be longer.
        first = piece.find(b"<")
        if first == -1:
            self.run += len(piece)
        else:
            self._check_run(self.run + first)
            self.run = len(piece) - piece.rfind(b"<") - 1
        self._check_run(self.run)
        self.elements_left -= piece.count(b"<") - piece.count(b"</")
        if self.elements_left < 0:
            raise UnsafeFileError(
                _(
                    "The file has more XML elements than a real document (the part %(part)s passed the "
                    "limit of %(limit)s); it was not opened."
                )
                % {"part": _part(self.name), "limit": self._element_limit()}
            )

    def _element_limit(self):
        streamed = any(fnmatch.fnmatchcase(self.name, pattern) for pattern in self.limits.streamed)
        return self.limits.streamed_elements if streamed else self.limits.xml_elements

    def _check_run(self, run):
        if run > self.limits.xml_node:
            raise UnsafeFileError(
                _("The part %(part)s has a text or tag longer than %(limit)s; the file was not opened.")
                % {"part": _part(self.name), "limit": filesizeformat(self.limits.xml_node)}
            )


def _scan_member(archive, info, limits, elements_left):
    """Stream one member; if it is XML, check it. Returns the elements left in its budget."""
    chunks = _stream(archive, info)
    head = next(chunks, b"")
    encoding = _xml_encoding(head[:64])
    if encoding is None:
        chunks.close()
        return elements_left
    doctype_allowed = any(fnmatch.fnmatchcase(info.filename.lower(), pattern) for pattern in PICTURES)
    scan = _XmlScan(info.filename, limits, elements_left, doctype_allowed=doctype_allowed)
    decoder = codecs.getincrementaldecoder(encoding)() if encoding != "utf-8" else None
    for chunk in _chain(head, chunks):
        if decoder is not None:
            try:
                chunk = decoder.decode(chunk).encode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                raise DamagedFileError() from None
        scan.feed(chunk)
    scan.feed(b"")  # the last run
    return scan.elements_left


def _chain(first, rest):
    yield first
    yield from rest


def scan_package(archive, limits):
    """Stream every XML part of an archive from ``open_zip`` once, refusing what ``limits`` forbid."""
    left = {"tree": limits.xml_elements, "streamed": limits.streamed_elements}
    for info in archive.infolist():
        if info.is_dir() or info.file_size == 0:
            continue
        budget = "streamed" if any(fnmatch.fnmatchcase(info.filename, p) for p in limits.streamed) else "tree"
        left[budget] = _scan_member(archive, info, limits, left[budget])


def check_package(source, limits):
    """``open_zip`` and ``scan_package`` at once, for a reader that opens the file itself afterwards."""
    with open_zip(source, limits) as archive:
        scan_package(archive, limits)


# --- Compound files (OLE2: .doc, .xls, password-protected .docx and .xlsx) -------------------------


def ole2_names(data):
    """The names in a compound file's directory (the container of .doc and .xls), or None if damaged.

    Bounded by the file: sectors are read as views of ``data``, the chains followed at most 10,000
    steps."""
    if len(data) < 512:
        return None
    sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
    if sector_shift not in (9, 12):
        return None
    sector = 1 << sector_shift
    fat_sector_count, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", data, 0x44)
    difat = list(struct.unpack_from("<109I", data, 0x4C))

    view = memoryview(data)

    def read_sector(number):
        start = (number + 1) * sector
        return view[start : start + sector] if start + sector <= len(data) else None

    # Files above ~7 MB list the rest of their FAT sectors in a chain of DIFAT sectors.
    current = first_difat
    for _step in range(min(difat_count, 1000)):
        chunk = read_sector(current)
        if chunk is None:
            return None
        *numbers, current = struct.unpack(f"<{sector // 4}I", chunk)
        difat.extend(numbers)
    difat = difat[:fat_sector_count]
    per_sector = sector // 4
    fat = []  # the FAT's sectors, read on demand: never a list of millions of numbers
    for number in difat:
        chunk = read_sector(number)
        if chunk is None:
            return None
        fat.append(chunk)
    names, current, seen = set(), first_dir, set()
    while current < 0xFFFFFFFA:  # the end-of-chain and free markers are above this
        if current in seen or current >= len(fat) * per_sector or len(seen) > 10_000:
            return None
        seen.add(current)
        chunk = read_sector(current)
        if chunk is None:
            return None
        for offset in range(0, sector, 128):
            length = struct.unpack_from("<H", chunk, offset + 0x40)[0]
            kind = chunk[offset + 0x42]
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.add(bytes(chunk[offset : offset + length - 2]).decode("utf-16-le", "replace"))
        current = struct.unpack_from("<I", fat[current // per_sector], (current % per_sector) * 4)[0]
    return names
