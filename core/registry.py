"""The registry's models and what each offers, declared once.

Each registry app lists its models in its AppConfig's `registry`, as `Entry`s; everything that
spans the registry reads them from here instead of keeping a list of its own: the main menu, the
home page's directories and counts, the site search, the page cache's invalidation, the
documents' loader and its order, the open data package, the API router, the roles' permissions
and the search indexes. A test fails when a registry model is missing.

This module knows no registry app: it reads the app registry Django builds from INSTALLED_APPS.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace

from django.apps import apps
from django.db import connections, models
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from core.search import GRAMS_FUNCTION, index_sql, text_columns

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One registry model and what it offers."""

    model_name: str
    # The name it goes by in data files and addresses: the documents' section, the open data
    # package's table, the API's endpoint ("zones", "zone-statistics").
    name: str
    # What a record is, in a sentence (the open data package describes its table with it).
    description: str | Promise
    # The URL name of its public directory; a model with one is also counted on the home page,
    # found by the site search (through the directory's own filters) and indexed for search.
    directory: str = ""
    # Its label in the main menu, for the directories that have a place there.
    menu: str | Promise = ""
    # The dotted path of its read-only API viewset.
    api: str = ""
    app_label: str = ""  # filled in from the app that declares it

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.app_label, self.model_name)

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.model_name}"

    @property
    def publishable(self) -> bool:
        """Whether its records wait as drafts for a reviewer (they have a publication state)."""
        return any(field.name == "publication" for field in self.model._meta.fields)

    @functools.cached_property
    def directory_view(self):
        """The directory's view class (its queryset, table and filters), or None."""
        if not self.directory:
            return None
        return resolve(reverse(self.directory)).func.view_class

    @property
    def api_viewset(self):
        return import_string(self.api) if self.api else None

    def public_records(self) -> models.QuerySet:
        """The records the public sees: its API's, where it has an endpoint (a claim waits
        there for its zone to be published too), else its published records."""
        viewset = self.api_viewset
        return viewset.queryset.all() if viewset else self.model.objects.published()

    def search_columns(self) -> list[str]:
        """The text columns of its own table that its directory's search reads."""
        view = self.directory_view
        return text_columns(self.model, view.filterset_class.search_fields) if view else []


@functools.cache
def entries() -> tuple[Entry, ...]:
    """Every registry model's entry, in the apps' order (INSTALLED_APPS), then as declared."""
    found = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "registry", ()):
            found.append(replace(entry, app_label=config.label))
    return tuple(found)


def entry_for(model) -> Entry:
    label = model._meta.label
    for entry in entries():
        if entry.label == label:
            return entry
    raise LookupError(f"{label} is not a registry model.")


def registry_models() -> list[type[models.Model]]:
    return [entry.model for entry in entries()]


def directories() -> list[Entry]:
    return [entry for entry in entries() if entry.directory]


@functools.cache
def changing_models() -> frozenset:
    """The models whose saves and deletes change what the public sees: the registry's, and the
    tables behind their many-to-many fields. Not their history records."""
    found = set()
    for model in registry_models():
        found.add(model)
        found.update(field.remote_field.through for field in model._meta.local_many_to_many)
    return frozenset(found)


def loading_order() -> list[Entry]:
    """The entries in an order in which every record's references come before it: the
    declared order, each model moved after the models it points at (its own kind apart)."""
    pending = list(entries())
    placed, order = set(), []
    while pending:
        for entry in pending:
            model = entry.model
            needs = {
                field.related_model
                for field in model._meta.get_fields()
                if field.concrete and field.is_relation and field.related_model is not model
            } & set(registry_models())
            if needs <= placed:
                order.append(entry)
                placed.add(model)
                pending.remove(entry)
                break
        else:
            raise RuntimeError("The registry's models refer to each other in a circle.")
    return order


# The roles: groups of the registry's administrators and the actions each may take on every
# registry model ("publish" only where the model has drafts).
ROLES = {
    "Editors": ("view", "add", "change"),
    "Reviewers": ("view", "add", "change", "delete", "publish"),
    "Analysts": ("view",),
}


def role_permissions(role: str) -> list[tuple[str, str]]:
    """(app label, codename) of every permission the role holds."""
    return [
        (entry.app_label, f"{action}_{entry.model._meta.model_name}")
        for entry in entries()
        for action in ROLES[role]
        if action != "publish" or entry.publishable
    ]


def sync_roles(using: str = "default") -> None:
    """Make the three groups hold exactly the permissions ROLES gives them."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in {apps.get_app_config(entry.app_label) for entry in entries()}:
        create_permissions(config, verbosity=0, using=using)  # made after migrating otherwise
    for role in ROLES:
        wanted = role_permissions(role)
        permissions = Permission.objects.using(using).filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        )
        chosen = [
            permission
            for permission in permissions.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in set(wanted)
        ]
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(chosen)


@functools.cache
def search_indexes() -> dict[str, list[str]]:
    """{table: columns} the directories' text searches read."""
    return {
        entry.model._meta.db_table: entry.search_columns()
        for entry in directories()
        if entry.search_columns()
    }


def trigram_index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def sync_search_indexes(using: str = "default") -> None:
    """PostgreSQL: for each directory, a trigram index on each searched column, and a trigram
    and a grams index on them all (see core/search.py). SQLite needs none at its scale."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(GRAMS_FUNCTION)
        for table, columns in search_indexes().items():
            for column in columns:
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{trigram_index_name(table, column)}" '
                    f'ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
                )
            for statement in index_sql(table, columns):
                cursor.execute(statement)


def sync_database(sender, using="default", **kwargs) -> None:
    """After `migrate` (post_migrate, once for the whole run): the roles and search indexes as
    the registry declares them."""
    if sender.label != "torchportal":
        return
    sync_roles(using)
    sync_search_indexes(using)
