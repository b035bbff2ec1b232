from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """A numbered, dated release of the published data: its open data package, kept for good
    (RELEASES_DIR), so that what a citation names can be had as it was. Made by a reviewer in
    the admin or by `manage.py release_data`, only when the published data changed since the
    last one (portal/releases.py)."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    released_at = models.DateTimeField(_("released at"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Blank: the daily command made it."),
    )
    filename = models.CharField(_("file name"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the package's tables: equal fingerprints, equal published data."),
    )
    data_version = models.PositiveBigIntegerField(
        _("data version"),
        help_text=_(
            "The latest data version known to hold exactly this release's published data: "
            "while it has not moved, nothing changed."
        ),
    )
    changes = models.JSONField(_("what changed"), default=dict, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self):
        return _("Release %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("release", args=[self.number])

    @property
    def path(self) -> Path:
        return Path(settings.RELEASES_DIR) / str(self.number) / self.filename

    @property
    def file_url(self) -> str:
        return reverse("release_file", args=[self.number, self.filename])
