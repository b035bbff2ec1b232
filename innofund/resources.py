from core.fields import Currency
from core.resources import (
    RegistryResource,
    amount_field,
    choice_field,
    related_field,
    source_field,
    whole_number_field,
)
from incubators.models import Company
from innofund.models import Programme, Project
from zones.models import Sector
from zones.resources import province_field


class ProjectResource(RegistryResource):
    required_columns = ("slug", "name", "programme", "company", "year")

    programme = related_field("programme", Programme, "slug", "short_name", "name")
    company = related_field("company", Company, "slug", "name", "name_zh")
    sector = related_field("sector", Sector, "slug", "name")
    province = province_field()
    year = whole_number_field("year")
    currency = choice_field("currency", Currency.choices)
    amount = amount_field("amount")
    funding_type = choice_field("funding_type", Project.FundingType.choices)
    status = choice_field("status", Project.Status.choices)
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Project
        use_bulk = True  # no many-to-many columns
        import_id_fields = ("slug",)
        fields = (
            "slug", "name", "name_zh", "code", "programme", "company", "sector", "province",
            "year", "currency", "amount", "funding_type", "status", "source", "locator", "notes",
        )  # fmt: skip
        export_order = fields
