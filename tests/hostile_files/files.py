"""Hostile Office files, built small and fast (shared by these tests and bench/hostile_files.py).

A zip bomb here is honest: its member really inflates to what its header declares (1 GiB of "a"
in about 1 MB), so code that unpacked it would pay the whole price. It is built without
compressing a gigabyte: one MiB of "a" is deflated once and ended with a full flush, which makes
the compressed piece self-contained, so the piece repeated 1024 times is a valid deflate stream of
1 GiB (and its CRC is computed over the same MiB 1024 times, a quarter of a second).

Nothing here needs Django.
"""

import random
import struct
import zlib

MiB = 1024 * 1024
GiB = 1024 * MiB
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
X_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Deflated:
    """A member's content already deflated: raw deflate bytes, CRC-32, unpacked size."""

    def __init__(self, data, crc, size, declared=None):
        self.data, self.crc, self.size = data, crc, size
        self.declared = size if declared is None else declared  # what the headers say

    @classmethod
    def of(cls, *pieces):
        """``pieces``: bytes, or (bytes, times) for a piece repeated many times, cheaply."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        out, crc, size = [], 0, 0
        for piece in pieces:
            chunk, times = piece if isinstance(piece, tuple) else (piece, 1)
            block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
            out.append(block * times)
            for _time in range(times):
                crc = zlib.crc32(chunk, crc)
            size += len(chunk) * times
        out.append(compressor.flush())
        return cls(b"".join(out), crc, size)


def raw_zip(members):
    """A zip of ``members`` [(name, bytes | Deflated)], written by hand so that a header may say
    what the test wants it to (Deflated.declared)."""
    body, directory = bytearray(), bytearray()
    for name, content in members:
        if not isinstance(content, Deflated):
            content = Deflated.of(content)
        encoded = name.encode("utf-8")
        offset = len(body)
        fields = (20, 0x800, 8, 0, 0x21, content.crc, len(content.data), content.declared, len(encoded), 0)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + encoded + content.data
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return bytes(body + directory + end)


# --- Word -----------------------------------------------------------------------------------------

DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCX_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
).encode()
DOCUMENT_OPEN = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
DOCUMENT_CLOSE = b"</w:body></w:document>"


def paragraphs(*texts):
    return b"".join(b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>" for text in texts)


def docx(document, *extra):
    """A Word package around ``document`` (bytes or Deflated of word/document.xml)."""
    parts = [("[Content_Types].xml", DOCX_TYPES), ("_rels/.rels", DOCX_RELS), ("word/document.xml", document)]
    return raw_zip([*parts, *extra])


def docx_body(body):
    return docx(DOCUMENT_OPEN + body + DOCUMENT_CLOSE)


def billion_laughs(root):
    """The classic: ten entities of ten, 10^9 "lol"s (3 GB) from under a kilobyte."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(entities)}]>'.encode()


def docx_bomb(size=GiB):
    """A plan whose one text node inflates to ``size`` bytes (1 GiB: about 1 MB of file)."""
    opening = DOCUMENT_OPEN + b"<w:p><w:r><w:t>"
    return docx(Deflated.of(opening, (b"a" * MiB, size // MiB), b"</w:t></w:r></w:p>" + DOCUMENT_CLOSE))


def docx_lying_header(size=GiB, declared=64 * 1024):
    """The same 1 GiB text node, its headers declaring only ``declared`` bytes."""
    opening = DOCUMENT_OPEN + b"<w:p><w:r><w:t>"
    member = Deflated.of(opening, (b"a" * MiB, size // MiB), b"</w:t></w:r></w:p>" + DOCUMENT_CLOSE)
    member.declared = declared
    return docx(member)


def random_letters(size, seed=0):
    """Text that compresses like text (about 1.6 to 1), so that only the node limit can refuse it."""
    rng = random.Random(seed)
    return bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz ", k=size))


def docx_long_text(size=int(1.5 * MiB)):
    return docx_body(b"<w:p><w:r><w:t>" + random_letters(size) + b"</w:t></w:r></w:p>")


def docx_billion_laughs():
    laughs = billion_laughs("w:document")
    return docx(laughs + f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + paragraphs("&lol9;") + DOCUMENT_CLOSE)


def docx_external_entity():
    declaration = b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    body = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + paragraphs("&secret;") + DOCUMENT_CLOSE
    return docx(declaration + body)


def many_members(base, count=5000):
    """``base`` (a list of members) and ``count`` empty ones: a member-count bomb."""
    return raw_zip([*base, *((f"customXml/item{i}.bin", b"") for i in range(count))])


def docx_many_members(count=5000):
    return many_members(
        [("[Content_Types].xml", DOCX_TYPES), ("_rels/.rels", DOCX_RELS), ("word/document.xml", b"<w:document/>")],
        count,
    )


def docx_many_elements(count=300_000, seed=0):
    """Many small elements, each with a random attribute so that the ratio stays low."""
    rng = random.Random(seed)
    body = b"".join(b'<w:p w:rsidR="%08X"/>' % rng.getrandbits(32) for _index in range(count))
    return docx_body(body)


# --- Excel ----------------------------------------------------------------------------------------

XLSX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
XLSX_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
).encode()
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{X_NS}" xmlns:r="{R_NS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
).encode()
SHEET_OPEN = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{X_NS}"><sheetData>'.encode()
SHEET_CLOSE = b"</sheetData></worksheet>"


def xlsx(sheet, *extra):
    """An Excel package around ``sheet`` (bytes or Deflated of xl/worksheets/sheet1.xml)."""
    return raw_zip(
        [
            ("[Content_Types].xml", XLSX_TYPES),
            ("_rels/.rels", XLSX_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
            *extra,
        ]
    )


def cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def xlsx_bomb(size=GiB):
    """A sheet whose one cell inflates to ``size`` bytes."""
    opening = SHEET_OPEN + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    return xlsx(Deflated.of(opening, (b"a" * MiB, size // MiB), b"</t></is></c></row>" + SHEET_CLOSE))


def xlsx_billion_laughs():
    laughs = billion_laughs("worksheet")
    sheet = f'<worksheet xmlns="{X_NS}"><sheetData><row r="1">'.encode() + cell("A1", "&lol9;") + b"</row>"
    return xlsx(laughs + sheet + SHEET_CLOSE)


def xlsx_many_members(count=5000):
    return many_members(
        [
            ("[Content_Types].xml", XLSX_TYPES),
            ("_rels/.rels", XLSX_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", SHEET_OPEN + SHEET_CLOSE),
        ],
        count,
    )


def xlsx_long_text(size=int(1.5 * MiB)):
    return xlsx(SHEET_OPEN + b'<row r="1">' + cell("A1", random_letters(size).decode()) + b"</row>" + SHEET_CLOSE)


HOSTILE_DOCX = {
    "zip-bomb.docx": docx_bomb,
    "billion-laughs.docx": docx_billion_laughs,
    "external-entity.docx": docx_external_entity,
    "members.docx": docx_many_members,
    "lying-header.docx": docx_lying_header,
    "long-text.docx": docx_long_text,
    "elements.docx": docx_many_elements,
}
HOSTILE_XLSX = {
    "zip-bomb.xlsx": xlsx_bomb,
    "billion-laughs.xlsx": xlsx_billion_laughs,
    "members.xlsx": xlsx_many_members,
    "long-text.xlsx": xlsx_long_text,
}
