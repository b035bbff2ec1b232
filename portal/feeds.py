"""Atom feeds of what changed in the public registry: of any page that can be followed (a
directory with its filters, a profile, the recent changes), at the page's address followed by
feed.atom (core.changes.FEED_SUFFIX). The page's own view says what it follows (`following`)."""

from copy import copy

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.changes import FEED_SUFFIX, Following, recent_changes


class ChangesFeed(Feed):
    """The newest public changes to what a page follows, as Atom entries."""

    feed_type = Atom1Feed
    description_template = "portal/change_entry.html"

    def get_object(self, request, following: Following):
        self.site_root = request.build_absolute_uri("/")[:-1]
        self.page_url = following.page_url
        return following

    def title(self, following):
        return gettext("Changes: %(page)s · Torch Portal") % {"page": following.title}

    def subtitle(self, following):
        return gettext(
            "What changed in the published records of Torch Portal, newest first: each "
            "record added, published or changed, with the fields' old and new values and the "
            "source cited."
        )

    def author_name(self):
        return gettext("Torch Portal")

    def link(self, following):
        return following.page_url

    def feed_url(self, following):
        return following.feed_url

    def items(self, following):
        return recent_changes(following.records)

    def item_title(self, change):
        return change.title

    def item_link(self, change):
        return change.url or self.page_url

    def item_guid(self, change):
        return f"{self.site_root}/#change-{change.key}"

    item_guid_is_permalink = False

    def item_updateddate(self, change):
        return change.when

    def item_pubdate(self, change):
        return change.when

    def get_context_data(self, **kwargs):
        return {"change": kwargs["item"], "site_root": self.site_root}


@require_safe
def page_feed(request, page: str):
    """The feed of the page at this address without its FEED_SUFFIX, if that page can be
    followed; not found otherwise."""
    path_info = request.path_info.removesuffix(FEED_SUFFIX)
    try:
        match = resolve(path_info)
    except Resolver404:
        raise Http404 from None
    view_class = getattr(match.func, "view_class", None)
    if not hasattr(view_class, "following"):
        raise Http404
    page_request = copy(request)  # the page as its view sees it: its address, the same query
    page_request.path_info = path_info
    page_request.path = request.path.removesuffix(FEED_SUFFIX)
    view = view_class()
    view.setup(page_request, *match.args, **match.kwargs)
    return ChangesFeed()(request, view.following())
