"""Releases in the admin: every staff member sees them; reviewers make one ("Release the
published data now"), which is refused when nothing changed since the last. A release is never
changed or deleted: citations point at it."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.cache import data_version
from core.models import may_publish
from core.registry import entries
from portal.models import Release
from portal.releases import Busy, make_release, start_release


def may_release(user) -> bool:
    """Whoever may publish every kind of record may release what is published: reviewers."""
    return all(may_publish(user, entry.model) for entry in entries() if entry.publishable)


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "released_at", "released_by", "size_shown", "sha256"]
    readonly_fields = [
        "number", "released_at", "released_by", "filename", "sha256", "size", "fingerprint",
        "data_version", "changes",
    ]  # fmt: skip

    @admin.display(description=_("size"))
    def size_shown(self, release):
        return filesizeformat(release.size)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return may_release(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Not a form: a page that says what will be released, and a button that releases."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.release_now(request)
        last = Release.objects.defer("changes").first()
        return TemplateResponse(
            request,
            "admin/portal/release/release_now.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Release the published data now"),
                "last": last,
                # Cheap and sure in one direction: an unmoved data version means no change.
                "unchanged": last is not None and last.data_version == data_version(),
            },
        )

    def release_now(self, request):
        changelist = reverse("admin:portal_release_changelist")
        last = Release.objects.defer("changes").first()
        if settings.RELEASES_IN_BACKGROUND and not (last and last.data_version == data_version()):
            # Writing the package takes minutes at national scale: not while the request waits.
            start_release(request.user)
            self.message_user(
                request,
                gettext(
                    "The release is being made in the background: it appears in this list when "
                    "its package is written (a minute or more for a large registry). If nothing "
                    "published has changed since the last release, none is made."
                ),
                messages.INFO,
            )
            return redirect(changelist)
        try:
            outcome = make_release(user=request.user)
        except Busy:
            self.message_user(
                request,
                gettext("A release is being made right now. Look again in a minute."),
                messages.WARNING,
            )
            return redirect(changelist)
        if outcome.release is None:
            if outcome.last is None:
                text = gettext("There is nothing to release.")
            else:
                text = gettext(
                    "Nothing in the published data has changed since %(release)s of "
                    "%(date)s: no release was made."
                ) % {"release": outcome.last, "date": outcome.last.released_at.date()}
            self.message_user(request, text, messages.WARNING)
            return redirect(changelist)
        self.message_user(
            request,
            gettext("%(release)s is made: %(url)s")
            % {
                "release": outcome.release,
                "url": request.build_absolute_uri(outcome.release.get_absolute_url()),
            },
            messages.SUCCESS,
        )
        return redirect(changelist)
