"""Each rule is checked twice: model validation explains it in plain words on the field at
fault, and the database refuses the bad row even when validation is bypassed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from figures.models import Figure, Milestone
from incubators.models import Company, Incubator
from innofund.models import Programme, Project
from zones.models import Province, Zone, ZoneStatistics


def assert_invalid(instance, field, message):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert any(message in text for text in caught.value.message_dict[field])


def assert_refused_by_database(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": 120, "unit": "percent"}, "value", "percentage from 0 to 100"),
        ({"value": -1}, "value", "Only a growth rate can be negative"),
        ({"value": Decimal("10.5")}, "value", "whole number"),
        ({"upper_value": 400}, "upper_value", "upper end must be above"),
        ({"topic": "programme"}, "programme", "Name the programme"),
        (
            {"as_of_on": datetime.date(2006, 5, 17), "as_of_precision": "year"},
            "as_of_on",
            "1 January",
        ),
        ({"as_of_on": datetime.date(2006, 1, 1)}, "as_of_precision", "how precise"),
        ({"period_start": 1900}, "period_start", "from 1949"),
    ],
)
def test_a_bad_figure_is_explained_on_the_field_at_fault(figure_values, changes, field, message):
    assert_invalid(Figure(**{**figure_values, **changes}), field, message)


@pytest.mark.parametrize(
    "changes",
    [
        {"value": 120, "unit": "percent"},
        {"value": -1},
        {"upper_value": 400},
        {"topic": "programme"},
        {"as_of_on": datetime.date(2006, 5, 17), "as_of_precision": "month"},
        {"as_of_on": datetime.date(2006, 1, 1)},
    ],
)
def test_the_database_refuses_a_bad_figure(figure_values, changes):
    assert_refused_by_database(Figure(**{**figure_values, **changes}))


def test_a_growth_rate_may_be_negative_and_a_good_figure_saves(figure_values):
    figure = Figure(**{**figure_values, "unit": "growth_percent", "value": Decimal("-3.5")})
    figure.full_clean()
    figure.save()
    assert Figure.objects.get().display_value() == "more than -3.5%"


def test_a_figure_reads_as_the_source_says_it(figure_values):
    figure = Figure(**{**figure_values, "value": 30000})
    assert figure.display_value() == "more than 30,000"
    figure = Figure(**{**figure_values, "value": 5300000000, "unit": "cny", "qualifier": "exact"})
    assert figure.display_value() == "5.3 billion yuan"
    figure = Figure(**{**figure_values, "value": 5740000, "qualifier": "exact"})
    assert figure.display_value() == "5.74 million"
    figure = Figure(**{**figure_values, "value": 2, "upper_value": 3, "qualifier": "target"})
    assert figure.display_value() == "target 2–3"


def test_a_figure_without_its_own_date_takes_its_sources(figure_values):
    figure = Figure(**figure_values)
    assert str(figure.as_of) == "2020"


def test_a_zone_in_china_needs_its_province(source):
    assert_invalid(Zone(kind="stip", name="Nowhere Zone", source=source), "province", "province")
    Zone(kind="overseas_park", name="China Torch (Singapore) Innovation Center").full_clean()


def test_a_zone_cannot_lie_inside_itself(zone, province):
    base = Zone.objects.create(kind="specialized_base", name="Base", province=province, parent=zone)
    zone.parent = base
    assert_invalid(zone, "parent", "inside itself")
    zone.parent = zone
    assert_refused_by_database(zone)


def test_a_vague_date_keeps_no_invented_day(zone):
    zone.approved_on, zone.approved_precision = datetime.date(1988, 5, 17), "month"
    assert_invalid(zone, "approved_on", "1st of that month")
    assert_refused_by_database(zone)
    zone.approved_on = datetime.date(1988, 5, 1)
    zone.full_clean()
    zone.save()
    assert str(Zone.objects.get(pk=zone.pk).vague_date("approved")) == "May 1988"


def test_a_zone_slug_is_made_from_its_name_and_kept_unique(province):
    first = Zone.objects.create(kind="stip", name="Xi'an Zone", province=province)
    second = Zone.objects.create(kind="software_park", name="Xi'an Zone", province=province)
    assert (first.slug, second.slug) == ("xian-zone", "xian-zone-2")


def test_one_row_of_statistics_a_zone_a_year(zone, source):
    ZoneStatistics.objects.create(zone=zone, year=2006, enterprises=10, source=source)
    duplicate = ZoneStatistics(zone=zone, year=2006, enterprises=12, source=source)
    with pytest.raises(ValidationError, match="already has statistics for this year"):
        duplicate.full_clean()
    assert_refused_by_database(duplicate)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"revenue": Decimal("-5")}, "revenue", "cannot be negative"),
        ({"employees": -3}, "employees", "greater than or equal to 0"),
        ({"year": 1900}, "year", "from 1949"),
    ],
)
def test_bad_statistics_are_explained(zone, source, changes, field, message):
    row = ZoneStatistics(**{"zone": zone, "year": 2006, "source": source, **changes})
    assert_invalid(row, field, message)


def test_the_database_refuses_negative_amounts(zone, source):
    assert_refused_by_database(
        ZoneStatistics(zone=zone, year=2006, source=source, revenue=Decimal("-5"))
    )
    assert_refused_by_database(ZoneStatistics(zone=zone, year=2006, source=source, employees=-3))


def test_a_province_code_follows_gbt_2260(db):
    assert_invalid(Province(code="11", name="Beijing", region="east"), "code", "six-digit")


def test_company_rules(province):
    incubator = Incubator.objects.create(name="Test Incubator", province=province)
    company = Company(name="Test Co", graduated_on=datetime.date(2005, 1, 1))
    company.graduated_precision = "year"
    assert_invalid(company, "incubator", "incubator it left")
    company.incubator = incubator
    company.stock_code = "600000"
    assert_invalid(company, "listed_exchange", "which exchange")
    company.listed_exchange = Company.Exchange.SSE
    company.full_clean()


def test_a_project_takes_its_companys_province_and_refuses_negative_amounts(province):
    innofund = Programme.objects.create(name="Innofund")
    company = Company.objects.create(name="Test Co", province=province)
    project = Project.objects.create(
        name="Test grant", programme=innofund, company=company, year=2005, amount=Decimal("1")
    )
    assert project.province == province
    project.amount = Decimal("-1")
    assert_invalid(project, "amount", "cannot be negative")
    assert_refused_by_database(project)


def test_a_milestone_about_a_programme_names_it(source):
    milestone = Milestone(key="m", title="Launch", topic="programme", source=source)
    assert_invalid(milestone, "programme", "Name the programme")
