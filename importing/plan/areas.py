"""Matching a plan's heading to a PAPI content area by meaning, not by exact words.

Plans word the eight areas their own way ("Công khai, minh bạch trong hoạch định
chính sách" for area 2, whose official name speaks of "ra quyết định ở địa
phương"), write them in upper case, with or without "Nội dung" and quotes, or as
"Chỉ số nội dung 5: …". A heading is compared with every area's official name,
its aliases (ContentArea.aliases, editable by an administrator) and its
sub-dimension names: accent-folded words, with framing words ("nội dung",
"chỉ số", "công tác", "cụ thể"...) and small words ("của", "trong", "và"...)
removed; the score mixes the overlap of single words and of word pairs (Dice),
and a heading that contains a whole name scores high. An explicit "Chỉ số nội
dung 5" adds weight to area 5. The best area above THRESHOLD wins.
"""

import re
from dataclasses import dataclass, field

from .text import fold_keep

THRESHOLD = 0.45
SUB_DIMENSION_WEIGHT = 0.85  # a sub-dimension name is narrower evidence than the area's name
EXPLICIT_BONUS = 0.35

STOP_PHRASES = (
    "chi so noi dung",
    "chi so thanh phan",
    "noi dung thanh phan",
    "noi dung",
    "chi so",
    "linh vuc",
    "papi",
    "cong tac",
    "cu the",
    "nang cao",
    "cai thien",
    "tang cuong",
    "day manh",
    "thuc hien",
    "to chuc",
    "nham",
)
STOP_WORDS = frozenset(
    ["cua", "trong", "va", "o", "cac", "nhung", "viec", "voi", "ve", "tai"]
    + ["cho", "la", "de", "theo", "tu", "den", "tot", "moi", "mot"]
)
_EXPLICIT = re.compile(r"\b(?:chi so noi dung|chi so thanh phan|noi dung|chi so|linh vuc)\s+(?:so\s+)?(\d{1,2})\b")
_STOP_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in STOP_PHRASES) + r")\b")


def keywords(text):
    folded = _STOP_RE.sub(" ", fold_keep(text or ""))
    return [w for w in re.findall(r"[a-z]+", folded) if w not in STOP_WORDS]


def _pairs(tokens):
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}


def _dice(a, b):
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def similarity(heading_tokens, phrase_tokens):
    if not heading_tokens or not phrase_tokens:
        return 0.0
    words_a, words_b = set(heading_tokens), set(phrase_tokens)
    pairs_a, pairs_b = _pairs(heading_tokens), _pairs(phrase_tokens)
    score = 0.5 * _dice(words_a, words_b) + 0.5 * (_dice(pairs_a, pairs_b) if pairs_b else _dice(words_a, words_b))
    if len(phrase_tokens) >= 2 and pairs_b <= pairs_a:
        # the heading contains the whole name, perhaps with more words around it
        score = max(score, 0.6 + 0.4 * len(words_b) / len(words_a))
    return min(score, 1.0)


@dataclass
class AreaCandidate:
    """What an area can be called: its code, official name and other names."""

    code: int
    name: str
    phrases: list = field(default_factory=list)  # aliases
    sub_phrases: list = field(default_factory=list)  # sub-dimension names
    obj: object = None  # the ContentArea, for the service

    def __post_init__(self):
        self._names = [keywords(p) for p in [self.name, *self.phrases] if p.strip()]
        self._subs = [keywords(p) for p in self.sub_phrases if p.strip()]

    def score(self, tokens):
        best = max((similarity(tokens, name) for name in self._names), default=0.0)
        sub = max((similarity(tokens, name) for name in self._subs), default=0.0)
        return max(best, SUB_DIMENSION_WEIGHT * sub)


@dataclass(frozen=True)
class AreaMatch:
    area: AreaCandidate
    score: float


def explicit_code(heading):
    """The area number a heading states ("Chỉ số nội dung 5: …" → 5), or None."""
    match = _EXPLICIT.search(fold_keep(heading or ""))
    return int(match[1]) if match else None


def rank(heading, areas):
    """Every area with its score for this heading, best first."""
    tokens = keywords(heading)
    stated = explicit_code(heading)
    scored = []
    for area in areas:
        score = area.score(tokens)
        if stated == area.code:
            score = min(1.0, max(score + EXPLICIT_BONUS, 0.8 if not tokens else 0.0))
        scored.append(AreaMatch(area, round(score, 3)))
    scored.sort(key=lambda m: (-m.score, m.area.code))
    return scored


def best_area(heading, areas, threshold=THRESHOLD):
    """The AreaMatch for a heading if one is good enough, else None."""
    ranked = rank(heading, areas)
    if ranked and ranked[0].score >= threshold:
        return ranked[0]
    return None
