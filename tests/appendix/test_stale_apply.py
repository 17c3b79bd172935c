"""Confirming a table after a task changed since its preview: 409, what changed on that task (what,
who, when), the same file previewed again against the tasks as they are now, nothing applied; the
new preview's Confirm then applies it knowingly."""

from django.urls import reverse
from django.utils import timezone

from plans.models import Role
from tasks.deadlines import parse_deadline
from tasks.models import Task
from tasks.services import editing

from ..conftest import make_person
from .conftest import edited, exported
from .test_views import EN, post_file, state, token_of

APPLY = reverse("importing:appendix_apply")


def test_a_task_changed_since_the_preview_is_409_with_its_change_and_a_new_preview(client, plan, clerk, commune):
    colleague = make_person("vanphong2", commune, Role.CLERK, "Công chức Văn phòng - Thống kê", "Lý Thị Lan")
    client.force_login(clerk)
    preview = post_file(
        client, edited(exported(plan), {"1.1.a": {"output": "Biên bản mới"}, "1.3.a": {"remarks": "Mới"}})
    )
    task = Task.objects.get(code="1.3.a")
    editing.change_deadline(task, by=colleague, deadline=parse_deadline("Quý III/2024", 2024), reason="Họp giao ban")
    record = task.history.latest("history_date")
    before = state(plan)

    response = client.post(APPLY, {"token": token_of(preview), "confirm": "1"}, **EN)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing was applied: these tasks changed after your preview: 1.3.a." in html
    (conflict,) = response.context["conflicts"]
    assert conflict["task"].code == "1.3.a"
    assert any(after == "Quý III/2024" for _label, _before, after in conflict["changes"])  # what
    when = timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
    assert f"Lý Thị Lan ({when})" in html  # who and when
    assert state(plan) == before  # nothing applied
    # The same file, checked again: its changes are offered once more, on the current versions, and
    # its "30/09/2024" now reads as putting the colleague's deadline back: the page says so.
    again = {change.task.code: change for change in response.context["preview"].changes}
    assert set(again) == {"1.1.a", "1.3.a"}
    deadline = next(f for f in again["1.3.a"].changes if f.field == "deadline")
    assert (deadline.before, deadline.after) == ("Quý III/2024", "30/09/2024")
    assert token_of(response) is not None

    applied = client.post(APPLY, {"token": token_of(response), "confirm": "1"}, **EN)

    assert applied.status_code == 302
    assert Task.objects.get(code="1.1.a").expected_output == "Biên bản mới"
    task.refresh_from_db()
    assert (task.remarks, task.due_date.isoformat()) == ("Mới", "2024-09-30")  # as the new preview showed
