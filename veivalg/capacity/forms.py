"""Forms of the capacity pages.

The forms only parse what the browser sends (quarters from a list, numbers as text, slugs);
every rule — who may change what, that the operations share is within the capacity, that a
start window is complete, that a competence exists — lives in ``veivalg.capacity.services``.
The service's errors are tied back to the fields with ``apply_service_errors``, rows by the
``rows[3].fte`` keys the service uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.capacity.models import Competence
from veivalg.capacity.quarters import (
    first_quarter,
    last_quarter,
    parse_quarter,
    quarter_display,
    quarter_label,
    quarter_range,
    year_of,
)
from veivalg.capacity.selectors import current_quarter
from veivalg.capacity.services import ROW_KEY, parse_number
from veivalg.core.errors import ValidationFailed
from veivalg.org.models import Directorate, Portfolio, Unit

MAX_SPAN = 24  # quarters in one heatmap or capacity grid (six years)
DEMAND_BLANK_ROWS = 3
DEMAND_ROWS_MAX = 120


def _decimal_text(value: Any) -> str:
    """``Decimal("4.50")`` → ``"4,5"``; ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


def parse_fte(text: str) -> Decimal:
    """``"1,5"``, ``"1.5"``, ``" 2 "``, ``"−1"`` → Decimal; ``ValueError`` otherwise."""
    number = parse_number(str(text).replace("\u2212", "-"))
    if number is None:
        raise ValueError(text)
    return number


def quarter_choices(*extra: int | None) -> list[tuple[str, str]]:
    """Two years back to six years ahead, widened to include ``extra`` quarters."""
    now = year_of(current_quarter())
    first, last = first_quarter(now - 2), last_quarter(now + 6)
    for quarter in extra:
        if quarter is not None:
            first, last = min(first, quarter), max(last, quarter)
    return [(quarter_label(q), quarter_display(q)) for q in quarter_range(first, last)]


def _quarter_or_none(text: Any) -> int | None:
    try:
        return parse_quarter(str(text)) if text else None
    except ValueError:
        return None


class RangeForm(forms.Form):
    """From and to quarter (``?from=2027Q1&to=2028Q4``); blank means the default range."""

    def __init__(
        self, *args: Any, default: tuple[int, int], auto_id: str = "filter_%s", **kwargs: Any
    ) -> None:
        super().__init__(*args, auto_id=auto_id, **kwargs)
        self.default = default
        data = self.data if self.is_bound else {}
        first, last = _quarter_or_none(data.get("from")), _quarter_or_none(data.get("to"))
        span = default[1] - default[0]
        # Only one end given: keep the default length from it; none: the default range.
        filled = {
            "from": last - span if first is None and last is not None else first,
            "to": first + span if last is None and first is not None else last,
        }
        choices = quarter_choices(*default, *filled.values())
        self.fields["from"] = forms.ChoiceField(
            label=_("Fra kvartal"), required=False, choices=choices
        )
        self.fields["to"] = forms.ChoiceField(
            label=_("Til kvartal"), required=False, choices=choices
        )
        self.initial.setdefault("from", quarter_label(default[0]))
        self.initial.setdefault("to", quarter_label(default[1]))
        if self.is_bound:
            mutable = self.data.copy()
            for name, fallback in (("from", default[0]), ("to", default[1])):
                if not mutable.get(name):
                    value = filled[name]
                    mutable[name] = quarter_label(value if value is not None else fallback)
            self.data = mutable

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first = _quarter_or_none(cleaned.get("from"))
        last = _quarter_or_none(cleaned.get("to"))
        if first is not None and last is not None:
            if last < first:
                self.add_error("to", _("Til-kvartalet kan ikke være før fra-kvartalet."))
            elif last - first + 1 > MAX_SPAN:
                self.add_error(
                    "to",
                    _("Velg høyst %(count)s kvartaler om gangen.") % {"count": MAX_SPAN},
                )
        return cleaned

    def quarters(self) -> tuple[int, int]:
        """The chosen range, or the default when the choice is missing or wrong."""
        if not self.is_bound:
            return self.default
        self.is_valid()
        if "from" in self.errors or "to" in self.errors or "__all__" in self.errors:
            return self.default
        first = _quarter_or_none(self.cleaned_data.get("from"))
        last = _quarter_or_none(self.cleaned_data.get("to"))
        if first is None or last is None:
            return self.default
        return first, last


class HeatmapFilterForm(RangeForm):
    """The heatmap's filters; directorate and portfolio by slug, so URLs are readable."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self._directorates = {d.slug: d for d in Directorate.objects.order_by("name")}
        self._portfolios = {p.slug: p for p in Portfolio.objects.order_by("name")}
        self.fields["directorate"] = forms.ChoiceField(
            label=_("Direktørområde"),
            required=False,
            choices=everything + [(s, d.name) for s, d in self._directorates.items()],
        )
        self.fields["portfolio"] = forms.ChoiceField(
            label=_("Portefølje"),
            required=False,
            choices=everything + [(s, p.name) for s, p in self._portfolios.items()],
        )

    def _chosen(self, name: str, known: Mapping[str, Any]) -> Any:
        if not self.is_bound:
            return None
        self.is_valid()
        slug = getattr(self, "cleaned_data", {}).get(name) or ""
        return known.get(slug)

    def directorate(self) -> Directorate | None:
        return self._chosen("directorate", self._directorates)

    def portfolio(self) -> Portfolio | None:
        return self._chosen("portfolio", self._portfolios)

    @property
    def active(self) -> bool:
        return self.directorate() is not None or self.portfolio() is not None


# --- competences and pools ----------------------------------------------------------------


class CompetenceForm(forms.Form):
    marked_required = frozenset({"slug", "name"})

    name = forms.CharField(label=_("Navn"), max_length=100, required=False)
    slug = forms.CharField(
        label=_("Kortnavn"),
        max_length=50,
        required=False,
        help_text=_("Små bokstaver, tall og bindestrek, for eksempel «tjenestedesigner»."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label=_("Beskrivelse"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "competence_%s")
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return {name: (self.cleaned_data[name] or "").strip() for name in self.fields}


class PoolForm(forms.Form):
    marked_required = frozenset({"slug", "name", "competence"})

    name = forms.CharField(label=_("Navn"), max_length=150, required=False)
    slug = forms.CharField(
        label=_("Kortnavn"),
        max_length=50,
        required=False,
        help_text=_("Små bokstaver, tall og bindestrek, for eksempel «digit-utviklere»."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    competence = forms.ChoiceField(label=_("Kompetanse"), required=False)
    unit = forms.ChoiceField(
        label=_("Enhet"),
        required=False,
        help_text=_("Velg enten en enhet eller en portefølje som poolen hører til."),
    )
    portfolio = forms.ChoiceField(label=_("Portefølje"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "pool_%s")
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [("", _("Velg kompetanse"))] + [
            (c.slug, c.name) for c in Competence.objects.order_by("name")
        ]
        self.fields["unit"].choices = [("", _("Ingen enhet"))] + [
            (u.slug, f"{u.name} ({u.directorate.name})")
            for u in Unit.objects.select_related("directorate").order_by("name")
        ]
        self.fields["portfolio"].choices = [("", _("Ingen portefølje"))] + [
            (p.slug, p.name) for p in Portfolio.objects.order_by("name")
        ]

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: (self.cleaned_data[name] or "").strip() for name in ("slug", "name", "competence")
        }
        for name in ("unit", "portfolio"):
            if self.cleaned_data[name]:
                data[name] = self.cleaned_data[name]
        return data


# --- the capacity grid ------------------------------------------------------------------------


class CapacityRowForm(forms.Form):
    """One quarter of a pool's capacity; a row left blank is not saved."""

    quarter = forms.CharField(widget=forms.HiddenInput, required=False)
    fte = forms.CharField(
        label=_("Kapasitet (årsverk)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "autocomplete": "off"}),
    )
    operations_fte = forms.CharField(
        label=_("Herav drift og forvaltning (årsverk)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "autocomplete": "off"}),
    )

    def clean_quarter(self) -> str:
        text = self.cleaned_data.get("quarter") or ""
        try:
            return quarter_label(parse_quarter(text))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def _number(self, name: str) -> Decimal | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_fte(text)
        except ValueError:
            raise forms.ValidationError(_("Skriv et tall i årsverk, for eksempel 4,5.")) from None

    def clean_fte(self) -> Decimal | None:
        return self._number("fte")

    def clean_operations_fte(self) -> Decimal | None:
        return self._number("operations_fte")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("fte") is None and cleaned.get("operations_fte") is not None:
            self.add_error("fte", _("Fyll inn kapasiteten når du fyller inn driftsandelen."))
        return cleaned

    @property
    def quarter_index(self) -> int | None:
        value = self["quarter"].value()
        return _quarter_or_none(value)

    def is_blank(self) -> bool:
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("fte") is None and cleaned.get("operations_fte") is None


CapacityFormSet = forms.formset_factory(
    CapacityRowForm, extra=0, max_num=MAX_SPAN, absolute_max=MAX_SPAN
)


def capacity_formset(
    data: Any = None, *, initial: Sequence[Mapping[str, Any]] | None = None
) -> forms.BaseFormSet:
    if data is not None:
        return CapacityFormSet(data, prefix="rows")
    return CapacityFormSet(initial=list(initial or []), prefix="rows")


def capacity_initial(rows: Iterable[Any]) -> list[dict[str, str]]:
    """The grid's rows from ``selectors.capacity_table`` (existing capacity or blank)."""
    out = []
    for row in rows:
        quarter = _attr(row, "quarter")
        out.append(
            {
                "quarter": quarter if isinstance(quarter, str) else quarter_label(quarter),
                "fte": _decimal_text(_attr(row, "fte")),
                "operations_fte": _decimal_text(_attr(row, "operations_fte")),
            }
        )
    return out


def _attr(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)


def capacity_rows(
    formset: forms.BaseFormSet, pool_slug: str
) -> tuple[list[dict[str, Any]], list[int]]:
    """The non-blank rows for ``capacity_set``, and for each the index of its form."""
    rows: list[dict[str, Any]] = []
    indexes: list[int] = []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        rows.append(
            {
                "pool": pool_slug,
                "quarter": form.cleaned_data["quarter"],
                "fte": form.cleaned_data["fte"],
                "operations_fte": form.cleaned_data["operations_fte"] or Decimal(0),
            }
        )
        indexes.append(index)
    return rows, indexes


# --- the demand of an initiative -----------------------------------------------------------


class DemandForm(forms.Form):
    """The start window as quarters; the service parses and checks them."""

    earliest_start = forms.CharField(
        label=_("Tidligste start"),
        max_length=10,
        required=False,
        help_text=_("Kvartal på formen 2027Q1."),
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off", "spellcheck": "false"}),
    )
    latest_start = forms.CharField(
        label=_("Seneste start"),
        max_length=10,
        required=False,
        help_text=_(
            "Kvartal på formen 2027Q3. For vedtatte og pågående tiltak er tidligste start den "
            "planlagte starten."
        ),
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "demand_%s")
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return {
            name: (self.cleaned_data[name] or "").strip() or None
            for name in ("earliest_start", "latest_start")
        }


class DemandRowForm(forms.Form):
    """One row of the demand: a competence, the quarter after the start, and FTE."""

    competence = forms.ChoiceField(label=_("Kompetanse"), required=False)
    offset = forms.CharField(
        label=_("Kvartal etter start"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "autocomplete": "off"}),
    )
    fte = forms.CharField(
        label=_("Årsverk"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, competences: Sequence[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [("", _("Velg kompetanse")), *competences]

    def clean_offset(self) -> int | None:
        text = (self.cleaned_data.get("offset") or "").strip()
        if not text:
            return None
        if not re.fullmatch(r"\d{1,3}", text):
            raise forms.ValidationError(_("Skriv et helt tall: 0 er startkvartalet."))
        return int(text)

    def clean_fte(self) -> Decimal | None:
        text = (self.cleaned_data.get("fte") or "").strip()
        if not text:
            return None
        try:
            return parse_fte(text)
        except ValueError:
            raise forms.ValidationError(_("Skriv et tall i årsverk, for eksempel 1,5.")) from None

    def is_blank(self) -> bool:
        cleaned = getattr(self, "cleaned_data", {})
        return (
            not cleaned.get("competence")
            and cleaned.get("offset") is None
            and (cleaned.get("fte") is None)
        )


def competence_choices() -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in Competence.objects.order_by("name")]


def demand_formset(
    data: Any = None,
    *,
    initial: Sequence[Mapping[str, Any]] | None = None,
    add_row: bool = False,
) -> forms.BaseFormSet:
    """The demand rows: existing rows, then blank rows to fill in."""
    kwargs = {"form_kwargs": {"competences": competence_choices()}, "prefix": "rows"}
    if data is not None:
        if add_row:
            data = data.copy()
            try:
                total = int(data.get("rows-TOTAL_FORMS", 0))
            except (TypeError, ValueError):
                total = 0
            data["rows-TOTAL_FORMS"] = str(min(total + 1, DEMAND_ROWS_MAX))
        factory = forms.formset_factory(
            DemandRowForm, extra=0, max_num=DEMAND_ROWS_MAX, absolute_max=DEMAND_ROWS_MAX
        )
        return factory(data, **kwargs)
    factory = forms.formset_factory(
        DemandRowForm,
        extra=DEMAND_BLANK_ROWS,
        max_num=DEMAND_ROWS_MAX,
        absolute_max=DEMAND_ROWS_MAX,
    )
    return factory(initial=list(initial or []), **kwargs)


def demand_initial(demand: Mapping[str, Any]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The form's and the rows' initial values from ``services.demand_get``."""
    window = {
        "earliest_start": demand.get("earliest_start") or "",
        "latest_start": demand.get("latest_start") or "",
    }
    rows = [
        {
            "competence": row.get("competence") or "",
            "offset": str(row.get("offset", "")),
            "fte": _decimal_text(row.get("fte")),
        }
        for row in demand.get("rows") or []
    ]
    return window, rows


def demand_rows(formset: forms.BaseFormSet) -> tuple[list[dict[str, Any]], list[int]]:
    """The non-blank rows for ``demand_set``, and for each the index of its form."""
    rows: list[dict[str, Any]] = []
    indexes: list[int] = []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        cleaned = form.cleaned_data
        rows.append(
            {
                "competence": cleaned.get("competence") or "",
                "offset": cleaned.get("offset"),
                "fte": cleaned.get("fte"),
            }
        )
        indexes.append(index)
    return rows, indexes


# --- import ----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    marked_required = frozenset({"kind", "file"})

    kind = forms.ChoiceField(
        label=_("Hva vil du importere?"),
        choices=[
            ("capacity", _("Kapasitet: én rad per pool og kvartal")),
            ("demand", _("Ressursbehov: én rad per tiltak, kompetanse og kvartal")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("Excel-fil (.xlsx)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "import_%s")
        super().__init__(*args, **kwargs)

    def clean_kind(self) -> str:
        kind = self.cleaned_data.get("kind") or ""
        if not kind:
            raise forms.ValidationError(_("Velg hva du vil importere."))
        return kind

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Velg en fil å importere."))
        if not str(upload.name).lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Filen må være en Excel-fil (.xlsx)."))
        return upload


# --- service errors --------------------------------------------------------------------------


def apply_service_errors(
    form: forms.Form | None,
    exc: ValidationFailed,
    *,
    formset: forms.BaseFormSet | None = None,
    form_indexes: Sequence[int] | None = None,
) -> list[str]:
    """Tie every error of the service to its field; return the messages that fit no field
    (shown at the top of the form)."""
    loose: list[str] = []
    for name, messages in exc.errors.items():
        match = ROW_KEY.match(name)
        if match and formset is not None and form_indexes is not None:
            position = int(match.group(1))
            if position < len(form_indexes):
                row = formset.forms[form_indexes[position]]
                column = match.group(2)
                target = column if column in row.fields and column != "quarter" else None
                for message in messages:
                    row.add_error(target, message)
                continue
        if form is not None and name in form.fields:
            for message in messages:
                form.add_error(name, message)
            continue
        loose.extend(str(m) for m in messages)
    return loose
