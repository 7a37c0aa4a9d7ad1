"""Forms of the coordination pages. They only parse what the browser sends; the rules live
in ``veivalg.coordination.services`` and come back as field errors."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veivalg.initiatives.models import Initiative, State
from veivalg.org.models import Directorate, Portfolio, Unit, User
from veivalg.strategy.models import Program
from veivalg.web.forms import PersonChoiceField

NUMBERS = re.compile(r"[\s,;]+")


def parse_numbers(text: str) -> list[str]:
    """``"12, 15 #18"`` → ``["12", "15", "18"]``; the service says which are not numbers."""
    return [part.lstrip("#") for part in NUMBERS.split(text or "") if part.strip("#")]


class InitiativeChoiceField(forms.MultipleChoiceField):
    """Checkboxes of initiatives: ``nr. 12 Title (Unit, state)``."""

    widget = forms.CheckboxSelectMultiple

    def set_initiatives(self, initiatives: list[Initiative]) -> None:
        self.choices = [
            (
                str(i.pk),
                _("nr. %(id)s %(title)s (%(unit)s, %(portfolio)s, %(state)s)")
                % {
                    "id": i.pk,
                    "title": i.title,
                    "unit": i.unit.name,
                    "portfolio": i.portfolio.name,
                    "state": State(i.state).label,
                },
            )
            for i in initiatives
        ]


class BundleForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel på det samordnede initiativet"),
        max_length=200,
        required=False,
        help_text=_("F.eks. «Haug skole – samlet utvikling av skolen»."),
    )
    summary = forms.CharField(
        label=_("Sammendrag (valgfritt)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Står det ikke noe her, lages et sammendrag som lister opp delene."),
    )
    initiatives = InitiativeChoiceField(
        label=_("Initiativer som samles"),
        required=False,
        help_text=_("Det første som er valgt, gir virksomhet og primær portefølje."),
    )
    more = forms.CharField(
        label=_("Flere initiativer (numre)"),
        max_length=200,
        required=False,
        help_text=_("Skriv numrene skilt med komma, f.eks. 12, 15."),
    )

    marked_required = frozenset({"title"})

    def __init__(self, *args: Any, candidates: list[Initiative], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "bundle_%s")
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].set_initiatives(candidates)  # type: ignore[attr-defined]

    def initiative_numbers(self) -> list[str]:
        return [*self.cleaned_data["initiatives"], *parse_numbers(self.cleaned_data["more"])]


class DissolveForm(forms.Form):
    comment = forms.CharField(
        label=_("Begrunnelse (valgfritt)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "dissolve_%s")
        super().__init__(*args, **kwargs)


class RelatedLinkForm(forms.Form):
    other = forms.CharField(
        label=_("Nummeret på det relaterte initiativet"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
    )
    note = forms.CharField(label=_("Merknad (valgfritt)"), max_length=500, required=False)

    marked_required = frozenset({"other"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "link_%s")
        super().__init__(*args, **kwargs)


class RelatedSearchForm(forms.Form):
    text = forms.CharField(
        label=_("Beskriv behovet"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": False}),
        help_text=_("Noen setninger holder. Vi finner initiativer med lignende behov."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "search_%s")
        super().__init__(*args, **kwargs)


class SharedNeedForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Det felles behovet"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": False}),
    )
    common_benefit = forms.CharField(
        label=_("Felles gevinst"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Hva virksomhetene oppnår sammen som de ikke får hver for seg."),
    )
    coordinator = PersonChoiceField(
        label=_("Koordinator"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
        required=False,
        empty_label=_("Velg person"),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Virksomheter som deltar"),
        queryset=Unit.objects.select_related("directorate").order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = forms.CharField(
        label=_("Initiativer (numre)"),
        max_length=400,
        required=False,
        help_text=_("Initiativene som dekker behovet, skilt med komma, f.eks. 11, 12, 13."),
    )

    marked_required = frozenset({"title", "description", "coordinator", "units"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "need_%s")
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in ("title", "description", "common_benefit", "coordinator")
        }
        data["units"] = list(self.cleaned_data["units"])
        data["initiatives"] = parse_numbers(self.cleaned_data["initiatives"])
        return data


class ContributionForm(forms.Form):
    contribution = forms.CharField(
        label=_("Hva virksomheten bidrar med"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"contribution_{unit.pk}_%s")
        super().__init__(*args, **kwargs)
        self.unit = unit


class GraphFilterForm(forms.Form):
    """Filters of the whole picture (slugs, so that filtered URLs are readable)."""

    directorate = forms.ChoiceField(label=_("Direktørområde"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    portfolio = forms.ChoiceField(label=_("Portefølje"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["directorate"].choices = everything + [
            (d.slug, d.name) for d in Directorate.objects.order_by("name")
        ]
        self.fields["program"].choices = everything + [
            (p.slug, p.name) for p in Program.objects.order_by("name")
        ]
        self.fields["portfolio"].choices = everything + [
            (p.slug, p.name) for p in Portfolio.objects.order_by("name")
        ]
