"""Reading a Word (.docx) plan into the same paragraphs and tables as a text file.

Body paragraphs and tables come in document order. A paragraph's text includes
tracked insertions and hyperlinks, and Word's automatic numbering is written out
("1.", "1.1.", "a)") so that a numbered heading reads the same whether it was typed
or generated. Bold, italics and styles are ignored.
"""

import io
import logging

from django.utils.translation import gettext as _

from core import safe_files

from .blocks import Paragraph, Table, normalize
from .errors import PlanImportError

logger = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_SKIP_ANCESTORS = {f"{{{W}}}del", f"{{{W}}}txbxContent", f"{{{W}}}moveFrom"}
_FALLBACK = "}Fallback"


def read_docx(data):
    """Paragraph and Table blocks of the document body, in order (a generator: the reader stops
    taking them past its limit).

    The package is checked first (``core.safe_files.WORD``: its zip directory before anything is
    unpacked, then every XML part as a stream before any parser sees it); a refusal, like a
    document python-docx cannot read, is one PlanImportError line and nothing else (no traceback
    in the log)."""
    import docx
    from docx.table import Table as DocxTable

    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds of error on a damaged package
        logger.debug("Unreadable .docx: %s", error, exc_info=True)
        raise PlanImportError(_("The Word document could not be read; it may be damaged.")) from None
    numbering = _Numbering(document)
    for index, block in enumerate(document.iter_inner_content(), start=1):
        if isinstance(block, DocxTable):
            rows = tuple(tuple(normalize(_cell_text(cell)).strip() for cell in row.cells) for row in block.rows)
            yield Table(rows, f"table at block {index}")
            continue
        text = normalize(paragraph_text(block._p))
        label = numbering.label(block._p)
        for line_number, line in enumerate(text.split("\n")):
            line = line.strip()
            if line_number == 0 and label:
                line = f"{label} {line}".strip()
            if line:
                yield Paragraph(line, f"paragraph {index}")


def _check_package(data):
    try:
        with safe_files.open_zip(data, safe_files.WORD) as archive:
            if "word/document.xml" not in archive.namelist():
                raise PlanImportError(_("This is not a text or Word document."))
            safe_files.scan_package(archive, safe_files.WORD)
    except safe_files.DamagedFileError:
        raise PlanImportError(_("The Word document could not be read; it may be damaged.")) from None
    except safe_files.UnsafeFileError as error:
        raise PlanImportError(error.message) from None


def paragraph_text(p):
    """The visible text of a <w:p>: runs, hyperlinks and tracked insertions."""
    out = []
    for element in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}noBreakHyphen"):
        if _hidden(element, p):
            continue
        tag = element.tag.rsplit("}", 1)[1]
        if tag == "t":
            out.append(element.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "noBreakHyphen":
            out.append("-")
        elif element.get(f"{{{W}}}type") in (None, "textWrapping") or tag == "cr":
            out.append("\n")
    return "".join(out)


def _hidden(element, p):
    for ancestor in element.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in _SKIP_ANCESTORS or ancestor.tag.endswith(_FALLBACK):
            return True
    return False


def _cell_text(cell):
    return "\n".join(paragraph_text(p) for p in cell._tc.iterchildren(f"{{{W}}}p"))


# --- Automatic numbering ------------------------------------------------------------


def _val(element, path):
    found = element.find(path, NS) if element is not None else None
    return found.get(f"{{{W}}}val") if found is not None else None


def _int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _letters(number, upper=False):
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out.upper() if upper else out


def _roman(number, upper=True):
    from .markers import to_roman

    text = to_roman(number) if number < 40 else str(number)
    return text if upper else text.lower()


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n, upper=True),
    "lowerRoman": lambda n: _roman(n, upper=False),
    "upperRoman": _roman,
}


class _Numbering:
    """Writes out the labels Word would draw for numbered paragraphs."""

    def __init__(self, document):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self.levels = {}  # abstract id -> {level: (format, text, start)}
        self.nums = {}  # num id -> (abstract id, {level: start override})
        self.counters = {}  # abstract id -> {level: current value}
        self.started = set()  # num ids whose start overrides were applied
        self.style_numbering = {}  # style id -> (num id, level)
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return
        for abstract in root.findall("w:abstractNum", NS):
            levels = {}
            for lvl in abstract.findall("w:lvl", NS):
                levels[_int(lvl.get(f"{{{W}}}ilvl"))] = (
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                    _int(_val(lvl, "w:start"), 1),
                )
            self.levels[abstract.get(f"{{{W}}}abstractNumId")] = levels
        for num in root.findall("w:num", NS):
            overrides = {
                _int(o.get(f"{{{W}}}ilvl")): _int(_val(o, "w:startOverride"), 1)
                for o in num.findall("w:lvlOverride", NS)
                if o.find("w:startOverride", NS) is not None
            }
            self.nums[num.get(f"{{{W}}}numId")] = (_val(num, "w:abstractNumId"), overrides)
        for style in document.styles.element.findall("w:style", NS):
            num_id = _val(style, "w:pPr/w:numPr/w:numId")
            if num_id:
                level = _int(_val(style, "w:pPr/w:numPr/w:ilvl"))
                self.style_numbering[style.get(f"{{{W}}}styleId")] = (num_id, level)

    def label(self, p):
        num_id = _val(p, "w:pPr/w:numPr/w:numId")
        level = _val(p, "w:pPr/w:numPr/w:ilvl")
        if num_id is None:
            style_id = _val(p, "w:pPr/w:pStyle")
            num_id, style_level = self.style_numbering.get(style_id, (None, 0))
            level = level if level is not None else style_level
        if num_id in (None, "0") or num_id not in self.nums:
            return ""
        level = _int(level)
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        fmt, text, start = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if fmt == "bullet":
            return "-" if text.strip() in ("-", "–", "—", "") else "•"
        if fmt == "none":
            return ""
        for shown in range(9):
            if f"%{shown + 1}" in text:
                fmt_shown, _text, start_shown = levels.get(shown, ("decimal", "", 1))
                value = counters.get(shown, start_shown)
                text = text.replace(f"%{shown + 1}", _FORMATS.get(fmt_shown, str)(value))
        return text.strip()
