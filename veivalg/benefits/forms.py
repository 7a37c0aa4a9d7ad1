"""Forms of the benefits pages.

The forms only parse what the browser sends (choices, text, numbers and dates as text);
every rule — required fields, a complete indicator, the plus-minus scale of non-priced
effects, plan years — lives in ``veivalg.benefits.services``. The service's errors are tied
back to the fields with ``apply_service_errors``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veivalg.benefits.models import Benefit, BusinessCaseSettings, Category, IndicatorUnit
from veivalg.benefits.services import parse_number
from veivalg.core.errors import ValidationFailed
from veivalg.initiatives.models import State
from veivalg.org.models import Directorate, User
from veivalg.strategy.models import Goal, Program
from veivalg.web.forms import (
    GoalTreeField,
    PersonChoiceField,
    YearRowForm,
    filled_rows,
    goal_tree,
    year_formset,
)
from veivalg.web.forms import apply_service_errors as tie_service_errors

PLAN_ROWS_MIN = 3
PLAN_ROWS_MAX = 30
EFFECT_CHOICES = [
    ("", _("Ingen (prissatt gevinst)")),
    ("-4", _("−4 svært negativ")),
    ("-3", "−3"),
    ("-2", "−2"),
    ("-1", "−1"),
    ("0", _("0 ingen virkning")),
    ("1", "+1"),
    ("2", "+2"),
    ("3", "+3"),
    ("4", _("+4 svært positiv")),
]


def _number_text(value: Any) -> str:
    """``Decimal("300000.00")`` → ``"300 000"``, ``Decimal("12.50")`` → ``"12,5"``."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", " ")
    return format(value.normalize(), "f").replace(".", ",")


def _people() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BenefitForm(forms.Form):
    """Every field of a benefit except the plan rows."""

    marked_required = frozenset({"title", "category"})

    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Hva blir bedre, og for hvem?"),
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=Category.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "De tre prissatte kategoriene går inn i nytte-kost-analysen med planen i kroner per "
            "år. Ikke-prissatte virkninger vurderes på pluss-minus-skalaen."
        ),
    )
    goals = GoalTreeField(
        label=_("Mål gevinsten bidrar til"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = PersonChoiceField(
        label=_("Gevinsteier"),
        queryset=_people(),
        required=False,
        empty_label=_("Ingen valgt"),
        help_text=_("Har ansvar for at gevinsten tas ut, og får rollen gevinsteier."),
    )
    responsible = PersonChoiceField(
        label=_("Gevinstansvarlig"),
        queryset=_people(),
        required=False,
        empty_label=_("Ingen valgt"),
        help_text=_("Følger opp og registrerer målingene, og får rollen gevinstansvarlig."),
    )
    preconditions = forms.CharField(
        label=_("Forutsetninger"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Hva må være på plass for at gevinsten skal kunne tas ut?"),
    )
    indicator_unit = forms.ChoiceField(
        label=_("Indikatorens enhet"),
        choices=[("", _("Ingen indikator")), *IndicatorUnit.choices],
        required=False,
        help_text=_(
            "Hva gevinsten måles i. Initiativet må ha minst én gevinst med indikator før det "
            "sendes til styret."
        ),
    )
    baseline = forms.CharField(
        label=_("Nullpunkt"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Verdien i dag, før tiltaket."),
    )
    baseline_date = forms.CharField(
        label=_("Dato for nullpunkt"), required=False, widget=_date_widget()
    )
    target = forms.CharField(
        label=_("Målverdi"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("Verdien når gevinsten er tatt ut. Kan være lavere enn nullpunktet."),
    )
    target_date = forms.CharField(label=_("Måldato"), required=False, widget=_date_widget())
    effect = forms.ChoiceField(
        label=_("Virkning (pluss-minus)"),
        choices=EFFECT_CHOICES,
        required=False,
        help_text=_("Bare for ikke-prissatte virkninger: fra −4 til +4."),
    )

    INDICATOR = {
        "unit": "indicator_unit",
        "baseline": "baseline",
        "baseline_date": "baseline_date",
        "target": "target",
        "target_date": "target_date",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, benefit: Benefit) -> dict[str, Any]:
        return {
            "title": benefit.title,
            "description": benefit.description,
            "category": benefit.category,
            "goals": [g.pk for g in benefit.goals.all()],
            "owner": benefit.owner_id,
            "responsible": benefit.responsible_id,
            "preconditions": benefit.preconditions,
            "indicator_unit": benefit.indicator_unit,
            "baseline": _number_text(benefit.baseline),
            "baseline_date": benefit.baseline_date.isoformat() if benefit.baseline_date else "",
            "target": _number_text(benefit.target),
            "target_date": benefit.target_date.isoformat() if benefit.target_date else "",
            "effect": "" if benefit.effect is None else str(benefit.effect),
        }

    def service_data(self) -> dict[str, Any]:
        """The parsed fields as the service's ``data`` (without the plan)."""
        cleaned = self.cleaned_data
        data: dict[str, Any] = {
            name: cleaned[name]
            for name in ("title", "description", "category", "owner", "responsible")
        }
        data["preconditions"] = cleaned["preconditions"]
        data["goals"] = list(cleaned["goals"])
        data["effect"] = cleaned["effect"] or None
        parts = {key: (cleaned[name] or "").strip() for key, name in self.INDICATOR.items()}
        data["indicator"] = parts if any(parts.values()) else None
        return data


class PlanRowForm(YearRowForm):
    """One year of the realisation plan; the value is parsed by the service."""

    value = forms.CharField(
        label=_("Forventet verdi"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 14, "autocomplete": "off"}),
    )


def plan_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, add_row: bool = False
) -> forms.BaseFormSet:
    """The plan rows: existing rows, then blank rows up to at least three."""
    return year_formset(
        PlanRowForm,
        "plan",
        data,
        initial=initial or (),
        add_row=add_row,
        min_rows=PLAN_ROWS_MIN,
        max_rows=PLAN_ROWS_MAX,
    )


def plan_initial(benefit: Benefit) -> list[dict[str, str]]:
    return [{"year": str(p.year), "value": _number_text(p.value)} for p in benefit.plan.all()]


plan_rows = filled_rows


def apply_service_errors(
    form: forms.Form,
    exc: ValidationFailed,
    *,
    formset: forms.BaseFormSet | None = None,
    form_indexes: list[int] | None = None,
    aliases: dict[str, str] | None = None,
) -> None:
    """Tie every error of the service to its field (``plan[i]`` to the plan's rows)."""
    tie_service_errors(
        form, exc, formset=formset, form_indexes=form_indexes, rows="plan", aliases=aliases
    )


BENEFIT_ERROR_ALIASES = {
    "indicator": "indicator_unit",
    **{f"indicator.{key}": name for key, name in BenefitForm.INDICATOR.items()},
}


# --- measurements -------------------------------------------------------------------------


class MeasurementForm(forms.Form):
    marked_required = frozenset({"date", "value"})

    date = forms.CharField(label=_("Dato for målingen"), required=False, widget=_date_widget())
    value = forms.CharField(
        label=_("Målt verdi"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
        help_text=_("Hvordan ble det målt, og hva forklarer verdien?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "measurement_%s")
        kwargs.setdefault("initial", {"date": timezone.localdate().isoformat()})
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("date", "value", "comment")}


# --- business-case settings -----------------------------------------------------------------


def _percent_text(rate: Any) -> str:
    if rate is None:
        return ""
    return _number_text(rate * 100)


class SettingsForm(forms.Form):
    """r and s in percent (the service takes decimals), the period, and the reason."""

    marked_required = frozenset({"reason"})

    discount_rate = forms.CharField(
        label=_("Kalkulasjonsrente (%)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    tax_cost_rate = forms.CharField(
        label=_("Skattefinansieringskostnad (%)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    period_years = forms.CharField(
        label=_("Analyseperiode (år)"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    first_year = forms.CharField(
        label=_("Første år i analysen"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Tomt: det første året med en kostnad eller en gevinst."),
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
        help_text=_("Lagres i revisjonsloggen sammen med endringen."),
    )

    def __init__(self, *args: Any, defaults: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "settings_%s")
        super().__init__(*args, **kwargs)
        if defaults is not None:
            self.fields["discount_rate"].help_text = _("Tomt: standard (%(value)s %%).") % {
                "value": _percent_text(defaults.discount_rate)
            }
            self.fields["tax_cost_rate"].help_text = _("Tomt: standard (%(value)s %%).") % {
                "value": _percent_text(defaults.tax_cost_rate)
            }
            self.fields["period_years"].help_text = _("Tomt: standard (%(value)s år).") % {
                "value": defaults.period_years
            }

    @classmethod
    def initial_from(cls, settings: BusinessCaseSettings | None) -> dict[str, str]:
        if settings is None:
            return {}
        return {
            "discount_rate": _percent_text(settings.discount_rate),
            "tax_cost_rate": _percent_text(settings.tax_cost_rate),
            "period_years": str(settings.period_years or ""),
            "first_year": str(settings.first_year or ""),
            "reason": "",
        }

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in ("discount_rate", "tax_cost_rate"):
            text = (self.cleaned_data[name] or "").strip().rstrip("%").strip()
            try:
                data[name] = parse_number(text) / 100 if text else None
            except ValueError:
                data[name] = text  # the service says what is wrong with it
        for name in ("period_years", "first_year", "reason"):
            data[name] = self.cleaned_data[name]
        return data


# --- filters ---------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The portfolio overview's filters; choices use slugs, so filtered URLs are readable."""

    goal = forms.ChoiceField(label=_("Mål"), required=False)
    directorate = forms.ChoiceField(label=_("Direktørområde"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Alle")), *Category.choices]
    )
    state = forms.ChoiceField(
        label=_("Initiativets status"),
        required=False,
        choices=[("", _("Alle")), *State.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["goal"].choices = everything + [
            (g.slug, "\u2003" * depth + g.name) for g, depth in goal_tree(list(Goal.objects.all()))
        ]
        self.fields["directorate"].choices = everything + [
            (d.slug, d.name) for d in Directorate.objects.order_by("name")
        ]
        self.fields["program"].choices = everything + [
            (p.slug, p.name) for p in Program.objects.order_by("name")
        ]
