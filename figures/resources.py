from import_export import fields

from core.resources import (
    AmountWidget,
    RegistryResource,
    VagueDateImportField,
    choice_field,
    related_field,
    source_field,
    whole_number_field,
)
from figures.models import Claim, Figure, Metric, Milestone, Source, Topic
from incubators.models import Incubator
from innofund.models import Programme
from zones.models import Zone


class SourceResource(RegistryResource):
    required_columns = ("key", "title", "kind")

    kind = choice_field("kind", Source.Kind.choices)
    trust = choice_field("trust", Source.Trust.choices)
    published = VagueDateImportField("published")

    class Meta(RegistryResource.Meta):
        model = Source
        use_bulk = True  # no many-to-many columns
        import_id_fields = ("key",)
        fields = (
            "key", "title", "title_zh", "short_title", "publisher", "kind", "published",
            "date_note", "language", "url", "read_url", "trust", "notes",
        )  # fmt: skip
        export_order = fields


class FigureResource(RegistryResource):
    required_columns = ("key", "source", "metric", "value", "unit", "topic", "quote")

    source = source_field()
    metric = related_field("metric", Metric, "key", "name")
    topic = choice_field("topic", Topic.choices)
    zone = related_field("zone", Zone, "slug", "name")
    incubator = related_field("incubator", Incubator, "slug", "name")
    programme = related_field("programme", Programme, "slug", "short_name", "name")
    value = fields.Field(attribute="value", column_name="value", widget=AmountWidget())
    upper_value = fields.Field(
        attribute="upper_value", column_name="upper_value", widget=AmountWidget()
    )
    unit = choice_field("unit", Figure.Unit.choices)
    qualifier = choice_field("qualifier", Figure.Qualifier.choices)
    as_of = VagueDateImportField("as_of")
    period_start = whole_number_field("period_start")

    class Meta(RegistryResource.Meta):
        model = Figure
        use_bulk = True  # no many-to-many columns
        import_id_fields = ("key",)
        fields = (
            "key", "source", "locator", "metric", "topic", "zone", "incubator", "programme",
            "value", "upper_value", "unit", "printed", "qualifier", "as_of", "period_start",
            "quote", "notes",
        )  # fmt: skip
        export_order = fields


class ClaimResource(RegistryResource):
    required_columns = ("key", "zone", "field", "value", "source", "quote")

    zone = related_field("zone", Zone, "slug", "name")
    field = choice_field("field", Claim.Field.choices)
    standing = choice_field("standing", Claim.Standing.choices)
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Claim
        import_id_fields = ("key",)  # saved one by one: each save settles its zone's field
        fields = (
            "key", "zone", "field", "value", "printed", "standing", "source", "locator", "quote",
            "notes",
        )  # fmt: skip
        export_order = fields


class MilestoneResource(RegistryResource):
    required_columns = ("key", "happened", "title", "topic", "source")

    happened = VagueDateImportField("happened")
    topic = choice_field("topic", Topic.choices)
    zone = related_field("zone", Zone, "slug", "name")
    incubator = related_field("incubator", Incubator, "slug", "name")
    programme = related_field("programme", Programme, "slug", "short_name", "name")
    source = source_field()

    class Meta(RegistryResource.Meta):
        model = Milestone
        use_bulk = True  # no many-to-many columns
        import_id_fields = ("key",)
        fields = (
            "key", "happened", "title", "title_zh", "description", "topic", "zone", "incubator",
            "programme", "source", "locator", "notes",
        )  # fmt: skip
        export_order = fields
