"""Which body item an appendix row restates: by its number, else by its words within its area.

Many plans list their items twice: in the body ("a) Tổ chức hội nghị lấy ý kiến Nhân dân về…")
and again in the appendix table ("Biểu tổng hợp nhiệm vụ"), which adds the lead, the cooperating
parties, the deadline and the product. A row that restates a body item fills that item; only a
row that restates none becomes a task of its own. Rules, in this order:

1. The clerk's choice (the preview's select per row) is final: a body item, or a new task.
2. By number: a row whose STT is a body code ("1.a", "1.2.b", "1a"), or a letter or number under
   a numbered group row ("a" under "1." or "I." is "1.a"), fills that item, provided the two texts
   share at least NUMBER_GUARD of their words (so a table numbered 1, 2, 3… in its own way
   cannot fill the wrong items by accident).
3. By text: every (row, item) pair is scored with `similarity` and pairs are taken best first,
   each row and each item at most once. A pair counts when its score reaches IN_SCOPE for an item
   of the row's own area (the area its group row names) or group (a body section whose heading reads
   like the group row), or ANYWHERE for any other item and for rows the table gives no group.

`similarity` is a token-set measure on accent-folded words, abbreviations written out ("TTHC"
is "thủ tục hành chính", ABBREVIATIONS), without small words ("và", "các", "của"…): the overlap
coefficient |A∩B| / min(|A|, |B|) of the two word sets, averaged with the same for word pairs
(so order counts), then scaled down for a text of fewer than four words (a weak clue). A row
restating an item in fewer words scores near 1; two items of the same area that share only
their topic's words score near 0.3.

A row that restates nothing and has no group row goes to the area it reads like
(`area_by_meaning`): the area whose name its words contain, as for a heading (areas.best_area),
or the area of the body item it is most like, when that item shares at least THRESHOLD of it.

Thresholds: IN_SCOPE 0.55 means more than half of the shorter text's words and pairs are in the
other, which a restatement reaches (0.8–1 on the test plans) and a neighbour in the same area does
not (below 0.3; 0.5 where two items share a four-word topic such as "giải quyết thủ tục hành
chính"); ANYWHERE (0.7) is higher because outside its area a row competes with every item of the
plan. A table without group rows usually follows the body's order, so after the first pass a row
left between two matched rows also counts as in scope for the body items between theirs; when it
is the only row left there and one body item is free between them, NUMBER_GUARD is enough, as
for a number (the row's place in the table says which item it is).

Confidence: "high" for a number match, or text at HIGH or more with no other item within MARGIN;
"medium" for the other matches (always for a match by place in the table); unmatched rows keep
their closest item as a hint for the clerk.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .areas import THRESHOLD, best_area
from .markers import roman_value
from .text import words

NUMBER_GUARD = 0.25
IN_SCOPE = 0.55
ANYWHERE = 0.7
HIGH = 0.8
MARGIN = 0.1
GROUP_HEADING = 0.6  # a group row names a body section when their headings are this alike
SHORT = 4  # words below which a text is weak evidence

BY_CLERK, BY_NUMBER, BY_TEXT, BY_ORDER = "clerk", "number", "text", "order"
NEW = ""  # the clerk's choice "a new task" in `choices`

_SMALL_WORDS = frozenset(
    ["va", "cac", "cua", "trong", "cho", "voi", "de", "theo", "ve", "tai", "o", "la", "nhung", "mot", "duoc", "co"]
    + ["tren", "tu", "den", "nay", "do", "khi", "da", "se", "thi", "hoac", "nhu", "cung", "viec"]
)
_CODE = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*([a-zđ])?")
_LETTER = re.compile(r"[a-zđ]")
_ROMAN = re.compile(r"[ivx]{1,6}")


@dataclass
class RowToMatch:
    """What the matcher knows of an appendix row."""

    key: str  # stable between the preview and the confirmed import: "<table>.<row>"
    number: str  # the STT cell as printed
    text: str
    area_code: int | None = None  # the area its group row names
    group_number: str = ""  # "1", "I"
    group_label: str = ""  # the group row's words, when they name no area


@dataclass
class Match:
    row: RowToMatch
    task: object = None  # the body TaskDraft it fills; None: it becomes a task of its own
    how: str = ""  # BY_CLERK, BY_NUMBER, BY_TEXT, BY_ORDER (text and place in the table); "" when unmatched
    score: float = 0.0  # similarity with `task`, or with `closest` when unmatched
    confidence: str = ""  # "high", "medium"; "" when unmatched or chosen by the clerk
    closest: object = None  # unmatched: the most similar body item, for the clerk
    new_task: object = None  # unmatched: the TaskDraft the row became

    @property
    def percent(self):
        return round(self.score * 100)


# Abbreviations plans use in one place and write out in the other ("TTHC" / "thủ tục hành chính").
ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "cntt": "cong nghe thong tin",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "pctn": "phong chong tham nhung",
    "antt": "an ninh trat tu",
    "cbcc": "can bo cong chuc",
    "cbccvc": "can bo cong chuc vien chuc",
    "ntm": "nong thon moi",
    "qsdd": "quyen su dung dat",
    "gcn": "giay chung nhan",
    "mttq": "mat tran to quoc",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "bptn": "bo phan tiep nhan",
}


@lru_cache(maxsize=4096)
def _features(text):
    """(words, word pairs) of a text as `similarity` compares them."""
    tokens = []
    for word in words(text):
        tokens += ABBREVIATIONS.get(word, word).split()
    tokens = [w for w in tokens if w not in _SMALL_WORDS]
    return frozenset(tokens), frozenset(zip(tokens, tokens[1:], strict=False))


def _overlap(a, b):
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def similarity(a, b):
    """How much of the shorter text the longer one restates, 0–1; see the module docstring."""
    (words_a, pairs_a), (words_b, pairs_b) = _features(a or ""), _features(b or "")
    if not words_a or not words_b:
        return 0.0
    word_score = _overlap(words_a, words_b)
    pair_score = _overlap(pairs_a, pairs_b) if pairs_a and pairs_b else word_score
    weight = min(1.0, min(len(words_a), len(words_b)) / SHORT)
    return round(weight * (word_score + pair_score) / 2, 3)


def _group_value(number):
    number = number.strip().rstrip(".):").lower()
    if number.isdigit():
        return number
    if _ROMAN.fullmatch(number):
        return str(roman_value(number))
    return ""


def number_codes(row):
    """The body codes a row's STT can stand for: "1.a" for "1.a", "1a" or "a" under group "I"."""
    number = row.number.strip().rstrip(".):").lower().replace(" ", "")
    group = _group_value(row.group_number)
    if _LETTER.fullmatch(number) or (number.isdigit() and group):
        return [f"{group}.{number}"] if group else []
    match = _CODE.fullmatch(number)
    if not match or (match[2] is None and "." not in match[1]):
        return []  # a plain "3" is the table's own count, not a code
    return [f"{match[1]}.{match[2]}" if match[2] else match[1]]


def _ancestors(section):
    while section is not None:
        yield section
        section = section.parent


class _Matcher:
    def __init__(self, rows, tasks, choices):
        self.rows, self.tasks = rows, list(tasks)
        self.choices = choices or {}
        self.by_code = {t.code.lower(): t for t in self.tasks}
        self.scores = {}  # (row key, task code) -> similarity
        self.matches = {row.key: Match(row) for row in rows}
        self.taken = set()  # codes of filled body items

    def score(self, row, task):
        key = (row.key, task.code)
        if key not in self.scores:
            self.scores[key] = similarity(row.text, task.text)
        return self.scores[key]

    @staticmethod
    def has_group(row):
        return row.area_code is not None or bool(row.group_label or row.group_number)

    def in_scope(self, row, task):
        """True: the row's own area or group; False: elsewhere; None: the row has no group."""
        if not self.has_group(row):
            return None
        if row.area_code is not None:
            return task.area is not None and task.area.code == row.area_code
        return bool(row.group_label) and any(
            similarity(row.group_label, s.heading) >= GROUP_HEADING for s in _ancestors(task.section)
        )

    def threshold(self, row, task):
        return IN_SCOPE if self.in_scope(row, task) else ANYWHERE

    def take(self, row, task, how):
        self.taken.add(task.code)
        self.matches[row.key] = Match(row, task, how, self.score(row, task))

    def run(self):
        free = []
        for row in self.rows:
            choice = self.choices.get(row.key)
            if choice is None:
                free.append(row)
            elif choice != NEW and (task := self.by_code.get(choice.lower())) and task.code not in self.taken:
                self.take(row, task, BY_CLERK)
            else:
                self.matches[row.key] = Match(row, how=BY_CLERK if choice == NEW else "")
        rest = []
        for row in free:
            task = next((self.by_code.get(code) for code in number_codes(row) if code in self.by_code), None)
            if task is not None and task.code not in self.taken and self.score(row, task) >= NUMBER_GUARD:
                self.take(row, task, BY_NUMBER)
            else:
                rest.append(row)
        self._by_text(rest)
        self._by_order([r for r in rest if self.matches[r.key].task is None and not self.has_group(r)])
        for match in self.matches.values():
            self._rate(match)
        return [self.matches[row.key] for row in self.rows]

    def _by_text(self, rows):
        pairs = []
        for row_index, row in enumerate(rows):
            for task_index, task in enumerate(self.tasks):
                if task.code not in self.taken and (score := self.score(row, task)) >= self.threshold(row, task):
                    pairs.append((-score, row_index, task_index))
        self._assign(rows, pairs)

    def _by_order(self, rows):
        """A row without a group, left between two matched rows, may fill a body item between theirs:
        at IN_SCOPE, or at NUMBER_GUARD when it is the only row left there and one item is free."""
        order = {task.code: index for index, task in enumerate(self.tasks)}
        keys = [row.key for row in self.rows]
        matched = [i for i, key in enumerate(keys) if self.matches[key].task is not None]
        pairs = []
        for row_index, row in enumerate(rows):
            position = keys.index(row.key)
            before = max((i for i in matched if i < position), default=None)
            after = min((i for i in matched if i > position), default=None)
            low = order[self.matches[keys[before]].task.code] if before is not None else -1
            high = order[self.matches[keys[after]].task.code] if after is not None else len(self.tasks)
            free = [i for i in range(low + 1, high) if self.tasks[i].code not in self.taken]
            alone = before is not None and after is not None and after - before == 2 and len(free) == 1
            for task_index in free:
                if self.score(row, self.tasks[task_index]) >= (NUMBER_GUARD if alone else IN_SCOPE):
                    pairs.append((-self.score(row, self.tasks[task_index]), row_index, task_index))
        self._assign(rows, pairs, BY_ORDER)

    def _assign(self, rows, pairs, how=BY_TEXT):
        """Best pairs first, each row and each body item once."""
        done = set()
        for _score, row_index, task_index in sorted(pairs):
            row, task = rows[row_index], self.tasks[task_index]
            if row.key not in done and task.code not in self.taken:
                done.add(row.key)
                self.take(row, task, how)

    def _rate(self, match):
        others = sorted(
            (self.score(match.row, t) for t in self.tasks if t is not match.task),
            reverse=True,
        )
        if match.task is None:
            if match.how != BY_CLERK:
                best = max(self.tasks, key=lambda t: self.score(match.row, t), default=None)
                if best is not None and self.score(match.row, best) > 0:
                    match.closest, match.score = best, self.score(match.row, best)
            return
        if match.how == BY_NUMBER:
            match.confidence = "high"
        elif match.how == BY_ORDER:
            match.confidence = "medium"
        elif match.how == BY_TEXT:
            runner_up = others[0] if others else 0.0
            match.confidence = "high" if match.score >= HIGH and match.score - runner_up >= MARGIN else "medium"


def match_rows(rows, tasks, choices=None):
    """A Match for every row of `rows` (RowToMatch), in their order, against the body `tasks`.

    `tasks` are the builder's TaskDrafts of the plan's text;
    `choices` maps a row's key to the clerk's choice: a task code, or NEW.
    """
    return _Matcher(rows, tasks, choices).run()


def area_by_meaning(text, tasks, areas):
    """The AreaCandidate an unmatched row reads like, or None; see the module docstring."""
    found = []
    if named := best_area(text, areas):
        found.append((named.score, named.area))
    for task in tasks:
        if task.area is not None and (score := similarity(text, task.text)) >= THRESHOLD:
            found.append((score, task.area))
    return max(found, key=lambda pair: pair[0])[1] if found else None
