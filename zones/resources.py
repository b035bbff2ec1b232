from import_export import fields

from core.fields import Currency
from core.resources import (
    NaturalKeysWidget,
    RegistryResource,
    VagueDateImportField,
    amount_field,
    choice_field,
    related_field,
    source_field,
    whole_number_field,
)
from zones.models import Province, Sector, Zone, ZoneStatistics


def province_field() -> fields.Field:
    """A province by its GB/T 2260 code, English or Chinese name."""
    return related_field("province", Province, "code", "name", "name_zh")


COUNTS = ("enterprises", "high_tech_enterprises", "employees")
MONEY = ("revenue", "industrial_value_added", "exports", "rd_expenditure")


class ZoneResource(RegistryResource):
    required_columns = ("slug", "name", "kind")

    kind = choice_field("kind", Zone.Kind.choices)
    status = choice_field("status", Zone.Status.choices)
    list_number = whole_number_field("list_number")
    province = province_field()
    approved = VagueDateImportField("approved")
    sectors = fields.Field(
        attribute="sectors", column_name="sectors", widget=NaturalKeysWidget(Sector)
    )
    parent = related_field("parent", Zone, "slug", "name")
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Zone
        import_id_fields = ("slug",)
        fields = (
            "slug", "name", "name_zh", "kind", "name_translated", "other_names", "list_number",
            "province", "city", "approved", "approving_body", "website", "sectors", "parent", "status", "source",
            "locator", "notes",
        )  # fmt: skip
        export_order = fields


class ZoneStatisticsResource(RegistryResource):
    required_columns = ("zone", "year", "source")

    zone = related_field("zone", Zone, "slug", "name")
    year = whole_number_field("year")
    currency = choice_field("currency", Currency.choices)
    source = source_field()
    enterprises = whole_number_field("enterprises")
    high_tech_enterprises = whole_number_field("high_tech_enterprises")
    employees = whole_number_field("employees")
    revenue = amount_field("revenue")
    industrial_value_added = amount_field("industrial_value_added")
    exports = amount_field("exports")
    rd_expenditure = amount_field("rd_expenditure")

    class Meta(RegistryResource.Meta):
        model = ZoneStatistics
        use_bulk = True  # no many-to-many columns
        import_id_fields = ("zone", "year")
        fields = ("zone", "year", *COUNTS, "currency", *MONEY, "source", "locator")
        export_order = fields
