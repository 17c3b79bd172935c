"""The end of a plan: closing sentence, recipients ("Nơi nhận") and the signature.

Trên đây là Kế hoạch ..., yêu cầu ... thực hiện./.    ← closing sentence (Plan.closing)
Nơi nhận:                                    TM. ỦY BAN NHÂN DÂN
- Phòng Nội vụ;                              CHỦ TỊCH
- Lưu: VT.                                   (Đã ký)
                                             Lê Ngọc Tuân
"""

import re
from dataclasses import dataclass, field

from .markers import match_bullet
from .text import fold_keep, is_upper

SIGNER_TITLES = (
    "chu tich",
    "pho chu tich",
    "truong ban",
    "pho truong ban",
    "bi thu",
    "pho bi thu",
    "truong phong",
    "chanh van phong",
    "giam doc",
    "pho giam doc",
)
_AUTHORITY = re.compile(r"(?:tm|kt|tl|tuq|q|ktl)\s*\.\s*\S")
_SIGNED = re.compile(r"\(?\s*(?:da ky|ky|ky ten|ky, ghi ro ho ten|ky ten, dong dau|da ky va dong dau)[^)]*\)?\.?")
_RECIPIENTS = re.compile(r"noi nhan\s*(?::\s*|$)")


def is_signature_line(text):
    if len(text) > 100 or not is_upper(text):
        return False
    folded = fold_keep(text).strip()
    return bool(_AUTHORITY.match(folded)) or folded.rstrip(".") in SIGNER_TITLES


def is_closing(text):
    return fold_keep(text[:10]).startswith("tren day")


def starts_tail(text):
    return is_closing(text) or bool(_RECIPIENTS.match(fold_keep(text[:12]))) or is_signature_line(text)


def _looks_like_name(text):
    words = text.split()
    return (
        2 <= len(words) <= 6
        and len(text) <= 60
        and not re.search(r"[\d:;,.()/]", text)
        and all(w[:1].isupper() for w in words)
    )


@dataclass
class Closing:
    recipients: list = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    sentences: list = field(default_factory=list)  # "Trên đây là…", kept on the plan
    unplaced: list = field(default_factory=list)  # Paragraph objects


def parse_closing(paragraphs):
    closing = Closing()
    title_lines = []
    mode = None  # "recipients", "signature", "signed"
    for paragraph in paragraphs:
        text = paragraph.text.replace("\t", " ").strip()
        folded = fold_keep(text)
        if mode is None and is_closing(text):
            closing.sentences.append(paragraph.text)
            continue
        if match := _RECIPIENTS.match(folded):
            mode = "recipients"
            rest = text[match.end() :].strip()
            if rest:
                closing.recipients.append(rest)
            continue
        if is_signature_line(text) and mode != "signed":
            if mode != "signature":
                title_lines = []
            mode = "signature"
            title_lines.append(text)
            continue
        if mode == "signature":
            if _SIGNED.fullmatch(folded):
                continue
            if _looks_like_name(text) and not closing.signer_name:
                closing.signer_name = text
                closing.signer_title = " / ".join(title_lines)
                mode = "signed"
                continue
        if mode == "recipients" and (match_bullet(text) or (len(text) <= 120 and text.endswith((";", ".")))):
            closing.recipients.append(text)
            continue
        closing.unplaced.append(paragraph)
    if title_lines and not closing.signer_title:
        closing.signer_title = " / ".join(title_lines)
    return closing
