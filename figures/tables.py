import django_tables2 as tables
from django.utils.translation import pgettext_lazy

from core.tables import RegistryTable, VagueDateColumn
from figures.models import Source


class SourceTable(RegistryTable):
    title = tables.Column(linkify=True)
    publisher = tables.Column()
    kind = tables.Column()
    trust = tables.Column()
    published = VagueDateColumn(
        "published", verbose_name=pgettext_lazy("publication date", "Published")
    )
    figure_count = tables.Column(
        pgettext_lazy("number of figures", "Figures"), attrs={"td": {"class": "text-end"}}
    )

    class Meta(RegistryTable.Meta):
        model = Source
        fields = ["title", "publisher", "kind", "trust", "published", "figure_count"]
