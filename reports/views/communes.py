"""The cross-commune table: every commune below a supervisor's district or province.

Who sees what (the scoping is `AdministrativeUnit.objects.visible_to`, the one place for it):
a supervisor sees the communes within their unit; a commune's own people see their commune's
row only (the same numbers their dashboard shows, so nothing is hidden from them); a superuser
sees every commune; anonymous visitors go to the sign-in page. Nobody is refused: there is
nothing to act on here, and each person simply sees the communes they may see.

Sorting (?sort=<column>&dir=asc|desc, against SORT_KEYS), the district filter (?district=<id>),
the name search (?q=) and paging (50 a page) work on the rows `communes_table` computed in a
fixed number of queries (cached by `reports.cache`, recomputed after any change of tasks or
scores); see reports/communes.py for why in Python.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from ..cache import cached_communes_table
from ..communes import (
    DEFAULT_SORT,
    SORT_KEYS,
    districts_of,
    filter_rows,
    latest_plan_year,
    sort_rows,
)

PAGE_SIZE = 50


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _plan_link_base():
    """The commune's dashboard, read-only for supervisors; the plan overview until it exists."""
    try:
        return reverse("reports:dashboard")
    except NoReverseMatch:
        return reverse("tasks:plan_overview")


@login_required
@require_http_methods(["GET", "HEAD"])
def communes(request):
    params = request.GET
    year = _int(params.get("year"))
    if year is None or not 2000 <= year <= 2100:
        year = latest_plan_year(request.user)
    rows = cached_communes_table(request.user, year) if year is not None else []

    districts = districts_of(rows)
    district = _int(params.get("district"))
    if district not in {pk for pk, _name in districts}:
        district = None
    search = params.get("q", "").strip()[:100]
    sort = params.get("sort") if params.get("sort") in SORT_KEYS else DEFAULT_SORT
    descending = params.get("dir") == "desc"

    shown = sort_rows(filter_rows(rows, district, search), sort, descending)
    page = Paginator(shown, PAGE_SIZE).get_page(params.get("page"))

    link = _plan_link_base()
    for row in page.object_list:
        row.url = f"{link}?{urlencode({'plan': row.plan_id})}" if row.plan_id else ""

    kept = {k: v for k, v in (("year", year), ("district", district), ("q", search)) if v}
    sort_links = {}
    for key in SORT_KEYS:
        flip = "desc" if key == sort and not descending else "asc"
        sort_links[key] = "?" + urlencode({**kept, "sort": key, "dir": flip})
    return render(
        request,
        "reports/communes/communes.html",
        {
            "year": year,
            "page_obj": page,
            "total": len(rows),
            "shown": len(shown),
            "districts": districts if len(districts) > 1 else [],
            "district": district,
            "search": search,
            "sort": sort,
            "descending": descending,
            "sort_links": sort_links,
            "page_query": urlencode({**kept, "sort": sort, "dir": "desc" if descending else "asc"}),
        },
    )


urlpatterns = [path("communes/", communes, name="communes")]
