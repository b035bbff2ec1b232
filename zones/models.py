from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from torchportal.dates import vague_date_constraint, vague_date_fields
from torchportal.models import (
    NamedModel,
    PublishableModel,
    RegistryModel,
    count_field,
    currency_field,
    money_field,
    non_negative,
    plausible_year,
    publish_permission,
    year_field,
)


class Region(models.TextChoices):
    """The National Bureau of Statistics' four economic regions."""

    EAST = "east", "East"
    CENTRAL = "central", "Central"
    WEST = "west", "West"
    NORTHEAST = "northeast", "Northeast"


class Province(NamedModel):
    """One of mainland China's 31 provincial-level divisions."""

    NATURAL_KEY = ("code",)

    code = models.CharField(
        "GB/T 2260 code",
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^\d{2}0000$", "Enter the six-digit GB/T 2260 code, e.g. 110000.")
        ],
        help_text="Six digits ending in 0000, e.g. 110000 for Beijing.",
    )
    region = models.CharField(
        max_length=10, choices=Region.choices, help_text="NBS economic region."
    )

    class Meta(NamedModel.Meta):
        ordering = ["code"]

    def get_absolute_url(self):
        return reverse("zones:province_detail", args=[self.slug])


class Sector(NamedModel):
    """A high-tech field named by the documents (electronic information, biomedicine, ...)."""

    description = models.TextField(blank=True)

    def get_absolute_url(self):
        return reverse("zones:zone_list") + f"?sector={self.slug}"


class Zone(PublishableModel, NamedModel):
    """A place the Torch Program recognises: a national STIP, a specialized base, a park..."""

    class Kind(models.TextChoices):
        STIP = "stip", "National STIP / high-tech zone"
        SPECIALIZED_BASE = "specialized_base", "Torch specialized industrial base"
        SOFTWARE_PARK = "software_park", "Torch software park"
        INDUSTRIAL_CLUSTER = "industrial_cluster", "Industrial cluster"
        OVERSEAS_PARK = "overseas_park", "Overseas science park"
        EXPORT_BASE = "export_base", "Export base of high-tech products"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PLANNED = "planned", "Planned"
        MERGED = "merged", "Merged"
        REVOKED = "revoked", "Revoked"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    other_names = models.CharField(
        max_length=300,
        blank=True,
        help_text="Former or alternative names, separated by semicolons.",
    )
    list_number = models.PositiveSmallIntegerField(
        "list no.",
        null=True,
        blank=True,
        help_text="Its number in the source's list (1-54 in the Torch Center brochure's appendix).",
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zones",
        help_text="Required for zones in China; empty for overseas science parks.",
    )
    city = models.CharField(max_length=100, blank=True)
    approved_on, approved_precision = vague_date_fields("approval date")
    approving_body = models.CharField(
        max_length=200, blank=True, help_text="Who approved it, e.g. State Council or MOST."
    )
    website = models.URLField(
        blank=True, help_text="As published; old addresses are kept as history."
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="zones")
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent zone",
        help_text="The zone it lies inside, e.g. the STIP hosting a specialized base.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta(NamedModel.Meta):
        permissions = [publish_permission("zone", "zones")]
        ordering = ["kind", "list_number", "name"]
        constraints = [
            vague_date_constraint("approved"),
            models.CheckConstraint(
                name="zones_zone_not_own_parent", condition=~models.Q(parent=models.F("pk"))
            ),
            models.UniqueConstraint(
                fields=["source", "list_number"],
                condition=models.Q(list_number__isnull=False),
                name="zones_zone_unique_list_number_per_source",
                violation_error_message="Another zone already has this number in this source's list.",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def get_absolute_url(self):
        return reverse("zones:zone_detail", args=[self.slug])

    def rule_errors(self):
        errors = {}
        if self.kind and self.kind != self.Kind.OVERSEAS_PARK and not self.province_id:
            errors["province"] = "A zone in China needs its province."
        if self.parent_id and self.pk and self._parent_chain_reaches_self():
            errors["parent"] = "A zone cannot lie inside itself or inside one of its own sub-zones."
        return errors

    def _parent_chain_reaches_self(self) -> bool:
        seen, parent = set(), self.parent
        while parent is not None and parent.pk not in seen:
            if parent.pk == self.pk:
                return True
            seen.add(parent.pk)
            parent = parent.parent
        return False


class ZoneStatistics(RegistryModel):
    """One zone's figures for one year, as a source reports them; unknown stays empty."""

    NATURAL_KEY = ("zone__slug", "year")

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="statistics")
    year = year_field()
    enterprises = count_field("enterprises")
    high_tech_enterprises = count_field("high-tech enterprises")
    employees = count_field("employees")
    currency = currency_field()
    revenue = money_field("revenue")
    industrial_value_added = money_field("industrial value added")
    exports = money_field("exports")
    rd_expenditure = money_field("R&D expenditure")
    source = models.ForeignKey(
        "figures.Source",
        on_delete=models.PROTECT,
        related_name="zone_statistics",
        help_text="The document these numbers come from.",
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Table or section in the source."
    )

    class Meta:
        verbose_name = "zone statistics"
        verbose_name_plural = "zone statistics"
        ordering = ["zone", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year"],
                name="zones_statistics_one_row_per_zone_and_year",
                violation_error_message="This zone already has statistics for this year.",
            ),
            plausible_year(),
            *non_negative("revenue", "industrial_value_added", "exports", "rd_expenditure"),
        ]

    def __str__(self):
        return f"{self.zone} {self.year}"
