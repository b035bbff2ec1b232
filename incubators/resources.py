from import_export import fields

from incubators.models import Company, Incubator, IncubatorStatistics
from torchportal.resources import (
    NaturalKeysWidget,
    RegistryResource,
    VagueDateField,
    choice,
    province_field,
    related,
    source_field,
    whole_number,
)
from zones.models import Sector, Zone

COUNTS = ("tenants", "graduated_companies", "listed_companies", "employees", "incubation_area_m2")


def sectors_field():
    return fields.Field(
        attribute="sectors", column_name="sectors", widget=NaturalKeysWidget(Sector)
    )


class IncubatorResource(RegistryResource):
    required_columns = ("slug", "name")

    kind = choice("kind", Incubator.Kind.choices)
    province = province_field()
    host_zone = related("host_zone", Zone, "slug", "name")
    founded = VagueDateField("founded")
    accredited = VagueDateField("accredited")
    sectors = sectors_field()
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Incubator
        import_id_fields = ("slug",)
        fields = (
            "slug", "name", "name_zh", "kind", "province", "city", "host_zone", "founded",
            "accredited", "website", "sectors", "source", "locator", "notes",
        )  # fmt: skip
        export_order = fields


class IncubatorStatisticsResource(RegistryResource):
    required_columns = ("incubator", "year", "source")

    incubator = related("incubator", Incubator, "slug", "name")
    year = whole_number("year")
    tenants = whole_number("tenants")
    graduated_companies = whole_number("graduated_companies")
    listed_companies = whole_number("listed_companies")
    employees = whole_number("employees")
    incubation_area_m2 = whole_number("incubation_area_m2")
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = IncubatorStatistics
        import_id_fields = ("incubator", "year")
        fields = ("incubator", "year", *COUNTS, "source", "locator")
        export_order = fields


class CompanyResource(RegistryResource):
    required_columns = ("slug", "name")

    province = province_field()
    zone = related("zone", Zone, "slug", "name")
    incubator = related("incubator", Incubator, "slug", "name")
    graduated = VagueDateField("graduated")
    listed_exchange = choice("listed_exchange", Company.Exchange.choices)
    listed = VagueDateField("listed")
    sectors = sectors_field()
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Company
        import_id_fields = ("slug",)
        fields = (
            "slug", "name", "name_zh", "province", "city", "zone", "incubator", "graduated",
            "listed_exchange", "stock_code", "listed", "website", "sectors", "source", "locator",
            "notes",
        )  # fmt: skip
        export_order = fields
