"""From the parsed tree to what will be stored: sections, tasks, responsibilities.

No queries here: the service passes the reference data in (content areas,
positions, the unit's people), so a dry run and a real import build exactly
the same draft.

Task codes
----------
A task's code is the numbers of the sections it sits in, joined by dots, then
its letter: "1.1.a" for item a) of section 1.1, "3.c" for item c) of section 3.
The part numeral is left out, because a plan has one part of tasks (II. NỘI
DUNG) and its numbering then lines up with the PAPI area codes (1.1–1.8 for
areas 1–8 in the seed). If a second part also holds tasks, its codes keep their
numeral ("III.1.a") so that codes stay unique. Bullets that are a section's only
items are numbered in order ("1.1", "1.2" under section 1); a numbered section
with no items of its own under an area section is itself one task ("1.1.2").
Appendix rows that restate a body item fill it and get no code of their own
(`appendix_match`); the others are "PL.<STT>". Should two items still share a code
(a plan that letters a) twice), the later one gets "-2" and a warning says so.

Score sentences ("Năm 2023, chỉ số nội dung này đạt 4,89 điểm…", `scores`) are
never tasks: not as items, bullets, an area's prose or appendix rows.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.models import PlanSection
from tasks.deadlines import parse_deadline
from tasks.models import Task, TaskOrigin

from .appendix_match import RowToMatch, area_by_meaning, match_rows
from .appendix_table import group_label
from .areas import THRESHOLD, best_area, rank
from .parser import RESPONSIBILITIES, TASKS, Node, Para
from .parties import find_parties
from .responsibilities import ResponsibilityDraft, of_blocks, of_section
from .scores import is_score_sentence
from .text import fold_keep, one_line, shorten


@dataclass
class SectionDraft:
    order: int
    kind: str
    purpose: str
    number: str
    heading: str
    text: str
    parent: "SectionDraft | None" = None
    area: object = None  # AreaCandidate
    score: float | None = None
    node: Node | None = None


@dataclass
class TaskDraft:
    code: str
    order: int
    title: str
    text: str
    origin: str
    section: SectionDraft
    area: object = None  # AreaCandidate
    lead_text: str = ""
    cooperating_text: str = ""
    deadline: object = None  # tasks.deadlines.Deadline
    deadline_text: str = ""
    expected_output: str = ""
    remarks: str = ""
    lead: object = None  # User
    cooperating: list = field(default_factory=list)
    lead_department: object = None  # plans.Department named as the lead (then `lead` is None)
    cooperating_departments: list = field(default_factory=list)
    where: str = ""
    appendix_row: str = ""  # the key of the appendix row that filled it (appendix_match.RowToMatch.key)


@dataclass
class PlanDraft:
    parsed: object
    sections: list
    tasks: list
    responsibilities: list
    warnings: list
    unplaced: list  # Paragraph-like objects: .text, .where
    areas: list  # every AreaCandidate, for the report
    matches: list = field(default_factory=list)  # appendix_match.Match per appendix row, in table order


def build(parsed, *, year, areas, positions=(), people=(), choices=None, departments=()):
    """The PlanDraft of `parsed`; `choices` are the clerk's matches of appendix rows (`appendix_match`);
    `departments` the unit's, which lead or cooperate where the appendix names them."""
    return _Builder(parsed, year, list(areas), list(positions), list(people), choices, list(departments)).build()


class _Builder:
    def __init__(self, parsed, year, areas, positions, people, choices=None, departments=()):
        self.parsed, self.year, self.areas, self.choices = parsed, year, areas, choices or {}
        self.departments = list(departments)
        self.matches = []  # appendix_match.Match per appendix row
        self.positions, self.people = positions, people
        self.sections, self.tasks, self.responsibilities = [], [], []
        self.warnings, self.unplaced = [], list(parsed.unplaced)
        self.codes = set()
        self.area_of = {}  # id(node) -> AreaMatch
        self.matched_codes = set()  # areas found in the text or in appendix group rows

    def build(self):
        self._match_areas()
        tops_with_tasks = [top for top in self.parsed.nodes if top.purpose == TASKS and self._has_tasks(top)]
        for top in self.parsed.nodes:
            prefix = ""
            if top.kind == "part" and tops_with_tasks and top is not tops_with_tasks[0]:
                prefix = f"{top.number}."
            self._add_node(top, None, prefix, area=None, inside_area=False)
        for top in self.parsed.nodes:
            if top.purpose == RESPONSIBILITIES:
                self._add_responsibilities(top)
        self._add_appendices()
        self._check_areas()
        self._check_year()
        return PlanDraft(
            self.parsed,
            self.sections,
            self.tasks,
            self.responsibilities,
            self.warnings,
            self.unplaced,
            self.areas,
            self.matches,
        )

    # -- areas ----------------------------------------------------------------------

    def _match_areas(self):
        found = []

        def visit(node, inside):
            if node.kind == "section" and not inside and (match := best_area(node.heading, self.areas)):
                found.append((node, match))
                inside = True
            for child in node.children:
                visit(child, inside)

        for top in self.parsed.nodes:
            if top.purpose == TASKS:
                visit(top, False)
        by_area = {}
        for node, match in found:
            by_area.setdefault(match.area.code, []).append((node, match))
        for code, claims in sorted(by_area.items()):
            keep = max(claims, key=lambda claim: claim[1].score)  # first of the best
            self.area_of[id(keep[0])] = keep[1]
            for node, _match in claims:
                if node is not keep[0]:
                    self.warnings.append(
                        _(
                            "Sections %(other)s and %(kept)s both read like PAPI area %(code)s; "
                            "only %(kept)s is linked to it."
                        )
                        % {"other": node.number, "kept": keep[0].number, "code": code}
                    )
        self.matched_codes.update(m.area.code for m in self.area_of.values())

    def _check_areas(self):
        if not self.matched_codes:
            self.warnings.append(_("No section was recognised as one of the PAPI content areas."))
            return
        for area in self.areas:
            if area.code not in self.matched_codes and _valid_in(area, self.year):
                self.warnings.append(
                    _("No section for PAPI area %(code)s (%(name)s).") % {"code": area.code, "name": area.name}
                )

    def _warn_unmatched(self, node):
        folded = fold_keep(node.heading)
        if not folded.startswith(("noi dung", "chi so", "linh vuc")):
            return
        closest = rank(node.heading, self.areas)[:1]
        if closest and closest[0].score < THRESHOLD:
            self.warnings.append(
                _(
                    "Section %(label)s “%(heading)s” was not matched to a PAPI area "
                    "(closest: %(code)s, score %(score)s)."
                )
                % {
                    "label": node.number,
                    "heading": shorten(node.heading, 80),
                    "code": closest[0].area.code,
                    "score": f"{closest[0].score:.2f}",
                }
            )

    # -- sections and their tasks ----------------------------------------------------

    def _has_tasks(self, node):
        return any(self._task_items(n) for n in node.walk())

    def _task_items(self, node):
        """A section's items that are tasks: its lettered items, else its bullets; never a score sentence."""
        if node.purpose != TASKS:
            return []
        items = node.items("letter") or (node.items("bullet") if not node.children else [])
        return [item for item in items if not is_score_sentence(item.text)]

    def _add_node(self, node, parent, prefix, area, inside_area):
        match = self.area_of.get(id(node))
        if match:
            area, inside_area = match.area, True
        elif node.purpose == TASKS and node.kind == "section" and not inside_area and node.items("letter"):
            self._warn_unmatched(node)
        task_items = self._task_items(node)
        # Under an area, a numbered section without items is itself a task ("6.1. Y tế công lập" and its
        # text); so is an area section written as prose, without items or sub-sections.
        scores = [b for b in node.blocks if is_score_sentence(b.text)]  # results, never tasks
        prose = [b for b in node.blocks if isinstance(b, Para) and not any(b is s for s in scores)]
        node_is_task = (
            node.purpose == TASKS
            and inside_area
            and not task_items
            and not node.children
            and (bool(prose) if match else len(scores) < len(node.blocks) or not node.blocks)
        )
        kind = (
            PlanSection.Kind.PART
            if node.kind == "part"
            else PlanSection.Kind.SECTION
            if node.level == 1
            else PlanSection.Kind.SUBSECTION
        )
        section = SectionDraft(
            order=len(self.sections) + 1,
            kind=kind,
            purpose=node.purpose,
            number=node.number,
            heading=node.heading,
            text=node.render(skip=task_items),
            parent=parent,
            area=match.area if match else None,
            score=match.score if match else None,
            node=node,
        )
        self.sections.append(section)
        code_base = prefix + node.number if node.kind == "section" else prefix.rstrip(".")
        if node_is_task and match:
            self._add_task(code_base, node.render(skip=scores), section, area, where=node.where)
        elif node_is_task:
            text = "\n\n".join(p for p in (node.heading, node.render(skip=scores)) if p)
            self._add_task(code_base, text, section, area, where=node.where, title_from=node.heading)
        for index, item in enumerate(task_items, start=1):
            suffix = item.marker if item.kind == "letter" else str(index)
            code = f"{code_base}.{suffix}" if code_base else suffix
            self._add_task(code, item.text, section, area, where=item.where, title_from=item.paragraphs[0])
        for child in node.children:
            self._add_node(child, section, prefix, area, inside_area)

    def _unique_code(self, code, where):
        code = code[:30]
        if code not in self.codes:
            self.codes.add(code)
            return code
        number = 2
        while f"{code[:27]}-{number}" in self.codes:
            number += 1
        unique = f"{code[:27]}-{number}"
        self.codes.add(unique)
        self.warnings.append(
            _("Two items are numbered %(code)s; the one at %(where)s is stored as %(unique)s.")
            % {"code": code, "where": where, "unique": unique}
        )
        return unique

    def _add_task(self, code, text, section, area, *, where, title_from=None, origin=TaskOrigin.PLAN_TEXT, **fields):
        # The title comes from the first paragraph: an item such as "b) Cải thiện chất lượng giáo dục"
        # is a heading followed by its body, and the title must not run on into the body.
        draft = TaskDraft(
            code=self._unique_code(code, where),
            order=len(self.tasks) + 1,
            title=Task.title_from_text(title_from or text.split("\n", 1)[0]),
            text=text,
            origin=origin,
            section=section,
            area=area,
            where=where,
            **fields,
        )
        self.tasks.append(draft)
        return draft

    # -- responsibilities ------------------------------------------------------------

    def _position_for(self, party):
        names = find_parties(party, [p.name for p in self.positions])
        return next((p for p in self.positions if names and p.name == names[0]), None)

    def _add_responsibilities(self, top):
        """One per body part III names, in the shapes of `responsibilities`."""
        if top.children:
            found = [pair for node in top.children for pair in of_section(node)]
        else:
            found = of_blocks(top.blocks)
        for party, text in found:
            self.responsibilities.append(
                ResponsibilityDraft(len(self.responsibilities) + 1, party, text, self._position_for(party))
            )
        if not found:
            self.warnings.append(
                _("Part %(label)s names no responsible parties; its text is kept on the section.")
                % {"label": top.label}
            )

    # -- appendix tables -------------------------------------------------------------

    def _add_appendices(self):
        """Each appendix row fills the body item it restates (`appendix_match`); the others become tasks."""
        body = list(self.tasks)
        rows = []
        for number, table in enumerate(self.parsed.appendices, start=1):
            rows += self._appendix_rows(table, "PL" if number == 1 else f"PL{number}", number)
        self.matches = match_rows([row.match_row for row in rows], body, self.choices)
        for row, match in zip(rows, self.matches, strict=True):
            if match.task is not None:
                for name, value in row.fields.items():
                    if value:
                        setattr(match.task, name, value)  # the table's columns win; the body's text stays
                match.task.appendix_row = row.match_row.key
            else:
                match.new_task = self._add_row_task(row, body)

    def _appendix_section(self, table, number):
        heading_lines = [c for c in table.caption if not c.startswith("(")]
        notes = [c for c in table.caption if c.startswith("(")]
        section = SectionDraft(
            order=len(self.sections) + 1,
            kind=PlanSection.Kind.APPENDIX,
            purpose=TASKS,
            number=number,
            heading=one_line(" ".join(heading_lines)) or _("Appendix"),
            text="\n".join(notes),
        )
        self.sections.append(section)
        return section

    def _appendix_rows(self, table, number, table_number):
        section = self._appendix_section(table, number)
        area, group, group_number, group_words, groups, rows = None, "", "", "", [], []
        for index, row in enumerate(table.rows, start=1):
            if row.kind in ("group", "maybe_group"):
                label = group_label(row.text or "")
                match = best_area(label, self.areas) if label else None
                if row.kind == "group" or match:
                    area = match.area if match else None
                    if area is not None:
                        self.matched_codes.add(area.code)
                    group = row.number.rstrip(".") or group
                    group_number, group_words = row.number.rstrip("."), "" if match else label
                    groups.append(one_line(f"{row.number.rstrip('.')}. {row.text}" if row.number else row.text))
                    continue
            text = row.cells.get("task", "").strip()
            if not text:
                self.unplaced.append(_Piece(" | ".join(v for v in row.cells.values() if v), row.where))
                continue
            if is_score_sentence(text):
                groups.append(one_line(text))  # a result, kept on the appendix section
                continue
            stt = row.number.rstrip(".") or str(len(rows) + 1)
            key = f"{table_number}.{index}"
            rows.append(
                _Row(
                    RowToMatch(key, row.number, text, area.code if area else None, group_number, group_words),
                    section,
                    number,
                    stt,
                    group,
                    area,
                    row.where,
                    self._row_fields(row, stt),
                )
            )
        if groups:
            section.text = "\n".join([*([section.text] if section.text else []), *groups])
        return rows

    def _row_fields(self, row, stt):
        """What a row adds to a task: the lead, cooperating parties, deadline, product and remarks."""
        lead_text = one_line(row.cells.get("lead", ""))
        cooperating_text = row.cells.get("cooperating", "").strip()
        deadline_text = one_line(row.cells.get("deadline", ""))
        deadline = parse_deadline(deadline_text, self.year) if deadline_text else None
        if deadline_text and deadline is None:
            self.warnings.append(
                _("Could not read the deadline “%(text)s” of appendix row %(stt)s; it is kept as written.")
                % {"text": deadline_text, "stt": stt}
            )
        # A department the unit has, named as the lead, leads the task (after the 2025 reform plans
        # assign work to departments); otherwise the person holding the named position.
        lead_department = next(iter(self._departments_named(lead_text)), None)
        lead = None if lead_department else self._lead(lead_text, stt)
        cooperating_departments = [d for d in self._departments_named(cooperating_text) if d != lead_department]
        return {
            "lead_text": lead_text,
            "cooperating_text": cooperating_text,
            "deadline": deadline,
            "deadline_text": deadline_text,
            "expected_output": row.cells.get("output", "").strip(),
            "remarks": row.cells.get("remarks", "").strip(),
            "lead": lead,
            "cooperating": [p for p in self._cooperating(cooperating_text) if p != lead],
            "lead_department": lead_department,
            "cooperating_departments": cooperating_departments,
        }

    def _departments_named(self, text):
        """The unit's departments a cell names, matched as positions are."""
        if not text or not self.departments:
            return []
        names = find_parties(text, sorted({d.name for d in self.departments}))
        return [d for name in names for d in self.departments if d.name == name]

    def _add_row_task(self, row, body):
        """A row that restates no body item: a task of its own, in its group's area or the one it reads like."""
        code = f"{row.prefix}.{row.stt}"
        if code in self.codes and row.group:
            code = f"{row.prefix}.{row.group}.{row.stt}"
        area = row.area
        if area is None and not row.group:
            area = area_by_meaning(row.match_row.text, body, self.areas)
            if area is None:
                self.warnings.append(
                    _(
                        "Appendix row %(stt)s “%(text)s” restates no item of the plan and reads like no PAPI "
                        "area; it is imported as a task outside the areas."
                    )
                    % {"stt": row.stt, "text": shorten(row.match_row.text, 80)}
                )
        return self._add_task(
            code, row.match_row.text, row.section, area, where=row.where, origin=TaskOrigin.APPENDIX, **row.fields
        )

    def _people_named(self, text):
        names = find_parties(text, sorted({p.position.name for p in self.people if p.position_id}))
        return [[p for p in self.people if p.position_id and p.position.name == name] for name in names]

    def _lead(self, text, stt):
        holders = self._people_named(text)[:1]
        if not holders:
            return None
        if len(holders[0]) > 1:
            self.warnings.append(
                _("Appendix row %(stt)s: several people hold the position “%(text)s”; choose the lead by hand.")
                % {"stt": stt, "text": text}
            )
            return None
        return holders[0][0]

    def _cooperating(self, text):
        return [person for holders in self._people_named(text) for person in holders] if text else []

    def _check_year(self):
        title = self.parsed.header.title
        years = {int(y) for y in re.findall(r"\b(20\d\d)\b", title)}
        if years and self.year not in years:
            self.warnings.append(
                _("The title names the year %(found)s but the plan is imported for %(year)s.")
                % {"found": ", ".join(map(str, sorted(years))), "year": self.year}
            )


@dataclass
class _Row:
    """An appendix row on its way: what the matcher sees, and what it will add to a task."""

    match_row: RowToMatch
    section: SectionDraft
    prefix: str  # "PL"
    stt: str
    group: str  # the number of its group row
    area: object  # AreaCandidate of its group row
    where: str
    fields: dict


@dataclass(frozen=True)
class _Piece:
    text: str
    where: str


def _valid_in(area, year):
    valid_from = getattr(area.obj, "valid_from", None)
    return valid_from is None or valid_from <= year
