"""The plan importer: a .txt, .md or .docx plan in, a Plan with sections and tasks out.

    from importing.plan import import_plan, PlanImportError
    report = import_plan(path_or_file, unit=commune, year=2024, dry_run=True)
    print("\\n".join(report.tree_lines()))

The data flows through these modules, none of which (before service) queries the database:

- reader: bytes → paragraphs and tables (sniffing, decoding, Markdown, page breaks); docx for Word;
- parser: paragraphs → the plan's tree, with markers (numbering), header (number, date, title),
  closing (recipients, signature), citations (basis documents, target) and appendix (task tables);
- builder: tree → sections, tasks and responsibilities to store, with areas (matching a heading to a
  PAPI content area), parties (matching a name to a position), responsibilities (part III's shapes),
  scores (score sentences, never tasks) and appendix_match (each appendix row filling the body item
  it restates, or becoming a task of its own);
- service: import_plan(), which stores the result in one transaction; report: what happened.
"""

from .errors import PlanImportError
from .report import ImportReport, Piece, TaskCounts
from .service import import_plan

__all__ = ["ImportReport", "Piece", "PlanImportError", "TaskCounts", "import_plan"]
