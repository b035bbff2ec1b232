"""The pages that read across the registry: home, search, recent changes and open data."""

from urllib.parse import urlencode

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from core.cache import kept, kept_count
from core.changes import CHANGES_AT_ONCE, ChangeList, Following, follow, recent_changes
from core.generic import home_crumb, page_number
from core.registry import directories, entries
from figures.models import Figure, Milestone
from portal.models import Release
from portal.prebuilt import KINDS, built, start_build
from portal.releases import changes_shown, cited
from zones.models import Zone

# The figures the home page leads with, by key, in this order, after the latest reported count
# of national high-tech zones.
HEADLINE_FIGURES = [
    "high-tech-zones-share-industrial-value-added-2024",
    "stips-count-c2007",
    "stip-employees-2006",
    "tbis-count",
    "tbi-tenant-companies",
    "innofund-projects",
    "innofund-funding-total",
    "bases-ratified-1995-2005",
    "software-parks-count",
    "productivity-centers-2005",
    "technology-transaction-volume-2005",
]


class HomeView(TemplateView):
    """The program at a glance: headline figures with their sources, milestones, ways in."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        figures = (
            Figure.objects.published()
            .filter(key__in=HEADLINE_FIGURES)
            .select_related("source", "metric", "zone", "incubator", "programme")
        )
        order = {key: index for index, key in enumerate(HEADLINE_FIGURES)}
        latest_count = (
            Figure.objects.published()
            .filter(metric__key="national-stips", topic="stip", qualifier="exact")
            .exclude(as_of_on=None)
            .select_related("source", "metric", "zone", "incubator", "programme")
            .order_by("-as_of_on", "key")
            .first()
        )
        return super().get_context_data(
            headline_figures=[
                *([latest_count] if latest_count else []),
                *sorted(figures, key=lambda figure: order[figure.key]),
            ],
            milestones=Milestone.objects.published().select_related("source"),
            directories=[
                (
                    entry.directory_view.get_title(),
                    entry.directory,
                    kept_count(entry.model.objects.published()),
                )
                for entry in directories()
            ],
            stip_count=kept_count(Zone.objects.published().filter(kind=Zone.Kind.STIP)),
            following=Following(
                title=gettext("Recent changes"),
                page_url=reverse("changes"),
                feed_url=reverse("changes_feed"),
                records=(),
            ),
            **kwargs,
        )


RESULTS_PER_KIND = 10


class SearchView(TemplateView):
    """One search box over every directory, in English or Chinese; each directory's own search
    (its FilterSet, over its queryset) does the matching, so the results agree with the
    directory's."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        groups = []
        if query:
            for entry in directories():
                view = entry.directory_view
                matches = view.filterset_class.searched(view.queryset, query)
                if matches is None:
                    continue
                # A result shows its names and its link: only those are read.
                shown = matches.select_related(None).only(*matches.model.label_fields())
                groups.append(
                    {
                        "label": view.get_title(),
                        "records": shown[:RESULTS_PER_KIND],
                        "count": kept_count(matches),  # as the directory counts it
                        "more_url": f"{reverse(entry.directory)}?{urlencode({'q': query})}",
                    }
                )
        return super().get_context_data(
            query=query,
            groups=groups,
            total=sum(group["count"] for group in groups),
            title=gettext("Search: %(query)s") % {"query": query} if query else gettext("Search"),
            breadcrumbs=[home_crumb(), (gettext("Search"), None)],
            **kwargs,
        )


CHANGE_PAGES = 10  # the recent changes go back this many pages of CHANGES_AT_ONCE


class KindForm(forms.Form):
    """The recent changes of one kind of record, or of every kind."""

    kind = forms.ChoiceField(label=_("Kind of record"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", gettext("Every kind")),
            *[(entry.name, capfirst(entry.model._meta.verbose_name_plural)) for entry in entries()],
        ]

    def chosen(self) -> list:
        """The registry entries chosen (none when the kind is not one of them)."""
        if not self.is_valid():
            return []
        kind = self.cleaned_data["kind"]
        return [entry for entry in entries() if kind in ("", entry.name)]


class RecentChangesView(TemplateView):
    """What changed in the published records, newest first, across the registry or for one
    kind of record; a bounded number of pages back. Its feed is the registry's."""

    template_name = "portal/changes.html"

    def form(self) -> KindForm:
        return KindForm(self.request.GET)

    def following(self) -> Following:
        form = self.form()
        title = gettext("Recent changes")
        if form.is_valid() and form.cleaned_data["kind"]:
            kind = dict(form.fields["kind"].choices)[form.cleaned_data["kind"]]
            title = gettext("Recent changes: %(kind)s") % {"kind": kind}
        records = [entry.public_records() for entry in form.chosen()]
        return follow(self.request, title, *records)

    def get_context_data(self, **kwargs):
        following = self.following()
        number = min(max(page_number(self.request.GET.get("page", ""), default=1), 1), CHANGE_PAGES)
        form = self.form()
        kind = form.cleaned_data["kind"] if form.is_valid() else None
        # Worked out once a data version (every save moves it) for each of the few kinds and
        # pages, in each language (values are told in it); a kind the form refuses lists nothing.
        changes = (
            kept(
                f"changes:{get_language()}:{kind}:{number}",
                lambda: recent_changes(following.records, skip=(number - 1) * CHANGES_AT_ONCE),
            )
            if kind is not None
            else ChangeList()
        )
        return super().get_context_data(
            title=following.title,
            breadcrumbs=[home_crumb(), (gettext("Recent changes"), None)],
            form=form,
            following=following,
            changes=changes,
            page=number,
            newer=number - 1 if number > 1 else None,
            older=number + 1 if changes.more and number < CHANGE_PAGES else None,
            **kwargs,
        )


class DownloadsView(TemplateView):
    """The open data: the whole dataset, the grants in 360Giving's columns, and the API. Not
    kept in the page cache: it tells how the files being built stand, which the data version
    does not follow."""

    template_name = "portal/downloads.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-cache"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=gettext("Open data"),
            breadcrumbs=[home_crumb(), (gettext("Open data"), None)],
            tables=entries(),
            package=built("data-package", get_language()),
            giving=built("giving", get_language()),
            latest_release=Release.objects.defer("changes").first(),
            **kwargs,
        )


@require_safe
def prebuilt_download(request, kind: str):
    """A file built ahead of time (portal/prebuilt.py), sent as it is, with its ETag; a file
    older than the data starts a new build and is sent meanwhile."""
    made = built(kind, get_language())
    if made is None or not made.current:
        start_build()
    if made is None:
        response = render(
            request,
            "core/download_refused.html",
            {
                "title": gettext("Being prepared"),
                "message": gettext(
                    "This file is made ahead of time from the published data, and is being "
                    "made now. Please try again in a minute."
                ),
                "back": reverse("downloads"),
            },
            status=503,
        )
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    response = FileResponse(
        open(made.path, "rb"),  # noqa: SIM115 (the response closes it when sent)
        as_attachment=True,
        filename=made.filename,
        content_type=KINDS[kind].content_type,
    )
    response["ETag"] = f'"{made.sha256}"'
    response["Last-Modified"] = http_date(made.built_at.timestamp())
    return response


class ReleaseListView(ListView):
    """Every release of the data, the latest first (one a day at most: a short list)."""

    template_name = "portal/release_list.html"
    queryset = Release.objects.defer("changes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=gettext("Releases of the data"),
            breadcrumbs=[
                home_crumb(),
                (gettext("Open data"), reverse("downloads")),
                (gettext("Releases"), None),
            ],
            **kwargs,
        )


class ReleaseDetailView(DetailView):
    """One release: when, its file's checksum and size, what changed, and how to cite it."""

    template_name = "portal/release_detail.html"
    model = Release
    slug_field = slug_url_kwarg = "number"

    def get_context_data(self, **kwargs):
        release = self.object
        return super().get_context_data(
            title=str(release),
            breadcrumbs=[
                home_crumb(),
                (gettext("Open data"), reverse("downloads")),
                (gettext("Releases"), reverse("releases")),
                (str(release), None),
            ],
            cited=cited(release, self.request),
            changes=changes_shown(release.changes),
            **kwargs,
        )


@require_safe
def release_file(request, number: int, filename: str):
    """A release's package, as it was made and for good: sent as a file, with its checksum as
    ETag; clients may keep it for ever."""
    release = get_object_or_404(Release, number=number, filename=filename)
    if not release.path.exists():
        raise Http404("This release's file is missing from this server.")
    response = FileResponse(
        open(release.path, "rb"),  # noqa: SIM115 (the response closes it when sent)
        as_attachment=True,
        filename=release.filename,
        content_type="application/zip",
    )
    response["ETag"] = f'"{release.sha256}"'
    response["Last-Modified"] = http_date(release.released_at.timestamp())
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
