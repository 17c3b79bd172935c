"""The task summary table ("Biểu tổng hợp nhiệm vụ") out to Excel and back in.

    workbook.write_appendix(output, plan)             # .xlsx in the Decree 30 layout, one row per task
    preview = reading.read_appendix(uploaded, plan)   # what the edited file would change; nothing written
    applying.apply_appendix(preview, by=clerk)        # all of it, in one transaction, or nothing

The modules (import from them; this package re-exports nothing):

- ``common``: the limits on an uploaded table (``MAX_BYTES``...), the table's columns, the errors
  (``AppendixError``, ``StaleAppendixError``) and the reason written on changed tasks.
- ``people``: the commune's officials as the table names them (``People``).
- ``workbook``: the table written (``write_appendix``), and how it shows a task's cells.
- ``reading``: an edited table read back: the file's checks, the header, the cells as text, and the
  preview of what it would change (``read_appendix``, ``AppendixPreview``); the round trip's rules.
- ``applying``: a preview applied through the task services (``apply_appendix``).
"""
