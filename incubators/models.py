from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import vague_date_constraint, vague_date_fields
from core.fields import count_field, plausible_year, year_field
from core.links import record_url
from core.models import NamedModel, PublishableModel, RegistryModel, publish_permission
from zones.models import Province, Sector, Zone


class Incubator(PublishableModel, NamedModel):
    """A technology business incubator or one of its kindred parks."""

    class Kind(models.TextChoices):
        TBI = "tbi", _("Technology business incubator (TBI)")
        UNIVERSITY_PARK = "university_park", _("University science park")
        RETURNEE_PARK = "returnee_park", _("Returned overseas scholars' park")
        INTERNATIONAL = "international", _("International business incubator (IBI)")
        SECTOR_SPECIFIC = "sector_specific", _("Sector-specific incubator")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TBI)
    host_zone = models.ForeignKey(
        Zone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incubators",
        verbose_name=_("host zone"),
        help_text=_("The zone it stands in, if any."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incubators",
        verbose_name=_("province"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    founded_on, founded_precision = vague_date_fields(_("founding date"))
    accredited_on, accredited_precision = vague_date_fields(
        _("national accreditation date"), _("When it was recognised at national level, if it was.")
    )
    website = models.URLField(_("website"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="incubators", verbose_name=_("sectors")
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("incubator")
        verbose_name_plural = _("incubators")
        permissions = [publish_permission("incubator", "incubators")]
        indexes = [models.Index(fields=["name"])]  # the directory's order
        constraints = [vague_date_constraint("founded"), vague_date_constraint("accredited")]

    def get_absolute_url(self):
        return record_url("incubators:incubator_detail", self.slug)


class IncubatorStatistics(RegistryModel):
    """One incubator's figures for one year."""

    NATURAL_KEY = ("incubator__slug", "year")
    PUBLISHED_WITH = "incubator"

    incubator = models.ForeignKey(
        Incubator, on_delete=models.CASCADE, related_name="statistics", verbose_name=_("incubator")
    )
    year = year_field()
    tenants = count_field(_("tenant companies"))
    graduated_companies = count_field(_("graduated companies"), _("Graduated during the year."))
    listed_companies = count_field(
        _("listed companies"), _("Graduates listed on a stock exchange.")
    )
    employees = count_field(_("employees of tenants"))
    incubation_area_m2 = count_field(_("incubation area (m²)"))
    source = models.ForeignKey(
        "figures.Source",
        on_delete=models.PROTECT,
        related_name="incubator_statistics",
        verbose_name=_("source"),
    )
    locator = models.CharField(_("locator"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("incubator statistics")
        verbose_name_plural = _("incubator statistics")
        ordering = ["incubator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["incubator", "year"],
                name="incubators_statistics_one_row_per_incubator_and_year",
                violation_error_message=_("This incubator already has statistics for this year."),
            ),
            plausible_year(),
        ]

    def __str__(self):
        return f"{self.incubator} {self.year}"


class Company(PublishableModel, NamedModel):
    """A tech-based SME: a tenant, a graduate, a grant holder."""

    class Exchange(models.TextChoices):
        SSE = "sse", _("Shanghai Stock Exchange")
        SZSE = "szse", _("Shenzhen Stock Exchange")
        BSE = "bse", _("Beijing Stock Exchange")
        HKEX = "hkex", _("Hong Kong Stock Exchange")
        NASDAQ = "nasdaq", _("NASDAQ")
        NYSE = "nyse", _("New York Stock Exchange")
        OTHER = "other", _("Other exchange")

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("province"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    zone = models.ForeignKey(
        Zone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("zone"),
    )
    incubator = models.ForeignKey(
        Incubator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("incubator"),
        help_text=_("The incubator it is or was a tenant of."),
    )
    graduated_on, graduated_precision = vague_date_fields(_("graduation date"))
    listed_exchange = models.CharField(
        _("stock exchange"), max_length=10, choices=Exchange.choices, blank=True
    )
    stock_code = models.CharField(_("stock code"), max_length=20, blank=True)
    listed_on, listed_precision = vague_date_fields(_("listing date"))
    website = models.URLField(_("website"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="companies", verbose_name=_("sectors")
    )

    class Meta(NamedModel.Meta):
        permissions = [publish_permission("company", "companies")]
        # The directory's order, covering what a page's first step reads (the ids of published
        # records in that order), so that a deep page skips rows in the index alone.
        indexes = [
            models.Index(
                fields=["name", "id"], include=["publication"], name="company_directory_order"
            )
        ]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [vague_date_constraint("graduated"), vague_date_constraint("listed")]

    def get_absolute_url(self):
        return record_url("incubators:company_detail", self.slug)

    def rule_errors(self):
        errors = {}
        if self.graduated_on and not self.incubator_id:
            errors["incubator"] = gettext("A graduation date needs the incubator it left.")
        if (self.stock_code or self.listed_on) and not self.listed_exchange:
            errors["listed_exchange"] = gettext("Say which exchange it is listed on.")
        return errors


class ServiceCenter(NamedModel):
    """A productivity promotion center or a technology transfer agency."""

    class Kind(models.TextChoices):
        PRODUCTIVITY_CENTER = "productivity_center", _("Productivity promotion center")
        TECH_TRANSFER_AGENCY = "tech_transfer_agency", _("Technology transfer agency")

    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    state_level = models.BooleanField(
        _("state-level"),
        null=True,
        blank=True,
        help_text=_("Approved by MOST as state-level (exemplary); empty when unknown."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_centers",
        verbose_name=_("province"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    host_zone = models.ForeignKey(
        Zone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_centers",
        verbose_name=_("host zone"),
    )
    recognized_on, recognized_precision = vague_date_fields(_("approval date"))
    website = models.URLField(_("website"), blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("service center")
        verbose_name_plural = _("service centers")
        constraints = [vague_date_constraint("recognized")]

    def get_absolute_url(self):
        return record_url("incubators:servicecenter_detail", self.slug)
