from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin import (
    HISTORY_FIELDSET,
    ImportExportAdmin,
    PublishableAdmin,
    RegistryAdmin,
    vague_date_column,
)
from figures.models import Claim, Figure, Metric, Milestone, Source
from figures.resources import ClaimResource, FigureResource, MilestoneResource, SourceResource

SUBJECT_FIELDSET = (
    _("What it is about"),
    {"fields": ["topic", "zone", "incubator", "programme"]},
)


class SourceFigureInline(admin.TabularInline):
    """The figures taken from a source, listed on the source's form for a quick check."""

    model = Figure
    extra = 0
    fields = ["key", "metric", "value", "unit", "qualifier", "locator"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(ImportExportAdmin):
    resource_classes = [SourceResource]

    list_display = [
        "title",
        "publisher",
        "kind",
        "trust",
        vague_date_column("published", _("published")),
        "figure_count",
    ]
    list_filter = ["trust", "kind", "language"]
    ordering = ["published_on", "title"]  # the figure count's GROUP BY drops Meta.ordering
    search_fields = ["key", "title", "title_zh", "publisher"]
    inlines = [SourceFigureInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "key",
                    "title",
                    "title_zh",
                    "short_title",
                    "publisher",
                    "kind",
                    "language",
                    "trust",
                    "url",
                    "read_url",
                ]
            },
        ),
        (_("Date"), {"fields": [("published_on", "published_precision"), "date_note"]}),
        (None, {"fields": ["notes"]}),
        HISTORY_FIELDSET,
    ]

    @admin.display(
        description=pgettext_lazy("number of figures", "figures"), ordering="figure_count"
    )
    def figure_count(self, source):
        return source.figure_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(figure_count=Count("figures"))


@admin.register(Metric)
class MetricAdmin(RegistryAdmin):
    list_display = ["name", "key", "name_zh"]
    search_fields = ["key", "name", "name_zh"]
    fields = ["key", "name", "name_zh", "description", "created_at", "updated_at"]


@admin.register(Figure)
class FigureAdmin(PublishableAdmin):
    resource_classes = [FigureResource]

    list_display = ["metric", "display_value", "topic", "as_of", "source", "locator"]
    list_filter = ["topic", "source__trust", "unit", "qualifier", "source", "metric"]
    list_select_related = ["metric", "source"]
    search_fields = ["key", "metric__name", "quote", "zone__name", "programme__name"]
    search_help_text = _("Search the metric, the quoted words, or the zone or programme named.")
    autocomplete_fields = ["source", "metric", "zone", "incubator", "programme"]
    fieldsets = [
        (None, {"fields": ["key", "metric"]}),
        (_("The number"), {"fields": ["qualifier", "value", "upper_value", "unit", "printed"]}),
        (_("When"), {"fields": [("as_of_on", "as_of_precision"), "period_start"]}),
        SUBJECT_FIELDSET,
        (_("Source"), {"fields": ["source", "locator", "quote", "notes"]}),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("value"), ordering="value")
    def display_value(self, figure):
        return figure.display_value()

    @admin.display(description=_("as of"), ordering="as_of_on")
    def as_of(self, figure):
        return figure.as_of


@admin.register(Milestone)
class MilestoneAdmin(PublishableAdmin):
    resource_classes = [MilestoneResource]

    list_display = ["title", vague_date_column("happened", _("date")), "topic", "source"]
    list_filter = ["topic", "source__trust", "source"]
    list_select_related = ["source"]
    search_fields = ["key", "title", "title_zh", "description"]
    autocomplete_fields = ["source", "zone", "incubator", "programme"]
    fieldsets = [
        (None, {"fields": ["key", ("happened_on", "happened_precision"), "title", "title_zh"]}),
        (None, {"fields": ["description"]}),
        SUBJECT_FIELDSET,
        (_("Source"), {"fields": ["source", "locator", "notes"]}),
        HISTORY_FIELDSET,
    ]


@admin.register(Claim)
class ClaimAdmin(PublishableAdmin):
    resource_classes = [ClaimResource]

    list_display = ["zone", "field", "value", "standing", "source", "locator"]
    list_filter = ["field", "standing", "source__trust", "source"]
    list_select_related = ["zone", "source"]
    search_fields = ["key", "value", "printed", "quote", "zone__name", "zone__name_zh"]
    autocomplete_fields = ["zone", "source"]
    fieldsets = [
        (None, {"fields": ["key", "zone", "field", "value", "printed", "standing"]}),
        (_("Source"), {"fields": ["source", "locator", "quote", "notes"]}),
        HISTORY_FIELDSET,
    ]
