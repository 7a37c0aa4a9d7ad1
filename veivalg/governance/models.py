"""Governance: who sits on which board, where an initiative is decided and why, the board's
meetings, agenda and decisions, mandates with their versions, and guidance for the roles.

Members of a board are the ``board_member`` role assignments of ``veivalg.org``; a board's
chair and secretary are kept here (``BoardProfile``), so the organisation app stays as it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# --- boards and routing ------------------------------------------------------------------


class BoardProfile(models.Model):
    """A board's chair (styreleder) and secretary (sekretær, usually the portfolio office)."""

    board = models.OneToOneField(
        "org.Board",
        on_delete=models.CASCADE,
        related_name="governance_profile",
        verbose_name=_("styre"),
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("styreleder"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sekretær"),
    )

    class Meta:
        verbose_name = _("styreprofil")
        verbose_name_plural = _("styreprofiler")

    def __str__(self) -> str:
        return str(self.board)


class RuleKind(models.TextChoices):
    PORTFOLIO = "portfolio", _("Portefølje")
    DIRECTORATE = "directorate", _("Direktørområde")
    COST_ABOVE = "cost_above", _("Kostnad over terskel")
    CROSS_CUTTING = "cross_cutting", _("På tvers av direktørområder eller porteføljer")


class RoutingRule(models.Model):
    """Sends initiatives to a board. Rules are tried in ``order``; the first that matches
    decides. When none matches, the initiative goes to the default board."""

    board = models.ForeignKey(
        "org.Board",
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("styre"),
    )
    kind = models.CharField(_("type regel"), max_length=16, choices=RuleKind.choices)
    portfolio = models.ForeignKey(
        "org.Portfolio",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portefølje"),
    )
    directorate = models.ForeignKey(
        "org.Directorate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direktørområde"),
    )
    threshold = models.DecimalField(
        _("terskel (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("rutingsregel")
        verbose_name_plural = _("rutingsregler")
        constraints = [
            models.CheckConstraint(
                name="routing_rule_has_its_target",
                condition=(
                    Q(
                        kind="portfolio",
                        portfolio__isnull=False,
                        directorate__isnull=True,
                        threshold__isnull=True,
                    )
                    | Q(
                        kind="directorate",
                        portfolio__isnull=True,
                        directorate__isnull=False,
                        threshold__isnull=True,
                    )
                    | Q(
                        kind="cost_above",
                        portfolio__isnull=True,
                        directorate__isnull=True,
                        threshold__gte=0,
                    )
                    | Q(
                        kind="cross_cutting",
                        portfolio__isnull=True,
                        directorate__isnull=True,
                        threshold__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.board}"


class Routing(models.Model):
    """Where an initiative is decided and why (the reason shown on its page and in the API)."""

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="governance_routing",
        verbose_name=_("initiativ"),
    )
    board = models.ForeignKey(
        "org.Board", on_delete=models.PROTECT, related_name="+", verbose_name=_("styre")
    )
    rule = models.ForeignKey(
        RoutingRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regel"),
    )
    reason = models.TextField(_("begrunnelse"))
    routed_at = models.DateTimeField(_("rutet"), auto_now=True)

    class Meta:
        verbose_name = _("ruting")
        verbose_name_plural = _("rutinger")

    def __str__(self) -> str:
        return f"#{self.initiative_id} → {self.board}"


# --- meetings and agenda -----------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Avholdt")
    CLOSED = "closed", _("Protokoll godkjent")


class Meeting(models.Model):
    """A board meeting: date, place, agenda and the decisions taken in it."""

    board = models.ForeignKey(
        "org.Board", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("styre")
    )
    date = models.DateField(_("dato"))
    title = models.CharField(_("tittel"), max_length=200)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("styremøte")
        verbose_name_plural = _("styremøter")
        constraints = [
            models.CheckConstraint(
                name="meeting_status_valid", condition=Q(status__in=MeetingStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED


class ItemKind(models.TextChoices):
    INITIATIVE = "initiative", _("Beslutningssak")
    SCENARIO = "scenario", _("Prioriteringsforslag (scenario)")
    STOP_PROPOSAL = "stop_proposal", _("Forslag om stopp")
    OTHER = "other", _("Annen sak")


class AgendaItem(models.Model):
    """One case on a meeting's agenda, with the portfolio office's recommendation."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("møte")
    )
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    kind = models.CharField(_("type sak"), max_length=16, choices=ItemKind.choices)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("initiativ"),
    )
    scenario = models.ForeignKey(
        "prioritization.Scenario",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("scenario"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    recommendation = models.TextField(
        _("porteføljekontorets innstilling"), max_length=4000, blank=True
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("sak på sakslisten")
        verbose_name_plural = _("saksliste")
        constraints = [
            models.CheckConstraint(
                name="agenda_item_kind_valid", condition=Q(kind__in=ItemKind.values)
            ),
            models.CheckConstraint(
                name="agenda_item_has_its_subject",
                condition=(
                    Q(kind__in=["initiative", "stop_proposal"])
                    & Q(initiative__isnull=False)
                    & Q(scenario__isnull=True)
                )
                | (Q(kind="scenario") & Q(initiative__isnull=True) & Q(scenario__isnull=False))
                | (Q(kind="other") & Q(initiative__isnull=True) & Q(scenario__isnull=True)),
            ),
            models.UniqueConstraint(
                fields=["meeting", "initiative"],
                condition=Q(initiative__isnull=False),
                name="agenda_initiative_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "scenario"],
                condition=Q(scenario__isnull=False),
                name="agenda_scenario_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


# --- decisions ------------------------------------------------------------------------------


class DecisionType(models.TextChoices):
    """A board's decision on an initiative; the value is the workflow action it performs."""

    APPROVE = "approve", _("Vedtatt")
    DEFER = "defer", _("Utsatt")
    REJECT = "reject", _("Avslått")
    STOP = "stop", _("Stoppet")


# What the board may decide on each kind of case (the decision is the workflow action).
ITEM_DECISIONS: dict[str, tuple[str, ...]] = {
    ItemKind.INITIATIVE: (DecisionType.APPROVE, DecisionType.DEFER, DecisionType.REJECT),
    ItemKind.STOP_PROPOSAL: (DecisionType.STOP,),
}


class Decision(models.Model):
    """A board decision, taken in a meeting, or per capsulam (outside a meeting).

    Recording one performs the workflow action in the same transaction (``transition`` is
    the resulting history row), so a decision and the initiative's state never disagree.
    Per capsulam decisions taken through the initiative's own actions have only the
    ``Transition``; the register (``selectors.register``) shows both.
    """

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("møte"),
    )
    board = models.ForeignKey(
        "org.Board", on_delete=models.PROTECT, related_name="+", verbose_name=_("styre")
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        related_name="governance_decisions",
        verbose_name=_("initiativ"),
    )
    decision = models.CharField(_("vedtak"), max_length=8, choices=DecisionType.choices)
    comment = models.TextField(_("begrunnelse"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    decided_at = models.DateTimeField(_("tidspunkt"), db_index=True)
    per_capsulam = models.BooleanField(_("per capsulam"), default=False)
    archive_reference = models.CharField(_("saksnummer"), max_length=64, blank=True)
    defer_until = models.DateField(_("utsatt til"), null=True, blank=True)
    # The approval's frame: cost ceiling (kroner), time frame, steering group (usernames),
    # conditions. Empty for other decisions.
    frame = models.JSONField(_("rammer"), default=dict, blank=True)
    mandate = models.ForeignKey(
        "Mandate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mandat"),
    )
    transition = models.OneToOneField(
        "initiatives.Transition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_decision",
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        constraints = [
            models.CheckConstraint(
                name="decision_type_valid", condition=Q(decision__in=DecisionType.values)
            ),
            models.CheckConstraint(
                name="decision_per_capsulam_without_meeting",
                condition=Q(per_capsulam=True, meeting__isnull=True)
                | Q(per_capsulam=False, meeting__isnull=False),
            ),
            models.CheckConstraint(
                name="decision_defer_until_only_when_deferred",
                condition=Q(defer_until__isnull=True) | Q(decision="defer"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: #{self.initiative_id}"


# --- mandates -----------------------------------------------------------------------------


class MandateKind(models.TextChoices):
    PROJECT = "project", _("Prosjektmandat")
    STEERING_GROUP = "steering_group", _("Mandat for styringsgruppen")
    PROGRAM = "program", _("Mandat for program eller produktområde")


class Mandate(models.Model):
    """What a project, a steering group or a program may do, within which frame.

    The text lives in versions (``MandateVersion``): every save is a new version. A board
    approves one version; a later save makes the mandate a draft again until it is approved.
    """

    kind = models.CharField(_("type mandat"), max_length=16, choices=MandateKind.choices)
    title = models.CharField(_("tittel"), max_length=200)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("initiativ"),
    )
    program = models.ForeignKey(
        "strategy.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("program / produktområde"),
    )
    board = models.ForeignKey(
        "org.Board", on_delete=models.PROTECT, related_name="mandates", verbose_name=_("styre")
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedtak (BP1)"),
    )
    approved_version = models.ForeignKey(
        "MandateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent versjon"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent av"),
    )
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent i møte"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandater")
        constraints = [
            models.CheckConstraint(
                name="mandate_kind_valid", condition=Q(kind__in=MandateKind.values)
            ),
            models.CheckConstraint(
                name="mandate_has_its_subject",
                condition=(
                    Q(kind__in=["project", "steering_group"])
                    & Q(initiative__isnull=False)
                    & Q(program__isnull=True)
                )
                | (Q(kind="program") & Q(initiative__isnull=True) & Q(program__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MandateVersion(models.Model):
    """One saved text of a mandate: ``content`` maps a section key to its text."""

    mandate = models.ForeignKey(
        Mandate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("mandat")
    )
    number = models.PositiveIntegerField(_("versjon"))
    content = models.JSONField(_("innhold"), default=dict)
    comment = models.CharField(_("endringskommentar"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lagret"), auto_now_add=True)

    class Meta:
        ordering = ["mandate", "-number"]
        verbose_name = _("mandatversjon")
        verbose_name_plural = _("mandatversjoner")
        constraints = [
            models.UniqueConstraint(fields=["mandate", "number"], name="mandate_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mandate} v{self.number}"


# --- guidance -----------------------------------------------------------------------------


class Audience(models.TextChoices):
    PROJECT_OWNER = "project_owner", _("Prosjekteier")
    STEERING_GROUP = "steering_group", _("Styringsgruppe")
    BENEFIT_OWNER = "benefit_owner", _("Gevinsteier")
    PORTFOLIO_OFFICE = "portfolio_office", _("Porteføljekontoret")


class Phase(models.TextChoices):
    IDEA = "idea", _("Idé")
    CONCEPT = "concept", _("Konsept")
    PLANNING = "planning", _("Planlegging")
    EXECUTION = "execution", _("Gjennomføring")
    CLOSING = "closing", _("Avslutning")
    REALISATION = "realisation", _("Realisering")


class GuidancePage(models.Model):
    """A page of the knowledge base. ``body`` is plain text with a little Markdown (headings,
    lists, bold, links); raw HTML is shown as text, never rendered."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    title = models.CharField(_("tittel"), max_length=200)
    summary = models.CharField(_("ingress"), max_length=500, blank=True)
    body = models.TextField(_("innhold"), max_length=40000)
    audience = models.CharField(_("målgruppe"), max_length=20, choices=Audience.choices)
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices, blank=True)
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("veiledningsside")
        verbose_name_plural = _("veiledningssider")
        constraints = [
            models.CheckConstraint(
                name="guidance_audience_valid", condition=Q(audience__in=Audience.values)
            ),
            models.CheckConstraint(
                name="guidance_phase_valid", condition=Q(phase="") | Q(phase__in=Phase.values)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Checklist(models.Model):
    """What one role checks in one phase (e.g. the project owner in Konsept)."""

    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices)
    audience = models.CharField(_("målgruppe"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("tittel"), max_length=200)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["phase", "audience"]
        verbose_name = _("sjekkliste")
        verbose_name_plural = _("sjekklister")
        constraints = [
            models.UniqueConstraint(fields=["phase", "audience"], name="checklist_unique"),
            models.CheckConstraint(
                name="checklist_phase_valid", condition=Q(phase__in=Phase.values)
            ),
            models.CheckConstraint(
                name="checklist_audience_valid", condition=Q(audience__in=Audience.values)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("sjekkliste")
    )
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    text = models.CharField(_("punkt"), max_length=500)

    class Meta:
        ordering = ["checklist", "order", "id"]
        verbose_name = _("punkt i sjekkliste")
        verbose_name_plural = _("punkter i sjekkliste")

    def __str__(self) -> str:
        return self.text
