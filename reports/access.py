"""Who may do what with reporting rounds and submissions: the one place that decides.

Seeing is scoped by the commune (`AdministrativeUnit.objects.visible_to`): another commune's
round or submission answers 404. Within what a person can see:

| action | who |
| --- | --- |
| read a round (who has submitted) | everyone who can see the commune, observers and supervisors too |
| open, remind, close a round | the commune's clerk |
| read a submission | its official; the clerk; chairman and vice-chairman; observers; supervisors |
| edit a submission | its official (while it is pending or returned and the round is open) |
| return / accept a submission | the commune's clerk |

Other officials of the commune may not read each other's submissions (403).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from plans.models import AdministrativeUnit, Role
from tasks.access import is_unit_leader, is_unit_manager

from .models import ReportingRound, Submission


@dataclass(frozen=True)
class RoundAccess:
    view: bool = False
    manage: bool = False

    def require(self, action):
        if not getattr(self, action):
            raise PermissionDenied


@dataclass(frozen=True)
class SubmissionAccess:
    view: bool = False
    edit: bool = False
    review: bool = False

    def require(self, action):
        if not getattr(self, action):
            raise PermissionDenied


def can_manage_rounds(user, unit_id):
    """Opening, reminding, closing, returning and accepting: the commune's clerk."""
    return is_unit_manager(user, unit_id)


def round_access(user, round_):
    """What `user` may do with a round they can already see."""
    return RoundAccess(view=True, manage=can_manage_rounds(user, round_.plan.unit_id))


def submission_access(user, submission):
    """What `user` may do with a submission whose commune they can already see."""
    unit_id = submission.round.plan.unit_id
    own = submission.official_id == user.pk
    manager = can_manage_rounds(user, unit_id)
    reader = (
        manager
        or is_unit_leader(user, unit_id)
        or (user.role == Role.OBSERVER and user.unit_id == unit_id)
        or user.role == Role.SUPERVISOR  # of a unit above: only they can see this commune
    )
    return SubmissionAccess(view=own or reader, edit=own, review=manager)


def get_round_for_user(user, pk, action="view"):
    """Fetch a round the user may see (else 404) and check the action (else 403)."""
    round_ = get_object_or_404(ReportingRound.objects.for_user(user).select_related("plan__unit", "closed_by"), pk=pk)
    access = round_access(user, round_)
    access.require(action)
    return round_, access


def get_submission_for_user(user, pk, action="view"):
    """Fetch a submission of a commune the user may see (else 404) and check the action (else 403)."""
    visible = AdministrativeUnit.objects.visible_to(user)
    submission = get_object_or_404(
        Submission.objects.filter(round__plan__unit__in=visible).select_related(
            "round__plan__unit", "official__position"
        ),
        pk=pk,
    )
    access = submission_access(user, submission)
    access.require(action)
    return submission, access
