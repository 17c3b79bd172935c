"""Forms for PAPI scores: one year and one source entered by hand, and the spreadsheet upload."""

from decimal import Decimal

from django import forms
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versioned import editors_of
from plans.models import PapiScore, SubDimension

from . import scores as papi

SEEN_SALT = "reports.scores.entry.seen"


class StaleScoresError(Exception):
    """The figures of the year and source changed since the form was opened; ``conflict`` says how
    ({"changes": [(label, before, after)], "editors": [(user, when)]}, see core.versioned)."""

    def __init__(self, conflict):
        super().__init__(_("Someone else changed these figures while you were editing them."))
        self.current, self.conflict = None, conflict


class NeverRefused(Exception):
    """Entering scores has no workflow rule to refuse by (core.versioned asks for one)."""


class ScoreEntryForm(forms.Form):
    """Total, each area and each sub-dimension valid in ``year``: score, rank, rank base, group.

    A blank score removes that scope's figure for the year and source (the form shows them all).
    """

    source = forms.ChoiceField(label=gettext_lazy("source"), choices=PapiScore.Source.choices)
    # The figures as the form showed them (signed): saving over figures changed since is a 409.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.year = unit, year
        self.areas = list(papi.areas_in(year))
        subs = SubDimension.objects.valid_in(year).filter(area__in=self.areas).select_related("area")
        self.scopes = [("total", None, None)]
        self.scopes += [(f"a{a.code}", a, None) for a in self.areas]
        self.scopes += [(f"s{s.code}", s.area, s) for s in subs.order_by("area__code", "code")]
        for key, _area, _sub in self.scopes:
            self.fields[f"{key}-score"] = forms.DecimalField(
                label=_("score"), required=False, max_digits=7, decimal_places=4, min_value=0
            )
            self.fields[f"{key}-rank"] = forms.IntegerField(label=_("rank"), required=False, min_value=1)
            self.fields[f"{key}-rank_base"] = forms.IntegerField(label=_("ranked among"), required=False, min_value=1)
            self.fields[f"{key}-group"] = forms.ChoiceField(
                label=_("group"), required=False, choices=[("", "—"), *PapiScore.Group.choices]
            )

    def figures(self, source):
        """{scope key: {score, rank, rank_base, group}} of the figures saved for the year and source."""
        existing = PapiScore.objects.filter(unit=self.unit, year=self.year, source=source)
        by_scope = {(s.area_id if not s.sub_dimension_id else None, s.sub_dimension_id): s for s in existing}
        figures = {}
        for key, area, sub in self.scopes:
            figure = by_scope.get((None, sub.pk) if sub else (area.pk if area else None, None))
            if figure:
                figures[key] = {
                    "score": figure.score.normalize(),
                    "rank": figure.rank,
                    "rank_base": figure.rank_base,
                    "group": figure.group,
                }
        return figures

    def _seen_token(self, source, figures):
        as_text = {key: [str(v) if v is not None else None for v in row.values()] for key, row in figures.items()}
        return signing.dumps({"source": source, "figures": as_text, "at": timezone.now().isoformat()}, salt=SEEN_SALT)

    def load(self, source):
        """Initial values from the figures already saved for the year and ``source``."""
        figures = self.figures(source)
        self.initial["source"] = source
        self.initial["seen"] = self._seen_token(source, figures)
        for key, row in figures.items():
            self.initial.update({f"{key}-{name}": value for name, value in row.items()})

    def _conflict(self, source):
        """What changed in the saved figures of ``source`` since the form showed them, or None.

        A form that showed another source (the source was switched before saving) is entered anew."""
        try:
            seen = signing.loads(self.cleaned_data.get("seen") or "", salt=SEEN_SALT)
        except signing.BadSignature:
            return None
        if seen.get("source") != source:
            return None
        current = {
            key: [str(v) if v is not None else None for v in row.values()] for key, row in self.figures(source).items()
        }
        if current == seen["figures"]:
            return None
        labels = {key: str(sub or area or _("Total")) for key, area, sub in self.scopes}
        changes = [
            (labels.get(key, key), _figure_text(seen["figures"].get(key)), _figure_text(current.get(key)))
            for key in labels
            if seen["figures"].get(key) != current.get(key)
        ]
        since = PapiScore.history.filter(unit=self.unit, year=self.year, source=source, history_date__gt=seen["at"])
        return {"changes": changes, "editors": editors_of(since)}

    def keep_input(self, current=None):
        """The form as typed, now against the figures as they are (sending it again saves over them)."""
        data = self.data.copy()
        source = self.cleaned_data["source"]
        data[self.add_prefix("seen")] = self._seen_token(source, self.figures(source))
        return type(self)(data, unit=self.unit, year=self.year)

    def rows(self):
        """(label, area, sub-dimension, bound fields) per scope, for the template."""
        for key, area, sub in self.scopes:
            label = sub or area or _("Total")
            fields = [self[f"{key}-{name}"] for name in ("score", "rank", "rank_base", "group")]
            yield {"key": key, "label": label, "area": area, "sub": sub, "fields": fields}

    def clean(self):
        data = super().clean()
        area_count = len(self.areas)
        area_scores = []
        for key, area, sub in self.scopes:
            score, rank, base = (data.get(f"{key}-{n}") for n in ("score", "rank", "rank_base"))
            scope = "sub" if sub else ("area" if area else "total")
            if score is not None:
                low, high = papi.score_range(scope, area_count)
                if not low <= score <= high:
                    self.add_error(
                        f"{key}-score",
                        _("Out of range: %(low)s–%(high)s.") % {"low": papi._fmt(low), "high": papi._fmt(high)},
                    )
            elif rank is not None or base is not None or data.get(f"{key}-group"):
                self.add_error(f"{key}-score", _("Give the score too, or clear the rank and group."))
            if rank is not None and base is not None and rank > base:
                self.add_error(f"{key}-rank", _("The rank cannot be beyond the number ranked (%(n)s).") % {"n": base})
            if scope == "area":
                area_scores.append(score)
        if all(s is not None for s in area_scores):
            error = papi.check_sum(data.get("total-score"), area_scores, area_count)
            if error:
                self.add_error("total-score", error)
        return data

    def save(self):
        """update_or_create per scope (a blank score deletes), in one transaction; StaleScoresError
        when the figures changed since the form showed them (nothing is saved)."""
        source, saved = self.cleaned_data["source"], 0
        with transaction.atomic():
            # One writer at a time per unit, so that the check and the writes see the same figures.
            type(self.unit).objects.select_for_update().filter(pk=self.unit.pk).first()
            if conflict := self._conflict(source):
                raise StaleScoresError(conflict)
            for key, area, sub in self.scopes:
                score = self.cleaned_data.get(f"{key}-score")
                lookup = papi.scope_lookup(area if not sub else None, sub)
                if score is None:
                    PapiScore.objects.filter(unit=self.unit, year=self.year, source=source, **lookup).delete()
                    continue
                values = {
                    "score": Decimal(score),
                    "rank": self.cleaned_data.get(f"{key}-rank"),
                    "rank_base": self.cleaned_data.get(f"{key}-rank_base"),
                    "group": self.cleaned_data.get(f"{key}-group") or "",
                }
                papi.save_figure(
                    self.unit, self.year, source, area=area if not sub else None, sub_dimension=sub, values=values
                )
                saved += 1
        return saved


def _figure_text(row):
    """A saved figure as the stale-form notice lists it: "7.1234 · 3/63 · group" or "—"."""
    if not row:
        return "—"
    score, rank, base, group = row
    text = score
    if rank:
        text += f" · {rank}/{base}" if base else f" · {rank}"
    if group:
        text += f" · {PapiScore.Group(group).label}"
    return text


class ScoreUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        # A hint to the browser's file chooser; the file's bytes are checked (tasks.evidence.sniff).
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class ScoreConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
