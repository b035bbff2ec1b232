import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import (
    AmountColumn,
    NameColumn,
    PublishedLinkColumn,
    RegistryTable,
    SourceColumn,
)
from innofund.models import Project


class ProjectTable(RegistryTable):
    name = NameColumn(verbose_name=_("Title"))
    company = PublishedLinkColumn(order_by="company__name")
    programme = tables.Column(linkify=True, order_by="programme__name")
    province = tables.Column(linkify=True, order_by="province__name")
    amount = AmountColumn()
    currency = tables.Column()
    source = SourceColumn()

    class Meta(RegistryTable.Meta):
        model = Project
        fields = [
            "year",
            "name",
            "company",
            "programme",
            "sector",
            "province",
            "amount",
            "currency",
            "funding_type",
            "status",
        ]
