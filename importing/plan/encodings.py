"""The text encodings a plan file may come in, recognised from its bytes and converted to Unicode (NFC).

    text, encoding = decode(data)   # encoding: "" for UTF-8, else a key of NAMES (shown in the preview)

- A BOM says UTF-8 or UTF-16; UTF-16 without one is told by its zero bytes (the high byte of every
  ASCII character, in one column of byte pairs only).
- Valid UTF-8 is UTF-8: 8-bit Vietnamese text is practically never valid UTF-8, since its letters
  are bytes 0x80-0xFF standing alone.
- Otherwise the three 8-bit encodings older commune documents are still saved in are tried:
  **Windows-1258** (Microsoft's Vietnamese code page: base letters precomposed, the five tone marks
  as separate combining bytes), **TCVN3** (ABC; TCVN 5712:1993 table VN3, the .VnTime fonts: one
  byte per lowercase letter, no capitals with tone marks) and **VNI** (VNI-Windows, the VNI-Times
  fonts: a letter followed by one mark byte). Each decoding is scored on the words that contain a
  non-ASCII letter (ASCII words read the same in all three): the share of them that are Vietnamese
  syllables, i.e. an onset, a rhyme from the language's closed list of rhymes and at most one tone
  mark (``is_syllable``). The right decoding reads as Vietnamese (above 90 % on real plans), a
  wrong one gives symbols (``¸ µ ¶``), foreign letters (``ï ü å``) or two tone marks in a word
  (below 30 %). The best decoding wins if at least ``MIN_SHARE`` of its words are syllables;
  otherwise the file is refused, asking for UTF-8 or .docx, as before.
- TCVN3 has no capitals with tone marks (typists switched to the .VnTimeH font, which draws the
  same lowercase bytes as capitals), so capitals are restored where the text shows them: in words
  and lines typed in capitals, and for the first letter of a line or a sentence (``_restore_capitals``).
  A capital inside a sentence ("của Ủy ban") cannot be told and stays lowercase; the preview says so.

Sources of the tables (every letter is tested both ways in tests/hostile_files/test_encodings.py):
TCVN3: TCVN 5712:1993 table VN3 as the ABC fonts implement it, checked against xvnkb's ``tcvn.h``
(Đào Hải Lâm, 2002) and the lowercase half of X11's ``lcUniConv/tcvn.h`` (TCVN-5712). VNI: the
VNI-Windows layout of VNI Software's fonts, checked against xvnkb's ``vni.h``. Windows-1258:
Python's ``cp1258`` codec (Microsoft's published code page). No maintained PyPI package converts
TCVN3 and VNI (``vniencoder`` is the VNI *typing* method; ``viparse``, a document loader, leaves
letters out of its VNI table), hence the tables here.
"""

import codecs
import re
import unicodedata
from collections import Counter
from itertools import islice

from django.utils.translation import gettext as _

from .blocks import normalize
from .errors import PlanImportError

NAMES = {"utf-16": "UTF-16", "windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI (VNI-Windows)"}
MIN_SHARE = 0.5  # of a decoding's non-ASCII words that must be Vietnamese syllables
SAMPLE = 200_000  # bytes (characters) scored: the start of a plan says enough

# --- TCVN3 (ABC): letter -> byte -----------------------------------------------------------------

TCVN3 = {
    # capitals without tone marks: the only capitals VN3 has besides ASCII
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip

# --- VNI (VNI-Windows): lowercase letter -> bytes; a capital is the same bytes in capitals -------
# Marks after a vowel: acute F9, grave F8, hook FB, tilde F5, dot EF; circumflex E2 and with a tone
# E1 E0 E5 E3 E4; breve EA and with a tone E9 E8 FA FC EB. ơ ư đ ỉ ĩ ị ỵ are single bytes.

VNI_LOWER = {
    "á": b"a\xf9", "à": b"a\xf8", "ả": b"a\xfb", "ã": b"a\xf5", "ạ": b"a\xef",
    "ă": b"a\xea", "ắ": b"a\xe9", "ằ": b"a\xe8", "ẳ": b"a\xfa", "ẵ": b"a\xfc", "ặ": b"a\xeb",
    "â": b"a\xe2", "ấ": b"a\xe1", "ầ": b"a\xe0", "ẩ": b"a\xe5", "ẫ": b"a\xe3", "ậ": b"a\xe4",
    "é": b"e\xf9", "è": b"e\xf8", "ẻ": b"e\xfb", "ẽ": b"e\xf5", "ẹ": b"e\xef",
    "ê": b"e\xe2", "ế": b"e\xe1", "ề": b"e\xe0", "ể": b"e\xe5", "ễ": b"e\xe3", "ệ": b"e\xe4",
    "í": b"\xed", "ì": b"\xec", "ỉ": b"\xe6", "ĩ": b"\xf3", "ị": b"\xf2",
    "ó": b"o\xf9", "ò": b"o\xf8", "ỏ": b"o\xfb", "õ": b"o\xf5", "ọ": b"o\xef",
    "ô": b"o\xe2", "ố": b"o\xe1", "ồ": b"o\xe0", "ổ": b"o\xe5", "ỗ": b"o\xe3", "ộ": b"o\xe4",
    "ơ": b"\xf4", "ớ": b"\xf4\xf9", "ờ": b"\xf4\xf8", "ở": b"\xf4\xfb", "ỡ": b"\xf4\xf5", "ợ": b"\xf4\xef",
    "ú": b"u\xf9", "ù": b"u\xf8", "ủ": b"u\xfb", "ũ": b"u\xf5", "ụ": b"u\xef",
    "ư": b"\xf6", "ứ": b"\xf6\xf9", "ừ": b"\xf6\xf8", "ử": b"\xf6\xfb", "ữ": b"\xf6\xf5", "ự": b"\xf6\xef",
    "ý": b"y\xf9", "ỳ": b"y\xf8", "ỷ": b"y\xfb", "ỹ": b"y\xf5", "ỵ": b"\xee",
    "đ": b"\xf1",
}  # fmt: skip


def _single_byte_table(codec):
    """256 characters: what each byte is in ``codec``, bytes it leaves undefined as Latin-1."""
    return "".join(bytes([b]).decode(codec, errors="ignore") or chr(b) for b in range(256))


_CP1252 = _single_byte_table("cp1252")  # what the legacy fonts' bytes look like as text
_CP1258 = _single_byte_table("cp1258")
_TCVN3_TABLE = "".join(
    {byte: letter for letter, byte in TCVN3.items()}.get(b, _CP1252[b]) for b in range(256)
)  # byte -> character, the bytes TCVN3 leaves alone as in Windows-1252 (quotes, dashes)
# TCVN3 has these letters in lowercase only: a capital in the text is typed with the lowercase byte.
LOWERCASE_ONLY = frozenset(letter for letter in TCVN3 if letter.islower() and letter.upper() not in TCVN3)


def vni_bytes(letter):
    """The VNI bytes of one Vietnamese letter (not ASCII), lowercase or capital."""
    if letter in VNI_LOWER:
        return VNI_LOWER[letter]
    surface = VNI_LOWER[letter.lower()].decode("cp1252").upper()
    return surface.encode("cp1252")


def _vni_sequences():
    """Surface text (bytes read as Windows-1252) -> letter, for every letter and case mix."""
    found = {}
    for lower in VNI_LOWER:
        for letter in (lower, lower.upper()):
            surface = vni_bytes(letter).decode("cp1252")
            found[surface] = letter
            if len(surface) == 2:  # a mark typed in the other case still belongs to its letter
                found[surface[0] + surface[1].swapcase()] = letter
    return found


_VNI = _vni_sequences()
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(_VNI, key=len, reverse=True))))


def _charmap(data, table):
    return codecs.charmap_decode(data, "strict", table)[0]


def from_windows_1258(data):
    return unicodedata.normalize("NFC", _charmap(data, _CP1258))


def from_tcvn3(data):
    return _restore_capitals(unicodedata.normalize("NFC", _charmap(data, _TCVN3_TABLE)))


def from_vni(data):
    return _VNI_PATTERN.sub(lambda match: _VNI[match[0]], _charmap(data, _CP1252))


DECODERS = {"windows-1258": from_windows_1258, "tcvn3": from_tcvn3, "vni": from_vni}


# --- Capitals in TCVN3 -------------------------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")
_OPENERS = re.escape("\"“'‘([«")
_SENTENCE_START = re.compile(
    rf"(^[\s\-+•*–—{_OPENERS}]*(?:(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]\s+)?[{_OPENERS}]*|(?<![.…])[.!?]\s+[{_OPENERS}]*)"
    r"([^\W\d_])",
    re.M,
)


def _in_capitals(letters):
    """Typed in capitals: no lowercase letter but those TCVN3 has no capital for, and a capital
    that is not just the first letter (“Kế” is written with a capital K, “ỦY” in capitals)."""
    others = [ch for ch in letters if ch not in LOWERCASE_ONLY]
    if not others or any(ch.islower() for ch in others):
        return False
    capitals = [index for index, ch in enumerate(letters) if ch.isupper()]
    return len(capitals) >= 2 or (len(capitals) == 1 and capitals[0] != 0)


def _restore_capitals(text):
    lines = []
    for line in text.split("\n"):
        if any(ch in LOWERCASE_ONLY for ch in line):
            if _in_capitals("".join(_LETTERS.findall(line))):
                line = line.upper()
            else:
                line = _LETTERS.sub(lambda m: m[0].upper() if _in_capitals(m[0]) else m[0], line)
        lines.append(line)
    text = "\n".join(lines)
    return _SENTENCE_START.sub(lambda m: m[1] + (m[2].upper() if m[2] in LOWERCASE_ONLY else m[2]), text)


# --- Is it Vietnamese? ---------------------------------------------------------------------------

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
# Rhymes that end in a vowel take no final consonant; the others may take one.
_CLOSED = "uyu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|iêu|yêu|uya|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|ia|ua|ưa"
_OPEN = "uyê|oa|oă|oe|oo|uâ|uê|uô|uơ|uy|ươ|iê|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?:{_CLOSED}|(?:{_OPEN})(?:ch|ng|nh|[cmnpt])?)")
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def is_syllable(word):
    """Whether a word reads as one Vietnamese syllable (any case): onset, rhyme, at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    toneless = decomposed.translate(_TONES)
    if len(decomposed) - len(toneless) > 1:
        return False
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", toneless)) is not None


def vietnamese_share(text):
    """(share, count): of the words with a non-ASCII letter, the share that are syllables."""
    words = Counter(word for word in _LETTERS.findall(text) if not word.isascii())
    total = sum(words.values())
    good = sum(count for word, count in words.items() if is_syllable(word))
    return (good / total if total else 0.0), good


# --- Decoding ------------------------------------------------------------------------------------


def decode(data):
    """(normalised text, encoding) of a text file's bytes; PlanImportError if it is no text or no
    encoding reads as Vietnamese. The encoding is "" for UTF-8, else a key of NAMES."""
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise PlanImportError(_("This is not a text or Word document."))
    return normalize(text), encoding


def _decode(data):
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            raise PlanImportError(_("This is not a text or Word document.")) from None
    if b"\x00" in data:
        raise PlanImportError(_("This is not a text or Word document."))
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    if _looks_binary(_charmap(data, _CP1252)):
        raise PlanImportError(_("This is not a text or Word document."))
    sample = data[:SAMPLE]  # scored on the start; only the winner decodes the whole file
    scored = []
    for order, (name, decoder) in enumerate(DECODERS.items()):
        share, good = vietnamese_share(decoder(sample))
        scored.append((share, good, -order, name))
    share, _good, _order, name = max(scored)
    if share < MIN_SHARE:
        raise PlanImportError(
            _(
                "The file is not UTF-8 text, and it does not read as Vietnamese in Windows-1258, TCVN3 or VNI "
                "either; save it as UTF-8 or as a Word document (.docx) and try again."
            )
        )
    return DECODERS[name](data), name


def _utf16_without_bom(data):
    """ "utf-16-le"/"utf-16-be" when every other byte of the start is mostly zero, else None."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")  # category Cc but \t \n \v \f \r ESC


def _looks_binary(text):
    """More control characters than one in 200 (at least 3): counted until that many are seen."""
    limit = max(2, len(text) // 200)
    return next(islice(_CONTROL.finditer(text), limit, None), None) is not None


def notices(encoding):
    """What the preview says about a file that was not UTF-8 (one line each)."""
    if not encoding:
        return []
    said = [
        _("The file was saved in the %(encoding)s encoding; it was converted to Unicode.")
        % {"encoding": NAMES[encoding]}
    ]
    if encoding == "tcvn3":
        said.append(
            _(
                "TCVN3 has no capital letters with tone marks: capitals were restored in words and lines typed "
                "in capitals and at the start of sentences; check the capitals of names inside sentences."
            )
        )
    return said
