"""What the writing, reading and applying of the task summary table share: the limits on an
uploaded table, the table's columns, the errors and the reason written on the changed tasks."""

from django.utils.translation import gettext as _

from core.spreadsheets.layout import Column

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # rows read below the header; a commune plan has well under 200 tasks
MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 40  # the letterhead and heading come first
SEPARATOR = "; "

# The sheet is an official Vietnamese document: its words are fixed, not the user's language.
# The header titles are also what read_appendix() looks for.
# The widths add up to what A4 landscape holds between the margins at 100 % (119 units; checked).
COLUMNS = (
    ("number", Column("STT", 5, horizontal="center")),
    ("code", Column("Mã", 7, horizontal="center")),
    ("task", Column("Nhiệm vụ", 32)),
    ("lead", Column("Chủ trì", 14)),
    ("cooperating", Column("Phối hợp", 17)),
    ("deadline", Column("Thời gian hoàn thành", 12, horizontal="center")),
    ("output", Column("Sản phẩm", 16)),
    ("remarks", Column("Ghi chú", 15)),
)
EDITABLE = ("lead", "cooperating", "deadline", "output", "remarks")


def change_reason():
    return _("Updated from the task summary table (Biểu tổng hợp nhiệm vụ)")


class AppendixError(Exception):
    """The file as a whole cannot be used; the message is one line for the user."""


class StaleAppendixError(AppendixError):
    """Tasks changed between the preview and the apply; `codes` says which, `seen` the version of
    each that the preview showed ({task id: version}, None for a task the preview did not change)."""

    def __init__(self, codes, seen=None):
        self.codes = codes
        self.seen = seen or {}
        super().__init__(
            _("Nothing was applied: these tasks changed after the preview: %(codes)s. Upload the file again.")
            % {"codes": ", ".join(codes)}
        )
