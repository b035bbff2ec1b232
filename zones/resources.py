from import_export import fields

from torchportal.models import Currency
from torchportal.resources import (
    NaturalKeysWidget,
    RegistryResource,
    VagueDateField,
    amount,
    choice,
    province_field,
    related,
    source_field,
    whole_number,
)
from zones.models import Sector, Zone, ZoneStatistics

COUNTS = ("enterprises", "high_tech_enterprises", "employees")
MONEY = ("revenue", "industrial_value_added", "exports", "rd_expenditure")


class ZoneResource(RegistryResource):
    required_columns = ("slug", "name", "kind")

    kind = choice("kind", Zone.Kind.choices)
    status = choice("status", Zone.Status.choices)
    list_number = whole_number("list_number")
    province = province_field()
    approved = VagueDateField("approved")
    sectors = fields.Field(
        attribute="sectors", column_name="sectors", widget=NaturalKeysWidget(Sector)
    )
    parent = related("parent", Zone, "slug", "name")
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Zone
        import_id_fields = ("slug",)
        fields = (
            "slug", "name", "name_zh", "kind", "other_names", "list_number", "province", "city",
            "approved", "approving_body", "website", "sectors", "parent", "status", "source",
            "locator", "notes",
        )  # fmt: skip
        export_order = fields


class ZoneStatisticsResource(RegistryResource):
    required_columns = ("zone", "year", "source")

    zone = related("zone", Zone, "slug", "name")
    year = whole_number("year")
    currency = choice("currency", Currency.choices)
    source = source_field()
    enterprises = whole_number("enterprises")
    high_tech_enterprises = whole_number("high_tech_enterprises")
    employees = whole_number("employees")
    revenue = amount("revenue")
    industrial_value_added = amount("industrial_value_added")
    exports = amount("exports")
    rd_expenditure = amount("rd_expenditure")

    class Meta(RegistryResource.Meta):
        model = ZoneStatistics
        import_id_fields = ("zone", "year")
        fields = ("zone", "year", *COUNTS, "currency", *MONEY, "source", "locator")
        export_order = fields
