"""Forms of the prioritisation pages.

The forms only parse what the browser sends (text, choices, rows); every rule — which levels
exist, that weights are numbers, that a budget year is a year, that a politically mandated
initiative cannot be forced out — lives in ``veivalg.prioritization.services``. The
service's errors (``ValidationFailed`` with field names such as ``levels[2].meaning``,
``judgements[3].value``, ``budget.2027`` or ``overrides.17``) are tied back to the fields
here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veivalg.capacity.quarters import quarter_display, quarter_label
from veivalg.core.errors import ValidationFailed
from veivalg.org.models import Board
from veivalg.prioritization.models import Criterion, DependencyType, Level, Scenario
from veivalg.prioritization.services import parse_saaty
from veivalg.web.forms import YearRowForm, year_formset

BUDGET_ROWS_MIN = 3
BUDGET_ROWS_MAX = 20

# --- criteria -----------------------------------------------------------------------------


class CriterionForm(forms.Form):
    """A criterion's name, description and what each of its five levels means."""

    marked_required = frozenset({"name", *(f"level_{level}" for level in Level.values)})

    name = forms.CharField(label=_("Navn"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Hva kriteriet måler, med ord alle som vurderer kan bruke."),
    )

    def __init__(self, *args: Any, criterion: Criterion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {lv.level: lv.label for lv in criterion.levels.all()}
        for level in Level.values:
            self.fields[f"level_{level}"] = forms.CharField(
                label=_("Nivå %(level)s – %(label)s")
                % {"level": level, "label": labels.get(level) or Level(level).label},
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
            )

    @staticmethod
    def initial_from(criterion: Criterion) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": criterion.name, "description": criterion.description}
        for lv in criterion.levels.all():
            initial[f"level_{lv.level}"] = lv.meaning
        return initial

    def service_data(self) -> dict[str, Any]:
        """``name``, ``description`` and all five ``levels`` (list index = level)."""
        return {
            "name": self.cleaned_data["name"],
            "description": self.cleaned_data["description"],
            "levels": [
                {"level": level, "meaning": self.cleaned_data[f"level_{level}"]}
                for level in Level.values
            ],
        }

    def apply_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            match = re.match(r"^levels\[(\d+)\]", name)
            if match and f"level_{match.group(1)}" in self.fields:
                target: str | None = f"level_{match.group(1)}"
            else:
                target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class DirectWeightsForm(forms.Form):
    """One percentage per criterion; the service scales them to sum to 100 %."""

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "weight_%s")
        super().__init__(*args, **kwargs)
        self.slugs: dict[str, str] = {}
        self.marked_required = frozenset(c.slug for c in criteria)
        for criterion in criteria:
            self.fields[criterion.slug] = forms.CharField(
                label=criterion.name,
                max_length=12,
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 6, "autocomplete": "off"}
                ),
            )
            self.slugs[criterion.slug] = criterion.slug

    @staticmethod
    def initial_from(criteria: Iterable[Criterion]) -> dict[str, str]:
        return {c.slug: percent_text(c.weight) for c in criteria}

    def service_weights(self) -> dict[str, str]:
        """``{slug: text}`` for every criterion that has a value; the service parses them."""
        return {
            slug: self.cleaned_data[slug].strip()
            for slug in self.slugs
            if (self.cleaned_data.get(slug) or "").strip()
        }

    def apply_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def percent_text(weight: Decimal) -> str:
    """``Decimal("0.35")`` → ``"35"``; ``0.123456`` → ``"12,3"`` (one decimal at most)."""
    percent = (Decimal(weight) * 100).quantize(Decimal("0.1"))
    if percent == percent.to_integral_value():
        return str(int(percent))
    return str(percent).replace(".", ",")


# --- pairwise comparison -----------------------------------------------------------------

# Saaty's scale from "A extremely more important" to "B extremely more important".
SCALE: tuple[str, ...] = (
    "9",
    "8",
    "7",
    "6",
    "5",
    "4",
    "3",
    "2",
    "1",
    "1/2",
    "1/3",
    "1/4",
    "1/5",
    "1/6",
    "1/7",
    "1/8",
    "1/9",
)
_INTENSITY = {
    9: _("ekstremt viktigere"),
    8: _("mellom svært sterkt og ekstremt viktigere"),
    7: _("svært sterkt viktigere"),
    6: _("mellom sterkt og svært sterkt viktigere"),
    5: _("sterkt viktigere"),
    4: _("mellom moderat og sterkt viktigere"),
    3: _("moderat viktigere"),
    2: _("litt viktigere (mellom like viktige og moderat)"),
}


def scale_text(value: Fraction) -> str:
    """``Fraction(3)`` → ``"3"``, ``Fraction(1, 3)`` → ``"1/3"``."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def judgement_phrase(a: str, b: str, value: str, *, short: bool = False) -> str:
    """The scale point ``value`` (A over B) in words: «A» er moderat viktigere enn «B».

    ``short`` leaves out «enn «B»» (the radio buttons, whose legend names both).
    """
    fraction = Fraction(value)
    if fraction == 1:
        return (
            gettext("Like viktige")
            if short
            else (gettext("«%(a)s» og «%(b)s» er like viktige") % {"a": a, "b": b})
        )
    if fraction > 1:
        strong, weak, n = a, b, int(fraction)
    else:
        strong, weak, n = b, a, int(1 / fraction)
    if short:
        return gettext("«%(strong)s» er %(how)s") % {"strong": strong, "how": _INTENSITY[n]}
    return gettext("«%(strong)s» er %(how)s enn «%(weak)s»") % {
        "strong": strong,
        "weak": weak,
        "how": _INTENSITY[n],
    }


@dataclass(frozen=True)
class Pair:
    """Two criteria compared on one radio group; ``a`` comes first in the set's order."""

    a: Criterion
    b: Criterion

    @property
    def name(self) -> str:
        return f"pair_{self.a.pk}_{self.b.pk}"

    @property
    def anchor(self) -> str:
        return f"par-{self.a.slug}-{self.b.slug}"


class PairwiseForm(forms.Form):
    """One radio group per pair of criteria, on Saaty's scale presented in words."""

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ordered = list(criteria)
        self.pairs: list[Pair] = [
            Pair(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]
        ]
        for pair in self.pairs:
            # Any text: the service says what is not on the scale.
            self.fields[pair.name] = forms.CharField(
                label=_("«%(a)s» mot «%(b)s»") % {"a": pair.a.name, "b": pair.b.name},
                required=False,
            )

    @staticmethod
    def initial_from(
        criteria: Sequence[Criterion], stored: Mapping[tuple[str, str], Decimal]
    ) -> dict[str, str]:
        """The stored judgements (each pair once, in either order) as A-over-B scale texts."""
        initial: dict[str, str] = {}
        ordered = list(criteria)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if (a.slug, b.slug) in stored:
                    value = parse_saaty(stored[(a.slug, b.slug)])
                elif (b.slug, a.slug) in stored:
                    value = parse_saaty(stored[(b.slug, a.slug)])
                    value = 1 / value if value else None
                else:
                    value = None
                if value is not None:
                    initial[Pair(a, b).name] = scale_text(value)
        return initial

    def service_judgements(self) -> tuple[list[dict[str, str]], list[Pair]]:
        """The answered pairs as ``[{"a", "b", "value"}]``, and the pair of each item."""
        items: list[dict[str, str]] = []
        pairs: list[Pair] = []
        for pair in self.pairs:
            value = (self.cleaned_data.get(pair.name) or "").strip()
            if value:
                items.append({"a": pair.a.slug, "b": pair.b.slug, "value": value})
                pairs.append(pair)
        return items, pairs

    def options(self, pair: Pair) -> list[dict[str, Any]]:
        """The 17 radio buttons of one pair, each with its words and whether it is chosen."""
        current = str(self[pair.name].value() or "")
        return [
            {
                "value": value,
                "id": f"{pair.anchor}-{index}",
                "label": judgement_phrase(pair.a.name, pair.b.name, value, short=True),
                "words": judgement_phrase(pair.a.name, pair.b.name, value),
                "side": "a" if Fraction(value) > 1 else ("b" if Fraction(value) < 1 else "equal"),
                "checked": value == current,
            }
            for index, value in enumerate(SCALE)
        ]

    def apply_errors(self, exc: ValidationFailed, pairs: Sequence[Pair]) -> None:
        for name, messages in exc.errors.items():
            match = re.match(r"^judgements\[(\d+)\]", name)
            target: str | None = None
            if match and int(match.group(1)) < len(pairs):
                target = pairs[int(match.group(1))].name
            for message in messages:
                self.add_error(target, message)


# --- ratings ------------------------------------------------------------------------------


class RatingForm(forms.Form):
    """One radio group per criterion (levels 0–4 or «not rated») and an optional reason."""

    NOT_RATED = ""

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "rating_%s")
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"level-{criterion.slug}"] = forms.CharField(
                label=criterion.name, required=False
            )
            self.fields[f"comment-{criterion.slug}"] = forms.CharField(
                label=_("Begrunnelse for «%(name)s» (valgfritt)") % {"name": criterion.name},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
            )

    @staticmethod
    def initial_from(ratings: Iterable[Any]) -> dict[str, str]:
        initial: dict[str, str] = {}
        for rating in ratings:
            initial[f"level-{rating.criterion.slug}"] = str(rating.level)
            initial[f"comment-{rating.criterion.slug}"] = rating.comment
        return initial

    def service_data(self) -> tuple[dict[str, str | None], dict[str, str]]:
        """``ratings`` (``{slug: level text or None}``) and ``comments`` for the service."""
        ratings: dict[str, str | None] = {}
        comments: dict[str, str] = {}
        for criterion in self.criteria:
            raw = (self.cleaned_data.get(f"level-{criterion.slug}") or "").strip()
            ratings[criterion.slug] = raw or None
            if raw:
                comments[criterion.slug] = (
                    self.cleaned_data.get(f"comment-{criterion.slug}") or ""
                ).strip()
        return ratings, comments

    def groups(self) -> list[dict[str, Any]]:
        """Per criterion: its bound fields and the radio options with the level meanings."""
        out = []
        for criterion in self.criteria:
            field = self[f"level-{criterion.slug}"]
            current = str(field.value() if field.value() is not None else "")
            base = f"rating-{criterion.slug}"
            options = [
                {
                    "value": self.NOT_RATED,
                    "id": f"{base}-none",
                    "label": gettext("Ikke vurdert"),
                    "meaning": "",
                    "checked": current == self.NOT_RATED,
                }
            ]
            for lv in criterion.levels.all():
                options.append(
                    {
                        "value": str(lv.level),
                        "id": f"{base}-{lv.level}",
                        "label": f"{lv.level} – {lv.label}",
                        "meaning": lv.meaning,
                        "checked": current == str(lv.level),
                    }
                )
            out.append(
                {
                    "criterion": criterion,
                    "field": field,
                    "comment": self[f"comment-{criterion.slug}"],
                    "options": options,
                    "error_id": f"{base}-error",
                    "first_id": options[1]["id"] if len(options) > 1 else options[0]["id"],
                }
            )
        return out

    def apply_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            if name.startswith("comments."):
                target: str | None = f"comment-{name.removeprefix('comments.')}"
            else:
                target = f"level-{name}"
            if target not in self.fields:
                target = None
            for message in messages:
                self.add_error(target, message)


# --- dependencies -------------------------------------------------------------------------

# How "this initiative <type> the other" reads in the add form.
DEPENDENCY_CHOICES = [
    (DependencyType.REQUIRES.value, _("forutsetter (kan bare velges sammen med det andre)")),
    (DependencyType.EXCLUDES.value, _("utelukker (høyst ett av dem kan velges)")),
    (
        DependencyType.TOGETHER.value,
        _("alle eller ingen (velges sammen eller ikke i det hele tatt)"),
    ),
    (
        DependencyType.FINISH_TO_START.value,
        _("må være ferdig før det andre kan starte"),
    ),
]


class DependencyForm(forms.Form):
    marked_required = frozenset({"type", "to"})

    type = forms.ChoiceField(
        label=_("Dette initiativet …"),
        choices=[("", _("Velg type avhengighet")), *DEPENDENCY_CHOICES],
        error_messages={
            "required": _("Velg hvordan initiativene henger sammen."),
            "invalid_choice": _("Velg en av typene i listen."),
        },
    )
    to = forms.CharField(
        label=_("… det andre initiativet (nummer)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8, "autocomplete": "off"}),
        help_text=_("Nummeret står øverst på initiativets side, f.eks. 42."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "dependency_%s")
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, str]:
        return {
            "type": self.cleaned_data["type"],
            "to": self.cleaned_data["to"].strip().lstrip("#").removeprefix("nr.").strip(),
        }

    def apply_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


# --- scenarios ----------------------------------------------------------------------------


class BoardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Board) -> str:
        return obj.name


class ScenarioForm(forms.Form):
    """Name, board and how the candidates are chosen; budget rows and overrides come apart."""

    marked_required = frozenset({"name", "board", "candidate_mode"})
    DEFAULT, EXPLICIT = "default", "explicit"

    name = forms.CharField(label=_("Navn på scenariet"), max_length=200, required=False)
    board = BoardChoiceField(
        label=_("Porteføljestyre"),
        queryset=Board.objects.order_by("name"),
        to_field_name="slug",
        empty_label=None,
        help_text=_("Styret scenariet kan foreslås for."),
    )
    candidate_mode = forms.ChoiceField(
        label=_("Kandidater"),
        choices=[
            (
                DEFAULT,
                _(
                    "Standardutvalget: initiativer som er klare for beslutning i styret, "
                    "pluss alt som allerede er vedtatt eller pågår (tas alltid med)"
                ),
            ),
            (EXPLICIT, _("Bare initiativene jeg krysser av for i tabellen under")),
        ],
        initial=DEFAULT,
        widget=forms.RadioSelect,
    )

    horizon_from = forms.CharField(
        label=_("Fra kvartal"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off"}),
        help_text=_("Skriv kvartalet som 2027Q1. Tomt: fra 1. kvartal i det første budsjettåret."),
    )
    horizon_to = forms.CharField(
        label=_("Til kvartal"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off"}),
        help_text=_("Skriv kvartalet som 2028Q4. Tomt: til 4. kvartal i det siste budsjettåret."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "scenario_%s")
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["board"]  # a scenario stays with the board it was made for

    @staticmethod
    def initial_from(scenario: Scenario) -> dict[str, Any]:
        return {
            "name": scenario.name,
            "candidate_mode": ScenarioForm.EXPLICIT
            if scenario.explicit_candidates
            else ScenarioForm.DEFAULT,
            "horizon_from": quarter_label(scenario.horizon_from)
            if scenario.horizon_from is not None
            else "",
            "horizon_to": quarter_label(scenario.horizon_to)
            if scenario.horizon_to is not None
            else "",
        }

    def horizon_data(self) -> dict[str, str] | None:
        """``{"from": "2027Q1", "to": "2028Q4"}`` as typed, or ``None`` when both are empty
        (the budget years); the service parses the quarters."""
        first = (self.cleaned_data.get("horizon_from") or "").strip()
        last = (self.cleaned_data.get("horizon_to") or "").strip()
        if not first and not last:
            return None
        return {"from": first, "to": last}


class BudgetRowForm(YearRowForm):
    """One year of the budget limit; the amount is parsed by the service (``5 000 000``)."""

    amount = forms.CharField(
        label=_("Budsjett (kr)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 14, "autocomplete": "off"}),
    )


def budget_formset(
    data: Any = None, *, add_row: bool = False, initial: Sequence[Mapping[str, str]] = ()
) -> forms.BaseFormSet:
    """The yearly budget rows: what was posted (plus one with «Legg til år»), or the
    ``initial`` years (a scenario being changed) with blank rows up to three at least."""
    return year_formset(
        BudgetRowForm,
        "budget",
        data,
        initial=initial,
        add_row=add_row,
        min_rows=BUDGET_ROWS_MIN,
        max_rows=BUDGET_ROWS_MAX,
    )


def budget_rows(formset: forms.BaseFormSet) -> tuple[dict[str, str], dict[str, int]] | None:
    """``{year: amount}`` for the service and, per year, the index of its row.

    Two rows with the same year cannot both be sent (a year is a key), so that is marked on
    the second row here and ``None`` is returned.
    """
    budget: dict[str, str] = {}
    rows: dict[str, int] = {}
    duplicate = False
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        year = (form.cleaned_data.get("year") or "").strip()
        if year in rows:
            form.add_error("year", gettext("Året står på en rad til over."))
            duplicate = True
            continue
        budget[year] = (form.cleaned_data.get("amount") or "").strip()
        rows[year] = index
    return None if duplicate else (budget, rows)


@dataclass
class ScenarioErrors:
    """The service's errors that belong to no single form field."""

    budget: list[str]  # about the budget rows as a whole
    candidates: dict[int, list[str]]  # per candidate row, by initiative id


def apply_scenario_errors(
    exc: ValidationFailed,
    *,
    form: ScenarioForm,
    formset: forms.BaseFormSet,
    budget_index: Mapping[str, int],
    candidate_ids: Sequence[int],
) -> ScenarioErrors:
    """Tie the service's errors to their fields.

    ``budget.<year>`` goes to that year's row (to the year when it is not four digits, else
    to the amount), ``budget`` to the rows as a whole, ``candidates[i]`` and
    ``overrides.<id>`` to the candidate's row, ``name`` to its field.
    """
    out = ScenarioErrors(budget=[], candidates={})
    for name, messages in exc.errors.items():
        if name.startswith("budget."):
            year = name.removeprefix("budget.")
            index = budget_index.get(year)
            if index is not None:
                column = "amount" if year.isdigit() and len(year) == 4 else "year"
                for message in messages:
                    formset.forms[index].add_error(column, message)
                continue
        if name == "budget":
            out.budget.extend(messages)
            continue
        match = re.match(r"^candidates\[(\d+)\]$", name)
        if match and int(match.group(1)) < len(candidate_ids):
            out.candidates.setdefault(candidate_ids[int(match.group(1))], []).extend(messages)
            continue
        match = re.match(r"^overrides\.(\d+)$", name)
        if match:
            out.candidates.setdefault(int(match.group(1)), []).extend(messages)
            continue
        target = name if name in form.fields else None
        if name == "candidates":
            target = "candidate_mode"
        elif name in HORIZON_ERROR_FIELDS:
            target = HORIZON_ERROR_FIELDS[name]
        for message in messages:
            form.add_error(target, message)
    return out


# The service's error keys about the horizon, and the field each belongs to.
HORIZON_ERROR_FIELDS = {
    "horizon": "horizon_from",
    "horizon.from": "horizon_from",
    "horizon.to": "horizon_to",
    "horizon_from": "horizon_from",
    "horizon_to": "horizon_to",
}


# --- scenario what-if and competence insight ----------------------------------------------

NO_CHANGE = ""


def quarter_choices(quarters: Iterable[int]) -> list[tuple[str, str]]:
    """``[("2027Q1", "1. kv. 2027"), …]`` for a select of quarters."""
    return [(quarter_label(q), quarter_display(q)) for q in quarters]


def parse_fte_change(text: str) -> float:
    """``"+2"``, ``"-1,5"`` or ``"−0,5"`` (a typographic minus) as a float; ValueError otherwise."""
    cleaned = text.strip().replace("\u2212", "-").replace(",", ".").replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    return float(cleaned)


class WhatIfForm(forms.Form):
    """What changes in the copy of a scenario: one capacity, one start window, forced in.

    The choices come from the scenario (its horizon's quarters, its candidates); the service
    (``scenario_what_if``) checks every rule and says which field is wrong.
    """

    name = forms.CharField(
        label=_("Navn på det nye scenariet (valgfritt)"),
        max_length=200,
        required=False,
        help_text=_("Tomt: navnet lages ut fra det opprinnelige scenariet."),
    )
    capacity_competence = forms.ChoiceField(label=_("Kompetanse"), required=False)
    capacity_quarter = forms.ChoiceField(label=_("Kvartal"), required=False)
    capacity_fte = forms.CharField(
        label=_("Endring i årsverk"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "autocomplete": "off"}),
        help_text=_(
            "Pluss for mer, minus for mindre: 2 betyr to årsverk mer, -1,5 halvannet mindre."
        ),
    )
    window_initiative = forms.ChoiceField(label=_("Initiativ"), required=False)
    window_earliest = forms.ChoiceField(label=_("Tidligste start"), required=False)
    window_latest = forms.ChoiceField(label=_("Seneste start"), required=False)
    force_in = forms.MultipleChoiceField(
        label=_("Initiativer som skal tvinges inn"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Initiativene tas med i det nye scenariet uansett verdi."),
    )

    def __init__(
        self,
        *args: Any,
        quarters: Sequence[int],
        competences: Sequence[tuple[str, str]],
        candidates: Sequence[tuple[int, str]],
        forceable: Sequence[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "whatif_%s")
        super().__init__(*args, **kwargs)
        options = quarter_choices(quarters)
        fields = self.fields
        fields["capacity_competence"].choices = [  # type: ignore[attr-defined]
            (NO_CHANGE, gettext("Ingen endring")),
            *competences,
        ]
        fields["capacity_quarter"].choices = [  # type: ignore[attr-defined]
            (NO_CHANGE, gettext("Alle kvartaler")),
            *options,
        ]
        fields["window_initiative"].choices = [  # type: ignore[attr-defined]
            (NO_CHANGE, gettext("Ingen endring")),
            *((str(pk), title) for pk, title in candidates),
        ]
        for name in ("window_earliest", "window_latest"):
            fields[name].choices = [  # type: ignore[attr-defined]
                (NO_CHANGE, gettext("Velg kvartal")),
                *options,
            ]
        fields["force_in"].choices = [  # type: ignore[attr-defined]
            (str(pk), title) for pk, title in forceable
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        competence = data.get("capacity_competence") or ""
        fte_text = (data.get("capacity_fte") or "").strip()
        if competence and not fte_text:
            self.add_error("capacity_fte", gettext("Oppgi hvor mange årsverk mer eller mindre."))
        elif fte_text:
            try:
                data["capacity_fte_value"] = parse_fte_change(fte_text)
            except ValueError:
                self.add_error(
                    "capacity_fte", gettext("Skriv et tall i årsverk, f.eks. 2 eller -1,5.")
                )
            if not competence:
                self.add_error("capacity_competence", gettext("Velg kompetansen som skal endres."))
        initiative = data.get("window_initiative") or ""
        earliest = data.get("window_earliest") or ""
        latest = data.get("window_latest") or ""
        if initiative:
            if not earliest:
                self.add_error("window_earliest", gettext("Velg tidligste start."))
            if not latest:
                self.add_error("window_latest", gettext("Velg seneste start."))
        elif earliest or latest:
            self.add_error(
                "window_initiative", gettext("Velg initiativet som får nytt startvindu.")
            )
        return data

    def service_data(self) -> dict[str, Any]:
        """The ``data`` of ``services.scenario_what_if``."""
        data: dict[str, Any] = {
            "capacity_adjustments": [],
            "window_overrides": {},
            "force_in": [int(pk) for pk in self.cleaned_data.get("force_in") or []],
        }
        name = (self.cleaned_data.get("name") or "").strip()
        if name:
            data["name"] = name
        competence = self.cleaned_data.get("capacity_competence")
        if competence:
            data["capacity_adjustments"].append(
                {
                    "competence": competence,
                    "quarter": self.cleaned_data.get("capacity_quarter") or None,
                    "fte": self.cleaned_data["capacity_fte_value"],
                }
            )
        initiative = self.cleaned_data.get("window_initiative")
        if initiative:
            data["window_overrides"][initiative] = {
                "earliest_start": self.cleaned_data["window_earliest"],
                "latest_start": self.cleaned_data["window_latest"],
            }
        return data

    def apply_errors(self, exc: ValidationFailed) -> None:
        """Tie ``capacity_adjustments[0].fte``, ``window_overrides.17.latest_start``,
        ``force_in[1]`` … to their fields; what belongs to none goes to the form."""
        columns = {
            "competence": "capacity_competence",
            "quarter": "capacity_quarter",
            "fte": "capacity_fte",
            "earliest_start": "window_earliest",
            "latest_start": "window_latest",
        }
        for name, messages in exc.errors.items():
            target: str | None = None
            match = re.match(r"^capacity_adjustments(?:\[\d+\])?(?:\.(\w+))?$", name)
            if match:
                target = columns.get(match.group(1) or "", "capacity_competence")
            match = re.match(r"^window_overrides(?:\.[^.]+)?(?:\.(\w+))?$", name)
            if match:
                target = columns.get(match.group(1) or "", "window_initiative")
            if re.match(r"^force_in(\[\d+\])?$", name):
                target = "force_in"
            if name == "name":
                target = "name"
            for message in messages:
                self.add_error(target, message)


class InsightForm(forms.Form):
    """Which quarter one more FTE is added to when the insight is computed (or all)."""

    quarter = forms.ChoiceField(label=_("Ett årsverk mer i"), required=False)

    def __init__(self, *args: Any, quarters: Sequence[int], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "insight_%s")
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [  # type: ignore[attr-defined]
            (NO_CHANGE, gettext("Hele horisonten")),
            *quarter_choices(quarters),
        ]

    def chosen_quarter(self) -> str | None:
        return self.cleaned_data.get("quarter") or None
