from django.db import models
from django.urls import reverse

from torchportal.dates import vague_date_constraint, vague_date_fields
from torchportal.models import (
    NamedModel,
    PublishableModel,
    RegistryModel,
    count_field,
    plausible_year,
    publish_permission,
    year_field,
)
from zones.models import Province, Sector, Zone


class Incubator(PublishableModel, NamedModel):
    """A technology business incubator or one of its kindred parks."""

    class Kind(models.TextChoices):
        TBI = "tbi", "Technology business incubator (TBI)"
        UNIVERSITY_PARK = "university_park", "University science park"
        RETURNEE_PARK = "returnee_park", "Returned overseas scholars' park"
        INTERNATIONAL = "international", "International business incubator (IBI)"
        SECTOR_SPECIFIC = "sector_specific", "Sector-specific incubator"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TBI)
    host_zone = models.ForeignKey(
        Zone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incubators",
        help_text="The zone it stands in, if any.",
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="incubators"
    )
    city = models.CharField(max_length=100, blank=True)
    founded_on, founded_precision = vague_date_fields("founding date")
    accredited_on, accredited_precision = vague_date_fields(
        "national accreditation date", "When it was recognised at national level, if it was."
    )
    website = models.URLField(blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="incubators")

    class Meta(NamedModel.Meta):
        permissions = [publish_permission("incubator", "incubators")]
        constraints = [vague_date_constraint("founded"), vague_date_constraint("accredited")]

    def get_absolute_url(self):
        return reverse("incubators:incubator_detail", args=[self.slug])


class IncubatorStatistics(RegistryModel):
    """One incubator's figures for one year."""

    NATURAL_KEY = ("incubator__slug", "year")

    incubator = models.ForeignKey(Incubator, on_delete=models.CASCADE, related_name="statistics")
    year = year_field()
    tenants = count_field("tenant companies")
    graduated_companies = count_field("graduated companies", "Graduated during the year.")
    listed_companies = count_field("listed companies", "Graduates listed on a stock exchange.")
    employees = count_field("employees of tenants")
    incubation_area_m2 = count_field("incubation area (m²)")
    source = models.ForeignKey(
        "figures.Source", on_delete=models.PROTECT, related_name="incubator_statistics"
    )
    locator = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "incubator statistics"
        verbose_name_plural = "incubator statistics"
        ordering = ["incubator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["incubator", "year"],
                name="incubators_statistics_one_row_per_incubator_and_year",
                violation_error_message="This incubator already has statistics for this year.",
            ),
            plausible_year(),
        ]

    def __str__(self):
        return f"{self.incubator} {self.year}"


class Company(PublishableModel, NamedModel):
    """A tech-based SME: a tenant, a graduate, a grant holder."""

    class Exchange(models.TextChoices):
        SSE = "sse", "Shanghai Stock Exchange"
        SZSE = "szse", "Shenzhen Stock Exchange"
        BSE = "bse", "Beijing Stock Exchange"
        HKEX = "hkex", "Hong Kong Stock Exchange"
        NASDAQ = "nasdaq", "NASDAQ"
        NYSE = "nyse", "New York Stock Exchange"
        OTHER = "other", "Other exchange"

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="companies"
    )
    city = models.CharField(max_length=100, blank=True)
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="companies"
    )
    incubator = models.ForeignKey(
        Incubator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        help_text="The incubator it is or was a tenant of.",
    )
    graduated_on, graduated_precision = vague_date_fields("graduation date")
    listed_exchange = models.CharField(
        "stock exchange", max_length=10, choices=Exchange.choices, blank=True
    )
    stock_code = models.CharField(max_length=20, blank=True)
    listed_on, listed_precision = vague_date_fields("listing date")
    website = models.URLField(blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="companies")

    class Meta(NamedModel.Meta):
        permissions = [publish_permission("company", "companies")]
        verbose_name_plural = "companies"
        constraints = [vague_date_constraint("graduated"), vague_date_constraint("listed")]

    def get_absolute_url(self):
        return reverse("incubators:company_detail", args=[self.slug])

    def rule_errors(self):
        errors = {}
        if self.graduated_on and not self.incubator_id:
            errors["incubator"] = "A graduation date needs the incubator it left."
        if (self.stock_code or self.listed_on) and not self.listed_exchange:
            errors["listed_exchange"] = "Say which exchange it is listed on."
        return errors


class ServiceCenter(NamedModel):
    """A productivity promotion center or a technology transfer agency."""

    class Kind(models.TextChoices):
        PRODUCTIVITY_CENTER = "productivity_center", "Productivity promotion center"
        TECH_TRANSFER_AGENCY = "tech_transfer_agency", "Technology transfer agency"

    kind = models.CharField(max_length=25, choices=Kind.choices)
    state_level = models.BooleanField(
        "state-level",
        null=True,
        blank=True,
        help_text="Approved by MOST as state-level (exemplary); empty when unknown.",
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="service_centers"
    )
    city = models.CharField(max_length=100, blank=True)
    host_zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_centers"
    )
    recognized_on, recognized_precision = vague_date_fields("approval date")
    website = models.URLField(blank=True)

    class Meta(NamedModel.Meta):
        constraints = [vague_date_constraint("recognized")]

    def get_absolute_url(self):
        return reverse("incubators:servicecenter_detail", args=[self.slug])
