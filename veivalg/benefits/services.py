"""Writes to benefits: register, change and delete benefits, record measurements, and the
portfolio office's per-initiative business-case settings.

Every function checks who may do it first, then validates everything and raises all errors
at once (``ValidationFailed`` with field names like ``indicator.target`` or
``plan[0].year``), then writes in one transaction with its audit event.

Who may do what:

- benefits are registered and changed by the portfolio office while the initiative is open,
  and by the initiative's owner while it is a draft or under analysis (like editing it);
- measurements are recorded by the benefit's owner (gevinsteier), its responsible
  (gevinstansvarlig) or the portfolio office, unless the initiative was merged, withdrawn or
  rejected;
- r, s and the analysis period of one initiative are changed by the portfolio office, with a
  reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.benefits.models import (
    EFFECT_MAX,
    EFFECT_MIN,
    PRICED_CATEGORIES,
    Benefit,
    BusinessCaseSettings,
    Category,
    IndicatorUnit,
    Measurement,
    PlanValue,
)
from veivalg.core.audit import audit
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.initiatives.models import OPEN_STATES, Initiative, State
from veivalg.org.models import Role, User
from veivalg.org.roles import roles_of
from veivalg.org.services import role_grant
from veivalg.strategy.models import Goal

EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "goals",
    "owner",
    "responsible",
    "preconditions",
    "indicator",
    "plan",
    "effect",
)
INDICATOR_FIELDS = ("unit", "baseline", "baseline_date", "target", "target_date")
MEASUREMENT_FIELDS = ("date", "value", "comment")
SETTINGS_FIELDS = ("discount_rate", "tax_cost_rate", "period_years", "first_year", "reason")

# The owner edits benefits while the initiative is being prepared; the office while it is open.
OWNER_EDIT_STATES = frozenset({State.DRAFT, State.IN_ANALYSIS})
# Benefits of these initiatives are no longer followed: nothing to measure.
NOT_FOLLOWED_STATES = frozenset({State.MERGED, State.WITHDRAWN, State.REJECTED})

TEXT_LIMIT = 4000
COMMENT_LIMIT = 2000
LARGEST = Decimal(10) ** 14
CENTS = Decimal("0.01")
WHOLE = Decimal(1)
MAX_DISCOUNT_RATE = Decimal("0.2")
MAX_TAX_COST_RATE = Decimal(1)
MAX_PERIOD_YEARS = 50


@dataclass
class _Errors:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


@dataclass(frozen=True)
class PlanRow:
    year: int
    value: Decimal


# --- who may ----------------------------------------------------------------------------


def can_edit_benefits(user: User, initiative: Initiative) -> bool:
    """The portfolio office while the initiative is open; its owner in draft or analysis."""
    if roles_of(user).portfolio_office and initiative.state in OPEN_STATES:
        return True
    return initiative.owner_id == user.pk and initiative.state in OWNER_EDIT_STATES


def check_edit_benefits(user: User, initiative: Initiative) -> None:
    """Raise the reason why ``user`` may not change the benefits of ``initiative`` now."""
    if can_edit_benefits(user, initiative):
        return
    if roles_of(user).portfolio_office or initiative.owner_id == user.pk:
        raise InvalidTransition(
            _("Gevinstene kan ikke endres når initiativet har status «%(state)s».")
            % {"state": State(initiative.state).label},
            code="benefits_locked",
        )
    raise NotAllowed(
        _(
            "Bare porteføljekontoret og initiativets eier (i utkast og under analyse) kan "
            "registrere og endre gevinster."
        )
    )


def can_measure(user: User, benefit: Benefit) -> bool:
    try:
        check_measure(user, benefit)
    except (NotAllowed, InvalidTransition):
        return False
    return True


def check_measure(user: User, benefit: Benefit) -> None:
    """Raise the reason why ``user`` may not record a measurement of ``benefit`` now."""
    if not (
        roles_of(user).portfolio_office or user.pk in (benefit.owner_id, benefit.responsible_id)
    ):
        raise NotAllowed(
            _("Bare gevinsteieren, gevinstansvarlig og porteføljekontoret kan registrere målinger.")
        )
    if benefit.initiative.state in NOT_FOLLOWED_STATES:
        raise InvalidTransition(
            _("Gevinsten følges ikke opp når initiativet har status «%(state)s».")
            % {"state": State(benefit.initiative.state).label},
            code="benefit_not_followed",
        )
    if not benefit.has_indicator:
        raise InvalidTransition(
            _("Gevinsten har ingen indikator å måle. Legg inn en indikator først."),
            code="no_indicator",
        )


def can_change_settings(user: User) -> bool:
    return roles_of(user).portfolio_office


# --- parsing ------------------------------------------------------------------------------


def parse_number(value: Any) -> Decimal:
    """``"1 250 000"``, ``"12,5"``, ``"−3"``, 7, 7.5 → Decimal. Raises ``ValueError``."""
    if isinstance(value, bool) or value is None:
        raise ValueError("not a number")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    text = text.replace("\u2212", "-").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    if not amount.is_finite():
        raise ValueError("not a number")
    return amount


def _number(
    value: Any, errors: _Errors, name: str, *, whole: bool = False, required: bool = True
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, _("Feltet er påkrevd."))
        return None
    try:
        amount = parse_number(value)
    except ValueError:
        errors.add(name, _("Må være et tall."))
        return None
    if abs(amount) >= LARGEST:
        errors.add(name, _("Tallet er for stort."))
        return None
    return amount.quantize(WHOLE if whole else CENTS, rounding=ROUND_HALF_UP)


def parse_date(value: Any) -> date:
    """A date, ``"2027-06-30"`` or ``"30.06.2027"``. Raises ``ValueError``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text, "%d.%m.%Y").date()


def _date(value: Any, errors: _Errors, name: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.add(name, _("Feltet er påkrevd."))
        return None
    try:
        day = parse_date(value)
    except ValueError:
        errors.add(name, _("Må være en dato (ÅÅÅÅ-MM-DD)."))
        return None
    if not 2000 <= day.year <= 2100:
        errors.add(name, _("Datoen må være mellom år 2000 og 2100."))
        return None
    return day


def _text(value: Any, errors: _Errors, name: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        errors.add(name, _("Teksten kan være høyst %(limit)s tegn.") % {"limit": limit})
    return text


def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def resolve_references(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn the API's goal slugs and usernames into instances; unknown ones are field errors.

    Keys that are absent stay absent (for partial updates).
    """
    errors = _Errors()
    data = dict(raw)
    if "goals" in raw:
        slugs = list(raw["goals"] or [])
        found = {g.slug: g for g in Goal.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in found]
        if missing:
            errors.add("goals", _("Finnes ikke: %(slugs)s.") % {"slugs": ", ".join(missing)})
        data["goals"] = [found[s] for s in dict.fromkeys(slugs) if s in found]
    for name in ("owner", "responsible"):
        if name not in raw:
            continue
        username = raw[name]
        if username in (None, ""):
            data[name] = None
            continue
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            errors.add(name, _("Finnes ikke: «%(username)s».") % {"username": username})
        data[name] = user
    errors.raise_if_any()
    return data


# --- validation ----------------------------------------------------------------------------


def _reject_unknown(data: dict[str, Any], known: tuple[str, ...]) -> None:
    unknown = set(data) - set(known)
    if unknown:
        raise ValidationFailed({name: [_("Ukjent felt.")] for name in sorted(unknown)})


def _apply_indicator(benefit: Benefit, indicator: Any, errors: _Errors) -> None:
    if indicator is None:
        benefit.indicator_unit = ""
        benefit.baseline = benefit.target = None
        benefit.baseline_date = benefit.target_date = None
        return
    if not isinstance(indicator, dict):
        errors.add("indicator", _("Må være et objekt med enhet, nullpunkt og mål."))
        return
    for name in sorted(set(indicator) - set(INDICATOR_FIELDS)):
        errors.add(f"indicator.{name}", _("Ukjent felt."))
    unit = indicator.get("unit") or ""
    if unit not in IndicatorUnit.values:
        errors.add("indicator.unit", _("Velg en enhet for indikatoren."))
    baseline = _number(indicator.get("baseline"), errors, "indicator.baseline")
    target = _number(indicator.get("target"), errors, "indicator.target")
    baseline_date = _date(indicator.get("baseline_date"), errors, "indicator.baseline_date")
    target_date = _date(indicator.get("target_date"), errors, "indicator.target_date")
    if baseline is not None and target is not None and baseline == target:
        errors.add("indicator.target", _("Målet må være ulikt nullpunktet."))
    if baseline_date and target_date and target_date < baseline_date:
        errors.add(
            "indicator.target_date", _("Måldatoen kan ikke være før datoen for nullpunktet.")
        )
    benefit.indicator_unit = unit
    benefit.baseline, benefit.target = baseline, target
    benefit.baseline_date, benefit.target_date = baseline_date, target_date


def _clean_plan(rows: Any, priced: bool, errors: _Errors) -> list[PlanRow]:
    result: list[PlanRow] = []
    seen: set[int] = set()
    if not isinstance(rows, list | tuple):
        errors.add("plan", _("Må være en liste med år og verdi."))
        return result
    for index, row in enumerate(rows):
        prefix = f"plan[{index}]"
        if isinstance(row, PlanRow):
            row = {"year": row.year, "value": row.value}
        if not isinstance(row, dict):
            errors.add(prefix, _("Må være et objekt med år og verdi."))
            continue
        for name in sorted(set(row) - {"year", "value"}):
            errors.add(f"{prefix}.{name}", _("Ukjent felt."))
        year = _year(row.get("year"))
        if year is None:
            errors.add(f"{prefix}.year", _("Året må være et heltall mellom 2000 og 2100."))
        elif year in seen:
            errors.add(f"{prefix}.year", _("Året %(year)s står mer enn én gang.") % {"year": year})
        else:
            seen.add(year)
        value = _number(row.get("value"), errors, f"{prefix}.value", whole=priced)
        if value is not None and priced and value < 0:
            errors.add(f"{prefix}.value", _("En prissatt gevinst kan ikke være negativ."))
            value = None
        if year is not None and value is not None:
            result.append(PlanRow(year, value))
    return sorted(result, key=lambda r: r.year)


def _validate(
    benefit: Benefit, data: dict[str, Any], *, existing_plan: list[PlanRow]
) -> tuple[list[Goal] | None, list[PlanRow] | None]:
    """Apply ``data`` to the unsaved instance and check every rule; raise all errors at once.

    Returns the goals and plan rows to store (None: leave as they are).
    """
    errors = _Errors()
    old_category = benefit.category
    if "title" in data:
        benefit.title = _text(data["title"], errors, "title", 200)
    if not benefit.title and "title" not in errors.errors:
        errors.add("title", _("Gi gevinsten en tittel."))
    for name in ("description", "preconditions"):
        if name in data:
            setattr(benefit, name, _text(data[name], errors, name, TEXT_LIMIT))
    if "category" in data:
        benefit.category = data["category"] or ""
    if benefit.category not in Category.values:
        errors.add("category", _("Velg en kategori."))
    for name in ("owner", "responsible"):
        if name in data:
            person = data[name]
            if person is not None and not (isinstance(person, User) and person.is_active):
                errors.add(name, _("Velg en aktiv person."))
                person = None
            setattr(benefit, name, person)
    if "indicator" in data:
        _apply_indicator(benefit, data["indicator"], errors)
    if "effect" in data:
        effect = data["effect"]
        if effect is None or effect == "":
            benefit.effect = None
        else:
            try:
                benefit.effect = int(str(effect).replace("\u2212", "-").replace("+", ""))
            except ValueError:
                benefit.effect = None
                errors.add("effect", _("Må være et heltall fra −4 til +4."))
            else:
                if not EFFECT_MIN <= benefit.effect <= EFFECT_MAX:
                    errors.add("effect", _("Må være et heltall fra −4 til +4."))
    if benefit.category == Category.NON_PRICED and benefit.effect is None:
        if "effect" not in errors.errors:
            errors.add("effect", _("Vurder virkningen på skalaen fra −4 til +4."))
    elif benefit.category in PRICED_CATEGORIES and benefit.effect is not None:
        errors.add(
            "effect",
            _("Bare ikke-prissatte virkninger vurderes på pluss-minus-skalaen. Velg «Ingen»."),
        )
    priced = benefit.category in PRICED_CATEGORIES
    plan: list[PlanRow] | None = None
    if "plan" in data:
        plan = _clean_plan(data["plan"], priced, errors)
    elif old_category != benefit.category and priced and existing_plan:
        # The same plan now means kroner: whole and not negative.
        plan = _clean_plan(list(existing_plan), priced, errors)
    goals: list[Goal] | None = None
    if "goals" in data:
        goals = list(dict.fromkeys(data["goals"] or []))
        if any(not isinstance(g, Goal) for g in goals):
            errors.add("goals", _("Ukjent mål."))
            goals = None
    errors.raise_if_any()
    return goals, plan


def _save_relations(benefit: Benefit, goals: list[Goal] | None, plan: list[PlanRow] | None) -> None:
    if goals is not None:
        benefit.goals.set(goals)
    if plan is not None:
        benefit.plan.all().delete()
        PlanValue.objects.bulk_create(
            PlanValue(benefit=benefit, year=row.year, value=row.value) for row in plan
        )


def _grant_roles(actor: User, benefit: Benefit) -> None:
    """The benefit's owner and responsible hold the scoped roles on its initiative."""
    scope = str(benefit.initiative_id)
    if benefit.owner is not None:
        role_grant(actor=actor, user=benefit.owner, role=Role.BENEFIT_OWNER, scope=scope)
    if benefit.responsible is not None:
        role_grant(
            actor=actor, user=benefit.responsible, role=Role.BENEFIT_RESPONSIBLE, scope=scope
        )


def _plain(value: Any) -> Any:
    """A value as the audit log's JSON can hold it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return getattr(value, "username", None) or getattr(value, "slug", None) or value.pk
    return str(value)


SNAPSHOT_FIELDS = (
    "title",
    "description",
    "category",
    "owner",
    "responsible",
    "preconditions",
    "indicator_unit",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "effect",
)


def _snapshot(benefit: Benefit) -> dict[str, Any]:
    return {name: _plain(getattr(benefit, name)) for name in SNAPSHOT_FIELDS}


# --- benefits ---------------------------------------------------------------------------


@transaction.atomic
def benefit_create(*, actor: User, initiative: Initiative, data: dict[str, Any]) -> Benefit:
    """Register a benefit of ``initiative``. ``data`` keys: see ``EDITABLE_FIELDS``."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    check_edit_benefits(actor, initiative)
    _reject_unknown(data, EDITABLE_FIELDS)
    benefit = Benefit(initiative=initiative)
    goals, plan = _validate(benefit, data, existing_plan=[])
    benefit.save()
    _save_relations(benefit, goals, plan)
    _grant_roles(actor, benefit)
    audit(
        actor,
        "benefit.create",
        benefit,
        initiative=initiative.pk,
        title=benefit.title,
        category=benefit.category,
    )
    return benefit


@transaction.atomic
def benefit_update(*, actor: User, benefit: Benefit, data: dict[str, Any]) -> Benefit:
    """Change the given fields. All or nothing: on any error nothing is stored."""
    initiative = Initiative.objects.select_for_update().get(pk=benefit.initiative_id)
    benefit = Benefit.objects.select_related("owner", "responsible").get(pk=benefit.pk)
    benefit.initiative = initiative
    check_edit_benefits(actor, initiative)
    _reject_unknown(data, EDITABLE_FIELDS)
    before = _snapshot(benefit)
    existing = [PlanRow(p.year, p.value) for p in benefit.plan.all()]
    goals, plan = _validate(benefit, data, existing_plan=existing)
    benefit.save()
    _save_relations(benefit, goals, plan)
    _grant_roles(actor, benefit)
    after = _snapshot(benefit)
    changed: dict[str, Any] = {
        name: [before[name], after[name]] for name in before if before[name] != after[name]
    }
    for name, value in (("goals", goals), ("plan", plan)):
        if value is not None:
            changed[name] = "changed"
    audit(actor, "benefit.update", benefit, initiative=initiative.pk, changed=changed)
    return benefit


@transaction.atomic
def benefit_delete(*, actor: User, benefit: Benefit) -> None:
    """Delete a benefit that has no measurements (measured benefits are history)."""
    initiative = Initiative.objects.select_for_update().get(pk=benefit.initiative_id)
    check_edit_benefits(actor, initiative)
    if benefit.measurements.exists():
        raise InvalidTransition(
            _("Gevinsten har målinger og kan ikke slettes. Endre den i stedet."),
            code="benefit_has_measurements",
        )
    audit(
        actor,
        "benefit.delete",
        benefit,
        initiative=initiative.pk,
        title=benefit.title,
        category=benefit.category,
    )
    benefit.delete()


# --- measurements -------------------------------------------------------------------------


@transaction.atomic
def measurement_record(*, actor: User, benefit: Benefit, data: dict[str, Any]) -> Measurement:
    """Record a measured value of the benefit's indicator: ``{"date", "value", "comment"}``."""
    initiative = Initiative.objects.select_for_update().get(pk=benefit.initiative_id)
    benefit = Benefit.objects.get(pk=benefit.pk)
    benefit.initiative = initiative
    check_measure(actor, benefit)
    _reject_unknown(data, MEASUREMENT_FIELDS)
    errors = _Errors()
    day = _date(data.get("date"), errors, "date")
    if day is not None and day > timezone.localdate():
        errors.add("date", _("Datoen kan ikke være fram i tid."))
    value = _number(data.get("value"), errors, "value", whole=False)
    comment = _text(data.get("comment"), errors, "comment", COMMENT_LIMIT)
    errors.raise_if_any()
    assert day is not None and value is not None
    measurement = Measurement.objects.create(
        benefit=benefit, measured_on=day, value=value, comment=comment, recorded_by=actor
    )
    audit(
        actor,
        "benefit.measure",
        benefit,
        initiative=initiative.pk,
        measurement=measurement.pk,
        date=day.isoformat(),
        value=str(value),
    )
    return measurement


# --- business-case settings --------------------------------------------------------------


def _rate(value: Any, errors: _Errors, name: str, highest: Decimal, message: str) -> Decimal | None:
    """A rate as a decimal (0.035); empty means the default (None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = parse_number(value)
    except ValueError:
        errors.add(name, _("Må være et tall."))
        return None
    if not 0 <= amount <= highest:
        errors.add(name, message)
        return None
    return amount.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _optional_int(value: Any, errors: _Errors, name: str, low: int, high: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(name, _("Må være et heltall."))
        return None
    if not low <= number <= high:
        errors.add(name, _("Må være mellom %(low)s og %(high)s.") % {"low": low, "high": high})
        return None
    return number


@transaction.atomic
def business_case_settings_set(
    *, actor: User, initiative: Initiative, data: dict[str, Any]
) -> BusinessCaseSettings:
    """Override r, s, the analysis period and its first year for one initiative.

    ``data``: ``discount_rate`` and ``tax_cost_rate`` as decimals (0.035), ``period_years``,
    ``first_year`` (None or empty: the default), and ``reason`` (required).
    """
    if not can_change_settings(actor):
        raise NotAllowed(
            _("Bare porteføljekontoret kan endre forutsetningene for nytte-kost-analysen.")
        )
    _reject_unknown(data, SETTINGS_FIELDS)
    errors = _Errors()
    discount_rate = _rate(
        data.get("discount_rate"),
        errors,
        "discount_rate",
        MAX_DISCOUNT_RATE,
        _("Kalkulasjonsrenten må være mellom 0 og 20 %."),
    )
    tax_cost_rate = _rate(
        data.get("tax_cost_rate"),
        errors,
        "tax_cost_rate",
        MAX_TAX_COST_RATE,
        _("Skattefinansieringskostnaden må være mellom 0 og 100 %."),
    )
    period_years = _optional_int(
        data.get("period_years"), errors, "period_years", 1, MAX_PERIOD_YEARS
    )
    first_year = _optional_int(data.get("first_year"), errors, "first_year", 2000, 2100)
    reason = _text(data.get("reason"), errors, "reason", COMMENT_LIMIT)
    if not reason and "reason" not in errors.errors:
        errors.add("reason", _("Skriv en begrunnelse for endringen."))
    errors.raise_if_any()
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    current = BusinessCaseSettings.objects.filter(initiative=initiative).first()
    before = {name: _plain(getattr(current, name)) for name in SETTINGS_FIELDS} if current else None
    current = current or BusinessCaseSettings(initiative=initiative)
    current.discount_rate = discount_rate
    current.tax_cost_rate = tax_cost_rate
    current.period_years = period_years
    current.first_year = first_year
    current.reason = reason
    current.changed_by = actor
    current.save()
    audit(
        actor,
        "business_case.settings",
        initiative,
        before=before,
        after={name: _plain(getattr(current, name)) for name in SETTINGS_FIELDS},
        reason=reason,
    )
    return current
