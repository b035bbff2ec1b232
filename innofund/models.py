from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import vague_date_constraint, vague_date_fields
from core.fields import currency_field, money_field, non_negative, plausible_year, year_field
from core.language import localized
from core.links import record_url
from core.models import NamedModel, PublishableModel, publish_permission
from incubators.models import Company
from zones.models import Province, Sector


class Programme(NamedModel):
    """A funding programme or one of its instruments (Innofund, Roadmap Scheme, VC fund, ...)."""

    LABEL_FIELDS = (*NamedModel.LABEL_FIELDS, "short_name")

    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("e.g. Innofund.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent programme"),
        help_text=_("The programme this one is an instrument or part of."),
    )
    launched_on, launched_precision = vague_date_fields(_("launch date"))
    established_by = models.CharField(
        _("established by"), max_length=200, blank=True, help_text=_("e.g. State Council.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            vague_date_constraint("launched"),
            models.CheckConstraint(
                name="innofund_programme_not_own_parent",
                condition=~models.Q(parent=models.F("pk")),
                violation_error_message=_("A programme cannot be its own parent."),
            ),
        ]

    @property
    def display_name(self) -> str:
        return localized(self.short_name or self.name, self.name_zh)

    def get_absolute_url(self):
        return record_url("innofund:programme_detail", self.slug)

    def rule_errors(self):
        if self.pk and self.parent_id == self.pk:
            return {"parent": gettext("A programme cannot be its own parent.")}
        return {}


class Project(PublishableModel, NamedModel):
    """One grant or award: an Innofund project and the like."""

    class FundingType(models.TextChoices):
        GRANT = "grant", _("Grant")
        INTEREST_SUBSIDY = "interest_subsidy", _("Loan interest subsidy")
        EQUITY = "equity", _("Equity investment")
        RISK_SUBSIDY = "risk_subsidy", _("Risk subsidy")
        AWARD = "award", _("Award")

    class Status(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("status of a project", "Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Terminated")

    name = models.CharField(
        _("title"), max_length=300, help_text=_("The project's title, in English.")
    )
    name_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    code = models.CharField(
        _("project number"),
        max_length=40,
        blank=True,
        help_text=_("The programme's own reference number, if published."),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("programme")
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("company"),
        help_text=_("The recipient."),
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("sector"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("province"),
        help_text=_("Where the project is carried out; the company's province when left empty."),
    )
    year = year_field(_("year"), help_text=_("The year the grant or award was made."))
    currency = currency_field()
    amount = money_field(_("amount awarded"))
    funding_type = models.CharField(
        _("funding type"), max_length=20, choices=FundingType.choices, default=FundingType.GRANT
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.APPROVED
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [publish_permission("project", "projects")]
        ordering = ["-year", "name"]
        constraints = [
            plausible_year(),
            *non_negative("amount"),
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=~models.Q(code=""),
                name="innofund_project_unique_code_per_programme",
                violation_error_message=_("This programme already has a project with this number."),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "programme"]),
            # The directory's order, covering a page's first step (see Company).
            models.Index(
                fields=["-year", "name", "id"],
                include=["publication"],
                name="project_directory_order",
            ),
        ]

    def get_absolute_url(self):
        return record_url("innofund:project_detail", self.slug)

    def fill_in(self) -> None:
        super().fill_in()
        if self.province_id is None and self.company_id:
            self.province_id = self.company.province_id
