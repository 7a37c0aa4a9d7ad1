"""The organisation: directorates, units, portfolios, boards, people and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Every signed-in user is an employee."""

    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("virksomhet"),
    )
    job_title = models.CharField(_("stilling"), max_length=120, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        return self.display_name


class Directorate(models.Model):
    """Kommunaldirektør-/kommunalsjefområde: approves its units' initiatives."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("direktørområde")
        verbose_name_plural = _("direktørområder")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """Virksomhet / tjenestested inside a directorate."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=120)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("direktørområde"),
    )
    site = models.CharField(
        _("sted"), max_length=120, blank=True, help_text=_("Tomt eller område, f.eks. Oksenøya")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")

    def __str__(self) -> str:
        return self.name


class Portfolio(models.Model):
    """Portefølje: DigIT, HR, Økonomi, SU, Eiendom … Can be marked as not steered here."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=120, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    out_of_scope = models.BooleanField(
        _("utenfor porteføljestyringen"),
        default=False,
        help_text=_("F.eks. byggeprosjekter, som styres et annet sted."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("portefølje")
        verbose_name_plural = _("porteføljer")

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """Porteføljestyre. Boards can be nested: an overall board above area boards."""

    DEFAULT_SLUG = "porteforljestyret"

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet styre"),
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("porteføljestyre")
        verbose_name_plural = _("porteføljestyrer")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Medarbeider")
    DIRECTOR = "director", _("Direktør / kommunalsjef")
    PORTFOLIO_MANAGER = "portfolio_manager", _("Porteføljeforvalter")
    PORTFOLIO_OFFICE = "portfolio_office", _("Porteføljekontoret")
    BOARD_MEMBER = "board_member", _("Styremedlem")
    PROJECT_OWNER = "project_owner", _("Prosjekteier")
    PROJECT_MANAGER = "project_manager", _("Prosjektleder")
    BENEFIT_OWNER = "benefit_owner", _("Gevinsteier")
    BENEFIT_RESPONSIBLE = "benefit_responsible", _("Gevinstansvarlig")
    ADMINISTRATOR = "administrator", _("Administrator")


# Which scope each role needs: the name of the foreign key on RoleAssignment, or None.
ROLE_SCOPE: dict[str, str | None] = {
    Role.EMPLOYEE: None,
    Role.DIRECTOR: "directorate",
    Role.PORTFOLIO_MANAGER: "portfolio",
    Role.PORTFOLIO_OFFICE: None,
    Role.BOARD_MEMBER: "board",
    Role.PROJECT_OWNER: "initiative",
    Role.PROJECT_MANAGER: "initiative",
    Role.BENEFIT_OWNER: "initiative",
    Role.BENEFIT_RESPONSIBLE: "initiative",
    Role.ADMINISTRATOR: None,
}
SCOPE_FIELDS = ("directorate", "portfolio", "board", "initiative")


def _scope_q(scope: str | None) -> Q:
    q = Q()
    for field in SCOPE_FIELDS:
        q &= Q(**{f"{field}__isnull": field != scope})
    return q


class RoleAssignment(models.Model):
    """A role a person holds, scoped to a directorate, portfolio, board or initiative."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person")
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    directorate = models.ForeignKey(
        Directorate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(_("tildelt"), auto_now_add=True)

    class Meta:
        verbose_name = _("rolletildeling")
        verbose_name_plural = _("rolletildelinger")
        constraints = [
            models.CheckConstraint(
                name="role_has_its_scope",
                condition=(
                    (Q(role__in=["employee", "portfolio_office", "administrator"]) & _scope_q(None))
                    | (Q(role="director") & _scope_q("directorate"))
                    | (Q(role="portfolio_manager") & _scope_q("portfolio"))
                    | (Q(role="board_member") & _scope_q("board"))
                    | (
                        Q(
                            role__in=[
                                "project_owner",
                                "project_manager",
                                "benefit_owner",
                                "benefit_responsible",
                            ]
                        )
                        & _scope_q("initiative")
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "directorate", "portfolio", "board", "initiative"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        scope = self.scope_object
        label = self.get_role_display()
        return f"{self.user}: {label}" + (f" ({scope})" if scope else "")

    @property
    def scope_object(self) -> models.Model | None:
        field = ROLE_SCOPE.get(self.role)
        return getattr(self, field) if field else None

    @property
    def scope_slug(self) -> str | None:
        obj = self.scope_object
        if obj is None:
            return None
        return str(getattr(obj, "slug", None) or obj.pk)


class ApiToken(models.Model):
    """A bearer token for scripts. Only the SHA-256 hash of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=80, blank=True)
    prefix = models.CharField(_("prefiks"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("trukket tilbake"), default=False)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
