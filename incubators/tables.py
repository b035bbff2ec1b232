import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import (
    NameColumn,
    OtherNameColumn,
    PublishedLinkColumn,
    RegistryTable,
    SourceColumn,
    VagueDateColumn,
)
from incubators.models import Company, Incubator


class IncubatorTable(RegistryTable):
    name = NameColumn()
    name_zh = OtherNameColumn()
    province = tables.Column(linkify=True, order_by="province__name")
    host_zone = PublishedLinkColumn(order_by="host_zone__name")
    founded = VagueDateColumn("founded", verbose_name=_("Founded"))
    source = SourceColumn()

    class Meta(RegistryTable.Meta):
        model = Incubator
        fields = ["name", "name_zh", "kind", "province", "city", "host_zone", "founded"]


class CompanyTable(RegistryTable):
    name = NameColumn()
    name_zh = OtherNameColumn()
    province = tables.Column(linkify=True, order_by="province__name")
    zone = PublishedLinkColumn(order_by="zone__name")
    incubator = PublishedLinkColumn(order_by="incubator__name")
    listed_exchange = tables.Column(_("Listed on"))
    source = SourceColumn()

    class Meta(RegistryTable.Meta):
        model = Company
        fields = ["name", "name_zh", "province", "city", "zone", "incubator", "listed_exchange"]
