"""Coordination across sectors: related links, bundles (samordnede initiativer), shared needs
(felles behov), the discussion between those with a role on an initiative, and notifications.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RelatedLink(models.Model):
    """The portfolio office has marked two initiatives as related. Stored once per pair, with
    the lower id first."""

    first = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        ordering = ["first", "second"]
        verbose_name = _("kobling mellom relaterte initiativer")
        verbose_name_plural = _("koblinger mellom relaterte initiativer")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="related_link_unique"),
            models.CheckConstraint(name="related_link_ordered", condition=Q(first__lt=F("second"))),
        ]

    def __str__(self) -> str:
        return f"#{self.first_id} ~ #{self.second_id}"

    def other(self, initiative_id: int) -> int:
        return self.second_id if self.first_id == initiative_id else self.first_id


class Bundle(models.Model):
    """A coordinated initiative (samordnet initiativ) and the parts merged into it.

    ``initiative`` is the coordinated initiative; the parts are merged into it through the
    workflow's ``merge_into`` and keep their origin, unit and history. A dissolved bundle
    stays for the record (``dissolved_at``); its parts are back in their earlier states.
    """

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        related_name="bundle",
        verbose_name=_("samordnet initiativ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    dissolved_at = models.DateTimeField(_("løst opp"), null=True, blank=True)
    dissolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dissolve_comment = models.TextField(_("begrunnelse for oppløsning"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("samordning")
        verbose_name_plural = _("samordninger")
        constraints = [
            models.CheckConstraint(
                name="bundle_dissolved_by_someone",
                condition=Q(dissolved_at__isnull=True) | Q(dissolved_by__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Samordning #{self.pk} → #{self.initiative_id}"

    @property
    def is_active(self) -> bool:
        return self.dissolved_at is None


class BundlePart(models.Model):
    """One absorbed initiative of a bundle, with the state it had before the merge."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="parts")
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.PROTECT, related_name="bundle_parts"
    )
    previous_state = models.CharField(_("status før samordningen"), max_length=24)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["bundle", "position", "id"]
        verbose_name = _("del av samordning")
        verbose_name_plural = _("deler av samordninger")
        constraints = [
            models.UniqueConstraint(fields=["bundle", "initiative"], name="bundle_part_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.initiative_id} i samordning #{self.bundle_id}"


class SharedNeed(models.Model):
    """Felles behov: one need shared by several units and initiatives, with a coordinator and
    a common benefit (Oksenøya's canteen, hall, meeting rooms and wardrobes)."""

    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=4000)
    common_benefit = models.TextField(_("felles gevinst"), max_length=4000, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_shared_needs",
        verbose_name=_("koordinator"),
    )
    units = models.ManyToManyField(
        "org.Unit",
        through="SharedNeedParticipant",
        related_name="shared_needs",
        verbose_name=_("virksomheter"),
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        blank=True,
        related_name="shared_needs",
        verbose_name=_("initiativer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("felles behov")
        verbose_name_plural = _("felles behov")

    def __str__(self) -> str:
        return self.title


class SharedNeedParticipant(models.Model):
    """A unit taking part in a shared need, and what it brings (areas, people, money …)."""

    shared_need = models.ForeignKey(
        SharedNeed, on_delete=models.CASCADE, related_name="participants"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    contribution = models.TextField(_("hva virksomheten bidrar med"), max_length=2000, blank=True)

    class Meta:
        ordering = ["unit__name", "id"]
        verbose_name = _("deltaker i felles behov")
        verbose_name_plural = _("deltakere i felles behov")
        constraints = [
            models.UniqueConstraint(
                fields=["shared_need", "unit"], name="shared_need_participant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} i {self.shared_need}"


class DiscussionPost(models.Model):
    """A message in an initiative's discussion: visible only to those with a role on it
    (unlike the public comment thread)."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="discussion_posts"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    body = models.TextField(_("innlegg"), max_length=4000)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("nevnt")
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("innlegg i diskusjon")
        verbose_name_plural = _("innlegg i diskusjoner")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Nevnt i en diskusjon")
    BUNDLED = "bundled", _("Samlet i et samordnet initiativ")
    UNBUNDLED = "unbundled", _("Samordning løst opp")
    SHARED_NEED = "shared_need", _("Koordinator for felles behov")


class Notification(models.Model):
    """An in-app notice (varsel) for one person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=16, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        DiscussionPost, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    shared_need = models.ForeignKey(
        SharedNeed, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.CheckConstraint(
                name="notification_kind_valid", condition=Q(kind__in=NotificationKind.values)
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"
