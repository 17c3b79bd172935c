"""What an import did (or, in a dry run, would do): counts, warnings, unplaced text, the tree,
and how each appendix row was matched to the body (`matches`, shown by the preview)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.models import PlanSection
from tasks.models import TaskOrigin

from .appendix_match import BY_CLERK, BY_NUMBER, BY_ORDER, BY_TEXT
from .text import one_line, shorten


@dataclass(frozen=True)
class Piece:
    """Text the importer could not place, and where it was."""

    text: str
    where: str

    def __str__(self):
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class TaskCounts:
    per_area: dict  # area code -> tasks linked to it, in area order
    outside: int  # tasks outside the PAPI areas (communication, inspection...)
    appendix: int  # of all tasks, those from appendix tables
    filled: int = 0  # body items whose lead, deadline... an appendix row filled in

    @property
    def in_areas(self):
        return sum(self.per_area.values())

    @property
    def total(self):
        return self.in_areas + self.outside


@dataclass
class ImportReport:
    plan: object  # the saved Plan; None for a dry run
    draft: object  # builder.PlanDraft
    dry_run: bool
    counts: TaskCounts
    warnings: list = field(default_factory=list)  # of str
    unplaced: list = field(default_factory=list)  # of Piece
    notices: list = field(default_factory=list)  # of str: how the file was read (a legacy encoding)

    @classmethod
    def for_draft(cls, draft, *, dry_run, warnings=(), notices=()):
        per_area = Counter(task.area.code for task in draft.tasks if task.area is not None)
        counts = TaskCounts(
            per_area=dict(sorted(per_area.items())),
            outside=sum(1 for task in draft.tasks if task.area is None),
            appendix=sum(1 for task in draft.tasks if task.origin == TaskOrigin.APPENDIX),
            filled=sum(1 for match in draft.matches if match.task is not None),
        )
        unplaced = [Piece(one_line(p.text), p.where) for p in draft.unplaced]
        return cls(None, draft, dry_run, counts, [*draft.warnings, *warnings], unplaced, list(notices))

    @property
    def matches(self):
        """appendix_match.Match for every appendix row, in table order."""
        return self.draft.matches

    @property
    def body_tasks(self):
        """The tasks from the plan's text: what an appendix row can be matched to."""
        return [task for task in self.draft.tasks if task.origin == TaskOrigin.PLAN_TEXT]

    @property
    def title(self):
        return self.draft.parsed.header.title

    def counts_line(self):
        per_area = ", ".join(f"{code}: {count}" for code, count in self.counts.per_area.items())
        line = _("%(total)s tasks: %(in_areas)s in %(areas)s areas (%(per_area)s), %(outside)s outside the areas") % {
            "total": self.counts.total,
            "in_areas": self.counts.in_areas,
            "areas": len(self.counts.per_area),
            "per_area": per_area or "-",
            "outside": self.counts.outside,
        }
        if self.counts.appendix:
            line += _("; %(count)s from the appendix") % {"count": self.counts.appendix}
        if self.counts.filled:
            line += _("; %(count)s completed from the appendix") % {"count": self.counts.filled}
        return line

    def summary(self):
        draft = self.draft
        return _(
            "Imported plan “%(title)s”: %(counts)s; %(responsibilities)s responsibilities, %(basis)s basis documents."
        ) % {
            "title": shorten(self.title, 80),
            "counts": self.counts_line(),
            "responsibilities": len(draft.responsibilities),
            "basis": len(draft.parsed.basis_documents),
        }

    def tree_lines(self):
        """The plan as it would be stored, one line per header field, section, task and party."""
        parsed, draft = self.draft.parsed, self.draft
        header = parsed.header
        lines = [_("Plan: %(title)s") % {"title": header.title or "-"}]
        fields = [
            (_("Number"), header.number),
            (_("Issued by"), header.issuing_body),
            (_("Place"), header.place),
            (_("Issue date"), header.issue_date.strftime("%d/%m/%Y") if header.issue_date else ""),
            (_("Target"), parsed.target),
            (_("Signed by"), " - ".join(p for p in (parsed.signer_title, parsed.signer_name) if p)),
            (_("Closing"), parsed.closing),
            (_("Recipients"), "; ".join(r.lstrip("-+• ").rstrip(";.") for r in parsed.recipients)),
        ]
        lines += [f"  {label}: {shorten(value, 160)}" for label, value in fields if value]
        if parsed.preamble:
            label = _("Preamble")
            lines.append(f"  {label}: {shorten(' '.join(parsed.preamble), 160)}")
        for document in parsed.basis_documents:
            date = document.issued_on.strftime("%d/%m/%Y") if document.issued_on else "-"
            described = " ".join(p for p in (document.doc_type, document.number) if p) or shorten(document.citation, 60)
            label = _("Basis document")
            lines.append(f"  {label}: {described}, {date}, {document.issuer or '-'}")
        tasks_by_section = {}
        for task in draft.tasks:
            tasks_by_section.setdefault(id(task.section), []).append(task)
        for section in draft.sections:
            depth = 0
            parent = section.parent
            while parent is not None:
                depth, parent = depth + 1, parent.parent
            indent = "  " * depth
            label = f"{section.number}." if section.number else ""
            line = f"{indent}{label} {shorten(section.heading, 90)}".rstrip()
            tags = [str(PlanSection.Purpose(section.purpose).label)]
            if section.area is not None:
                tags.append(_("area %(code)s %(name)s") % {"code": section.area.code, "name": section.area.name})
            lines.append(f"{line}  [{'; '.join(tags)}]")
            for task in tasks_by_section.get(id(section), []):
                lines.append(f"{indent}  {task.code}  {shorten(task.title, 90)}{self._task_extras(task)}")
        if draft.responsibilities:
            lines.append(_("Responsibilities:"))
            for responsibility in draft.responsibilities:
                position = (
                    "  [" + _("position: %(name)s") % {"name": responsibility.position.name} + "]"
                    if responsibility.position is not None
                    else ""
                )
                lines.append(f"  {shorten(responsibility.party, 90)}{position}: {shorten(responsibility.text, 70)}")
        lines += self.match_lines()
        lines.append(self.counts_line())
        return lines

    def match_lines(self):
        """One line per appendix row: the body item it fills and why, or the task it became."""
        if not self.matches:
            return []
        lines = [_("Appendix rows:")]
        for match in self.matches:
            lines.append(f"  {match.row.number or '-'}  {shorten(match.row.text, 60)} → {describe_match(match)}")
        return lines

    @staticmethod
    def _task_extras(task):
        extras = []
        if task.lead_text:
            who = f" → {task.lead.full_name}" if task.lead is not None else ""
            extras.append(_("lead: %(text)s") % {"text": shorten(task.lead_text, 40)} + who)
        if task.cooperating:
            extras.append(_("with: %(names)s") % {"names": ", ".join(p.full_name for p in task.cooperating)})
        if task.deadline_text:
            due = f" → {task.deadline.due_date:%d/%m/%Y}" if task.deadline and task.deadline.due_date else ""
            extras.append(_("deadline: %(text)s") % {"text": task.deadline_text} + due)
        return f"  ({'; '.join(extras)})" if extras else ""


def describe_match(match):
    """How a row was matched, in words: "1.a (number; texts 85% alike)", "new task PL.17 (closest: 5.b, 32%)"."""
    values = {"code": match.task.code if match.task else "", "percent": match.percent}
    if match.task is not None:
        text = {
            BY_NUMBER: _("%(code)s (by its number; texts %(percent)s%% alike)"),
            BY_TEXT: _("%(code)s (by its text, %(percent)s%% alike)"),
            BY_ORDER: _("%(code)s (by its text, %(percent)s%% alike, and its place in the table)"),
            BY_CLERK: _("%(code)s (chosen by hand)"),
        }[match.how] % values
        return text + (f" [{confidence_label(match.confidence)}]" if match.confidence else "")
    new = match.new_task.code if match.new_task is not None else "-"
    if match.how == BY_CLERK:
        return _("new task %(code)s (chosen by hand)") % {"code": new}
    if match.closest is not None:
        return _("new task %(code)s (closest item: %(closest)s, %(percent)s%% alike)") % {
            "code": new,
            "closest": match.closest.code,
            "percent": match.percent,
        }
    return _("new task %(code)s") % {"code": new}


def confidence_label(confidence):
    return {"high": _("high confidence"), "medium": _("check this match")}.get(confidence, "")
