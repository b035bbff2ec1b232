import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tables import (
    NameColumn,
    OtherNameColumn,
    RegistryTable,
    SourceColumn,
    VagueDateColumn,
)
from zones.models import Province, Zone


class ZoneTable(RegistryTable):
    list_number = tables.Column(
        pgettext_lazy("abbreviation of number", "No."), attrs={"td": {"class": "text-end"}}
    )
    name = NameColumn()
    name_zh = OtherNameColumn()
    kind = tables.Column()
    province = tables.Column(linkify=True, order_by="province__name")
    city = tables.Column()
    approved = VagueDateColumn(
        "approved", verbose_name=pgettext_lazy("when it was approved", "Approved")
    )
    status = tables.Column()
    website = tables.Column(visible=False)
    source = SourceColumn()

    class Meta(RegistryTable.Meta):
        model = Zone
        fields = [
            "list_number",
            "name",
            "name_zh",
            "kind",
            "province",
            "city",
            "approved",
            "status",
        ]


class ProvinceTable(RegistryTable):
    code = tables.Column(_("GB/T 2260 code"))
    name = NameColumn()
    name_zh = OtherNameColumn()
    region = tables.Column()
    zone_count = tables.Column(_("Zones"), attrs={"td": {"class": "text-end"}})
    source = SourceColumn()

    class Meta(RegistryTable.Meta):
        model = Province
        fields = ["code", "name", "name_zh", "region", "zone_count"]
