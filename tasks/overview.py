"""The plan overview as a tree: sections in document order with task counts per deadline bucket."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from plans.models import PlanSection

from .models import Bucket, Task


def task_list_url(**params):
    """The task list (tasks:task_list) filtered by `params`; see tasks.filters for their meaning."""
    base = reverse("tasks:task_list")
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base


@dataclass
class Badge:
    bucket: Bucket | None  # None for the total
    count: int
    url: str  # the task list filtered to exactly these tasks


@dataclass
class Node:
    """A section of the plan with its tasks and counts (its own and its sub-sections')."""

    section: PlanSection | None
    depth: int = 0
    children: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # (area code or None, bucket value) -> tasks
    total: Badge | None = None
    badges: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"section-{self.section.pk}" if self.section else "section-none"

    @property
    def shown(self):
        """Narrative sections without tasks are left out; an area with none still shows."""
        return self.total.count > 0 or (self.section is not None and self.section.content_area_id is not None)


class PlanTree:
    """The plan's sections as a tree with per-bucket task counts; three queries in all.

    Every count links to the task list filtered to exactly the counted tasks (plan, section
    with its sub-sections, bucket).
    """

    def __init__(self, plan, user):
        self.plan = plan
        sections = list(
            PlanSection.objects.filter(plan=plan)
            .select_related("content_area")
            .only("pk", "parent_id", "order", "kind", "number", "heading", "content_area")
            .order_by("order")
        )
        visible = Task.objects.for_user(user).filter(plan=plan).with_bucket()
        aggregate = visible.values("section_id", "content_area__code", "bucket").annotate(n=Count("pk")).order_by()
        tasks = (
            visible.select_related("lead", "lead_department")
            .only(
                *("pk", "code", "title", "order", "section_id", "status", "version", "lead_text"),
                *("lead__full_name", "lead__username", "lead_department__name"),
                *("deadline_kind", "due_date", "deadline_text", "completed_at"),
            )
            .order_by("order", "pk")
        )
        self.nodes = {s.pk: Node(s) for s in sections}
        self.orphans = Node(None)
        for row in aggregate:
            self._node(row["section_id"]).counts[(row["content_area__code"], row["bucket"])] += row["n"]
        for task in tasks:
            task.bucket_member = Bucket(task.bucket)
            self._node(task.section_id).tasks.append(task)
        self.roots = []
        for section in sections:  # parents come before their children (document order)
            node = self.nodes[section.pk]
            parent = self.nodes.get(section.parent_id)
            if parent is None:
                self.roots.append(node)
            else:
                node.depth = parent.depth + 1
                parent.children.append(node)
        for section in reversed(sections):
            if (parent := self.nodes.get(section.parent_id)) is not None:
                parent.counts.update(self.nodes[section.pk].counts)
        if self.orphans.counts or self.orphans.tasks:
            self.roots.append(self.orphans)
        self.plan_counts = Counter()
        for node in self.roots:
            self.plan_counts.update(node.counts)
        self.plan_node = Node(None, counts=self.plan_counts)
        for node in [self.plan_node, *self.nodes.values(), self.orphans]:
            self._badges(node)

    def _node(self, section_id):
        return self.nodes.get(section_id, self.orphans)

    def _link(self, node, bucket):
        """The task list filtered to exactly the node's tasks in `bucket` (None: all of them)."""
        params = {"plan": self.plan.pk}
        if node is self.orphans:
            params["section"] = "null"
        elif node.section is not None:
            params["section"] = node.section.pk
        if bucket is not None:
            params["bucket"] = bucket.value
        return task_list_url(**params)

    def _badges(self, node):
        per_bucket = Counter()
        for (_area, bucket), n in node.counts.items():
            per_bucket[bucket] += n
        node.total = Badge(None, sum(per_bucket.values()), self._link(node, None))
        node.badges = [Badge(b, per_bucket[b.value], self._link(node, b)) for b in Bucket if per_bucket[b.value]]

    def flat(self):
        """The shown nodes in document order (for the template, which cannot recurse cheaply)."""
        out = []

        def walk(nodes):
            for node in nodes:
                if node.shown:
                    out.append(node)
                    walk(node.children)

        walk(self.roots)
        return out
