"""Provenance: the published documents, the numbers they report, and the dated events they tell."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import VagueDate, vague_date_constraint, vague_date_fields
from core.fields import year_field
from core.language import format_number, localized
from core.links import record_url
from core.models import PublishableModel, RegistryModel, publish_permission
from incubators.models import Incubator
from innofund.models import Programme
from zones.models import Zone

KEY_HELP = _(
    "A short, stable identifier (lowercase words joined by hyphens), used in URLs and imports."
)


class Source(RegistryModel):
    """A published document the portal cites."""

    NATURAL_KEY = ("key",)
    LABEL_FIELDS = (
        "title", "short_title", "publisher", "published_on", "published_precision", "trust"
    )  # fmt: skip

    class Kind(models.TextChoices):
        BROCHURE = "brochure", _("Brochure")
        NEWS = "news", _("News item")
        PRESS_BRIEFING = "press_briefing", _("Press briefing")
        GUIDELINE = "guideline", _("Policy guideline")
        STANDARD = "standard", _("Standard")
        STATISTICAL_STANDARD = "statistical_standard", _("Statistical standard")
        LIST = "list", _("Official list")
        REPORT = "report", _("Report")
        DATASET = "dataset", _("Dataset")
        ARTICLE = "article", _("Journal article")
        OFFICIAL_DOCUMENT = "official_document", _("Official document")
        BOOK = "book", _("Book")
        WEB_PAGE = "web_page", _("Web page")
        REFERENCE = "reference", _("Reference work")

    class Trust(models.TextChoices):
        """How far the text as read can be taken for the original's (the source pack's scale)."""

        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=KEY_HELP)
    title = models.CharField(
        _("title"), max_length=300, help_text=_("The title as the document gives it.")
    )
    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    short_title = models.CharField(
        _("short title"),
        max_length=60,
        blank=True,
        help_text=_("A few words that name it in charts and tables, e.g. 'Torch Center brochure'."),
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("Who published it.")
    )
    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    published_on, published_precision = vague_date_fields(_("publication date"))
    date_note = models.CharField(
        _("date note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Say here when the date is inferred, e.g. 'undated; its latest facts are for 2007'."
        ),
    )
    language = models.CharField(
        _("language"), max_length=10, default="en", help_text=_("e.g. en, zh.")
    )
    url = models.URLField(
        _("address"), max_length=500, blank=True, help_text=_("The original's address.")
    )
    read_url = models.URLField(
        _("read at"),
        max_length=500,
        blank=True,
        help_text=_("Where the text was read, when that is a copy on another site."),
    )
    trust = models.CharField(
        _("trust"),
        max_length=10,
        choices=Trust.choices,
        help_text=_(
            "High: the publisher's own site or an official text; medium: a faithful copy or a "
            "major outlet's foreign edition; low: a forum, mirror, machine translation or a page "
            "that does not name its publisher. What only low-trust sources say stays a draft."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["published_on", "title"]
        constraints = [vague_date_constraint("published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("figures:source_detail", self.key)

    @property
    def short_name(self) -> str:
        return self.short_title or self.title[:60]

    @property
    def citation(self) -> str:
        date = self.vague_date("published")
        parts = [self.title, self.publisher, str(date) if date else gettext("undated")]
        if self.is_low_trust:
            parts.append(gettext("low-trust source"))
        return ", ".join(part for part in parts if part)

    @property
    def is_low_trust(self) -> bool:
        return self.trust == self.Trust.LOW

    @property
    def trust_label(self) -> str:
        """The badge beside a citation: a low-trust source is named as such wherever cited."""
        if self.is_low_trust:
            return gettext("low-trust source")
        return gettext("%(level)s trust") % {"level": self.get_trust_display()}


class Metric(RegistryModel):
    """What a figure measures, e.g. 'tenant companies' or 'share of national R&D expenditure'."""

    NATURAL_KEY = ("key",)
    LABEL_FIELDS = ("name", "name_zh")  # its name, in either language

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=KEY_HELP)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["name"]

    def __str__(self):
        return localized(self.name, self.name_zh)


class Topic(models.TextChoices):
    """Which of the program's tools a figure or milestone speaks of. The values match the kinds
    of zones, incubators and service centers, so a topic leads to its directory."""

    TORCH_PROGRAM = "torch_program", _("Torch Program as a whole")
    STIP = "stip", _("National STIPs / high-tech zones")
    SPECIALIZED_BASE = "specialized_base", _("Torch specialized industrial bases")
    SOFTWARE_PARK = "software_park", _("Torch software parks")
    INDUSTRIAL_CLUSTER = "industrial_cluster", _("Industrial clusters")
    OVERSEAS_PARK = "overseas_park", _("Overseas science parks")
    EXPORT_BASE = "export_base", _("Export bases of high-tech products")
    TBI = "tbi", _("Technology business incubators")
    UNIVERSITY_PARK = "university_park", _("University science parks")
    RETURNEE_PARK = "returnee_park", _("Returned overseas scholars' parks")
    INTERNATIONAL = "international", _("International business incubators")
    SECTOR_SPECIFIC = "sector_specific", _("Sector-specific incubators")
    PRODUCTIVITY_CENTER = "productivity_center", _("Productivity promotion centers")
    TECH_TRANSFER_AGENCY = "tech_transfer_agency", _("Technology transfer agencies")
    TECHNOLOGY_MARKET = "technology_market", _("Technology market")
    PROGRAMME = "programme", _("A programme (named below)")


class Subject(models.Model):
    """What a figure or milestone is about: a topic, and the one record it names, if any."""

    topic = models.CharField(_("topic"), max_length=25, choices=Topic.choices)
    zone = models.ForeignKey(
        Zone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("zone"),
    )
    incubator = models.ForeignKey(
        Incubator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("incubator"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("programme"),
        help_text=_("Required when the topic is a programme."),
    )

    class Meta:
        abstract = True

    @classmethod
    def programme_named_constraint(cls) -> models.CheckConstraint:
        return models.CheckConstraint(
            name="%(app_label)s_%(class)s_programme_topic_names_programme",
            condition=~models.Q(topic=Topic.PROGRAMME) | models.Q(programme__isnull=False),
            violation_error_message=_("Name the programme when the topic is a programme."),
        )

    def subject_errors(self) -> dict[str, str]:
        if self.topic == Topic.PROGRAMME and not self.programme_id:
            return {"programme": gettext("Name the programme when the topic is a programme.")}
        return {}


class Figure(PublishableModel, Subject, RegistryModel):
    """One number a source reports, with its qualifier ('more than'), period and place in the text."""

    NATURAL_KEY = ("key",)

    class Unit(models.TextChoices):
        COUNT = "count", pgettext_lazy("unit of a figure", "count")
        PERCENT = "percent", _("% (share of a total, 0-100)")
        GROWTH_PERCENT = "growth_percent", _("% growth")
        CNY = "cny", _("yuan (CNY)")
        USD = "usd", _("US dollars")
        MULTIPLE = "multiple", _("times (a multiple)")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly as stated")
        MORE_THAN = "more_than", pgettext_lazy("qualifier of a figure", "more than")
        AT_LEAST = "at_least", pgettext_lazy("qualifier of a figure", "at least")
        NEARLY = "nearly", pgettext_lazy("qualifier of a figure", "nearly")
        ABOUT = "about", pgettext_lazy("qualifier of a figure", "about")
        AT_MOST = "at_most", pgettext_lazy("qualifier of a figure", "at most")
        TARGET = "target", pgettext_lazy("qualifier of a figure", "target")
        ESTIMATE = "estimate", pgettext_lazy("qualifier of a figure", "estimate")

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=KEY_HELP)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="figures", verbose_name=_("source")
    )
    locator = models.CharField(
        _("locator"),
        max_length=200,
        blank=True,
        help_text=_("The section of the document that reports it."),
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="figures", verbose_name=_("metric")
    )
    value = models.DecimalField(
        _("value"),
        max_digits=24,
        decimal_places=4,
        help_text=_(
            "The number alone: 5.3 billion yuan is 5300000000; 'over 500' is 500 with "
            "the qualifier 'more than'."
        ),
    )
    upper_value = models.DecimalField(
        _("upper value"),
        max_digits=24,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for a range ('two to three'): its upper end."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    printed = models.CharField(
        _("as printed"),
        max_length=100,
        blank=True,
        help_text=_("The number as the source prints it, when that differs: '5.3万亿元'."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_(
            "The source's own hedge: 'over 500' is 'more than', 'almost 8,000' is 'nearly'."
        ),
    )
    as_of_on, as_of_precision = vague_date_fields(
        _("as of"),
        _(
            "The date or year the number refers to, as precisely as the source gives it. Leave "
            "empty when the source only means 'now': its publication date applies."
        ),
    )
    period_start = year_field(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("First year of the period, for 'since 2000' or 'from 1995 to 2005'."),
    )
    quote = models.TextField(
        _("quote"), help_text=_("The source's exact words that state the figure.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        permissions = [publish_permission("figure", "figures")]
        ordering = ["topic", "metric", "as_of_on"]
        constraints = [
            vague_date_constraint("as_of"),
            Subject.programme_named_constraint(),
            models.CheckConstraint(
                name="figures_figure_non_negative_unless_growth",
                condition=models.Q(unit="growth_percent") | models.Q(value__gte=0),
                violation_error_message=_("Only a growth rate can be negative."),
            ),
            models.CheckConstraint(
                name="figures_figure_share_at_most_100",
                condition=~models.Q(unit="percent")
                | (
                    models.Q(value__lte=100)
                    & (models.Q(upper_value__isnull=True) | models.Q(upper_value__lte=100))
                ),
                violation_error_message=_("A share is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                name="figures_figure_range_ascends",
                condition=models.Q(upper_value__isnull=True)
                | models.Q(upper_value__gt=models.F("value")),
                violation_error_message=_("A range's upper end must be above its lower end."),
            ),
        ]
        indexes = [models.Index(fields=["topic", "metric"])]

    def __str__(self):
        return f"{self.metric}: {self.display_value()}"

    def get_absolute_url(self):
        return self.source.get_absolute_url() + f"#figure-{self.key}"

    def rule_errors(self):
        errors = self.subject_errors()
        if self.value is None:
            return errors
        if self.unit == self.Unit.PERCENT and not Decimal(0) <= self.value <= 100:
            errors["value"] = gettext("A share is a percentage from 0 to 100.")
        elif self.unit != self.Unit.GROWTH_PERCENT and self.value < 0:
            errors["value"] = gettext("Only a growth rate can be negative.")
        elif self.unit == self.Unit.COUNT and self.value != self.value.to_integral_value():
            errors["value"] = gettext("A count is a whole number.")
        if self.upper_value is not None and self.upper_value <= self.value:
            errors["upper_value"] = gettext("A range's upper end must be above its lower end.")
        if self.period_start and self.as_of_on and self.period_start > self.as_of_on.year:
            errors["period_start"] = gettext("The period cannot start after its 'as of' date.")
        return errors

    def display_value(self) -> str:
        """The number as a person reads it, with its qualifier and unit: 'more than 30,000'
        ('超过3万' on Chinese pages)."""
        number = format_number(self.value, compact=True)
        if self.upper_value is not None:
            number = f"{number}–{format_number(self.upper_value, compact=True)}"
        if self.unit == self.Unit.PERCENT:
            number = gettext("%(number)s%%") % {"number": number}
        elif self.unit == self.Unit.GROWTH_PERCENT:
            template = (
                gettext("%(number)s%% a year") if self.period_start else gettext("%(number)s%%")
            )
            number = template % {"number": number}
        elif self.unit == self.Unit.CNY:
            number = gettext("%(number)s yuan") % {"number": number}
        elif self.unit == self.Unit.USD:
            number = gettext("%(number)s US dollars") % {"number": number}
        elif self.unit == self.Unit.MULTIPLE:
            number = gettext("%(number)s times") % {"number": number}
        if self.qualifier == self.Qualifier.EXACT:
            return number
        return gettext("%(qualifier)s %(number)s") % {
            "qualifier": self.get_qualifier_display(),
            "number": number,
        }

    @property
    def as_of(self):
        """The figure's own date, or else its source's publication date."""
        return self.vague_date("as_of") or self.source.vague_date("published")

    @property
    def as_of_label(self) -> str:
        """The date as the public sees it: 'c. 2007' when it is an undated source's estimate."""
        if self.as_of_on:
            return str(self.vague_date("as_of"))
        published = self.source.vague_date("published")
        if published is None:
            return ""
        if self.source.date_note:
            return gettext("c. %(date)s") % {"date": published}
        return str(published)

    @property
    def subject_label(self) -> str:
        """What the figure is about, most specific first."""
        for subject in (self.zone, self.incubator, self.programme):
            if subject is not None and getattr(subject, "is_published", True):
                return str(subject)
        return self.get_topic_display()


class Milestone(PublishableModel, Subject, RegistryModel):
    """A dated event in the program's history, as a source tells it."""

    NATURAL_KEY = ("key",)

    key = models.SlugField(_("key"), max_length=100, unique=True, help_text=KEY_HELP)
    happened_on, happened_precision = vague_date_fields(_("date"))
    title = models.CharField(_("title"), max_length=300)
    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("source")
    )
    locator = models.CharField(_("locator"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [models.F("happened_on").asc(nulls_last=True), "title"]
        constraints = [vague_date_constraint("happened"), Subject.programme_named_constraint()]
        permissions = [publish_permission("milestone", "milestones")]

    def __str__(self):
        title = self.display_title
        return f"{self.happened}: {title}" if self.happened else title

    @property
    def display_title(self) -> str:
        return localized(self.title, self.title_zh)

    @property
    def happened(self):
        return self.vague_date("happened")

    def rule_errors(self):
        return self.subject_errors()


class Claim(PublishableModel, RegistryModel):
    """A zone's Chinese name or approval date as one source states it. Sources may disagree: each
    says its own; the zone shows what the published claims settle on (see `settled_value`)."""

    NATURAL_KEY = ("key",)

    class Field(models.TextChoices):
        NAME_ZH = "name_zh", _("Chinese name")
        APPROVED = "approved", _("approval date")

    class Standing(models.TextChoices):
        PREFERRED = "preferred", _("preferred: the better source where sources disagree")
        DOUBTED = "doubted", _("doubted: a better source disagrees")

    key = models.SlugField(_("key"), max_length=150, unique=True, help_text=KEY_HELP)
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="claims", verbose_name=_("zone")
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "In the registry's form: simplified characters; a date as 1992, 1992-11 or 1992-11-09."
        ),
    )
    printed = models.CharField(
        _("as printed"),
        max_length=200,
        blank=True,
        help_text=_(
            "The value as the source prints it, when that differs (traditional characters)."
        ),
    )
    standing = models.CharField(_("standing"), max_length=10, choices=Standing.choices, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", verbose_name=_("source")
    )
    locator = models.CharField(_("locator"), max_length=200, blank=True)
    quote = models.TextField(_("quote"), help_text=_("The source's exact words."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["zone", "field", "standing", "key"]
        permissions = [publish_permission("claim", "claims")]

    def __str__(self):
        return f"{self.zone}: {self.get_field_display()} {self.value}"

    def clean(self):
        super().clean()
        if self.field == self.Field.APPROVED:
            try:
                VagueDate.parse(self.value)
            except ValueError as error:
                raise ValidationError({"value": str(error)}) from None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.settle_zone()

    def settle_zone(self):
        """Write what the zone's published claims settle on into the zone's field."""
        value = settled_value(self.zone.claims.published().filter(field=self.field), self.field)
        if value is None:
            return
        zone = self.zone
        if self.field == self.Field.APPROVED:
            date = VagueDate.parse(value)
            if (zone.approved_on, zone.approved_precision) != (date.date, date.precision):
                zone.approved_on, zone.approved_precision = date.date, date.precision
                zone.save(update_fields=["approved_on", "approved_precision"])
        elif zone.name_zh != value:
            zone.name_zh = value
            zone.save(update_fields=["name_zh"])


def settled_value(claims, field: str) -> str | None:
    """The value published claims settle on: the preferred claim's; else the one value all the
    undoubted claims give (for dates, the most precise of dates that agree as far as each goes:
    1992 and 1992-11-09 agree); else None, and the zone keeps what it has."""
    claims = [claim for claim in claims if claim.standing != Claim.Standing.DOUBTED]
    for claim in claims:
        if claim.standing == Claim.Standing.PREFERRED:
            return claim.value
    values = sorted({claim.value for claim in claims}, key=len)
    if field != Claim.Field.APPROVED and len(values) > 1:
        return None
    if values and all(values[-1].startswith(value) for value in values):
        return values[-1]
    return None
