"""Forms of the web UI.

The forms only parse what the browser sends (choices, text, numbers as text); every business
rule — required fields, the political reference of a mandated initiative, negative amounts,
duplicate years — lives in ``veivalg.initiatives.services``. The service's errors are tied
back to the fields here with ``apply_service_errors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from veivalg.core.errors import ValidationFailed
from veivalg.initiatives.models import Initiative, State, WorkType
from veivalg.initiatives.services import INITIATIVE_ROLES
from veivalg.org.models import Directorate, Portfolio, Role, Unit, User
from veivalg.strategy.models import Goal, Program

COST_ROWS_MIN = 3
COST_ROWS_MAX = 30

# --- choice fields ------------------------------------------------------------------------


class UnitsByDirectorateIterator(ModelChoiceIterator):
    """Units grouped in one ``<optgroup>`` per directorate."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset.select_related("directorate").order_by("directorate__name", "name")
        for directorate, units in groupby(queryset, key=lambda u: u.directorate):
            yield (directorate.name, [self.choice(unit) for unit in units])


class UnitChoiceField(forms.ModelChoiceField):
    iterator = UnitsByDirectorateIterator


class PortfolioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Portfolio) -> str:
        if obj.out_of_scope:
            return _("%(name)s (utenfor porteføljestyringen)") % {"name": obj.name}
        return obj.name


def goal_tree(goals: list[Goal]) -> list[tuple[Goal, int]]:
    """Goals depth first (plan → main goals → sub goals), each with its depth."""
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    result: list[tuple[Goal, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for goal in children.get(parent_id, []):
            result.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    seen = {g.pk for g, _depth in result}
    result.extend((g, 0) for g in goals if g.pk not in seen)  # orphans, should not exist
    return result


class GoalTreeIterator(ModelChoiceIterator):
    """Goals in tree order; each instance gets ``depth`` for indentation."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for goal, depth in goal_tree(list(self.queryset)):
            goal.depth = depth
            yield self.choice(goal)


class GoalTreeField(forms.ModelMultipleChoiceField):
    iterator = GoalTreeIterator


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


# --- initiative ---------------------------------------------------------------------------


class InitiativeForm(forms.Form):
    """Every editable field of an initiative. Rules are checked by the service, not here."""

    # Shown as required (``required`` attribute and a tag); the service enforces it.
    marked_required = frozenset({"title", "summary", "need", "unit", "portfolio", "work_type"})

    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Sammendrag"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Kort beskrivelse som vises i oversikter. Høyst 2000 tegn."),
    )
    need = forms.CharField(
        label=_("Behov"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": False}),
        help_text=_("Hvilket problem skal løses, og for hvem?"),
    )
    unit = UnitChoiceField(
        label=_("Forslagsstillende virksomhet"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("Velg virksomhet"),
        help_text=_("Direktøren for virksomhetens direktørområde godkjenner initiativet."),
    )
    portfolio = PortfolioChoiceField(
        label=_("Primær portefølje"),
        queryset=Portfolio.objects.all(),
        required=False,
        empty_label=_("Velg portefølje"),
    )
    contributing_portfolios = forms.ModelMultipleChoiceField(
        label=_("Bidragende porteføljer"),
        queryset=Portfolio.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Andre porteføljer som må bidra, f.eks. DigIT for en skole med nytt utstyr."),
    )
    program = forms.ModelChoiceField(
        label=_("Program eller produktområde"),
        queryset=Program.objects.all(),
        required=False,
        empty_label=_("Ingen"),
    )
    goals = GoalTreeField(
        label=_("Bidrar til mål"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Målene i kommuneplanen initiativet støtter."),
    )
    work_type = forms.ChoiceField(
        label=_("Arbeidstype"),
        choices=WorkType.choices,
        required=False,
        initial=WorkType.DEVELOPMENT,
        widget=forms.RadioSelect,
        help_text=_("Drift og forvaltning registreres for kapasitet, men går ikke til styret."),
    )
    politically_mandated = forms.BooleanField(label=_("Politisk vedtatt"), required=False)
    political_reference = forms.CharField(
        label=_("Henvisning til politisk vedtak"),
        max_length=200,
        required=False,
        help_text=_("Påkrevd når initiativet er politisk vedtatt, f.eks. saksnummer 2024/123."),
    )
    confidential = forms.BooleanField(
        label=_("Unntatt offentlighet"),
        required=False,
        help_text=_("Bare de med en rolle for initiativet kan se det."),
    )
    archive_reference = forms.CharField(
        label=_("Saksnummer i arkivet"), max_length=64, required=False
    )

    SCALARS = (
        "title",
        "summary",
        "need",
        "unit",
        "portfolio",
        "program",
        "work_type",
        "politically_mandated",
        "political_reference",
        "confidential",
        "archive_reference",
    )

    @classmethod
    def initial_from(cls, initiative: Initiative) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(initiative, name) for name in cls.SCALARS}
        initial["unit"] = initiative.unit_id
        initial["portfolio"] = initiative.portfolio_id
        initial["program"] = initiative.program_id
        initial["contributing_portfolios"] = [
            p.pk for p in initiative.contributing_portfolios.all()
        ]
        initial["goals"] = [g.pk for g in initiative.goals.all()]
        return initial

    def service_data(self) -> dict[str, Any]:
        """The parsed fields as the service's ``data`` (without costs)."""
        data = {name: self.cleaned_data[name] for name in self.SCALARS}
        data["contributing_portfolios"] = list(self.cleaned_data["contributing_portfolios"])
        data["goals"] = list(self.cleaned_data["goals"])
        return data


class YearRowForm(forms.Form):
    """One year of a table of amounts per year (``web/partials/formset_table.html``): the year,
    then the subclass's columns, all text the service parses; a row left empty is not sent."""

    year = forms.CharField(
        label=_("År"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6, "autocomplete": "off"}),
    )

    def is_blank(self) -> bool:
        cleaned = getattr(self, "cleaned_data", {})
        return not any((cleaned.get(name) or "").strip() for name in self.fields)


def year_formset(
    row_form: type[YearRowForm],
    prefix: str,
    data: Any = None,
    *,
    initial: Sequence[Mapping[str, Any]] = (),
    add_row: bool = False,
    min_rows: int,
    max_rows: int,
) -> forms.BaseFormSet:
    """What was posted (plus one row with «Legg til år», at most ``max_rows``), or the
    ``initial`` rows with blank rows after them: up to ``min_rows``, and at least one."""
    if data is not None:
        if add_row:
            data = data.copy()
            total = _int(data.get(f"{prefix}-TOTAL_FORMS"), min_rows)
            data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, max_rows))
        factory = forms.formset_factory(row_form, extra=0, max_num=max_rows, absolute_max=max_rows)
        return factory(data, prefix=prefix)
    factory = forms.formset_factory(
        row_form, extra=max(min_rows - len(initial), 1), max_num=max_rows, absolute_max=max_rows
    )
    return factory(initial=list(initial), prefix=prefix)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def filled_rows(formset: forms.BaseFormSet) -> tuple[list[dict[str, str]], list[int]]:
    """The non-blank rows for the service, and for each the index of its form."""
    rows: list[dict[str, str]] = []
    form_indexes: list[int] = []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        rows.append({name: (form.cleaned_data.get(name) or "").strip() for name in form.fields})
        form_indexes.append(index)
    return rows, form_indexes


class CostRowForm(YearRowForm):
    """One year of the cost estimate; amounts are parsed by the service (``1 000 000`` works)."""

    investment = forms.CharField(
        label=_("Investering (kr)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 14, "autocomplete": "off"}),
    )
    operating = forms.CharField(
        label=_("Drift (kr)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 14, "autocomplete": "off"}),
    )


def cost_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, add_row: bool = False
) -> forms.BaseFormSet:
    """The yearly cost rows: existing rows, then blank rows up to at least three."""
    return year_formset(
        CostRowForm,
        "costs",
        data,
        initial=initial or (),
        add_row=add_row,
        min_rows=COST_ROWS_MIN,
        max_rows=COST_ROWS_MAX,
    )


cost_rows = filled_rows


def _grouped(amount: Any) -> str:
    """``1100000`` → ``"1 100 000"``: easy to read, and the service parses it back."""
    return f"{int(amount):,}".replace(",", " ")


def cost_initial(initiative: Initiative) -> list[dict[str, Any]]:
    return [
        {
            "year": str(c.year),
            "investment": _grouped(c.investment),
            "operating": _grouped(c.operating),
        }
        for c in initiative.costs.all()
    ]


def apply_service_errors(
    form: forms.Form,
    exc: ValidationFailed,
    *,
    formset: forms.BaseFormSet | None = None,
    form_indexes: list[int] | None = None,
    rows: str = "costs",
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Tie every error of the service to its field; unknown names become form-wide errors.

    ``<rows>[i]`` and ``<rows>[i].<column>`` go to the ``i``-th row sent (``form_indexes``
    says which form of ``formset`` that was); ``aliases`` maps other names to form fields.
    """
    row_key = re.compile(rf"^{re.escape(rows)}\[(\d+)\](?:\.(\w+))?$")
    aliases = aliases or {}
    for name, messages in exc.errors.items():
        match = row_key.match(name)
        if match and formset is not None and form_indexes is not None:
            position = int(match.group(1))
            column = match.group(2)
            if position < len(form_indexes):
                row = formset.forms[form_indexes[position]]
                target = column if column in row.fields else None
                for message in messages:
                    row.add_error(target, message)
                continue
        field_name = aliases.get(name, name)
        target = field_name if field_name in form.fields else None
        for message in messages:
            form.add_error(target, message)


# --- actions, comments and roles on an initiative -------------------------------------------


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[(role.value, role.label) for role in Role if role in INITIATIVE_ROLES],
    )
    user = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
        empty_label=_("Velg person"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_role_%s")
        super().__init__(*args, **kwargs)


# --- filters --------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The overview's filters, rendered from ``Filters``; the selector does the filtering.

    Choices use slugs, so filtered URLs are readable and stable.
    """

    q = forms.CharField(label=_("Fritekst"), required=False)
    directorate = forms.ChoiceField(label=_("Direktørområde"), required=False)
    unit = forms.ChoiceField(label=_("Virksomhet"), required=False)
    portfolio = forms.ChoiceField(label=_("Portefølje"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    goal = forms.ChoiceField(label=_("Mål"), required=False)
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *list(State.choices)]
    )
    work_type = forms.ChoiceField(
        label=_("Arbeidstype"), required=False, choices=[("", _("Alle")), *list(WorkType.choices)]
    )
    mandated = forms.ChoiceField(
        label=_("Politisk vedtatt"),
        required=False,
        choices=[("", _("Alle")), ("yes", _("Ja")), ("no", _("Nei"))],
    )

    def __init__(self, *args: Any, directorate: Directorate | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        units: QuerySet[Unit] = Unit.objects.select_related("directorate").order_by(
            "directorate__name", "name"
        )
        if directorate is not None:
            del self.fields["directorate"]
            units = units.filter(directorate=directorate)
            self.fields["unit"].choices = everything + [(u.slug, u.name) for u in units]
        else:
            self.fields["directorate"].choices = everything + [
                (d.slug, d.name) for d in Directorate.objects.order_by("name")
            ]
            self.fields["unit"].choices = everything + [
                (d.name, [(u.slug, u.name) for u in group])
                for d, group in groupby(units, key=lambda u: u.directorate)
            ]
        self.fields["portfolio"].choices = everything + [
            (p.slug, p.name) for p in Portfolio.objects.order_by("name")
        ]
        self.fields["program"].choices = everything + [
            (p.slug, p.name) for p in Program.objects.order_by("name")
        ]
        self.fields["goal"].choices = everything + [
            (g.slug, "\u2003" * depth + g.name) for g, depth in goal_tree(list(Goal.objects.all()))
        ]
