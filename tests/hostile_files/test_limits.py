"""core.safe_files, check by check: each limit refuses what passes it, before anything is unpacked or
parsed, and lets real Word and Excel files through."""

import io
import struct
import zipfile

import docx
import pytest
from openpyxl import Workbook

from core import safe_files
from core.safe_files import DamagedFileError, Limits, UnsafeFileError
from importing.plan import PlanImportError
from importing.plan.reader import read_source
from tests.tasks.conftest import compound_file

from . import files
from .files import Deflated, MiB

pytestmark = pytest.mark.usefixtures("english")  # messages are matched in English

LOOSE = Limits(members=100, unpacked=64 * MiB, member=64 * MiB, ratio=10**6)  # only what a test narrows


def check(data, limits=safe_files.WORD):
    safe_files.check_package(data, limits)


@pytest.fixture
def small_chunks(monkeypatch):
    """Pieces of 64 bytes: every marker and every run has to be followed across pieces."""
    monkeypatch.setattr(safe_files, "CHUNK", 64)


@pytest.fixture
def no_zipfile(monkeypatch):
    """A zipfile.ZipFile that must not be made: the refusal came from the end record alone."""

    def refuse(*args, **kwargs):
        raise AssertionError("ZipFile was opened")

    monkeypatch.setattr(safe_files.zipfile, "ZipFile", refuse)


# --- Real files pass -----------------------------------------------------------------------------


def test_real_word_and_excel_files_pass(tmp_path):
    from tests.importing.docx_plan import build_plan_docx

    check(build_plan_docx(tmp_path / "plan.docx").read_bytes())
    document = docx.Document()
    document.add_paragraph("Kế hoạch nâng cao Chỉ số PAPI năm 2024")
    buffer = io.BytesIO()
    document.save(buffer)
    check(buffer.getvalue())
    workbook = Workbook()
    workbook.active.append(["Mã", "Chủ trì", "Ghi chú"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    check(buffer.getvalue(), safe_files.EXCEL)


def test_a_utf_16_part_is_read_and_checked_like_utf_8():
    body = '<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="x"><w:body/></w:document>'
    check(files.docx(body.encode("utf-16")))
    with pytest.raises(UnsafeFileError, match="entities"):
        laughs = files.billion_laughs("w:document").decode() + "<w:document>&lol9;</w:document>"
        check(files.docx(laughs.encode("utf-16")))


# --- The zip's directory ----------------------------------------------------------------------------


def test_a_member_count_bomb_is_refused_from_the_end_record(no_zipfile):
    with pytest.raises(UnsafeFileError, match="more than 1000 parts"):
        check(files.docx_many_members(2000))


def _understated(data):
    """The end record says 3 members, whatever the directory holds."""
    data = bytearray(data)
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 3, 3)
    return bytes(data)


def test_an_understated_count_with_a_large_directory_is_refused_from_the_end_record(no_zipfile):
    with pytest.raises(UnsafeFileError, match="more than 1000 parts"):
        check(_understated(files.docx_many_members(20_000)))  # a 1.4 MB directory for "3 members"


def test_an_understated_count_is_caught_by_the_directory_itself():
    with pytest.raises(UnsafeFileError, match="more than 1000 parts"):
        check(_understated(files.docx_many_members(2000)))


def test_more_members_than_the_limit_in_the_directory_itself():
    with pytest.raises(UnsafeFileError, match="more than 5 parts"):
        check(files.docx_many_members(10), Limits(members=5, unpacked=MiB, member=MiB, ratio=200))


def test_the_total_and_one_members_declared_size_are_refused_before_unpacking():
    twenty = Deflated.of((b"a" * MiB, 20))  # 20 MiB in 20 KB
    with pytest.raises(UnsafeFileError, match="would unpack to 40.0 MB, more than the 24.0 MB allowed"):
        check(files.docx(twenty, ("word/media/a.bin", twenty)))
    seventeen = Deflated.of((b"a" * MiB, 17))
    with pytest.raises(UnsafeFileError, match="“word/document.xml” would unpack to 17.0 MB"):
        check(files.docx(seventeen))


def test_a_member_compressed_too_much_is_refused():
    with pytest.raises(UnsafeFileError, match=r"compressed \d+ to 1, more than the 200 to 1"):
        check(files.docx(files.DOCUMENT_OPEN + b"<w:p/>" * 400_000 + files.DOCUMENT_CLOSE))


def test_small_members_may_compress_as_much_as_they_like():
    check(files.docx(files.DOCUMENT_OPEN + b"<w:p/>" * 100_000 + files.DOCUMENT_CLOSE))  # 0.6 MB, ratio ~600


def test_an_encrypted_member_is_refused():
    data = bytearray(files.docx_body(files.paragraphs("x")))
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, directory + 8, 0x801)  # the encryption flag
    with pytest.raises(UnsafeFileError, match="encrypted"):
        check(bytes(data))


def test_compression_other_than_deflate_is_refused_as_damaged():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    with pytest.raises(DamagedFileError):
        check(buffer.getvalue())


@pytest.mark.parametrize("data", [b"PK\x03\x04" + b"\x00" * 200, b"not a zip at all"])
def test_a_damaged_zip_is_damaged(data):
    with pytest.raises(DamagedFileError):
        check(data)


# --- Members read back: never more than declared --------------------------------------------------


def test_a_member_that_inflates_past_its_header_is_damaged():
    with pytest.raises(DamagedFileError):
        check(files.docx_lying_header())


def test_a_member_shorter_than_its_header_is_damaged():
    member = Deflated.of(files.DOCUMENT_OPEN + files.DOCUMENT_CLOSE)
    member.declared += 100
    with pytest.raises(DamagedFileError):
        check(files.docx(member))


def test_read_member_refuses_more_than_its_limit():
    with safe_files.open_zip(files.docx_body(files.paragraphs("x" * 5000)), safe_files.WORD) as archive:
        assert safe_files.read_member(archive, "_rels/.rels", 10_000) == files.DOCX_RELS
        with pytest.raises(DamagedFileError):
            safe_files.read_member(archive, "word/document.xml", 1000)


# --- XML parts: entities, DOCTYPE, encodings ------------------------------------------------------


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("padding", range(0, 70, 7))
def test_an_entity_declaration_is_found_wherever_the_pieces_cut_it(padding):
    # In a picture, where a DOCTYPE is let be, so that only the entity declaration can refuse it.
    svg = b"<?xml version='1.0'?>" + b" " * padding + b'<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>'
    with pytest.raises(UnsafeFileError, match="declares XML entities"):
        check(files.docx(files.DOCUMENT_OPEN + files.DOCUMENT_CLOSE, ("word/media/a.svg", svg)), LOOSE)
    with pytest.raises(UnsafeFileError, match="document type declaration"):
        check(files.docx(b" " * padding + b"<!DOCTYPE d><d/>"), LOOSE)


def test_a_doctype_without_entities_is_refused_too():
    with pytest.raises(UnsafeFileError, match="document type declaration"):
        check(files.docx(b'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "x.dtd"><w:document/>'))


def test_an_svg_picture_may_have_a_doctype_but_no_entities():
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd"><svg/>'
    empty = files.DOCUMENT_OPEN + files.DOCUMENT_CLOSE
    check(files.docx(empty, ("word/media/logo.svg", svg)))
    with pytest.raises(UnsafeFileError, match="entities"):
        check(files.docx(empty, ("word/media/logo.svg", files.billion_laughs("svg"))))


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0" encoding="UTF-7"?>+ADw-+ACE-DOCTYPE',  # markup hidden from a byte scan
        b'<?xml version="1.0" encoding="ISO-8859-1"?><w:document/>',
        "<w:document/>".encode("utf-32"),
        "<?xml version='1.0'?><d/>".encode("cp037"),  # EBCDIC
    ],
    ids=["utf-7", "latin-1", "utf-32", "ebcdic"],
)
def test_xml_in_an_encoding_opc_does_not_allow_is_damaged(document):
    with pytest.raises(DamagedFileError):
        check(files.docx(document))


def test_a_part_that_is_no_xml_is_left_to_its_reader():
    check(files.docx(files.DOCUMENT_OPEN + files.DOCUMENT_CLOSE, ("word/media/image1.png", b"\x89PNG" + b"<" * 10)))


# --- XML parts: node size and element counts ---------------------------------------------------------


@pytest.mark.usefixtures("small_chunks")
def test_a_text_node_longer_than_the_limit_is_refused_across_pieces():
    limits = Limits(members=100, unpacked=MiB, member=MiB, ratio=10**6, xml_node=1000)
    check(files.docx_body(b"<w:t>" + b"a" * 990 + b"</w:t>"), limits)
    with pytest.raises(UnsafeFileError, match="a text or tag longer than 1000"):
        check(files.docx_body(b"<w:t>" + b"a" * 1001 + b"</w:t>"), limits)


@pytest.mark.usefixtures("small_chunks")
def test_an_attribute_longer_than_the_limit_is_refused():
    limits = Limits(members=100, unpacked=MiB, member=MiB, ratio=10**6, xml_node=1000)
    with pytest.raises(UnsafeFileError, match="a text or tag longer than"):
        check(files.docx_body(b'<w:p w:rsidR="' + b"A" * 2000 + b'"/>'), limits)


def test_too_many_elements_in_the_parts_read_into_a_tree():
    limits = Limits(members=100, unpacked=MiB, member=MiB, ratio=10**6, xml_elements=100)
    check(files.docx_body(b"<w:p/>" * 80), limits)  # and 11 in the document's frame and the package's parts
    with pytest.raises(UnsafeFileError, match="more XML elements than a real document"):
        check(files.docx_body(b"<w:p/>" * 150), limits)


def test_a_streamed_worksheet_has_its_own_budget():
    limits = Limits(
        members=100, unpacked=MiB, member=MiB, ratio=10**6, xml_elements=100, streamed_elements=1000,
        streamed=("xl/worksheets/*.xml",),
    )  # fmt: skip
    rows = b"".join(b'<row r="%d">' % n + files.cell(f"A{n}", "x") + b"</row>" for n in range(1, 101))
    check(files.xlsx(files.SHEET_OPEN + rows + files.SHEET_CLOSE), limits)  # 403 elements
    rows = b"".join(b'<row r="%d">' % n + files.cell(f"A{n}", "x") + b"</row>" for n in range(1, 301))
    with pytest.raises(UnsafeFileError, match="“xl/worksheets/sheet1.xml” passed the limit of 1000"):
        check(files.xlsx(files.SHEET_OPEN + rows + files.SHEET_CLOSE), limits)


def test_every_message_is_one_line_and_names_the_part_printably():
    name = "word/evil\nname\x07.xml" + "x" * 200
    data = files.docx(files.DOCUMENT_OPEN + files.DOCUMENT_CLOSE, (name, files.billion_laughs("d")))
    with pytest.raises(UnsafeFileError) as refused:
        check(data)
    assert "\n" not in str(refused.value) and "\x07" not in str(refused.value)
    assert "“word/evil?name?.xml" in str(refused.value) and "…”" in str(refused.value)


# --- Compound files ---------------------------------------------------------------------------------


def test_a_password_protected_docx_is_told_apart_from_a_word_97_document(english):
    with pytest.raises(PlanImportError, match="protected by a password"):
        read_source(compound_file("EncryptedInfo", "EncryptedPackage"), "ke-hoach.docx")
    with pytest.raises(PlanImportError, match=r"Old Word documents \(.doc\) cannot be read; save the file as .docx."):
        read_source(compound_file("WordDocument"), "ke-hoach.docx")


def test_ole2_names_reads_a_compound_files_directory():
    assert safe_files.ole2_names(compound_file("WordDocument", "1Table")) == {"Root Entry", "WordDocument", "1Table"}
    assert safe_files.ole2_names(b"\xd0\xcf\x11\xe0" + b"\x00" * 100) is None
