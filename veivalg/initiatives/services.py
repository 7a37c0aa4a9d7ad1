"""Writes to initiatives: create, edit, workflow actions, comments and roles on an initiative.

Every function validates completely before it writes, writes everything in one transaction,
and records the history and audit events in that same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veivalg.core.audit import audit
from veivalg.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from veivalg.core.money import kroner
from veivalg.initiatives.models import (
    Comment,
    Initiative,
    InitiativeCost,
    State,
    Transition,
    WorkType,
)
from veivalg.initiatives.workflow import check_action, default_board_id
from veivalg.org.models import Portfolio, Role, Unit, User
from veivalg.org.roles import roles_of
from veivalg.org.services import role_grant
from veivalg.strategy.models import Goal, Program

EDITABLE_FIELDS = (
    "title",
    "summary",
    "need",
    "unit",
    "portfolio",
    "contributing_portfolios",
    "program",
    "goals",
    "work_type",
    "politically_mandated",
    "political_reference",
    "confidential",
    "archive_reference",
    "costs",
)
SCALAR_FIELDS = (
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


@dataclass(frozen=True)
class CostRow:
    year: int
    investment: int
    operating: int


@dataclass
class _Errors:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def resolve_references(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn slugs from the API into model instances; unknown slugs become field errors.

    Keys that are absent stay absent (for partial updates).
    """
    errors = _Errors()
    data = dict(raw)

    def one(name: str, model: Any, nullable: bool = False) -> None:
        if name not in raw:
            return
        slug = raw[name]
        if slug in (None, ""):
            if nullable:
                data[name] = None
            else:
                errors.add(name, _("Feltet er påkrevd."))
            return
        obj = model.objects.filter(slug=slug).first()
        if obj is None:
            errors.add(name, _("Finnes ikke: «%(slug)s».") % {"slug": slug})
        data[name] = obj

    def many(name: str, model: Any) -> None:
        if name not in raw:
            return
        slugs = list(raw[name] or [])
        found = {o.slug: o for o in model.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in found]
        if missing:
            errors.add(name, _("Finnes ikke: %(slugs)s.") % {"slugs": ", ".join(missing)})
        data[name] = [found[s] for s in slugs if s in found]

    one("unit", Unit)
    one("portfolio", Portfolio)
    one("program", Program, nullable=True)
    many("contributing_portfolios", Portfolio)
    many("goals", Goal)
    errors.raise_if_any()
    return data


def _clean_costs(rows: Any, errors: _Errors) -> list[CostRow]:
    result: list[CostRow] = []
    seen: set[int] = set()
    for index, row in enumerate(rows or []):
        prefix = f"costs[{index}]"
        if isinstance(row, CostRow):
            row = {"year": row.year, "investment": row.investment, "operating": row.operating}
        if not isinstance(row, dict):
            errors.add(prefix, _("Må være et objekt med år, investering og drift."))
            continue
        year = row.get("year")
        try:
            year = int(year)
            if not 2000 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors.add(f"{prefix}.year", _("Året må være et heltall mellom 2000 og 2100."))
            continue
        if year in seen:
            errors.add(f"{prefix}.year", _("Året %(year)s står mer enn én gang.") % {"year": year})
        seen.add(year)
        amounts: dict[str, int] = {}
        for key in ("investment", "operating"):
            value = row.get(key, 0)
            try:
                amount = kroner(value if value not in (None, "") else 0)
            except ValueError:
                errors.add(f"{prefix}.{key}", _("Må være et beløp i hele kroner."))
                continue
            if amount < 0:
                errors.add(f"{prefix}.{key}", _("Beløpet kan ikke være negativt."))
            elif amount >= 10**14:
                errors.add(f"{prefix}.{key}", _("Beløpet er for stort."))
            amounts[key] = int(amount)
        if len(amounts) == 2:
            result.append(CostRow(year, amounts["investment"], amounts["operating"]))
    return sorted(result, key=lambda r: r.year)


def _validate(initiative: Initiative, data: dict[str, Any]) -> list[CostRow] | None:
    """Apply ``data`` to the unsaved instance and check every rule; raise all errors at once."""
    errors = _Errors()
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(initiative, name, data[name])
    if isinstance(initiative.title, str):
        initiative.title = initiative.title.strip()
    if not initiative.politically_mandated:
        initiative.political_reference = (initiative.political_reference or "").strip()
    elif not (initiative.political_reference or "").strip():
        errors.add(
            "political_reference",
            _(
                "Oppgi henvisning til det politiske vedtaket (f.eks. saksnummer) når initiativet "
                "er politisk vedtatt."
            ),
        )
    try:
        initiative.full_clean(
            exclude=["owner", "state", "board", "merged_into"], validate_constraints=False
        )
    except DjangoValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name == "political_reference" and name in errors.errors:
                continue
            for message in messages:
                errors.add(name, message)
    contributing = data.get("contributing_portfolios")
    if (
        contributing is not None
        and initiative.portfolio_id
        and any(p.pk == initiative.portfolio_id for p in contributing)
    ):
        errors.add(
            "contributing_portfolios",
            _("Den primære porteføljen skal ikke også stå som bidragende."),
        )
    costs = _clean_costs(data["costs"], errors) if "costs" in data else None
    errors.raise_if_any()
    return costs


def _save_relations(
    initiative: Initiative, data: dict[str, Any], costs: list[CostRow] | None
) -> None:
    if "contributing_portfolios" in data:
        initiative.contributing_portfolios.set(data["contributing_portfolios"] or [])
    if "goals" in data:
        initiative.goals.set(data["goals"] or [])
    if costs is not None:
        initiative.costs.all().delete()
        InitiativeCost.objects.bulk_create(
            InitiativeCost(
                initiative=initiative, year=c.year, investment=c.investment, operating=c.operating
            )
            for c in costs
        )


def _route(actor: User | None, initiative: Initiative) -> None:
    """Send the initiative to its board by the routing rules."""
    # imported here: the governance services build on this module
    from veivalg.governance.services import initiative_route

    routing = initiative_route(actor=actor, initiative=initiative)
    if routing is not None:
        initiative.board_id = routing.board_id


@transaction.atomic
def initiative_create(*, actor: User, data: dict[str, Any]) -> Initiative:
    """Register a new initiative in ``draft``. Any signed-in user may propose."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed({name: [_("Ukjent felt.")] for name in sorted(unknown)})
    initiative = Initiative(owner=actor, state=State.DRAFT, board_id=default_board_id())
    initiative.work_type = WorkType.DEVELOPMENT
    costs = _validate(initiative, data)
    initiative.save()
    _save_relations(initiative, data, costs)
    Transition.objects.create(
        initiative=initiative, action="create", actor=actor, from_state="", to_state=State.DRAFT
    )
    audit(actor, "initiative.create", initiative, title=initiative.title)
    _route(actor, initiative)
    return initiative


def can_edit(user: User, initiative: Initiative) -> bool:
    """The owner edits a draft; the portfolio office edits during analysis."""
    if initiative.state == State.DRAFT and initiative.owner_id == user.pk:
        return True
    return initiative.state == State.IN_ANALYSIS and roles_of(user).portfolio_office


def check_edit(user: User, initiative: Initiative) -> None:
    """Raise the reason why ``user`` may not edit ``initiative`` now (nothing if allowed)."""
    if can_edit(user, initiative):
        return
    if initiative.state not in (State.DRAFT, State.IN_ANALYSIS):
        raise InvalidTransition(
            _("Initiativet kan ikke endres når det har status «%(state)s».")
            % {"state": State(initiative.state).label}
        )
    raise NotAllowed(
        _("Bare eieren kan endre et utkast, og bare porteføljekontoret kan endre under analyse.")
    )


@transaction.atomic
def initiative_update(*, actor: User, initiative: Initiative, data: dict[str, Any]) -> Initiative:
    """Change the given fields. All or nothing: on any error nothing is stored."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    check_edit(actor, initiative)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed({name: [_("Ukjent felt.")] for name in sorted(unknown)})
    before = {name: _plain(getattr(initiative, name)) for name in SCALAR_FIELDS if name in data}
    costs = _validate(initiative, data)
    initiative.save()
    _save_relations(initiative, data, costs)
    changed = {
        name: [before[name], _plain(getattr(initiative, name))]
        for name in before
        if before[name] != _plain(getattr(initiative, name))
    }
    for name in ("contributing_portfolios", "goals", "costs"):
        if name in data:
            changed[name] = "changed"
    audit(actor, "initiative.update", initiative, changed=changed)
    _route(actor, initiative)
    return initiative


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return getattr(value, "slug", value.pk)
    return value


@transaction.atomic
def initiative_perform_action(
    *,
    actor: User,
    initiative: Initiative,
    action: str,
    comment: str = "",
    target: Initiative | int | None = None,
) -> Initiative:
    """Take a workflow action; when not allowed it is refused with a reason and nothing changes."""
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit", "portfolio")
        .get(pk=initiative.pk)
    )
    spec = check_action(actor, initiative, action)
    comment = (comment or "").strip()
    if spec.comment_required and not comment:
        raise ValidationFailed({"comment": [_("Skriv en begrunnelse når du sender tilbake.")]})
    data: dict[str, Any] = {}
    if spec.name == "merge_into":
        survivor = _merge_target(actor, initiative, target)
        initiative.merged_into = survivor
        data["target"] = survivor.pk
    before = initiative.state
    initiative.state = spec.target
    initiative.save(update_fields=["state", "merged_into", "updated_at"])
    Transition.objects.create(
        initiative=initiative,
        action=spec.name,
        actor=actor,
        comment=comment,
        from_state=before,
        to_state=spec.target,
        data=data,
    )
    audit(actor, f"initiative.{spec.name}", initiative, from_state=before, to_state=spec.target)
    if spec.name == "send_to_board":
        _route(actor, initiative)
    return initiative


def _merge_target(
    actor: User, initiative: Initiative, target: Initiative | int | None
) -> Initiative:
    if target is None or target == "":
        raise ValidationFailed({"target": [_("Velg initiativet det skal slås sammen med.")]})
    target_id = target.pk if isinstance(target, Initiative) else target
    try:
        target_id = int(target_id)
    except (TypeError, ValueError):
        raise ValidationFailed({"target": [_("Må være et initiativnummer.")]}) from None
    if target_id == initiative.pk:
        raise ValidationFailed({"target": [_("Et initiativ kan ikke slås sammen med seg selv.")]})
    survivor = Initiative.objects.filter(pk=target_id).first()
    if survivor is None:
        raise ValidationFailed(
            {"target": [_("Initiativ #%(id)s finnes ikke.") % {"id": target_id}]}
        )
    if not survivor.is_open:
        raise ValidationFailed(
            {
                "target": [
                    _("Initiativ #%(id)s har status «%(state)s» og kan ikke ta imot andre.")
                    % {"id": target_id, "state": State(survivor.state).label}
                ]
            }
        )
    return survivor


@transaction.atomic
def initiative_comment(*, actor: User, initiative: Initiative, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": [_("Kommentaren er tom.")]})
    if len(body) > 4000:
        raise ValidationFailed({"body": [_("Kommentaren kan være høyst 4000 tegn.")]})
    comment = Comment.objects.create(initiative=initiative, author=actor, body=body)
    audit(actor, "initiative.comment", initiative, comment_id=comment.pk)
    return comment


INITIATIVE_ROLES = (
    Role.PROJECT_OWNER,
    Role.PROJECT_MANAGER,
    Role.BENEFIT_OWNER,
    Role.BENEFIT_RESPONSIBLE,
)


@transaction.atomic
def initiative_assign_role(*, actor: User, initiative: Initiative, user: User, role: str) -> None:
    """The portfolio office names a project owner, project manager or benefit owner."""
    if not roles_of(actor).portfolio_office:
        raise NotAllowed(_("Bare porteføljekontoret kan tildele roller på et initiativ."))
    if role not in INITIATIVE_ROLES:
        raise ValidationFailed({"role": [_("Ukjent rolle for et initiativ.")]})
    if initiative.pk is None:
        raise NotFound(_("Initiativet finnes ikke."))
    role_grant(actor=actor, user=user, role=role, scope=str(initiative.pk))
