from import_export import fields

from core.resources import (
    NaturalKeysWidget,
    RegistryResource,
    VagueDateImportField,
    choice_field,
    related_field,
    source_field,
    whole_number_field,
)
from incubators.models import Company, Incubator, IncubatorStatistics
from zones.models import Sector, Zone
from zones.resources import province_field

COUNTS = ("tenants", "graduated_companies", "listed_companies", "employees", "incubation_area_m2")


def sectors_field():
    return fields.Field(
        attribute="sectors", column_name="sectors", widget=NaturalKeysWidget(Sector)
    )


class IncubatorResource(RegistryResource):
    required_columns = ("slug", "name")

    kind = choice_field("kind", Incubator.Kind.choices)
    province = province_field()
    host_zone = related_field("host_zone", Zone, "slug", "name")
    founded = VagueDateImportField("founded")
    accredited = VagueDateImportField("accredited")
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

    incubator = related_field("incubator", Incubator, "slug", "name")
    year = whole_number_field("year")
    tenants = whole_number_field("tenants")
    graduated_companies = whole_number_field("graduated_companies")
    listed_companies = whole_number_field("listed_companies")
    employees = whole_number_field("employees")
    incubation_area_m2 = whole_number_field("incubation_area_m2")
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = IncubatorStatistics
        use_bulk = True  # no many-to-many columns
        import_id_fields = ("incubator", "year")
        fields = ("incubator", "year", *COUNTS, "source", "locator")
        export_order = fields


class CompanyResource(RegistryResource):
    required_columns = ("slug", "name")

    province = province_field()
    zone = related_field("zone", Zone, "slug", "name")
    incubator = related_field("incubator", Incubator, "slug", "name")
    graduated = VagueDateImportField("graduated")
    listed_exchange = choice_field("listed_exchange", Company.Exchange.choices)
    listed = VagueDateImportField("listed")
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
