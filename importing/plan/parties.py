"""Matching the people a plan names ("Công chức Văn phòng - Thông kê xã") to positions, and
finding the body a sentence of "TỔ CHỨC THỰC HIỆN" gives a duty to.

Plans name officials by their job title with small variations: "Công chức" or
not, a trailing "xã", "UBND" or "Ủy ban nhân dân", typos in diacritics
("Thông kê" for "Thống kê", which folding removes). `party_key` reduces a name
to the words that tell positions apart; two names match when their keys are
equal, so "Chủ tịch UBND xã" never matches "Phó Chủ tịch UBND xã".
"""

import re

from .text import fold_keep

_GENERIC_ANYWHERE = re.compile(r"\b(?:uy ban nhan dan|ubnd)\b")
_GENERIC_LEADING = re.compile(r"^(?:(?:de nghi|giao|cac|cong chuc|can bo|chuyen trach|khong chuyen trach)\s+)+")
_GENERIC_TRAILING = re.compile(r"(?:(?:^|\s+)(?:xa|phuong|thi tran|cap xa))+$")
_SPLIT = re.compile(r"\s*(?:[,;\n+]|\bva\b|&)\s*")


def party_key(text):
    """The words of a party's name that matter for matching, as a tuple."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold_keep(text or "")))
    folded = _GENERIC_ANYWHERE.sub(" ", folded)
    folded = " ".join(folded.split())
    folded = _GENERIC_LEADING.sub("", folded)
    folded = _GENERIC_TRAILING.sub("", folded)
    return tuple(folded.split())


def _pieces(text):
    """The text cut at commas, semicolons, line breaks and "và", as (start, end) spans."""
    folded = fold_keep(text or "")
    spans, start = [], 0
    for match in _SPLIT.finditer(folded):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(folded)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def find_parties(text, names):
    """The names (from `names`) that `text` mentions, in the order it mentions them.

    `text` may list several parties ("Văn hóa - Xã hội, Đài truyền thanh"); names
    that themselves contain "và" or a comma are found by trying runs of pieces,
    longest first.
    """
    keys = {}
    for name in names:
        key = party_key(name)
        if key:
            keys.setdefault(key, []).append(name)
    pieces = _pieces(text)
    found, index = [], 0
    while index < len(pieces):
        for end in range(len(pieces), index, -1):
            key = party_key(text[pieces[index][0] : pieces[end - 1][1]])
            if key in keys:
                found.extend(n for n in keys[key] if n not in found)
                index = end
                break
        else:
            index += 1
    return found


# --- The party a sentence names --------------------------------------------------------------
#
# Part III of a plan gives duties in sentences as often as in headings:
#   "Văn phòng HĐND và UBND phường là cơ quan thường trực, …"       (X là cơ quan thường trực)
#   "Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an phường …" (X chủ trì, phối hợp với Y)
#   "Căn cứ chức năng, nhiệm vụ, Công an phường có trách nhiệm …"    (after an opening clause)
#   "UBND phường giao Phòng Kinh tế theo dõi …", "Đề nghị Ủy ban MTTQ phường giám sát …"
# A party starts with the word for a body or a role (PARTY_HEADS) and ends before the first duty
# word (DUTIES) after it; after a one-word head, after the word that follows it ("Ban Chỉ đạo …" is
# a name, not a duty).

PARTY_HEADS = (
    "van phong", "phong", "ban", "trung tam", "cong an", "uy ban", "ubnd", "hdnd", "dang uy", "mat tran",
    "mttq", "doan", "hoi", "dai", "tram", "truong", "cong chuc", "can bo", "chu tich", "pho chu tich",
    "chi huy", "bo phan", "thu truong", "nguoi dung dau", "lanh dao", "to dan pho", "khu pho", "thon",
    "bi thu", "chanh van phong", "giam doc", "cac phong", "cac ban", "cac co quan", "cac don vi", "cac thon",
    "cac khu pho", "cac to dan pho", "cac doan the", "cac nganh", "cac to chuc", "cac cong chuc",
    "cac can bo", "cac bo phan", "cac hoi", "cac truong",
)  # fmt: skip
DUTIES = (
    "la co quan", "la don vi", "la bo phan", "la dau moi", "la thuong truc", "chu tri", "phoi hop",
    "co trach nhiem", "chiu trach nhiem", "tham muu", "chu dong", "theo chuc nang", "theo doi", "huong dan",
    "trien khai", "thuc hien", "tang cuong", "day manh", "xay dung", "kiem tra", "tuyen truyen", "tong hop",
    "bao cao", "giup", "dam nhiem", "phu trach", "chi dao", "to chuc thuc hien", "ra soat", "cap nhat",
    "van dong", "duy tri", "giam sat", "nam bat", "quan tam", "nghien cuu", "ra quan", "can cu",
    "cong khai", "giai quyet", "tiep nhan", "niem yet", "bao dam", "dam bao", "tiep tuc", "ho tro",
    "tham gia", "phat huy", "xu ly", "lam tot", "bo tri", "pho bien",
)  # fmt: skip
_HEAD_RE = re.compile(r"(?:" + "|".join(sorted(PARTY_HEADS, key=len, reverse=True)) + r")\b")
_DUTY_RE = re.compile(r"\s(?:" + "|".join(DUTIES) + r")\b")
_ASKS = re.compile(r"(?:^|[,;]\s*|\s)(?:giao|de nghi|yeu cau|phan cong)\s+(?:cho\s+)?")
_OPENING = re.compile(r"(?:can cu|tren co so|theo|de)\b")
_COMMA = re.compile(r",\s*")
OPENING_LENGTH = 150  # characters an opening clause ("Căn cứ chức năng, nhiệm vụ được giao, …") may take
_NEXT_WORD = re.compile(r"\s*\S+")
MAX_PARTY_WORDS = 16


def _party_at(text, folded, start):
    head = _HEAD_RE.match(folded, start)
    if not head:
        return ""
    end = head.end()
    if " " not in head[0] and (name := _NEXT_WORD.match(folded, end)):
        end = name.end()  # a one-word head and the word after it are a name: "Ban Chỉ đạo", "Phòng Kinh tế"
    duty = _DUTY_RE.search(folded, end)
    if duty is None:
        return ""
    party = text[start : duty.start()].strip(" ,;-–")
    if not party or len(party.split()) > MAX_PARTY_WORDS or re.search(r"[.;:()]", party):
        return ""
    return party[:1].upper() + party[1:]  # "Yêu cầu các thôn …" gives "Các thôn"


def party_in_sentence(text):
    """The body or role a sentence gives a duty to, as written ("Văn phòng HĐND và UBND phường"),
    or "" when it names none; see the shapes above."""
    text = (text or "").strip()
    folded = fold_keep(text).lower()
    for ask in _ASKS.finditer(folded):
        if party := _party_at(text, folded, ask.end()):
            return party
    if not _OPENING.match(folded):
        return _party_at(text, folded, 0)
    for comma in _COMMA.finditer(folded, 0, OPENING_LENGTH):
        if party := _party_at(text, folded, comma.end()):
            return party
    return ""


def starts_with_party(text):
    """Whether a text begins with the word for a body or a role ("Phòng …", "Công chức …")."""
    folded = fold_keep((text or "").strip()).lower()
    return bool(_HEAD_RE.match(folded) or _ASKS.match(folded))
