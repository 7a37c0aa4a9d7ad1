"""Forms of the governance pages. They only parse what the browser sends; the rules live in
``veivalg.governance.services``, whose errors are tied back to the fields with
``apply_errors``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from veivalg.core.errors import ValidationFailed
from veivalg.governance.mandates import sections_of
from veivalg.governance.models import (
    Audience,
    DecisionType,
    ItemKind,
    Mandate,
    MandateKind,
    Meeting,
    MeetingStatus,
    Phase,
    RuleKind,
)
from veivalg.initiatives.models import Initiative
from veivalg.org.models import Board, Directorate, Portfolio, User
from veivalg.strategy.models import Program
from veivalg.web.forms import PersonChoiceField, apply_service_errors

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(
    form: forms.Form, exc: ValidationFailed, rename: dict[str, str] | None = None
) -> None:
    """The service's field errors on the form's fields (``mandate.cost_ceiling`` →
    ``cost_ceiling``); unknown names become form-wide errors."""
    mapped: dict[str, list[str]] = {}
    for name, messages in exc.errors.items():
        target = (rename or {}).get(name, name)
        if target.startswith("mandate."):
            target = target.split(".", 1)[1]
        mapped.setdefault(target, []).extend(messages)
    apply_service_errors(form, ValidationFailed(mapped))


# --- boards and routing -------------------------------------------------------------------


class BoardProfileForm(forms.Form):
    chair = PersonChoiceField(
        label=_("Styreleder"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Velg blant styrets medlemmer."),
    )
    secretary = PersonChoiceField(
        label=_("Sekretær"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name"),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Forbereder møtene og fører protokollen, gjerne porteføljekontoret."),
    )

    def __init__(self, *args: Any, members: QuerySet[User] | list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in members]
        self.fields["chair"].queryset = User.objects.filter(pk__in=ids).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name"
        )


class RoutingRuleForm(forms.Form):
    marked_required = frozenset({"board", "kind"})

    kind = forms.ChoiceField(
        label=_("Type regel"), choices=RuleKind.choices, required=False, widget=forms.RadioSelect
    )
    board = forms.ModelChoiceField(
        label=_("Styre"),
        queryset=Board.objects.order_by("name"),
        required=False,
        empty_label=_("Velg styre"),
    )
    portfolio = forms.ModelChoiceField(
        label=_("Portefølje"),
        queryset=Portfolio.objects.order_by("name"),
        required=False,
        empty_label=_("Velg portefølje"),
        help_text=_("Bare for regler av typen «Portefølje»."),
    )
    directorate = forms.ModelChoiceField(
        label=_("Direktørområde"),
        queryset=Directorate.objects.order_by("name"),
        required=False,
        empty_label=_("Velg direktørområde"),
        help_text=_("Bare for regler av typen «Direktørområde»."),
    )
    threshold = forms.CharField(
        label=_("Terskel (kr)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Bare for «Kostnad over terskel»: samlet kostnadsestimat, alle år."),
    )
    order = forms.CharField(
        label=_("Rekkefølge"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        help_text=_("Lavest prøves først. Tomt: sist."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "rule_%s")
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- meetings and agenda ------------------------------------------------------------------


class MeetingForm(forms.Form):
    marked_required = frozenset({"date"})

    date = forms.CharField(label=_("Dato"), required=False, widget=DATE_INPUT)
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        required=False,
        help_text=_("Tomt: styrets navn og datoen."),
    )
    location = forms.CharField(label=_("Sted"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "meeting_%s")
        super().__init__(*args, **kwargs)


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MeetingStatus.choices)


class AgendaItemForm(forms.Form):
    """Complete the agenda: another case, a stop proposal or a case ready for decision."""

    marked_required = frozenset({"kind"})

    kind = forms.ChoiceField(
        label=_("Type sak"),
        choices=[
            (ItemKind.OTHER, ItemKind.OTHER.label),
            (ItemKind.STOP_PROPOSAL, ItemKind.STOP_PROPOSAL.label),
            (ItemKind.INITIATIVE, ItemKind.INITIATIVE.label),
        ],
        initial=ItemKind.OTHER,
        required=False,
        widget=forms.RadioSelect,
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiativ"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Velg initiativ"),
        help_text=_(
            "For forslag om stopp: et initiativ under gjennomføring. For beslutningssak: et "
            "initiativ som er klart for beslutning."
        ),
    )
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        required=False,
        help_text=_("Påkrevd for annen sak; ellers brukes initiativets tittel."),
    )
    recommendation = forms.CharField(
        label=_("Porteføljekontorets innstilling"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
    )

    def __init__(self, *args: Any, initiatives: QuerySet[Initiative], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "add_%s")
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]
        self.fields["initiative"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: f"nr. {i.pk} {i.title} ({i.get_state_display()})"
        )


class AgendaItemEditForm(forms.Form):
    marked_required = frozenset({"title"})

    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    recommendation = forms.CharField(
        label=_("Porteføljekontorets innstilling"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": False}),
        help_text=_("Kommer med i saksdokumentene."),
    )


# --- decisions ----------------------------------------------------------------------------


class DecisionForm(forms.Form):
    marked_required = frozenset({"decision"})

    decision = forms.ChoiceField(
        label=_("Vedtak"), choices=DecisionType.choices, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Begrunnelse"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
        help_text=_("Kommer med i protokollen og i initiativets historikk."),
    )
    cost_ceiling = forms.CharField(
        label=_("Kostnadsramme (kr)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    time_frame = forms.CharField(
        label=_("Tidsramme"),
        max_length=500,
        required=False,
        help_text=_("F.eks. «Konseptfasen ferdig innen 1. juni 2027»."),
    )
    steering_group = forms.CharField(
        label=_("Styringsgruppe"),
        max_length=1000,
        required=False,
        help_text=_("Brukernavn, skilt med komma, f.eks. «prosjekteier, direktor.osu»."),
    )
    conditions = forms.CharField(
        label=_("Vilkår"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
    )
    until = forms.CharField(
        label=_("Utsatt til"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Påkrevd når saken utsettes."),
    )

    FRAME_FIELDS = ("cost_ceiling", "time_frame", "steering_group", "conditions")

    def __init__(self, *args: Any, choices: list[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["decision"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in DecisionType.choices if value in choices
            ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        decision = data.get("decision") or ""
        kwargs: dict[str, Any] = {"decision": decision, "comment": data.get("comment", "")}
        if decision == DecisionType.APPROVE:
            kwargs["mandate"] = {name: data.get(name, "") for name in self.FRAME_FIELDS}
        if decision == DecisionType.DEFER:
            kwargs["until"] = data.get("until") or None
        return kwargs


class ArchiveReferenceForm(forms.Form):
    archive_reference = forms.CharField(label=_("Saksnummer"), max_length=64, required=False)


# --- mandates -----------------------------------------------------------------------------


class MandateForm(forms.Form):
    """One text area per section of the mandate's kind, and a comment for the version."""

    comment = forms.CharField(
        label=_("Hva er endret?"),
        max_length=500,
        required=False,
        help_text=_("Kort kommentar som vises i versjonshistorikken."),
    )

    def __init__(self, *args: Any, mandate: Mandate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections_of(mandate.kind)
        self.marked_required = frozenset(s.key for s in self.sections if s.required)
        fields: dict[str, forms.Field] = {}
        for section in self.sections:
            fields[section.key] = forms.CharField(
                label=section.heading,
                required=False,
                help_text=section.help,
                widget=forms.Textarea(attrs={"rows": 6, "cols": False}),
            )
        fields["comment"] = self.fields["comment"]
        self.fields = fields  # type: ignore[assignment]

    def section_fields(self) -> list[forms.BoundField]:
        return [self[s.key] for s in self.sections]

    def content(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(s.key, "") for s in self.sections}


class MandateNewForm(forms.Form):
    marked_required = frozenset({"kind"})

    kind = forms.ChoiceField(
        label=_("Type mandat"),
        choices=[
            (MandateKind.PROGRAM, MandateKind.PROGRAM.label),
            (MandateKind.PROJECT, MandateKind.PROJECT.label),
            (MandateKind.STEERING_GROUP, MandateKind.STEERING_GROUP.label),
        ],
        initial=MandateKind.PROGRAM,
        required=False,
        widget=forms.RadioSelect,
    )
    program = forms.ModelChoiceField(
        label=_("Program eller produktområde"),
        queryset=Program.objects.order_by("name"),
        required=False,
        empty_label=_("Velg program"),
        help_text=_("For mandat for program eller produktområde."),
    )
    initiative = forms.CharField(
        label=_("Initiativnummer"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
        help_text=_("For prosjektmandat og mandat for styringsgruppen."),
    )
    board = forms.ModelChoiceField(
        label=_("Styret som godkjenner"),
        queryset=Board.objects.order_by("name"),
        required=False,
        empty_label=_("Styret initiativet er rutet til"),
    )


class MandateApproveForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Godkjent i møte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Per capsulam (utenfor møte)"),
    )

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "approve_%s")
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (  # type: ignore[attr-defined]
            Meeting.objects.filter(board=board)
            .exclude(status=MeetingStatus.CLOSED)
            .order_by("-date")
        )


# --- guidance -----------------------------------------------------------------------------


class GuidancePageForm(forms.Form):
    marked_required = frozenset({"title", "body", "audience"})

    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    slug = forms.CharField(
        label=_("Kortnavn i adressen"),
        max_length=50,
        required=False,
        help_text=_("Små bokstaver, tall og bindestrek. Tomt: lages fra tittelen."),
    )
    summary = forms.CharField(label=_("Ingress"), max_length=500, required=False)
    audience = forms.ChoiceField(
        label=_("Målgruppe"),
        choices=[("", _("Velg målgruppe")), *Audience.choices],
        required=False,
    )
    phase = forms.ChoiceField(
        label=_("Fase"), choices=[("", _("Alle faser")), *Phase.choices], required=False
    )
    order = forms.CharField(
        label=_("Rekkefølge"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    body = forms.CharField(
        label=_("Innhold"),
        max_length=40000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": False}),
        help_text=_(
            "Vanlig tekst. Tom linje gir nytt avsnitt. «## » gir mellomtittel, «- » gir "
            "punktliste, **fet** og [lenketekst](https://…) virker. HTML vises som tekst."
        ),
    )

    def __init__(self, *args: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["slug"]


class ChecklistForm(forms.Form):
    marked_required = frozenset({"title", "items"})

    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    items = forms.CharField(
        label=_("Punkter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": False}),
        help_text=_("Ett punkt per linje."),
    )

    def item_list(self) -> list[str]:
        return (self.cleaned_data.get("items") or "").splitlines()


# --- the register -------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Fritekst"), required=False)
    board = forms.ChoiceField(label=_("Styre"), required=False)
    meeting = forms.ChoiceField(label=_("Møte"), required=False)
    directorate = forms.ChoiceField(label=_("Direktørområde"), required=False)
    type = forms.ChoiceField(
        label=_("Vedtak"), required=False, choices=[("", _("Alle")), *DecisionType.choices]
    )
    date_from = forms.CharField(label=_("Fra dato"), required=False, widget=DATE_INPUT)
    date_to = forms.CharField(label=_("Til dato"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["board"].choices = everything + [  # type: ignore[attr-defined]
            (b.slug, b.name) for b in Board.objects.order_by("name")
        ]
        self.fields["meeting"].choices = (
            everything
            + [  # type: ignore[attr-defined]
                (str(m.pk), f"{m.title} ({m.date:%d.%m.%Y})")
                for m in Meeting.objects.select_related("board").order_by("-date")[:200]
            ]
        )
        self.fields["directorate"].choices = everything + [  # type: ignore[attr-defined]
            (d.slug, d.name) for d in Directorate.objects.order_by("name")
        ]
