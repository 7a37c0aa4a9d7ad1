"""Benefits API: the register of an initiative's benefits, measurements, the business case,
and benefits across the portfolio.

Mounted on the Veivalg API (``/api/v1/``). Each endpoint parses input, calls one selector or
service and serialises; the rules live in ``veivalg.benefits.services``. Domain errors become
problem+json through ``veivalg.api.errors``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from veivalg.api.auth import caller
from veivalg.api.schemas import Problem, ValidationProblem, patch_data
from veivalg.benefits import business_case as bc
from veivalg.benefits import selectors, services
from veivalg.benefits.models import Benefit, Measurement
from veivalg.benefits.schemas import (
    NULLABLE_FIELDS,
    BenefitIn,
    BenefitOut,
    BenefitPage,
    BenefitPatchIn,
    BusinessCaseOut,
    BusinessCaseSettingsIn,
    MeasurementIn,
)
from veivalg.initiatives.selectors import initiative_for_user
from veivalg.org.models import User

router = Router(tags=["Gevinster"])

MAX_LIMIT = 500
ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: ValidationProblem,
}


# --- serialisation --------------------------------------------------------------------


def number(value: Decimal) -> int | float:
    """Whole numbers as integers (300000), others as decimals (12.5)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _ratio(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def measurement_out(benefit: Benefit, m: Measurement) -> dict[str, Any]:
    return {
        "date": m.measured_on,
        "value": number(m.value),
        "comment": m.comment,
        "recorded_by": m.recorded_by.get_username(),
        "recorded_at": m.recorded_at,
        "achievement": _ratio(selectors.achievement_of(benefit, m.value)),
    }


def benefit_out(benefit: Benefit) -> dict[str, Any]:
    """One benefit (loaded with ``selectors.with_detail``)."""
    status = selectors.status_of(benefit)
    indicator = None
    if benefit.has_indicator:
        assert benefit.baseline is not None and benefit.target is not None
        indicator = {
            "unit": benefit.indicator_unit,
            "baseline": number(benefit.baseline),
            "baseline_date": benefit.baseline_date,
            "target": number(benefit.target),
            "target_date": benefit.target_date,
        }
    measurements = [measurement_out(benefit, m) for m in benefit.measurements.all()]
    return {
        "id": benefit.pk,
        "initiative": benefit.initiative_id,
        "title": benefit.title,
        "description": benefit.description,
        "category": benefit.category,
        "goals": [g.slug for g in benefit.goals.all()],
        "owner": _username(benefit.owner),
        "responsible": _username(benefit.responsible),
        "preconditions": benefit.preconditions,
        "indicator": indicator,
        "plan": [{"year": p.year, "value": number(p.value)} for p in benefit.plan.all()],
        "effect": benefit.effect,
        "achievement": _ratio(status.achievement),
        "trend": status.trend,
        "latest": measurements[-1] if measurements else None,
        "measurement_due": status.due,
        "measurements": measurements,
        "created_at": benefit.created_at,
        "updated_at": benefit.updated_at,
    }


def list_item(row: selectors.Row) -> dict[str, Any]:
    benefit, initiative = row.benefit, row.benefit.initiative
    return {
        "id": benefit.pk,
        "initiative": initiative.pk,
        "initiative_title": initiative.title,
        "initiative_state": initiative.state,
        "directorate": initiative.unit.directorate.slug,
        "program": initiative.program.slug if initiative.program else None,
        "title": benefit.title,
        "category": benefit.category,
        "goals": [g.slug for g in benefit.goals.all()],
        "owner": _username(benefit.owner),
        "responsible": _username(benefit.responsible),
        "indicator_unit": benefit.indicator_unit or None,
        "achievement": _ratio(row.status.achievement),
        "trend": row.status.trend,
        "measurement_due": row.status.due,
        "planned_total": number(row.planned_total),
    }


def business_case_out(view: selectors.InitiativeCase) -> dict[str, Any]:
    case = view.case
    kr = bc.whole_kroner
    return {
        "npv": kr(case.npv),
        "npv_per_krone": _ratio(case.npv_per_krone),
        "payback_year": case.payback_year,
        "discount_rate": float(case.parameters.discount_rate),
        "tax_cost_rate": float(case.parameters.tax_cost_rate),
        "period_years": case.parameters.period_years,
        "first_year": case.first_year,
        "last_year": case.last_year,
        "discounted_investment": kr(case.discounted_investment),
        "break_even_benefit_factor": _ratio(case.break_even_factor),
        "break_even_annual_benefit": kr(case.break_even_annual_benefit),
        "suggested_economic_level": view.level,
        "overridden": view.overridden,
        "override_reason": view.settings.reason if view.overridden and view.settings else "",
        "years": [
            {
                "year": y.year,
                "t": y.t,
                "investment": kr(y.investment),
                "operating": kr(y.operating),
                "costs": kr(y.costs),
                "benefits": kr(y.benefits),
                "budget_benefits": kr(y.budget_benefits),
                "tax_cost": kr(y.tax_cost),
                "net": kr(y.net),
                "discount_factor": round(float(y.discount_factor), 6),
                "present_value": kr(y.present_value),
                "cumulative_present_value": kr(y.cumulative_present_value),
                "budget_effect": kr(y.budget_effect),
            }
            for y in case.years
        ],
        "sensitivity": [
            {
                "case": s.case,
                "cost_factor": float(s.cost_factor),
                "benefit_factor": float(s.benefit_factor),
                "npv": kr(s.npv),
                "npv_per_krone": _ratio(s.npv_per_krone),
            }
            for s in case.sensitivity
        ],
        "non_priced": [{"id": b.pk, "title": b.title, "effect": b.effect} for b in view.non_priced],
        "outside_period": list(case.outside_period),
    }


def _fresh(user: User, pk: int) -> dict[str, Any]:
    return benefit_out(selectors.benefit_for_user(user, pk))


# --- endpoints ------------------------------------------------------------------------


@router.get(
    "/initiatives/{int:initiative_id}/benefits",
    response={200: list[BenefitOut], 401: Problem, 404: Problem},
    summary="Gevinstene til et initiativ",
)
def list_initiative_benefits(request: HttpRequest, initiative_id: int) -> list[dict[str, Any]]:
    initiative = initiative_for_user(caller(request), initiative_id)
    return [benefit_out(b) for b in selectors.benefits_of(initiative)]


@router.post(
    "/initiatives/{int:initiative_id}/benefits",
    response={201: BenefitOut, **ERRORS},
    summary="Registrer en gevinst",
    description="Porteføljekontoret mens initiativet er åpent; eieren i utkast og under analyse.",
)
def create_benefit(request: HttpRequest, initiative_id: int, payload: BenefitIn) -> Status[Any]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    data = services.resolve_references(payload.model_dump())
    benefit = services.benefit_create(actor=user, initiative=initiative, data=data)
    return Status(201, _fresh(user, benefit.pk))


@router.get(
    "/benefits",
    response={200: BenefitPage, 401: Problem, 422: ValidationProblem},
    summary="Gevinster i hele porteføljen (filtrert)",
)
def list_benefits(
    request: HttpRequest,
    goal: str = Query("", description="Mål eller overordnet mål (slug)"),
    directorate: str = Query("", description="Direktørområde (slug)"),
    program: str = Query("", description="Program (slug)"),
    category: str = Query("", description="Kategori, flere skilt med komma"),
    state: str = Query("", description="Initiativets status, flere skilt med komma"),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    filters = selectors.Filters(
        goal=goal.strip(),
        directorate=directorate.strip(),
        program=program.strip(),
        category=category.strip(),
        state=state.strip(),
    )
    qs = selectors.filter_benefits(caller(request), filters)
    page = selectors.rows(qs[offset : offset + limit])
    return {"count": qs.count(), "items": [list_item(row) for row in page]}


@router.get(
    "/benefits/{int:benefit_id}",
    response={200: BenefitOut, 401: Problem, 404: Problem},
    summary="Én gevinst med målinger og måloppnåelse",
)
def get_benefit(request: HttpRequest, benefit_id: int) -> dict[str, Any]:
    return _fresh(caller(request), benefit_id)


@router.patch(
    "/benefits/{int:benefit_id}",
    response={200: BenefitOut, **ERRORS},
    summary="Endre en gevinst",
)
def patch_benefit(request: HttpRequest, benefit_id: int, payload: BenefitPatchIn) -> dict[str, Any]:
    user = caller(request)
    benefit = selectors.benefit_for_user(user, benefit_id)
    data = services.resolve_references(patch_data(payload, NULLABLE_FIELDS))
    services.benefit_update(actor=user, benefit=benefit, data=data)
    return _fresh(user, benefit_id)


@router.delete(
    "/benefits/{int:benefit_id}",
    response={204: None, 401: Problem, 403: Problem, 404: Problem, 409: Problem},
    summary="Slett en gevinst uten målinger",
)
def delete_benefit(request: HttpRequest, benefit_id: int) -> Status[None]:
    user = caller(request)
    benefit = selectors.benefit_for_user(user, benefit_id)
    services.benefit_delete(actor=user, benefit=benefit)
    return Status(204, None)


@router.post(
    "/benefits/{int:benefit_id}/measurements",
    response={201: BenefitOut, **ERRORS},
    summary="Registrer en måling",
    description="Gevinsteieren, gevinstansvarlig eller porteføljekontoret. Svarer med "
    "gevinsten og dens måloppnåelse.",
)
def add_measurement(request: HttpRequest, benefit_id: int, payload: MeasurementIn) -> Status[Any]:
    user = caller(request)
    benefit = selectors.benefit_for_user(user, benefit_id)
    services.measurement_record(actor=user, benefit=benefit, data=payload.model_dump())
    return Status(201, _fresh(user, benefit_id))


@router.get(
    "/initiatives/{int:initiative_id}/business-case",
    response={200: BusinessCaseOut, 401: Problem, 404: Problem},
    summary="Nytte-kost-analysen til et initiativ",
    description="NPV = Σ [B − C − s·(C − Bbud)] / (1 + r)^t over analyseperioden. Beløp i hele "
    "kroner, rater som desimaltall.",
)
def get_business_case(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    initiative = initiative_for_user(caller(request), initiative_id)
    return business_case_out(selectors.business_case(initiative))


@router.put(
    "/initiatives/{int:initiative_id}/business-case/settings",
    response={200: BusinessCaseOut, **ERRORS},
    summary="Endre r, s eller analyseperioden for ett initiativ (porteføljekontoret)",
)
def put_business_case_settings(
    request: HttpRequest, initiative_id: int, payload: BusinessCaseSettingsIn
) -> dict[str, Any]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    services.business_case_settings_set(
        actor=user, initiative=initiative, data=payload.model_dump()
    )
    return business_case_out(selectors.business_case(initiative_for_user(user, initiative_id)))
