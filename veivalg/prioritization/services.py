"""Writes to prioritisation: criteria, weights, ratings, dependencies and scenarios.

Every function is keyword-only, validates completely before it writes (all errors at once,
as ``ValidationFailed`` naming the fields), writes in one transaction and records an audit
event in that same transaction. Only the portfolio office may call them (``NotAllowed``
otherwise). Reads live in ``selectors``; the problem document in ``exchange``; the
background solve in ``tasks``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from veivalg.capacity.quarters import parse_quarter, quarter_label
from veivalg.core.audit import audit
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.core.money import kroner
from veivalg.initiatives.models import Initiative, WorkType
from veivalg.optimize.ahp import RANDOM_INDEX, AHPError, AHPResult, priorities
from veivalg.org.models import Board, User
from veivalg.org.roles import roles_of
from veivalg.prioritization import selectors
from veivalg.prioritization.models import (
    DIRECTED_TYPES,
    SYMMETRIC_TYPES,
    Criterion,
    CriterionLevel,
    Dependency,
    DependencyType,
    Level,
    PairwiseJudgement,
    PrioritizationSet,
    Rating,
    Scenario,
    ScenarioStatus,
    WeightsMethod,
)
from veivalg.prioritization.scoring import Score, normalise_to_sum_one

CR_LIMIT = Decimal("0.10")
MAX_BUDGET_YEARS = 20
WEIGHT_PLACES = 5
MAX_AHP_CRITERIA = max(RANDOM_INDEX)


@dataclass
class _Errors:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _require_office(actor: User, message: str = "") -> None:
    if not roles_of(actor).portfolio_office:
        raise NotAllowed(message or _("Bare porteføljekontoret kan endre prioriteringen."))


# --- criteria sets -------------------------------------------------------------------------


@transaction.atomic
def set_create(
    *, actor: User, board: Board, name: str, weights_method: str = WeightsMethod.AHP
) -> PrioritizationSet:
    """A new, empty criteria set that becomes the board's active set (the old one is kept,
    inactive, with its ratings, so that it can be activated again)."""
    _require_office(actor)
    errors = _Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", _("Gi kriteriesettet et navn."))
    elif len(name) > 120:
        errors.add("name", _("Navnet kan være høyst 120 tegn."))
    if weights_method not in WeightsMethod.values:
        errors.add("weights_method", _("Må være «ahp» eller «direct»."))
    errors.raise_if_any()
    PrioritizationSet.objects.filter(board=board, active=True).update(active=False)
    new = PrioritizationSet.objects.create(
        board=board, name=name, weights_method=weights_method, active=True
    )
    audit(actor, "prioritization.set_create", new, board=board.slug, name=name)
    return new


@transaction.atomic
def set_activate(*, actor: User, set: PrioritizationSet) -> PrioritizationSet:
    """Make ``set`` its board's active set (scores then use its criteria and ratings)."""
    _require_office(actor)
    PrioritizationSet.objects.filter(board_id=set.board_id, active=True).exclude(pk=set.pk).update(
        active=False
    )
    set.active = True
    set.save(update_fields=["active", "updated_at"])
    audit(actor, "prioritization.set_activate", set)
    return set


def _own_active_set(board: Board) -> PrioritizationSet:
    """The board's own active set, created (empty) when it has none."""
    existing = PrioritizationSet.objects.filter(board=board, active=True).first()
    if existing is not None:
        return existing
    return PrioritizationSet.objects.create(
        board=board,
        name=_("Kriterier for %(board)s") % {"board": board.name},
        active=True,
    )


# --- criteria ------------------------------------------------------------------------------

CRITERION_FIELDS = ("slug", "name", "description", "order", "inverted", "levels")
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})


def slug_from_name(name: str) -> str:
    """«Økonomisk gevinst» → ``okonomisk-gevinst`` (æ, ø, å spelt out, not dropped)."""
    return slugify(name.translate(NORWEGIAN_LETTERS))[:50].strip("-")


def _clean_levels(raw: Any, errors: _Errors, *, complete: bool) -> dict[int, dict[str, str]]:
    """``levels`` as ``{level: {"meaning", "label"}}``; with ``complete`` all five are needed.

    Accepts a list of ``{"level", "meaning", "label"?}`` or a mapping level → meaning.
    """
    if isinstance(raw, Mapping):
        raw = [{"level": k, "meaning": v} for k, v in raw.items()]
    if not isinstance(raw, list | tuple):
        errors.add("levels", _("Må være en liste med nivå og betydning."))
        return {}
    out: dict[int, dict[str, str]] = {}
    for index, item in enumerate(raw):
        prefix = f"levels[{index}]"
        if not isinstance(item, Mapping):
            errors.add(prefix, _("Må være et objekt med nivå og betydning."))
            continue
        level = item.get("level")
        if isinstance(level, bool) or not isinstance(level, int | str):
            errors.add(f"{prefix}.level", _("Nivået må være et heltall fra 0 til 4."))
            continue
        try:
            level = int(level)
        except ValueError:
            errors.add(f"{prefix}.level", _("Nivået må være et heltall fra 0 til 4."))
            continue
        if level not in Level.values:
            errors.add(f"{prefix}.level", _("Nivået må være et heltall fra 0 til 4."))
            continue
        if level in out:
            errors.add(
                f"{prefix}.level", _("Nivå %(level)s står mer enn én gang.") % {"level": level}
            )
            continue
        meaning = str(item.get("meaning") or "").strip()
        if not meaning:
            errors.add(f"{prefix}.meaning", _("Beskriv hva nivået betyr."))
        elif len(meaning) > 1000:
            errors.add(f"{prefix}.meaning", _("Beskrivelsen kan være høyst 1000 tegn."))
        label = str(item.get("label") or Level(level).label).strip()[:40]
        out[level] = {"meaning": meaning, "label": label}
    if complete:
        missing = [lvl for lvl in Level.values if lvl not in out]
        if missing and not any(k.startswith("levels") for k in errors.errors):
            errors.add(
                "levels",
                _("Alle fem nivåene (0–4) må ha en skrevet betydning; mangler: %(levels)s.")
                % {"levels": ", ".join(str(m) for m in missing)},
            )
    return out


def _clean_criterion(
    data: Mapping[str, Any],
    errors: _Errors,
    *,
    pset: PrioritizationSet,
    criterion: Criterion | None,
) -> dict[str, Any]:
    unknown = sorted(k for k in data if k not in CRITERION_FIELDS)
    for name in unknown:
        errors.add(name, _("Ukjent felt."))
    clean: dict[str, Any] = {}
    creating = criterion is None
    if "name" in data or creating:
        name = str(data.get("name") or "").strip()
        if not name:
            errors.add("name", _("Gi kriteriet et navn."))
        elif len(name) > 120:
            errors.add("name", _("Navnet kan være høyst 120 tegn."))
        clean["name"] = name
    if "slug" in data or creating:
        slug = str(data.get("slug") or "").strip() or slug_from_name(str(data.get("name") or ""))
        if not slug or slugify(slug) != slug or len(slug) > 50:
            errors.add("slug", _("Kortnavnet kan bare ha små bokstaver a–z, tall og bindestrek."))
        else:
            taken = Criterion.objects.filter(set=pset, slug=slug)
            if criterion is not None:
                taken = taken.exclude(pk=criterion.pk)
            if taken.exists():
                errors.add("slug", _("Kortnavnet «%(slug)s» er allerede i bruk.") % {"slug": slug})
        clean["slug"] = slug
    if "description" in data:
        description = str(data.get("description") or "").strip()
        if len(description) > 2000:
            errors.add("description", _("Beskrivelsen kan være høyst 2000 tegn."))
        clean["description"] = description
    if "inverted" in data:
        if not isinstance(data["inverted"], bool):
            errors.add("inverted", _("Må være true eller false."))
        clean["inverted"] = bool(data["inverted"])
    if "order" in data:
        order = data["order"]
        if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 999:
            errors.add("order", _("Rekkefølgen må være et heltall fra 0 til 999."))
        clean["order"] = order
    if "levels" in data or creating:
        clean["levels"] = _clean_levels(data.get("levels"), errors, complete=creating)
    return clean


def _save_levels(criterion: Criterion, levels: Mapping[int, Mapping[str, str]]) -> None:
    for level, spec in levels.items():
        CriterionLevel.objects.update_or_create(
            criterion=criterion,
            level=level,
            defaults={"meaning": spec["meaning"], "label": spec["label"]},
        )


def _weights_changed(pset: PrioritizationSet) -> None:
    """Criteria were added or removed: the AHP consistency no longer describes the weights."""
    pset.consistency_ratio = None
    pset.save(update_fields=["consistency_ratio", "updated_at"])


@transaction.atomic
def criterion_create(
    *,
    actor: User,
    data: Mapping[str, Any],
    board: Board | None = None,
    set: Any = None,
) -> Criterion:
    """Add a criterion with all five level meanings to ``set`` (default: ``board``'s own
    active set, created when missing; default board: the default board).

    ``data``: ``slug`` (from the name when empty), ``name``, ``description``, ``order``
    (default: last), ``inverted``, ``levels`` (``[{"level": 0–4, "meaning", "label"?}]``).
    The new criterion weighs 0 until the weights are set again.
    """
    _require_office(actor)
    pset: PrioritizationSet
    if set is not None:
        pset = set
    else:
        target = board or Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
        if target is None:
            raise ValidationFailed({"board": [_("Det finnes ikke noe porteføljestyre.")]})
        pset = _own_active_set(target)
    errors = _Errors()
    clean = _clean_criterion(data, errors, pset=pset, criterion=None)
    errors.raise_if_any()
    if "order" not in clean:
        last = pset.criteria.order_by("-order").values_list("order", flat=True).first()
        clean["order"] = (last or 0) + 1 if last is not None else 0
    levels = clean.pop("levels")
    criterion = Criterion.objects.create(set=pset, weight=Decimal(0), **clean)
    _save_levels(criterion, levels)
    _weights_changed(pset)
    audit(actor, "prioritization.criterion_create", criterion, slug=criterion.slug)
    return criterion


@transaction.atomic
def criterion_update(*, actor: User, criterion: Criterion, data: Mapping[str, Any]) -> Criterion:
    """Change the given fields; ``levels`` may name some levels only (their meaning)."""
    _require_office(actor)
    criterion = (
        Criterion.objects.select_for_update(of=("self",)).select_related("set").get(pk=criterion.pk)
    )
    errors = _Errors()
    clean = _clean_criterion(data, errors, pset=criterion.set, criterion=criterion)
    errors.raise_if_any()
    levels = clean.pop("levels", None)
    for name, value in clean.items():
        setattr(criterion, name, value)
    criterion.save()
    if levels:
        _save_levels(criterion, levels)
    audit(actor, "prioritization.criterion_update", criterion, fields=sorted(data))
    return criterion


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    """Remove a criterion with its ratings and judgements; the rest are weighted again
    (from the remaining judgements with AHP, by scaling them to sum 1 otherwise)."""
    _require_office(actor)
    pset = criterion.set
    slug = criterion.slug
    audit(actor, "prioritization.criterion_delete", criterion, slug=slug)
    criterion.delete()
    remaining = list(pset.criteria.order_by("order", "id"))
    if not remaining:
        _weights_changed(pset)
        return
    if pset.weights_method == WeightsMethod.AHP:
        stored = stored_judgements(pset)
        if _missing_pairs(remaining, stored):
            _weights_changed(pset)
        else:
            apply_ahp_weights(pset, remaining, stored)
        return
    raw = [c.weight for c in remaining]
    if sum(raw, Decimal(0)) > 0:
        for c, w in zip(remaining, normalise_to_sum_one(raw, places=WEIGHT_PLACES), strict=True):
            c.weight = w
        Criterion.objects.bulk_update(remaining, ["weight"])


# --- weights -------------------------------------------------------------------------------

SAATY = tuple(Fraction(n) for n in range(1, 10)) + tuple(Fraction(1, n) for n in range(2, 10))


def parse_saaty(value: Any) -> Fraction | None:
    """A Saaty judgement (1…9 or 1/2…1/9) from a number or a text such as ``"1/3"``."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, str):
            text = value.strip().replace(",", ".")
            if "/" in text:
                num, den = text.split("/", 1)
                number = Fraction(Decimal(num.strip())) / Fraction(Decimal(den.strip()))
            else:
                number = Fraction(Decimal(text))
        elif isinstance(value, float):
            number = Fraction(value)
        else:
            number = Fraction(Decimal(value))
    except (ValueError, ArithmeticError, InvalidOperation):
        return None
    for allowed in SAATY:
        if abs(number - allowed) <= Fraction(1, 10**6):
            return allowed
    return None


def _as_decimal(judgement: Fraction) -> Decimal:
    return (Decimal(judgement.numerator) / Decimal(judgement.denominator)).quantize(
        Decimal("0.000000001")
    )


def _as_fraction(value: Decimal) -> Fraction:
    """A stored value back on the scale (0.333333333 → 1/3)."""
    return parse_saaty(value) or Fraction(value)


def stored_judgements(pset: PrioritizationSet) -> dict[tuple[int, int], Fraction]:
    return {
        (a, b): _as_fraction(v)
        for a, b, v in PairwiseJudgement.objects.filter(set=pset).values_list(
            "criterion_a_id", "criterion_b_id", "value"
        )
    }


def _missing_pairs(
    criteria: Sequence[Criterion], judgements: Mapping[tuple[int, int], Fraction]
) -> list[tuple[Criterion, Criterion]]:
    missing = []
    for i, a in enumerate(criteria):
        for b in criteria[i + 1 :]:
            key = (min(a.pk, b.pk), max(a.pk, b.pk))
            if key not in judgements:
                missing.append((a, b))
    return missing


@dataclass(frozen=True)
class Revisit:
    """The judgement that contributes most to the inconsistency: ``a`` versus ``b`` is now
    ``value``; ``suggested`` is the value the other judgements imply (on Saaty's scale)."""

    a: str
    b: str
    value: Fraction
    suggested: Fraction | None


@dataclass(frozen=True)
class AhpOutcome:
    """The weights found by pairwise comparison and how consistent the judgements are."""

    weights: dict[str, Decimal]
    consistency_ratio: Decimal
    consistency_index: float
    lambda_max: float
    revisit: Revisit | None

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CR_LIMIT


def _nearest_saaty(x: float) -> Fraction | None:
    if not x or x <= 0:
        return None
    return min(SAATY, key=lambda s: abs(float(s) - x) if x >= 1 else abs(1 / float(s) - 1 / x))


def apply_ahp_weights(
    pset: PrioritizationSet,
    criteria: Sequence[Criterion],
    judgements: Mapping[tuple[int, int], Fraction],
) -> AhpOutcome:
    index = {c.pk: i for i, c in enumerate(criteria)}
    n = len(criteria)
    matrix = [[1.0] * n for _ in range(n)]
    for (a, b), value in judgements.items():
        if a in index and b in index:
            matrix[index[a]][index[b]] = float(value)
            matrix[index[b]][index[a]] = float(1 / value)
    try:
        result = priorities(matrix)
    except AHPError as exc:
        raise ValidationFailed({"judgements": [str(exc)]}) from exc
    weights = normalise_to_sum_one(
        [Decimal(repr(float(w))) for w in result.weights], places=WEIGHT_PLACES
    )
    for criterion, weight in zip(criteria, weights, strict=True):
        criterion.weight = weight
    Criterion.objects.bulk_update(criteria, ["weight"])
    cr = Decimal(repr(float(result.consistency_ratio))).quantize(Decimal("0.0001"))
    pset.weights_method = WeightsMethod.AHP
    pset.consistency_ratio = cr
    pset.save(update_fields=["weights_method", "consistency_ratio", "updated_at"])
    revisit: Revisit | None = None
    worst = _worst_judgement(result)
    if worst is not None and cr > CR_LIMIT:
        i, j, implied = worst
        a, b = criteria[i], criteria[j]
        key = (min(a.pk, b.pk), max(a.pk, b.pk))
        current = judgements[key] if key[0] == a.pk else 1 / judgements[key]
        revisit = Revisit(
            a=a.slug,
            b=b.slug,
            value=current,
            suggested=_nearest_saaty(implied) if implied is not None else None,
        )
    return AhpOutcome(
        weights={c.slug: c.weight for c in criteria},
        consistency_ratio=cr,
        consistency_index=float(result.consistency_index),
        lambda_max=float(result.lambda_max),
        revisit=revisit,
    )


def _worst_judgement(result: AHPResult) -> tuple[int, int, float | None] | None:
    """``(i, j, consistent value)`` of the most inconsistent judgement in the AHP result."""
    if result.most_inconsistent is None:
        return None
    i, j = result.most_inconsistent
    return int(i), int(j), result.suggested_value


def _clean_judgements(
    judgements: Any, by_slug: Mapping[str, Criterion], errors: _Errors
) -> dict[tuple[int, int], Fraction]:
    """``[{"a", "b", "value"}]`` or ``{(a, b): value}`` as ``{(low id, high id): a over b}``."""
    if isinstance(judgements, Mapping):
        judgements = [{"a": k[0], "b": k[1], "value": v} for k, v in judgements.items()]
    if not isinstance(judgements, list | tuple):
        errors.add("judgements", _("Må være en liste med sammenligninger."))
        return {}
    out: dict[tuple[int, int], Fraction] = {}
    for index, item in enumerate(judgements):
        prefix = f"judgements[{index}]"
        if isinstance(item, list | tuple) and len(item) == 3:
            item = {"a": item[0], "b": item[1], "value": item[2]}
        if not isinstance(item, Mapping):
            errors.add(prefix, _("Må være et objekt med a, b og value."))
            continue
        a = by_slug.get(str(item.get("a")))
        b = by_slug.get(str(item.get("b")))
        if a is None:
            errors.add(f"{prefix}.a", _("Ukjent kriterium: «%(slug)s».") % {"slug": item.get("a")})
        if b is None:
            errors.add(f"{prefix}.b", _("Ukjent kriterium: «%(slug)s».") % {"slug": item.get("b")})
        value = parse_saaty(item.get("value"))
        if value is None:
            errors.add(
                f"{prefix}.value",
                _("Bruk Saatys skala: et heltall fra 1 til 9, eller 1/2 … 1/9."),
            )
        if a is None or b is None or value is None:
            continue
        if a.pk == b.pk:
            errors.add(f"{prefix}.b", _("Et kriterium sammenlignes ikke med seg selv."))
            continue
        key = (min(a.pk, b.pk), max(a.pk, b.pk))
        if key in out:
            errors.add(prefix, _("Dette paret står mer enn én gang."))
            continue
        out[key] = value if a.pk < b.pk else 1 / value
    return out


@transaction.atomic
def weights_from_pairwise(
    *,
    actor: User,
    set: PrioritizationSet,
    judgements: Any,
) -> AhpOutcome:
    """Store pairwise judgements and weigh the criteria by AHP (principal eigenvector).

    ``judgements``: ``[{"a": slug, "b": slug, "value": 3 | "1/3" | 0.333…}]`` (``a`` over
    ``b`` on Saaty's 1–9 scale) or ``{(slug_a, slug_b): value}``. They replace the stored
    judgements for those pairs; together with the stored ones every pair must be judged.
    The weights and the consistency ratio are stored even when CR is above 0.10; the
    outcome then names the judgement to revisit.
    """
    _require_office(actor)
    pset = PrioritizationSet.objects.select_for_update().get(pk=set.pk)
    criteria = list(pset.criteria.order_by("order", "id"))
    by_slug = {c.slug: c for c in criteria}
    errors = _Errors()
    if len(criteria) < 2:
        errors.add("judgements", _("Parvis sammenligning trenger minst to kriterier."))
    elif len(criteria) > MAX_AHP_CRITERIA:
        errors.add(
            "judgements",
            _("Parvis sammenligning støtter høyst %(n)s kriterier; bruk direkte vekting.")
            % {"n": MAX_AHP_CRITERIA},
        )
    errors.raise_if_any()
    given = _clean_judgements(judgements, by_slug, errors)
    errors.raise_if_any()
    merged = {**stored_judgements(pset), **given}
    missing = _missing_pairs(criteria, merged)
    if missing:
        names = ", ".join(f"{a.slug}–{b.slug}" for a, b in missing)
        raise ValidationFailed(
            {"judgements": [_("Disse parene mangler en vurdering: %(pairs)s.") % {"pairs": names}]}
        )
    for (a, b), value in given.items():
        PairwiseJudgement.objects.update_or_create(
            set=pset, criterion_a_id=a, criterion_b_id=b, defaults={"value": _as_decimal(value)}
        )
    outcome = apply_ahp_weights(pset, criteria, merged)
    audit(
        actor,
        "prioritization.weights_ahp",
        pset,
        consistency_ratio=str(outcome.consistency_ratio),
        weights={k: str(v) for k, v in outcome.weights.items()},
    )
    return outcome


@transaction.atomic
def weights_direct(
    *,
    actor: User,
    set: PrioritizationSet,
    weights: Mapping[str, Any],
) -> dict[str, Decimal]:
    """Enter the weights directly (``{slug: number}``, every criterion named).

    The numbers must be non-negative and not all zero; they are scaled to sum to 1 and
    stored with five decimals. The stored pairwise judgements are kept (unused).
    """
    _require_office(actor)
    pset = PrioritizationSet.objects.select_for_update().get(pk=set.pk)
    criteria = list(pset.criteria.order_by("order", "id"))
    by_slug = {c.slug: c for c in criteria}
    errors = _Errors()
    if not isinstance(weights, Mapping):
        raise ValidationFailed({"weights": [_("Må være et objekt med kriterium og vekt.")]})
    raw: dict[str, Decimal] = {}
    for slug, value in weights.items():
        if slug not in by_slug:
            errors.add(str(slug), _("Ukjent kriterium."))
            continue
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.add(slug, _("Vekten må være et tall."))
            continue
        if number < 0:
            errors.add(slug, _("Vekten kan ikke være negativ."))
            continue
        raw[slug] = number
    for c in criteria:
        if c.slug not in weights:
            errors.add(c.slug, _("Oppgi en vekt (0 eller mer)."))
    if not errors and criteria and sum(raw.values(), Decimal(0)) <= 0:
        errors.add("weights", _("Minst ett kriterium må ha en vekt over 0."))
    if not criteria:
        errors.add("weights", _("Kriteriesettet har ingen kriterier."))
    errors.raise_if_any()
    scaled = normalise_to_sum_one([raw[c.slug] for c in criteria], places=WEIGHT_PLACES)
    for criterion, weight in zip(criteria, scaled, strict=True):
        criterion.weight = weight
    Criterion.objects.bulk_update(criteria, ["weight"])
    pset.weights_method = WeightsMethod.DIRECT
    pset.consistency_ratio = None
    pset.save(update_fields=["weights_method", "consistency_ratio", "updated_at"])
    result = {c.slug: c.weight for c in criteria}
    audit(
        actor, "prioritization.weights_direct", pset, weights={k: str(v) for k, v in result.items()}
    )
    return result


# --- ratings -------------------------------------------------------------------------------


@transaction.atomic
def rating_set(
    *,
    actor: User,
    initiative: Initiative,
    ratings: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
) -> Score:
    """Rate ``initiative`` on the criteria of its board's set: ``{slug: level 0–4}``.

    All or nothing: an unknown criterion or a level outside 0–4 is a ``ValidationFailed``
    naming that criterion's slug, and nothing is stored. A level of ``None`` removes the
    rating. Criteria not named keep their rating. ``comments`` (``{slug: text}``) are
    stored with the named ratings. Returns the new score.
    """
    _require_office(actor, _("Bare porteføljekontoret kan vurdere initiativer."))
    pset = selectors.active_set(initiative.board_id)
    if pset is None:
        raise ValidationFailed(
            {"__all__": [_("Styret initiativet hører til har ingen kriterier ennå.")]}
        )
    by_slug = {c.slug: c for c in pset.criteria.all()}
    comments = comments or {}
    errors = _Errors()
    if not isinstance(ratings, Mapping):
        raise ValidationFailed({"ratings": [_("Må være et objekt med kriterium og nivå.")]})
    clean: dict[str, int | None] = {}
    for slug, level in ratings.items():
        if slug not in by_slug:
            errors.add(str(slug), _("Ukjent kriterium."))
            continue
        if level is None:
            clean[slug] = None
            continue
        if isinstance(level, bool) or not isinstance(level, int | str):
            errors.add(slug, _("Nivået må være et heltall fra 0 til 4."))
            continue
        try:
            number = int(level)
        except ValueError:
            errors.add(slug, _("Nivået må være et heltall fra 0 til 4."))
            continue
        if number not in Level.values:
            errors.add(slug, _("Nivået må være et heltall fra 0 til 4."))
            continue
        clean[slug] = number
    for slug, text in comments.items():
        if slug not in by_slug:
            errors.add(f"comments.{slug}", _("Ukjent kriterium."))
        elif len(str(text or "")) > 2000:
            errors.add(f"comments.{slug}", _("Begrunnelsen kan være høyst 2000 tegn."))
    errors.raise_if_any()
    for slug, level in clean.items():
        criterion = by_slug[slug]
        if level is None:
            Rating.objects.filter(initiative=initiative, criterion=criterion).delete()
            continue
        defaults: dict[str, Any] = {"level": level, "rated_by": actor}
        if slug in comments:
            defaults["comment"] = str(comments[slug] or "").strip()
        Rating.objects.update_or_create(
            initiative=initiative, criterion=criterion, defaults=defaults
        )
    audit(actor, "prioritization.rate", initiative, ratings=clean)
    return selectors.score_for(initiative)


# --- dependencies --------------------------------------------------------------------------


def _reaches(edges: Iterable[tuple[int, int]], start: int, goal: int) -> bool:
    graph: dict[int, list[int]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
    stack, seen = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph.get(node, []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


CONTRADICTIONS = {
    DependencyType.EXCLUDES: (DependencyType.REQUIRES, DependencyType.TOGETHER),
    DependencyType.REQUIRES: (DependencyType.EXCLUDES,),
    DependencyType.TOGETHER: (DependencyType.EXCLUDES,),
}


@transaction.atomic
def dependency_add(
    *,
    actor: User,
    from_initiative: Initiative,
    to_initiative: Initiative | int,
    type: str,
) -> Dependency:
    """Record that ``from_initiative`` ``type`` ``to_initiative``.

    Refused (``ValidationFailed``): itself (``to``), an unknown initiative (``to``), an
    unknown type (``type``), a duplicate (``excludes`` and ``together`` count in both
    directions), a ``requires`` or ``finish_to_start`` that would close a cycle of that type,
    and a pair that would both exclude each other and require / belong together.
    """
    _require_office(actor, _("Bare porteføljekontoret kan registrere avhengigheter."))
    errors = _Errors()
    if type not in DependencyType.values:
        errors.add(
            "type",
            _("Må være en av: %(types)s.") % {"types": ", ".join(DependencyType.values)},
        )
    to_id = to_initiative.pk if isinstance(to_initiative, Initiative) else to_initiative
    try:
        to_id = int(to_id)
    except (TypeError, ValueError):
        errors.add("to", _("Må være et initiativnummer."))
        errors.raise_if_any()
    target = Initiative.objects.filter(pk=to_id).first()
    if target is None:
        errors.add("to", _("Initiativ #%(id)s finnes ikke.") % {"id": to_id})
    elif target.pk == from_initiative.pk:
        errors.add("to", _("Et initiativ kan ikke avhenge av seg selv."))
    errors.raise_if_any()
    assert target is not None
    a, b = from_initiative.pk, target.pk
    pair = Q(from_initiative_id=a, to_initiative_id=b) | Q(from_initiative_id=b, to_initiative_id=a)
    existing = set(Dependency.objects.filter(pair).values_list("from_initiative_id", "type"))
    if (a, type) in existing or (type in SYMMETRIC_TYPES and (b, type) in existing):
        errors.add(
            "to",
            _("Avhengigheten finnes allerede: #%(a)s %(type)s #%(b)s.")
            % {"a": a, "b": b, "type": DependencyType(type).label},
        )
    clash = [t for _f, t in existing if t in CONTRADICTIONS.get(type, ())]
    if clash:
        errors.add(
            "type",
            _("Motstrid: #%(a)s og #%(b)s har allerede «%(other)s».")
            % {"a": a, "b": b, "other": DependencyType(clash[0]).label},
        )
    if type in DIRECTED_TYPES and not errors:
        edges = Dependency.objects.filter(type=type).values_list(
            "from_initiative_id", "to_initiative_id"
        )
        if _reaches(edges, b, a):
            errors.add(
                "to",
                _("Dette gir en sirkel: #%(b)s %(type)s allerede (direkte eller via andre) #%(a)s.")
                % {"a": a, "b": b, "type": DependencyType(type).label},
            )
    errors.raise_if_any()
    dependency = Dependency.objects.create(
        from_initiative=from_initiative, to_initiative=target, type=type, created_by=actor
    )
    audit(actor, "prioritization.dependency_add", from_initiative, to=b, type=type)
    return dependency


@transaction.atomic
def dependency_remove(*, actor: User, dependency: Dependency) -> None:
    _require_office(actor, _("Bare porteføljekontoret kan fjerne avhengigheter."))
    audit(
        actor,
        "prioritization.dependency_remove",
        dependency.from_initiative,
        to=dependency.to_initiative_id,
        type=dependency.type,
    )
    dependency.delete()


# --- scenarios -----------------------------------------------------------------------------

SCENARIO_FIELDS = (
    "name",
    "budget",
    "candidates",
    "overrides",
    "horizon",
    "capacity_adjustments",
    "window_overrides",
)
# Fields whose change can move the horizon or the candidates, so that what depends on them
# (overrides, capacity adjustments, start windows) is checked again.
SHAPE_FIELDS = frozenset(
    {"budget", "candidates", "horizon", "capacity_adjustments", "window_overrides"}
)
MAX_ADJUSTMENT_FTE = Decimal(10_000)
WHAT_IF_FIELDS = ("name", "capacity_adjustments", "window_overrides", "force_in")


def _clean_budget(raw: Any, errors: _Errors) -> dict[str, int]:
    if not isinstance(raw, Mapping) or not raw:
        errors.add("budget", _('Oppgi budsjett for minst ett år, f.eks. {"2027": 5000000}.'))
        return {}
    out: dict[int, int] = {}
    for key, value in raw.items():
        name = f"budget.{key}"
        text = str(key).strip()
        if not (text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100):
            errors.add(name, _("Må være et årstall mellom 2000 og 2100."))
            continue
        try:
            if isinstance(value, bool) or value is None:
                raise ValueError
            amount = kroner(value)
        except ValueError:
            errors.add(name, _("Må være et beløp i hele kroner."))
            continue
        if amount < 0:
            errors.add(name, _("Budsjettet kan ikke være negativt."))
        elif amount >= 10**14:
            errors.add(name, _("Beløpet er for stort."))
        else:
            out[int(text)] = int(amount)
    if out and not errors:
        years = sorted(out)
        if years != list(range(years[0], years[-1] + 1)):
            errors.add("budget", _("Årene må følge etter hverandre uten hull."))
        if len(years) > MAX_BUDGET_YEARS:
            errors.add("budget", _("Høyst %(n)s år i ett scenario.") % {"n": MAX_BUDGET_YEARS})
    return {str(year): out[year] for year in sorted(out)}


def _ineligible_reason(initiative: Initiative) -> str | None:
    if initiative.portfolio.out_of_scope:
        return _(
            "Initiativ #%(id)s hører til porteføljen «%(p)s», som er utenfor porteføljestyringen."
        ) % {"id": initiative.pk, "p": initiative.portfolio.name}
    if initiative.work_type != WorkType.DEVELOPMENT:
        return _("Initiativ #%(id)s er %(kind)s, ikke utvikling, og prioriteres ikke her.") % {
            "id": initiative.pk,
            "kind": WorkType(initiative.work_type).label.lower(),
        }
    return None


def _clean_candidates(raw: Any, errors: _Errors) -> list[Initiative]:
    if not isinstance(raw, list | tuple):
        errors.add("candidates", _("Må være en liste med initiativnumre."))
        return []
    ids: list[int] = []
    for index, value in enumerate(raw):
        if isinstance(value, Initiative):
            value = value.pk
        try:
            if isinstance(value, bool):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            errors.add(f"candidates[{index}]", _("Må være et initiativnummer."))
            continue
        if number in ids:
            errors.add(f"candidates[{index}]", _("#%(id)s står mer enn én gang.") % {"id": number})
            continue
        ids.append(number)
    found = Initiative.objects.select_related("portfolio").in_bulk(ids)
    out: list[Initiative] = []
    for index, number in enumerate(ids):
        initiative = found.get(number)
        if initiative is None:
            errors.add(f"candidates[{index}]", _("Initiativ #%(id)s finnes ikke.") % {"id": number})
            continue
        reason = _ineligible_reason(initiative)
        if reason:
            errors.add(f"candidates[{index}]", reason)
            continue
        out.append(initiative)
    return out


def _clean_overrides(
    raw: Any, candidates: Mapping[int, Initiative], errors: _Errors
) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        errors.add("overrides", _("Må være et objekt: initiativnummer → «in» eller «out»."))
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        name = f"overrides.{key}"
        try:
            number = int(str(key))
        except ValueError:
            errors.add(name, _("Må være et initiativnummer."))
            continue
        if value not in ("in", "out"):
            errors.add(name, _("Må være «in» eller «out»."))
            continue
        initiative = candidates.get(number)
        if initiative is None:
            errors.add(name, _("Initiativ #%(id)s er ikke kandidat i scenariet.") % {"id": number})
            continue
        if value == "out" and initiative.politically_mandated:
            errors.add(
                name,
                _(
                    "Initiativ #%(id)s er politisk vedtatt (%(ref)s) og tas alltid med; "
                    "det kan ikke tvinges ut."
                )
                % {"id": number, "ref": initiative.political_reference},
            )
            continue
        out[str(number)] = value
    return out


def _quarter(value: Any, name: str, errors: _Errors) -> int | None:
    if not isinstance(value, str) or not value.strip():
        errors.add(name, _("Oppgi et kvartal på formen 2027Q1."))
        return None
    try:
        return parse_quarter(value)
    except ValueError as exc:
        errors.add(name, str(exc))
        return None


def _clean_horizon(raw: Any, budget: Mapping[str, Any], errors: _Errors) -> tuple[int, int] | None:
    """``{"from": "2027Q1", "to": "2028Q4"}`` as quarter indexes, or ``None`` (the budget
    years). It starts in a first quarter, ends in a fourth, and the budget has every year."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        errors.add("horizon", _('Må være et objekt som {"from": "2027Q1", "to": "2028Q4"}.'))
        return None
    before = len(errors.errors)
    for key in sorted(k for k in raw if k not in ("from", "to")):
        errors.add(f"horizon.{key}", _("Ukjent felt."))
    first = _quarter(raw.get("from"), "horizon.from", errors)
    last = _quarter(raw.get("to"), "horizon.to", errors)
    if first is not None and first % 4 != 0:
        errors.add(
            "horizon.from",
            _("Horisonten må begynne i første kvartal av et år, f.eks. %(q)s.")
            % {"q": quarter_label(first - first % 4)},
        )
    if last is not None and last % 4 != 3:
        errors.add(
            "horizon.to",
            _("Horisonten må slutte i fjerde kvartal av et år, f.eks. %(q)s.")
            % {"q": quarter_label(last - last % 4 + 3)},
        )
    if len(errors.errors) > before or first is None or last is None:
        return None
    if last < first:
        errors.add("horizon", _("Horisonten kan ikke slutte før den begynner."))
        return None
    years = list(range(first // 4, last // 4 + 1))
    if len(years) > MAX_BUDGET_YEARS:
        errors.add("horizon", _("Høyst %(n)s år i ett scenario.") % {"n": MAX_BUDGET_YEARS})
        return None
    missing = [y for y in years if str(y) not in budget]
    if budget and missing:
        errors.add(
            "horizon",
            _("Budsjettet mangler år i horisonten: %(years)s. Oppgi budsjett for hvert år.")
            % {"years": ", ".join(str(y) for y in missing)},
        )
        return None
    return first, last


def _horizon_for(horizon: tuple[int, int] | None, budget: Mapping[str, Any]) -> tuple[int, int]:
    if horizon is not None:
        return horizon
    years = sorted(int(y) for y in budget) or [timezone.localdate().year]
    return years[0] * 4, years[-1] * 4 + 3


def _in_horizon(q: int, horizon: tuple[int, int], name: str, errors: _Errors) -> bool:
    if horizon[0] <= q <= horizon[1]:
        return True
    errors.add(
        name,
        _("Kvartalet %(q)s er utenfor scenariets horisont (%(a)s–%(b)s).")
        % {"q": quarter_label(q), "a": quarter_label(horizon[0]), "b": quarter_label(horizon[1])},
    )
    return False


def _clean_adjustments(
    raw: Any, horizon: tuple[int, int], errors: _Errors, *, field_name: str = "capacity_adjustments"
) -> list[dict[str, Any]]:
    """``[{"competence": slug, "quarter": "2027Q1" | None, "fte": ±number}]``."""
    from veivalg.capacity.models import Competence

    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        errors.add(field_name, _("Må være en liste med kompetanse, kvartal og årsverk."))
        return []
    known = set(Competence.objects.values_list("slug", flat=True))
    out: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        prefix = f"{field_name}[{index}]"
        if not isinstance(item, Mapping):
            errors.add(prefix, _("Må være et objekt med kompetanse, kvartal og årsverk."))
            continue
        before = len(errors.errors)
        for key in sorted(k for k in item if k not in ("competence", "quarter", "fte")):
            errors.add(f"{prefix}.{key}", _("Ukjent felt."))
        slug = str(item.get("competence") or "").strip()
        if not slug:
            errors.add(f"{prefix}.competence", _("Oppgi kompetansens kortnavn."))
        elif slug not in known:
            errors.add(
                f"{prefix}.competence", _("Kompetansen «%(slug)s» finnes ikke.") % {"slug": slug}
            )
        label: str | None = None
        if item.get("quarter") not in (None, ""):
            q = _quarter(item.get("quarter"), f"{prefix}.quarter", errors)
            if q is not None and _in_horizon(q, horizon, f"{prefix}.quarter", errors):
                label = quarter_label(q)
        raw_fte = item.get("fte")
        fte: Decimal | None = None
        try:
            if isinstance(raw_fte, bool) or raw_fte is None:
                raise InvalidOperation
            fte = Decimal(str(raw_fte).strip().replace(",", "."))
            if not fte.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.add(f"{prefix}.fte", _("Oppgi årsverk som et tall, f.eks. 1 eller -0,5."))
        if fte is not None:
            if fte == 0:
                errors.add(f"{prefix}.fte", _("Endringen kan ikke være 0 årsverk."))
            elif abs(fte) > MAX_ADJUSTMENT_FTE:
                errors.add(f"{prefix}.fte", _("Endringen er for stor."))
        if len(errors.errors) > before or fte is None:
            continue
        out.append({"competence": slug, "quarter": label, "fte": float(fte)})
    return out


def _clean_windows(
    raw: Any, candidates: Mapping[int, Initiative], horizon: tuple[int, int], errors: _Errors
) -> dict[str, dict[str, str]]:
    """``{"<id>": {"earliest_start": "2027Q1", "latest_start": "2027Q3"}}`` for candidates."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        errors.add(
            "window_overrides",
            _("Må være et objekt: initiativnummer → tidligste og seneste start."),
        )
        return {}
    out: dict[str, dict[str, str]] = {}
    for key, item in raw.items():
        name = f"window_overrides.{key}"
        try:
            number = int(str(key))
        except ValueError:
            errors.add(name, _("Må være et initiativnummer."))
            continue
        if number not in candidates:
            errors.add(name, _("Initiativ #%(id)s er ikke kandidat i scenariet.") % {"id": number})
            continue
        if not isinstance(item, Mapping):
            errors.add(name, _("Må være et objekt med earliest_start og latest_start."))
            continue
        before = len(errors.errors)
        for extra in sorted(k for k in item if k not in ("earliest_start", "latest_start")):
            errors.add(f"{name}.{extra}", _("Ukjent felt."))
        earliest = _quarter(item.get("earliest_start"), f"{name}.earliest_start", errors)
        latest = _quarter(item.get("latest_start"), f"{name}.latest_start", errors)
        if earliest is not None:
            _in_horizon(earliest, horizon, f"{name}.earliest_start", errors)
        if latest is not None:
            _in_horizon(latest, horizon, f"{name}.latest_start", errors)
        if earliest is not None and latest is not None and latest < earliest:
            errors.add(f"{name}.latest_start", _("Seneste start kan ikke være før tidligste."))
        if len(errors.errors) > before or earliest is None or latest is None:
            continue
        out[str(number)] = {
            "earliest_start": quarter_label(earliest),
            "latest_start": quarter_label(latest),
        }
    return out


def _clean_scenario(
    data: Mapping[str, Any], errors: _Errors, *, board: Board, scenario: Scenario | None
) -> dict[str, Any]:
    creating = scenario is None
    clean: dict[str, Any] = {}
    for name in sorted(k for k in data if k not in SCENARIO_FIELDS):
        errors.add(name, _("Ukjent felt."))
    if "name" in data or creating:
        name = str(data.get("name") or "").strip()
        if not name:
            errors.add("name", _("Gi scenariet et navn."))
        elif len(name) > 200:
            errors.add("name", _("Navnet kan være høyst 200 tegn."))
        clean["name"] = name
    if "budget" in data or creating:
        clean["budget"] = _clean_budget(data.get("budget"), errors)
    explicit = scenario.explicit_candidates if scenario else False
    pool: list[Initiative]
    if "candidates" in data and data["candidates"] is not None:
        pool = _clean_candidates(data["candidates"], errors)
        clean["candidates"] = pool
        explicit = True
    elif "candidates" in data or creating:
        pool = list(selectors.default_candidates(board).select_related("portfolio"))
        clean["candidates"] = None
        explicit = False
    elif explicit and scenario is not None:
        pool = list(scenario.candidates.select_related("portfolio"))
    else:
        pool = list(selectors.default_candidates(board).select_related("portfolio"))
    if "overrides" in data or creating or "candidates" in data:
        source = (
            data["overrides"] if "overrides" in data else (scenario.overrides if scenario else {})
        )
        clean["overrides"] = _clean_overrides(source, {i.pk: i for i in pool}, errors)
    if creating or SHAPE_FIELDS & set(data):
        budget = clean.get("budget", scenario.budget if scenario else {})
        if "horizon" in data:
            horizon = _clean_horizon(data["horizon"], budget, errors)
            clean["horizon"] = horizon
        else:
            horizon = scenario.horizon if scenario and scenario.horizon_from is not None else None
            if horizon is not None and "budget" in data:
                # The stored horizon must still be covered by the new budget.
                horizon = _clean_horizon(
                    {"from": quarter_label(horizon[0]), "to": quarter_label(horizon[1])},
                    budget,
                    errors,
                )
        effective = _horizon_for(horizon, budget)
        clean["capacity_adjustments"] = _clean_adjustments(
            data["capacity_adjustments"]
            if "capacity_adjustments" in data
            else (scenario.capacity_adjustments if scenario else []),
            effective,
            errors,
        )
        clean["window_overrides"] = _clean_windows(
            data["window_overrides"]
            if "window_overrides" in data
            else (scenario.window_overrides if scenario else {}),
            {i.pk: i for i in pool},
            effective,
            errors,
        )
    clean["explicit_candidates"] = explicit
    return clean


def _reset_results(scenario: Scenario) -> None:
    scenario.insight = None
    scenario.status = ScenarioStatus.DRAFT
    scenario.task_token = ""
    scenario.problem = None
    scenario.result = None
    scenario.frontier = None
    scenario.frontier_status = ""
    scenario.value = None
    scenario.solved_at = None
    scenario.error = ""


@transaction.atomic
def scenario_create(
    *,
    actor: User,
    name: str,
    board: Board,
    budget: Mapping[str, Any],
    candidates: Sequence[int | Initiative] | None = None,
    overrides: Mapping[str, str] | None = None,
    horizon: Mapping[str, Any] | None = None,
    capacity_adjustments: Sequence[Mapping[str, Any]] | None = None,
    window_overrides: Mapping[str, Mapping[str, Any]] | None = None,
    based_on: Scenario | None = None,
) -> Scenario:
    """A new scenario in ``draft``.

    ``candidates``: initiative ids (exactly those are candidates), or ``None`` for the
    board's default set (``selectors.default_candidates``, found again at each solve).
    Initiatives in an out-of-scope portfolio and operations or maintenance work are refused
    (``candidates[i]``). ``budget``: ``{"2027": 5000000, …}`` with consecutive years.
    ``overrides``: ``{"<initiative id>": "in" | "out"}`` for candidates only; a politically
    mandated initiative is always forced in, and "out" for one is refused
    (``overrides.<id>``). ``horizon``: ``{"from": "2027Q1", "to": "2028Q4"}`` or ``None``
    for the budget years; it starts in a Q1, ends in a Q4, and the budget must have every
    year of it (``horizon``, ``horizon.from``, ``horizon.to``).
    ``capacity_adjustments``: ``[{"competence": slug, "quarter": "2027Q1" | None (every
    quarter), "fte": ±number}]`` (``capacity_adjustments[i].competence`` …);
    ``window_overrides``: ``{"<id>": {"earliest_start", "latest_start"}}`` for candidates,
    quarters inside the horizon (``window_overrides.<id>.latest_start`` …).
    """
    _require_office(actor, _("Bare porteføljekontoret kan lage scenarioer."))
    errors = _Errors()
    data: dict[str, Any] = {"name": name, "budget": budget, "candidates": candidates}
    data["overrides"] = overrides or {}
    data["horizon"] = horizon
    data["capacity_adjustments"] = list(capacity_adjustments or [])
    data["window_overrides"] = dict(window_overrides or {})
    clean = _clean_scenario(data, errors, board=board, scenario=None)
    errors.raise_if_any()
    first, last = clean["horizon"] or (None, None)
    scenario = Scenario.objects.create(
        name=clean["name"],
        board=board,
        created_by=actor,
        explicit_candidates=clean["explicit_candidates"],
        budget=clean["budget"],
        overrides=clean["overrides"],
        horizon_from=first,
        horizon_to=last,
        capacity_adjustments=clean["capacity_adjustments"],
        window_overrides=clean["window_overrides"],
        based_on=based_on,
        status=ScenarioStatus.DRAFT,
    )
    if clean["candidates"] is not None:
        scenario.candidates.set(clean["candidates"])
    audit(
        actor,
        "prioritization.scenario_create",
        scenario,
        name=scenario.name,
        board=board.slug,
        explicit_candidates=scenario.explicit_candidates,
    )
    return scenario


def _check_not_proposed(scenario: Scenario) -> None:
    if scenario.is_proposed:
        raise InvalidTransition(
            _(
                "Scenariet er foreslått for styret og kan ikke endres eller beregnes på nytt. "
                "Lag et nytt scenario."
            )
        )


@transaction.atomic
def scenario_update(*, actor: User, scenario: Scenario, data: Mapping[str, Any]) -> Scenario:
    """Change ``name``, ``budget``, ``candidates`` (a list, or ``None`` for the default
    set), ``overrides``, ``horizon`` (or ``None``), ``capacity_adjustments`` or
    ``window_overrides`` (as in ``scenario_create``). Any change but the name discards the
    result (status ``draft``)."""
    _require_office(actor, _("Bare porteføljekontoret kan endre scenarioer."))
    scenario = (
        Scenario.objects.select_for_update(of=("self",)).select_related("board").get(pk=scenario.pk)
    )
    _check_not_proposed(scenario)
    errors = _Errors()
    clean = _clean_scenario(data, errors, board=scenario.board, scenario=scenario)
    errors.raise_if_any()
    if "name" in clean:
        scenario.name = clean["name"]
    if set(data) - {"name"}:
        scenario.explicit_candidates = clean["explicit_candidates"]
        if "budget" in clean:
            scenario.budget = clean["budget"]
        if "overrides" in clean:
            scenario.overrides = clean["overrides"]
        if "candidates" in clean:
            scenario.candidates.set(clean["candidates"] or [])
        if "horizon" in clean:
            scenario.horizon_from, scenario.horizon_to = clean["horizon"] or (None, None)
        if "capacity_adjustments" in clean:
            scenario.capacity_adjustments = clean["capacity_adjustments"]
        if "window_overrides" in clean:
            scenario.window_overrides = clean["window_overrides"]
        _reset_results(scenario)
    scenario.save()
    audit(actor, "prioritization.scenario_update", scenario, fields=sorted(data))
    return scenario


@transaction.atomic
def scenario_delete(*, actor: User, scenario: Scenario) -> None:
    _require_office(actor, _("Bare porteføljekontoret kan slette scenarioer."))
    _check_not_proposed(scenario)
    audit(actor, "prioritization.scenario_delete", scenario, name=scenario.name)
    scenario.delete()


@transaction.atomic
def scenario_solve(*, actor: User, scenario: Scenario) -> Scenario:
    """Build the scenario's problem document now and queue the solve in the background.

    The status becomes ``queued``; the worker (``tasks.solve_scenario``) sets ``running``
    and then the solver's status, or ``failed`` with the error. Asking again while one is
    queued or running replaces it: only the answer to the latest request is stored.
    With an immediate task backend the solve runs before this returns.
    """
    from veivalg.optimize.problem import ProblemError, load_problem
    from veivalg.prioritization.exchange import scenario_problem
    from veivalg.prioritization.tasks import solve_scenario

    _require_office(actor, _("Bare porteføljekontoret kan beregne scenarioer."))
    scenario = (
        Scenario.objects.select_for_update(of=("self",)).select_related("board").get(pk=scenario.pk)
    )
    _check_not_proposed(scenario)
    document = scenario_problem(scenario)
    if not document["candidates"]:
        raise ValidationFailed(
            {"candidates": [_("Scenariet har ingen kandidater å velge mellom.")]}
        )
    try:
        load_problem(document)
    except ProblemError as exc:
        raise ValidationFailed(
            {"problem": [f"{pointer or '/'}: {message}" for pointer, message in exc.errors]}
        ) from exc
    _reset_results(scenario)
    scenario.problem = document
    scenario.status = ScenarioStatus.QUEUED
    scenario.task_token = uuid.uuid4().hex
    scenario.save()
    audit(actor, "prioritization.scenario_solve", scenario, candidates=len(document["candidates"]))
    solve_scenario.enqueue(scenario.pk, scenario.task_token)
    scenario.refresh_from_db()
    return scenario


@transaction.atomic
def scenario_propose(*, actor: User, scenario: Scenario) -> Scenario:
    """Put a solved scenario before its board as the office's proposal.

    A proposal, never a decision: no initiative changes state; the board decides each
    initiative through the workflow.
    """
    _require_office(actor, _("Bare porteføljekontoret kan foreslå et scenario for styret."))
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not scenario.is_solved:
        raise InvalidTransition(
            _("Bare et beregnet scenario med en gyldig løsning kan foreslås for styret.")
        )
    if scenario.is_proposed:
        raise InvalidTransition(_("Scenariet er allerede foreslått for styret."))
    scenario.proposed_to_board_at = timezone.now()
    scenario.proposed_by = actor
    scenario.save(update_fields=["proposed_to_board_at", "proposed_by", "updated_at"])
    audit(
        actor,
        "prioritization.scenario_propose",
        scenario,
        board=scenario.board.slug,
        selected=selectors.selected_ids(scenario),
    )
    return scenario


# --- what-if and competence insight -------------------------------------------------------


@transaction.atomic
def scenario_what_if(*, actor: User, scenario: Scenario, data: Mapping[str, Any]) -> Scenario:
    """A copy of ``scenario`` with some changes, solved at once; ``based_on`` = the original.

    ``data``: ``name`` (default «Hva hvis: <original>»), ``capacity_adjustments`` (added to
    the original's), ``window_overrides`` (replacing the original's for those initiatives),
    ``force_in`` (initiative ids among the candidates, forced in). The copy keeps the board,
    the candidates (its own list, or the board's default set), budget, overrides and
    horizon. Errors name the field: ``capacity_adjustments[0].competence``,
    ``window_overrides.<id>.earliest_start``, ``force_in[1]`` …; nothing is stored then.
    """
    _require_office(actor, _("Bare porteføljekontoret kan lage scenarioer."))
    if not isinstance(data, Mapping):
        raise ValidationFailed({"__all__": [_("Må være et objekt.")]})
    original = Scenario.objects.select_related("board").get(pk=scenario.pk)
    errors = _Errors()
    for name in sorted(k for k in data if k not in WHAT_IF_FIELDS):
        errors.add(name, _("Ukjent felt."))
    horizon = _horizon_for(original.horizon, original.budget)
    pool = list(selectors.scenario_candidates(original).select_related("portfolio"))
    by_id = {i.pk: i for i in pool}
    added = _clean_adjustments(data.get("capacity_adjustments"), horizon, errors)
    windows = _clean_windows(data.get("window_overrides"), by_id, horizon, errors)
    forced: list[int] = []
    raw_force = data.get("force_in") or []
    if not isinstance(raw_force, list | tuple):
        errors.add("force_in", _("Må være en liste med initiativnumre."))
        raw_force = []
    for index, value in enumerate(raw_force):
        try:
            if isinstance(value, bool):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError):
            errors.add(f"force_in[{index}]", _("Må være et initiativnummer."))
            continue
        if number not in by_id:
            errors.add(
                f"force_in[{index}]",
                _("Initiativ #%(id)s er ikke kandidat i scenariet.") % {"id": number},
            )
            continue
        forced.append(number)
    name = (
        str(data.get("name") or "").strip()
        or (_("Hva hvis: %(name)s") % {"name": original.name})[:200]
    )
    errors.raise_if_any()
    overrides = dict(original.overrides or {})
    overrides.update({str(pk): "in" for pk in forced})
    copy = scenario_create(
        actor=actor,
        name=name,
        board=original.board,
        budget=original.budget,
        candidates=[i.pk for i in pool] if original.explicit_candidates else None,
        overrides=overrides,
        horizon=(
            {"from": quarter_label(horizon[0]), "to": quarter_label(horizon[1])}
            if original.horizon_from is not None
            else None
        ),
        capacity_adjustments=[*(original.capacity_adjustments or []), *added],
        window_overrides={**(original.window_overrides or {}), **windows},
        based_on=original,
    )
    audit(
        actor,
        "prioritization.scenario_what_if",
        copy,
        based_on=original.pk,
        capacity_adjustments=added,
        window_overrides=windows,
        force_in=forced,
    )
    return scenario_solve(actor=actor, scenario=copy)


@transaction.atomic
def scenario_insight_start(
    *, actor: User, scenario: Scenario, quarter: str | None = None
) -> Scenario:
    """Queue the competence insight of a solved scenario (``tasks.compute_insight``).

    For every competence the candidates need: how much more value one more FTE in every
    quarter of the horizon (or only in ``quarter``, ``"2027Q3"``) would allow. The answer is
    stored on ``scenario.insight`` (see ``tasks``). ``InvalidTransition`` unless solved;
    ``ValidationFailed`` (``quarter``) for a quarter outside the horizon.
    """
    from veivalg.prioritization.tasks import compute_insight, insight_state

    _require_office(actor, _("Bare porteføljekontoret kan beregne kompetanseinnsikt."))
    scenario = Scenario.objects.select_for_update(of=("self",)).get(pk=scenario.pk)
    if not scenario.is_solved or not scenario.problem or not scenario.result:
        raise InvalidTransition(
            _("Kompetanseinnsikt kan bare beregnes for et scenario med en gyldig løsning.")
        )
    errors = _Errors()
    label: str | None = None
    if quarter not in (None, ""):
        q = _quarter(quarter, "quarter", errors)
        horizon = _horizon_for(scenario.horizon, scenario.budget)
        if q is not None and _in_horizon(q, horizon, "quarter", errors):
            label = quarter_label(q)
    errors.raise_if_any()
    token = uuid.uuid4().hex
    scenario.insight = insight_state("queued", label, token)
    scenario.save(update_fields=["insight", "updated_at"])
    audit(actor, "prioritization.scenario_insight", scenario, quarter=label)
    compute_insight.enqueue(scenario.pk, token)
    scenario.refresh_from_db()
    return scenario


__all__ = [
    "AhpOutcome",
    "Revisit",
    "criterion_create",
    "criterion_delete",
    "criterion_update",
    "dependency_add",
    "dependency_remove",
    "parse_saaty",
    "rating_set",
    "scenario_create",
    "scenario_delete",
    "scenario_insight_start",
    "scenario_propose",
    "scenario_solve",
    "scenario_update",
    "scenario_what_if",
    "set_activate",
    "set_create",
    "weights_direct",
    "weights_from_pairwise",
]
