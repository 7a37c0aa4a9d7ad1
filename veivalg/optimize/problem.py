"""The portfolio exchange format: frozen dataclasses and validation.

``load_problem`` turns a parsed JSON document (see ``docs/portfolio-problem.md``) into a
``Problem`` or raises ``ProblemError`` listing every problem found, each as a JSON pointer
and a message. ``Solution`` is the solver's answer and serialises with ``to_dict``.

Beyond the written format, validation is strict in three documented ways:

- unknown fields are errors (a misspelt ``lastest_start`` must not be silently ignored);
  fields whose name starts with ``x-`` are extensions and ignored;
- numbers must be finite and at most 1e15 in magnitude (the solver works on scaled
  integers, see ``model.py``);
- a candidate's ``duration`` may not be shorter than one of its demand lists.

Errors about the whole document use the pointer ``""``; ``ProblemError.lines()`` prints it
as ``/``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

PROBLEM_FORMAT = "veivalg-portfolio-problem/1"
SOLUTION_FORMAT = "veivalg-portfolio-solution/1"

OBJECTIVES = ("max_value", "min_finish")
DECISIONS = ("auto", "in", "out")
RELATION_TYPES = ("requires", "excludes", "together", "finish_to_start")
MAX_MAGNITUDE = 1e15

Objective = Literal["max_value", "min_finish"]
Decision = Literal["auto", "in", "out"]
Status = Literal["optimal", "feasible", "infeasible", "unknown"]
Number = int | float


class ProblemError(ValueError):
    """An invalid problem document. ``errors`` lists ``(json_pointer, message)`` pairs."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One ``pointer: message`` line per problem, the document itself shown as ``/``."""
        return [f"{pointer or '/'}: {message}" for pointer, message in self.errors]


# --------------------------------------------------------------------------- problem


@dataclass(frozen=True)
class Resource:
    """A capacity. ``capacity`` has one entry per group of ``granularity`` periods."""

    id: str
    capacity: tuple[float, ...]
    granularity: int = 1

    def group(self, period: int) -> int:
        return period // self.granularity

    def group_periods(self, group: int) -> range:
        return range(group * self.granularity, (group + 1) * self.granularity)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "capacity": list(self.capacity)}
        if self.granularity != 1:
            out["granularity"] = self.granularity
        return out


@dataclass(frozen=True)
class Candidate:
    """Something that can be done. ``demand[r][k]`` is the use of ``r`` k periods after start."""

    id: str
    value: float
    demand: Mapping[str, tuple[float, ...]] = field(default_factory=dict, hash=False)
    duration: int = 0
    earliest_start: int = 0
    latest_start: int = 0
    decision: Decision = "auto"

    @property
    def starts(self) -> range:
        return range(self.earliest_start, self.latest_start + 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "value": self.value,
            "demand": {r: list(d) for r, d in self.demand.items()},
            "duration": self.duration,
            "earliest_start": self.earliest_start,
            "latest_start": self.latest_start,
            "decision": self.decision,
        }


@dataclass(frozen=True)
class Relation:
    """A dependency. ``ids`` is ``(from, to)`` for ``requires`` and ``finish_to_start``."""

    type: Literal["requires", "excludes", "together", "finish_to_start"]
    ids: tuple[str, ...]

    @property
    def from_id(self) -> str:
        return self.ids[0]

    @property
    def to_id(self) -> str:
        return self.ids[1]

    @property
    def directed(self) -> bool:
        return self.type in ("requires", "finish_to_start")

    def describe(self) -> str:
        if self.type == "requires":
            return f"{self.from_id} requires {self.to_id}"
        if self.type == "finish_to_start":
            return f"{self.to_id} starts after {self.from_id} finishes"
        if self.type == "excludes":
            return "at most one of " + ", ".join(self.ids)
        return "all or none of " + ", ".join(self.ids)

    def to_dict(self) -> dict[str, Any]:
        if self.directed:
            return {"type": self.type, "from": self.from_id, "to": self.to_id}
        return {"type": self.type, "ids": list(self.ids)}


@dataclass(frozen=True)
class Problem:
    """A validated portfolio problem; build it with ``load_problem``."""

    periods: tuple[str, ...]
    resources: tuple[Resource, ...]
    candidates: tuple[Candidate, ...]
    relations: tuple[Relation, ...] = ()
    objective: Objective = "max_value"
    time_limit_s: float | None = None

    @property
    def n_periods(self) -> int:
        return len(self.periods)

    def resource(self, resource_id: str) -> Resource:
        for resource in self.resources:
            if resource.id == resource_id:
                return resource
        raise KeyError(resource_id)

    def candidate_index(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.candidates)}

    def with_scaled_capacity(self, resource_id: str, fraction: float) -> Problem:
        """The same problem with every capacity entry of one resource multiplied."""
        resources = tuple(
            replace(r, capacity=tuple(v * fraction for v in r.capacity))
            if r.id == resource_id
            else r
            for r in self.resources
        )
        return replace(self, resources=resources)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": PROBLEM_FORMAT,
            "periods": list(self.periods),
            "resources": [r.to_dict() for r in self.resources],
            "candidates": [c.to_dict() for c in self.candidates],
            "relations": [r.to_dict() for r in self.relations],
            "objective": self.objective,
        }
        if self.time_limit_s is not None:
            out["time_limit_s"] = self.time_limit_s
        return out


# --------------------------------------------------------------------------- solution


@dataclass(frozen=True)
class Scheduled:
    """A selected candidate; ``finish`` is the last period in use (``start - 1`` if empty)."""

    id: str
    start: int
    finish: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "finish": self.finish}


@dataclass(frozen=True)
class Binding:
    """A resource used (almost) up. ``period`` is the first period of the capacity group."""

    resource: str
    period: int
    slack: float

    def to_dict(self) -> dict[str, Any]:
        return {"resource": self.resource, "period": self.period, "slack": _plain(self.slack)}


@dataclass(frozen=True)
class Unselected:
    id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class Conflict:
    """Forced decisions, relations (by index) and resources that cannot all hold."""

    forced_in: tuple[str, ...] = ()
    forced_out: tuple[str, ...] = ()
    relations: tuple[tuple[int, Relation], ...] = ()
    resources: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        lines = [f"{c} is forced in" for c in self.forced_in]
        lines += [f"{c} is forced out" for c in self.forced_out]
        lines += [f"relation {i}: {r.describe()}" for i, r in self.relations]
        lines += [f"capacity of {r}" for r in self.resources]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "forced_in": list(self.forced_in),
            "forced_out": list(self.forced_out),
            "relations": [{"index": i, **r.to_dict()} for i, r in self.relations],
            "resources": list(self.resources),
            "explanation": self.describe(),
        }


@dataclass(frozen=True)
class Solution:
    """The solver's answer.

    ``status`` is ``optimal`` (proven), ``feasible`` (not proven; ``bound`` is the best
    bound), ``infeasible`` (``conflict`` says why) or ``unknown`` (the time limit ended the
    search before any solution or proof; not in the written format, which has no word for it).
    ``objective``/``bound`` are in the problem's units: the sum of values for ``max_value``;
    for ``min_finish`` the makespan, the number of periods up to and including the last one
    in use (``max(finish) + 1``), which is what PSPLIB calls the makespan.
    ``usage`` has one entry per period for every resource (groups are not summed).
    """

    status: Status
    objective: float | int | None
    bound: float | int | None
    selected: tuple[Scheduled, ...]
    usage: Mapping[str, tuple[float, ...]] = field(hash=False)
    binding: tuple[Binding, ...]
    unselected: tuple[Unselected, ...]
    solve_seconds: float
    conflict: Conflict | None = None

    @property
    def selected_ids(self) -> list[str]:
        return [s.id for s in self.selected]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": SOLUTION_FORMAT,
            "status": self.status,
            "objective": _plain(self.objective),
            "bound": _plain(self.bound),
            "selected": [s.to_dict() for s in self.selected],
            "usage": {r: [_plain(v) for v in u] for r, u in self.usage.items()},
            "binding": [b.to_dict() for b in self.binding],
            "unselected": [u.to_dict() for u in self.unselected],
            "solve_seconds": self.solve_seconds,
        }
        if self.conflict is not None:
            out["conflict"] = self.conflict.to_dict()
        return out


def _plain(x: float | int | None) -> float | int | None:
    """Whole numbers as ``int`` so that JSON shows ``900000``, not ``900000.0``."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


# --------------------------------------------------------------------------- validation


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _is_int(x: object) -> bool:
    return (isinstance(x, int) and not isinstance(x, bool)) or (
        isinstance(x, float) and x.is_integer()
    )


class _Checker:
    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append((where, message))

    def fields(
        self, obj: Mapping[str, Any], where: tuple[str | int, ...], allowed: Sequence[str]
    ) -> None:
        for key in obj:
            if key not in allowed and not str(key).startswith("x-"):
                self.error(pointer(*where, key), "unknown field")

    def number(
        self, value: object, where: tuple[str | int, ...], *, non_negative: bool = False
    ) -> float | None:
        kind = "a non-negative number" if non_negative else "a number"
        if not _is_number(value) or not math.isfinite(value):  # type: ignore[arg-type]
            self.error(pointer(*where), f"must be {kind}")
            return None
        number = float(value)  # type: ignore[arg-type]
        if non_negative and number < 0:
            self.error(pointer(*where), f"must be {kind}")
            return None
        if abs(number) > MAX_MAGNITUDE:
            self.error(pointer(*where), f"must be at most {MAX_MAGNITUDE:g} in magnitude")
            return None
        return number

    def integer(
        self, value: object, where: tuple[str | int, ...], *, minimum: int = 0
    ) -> int | None:
        kind = "a positive integer" if minimum == 1 else "a non-negative integer"
        if not _is_int(value) or int(value) < minimum:  # type: ignore[call-overload]
            self.error(pointer(*where), f"must be {kind}")
            return None
        return int(value)  # type: ignore[call-overload]

    def string(self, value: object, where: tuple[str | int, ...]) -> str | None:
        if not isinstance(value, str) or not value:
            self.error(pointer(*where), "must be a non-empty string")
            return None
        return value

    def mapping(self, value: object, where: tuple[str | int, ...]) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.error(pointer(*where), "must be an object")
            return None
        return value

    def array(self, value: object, where: tuple[str | int, ...]) -> list[Any] | None:
        if not isinstance(value, list):
            self.error(pointer(*where), "must be a list")
            return None
        return value

    def required(self, obj: Mapping[str, Any], key: str, where: tuple[str | int, ...]) -> bool:
        if key not in obj:
            self.error(pointer(*where, key), "is required")
            return False
        return True


def load_problem_json(text: str | bytes) -> Problem:
    """Parse and validate a JSON text; invalid JSON is a ``ProblemError`` at pointer ``""``."""

    def reject_constant(name: str) -> None:
        raise ValueError(f"{name} is not a JSON number")

    try:
        data = json.loads(text, parse_constant=reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProblemError([("", f"not valid JSON: {exc}")]) from None
    return load_problem(data)


def load_problem(data: object) -> Problem:
    """Validate a parsed problem document; raise ``ProblemError`` with every problem found."""
    check = _Checker()
    doc = check.mapping(data, ())
    if doc is None:
        raise ProblemError(check.errors)
    check.fields(
        doc,
        (),
        ("format", "periods", "resources", "candidates", "relations", "objective", "time_limit_s"),
    )

    if check.required(doc, "format", ()) and doc["format"] != PROBLEM_FORMAT:
        check.error("/format", f"unknown format {doc['format']!r}; expected {PROBLEM_FORMAT!r}")

    periods = _periods(check, doc)
    n = len(periods) if periods is not None else None
    resources = _resources(check, doc, n)
    candidates = _candidates(check, doc, n, _raw_ids(doc.get("resources")))
    relations = _relations(check, doc, _raw_ids(doc.get("candidates")))

    objective = doc.get("objective", "max_value")
    if objective not in OBJECTIVES:
        check.error("/objective", "must be one of " + ", ".join(repr(o) for o in OBJECTIVES))
    time_limit: float | None = None
    if doc.get("time_limit_s") is not None:
        time_limit = check.number(doc["time_limit_s"], ("time_limit_s",), non_negative=True)
        if time_limit is not None and time_limit <= 0:
            check.error("/time_limit_s", "must be a positive number")

    if check.errors:
        raise ProblemError(check.errors)
    assert periods is not None and resources is not None and candidates is not None
    assert relations is not None
    return Problem(
        periods=periods,
        resources=resources,
        candidates=candidates,
        relations=relations,
        objective=objective,
        time_limit_s=time_limit,
    )


def _periods(check: _Checker, doc: Mapping[str, Any]) -> tuple[str, ...] | None:
    if not check.required(doc, "periods", ()):
        return None
    value = doc["periods"]
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            check.error("/periods", "must be at least 1")
            return None
        return tuple(str(i) for i in range(value))
    if not isinstance(value, list):
        check.error("/periods", "must be a list of labels or a positive integer")
        return None
    if not value:
        check.error("/periods", "must have at least one period")
        return None
    ok = True
    seen: dict[str, int] = {}
    for i, label in enumerate(value):
        if check.string(label, ("periods", i)) is None:
            ok = False
        elif label in seen:
            check.error(
                pointer("periods", i), f"duplicate label {label!r} (also /periods/{seen[label]})"
            )
            ok = False
        else:
            seen[label] = i
    return tuple(value) if ok else None


def _raw_ids(items: object) -> set[str] | None:
    """The string ids in a list of objects, valid or not (``None`` if it is not a list)."""
    if not isinstance(items, list):
        return None
    return {
        item["id"]
        for item in items
        if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"]
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _resources(
    check: _Checker, doc: Mapping[str, Any], n: int | None
) -> tuple[Resource, ...] | None:
    raw = check.array(doc.get("resources", []), ("resources",))
    if raw is None:
        return None
    out: list[Resource] = []
    ok = True
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        where = ("resources", i)
        obj = check.mapping(item, where)
        if obj is None:
            ok = False
            continue
        check.fields(obj, where, ("id", "capacity", "granularity"))
        rid = check.string(obj.get("id"), (*where, "id")) if "id" in obj else None
        if "id" not in obj:
            check.required(obj, "id", where)
        if rid is not None and rid in seen:
            check.error(
                pointer(*where, "id"), f"duplicate id {rid!r} (also /resources/{seen[rid]})"
            )
            rid = None
        elif rid is not None:
            seen[rid] = i
        granularity = check.integer(obj.get("granularity", 1), (*where, "granularity"), minimum=1)
        groups: int | None = None
        if granularity is not None and n is not None:
            if n % granularity:
                check.error(
                    pointer(*where, "granularity"),
                    f"the number of periods ({n}) is not a multiple of {granularity}",
                )
            else:
                groups = n // granularity
        capacity: tuple[float, ...] | None = None
        if check.required(obj, "capacity", where):
            cap = obj["capacity"]
            if isinstance(cap, list):
                values = [
                    check.number(v, (*where, "capacity", k), non_negative=True)
                    for k, v in enumerate(cap)
                ]
                if groups is not None and len(cap) != groups:
                    per = "period" if granularity == 1 else f"group of {granularity} periods"
                    check.error(
                        pointer(*where, "capacity"),
                        f"must have one number per {per} ({groups}), got {len(cap)}",
                    )
                elif all(v is not None for v in values) and groups is not None:
                    capacity = tuple(values)  # type: ignore[arg-type]
            else:
                value = check.number(cap, (*where, "capacity"), non_negative=True)
                if value is not None and groups is not None:
                    capacity = (value,) * groups
        if rid is None or capacity is None or granularity is None:
            ok = False
            continue
        out.append(Resource(id=rid, capacity=capacity, granularity=granularity))
    return tuple(out) if ok else None


def _candidates(
    check: _Checker,
    doc: Mapping[str, Any],
    n: int | None,
    known_resources: set[str] | None,
) -> tuple[Candidate, ...] | None:
    if not check.required(doc, "candidates", ()):
        return None
    raw = check.array(doc["candidates"], ("candidates",))
    if raw is None:
        return None
    out: list[Candidate] = []
    ok = True
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        candidate = _candidate(check, item, ("candidates", i), n, known_resources)
        raw_id = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(raw_id, str) and raw_id:
            if raw_id in seen:
                check.error(
                    pointer("candidates", i, "id"),
                    f"duplicate id {raw_id!r} (also /candidates/{seen[raw_id]})",
                )
                ok = False
                continue
            seen[raw_id] = i
        if candidate is None:
            ok = False
            continue
        out.append(candidate)
    return tuple(out) if ok else None


def _candidate(
    check: _Checker,
    item: object,
    where: tuple[str | int, ...],
    n: int | None,
    known_resources: set[str] | None,
) -> Candidate | None:
    obj = check.mapping(item, where)
    if obj is None:
        return None
    check.fields(
        obj,
        where,
        ("id", "value", "demand", "duration", "earliest_start", "latest_start", "decision"),
    )
    before = len(check.errors)
    cid = check.string(obj["id"], (*where, "id")) if check.required(obj, "id", where) else None
    value = (
        check.number(obj["value"], (*where, "value"))
        if check.required(obj, "value", where)
        else None
    )

    demand: dict[str, tuple[float, ...]] = {}
    raw_demand = check.mapping(obj.get("demand", {}), (*where, "demand"))
    for rid, lst in (raw_demand or {}).items():
        dwhere = (*where, "demand", rid)
        if known_resources is not None and rid not in known_resources:
            check.error(pointer(*dwhere), f"unknown resource {rid!r}")
            continue
        values = check.array(lst, dwhere)
        if values is None:
            continue
        numbers = [check.number(v, (*dwhere, k), non_negative=True) for k, v in enumerate(values)]
        if all(v is not None for v in numbers):
            demand[rid] = tuple(numbers)  # type: ignore[arg-type]

    longest = max((len(d) for d in demand.values()), default=0)
    duration: int | None = longest
    if "duration" in obj:
        duration = check.integer(obj["duration"], (*where, "duration"))
        if duration is not None and duration < longest:
            check.error(
                pointer(*where, "duration"),
                f"must be at least the longest demand list ({_plural(longest, 'period')})",
            )

    earliest = check.integer(obj.get("earliest_start", 0), (*where, "earliest_start"))
    latest: int | None = earliest
    if "latest_start" in obj:
        latest = check.integer(obj["latest_start"], (*where, "latest_start"))
    if earliest is not None and latest is not None:
        if latest < earliest:
            check.error(
                pointer(*where, "latest_start"), f"must not be before earliest_start ({earliest})"
            )
        elif n is not None:
            field_name = "latest_start" if "latest_start" in obj else "earliest_start"
            span = max(duration or 0, longest)
            if latest > n - 1:
                check.error(pointer(*where, field_name), f"must be a period index below {n}")
            elif latest + span > n:
                check.error(
                    pointer(*where, field_name),
                    f"starting in period {latest} with duration {span} would finish after "
                    f"the last period ({n - 1})",
                )

    decision = obj.get("decision", "auto")
    if decision not in DECISIONS:
        check.error(
            pointer(*where, "decision"), "must be one of " + ", ".join(repr(d) for d in DECISIONS)
        )

    if len(check.errors) > before:
        return None
    assert cid is not None and value is not None and duration is not None
    assert earliest is not None and latest is not None
    return Candidate(
        id=cid,
        value=value,
        demand=demand,
        duration=duration,
        earliest_start=earliest,
        latest_start=latest,
        decision=decision,
    )


def _relations(
    check: _Checker, doc: Mapping[str, Any], known_ids: set[str] | None
) -> tuple[Relation, ...] | None:
    raw = check.array(doc.get("relations", []), ("relations",))
    if raw is None:
        return None
    out: list[Relation] = []
    ok = True
    for i, item in enumerate(raw):
        where = ("relations", i)
        obj = check.mapping(item, where)
        if obj is None:
            ok = False
            continue
        before = len(check.errors)
        kind = obj.get("type")
        if not check.required(obj, "type", where):
            ok = False
            continue
        if kind not in RELATION_TYPES:
            check.error(
                pointer(*where, "type"),
                "must be one of " + ", ".join(repr(t) for t in RELATION_TYPES),
            )
            ok = False
            continue
        ids: list[str | None] = []
        if kind in ("requires", "finish_to_start"):
            check.fields(obj, where, ("type", "from", "to"))
            for key in ("from", "to"):
                if check.required(obj, key, where):
                    ids.append(_known_id(check, obj[key], (*where, key), known_ids))
            if len(ids) == 2 and ids[0] is not None and ids[0] == ids[1]:
                check.error(pointer(*where, "to"), "must differ from 'from'")
        else:
            check.fields(obj, where, ("type", "ids"))
            lst = (
                check.array(obj["ids"], (*where, "ids"))
                if check.required(obj, "ids", where)
                else None
            )
            if lst is not None:
                if len(lst) < 2:
                    check.error(pointer(*where, "ids"), "must name at least two candidates")
                for k, cid in enumerate(lst):
                    known = _known_id(check, cid, (*where, "ids", k), known_ids)
                    if known is not None and known in ids:
                        check.error(pointer(*where, "ids", k), f"{known!r} is named twice")
                    ids.append(known)
        if len(check.errors) > before:
            ok = False
            continue
        out.append(Relation(type=kind, ids=tuple(ids)))  # type: ignore[arg-type]
    return tuple(out) if ok else None


def _known_id(
    check: _Checker, value: object, where: tuple[str | int, ...], known_ids: set[str] | None
) -> str | None:
    cid = check.string(value, where)
    if cid is not None and known_ids is not None and cid not in known_ids:
        check.error(pointer(*where), f"unknown candidate {cid!r}")
        return None
    return cid
