"""Text plans in Windows-1258, UTF-16, TCVN3 (ABC) and VNI: every letter both ways, the seed plan in
each encoding imports the same tasks as in UTF-8, and the preview says how the file was read."""

import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from importing.plan import PlanImportError, encodings, import_plan
from tests.importing.conftest import SEED

LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
LETTERS = [ch for ch in LOWER + LOWER.upper() if not ch.isascii()]  # the 134 letters beyond ASCII
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_tcvn3(text):
    """TCVN3 as a typist wrote it: a capital with a tone mark is its lowercase byte."""
    out = bytearray()
    for ch in text:
        code = encodings.TCVN3.get(ch, encodings.TCVN3.get(ch.lower()))
        out += bytes([code]) if code is not None else ch.encode("cp1252")
    return bytes(out)


def to_vni(text):
    return b"".join(encodings.vni_bytes(ch) if ch in LETTERS else ch.encode("cp1252") for ch in text)


def to_windows_1258(text):
    """As Windows writes it: precomposed where the code page has the letter, else base + tone byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in decomposed if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += (base + tone).encode("cp1258")
    return bytes(out)


ENCODERS = {"windows-1258": to_windows_1258, "tcvn3": to_tcvn3, "vni": to_vni}


# --- Every letter both ways ----------------------------------------------------------------------


def test_there_are_134_vietnamese_letters_beyond_ascii():
    assert len(LETTERS) == len(set(LETTERS)) == 134


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_every_letter_both_ways(letter):
    data = encodings.vni_bytes(letter)
    assert encodings.from_vni(data) == letter
    assert encodings.from_vni(b"x" + data + b"x") == f"x{letter}x"
    assert to_vni(encodings.from_vni(data)) == data


def test_vni_bytes_are_those_of_the_vni_windows_layout():
    # A few by their bytes, as VNI-Windows fonts draw them (xvnkb's vni.h).
    assert encodings.vni_bytes("ẳ") == b"a\xfa"
    assert encodings.vni_bytes("Ẳ") == b"A\xda"
    assert encodings.vni_bytes("ợ") == b"\xf4\xef"
    assert encodings.vni_bytes("Ư") == b"\xd6"
    assert encodings.vni_bytes("Đ") == b"\xd1"
    assert encodings.vni_bytes("Ỵ") == b"\xce"
    assert len({encodings.vni_bytes(letter) for letter in LETTERS}) == 134


@pytest.mark.parametrize("letter", [ch for ch in LETTERS if ch.lower() in encodings.TCVN3])
def test_tcvn3_every_letter_both_ways(letter):
    data = to_tcvn3(letter)
    assert len(data) == 1
    if letter in encodings.TCVN3:  # one byte of its own: any position
        assert encodings.from_tcvn3(b"x" + data) == "x" + letter
    else:  # a capital typed with the lowercase byte: back as a capital inside capitals
        assert encodings.from_tcvn3(b"xx" + data) == "xx" + letter.lower()
        assert encodings.from_tcvn3(b"X" + data + b"Y") == f"X{letter}Y"
    assert to_tcvn3(encodings.from_tcvn3(b"x" + data)[1:]) == data


def test_tcvn3_has_every_lowercase_letter_and_only_seven_capitals():
    assert sorted(letter for letter in encodings.TCVN3 if letter.islower()) == sorted(
        ch for ch in LETTERS if ch.islower()
    )
    assert sorted(letter for letter in encodings.TCVN3 if letter.isupper()) == sorted("ĂÂÊÔƠƯĐ")
    assert len(set(encodings.TCVN3.values())) == len(encodings.TCVN3) == 74


@pytest.mark.parametrize("letter", LETTERS)
def test_windows_1258_every_letter_both_ways(letter):
    data = to_windows_1258(letter)
    assert encodings.from_windows_1258(data) == letter
    assert to_windows_1258(encodings.from_windows_1258(data)) == data


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (b"K\xd5 HO\xb9CH", "KẾ HOẠCH"),  # a line in capitals
        (b"II. N\xe9I DUNG", "II. NỘI DUNG"),
        (b"TM. \xf1Y BAN NH\xa2N D\xa2N", "TM. ỦY BAN NHÂN DÂN"),
        (b"K\xd5 ho\xb9ch n\xa9ng cao", "Kế hoạch nâng cao"),  # a capital K, the rest lowercase
        (b"\xf1y ban x\xb7. \xf5 \xa7\xdfng", "Ủy ban xã. Ừ Đòng"),  # the start of a line and of a sentence
        (b"a) \xf1y ban", "a) Ủy ban"),  # after a lettered item's marker
        (b"c\xf1a \xf1y ban", "của ủy ban"),  # inside a sentence: cannot be told
        (b"t\xe6 ch\xf8c... \xeb c\xcap x\xb7", "tổ chức... ở cấp xã"),  # an ellipsis ends no sentence
    ],
)
def test_tcvn3_capitals_come_back_where_the_text_shows_them(typed, read):
    assert encodings.from_tcvn3(typed) == read


# --- Telling the encodings apart -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ENCODERS)
def test_the_seed_in_each_encoding_is_recognised(seed_text, encoding):
    text, found = encodings.decode(ENCODERS[encoding](seed_text))
    assert found == encoding
    expected = encodings.normalize(seed_text)
    if encoding == "tcvn3":  # four capitals inside sentences (“của Ủy ban”) stay lowercase
        assert text.casefold() == expected.casefold()
        assert sum(a != b for a, b in zip(text, expected, strict=True)) == 4
    else:
        assert text == expected


@pytest.mark.parametrize("encoding", ENCODERS)
def test_each_wrong_decoding_reads_as_far_less_vietnamese(seed_text, encoding):
    data = ENCODERS[encoding](seed_text)
    shares = {name: encodings.vietnamese_share(decoder(data))[0] for name, decoder in encodings.DECODERS.items()}
    assert shares[encoding] > 0.95
    assert all(share < 0.45 for name, share in shares.items() if name != encoding), shares


@pytest.mark.parametrize(
    ("word", "syllable"),
    [("nghiêng", True), ("khuyến", True), ("người", True), ("Đường", True), ("quốc", True), ("gì", True)],
)
def test_vietnamese_syllables(word, syllable):
    assert encodings.is_syllable(word) is syllable


@pytest.mark.parametrize("word", ["caùc", "hoaïch", "Kấỡ", "ho¹ch", "café", "straße", "aựu"])
def test_what_wrong_decodings_make_is_no_syllable(word):
    assert not encodings.is_syllable(word)


@pytest.mark.parametrize(
    "data",
    [
        "Réunion à la mairie: créer des fiches, évaluer à mi-année.\n".encode("latin-1"),
        "Die Straße über dem Fluß; Grüße aus Köln.\n".encode("latin-1"),
    ],
)
def test_other_8_bit_text_is_still_refused(data, english):
    with pytest.raises(PlanImportError, match="does not read as Vietnamese"):
        encodings.decode(data)


# --- Through the importer, the command and the preview --------------------------------------------


def _tasks(report, fold=False):
    def text(value):
        return value.casefold() if fold else value

    return [(task.code, text(task.title), text(task.lead_text)) for task in report.draft.tasks]


@pytest.fixture
def utf8_report(commune):
    return import_plan(SEED, unit=commune, year=2024, dry_run=True)


UTF16 = {
    "utf-16-le": lambda text: text.encode("utf-16-le"),
    "utf-16-be": lambda text: text.encode("utf-16-be"),
}


@pytest.mark.parametrize("encoding", [*ENCODERS, *UTF16])
def test_the_seed_in_each_encoding_imports_the_same_tasks(commune, utf8_report, seed_text, encoding, english):
    data = {**ENCODERS, **UTF16}[encoding](seed_text)
    report = import_plan(io.BytesIO(data), unit=commune, year=2024, dry_run=True, filename="ke-hoach.txt")
    assert report.counts == utf8_report.counts
    assert _tasks(report, fold=encoding == "tcvn3") == _tasks(utf8_report, fold=encoding == "tcvn3")
    name = encodings.NAMES[encoding.removesuffix("-le").removesuffix("-be")]
    assert report.notices[0] == f"The file was saved in the {name} encoding; it was converted to Unicode."
    assert len(report.notices) == (2 if encoding == "tcvn3" else 1)
    assert utf8_report.notices == []


def test_the_command_says_how_it_read_the_file(commune, seed_text, tmp_path, english):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(to_vni(seed_text))
    out = io.StringIO()
    call_command("import_plan", str(path), unit="12100", year=2024, dry_run=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Note: The file was saved in the VNI (VNI-Windows) encoding; it was converted to Unicode."
    assert lines[1] == "Dry run: nothing was written."


def test_the_preview_shows_the_notice(client, clerk, seed_text):
    client.force_login(clerk)
    upload = SimpleUploadedFile("ke-hoach.txt", to_tcvn3(seed_text))

    response = client.post(reverse("importing:plan_upload"), {"file": upload, "year": 2024})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp được lưu bằng bảng mã TCVN3 (ABC); đã chuyển sang Unicode." in html
    assert "Bảng mã TCVN3 không có chữ hoa có dấu thanh" in html
    assert "Nâng cao chỉ số hiệu quả Quản trị và Hành chính công năm 2024" in html
