"""Where the zones are: by province or economic region, and the tile-grid map."""

from django import forms
from django.db.models import Count
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.language import localized
from dashboards.charts.base import Chart, Point, choices_with_all
from figures.models import Source
from zones.models import Province, Region, Zone

# Where each province stands on the tile-grid map: (row, column), north-west first.
TILE_POSITIONS = {
    "230000": (0, 8),  # Heilongjiang
    "150000": (1, 5), "110000": (1, 7), "220000": (1, 8),  # Inner Mongolia, Beijing, Jilin
    "650000": (2, 1), "620000": (2, 3), "640000": (2, 4), "140000": (2, 5), "130000": (2, 6),
    "120000": (2, 7), "210000": (2, 8),  # Xinjiang, Gansu, Ningxia, Shanxi, Hebei, Tianjin, Liaoning
    "630000": (3, 2), "610000": (3, 4), "410000": (3, 5), "370000": (3, 6),  # Qinghai, Shaanxi, Henan, Shandong
    "540000": (4, 1), "510000": (4, 3), "500000": (4, 4), "420000": (4, 5), "340000": (4, 6),
    "320000": (4, 7),  # Tibet, Sichuan, Chongqing, Hubei, Anhui, Jiangsu
    "530000": (5, 3), "520000": (5, 4), "430000": (5, 5), "360000": (5, 6), "330000": (5, 7),
    "310000": (5, 8),  # Yunnan, Guizhou, Hunan, Jiangxi, Zhejiang, Shanghai
    "450000": (6, 4), "440000": (6, 5), "350000": (6, 6), "710000": (6, 7),  # Guangxi, Guangdong, Fujian, Taiwan
    "820000": (7, 5), "810000": (7, 6),  # Macau, Hong Kong
    "460000": (8, 4),  # Hainan
}  # fmt: skip
# The registry holds no data for these; maps of China show them, saying so (in Chinese, as the
# rules for thematic maps word it: "台湾省资料暂缺").
NO_DATA_PROVINCES = {"710000", "810000", "820000"}


class ZonesByPlace(Chart):
    slug = "zones-by-place"
    title = _("Where the zones are")
    description = _("Zones in the registry by province or by economic region.")

    class Selection(forms.Form):
        kind = forms.ChoiceField(
            label=_("Kind"),
            choices=choices_with_all(Zone.Kind.choices, _("All kinds")),
            initial=Zone.Kind.STIP,
            required=False,
        )
        by = forms.ChoiceField(
            label=_("By"),
            choices=[("province", _("Province")), ("region", _("Economic region"))],
            initial="province",
        )

    def unit(self):
        return pgettext("unit of a chart", "zones")

    def zones(self):
        kind = self.selection["kind"]
        zones = Zone.objects.published()
        return zones.filter(kind=kind) if kind else zones

    def points(self):
        zones = self.zones().exclude(province=None)
        kind = self.selection["kind"]
        series = Zone.Kind(kind).label if kind else gettext("Zones")
        if self.selection["by"] == "region":
            labels = {region: str(label) for region, label in Region.choices}
            rows = zones.exclude(province__region="").values("province__region")
            counts = {
                labels[row["province__region"]]: row["count"]
                for row in rows.annotate(count=Count("pk"))
            }
            ordered = [labels[region] for region in Region.values]
        else:
            rows = zones.values("province__name", "province__name_zh").annotate(count=Count("pk"))
            counts = {
                localized(row["province__name"], row["province__name_zh"]): row["count"]
                for row in rows
            }
            ordered = sorted(counts, key=lambda name: (-counts[name], name))
        return [
            Point(series=series, label=label, value=counts[label], unit=self.unit(),
                  shown=str(counts[label]))
            for label in ordered
            if label in counts
        ]  # fmt: skip

    def registry_sources(self):
        return Source.objects.filter(pk__in=self.zones().values("source"))

    def tiles(self) -> list[dict]:
        """Every province as a square of the tile-grid map, shaded by its count."""
        counts = dict(self.zones().values_list("province__code").annotate(count=Count("pk")))
        highest = max(counts.values(), default=0) or 1
        tiles = []
        for province in Province.objects.filter(code__in=TILE_POSITIONS).order_by("code"):
            row, column = TILE_POSITIONS[province.code]
            count = counts.get(province.code, 0)
            no_data = province.code in NO_DATA_PROVINCES and not count
            tiles.append(
                {
                    "name": province.display_name,
                    "name_zh": province.name_zh,
                    "no_data": f"{province.name_zh}资料暂缺" if no_data else "",
                    "url": province.get_absolute_url(),
                    "count": count,
                    "row": row + 1,
                    "column": column + 1,
                    "shade": 0 if not count else 1 + round(4 * count / highest),
                }
            )
        return tiles
