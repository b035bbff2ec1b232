"""The read-only JSON API (/api/v1/): what every endpoint shares, and the router.

Each app's api.py supplies serializers and a viewset naming its queryset (published records
only), its FilterSet (the same as its directory's) and its ordering fields.
"""

import copy
import json
from functools import cache
from operator import attrgetter

from django.conf import settings
from django.core.paginator import Paginator as DjangoPaginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import pagination, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.fields import SkipField
from rest_framework.filters import OrderingFilter as BaseOrderingFilter
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils.encoders import JSONEncoder

from core.cache import cache_available, cache_failed, cache_get, cache_key, cache_set, kept_count
from core.generic import page_records, total_order
from core.language import language_settled
from core.links import record_url


class OrderingFilter(BaseOrderingFilter):
    """?ordering= with a field the endpoint does not sort by is a bad request, not ignored."""

    def get_ordering(self, request, queryset, view):
        requested = request.query_params.get(self.ordering_param)
        if requested:
            allowed = {
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            }
            unknown = [
                term for term in requested.split(",") if term.strip().lstrip("-") not in allowed
            ]
            if unknown:
                raise ValidationError(
                    {
                        "ordering": f"Cannot sort by {', '.join(unknown)}; sort by one of: "
                        f"{', '.join(sorted(allowed))}."
                    }  # fmt: skip
                )
        return super().get_ordering(request, queryset, view)


class KeptCountPaginator(DjangoPaginator):
    """Django's paginator, the list's size counted once a data version, and a page's records
    read in two steps, from the nearer end of the list (core.generic.page_records)."""

    def __init__(self, object_list, *args, **kwargs):
        super().__init__(total_order(object_list), *args, **kwargs)

    @cached_property
    def count(self) -> int:
        return kept_count(self.object_list)

    def _get_page(self, object_list, number, paginator):
        records = page_records(object_list, self.object_list, times=True, count=self.count)
        return super()._get_page(records, number, paginator)


class RegistryPagination(pagination.PageNumberPagination):
    django_paginator_class = KeptCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        # Digits only, and few of them: Python will not even read a number of 100,000 digits.
        if value is not None and (
            not (value.isascii() and value.isdecimal())
            or len(value) > 9
            or not 1 <= int(value) <= self.max_page_size
        ):
            raise ValidationError(
                {"page_size": f"Give a whole number from 1 to {self.max_page_size}."}
            )
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:  # a page number out of range or not a number is a bad request
            raise ValidationError({"page": str(error.detail)}) from None


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous use is throttled at API_ANON_RATE (an environment setting), read per request."""

    def get_rate(self):
        return settings.API_ANON_RATE

    def allow_request(self, request, view):
        """The counts live in the cache; while it is down the API answers unthrottled rather
        than not at all."""
        if not cache_available():
            return True
        try:
            return super().allow_request(request, view)
        except Exception as error:
            cache_failed(error)
            return True


def absolute(request, path: str) -> str:
    """The full address of a path on this site (the scheme and host worked out once a request:
    a list has hundreds of links)."""
    if request is None:
        return path
    if not hasattr(request, "_site_root"):
        request._site_root = request.build_absolute_uri("/")[:-1]
    return request._site_root + path


RELATED_RECORD_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "A related record: its id, key (slug, key or code), name and API address; "
    "null while it is an unpublished draft.",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
    "additionalProperties": {"type": "string"},
}


@extend_schema_field(RELATED_RECORD_SCHEMA)
class RelatedRecord(serializers.Field):
    """A related record as its id, key, name and API link; null while it is an unpublished draft."""

    def __init__(self, view_name: str, lookup: str = "slug", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, record):
        if not getattr(record, "is_published", True):
            return None
        key = getattr(record, self.lookup)
        return {
            "id": record.pk,
            self.lookup: key,
            "name": str(record),
            "url": absolute(self.context.get("request"), record_url(self.view_name, key)),
        }


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": "As precisely as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD.",
    }
)
class VagueDateField(serializers.Field):
    """A vague date as ISO text with only what is known: "1988", "1988-05" or "1988-05-17"."""

    def __init__(self, name: str, **kwargs):
        self.name = name
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        date = record.vague_date(self.name)
        return date.iso() if date else None


class RegistrySerializer(serializers.ModelSerializer):
    """A record's JSON: DRF's ModelSerializer, whose fields are read the direct way where they
    can be. For every field of every record DRF walks a generator and a general attribute
    lookup with its error handling: a third of a list's time."""

    def to_representation(self, instance):
        representation = {}
        for name, read, represent in self._readers():
            try:
                attribute = read(instance)
            except SkipField:
                continue
            representation[name] = None if attribute is None else represent(attribute)
        return representation

    def get_fields(self):
        """The fields, worked out from the model once per serializer (DRF works them out for
        every use: a tenth of a list's fixed cost), each use getting its own copies."""
        made = type(self).__dict__.get("_fields_made")
        if made is None:
            made = super().get_fields()
            type(self)._fields_made = made
        return copy.deepcopy(made)

    def _readers(self) -> list:
        """(name, read, represent) for each readable field, worked out once per serializer."""
        readers = self.__dict__.get("_reader_list")
        if readers is None:
            model_fields = {field.name for field in self.Meta.model._meta.concrete_fields}
            readers = []
            for field in self._readable_fields:
                direct = (
                    len(field.source_attrs) == 1
                    and field.source_attrs[0] in model_fields
                    and type(field).get_attribute is serializers.Field.get_attribute
                )
                read = attrgetter(field.source_attrs[0]) if direct else field.get_attribute
                readers.append((field.field_name, read, field.to_representation))
            self._reader_list = readers
        return readers


@cache
def related_shown(serializer_class) -> frozenset[str]:
    """The relations a serializer shows as related records."""
    fields = serializer_class().fields.values()
    return frozenset(field.source for field in fields if isinstance(field, RelatedRecord))


class RegistryViewSet(viewsets.ReadOnlyModelViewSet):
    """List (compact) and detail (every field) of published records, filtered by the
    directory's FilterSet, ordered by ?ordering=, paginated by ?page= and ?page_size=."""

    lookup_field = "slug"
    list_serializer_class = None
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    pagination_class = RegistryPagination
    throttle_classes = [AnonymousThrottle]

    def perform_content_negotiation(self, request, force=False):
        """An unknown ?format= is a bad request that names the parameter, not a 404."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise ValidationError({"format": f"Give format as one of: {formats}."}) from None

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class:
            return self.list_serializer_class
        return self.serializer_class

    def get_queryset(self):
        """A compact list reads only the relations it shows: no many-to-many, and of the
        records brought along only those its serializer names."""
        queryset = super().get_queryset()
        if self.action == "list" and self.list_serializer_class:
            related = queryset.query.select_related
            shown = related_shown(self.list_serializer_class)
            kept = [
                name for name in (related if isinstance(related, dict) else {}) if name in shown
            ]
            queryset = queryset.prefetch_related(None).select_related(None)
            if kept:
                queryset = queryset.select_related(*kept)
        return queryset

    def list(self, request, *args, **kwargs):
        """Lists come from the cache until the data changes (after the throttle has counted the
        request: the page cache leaves the API alone for that reason)."""
        if not settings.PAGE_CACHE_SECONDS:
            return self.listed(request, *args, **kwargs)
        key = cache_key(request, "api")
        data = cache_get(key)
        if data is None:
            # Plain JSON values: the serializer's own containers would drag its records along.
            data = json.loads(
                json.dumps(self.listed(request, *args, **kwargs).data, cls=JSONEncoder)
            )
            cache_set(key, data)
        return Response(data)

    def listed(self, request, *args, **kwargs):
        with language_settled():  # every name and link of the page in one language, asked once
            return super().list(request, *args, **kwargs)

    def get_object(self):
        """A key with a NUL byte in it names no record (PostgreSQL refuses to even look it up)."""
        key = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if "\x00" in str(key):
            raise NotFound()
        return super().get_object()

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        response = Response(self.get_serializer(record).data)
        return self.with_last_modified(response, record.updated_at)

    @staticmethod
    def with_last_modified(response, moment):
        """So clients can cache a record: ConditionalGetMiddleware answers If-Modified-Since
        with 304. Lists carry only an ETag (of their content): a record leaving a list (deleted,
        unpublished) would not move a list's newest change date."""
        if moment is not None:
            response["Last-Modified"] = http_date(moment.timestamp())
        return response


@extend_schema_field({"type": "string", "format": "uri"})
class RecordURL(serializers.Field):
    """The record's own API address."""

    def __init__(self, view_name: str, lookup: str = "slug", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        return absolute(
            self.context.get("request"), record_url(self.view_name, getattr(record, self.lookup))
        )


def api_url(name: str, lookup: str = "slug") -> RecordURL:
    """The record's own API address."""
    return RecordURL(f"api:{name}-detail", lookup)


class ProfileMixin(serializers.Serializer):
    """The record's public page, for people."""

    profile = serializers.SerializerMethodField()

    def get_profile(self, record) -> str:
        return self.context["request"].build_absolute_uri(record.get_absolute_url())
