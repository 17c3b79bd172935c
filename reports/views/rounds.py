"""Reporting rounds: the clerk opens a round, officials submit their part, the clerk closes it.

Who may do what is decided in `reports.access`: rounds are read by everyone who can see the
commune; opening, reminding, closing, returning and accepting are the clerk's; a submission is
edited by its official and read by the clerk, the leaders, observers and supervisors.
Another commune's round or submission answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.http import GET_ONLY, GET_POST
from core.versioned import editors_since, submit_versioned
from plans.models import Role

from .. import services
from ..access import can_manage_rounds, get_round_for_user, get_submission_for_user
from ..forms import AcceptForm, OpenRoundForm, ReturnForm, SubmissionForm
from ..models import ReportingRound, ReportingSettings, Submission
from ..periods import Period, PeriodKind

STATUS_COLOURS = {
    Submission.Status.PENDING: "secondary",
    Submission.Status.SUBMITTED: "primary",
    Submission.Status.RETURNED: "warning",
    Submission.Status.ACCEPTED: "success",
}


def _colour(submission):
    submission.colour = STATUS_COLOURS[submission.status]
    return submission


# --- Rounds -----------------------------------------------------------------------------


def _open_form(user, data=None):
    """The "open a round" form for the clerk of the user's commune (None for anyone else)."""
    if user.unit_id is None or not can_manage_rounds(user, user.unit_id):
        return None
    reporting = ReportingSettings.objects.filter(unit_id=user.unit_id).first() or ReportingSettings()
    current = Period.current(PeriodKind.QUARTER, reporting.period_style)
    initial = {"kind": current.kind, "index": current.index, "year": current.year}
    return OpenRoundForm(data, unit_id=user.unit_id, style=reporting.period_style, initial=initial)


@login_required
@GET_ONLY
def round_list(request):
    """The rounds of the communes the person can see, newest first, with submitted/total counts."""
    rounds = (
        ReportingRound.objects.for_user(request.user)
        .select_related("plan__unit")
        .annotate(
            total=Count("submissions"),
            submitted=Count("submissions", filter=Q(submissions__status__in=services.DONE)),
        )
        .order_by("-end", "-opened_at", "-pk")
    )
    return render(
        request,
        "reports/rounds/round_list.html",
        {"rounds": rounds, "open_form": _open_form(request.user)},
    )


@login_required
@GET_POST
def round_open(request):
    """GET shows the chosen period's window and deadline; POST opens the round."""
    user = request.user
    if not (user.is_superuser or user.role == Role.CLERK):
        raise PermissionDenied
    if user.unit_id is None:
        raise Http404
    if request.method == "POST":
        form = _open_form(user, request.POST)
    else:
        form = _open_form(user, request.GET if "kind" in request.GET else None)
    if form is None:
        raise PermissionDenied
    preview = None
    if form.is_bound and form.is_valid():
        plan, period = form.cleaned_data["plan"], form.cleaned_data["period"]
        if request.method == "POST":
            try:
                round_ = services.open_round(plan, period, by=user, style=period.style)
            except services.RoundError as exc:
                form.add_error(None, str(exc))
            else:
                count = round_.submissions.count()
                messages.success(
                    request,
                    ngettext(
                        "The round for %(period)s is open; %(count)s official was asked for a report.",
                        "The round for %(period)s is open; %(count)s officials were asked for their reports.",
                        count,
                    )
                    % {"period": round_.period.name, "count": count},
                )
                return redirect("reports:round_detail", round_.pk)
        if form.is_valid():
            reporting = ReportingSettings.for_unit(plan.unit)
            preview = {
                "period": period,
                "due_date": period.submission_due(days_after=reporting.submission_working_days),
                "officials": services.officials_to_report(plan).count(),
                "exists": ReportingRound.objects.filter(
                    plan=plan,
                    period_kind=period.kind,
                    period_year=period.year,
                    period_index=period.index,
                    period_style=period.style,
                ).first(),
            }
    return render(request, "reports/rounds/round_open.html", {"form": form, "preview": preview})


@login_required
@GET_ONLY
def round_detail(request, pk):
    """Who has submitted; the clerk's remind and close buttons; after closing, the frozen counts."""
    round_, access = get_round_for_user(request.user, pk)
    submissions = [
        _colour(s)
        for s in round_.submissions.select_related("official__position").order_by("official__sort_name", "pk")
    ]
    counts = dict.fromkeys(Submission.Status, 0)
    for s in submissions:
        counts[s.status] += 1
    context = {
        "round": round_,
        "access": access,
        "submissions": submissions,
        "status_counts": [(status, STATUS_COLOURS[status], counts[status]) for status in Submission.Status],
        "submitted": counts[Submission.Status.SUBMITTED] + counts[Submission.Status.ACCEPTED],
        "waiting": counts[Submission.Status.PENDING] + counts[Submission.Status.RETURNED],
        "buckets": None if round_.is_open else services.bucket_counts(round_),
        "overdue": round_.is_open and round_.due_date < timezone.localdate(),
    }
    if context["buckets"] is not None:
        context["snapshot_total"] = sum(n for _bucket, n in context["buckets"])
    return render(request, "reports/rounds/round_detail.html", context)


@login_required
@require_POST
def round_remind(request, pk):
    round_, _access = get_round_for_user(request.user, pk, "manage")
    try:
        count = services.remind_pending(round_, by=request.user)
    except services.RoundError as exc:
        messages.error(request, str(exc))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s official who has not submitted was reminded.",
                    "%(count)s officials who have not submitted were reminded.",
                    count,
                )
                % {"count": count}
                + " "
                + _("E-mail reminders go out at most once a day per person; the in-app notice always arrives."),
            )
        else:
            messages.info(request, _("Everyone has submitted: nobody to remind."))
    return redirect("reports:round_detail", round_.pk)


@login_required
@GET_POST
def round_close(request, pk):
    """GET asks for confirmation; POST closes the round and freezes the tasks at the cut-off."""
    round_, _access = get_round_for_user(request.user, pk, "manage")
    if not round_.is_open:
        messages.info(request, _("This round is already closed."))
        return redirect("reports:round_detail", round_.pk)
    if request.method == "POST":
        try:
            services.close_round(round_, by=request.user)
        except services.RoundError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The round for %(period)s is closed; the tasks were frozen as of %(date)s.")
                % {"period": round_.period.name, "date": round_.end.strftime("%d/%m/%Y")},
            )
        return redirect("reports:round_detail", round_.pk)
    waiting = round_.submissions.filter(status__in=services.EDITABLE).count()
    return render(request, "reports/rounds/round_close.html", {"round": round_, "waiting": waiting})


# --- Submissions ------------------------------------------------------------------------


def _items(submission):
    return list(submission.items.select_related("task").order_by("task__order", "task__code", "pk"))


def _submission_page(request, submission, access, *, form=None, return_form=None, conflict=None, status=200):
    """The report: the official's form (or the report as read) and the clerk's review forms."""
    round_ = submission.round
    can_review = access.review and round_.is_open and submission.status == Submission.Status.SUBMITTED
    if return_form is None and can_review:
        return_form = ReturnForm(initial={"version": submission.version})
    context = {
        "submission": _colour(submission),
        "round": round_,
        "access": access,
        "items": _items(submission),
        "form": form,
        # A return typed before someone else's change comes back with the page, as on the task page.
        "can_review": can_review or (return_form is not None and return_form.is_bound),
        "return_form": return_form,
        "conflict": conflict,
    }
    return render(request, "reports/rounds/submission.html", context, status=status)


def _describe(exc, data):
    """What changed on the report since the form was opened (``core.versioned``)."""
    return {"changes": exc.changes, "editors": editors_since(exc.current.history, data["version"])}


def _submit(request, pk, form, apply, success, page_form):
    """A versioned form about one report, through ``core.versioned.submit_versioned``: the page again
    with its errors or refusal, a stale form as 409 with what changed and the input kept, and
    ``success`` (a message and a redirect) when done. ``page_form(form)``: the page's form keywords."""

    def page(form, conflict=None, status=200):
        # After a conflict the page shows the report as it is now.
        submission, access = get_submission_for_user(request.user, pk)
        return _submission_page(request, submission, access, **page_form(form), conflict=conflict, status=status)

    return submit_versioned(
        form, apply, page=page, success=success, stale=services.StaleSubmissionError, refused=services.RoundError,
        describe=_describe,
    )  # fmt: skip


@login_required
@GET_POST
def submission_detail(request, pk):
    """The official fills in their report; the clerk, the leaders and observers read it."""
    submission, access = get_submission_for_user(request.user, pk)
    if request.method != "POST":
        editable = access.edit and submission.round.is_open and submission.status in services.EDITABLE
        form = SubmissionForm(submission=submission, items=_items(submission)) if editable else None
        return _submission_page(request, submission, access, form=form)
    if not access.edit:
        raise PermissionDenied
    submit = request.POST.get("action") == "submit"
    form = SubmissionForm(request.POST, submission=submission, items=_items(submission))

    def apply(data):
        return services.save_submission(
            submission, by=request.user, data=form.narrative(), items=form.item_results(), submit=submit,
            expected_version=data["version"],
        )  # fmt: skip

    def success(_saved):
        if submit:
            messages.success(request, _("Your report was submitted. Thank you."))
            return redirect("reports:my_submissions")
        messages.success(request, _("Your draft was saved."))
        return redirect("reports:submission", submission.pk)

    return _submit(request, pk, form, apply, success, lambda form: {"form": form})


def _review(request, pk, form_class, apply, success):
    """Return or accept a submitted report (``_submit``): a typed reason is kept on the page."""
    submission, _access = get_submission_for_user(request.user, pk, "review")

    def done(_result):
        messages.success(request, success(submission))
        return redirect("reports:round_detail", submission.round_id)

    def page_form(form):
        return {"return_form": form} if isinstance(form, ReturnForm) else {}

    return _submit(request, pk, form_class(request.POST), lambda data: apply(submission, data), done, page_form)


@login_required
@require_POST
def submission_return(request, pk):
    def apply(submission, data):
        services.return_submission(
            submission, by=request.user, reason=data["reason"], expected_version=data.get("version")
        )

    return _review(
        request, pk, ReturnForm, apply,
        lambda s: _("The report of %(name)s was returned.") % {"name": s.official},
    )  # fmt: skip


@login_required
@require_POST
def submission_accept(request, pk):
    def apply(submission, data):
        services.accept_submission(submission, by=request.user, expected_version=data.get("version"))

    return _review(
        request, pk, AcceptForm, apply,
        lambda s: _("The report of %(name)s was accepted.") % {"name": s.official},
    )  # fmt: skip


@login_required
@GET_ONLY
def my_submissions(request):
    """The person's reports in open rounds, by deadline."""
    submissions = [
        _colour(s)
        for s in Submission.objects.filter(official=request.user, round__status=ReportingRound.Status.OPEN)
        .select_related("round__plan__unit")
        .order_by("round__due_date", "pk")
    ]
    return render(
        request,
        "reports/rounds/my_submissions.html",
        {"submissions": submissions, "today": timezone.localdate(), "editable": services.EDITABLE},
    )


urlpatterns = [
    path("rounds/", round_list, name="rounds"),
    path("rounds/open/", round_open, name="round_open"),
    path("rounds/<int:pk>/", round_detail, name="round_detail"),
    path("rounds/<int:pk>/remind/", round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", round_close, name="round_close"),
    path("submissions/<int:pk>/", submission_detail, name="submission"),
    path("submissions/<int:pk>/return/", submission_return, name="submission_return"),
    path("submissions/<int:pk>/accept/", submission_accept, name="submission_accept"),
    path("mine/", my_submissions, name="my_submissions"),
]
