from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.admin import (
    HISTORY_FIELDSET,
    SOURCE_FIELDSET,
    PublishableAdmin,
    RegistryAdmin,
    VersionedInline,
    vague_date_column,
)
from core.models import may_publish
from innofund.models import Programme, Project
from innofund.resources import ProjectResource


class ProjectInline(VersionedInline, admin.TabularInline):
    model = Project
    extra = 0
    fields = ["name", "company", "year", "amount", "currency", "funding_type", "status"]
    autocomplete_fields = ["company"]
    show_change_link = True
    ordering = ["-year"]

    # Inline rows skip the project form's review (an editor's change must become a draft), so
    # only reviewers change projects here; editors follow the link to each project's own form.
    def has_add_permission(self, request, obj=None):
        return may_publish(request.user, Project) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return may_publish(request.user, Project) and super().has_change_permission(request, obj)


@admin.register(Programme)
class ProgrammeAdmin(RegistryAdmin):
    list_display = [
        "name",
        "short_name",
        "parent",
        vague_date_column("launched", _("launched")),
        "established_by",
    ]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "short_name", "slug"]
    autocomplete_fields = ["parent", "source"]
    inlines = [ProjectInline]
    fieldsets = [
        (None, {"fields": ["name", "name_zh", "short_name", "slug", "parent", "website"]}),
        (
            _("Launch"),
            {"fields": [("launched_on", "launched_precision"), "established_by", "description"]},
        ),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]


@admin.register(Project)
class ProjectAdmin(PublishableAdmin):
    resource_classes = [ProjectResource]

    list_display = ["name", "company", "programme", "year", "amount", "currency", "status"]
    list_filter = ["programme", "year", "status", "funding_type", "province__region", "sector"]
    list_select_related = ["company", "programme"]
    search_fields = ["name", "name_zh", "code", "company__name", "company__name_zh"]
    autocomplete_fields = ["programme", "company", "sector", "province", "source"]
    fieldsets = [
        (None, {"fields": ["name", "name_zh", "slug", "code", "programme", "status"]}),
        (_("Recipient"), {"fields": ["company", "province", "sector"]}),
        (
            pgettext_lazy("admin section on a grant", "Award"),
            {"fields": ["year", ("amount", "currency"), "funding_type"]},
        ),
        SOURCE_FIELDSET,
        HISTORY_FIELDSET,
    ]
