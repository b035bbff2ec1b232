from incubators.models import Company
from innofund.models import Programme, Project
from torchportal.models import Currency
from torchportal.resources import (
    RegistryResource,
    amount,
    choice,
    province_field,
    related,
    source_field,
    whole_number,
)
from zones.models import Sector


class ProjectResource(RegistryResource):
    required_columns = ("slug", "name", "programme", "company", "year")

    programme = related("programme", Programme, "slug", "short_name", "name")
    company = related("company", Company, "slug", "name", "name_zh")
    sector = related("sector", Sector, "slug", "name")
    province = province_field()
    year = whole_number("year")
    currency = choice("currency", Currency.choices)
    amount = amount("amount")
    funding_type = choice("funding_type", Project.FundingType.choices)
    status = choice("status", Project.Status.choices)
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Project
        import_id_fields = ("slug",)
        fields = (
            "slug", "name", "name_zh", "code", "programme", "company", "sector", "province",
            "year", "currency", "amount", "funding_type", "status", "source", "locator", "notes",
        )  # fmt: skip
        export_order = fields
