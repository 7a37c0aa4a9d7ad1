"""Template tags of coordination: the sections of the initiative page and the unread count.

On the initiative page::

    {% load coordination %}
    {% bundle_section initiative %}       {# its bundle (parts or the whole), shared needs #}
    {% related_section initiative %}      {# related initiatives, links, «Samle» #}
    {% discussion_section initiative %}   {# the discussion for those with a role on it #}

In the menu: ``{% unread_notification_count user as unread %}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from veivalg.coordination import selectors
from veivalg.coordination.forms import RelatedLinkForm
from veivalg.coordination.services import BUNDLEABLE_STATES, board_has_decided
from veivalg.coordination.views.discussion import discussion_context
from veivalg.initiatives.models import Initiative
from veivalg.org.models import User
from veivalg.org.roles import roles_of

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("coordination/partials/related_section.html", takes_context=True)
def related_section(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    user = _user(context)
    office = roles_of(user).portfolio_office
    related = selectors.related_to_initiative(user, initiative, limit=5)
    links = selectors.related_links_of(user, initiative)
    shown = {r.initiative.pk for r in related}
    return {
        "request": context.get("request"),
        "initiative": initiative,
        "related": related,
        "other_links": [(link, other) for link, other in links if other.pk not in shown],
        "is_office": office,
        "link_form": RelatedLinkForm() if office else None,
        "can_bundle": office and initiative.state in BUNDLEABLE_STATES,
    }


@register.inclusion_tag("coordination/partials/bundle_section.html", takes_context=True)
def bundle_section(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    """The bundle ``initiative`` coordinates or belongs to, and its shared needs (nothing is
    shown when there is none)."""
    user = _user(context)
    own = selectors.bundle_of_coordinated(initiative)
    view = selectors.bundle_view(user, own) if own is not None else None
    return {
        "request": context.get("request"),
        "initiative": initiative,
        "view": view,
        "decided": board_has_decided(initiative) if view is not None else False,
        "part_of": selectors.active_bundle_containing(initiative),
        "shared_needs": list(selectors.shared_needs_of(initiative)),
    }


@register.inclusion_tag("coordination/partials/discussion_section.html", takes_context=True)
def discussion_section(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    request = context.get("request")
    user = _user(context)
    allowed = selectors.can_discuss(user, initiative)
    result: dict[str, Any] = {"request": request, "initiative": initiative, "allowed": allowed}
    if allowed and request is not None:
        result.update(discussion_context(request, initiative))
    return result


@register.simple_tag
def unread_notification_count(user: User | None) -> int:
    """``{% unread_notification_count user as unread %}``: the person's unread notifications."""
    return selectors.unread_count(user)
