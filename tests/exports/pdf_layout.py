"""What a printed page shows, read back from a PDF with pdfplumber: text that overprints other text,
text that crosses a cell border, text outside the printable area, numbers too wide for their cell.

Every check works on the boxes of words (and of the characters inside them) that the PDF draws, so
it needs no knowledge of the workbook: it sees what a reader would see on paper.
"""

import bisect
import re
from dataclasses import dataclass
from itertools import pairwise

import pdfplumber

MM = 72 / 25.4
TOLERANCE = 1.0  # points: boxes that merely touch are fine
FOOTER = re.compile(r"^(Trang|\d+/\d+)$")


@dataclass(frozen=True)
class Area:
    """The page margins in millimetres (core.spreadsheets.layout.Margins: top, bottom, left, right)."""

    top: float
    bottom: float
    left: float
    right: float


def _overlap(a, b):
    dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return dx, dy


def _overprinted_words(words):
    """Pairs of words whose boxes overlap (sweep over the words sorted by their top)."""
    found = []
    active = []
    for word in sorted(words, key=lambda w: w["top"]):
        active = [w for w in active if w["bottom"] - TOLERANCE > word["top"]]
        for other in active:
            dx, dy = _overlap(word, other)
            if dx > TOLERANCE and dy > TOLERANCE:
                found.append((other, word))
        active.append(word)
    return found


def _overprinted_chars(word):
    """Characters of one word drawn over each other: two lines at the same height, merged into one
    "word" by the extraction."""
    chars = word.get("chars", [])
    return any(b["x0"] < a["x1"] - max(TOLERANCE, 0.5 * (a["x1"] - a["x0"])) for a, b in pairwise(chars))


class _Edges:
    """The page's ruling lines (cell borders), sorted for range look-ups."""

    def __init__(self, page):
        self.horizontal = sorted(
            (e["top"], e["x0"], e["x1"]) for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 2
        )
        self.vertical = sorted(
            (e["x0"], e["top"], e["bottom"])
            for e in page.edges
            if e["orientation"] == "v" and e["bottom"] - e["top"] > 2
        )

    @staticmethod
    def _crossing(edges, low, high, start, end):
        i = bisect.bisect_right(edges, (low + TOLERANCE, float("inf"), 0))
        for at, first, last in edges[i:]:
            if at >= high - TOLERANCE:
                return None
            if min(last, end) - max(first, start) > TOLERANCE:
                return at
        return None

    def crossed_by(self, word):
        """A border running through the word, if any (text taller or wider than its cell)."""
        y = self._crossing(self.horizontal, word["top"], word["bottom"], word["x0"], word["x1"])
        if y is not None:
            return f"border at y={y:.1f}"
        x = self._crossing(self.vertical, word["x0"], word["x1"], word["top"], word["bottom"])
        return None if x is None else f"border at x={x:.1f}"


def _describe(page_number, word):
    return f"page {page_number}: “{word['text']}” at ({word['x0']:.0f}, {word['top']:.0f})"


def _page_problems(number, page, area: Area):
    words = page.extract_words(x_tolerance=1.5, y_tolerance=1.5, return_chars=True)
    problems = []
    for first, second in _overprinted_words(words):
        problems.append(f"{_describe(number, first)} overprints “{second['text']}”")
    left, right = area.left * MM - TOLERANCE, page.width - area.right * MM + TOLERANCE
    top, bottom = area.top * MM - TOLERANCE, page.height - area.bottom * MM + TOLERANCE
    edges = _Edges(page)
    for word in words:
        if _overprinted_chars(word):
            problems.append(f"{_describe(number, word)} is drawn over itself")
        footer = FOOTER.match(word["text"]) and word["top"] > bottom
        if word["x0"] < left or word["x1"] > right or word["top"] < top or (word["bottom"] > bottom and not footer):
            problems.append(f"{_describe(number, word)} runs past the printable area")
        if footer and word["bottom"] > page.height:
            problems.append(f"{_describe(number, word)} runs off the page")
        crossed = edges.crossed_by(word)
        if crossed:
            problems.append(f"{_describe(number, word)} crosses a cell {crossed}")
        if set(word["text"]) == {"#"}:
            problems.append(f"{_describe(number, word)}: a number too wide for its cell")
    return problems, len(words)


def layout_problems(path, area: Area):
    """(problems, pages, words) of the PDF at ``path``; problems are sentences naming page and word."""
    problems, total = [], 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            found, count = _page_problems(number, page, area)
            problems += found
            total += count
        return problems, len(pdf.pages), total
