"""Abstract building blocks shared by every registry app, and the data version the page cache
follows."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import DatePrecision, VagueDate, vague_date_errors
from core.language import chinese_active, localized


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RegistryQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: records a reviewer has published; statistics whose zone or
        incubator is published; and records with no publication state, as soon as saved."""
        lookup = self.model.publication_lookup()
        return self.filter(**{lookup: Publication.PUBLISHED}) if lookup else self


# The registry's own bookkeeping, not facts about what a record describes: left out of the open
# data's tables and of the changes the public is told about.
BOOKKEEPING_FIELDS = ("id", "created_at", "publication")


def public_fields(model) -> list[models.Field]:
    """The fields of a registry model the public sees: the open data's columns, the fields
    whose changes the recent changes page and the feeds tell."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in BOOKKEEPING_FIELDS and not field.name.startswith("history")
    ]


class RegistryManager(models.Manager.from_queryset(RegistryQuerySet)):
    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.NATURAL_KEY, values, strict=True)))


def publish_permission(model_name: str, plural: str) -> tuple[str, str]:
    """The permission reviewers hold to publish and unpublish one kind of record."""
    return (f"publish_{model_name}", f"Can publish and unpublish {plural}")


def may_publish(user, model) -> bool:
    """Whether the user may publish and unpublish this kind of record (reviewers may)."""
    meta = model._meta
    return bool(user) and user.has_perm(f"{meta.app_label}.publish_{meta.model_name}")


class RegistryModel(models.Model):
    """Natural keys a person can type, vague-date validation, change times and history."""

    NATURAL_KEY: tuple[str, ...] = ("slug",)
    # The fields a record's name, link and citation need, when it is shown as another record's
    # relation (a company's zone): a download reads only these of it.
    LABEL_FIELDS: tuple[str, ...] = ()
    # A record with no publication state of its own is public when this relation is (a zone's
    # statistics when the zone is); blank: public as soon as it is saved.
    PUBLISHED_WITH = ""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Every create, change and delete, with who made it: shown and revertible in the admin.
    history = HistoricalRecords(inherit=True)

    objects = RegistryManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_in()
        super().save(*args, **kwargs)

    @classmethod
    def label_fields(cls) -> list[str]:
        fields = [*cls.NATURAL_KEY, *cls.LABEL_FIELDS]
        if cls.publication_lookup() == "publication":
            fields.append("publication")
        return [name for name in dict.fromkeys(fields) if "__" not in name]

    @classmethod
    def publication_lookup(cls) -> str:
        """The lookup that says whether a record is public (see RegistryQuerySet.published)."""
        return f"{cls.PUBLISHED_WITH}__publication" if cls.PUBLISHED_WITH else ""

    @property
    def is_published(self) -> bool:
        if not self.PUBLISHED_WITH:
            return True
        return getattr(self, self.PUBLISHED_WITH).is_published

    def natural_key(self):
        """The NATURAL_KEY values; a "zone__slug" part follows the relation."""
        values = []
        for path in self.NATURAL_KEY:
            value = self
            for attribute in path.split("__"):
                value = getattr(value, attribute)
            values.append(value)
        return tuple(values)

    @classmethod
    def vague_date_names(cls) -> list[str]:
        """Names of the vague dates a model holds, found from its `<name>_precision` fields."""
        return [
            field.name.removesuffix("_precision")
            for field in cls._meta.fields
            if field.name.endswith("_precision") and field.choices == DatePrecision.choices
        ]

    def vague_date(self, name: str) -> VagueDate | None:
        date = getattr(self, f"{name}_on")
        return VagueDate(date, getattr(self, f"{name}_precision")) if date else None

    def clean(self):
        super().clean()
        errors = {}
        for name in self.vague_date_names():
            errors.update(
                vague_date_errors(
                    getattr(self, f"{name}_on"), getattr(self, f"{name}_precision"), name
                )
            )
        for field, message in self.rule_errors().items():
            errors.setdefault(field, message)
        if errors:
            raise ValidationError(errors)

    def rule_errors(self) -> dict[str, str]:
        """A model's own rules across fields, as {field at fault: plain-words message}."""
        return {}

    def fill_in(self) -> None:
        """Fill in what follows from the other fields (a slug from the name), as a save does;
        bulk imports, which write without save(), call it themselves."""


class PublishableModel(models.Model):
    """A record that stays a draft, off the public site, until a reviewer publishes it."""

    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        db_index=True,
        help_text=_("Drafts are seen only in the admin; a reviewer publishes them."),
    )

    objects = RegistryManager()

    class Meta:
        abstract = True

    @classmethod
    def publication_lookup(cls) -> str:
        return "publication"

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED


class SourcedModel(RegistryModel):
    """A record whose facts come from a published source, cited down to the section."""

    source = models.ForeignKey(
        "figures.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("source"),
        help_text=_("The document these facts come from."),
    )
    locator = models.CharField(
        _("locator"),
        max_length=200,
        blank=True,
        help_text=_("Where in the source: a section, table or list entry."),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("How facts were read from the source, and what is uncertain."),
    )

    class Meta:
        abstract = True


class NamedModel(SourcedModel):
    """A registry entity with its published English name, Chinese name and URL slug."""

    LABEL_FIELDS = ("name", "name_zh", "slug")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name as published, in English.")
    )
    name_zh = models.CharField(
        _("Chinese name"),
        max_length=200,
        blank=True,
        help_text=_("The official Chinese name, if known."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "The record's address in the portal's URLs; made from the name when left empty."
        ),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def fill_in(self) -> None:
        super().fill_in()
        if not self.slug:
            self.slug = self.unique_slug()

    @property
    def display_name(self) -> str:
        """The name in the active language: the Chinese name on Chinese pages, when known."""
        return localized(self.name, self.name_zh)

    @property
    def other_name(self) -> str:
        """The name in the other language, shown beside the display name (blank if unknown)."""
        other = self.name if chinese_active() else self.name_zh
        return "" if other == self.display_name else other

    def unique_slug(self) -> str:
        base = slugify(self.name)[:190] or self._meta.model_name
        others = type(self)._default_manager.exclude(pk=self.pk)
        slug, number = base, 2
        while others.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug


class DataVersion(models.Model):
    """One row whose number goes up whenever registry data changes: cached public pages are
    keyed by it, so a change shows at once on every server (see core/cache.py)."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data version")

    def __str__(self):
        return str(self.number)
