"""Writes of coordination: related links, bundles, shared needs, the discussion and
notifications.

Every function checks who may do it, validates completely before it writes, writes in one
transaction and records the audit event in that same transaction. Initiatives change only
through ``veivalg.initiatives.services`` (create, merge) — except un-bundling, which returns
merged parts to their earlier state; no workflow action does that, so ``bundle_dissolve``
writes the state change and its ``Transition`` row here, in the same way the workflow does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.coordination.models import (
    Bundle,
    BundlePart,
    DiscussionPost,
    Notification,
    NotificationKind,
    RelatedLink,
    SharedNeed,
    SharedNeedParticipant,
)
from veivalg.coordination.selectors import can_discuss
from veivalg.core.audit import audit
from veivalg.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from veivalg.initiatives.models import Initiative, State, Transition, WorkType
from veivalg.initiatives.services import initiative_create, initiative_perform_action
from veivalg.org.models import Unit, User
from veivalg.org.roles import roles_of

logger = logging.getLogger("veivalg.coordination")

# Parts can be bundled while they wait for analysis or for the board (not drafts the owner
# has not sent in, and not what the board has already decided).
BUNDLEABLE_STATES = frozenset(
    {State.SUBMITTED, State.ENDORSED, State.IN_ANALYSIS, State.READY_FOR_DECISION}
)
# A bundle can be dissolved until the board decides on the coordinated initiative.
DISSOLVABLE_STATES = frozenset(
    {
        State.DRAFT,
        State.SUBMITTED,
        State.ENDORSED,
        State.IN_ANALYSIS,
        State.READY_FOR_DECISION,
        State.WITHDRAWN,  # withdrawn by its owner: the parts are still merged into it
    }
)
BOARD_DECISIONS = ("approve", "defer", "reject")
SILENT_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
TITLE_MAX = 200
SUMMARY_MAX = 2000
NEED_MAX = 8000
BODY_MAX = 4000


@dataclass
class _Errors:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _require_office(actor: User, message: str) -> None:
    if not roles_of(actor).portfolio_office:
        raise NotAllowed(message)


def _ids(values: Iterable[Any], name: str, errors: _Errors) -> list[int]:
    """Initiative ids from numbers, ``"#12"`` strings or instances, in order, without repeats."""
    result: list[int] = []
    for value in values or []:
        if isinstance(value, Initiative):
            number: Any = value.pk
        else:
            number = str(value).strip().lstrip("#")
        try:
            number = int(number)
        except (TypeError, ValueError):
            errors.add(name, _("«%(value)s» er ikke et initiativnummer.") % {"value": value})
            continue
        if number not in result:
            result.append(number)
    return result


# --- related links --------------------------------------------------------------------------


@transaction.atomic
def related_link_create(
    *, actor: User, initiative: Initiative, other: Initiative | int, note: str = ""
) -> RelatedLink:
    """The portfolio office marks two initiatives as related (once per pair)."""
    _require_office(actor, _("Bare porteføljekontoret kan koble initiativer som relaterte."))
    errors = _Errors()
    found_ids = _ids([other], "other", errors)
    errors.raise_if_any()
    other_id = found_ids[0] if found_ids else None
    if other_id == initiative.pk:
        raise ValidationFailed({"other": [_("Et initiativ kan ikke kobles til seg selv.")]})
    if other_id is None or not Initiative.objects.filter(pk=other_id).exists():
        raise ValidationFailed(
            {"other": [_("Initiativ nr. %(id)s finnes ikke.") % {"id": other_id}]}
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationFailed({"note": [_("Merknaden kan være høyst 500 tegn.")]})
    first, second = sorted((initiative.pk, other_id))
    link = RelatedLink.objects.filter(first_id=first, second_id=second).first()
    if link is not None:
        raise ValidationFailed({"other": [_("Initiativene er allerede koblet.")]})
    link = RelatedLink.objects.create(first_id=first, second_id=second, note=note, created_by=actor)
    audit(actor, "related.link", link, first=first, second=second)
    return link


@transaction.atomic
def related_link_delete(*, actor: User, link: RelatedLink) -> None:
    _require_office(actor, _("Bare porteføljekontoret kan fjerne koblinger."))
    audit(actor, "related.unlink", link, first=link.first_id, second=link.second_id)
    link.delete()


# --- bundles --------------------------------------------------------------------------------


def _combined_costs(parts: Sequence[Initiative]) -> list[dict[str, int]]:
    by_year: dict[int, list[int]] = {}
    for part in parts:
        for cost in part.costs.all():
            row = by_year.setdefault(cost.year, [0, 0])
            row[0] += int(cost.investment)
            row[1] += int(cost.operating)
    return [
        {"year": year, "investment": amounts[0], "operating": amounts[1]}
        for year, amounts in sorted(by_year.items())
    ]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bundle_data(title: str, summary: str, parts: Sequence[Initiative]) -> dict[str, Any]:
    """The coordinated initiative as the initiatives service wants it, from its parts."""
    lead = next((p for p in parts if not p.portfolio.out_of_scope), parts[0])
    portfolios: list[Any] = []
    for part in parts:
        for portfolio in [part.portfolio, *part.contributing_portfolios.all()]:
            if portfolio.pk != lead.portfolio_id and portfolio not in portfolios:
                portfolios.append(portfolio)
    goals: list[Any] = []
    for part in parts:
        for goal in part.goals.all():
            if goal not in goals:
                goals.append(goal)
    programs = {p.program_id: p.program for p in parts if p.program_id}
    program = next(iter(programs.values())) if len(programs) == 1 else lead.program
    references = [p.political_reference for p in parts if p.politically_mandated]
    listing = "; ".join(_("nr. %(id)s %(title)s") % {"id": p.pk, "title": p.title} for p in parts)
    if not summary:
        summary = _(
            "Samordnet initiativ fra porteføljekontoret. Samler %(count)s behov: %(parts)s."
        ) % {"count": len(parts), "parts": listing}
    need = "\n\n".join(
        _("%(title)s (%(unit)s, %(portfolio)s): %(need)s")
        % {"title": p.title, "unit": p.unit.name, "portfolio": p.portfolio.name, "need": p.need}
        for p in parts
    )
    return {
        "title": title,
        "summary": _cut(summary, SUMMARY_MAX),
        "need": _cut(need, NEED_MAX),
        "unit": lead.unit,
        "portfolio": lead.portfolio,
        "contributing_portfolios": portfolios,
        "program": program,
        "goals": goals,
        "work_type": WorkType.DEVELOPMENT,
        "politically_mandated": bool(references),
        "political_reference": _cut("; ".join(references), 200),
        "confidential": any(p.confidential for p in parts),
        "archive_reference": "",
        "costs": _combined_costs(parts),
    }


@transaction.atomic
def bundle_create(
    *,
    actor: User,
    title: str,
    initiatives: Sequence[Initiative | int | str],
    summary: str = "",
) -> Bundle:
    """Bundle several initiatives into one coordinated initiative (samordnet initiativ).

    The coordinated initiative is created through the initiatives service as a draft owned
    by the portfolio office person who bundles (so the office can still edit its text), with
    the parts' summed yearly costs, their goals and portfolios, the lead part's unit and
    primary portfolio (the first part whose portfolio is steered here), confidential or
    politically mandated when any part is. It then follows the ordinary workflow: the office
    sends it to the lead unit's director, who endorses it, before analysis and the board.
    Each part is merged into it with the workflow's ``merge_into``, so its origin, unit and
    history stay.
    """
    _require_office(
        actor, _("Bare porteføljekontoret kan samle initiativer i et samordnet initiativ.")
    )
    errors = _Errors()
    title = (title or "").strip()
    summary = (summary or "").strip()
    if not title:
        errors.add("title", _("Gi det samordnede initiativet en tittel."))
    elif len(title) > TITLE_MAX:
        errors.add("title", _("Tittelen kan være høyst 200 tegn."))
    if len(summary) > SUMMARY_MAX:
        errors.add("summary", _("Sammendraget kan være høyst 2000 tegn."))
    ids = _ids(initiatives, "initiatives", errors)
    if len(ids) < 2 and "initiatives" not in errors.errors:
        errors.add("initiatives", _("Velg minst to initiativer som skal samles."))
    found = {
        i.pk: i
        for i in Initiative.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("unit", "portfolio", "program")
    }
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        errors.add(
            "initiatives",
            _("Finnes ikke: nr. %(ids)s.") % {"ids": ", ".join(missing)},
        )
    coordinated_ids = set(
        Bundle.objects.filter(initiative_id__in=ids, dissolved_at__isnull=True).values_list(
            "initiative_id", flat=True
        )
    )
    for pk in ids:
        part = found.get(pk)
        if part is None:
            continue
        if pk in coordinated_ids:
            errors.add(
                "initiatives",
                _("Nr. %(id)s er selv et samordnet initiativ og kan ikke samles på nytt.")
                % {"id": pk},
            )
        elif part.state not in BUNDLEABLE_STATES:
            errors.add(
                "initiatives",
                _(
                    "Nr. %(id)s har status «%(state)s». Bare initiativer som er sendt inn og "
                    "ikke behandlet av styret, kan samles."
                )
                % {"id": pk, "state": State(part.state).label},
            )
        elif part.work_type != WorkType.DEVELOPMENT:
            errors.add(
                "initiatives",
                _("Nr. %(id)s er drift eller forvaltning. Bare utviklingsinitiativer samles.")
                % {"id": pk},
            )
    errors.raise_if_any()
    parts = [found[pk] for pk in ids]
    coordinated = initiative_create(actor=actor, data=_bundle_data(title, summary, parts))
    bundle = Bundle.objects.create(initiative=coordinated, created_by=actor)
    for position, part in enumerate(parts):
        before = part.state
        initiative_perform_action(
            actor=actor,
            initiative=part,
            action="merge_into",
            target=coordinated,
            comment=_("Samlet i det samordnede initiativet nr. %(id)s «%(title)s».")
            % {"id": coordinated.pk, "title": coordinated.title},
        )
        BundlePart.objects.create(
            bundle=bundle, initiative=part, previous_state=before, position=position
        )
    audit(actor, "bundle.create", bundle, initiative=coordinated.pk, parts=ids)
    for part in parts:
        if part.owner_id != actor.pk:
            _notify(
                user_id=part.owner_id,
                kind=NotificationKind.BUNDLED,
                actor=actor,
                initiative=part,
            )
    return bundle


def board_has_decided(initiative: Initiative) -> bool:
    """Whether a board has approved, deferred or rejected the initiative (even if resumed)."""
    if initiative.state not in DISSOLVABLE_STATES:
        return True
    return initiative.transitions.filter(action__in=BOARD_DECISIONS).exists()


@transaction.atomic
def bundle_dissolve(*, actor: User, bundle: Bundle, comment: str = "") -> Bundle:
    """Un-bundle: every part goes back to the state it had before the merge, and the
    coordinated initiative is withdrawn. Refused once the board has decided on it.

    For each part a ``Transition`` with action ``unbundle`` (``merged`` → its earlier state)
    is recorded; the coordinated initiative gets one too (its state → ``withdrawn``) unless
    its owner had already withdrawn it. The bundle row stays, marked as dissolved.
    """
    _require_office(actor, _("Bare porteføljekontoret kan løse opp en samordning."))
    bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
    if bundle.dissolved_at is not None:
        raise InvalidTransition(_("Samordningen er allerede løst opp."), code="already_dissolved")
    coordinated = Initiative.objects.select_for_update().get(pk=bundle.initiative_id)
    if coordinated.transitions.filter(action__in=BOARD_DECISIONS).exists():
        raise InvalidTransition(
            _(
                "Styret har allerede behandlet det samordnede initiativet (status «%(state)s»). "
                "Samordningen kan bare løses opp før styret har besluttet."
            )
            % {"state": State(coordinated.state).label},
            code="board_decided",
        )
    if coordinated.state not in DISSOLVABLE_STATES:
        raise InvalidTransition(
            _(
                "Samordningen kan ikke løses opp når det samordnede initiativet har status "
                "«%(state)s»."
            )
            % {"state": State(coordinated.state).label},
            code="wrong_state",
        )
    comment = (comment or "").strip()
    if len(comment) > BODY_MAX:
        raise ValidationFailed({"comment": [_("Begrunnelsen kan være høyst 4000 tegn.")]})
    note = comment or _("Samordningen nr. %(id)s «%(title)s» er løst opp.") % {
        "id": coordinated.pk,
        "title": coordinated.title,
    }
    returned: list[Initiative] = []
    for part in bundle.parts.select_related("initiative").order_by("position", "id"):
        initiative = Initiative.objects.select_for_update().get(pk=part.initiative_id)
        if initiative.state != State.MERGED or initiative.merged_into_id != coordinated.pk:
            continue  # cannot happen through the services; leave such a part as it is
        merge = (
            initiative.transitions.filter(action="merge_into", to_state=State.MERGED)
            .order_by("-at", "-id")
            .first()
        )
        earlier = merge.from_state if merge and merge.from_state else part.previous_state
        initiative.state = earlier
        initiative.merged_into = None
        initiative.save(update_fields=["state", "merged_into", "updated_at"])
        Transition.objects.create(
            initiative=initiative,
            action="unbundle",
            actor=actor,
            comment=note,
            from_state=State.MERGED,
            to_state=earlier,
            data={"bundle": bundle.pk, "coordinated": coordinated.pk},
        )
        audit(
            actor,
            "initiative.unbundle",
            initiative,
            from_state=State.MERGED,
            to_state=earlier,
            bundle=bundle.pk,
        )
        returned.append(initiative)
    if coordinated.state != State.WITHDRAWN:
        before = coordinated.state
        coordinated.state = State.WITHDRAWN
        coordinated.save(update_fields=["state", "updated_at"])
        Transition.objects.create(
            initiative=coordinated,
            action="unbundle",
            actor=actor,
            comment=note,
            from_state=before,
            to_state=State.WITHDRAWN,
            data={"bundle": bundle.pk},
        )
        audit(
            actor,
            "initiative.unbundle",
            coordinated,
            from_state=before,
            to_state=State.WITHDRAWN,
            bundle=bundle.pk,
        )
    bundle.dissolved_at = timezone.now()
    bundle.dissolved_by = actor
    bundle.dissolve_comment = comment
    bundle.save(update_fields=["dissolved_at", "dissolved_by", "dissolve_comment"])
    audit(actor, "bundle.dissolve", bundle, parts=[i.pk for i in returned])
    for initiative in returned:
        if initiative.owner_id != actor.pk:
            _notify(
                user_id=initiative.owner_id,
                kind=NotificationKind.UNBUNDLED,
                actor=actor,
                initiative=initiative,
            )
    return bundle


# --- shared needs ---------------------------------------------------------------------------

SHARED_NEED_FIELDS = (
    "title",
    "description",
    "common_benefit",
    "coordinator",
    "units",
    "initiatives",
    "contributions",
)


def can_edit_shared_need(user: User, shared_need: SharedNeed) -> bool:
    """The portfolio office and the shared need's coordinator edit it."""
    return roles_of(user).portfolio_office or shared_need.coordinator_id == user.pk


def _clean_shared_need(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Check ``data`` (model instances or ids) and return it cleaned; all errors at once.

    ``units``: Unit instances; ``initiatives``: Initiative instances or ids; ``coordinator``:
    a User; ``contributions``: ``{unit_id: text}`` for the participating units.
    """
    errors = _Errors()
    unknown = set(data) - set(SHARED_NEED_FIELDS)
    for name in sorted(unknown):
        errors.add(name, _("Ukjent felt."))
    clean: dict[str, Any] = {}
    for name, limit, required in (
        ("title", TITLE_MAX, True),
        ("description", 4000, True),
        ("common_benefit", 4000, False),
    ):
        if name not in data:
            if not partial and required:
                errors.add(name, _("Feltet er påkrevd."))
            continue
        value = (data[name] or "").strip()
        if required and not value:
            errors.add(name, _("Feltet er påkrevd."))
        elif len(value) > limit:
            errors.add(name, _("Teksten kan være høyst %(max)s tegn.") % {"max": limit})
        clean[name] = value
    if "coordinator" in data or not partial:
        coordinator = data.get("coordinator")
        if not isinstance(coordinator, User) or not coordinator.is_active:
            errors.add("coordinator", _("Velg en koordinator."))
        clean["coordinator"] = coordinator
    if "units" in data or not partial:
        units = list(data.get("units") or [])
        if len(units) < 2:
            errors.add("units", _("Et felles behov har minst to virksomheter."))
        clean["units"] = units
    if "initiatives" in data:
        ids = _ids(data["initiatives"], "initiatives", errors)
        found = {i.pk: i for i in Initiative.objects.filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            errors.add("initiatives", _("Finnes ikke: nr. %(ids)s.") % {"ids": ", ".join(missing)})
        clean["initiatives"] = [found[pk] for pk in ids if pk in found]
    if "contributions" in data:
        contributions: dict[int, str] = {}
        for key, text in (data["contributions"] or {}).items():
            text = (text or "").strip()
            if len(text) > 2000:
                errors.add(f"contributions[{key}]", _("Teksten kan være høyst 2000 tegn."))
            contributions[int(getattr(key, "pk", key))] = text
        clean["contributions"] = contributions
    errors.raise_if_any()
    return clean


def _save_participants(shared_need: SharedNeed, clean: dict[str, Any]) -> None:
    contributions: dict[int, str] = clean.get("contributions", {})
    if "units" in clean:
        wanted = {u.pk for u in clean["units"]}
        shared_need.participants.exclude(unit_id__in=wanted).delete()
        existing = set(shared_need.participants.values_list("unit_id", flat=True))
        SharedNeedParticipant.objects.bulk_create(
            SharedNeedParticipant(
                shared_need=shared_need, unit_id=pk, contribution=contributions.get(pk, "")
            )
            for pk in wanted - existing
        )
    for unit_id, text in contributions.items():
        shared_need.participants.filter(unit_id=unit_id).update(contribution=text)


@transaction.atomic
def shared_need_create(*, actor: User, data: dict[str, Any]) -> SharedNeed:
    """The portfolio office registers a shared need with its units, initiatives and
    coordinator."""
    _require_office(actor, _("Bare porteføljekontoret kan registrere felles behov."))
    clean = _clean_shared_need(data, partial=False)
    shared_need = SharedNeed.objects.create(
        title=clean["title"],
        description=clean["description"],
        common_benefit=clean.get("common_benefit", ""),
        coordinator=clean["coordinator"],
        created_by=actor,
    )
    _save_participants(shared_need, clean)
    shared_need.initiatives.set(clean.get("initiatives", []))
    audit(actor, "shared_need.create", shared_need, title=shared_need.title)
    if shared_need.coordinator_id != actor.pk:
        _notify(
            user_id=shared_need.coordinator_id,
            kind=NotificationKind.SHARED_NEED,
            actor=actor,
            shared_need=shared_need,
        )
    return shared_need


@transaction.atomic
def shared_need_update(*, actor: User, shared_need: SharedNeed, data: dict[str, Any]) -> SharedNeed:
    """Change the given fields (the office or the coordinator); all or nothing."""
    shared_need = SharedNeed.objects.select_for_update().get(pk=shared_need.pk)
    if not can_edit_shared_need(actor, shared_need):
        raise NotAllowed(_("Bare porteføljekontoret og koordinatoren kan endre et felles behov."))
    clean = _clean_shared_need(data, partial=True)
    if "contributions" in clean:
        units = {u.pk for u in clean.get("units", [])} or set(
            shared_need.participants.values_list("unit_id", flat=True)
        )
        strangers = [pk for pk in clean["contributions"] if pk not in units]
        if strangers:
            raise ValidationFailed(
                {"contributions": [_("Bare deltakende virksomheter kan ha et bidrag.")]}
            )
    for name in ("title", "description", "common_benefit", "coordinator"):
        if name in clean:
            setattr(shared_need, name, clean[name])
    shared_need.save()
    _save_participants(shared_need, clean)
    if "initiatives" in clean:
        shared_need.initiatives.set(clean["initiatives"])
    audit(actor, "shared_need.update", shared_need, fields=sorted(clean))
    return shared_need


@transaction.atomic
def shared_need_set_contribution(
    *, actor: User, shared_need: SharedNeed, unit: Unit, contribution: str
) -> SharedNeedParticipant:
    """Record what one participating unit brings to the shared need."""
    if not can_edit_shared_need(actor, shared_need):
        raise NotAllowed(
            _("Bare porteføljekontoret og koordinatoren kan endre bidragene til et felles behov.")
        )
    participant = shared_need.participants.filter(unit=unit).first()
    if participant is None:
        raise NotFound(_("Virksomheten deltar ikke i dette felles behovet."))
    contribution = (contribution or "").strip()
    if len(contribution) > 2000:
        raise ValidationFailed({"contribution": [_("Teksten kan være høyst 2000 tegn.")]})
    participant.contribution = contribution
    participant.save(update_fields=["contribution"])
    SharedNeed.objects.filter(pk=shared_need.pk).update(updated_at=timezone.now())
    audit(actor, "shared_need.contribution", shared_need, unit=unit.slug)
    return participant


# --- discussion and notifications -----------------------------------------------------------

# ``@username``: not inside an e-mail address or a word; Django usernames allow . @ + - _.
MENTION = re.compile(r"(?<![\w.@+-])@([\w.@+-]+)", re.UNICODE)


def mentioned_usernames(body: str) -> list[str]:
    """The candidate usernames after ``@`` in ``body`` (trailing punctuation removed)."""
    names: list[str] = []
    for raw in MENTION.findall(body):
        name = raw.rstrip(".,;:!?-")
        if name and name not in names:
            names.append(name)
    return names


def _mentioned_users(body: str) -> list[User]:
    names = mentioned_usernames(body)
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return list(User.objects.filter(query, is_active=True).order_by("username"))


@transaction.atomic
def discussion_post(*, actor: User, initiative: Initiative, body: str) -> DiscussionPost:
    """Post in the initiative's discussion. ``@username`` notifies that person (in-app, and by
    e-mail when an e-mail backend is configured). Only people with a role on the initiative
    take part, and only they can be mentioned."""
    if not can_discuss(actor, initiative):
        raise NotAllowed(_("Diskusjonen er for dem som har en rolle på initiativet."))
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": [_("Innlegget er tomt.")]})
    if len(body) > BODY_MAX:
        raise ValidationFailed({"body": [_("Innlegget kan være høyst 4000 tegn.")]})
    mentioned = _mentioned_users(body)
    outside = [u for u in mentioned if not can_discuss(u, initiative)]
    if outside:
        raise ValidationFailed(
            {
                "body": [
                    _(
                        "%(people)s har ingen rolle på initiativet og kan ikke se diskusjonen. "
                        "Fjern nevningen, eller be porteføljekontoret om å gi en rolle."
                    )
                    % {"people": ", ".join("@" + u.username for u in outside)}
                ]
            }
        )
    post = DiscussionPost.objects.create(initiative=initiative, author=actor, body=body)
    post.mentions.set(mentioned)
    audit(
        actor,
        "initiative.discussion_post",
        initiative,
        post=post.pk,
        mentions=[u.username for u in mentioned],
    )
    for user in mentioned:
        if user.pk == actor.pk:
            continue
        _notify(
            user_id=user.pk,
            kind=NotificationKind.MENTION,
            actor=actor,
            initiative=initiative,
            post=post,
        )
        _email_mention(user, actor, initiative, body)
    return post


def _notify(
    *,
    user_id: int,
    kind: str,
    actor: User,
    initiative: Initiative | None = None,
    post: DiscussionPost | None = None,
    shared_need: SharedNeed | None = None,
) -> Notification:
    return Notification.objects.create(
        user_id=user_id,
        kind=kind,
        actor=actor,
        initiative=initiative,
        post=post,
        shared_need=shared_need,
    )


def email_configured() -> bool:
    """E-mail is sent only when a real backend is configured (not console or dummy)."""
    return settings.EMAIL_BACKEND not in SILENT_EMAIL_BACKENDS


def _email_mention(user: User, actor: User, initiative: Initiative, body: str) -> None:
    if not email_configured() or not user.email:
        return
    subject = _("%(person)s nevnte deg i diskusjonen om «%(title)s»") % {
        "person": actor.display_name,
        "title": initiative.title,
    }
    message = _(
        "%(person)s skrev i diskusjonen om initiativ nr. %(id)s «%(title)s»:\n\n%(body)s\n\n"
        "Svar i Veivalg, på initiativets side under «Diskusjon»."
    ) % {"person": actor.display_name, "id": initiative.pk, "title": initiative.title, "body": body}
    recipient = user.email

    def send() -> None:
        try:
            send_mail(subject, message, None, [recipient])
        except Exception:  # a mail server problem must not undo the post
            logger.exception("Could not send the mention e-mail to user %s", user.pk)

    transaction.on_commit(send)


@transaction.atomic
def notifications_mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications as read (all unread ones when ``ids`` is None)."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


__all__ = [
    "BUNDLEABLE_STATES",
    "DISSOLVABLE_STATES",
    "board_has_decided",
    "bundle_create",
    "bundle_dissolve",
    "can_edit_shared_need",
    "discussion_post",
    "email_configured",
    "mentioned_usernames",
    "notifications_mark_read",
    "related_link_create",
    "related_link_delete",
    "shared_need_create",
    "shared_need_set_contribution",
    "shared_need_update",
]
