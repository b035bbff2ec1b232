"""Synthetic registry data at national scale, for benchmarks only.

Every record cites the source "synthetic-benchmark-data" and its name starts with "Synthetic",
so nobody can take it for the documents' data; the generator refuses a database that already
holds registry records. Rows go in by PostgreSQL's COPY (plain INSERTs elsewhere), with their
ids given, in dependency order; history is not written for them.
"""

import datetime
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from core.models import Publication
from core.registry import changing_models, registry_models
from figures.models import Figure, Metric, Source, Topic
from incubators.models import Company, Incubator, IncubatorStatistics
from innofund.models import Programme, Project
from portal.loading import load_records, read_fixture
from zones.models import Province, Sector, Zone, ZoneStatistics

SOURCE_KEY = "synthetic-benchmark-data"
# The full scale the registry is expected to reach (issue #8); --scale multiplies it.
FULL_SCALE = {
    "zones": 2_000,
    "incubators": 20_000,
    "companies": 500_000,
    "projects": 200_000,
    "figures": 50_000,
}
ZONE_YEARS, INCUBATOR_YEARS = 40, 20
LAST_YEAR = 2024

WORDS = [
    ("Jade", "翠玉"), ("Aurora", "极光"), ("Summit", "峰汇"), ("Harbor", "港湾"), ("Pine", "青松"),
    ("River", "江河"), ("Crystal", "晶石"), ("Phoenix", "凤凰"), ("Lotus", "莲花"), ("Golden", "金鼎"),
    ("Silver", "银河"), ("Eastern", "东方"), ("Western", "西部"), ("Northern", "北方"),
    ("Southern", "南方"), ("Great Wall", "长城"), ("Yangtze", "长江"), ("Pearl", "明珠"),
    ("Bamboo", "翠竹"), ("Cloud", "云端"), ("Star", "星辰"), ("Ocean", "海洋"), ("Maple", "枫叶"),
    ("Orchid", "兰花"), ("Crane", "仙鹤"), ("Dragon", "龙腾"), ("Tiger", "虎跃"), ("Unicorn", "麒麟"),
    ("Spring", "春晖"), ("Autumn", "金秋"),
]  # fmt: skip
FIELDS = [
    ("Photonics", "光电"), ("Software", "软件"), ("Biotech", "生物"), ("Semiconductor", "半导体"),
    ("Robotics", "机器人"), ("New Energy", "新能源"), ("Materials", "新材料"), ("Medical", "医疗"),
    ("Networks", "网络"), ("Aerospace", "航天"), ("Sensors", "传感"), ("Data", "数据"),
    ("Automation", "自动化"), ("Batteries", "电池"), ("Optics", "光学"), ("Pharma", "医药"),
    ("Chips", "芯片"), ("Cloud Computing", "云计算"), ("Drones", "无人机"), ("Instruments", "仪器"),
]  # fmt: skip
FORMS = [("Technology Co.", "科技有限公司"), ("Systems Ltd.", "系统有限公司"),
         ("Innovation Co.", "创新有限公司"), ("Industries", "实业有限公司")]  # fmt: skip


@dataclass
class Report:
    counts: dict
    seconds: float

    def summary(self) -> str:
        rows = ", ".join(f"{name} {count:,}" for name, count in self.counts.items())
        return f"Synthetic data written in {self.seconds:.1f} s: {rows}."


class DatabaseNotEmpty(Exception):
    pass


def insert_rows(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """Write rows into a model's table: COPY on PostgreSQL, batched INSERTs elsewhere. Fields
    not in `columns` get their default (NULL, the field's default, "" or now) for every row."""
    now = timezone.now()
    given = set(columns)
    rest = []
    for field in model._meta.concrete_fields:
        if field.attname in given or field.primary_key:
            continue  # an id not given is the database's to assign
        if field.null:
            value = None
        elif field.has_default():
            value = field.get_default()
        elif isinstance(field, models.DateTimeField):
            value = now
        else:
            value = ""
        rest.append((field.column, value))
    names = [model._meta.get_field(name).column for name in columns] + [name for name, _ in rest]
    constants = tuple(value for _, value in rest)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + constants)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})"
            batch = []
            for row in rows:
                batch.append(row + constants)
                if len(batch) == 5_000:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def registry_is_empty() -> bool:
    return not any(model.objects.exists() for model in registry_models())


def generate(scale: float = 1.0, seed: int = 8) -> Report:
    """Fill an empty registry with synthetic records at `scale` times the full scale."""
    if not registry_is_empty():
        raise DatabaseNotEmpty(
            "This database already holds registry records. Synthetic data goes into a database "
            "of its own: set DATABASE_URL to an empty one (make bench uses torchportal_bench)."
        )
    started = time.monotonic()
    sizes = {name: max(1, round(count * scale)) for name, count in FULL_SCALE.items()}
    builder = _Builder(random.Random(seed), sizes)
    with transaction.atomic():
        counts = builder.write()
        _reset_sequences()
    return Report(counts, time.monotonic() - started)


def _reset_sequences():
    """Ids were given: the sequences carry on after the highest."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(changing_models())):
            cursor.execute(sql)


class _Builder:
    """Draws the records; ids are given, so relations are drawn as plain numbers."""

    def __init__(self, rng: random.Random, sizes: dict):
        self.rng, self.sizes = rng, sizes

    def write(self) -> dict:
        counts = {}
        self._reference_data()
        self.source_id = self._source()
        # The mainland's 31: the registry holds no data for Taiwan, Hong Kong or Macau.
        self.province_ids = list(Province.objects.exclude(region="").values_list("id", flat=True))
        self.cities = {p.id: p.name for p in Province.objects.all()}
        for name, step in [
            ("sectors", self._sectors),
            ("metrics", self._metrics),
            ("zones", self._zones),
            ("zone statistics", self._zone_statistics),
            ("incubators", self._incubators),
            ("incubator statistics", self._incubator_statistics),
            ("companies", self._companies),
            ("programmes", self._programmes),
            ("projects", self._projects),
            ("figures", self._figures),
        ]:
            counts[name] = step()
        return counts

    def _reference_data(self):
        """The provinces (GB/T 2260), real reference data the maps and filters need."""
        load_records({"provinces": read_fixture()["provinces"]})

    def _source(self) -> int:
        source = Source.objects.create(
            key=SOURCE_KEY,
            title="Synthetic benchmark data (not real: generated by manage.py generate_synthetic)",
            short_title="Synthetic data",
            publisher="Torch Portal benchmark",
            kind=Source.Kind.DATASET,
            notes="Made-up records for load tests. Never cite them.",
        )
        return source.id

    def _name(self, number: int, kind: str, kind_zh: str) -> tuple[str, str]:
        word, word_zh = self.rng.choice(WORDS)
        field, field_zh = self.rng.choice(FIELDS)
        return (
            f"Synthetic {word} {field} {kind} {number}",
            f"合成{word_zh}{field_zh}{kind_zh}{number}",
        )

    def _date(self, first_year: int) -> tuple[datetime.date, str]:
        year = self.rng.randint(first_year, LAST_YEAR)
        if self.rng.random() < 0.5:
            return datetime.date(year, 1, 1), "year"
        return datetime.date(year, self.rng.randint(1, 12), 1), "month"

    def _sectors(self) -> int:
        self.sector_ids = list(range(1, len(FIELDS) + 1))
        rows = (
            (i, f"Synthetic {name}", f"合成{zh}", f"synthetic-{i}", self.source_id)
            for i, (name, zh) in enumerate(FIELDS, start=1)
        )
        return insert_rows(Sector, ["id", "name", "name_zh", "slug", "source_id"], rows)

    def _metrics(self) -> int:
        self.metric_ids = list(range(1, 51))
        rows = (
            (i, f"synthetic-metric-{i}", f"Synthetic metric {i}", f"合成指标{i}")
            for i in self.metric_ids
        )
        return insert_rows(Metric, ["id", "key", "name", "name_zh"], rows)

    def _zones(self) -> int:
        count = self.sizes["zones"]
        self.zone_ids = list(range(1, count + 1))
        kinds = [Zone.Kind.STIP] * 3 + [Zone.Kind.SPECIALIZED_BASE] * 4 + [
            Zone.Kind.SOFTWARE_PARK, Zone.Kind.INDUSTRIAL_CLUSTER, Zone.Kind.EXPORT_BASE,
        ]  # fmt: skip
        self.zone_province = {}

        def rows() -> Iterator[tuple]:
            for i in self.zone_ids:
                name, name_zh = self._name(i, "Zone", "园区")
                province = self.rng.choice(self.province_ids)
                self.zone_province[i] = province
                approved, precision = self._date(1988)
                yield (i, name, name_zh, f"synthetic-zone-{i}", self.rng.choice(kinds), province,
                       self.cities[province], approved, precision, self.source_id,
                       Publication.PUBLISHED)  # fmt: skip

        written = insert_rows(
            Zone,
            ["id", "name", "name_zh", "slug", "kind", "province_id", "city", "approved_on",
             "approved_precision", "source_id", "publication"],
            rows(),
        )  # fmt: skip
        insert_rows(
            Zone.sectors.through,
            ["zone_id", "sector_id"],
            ((zone, sector) for zone in self.zone_ids
             for sector in self.rng.sample(self.sector_ids, 2)),
        )  # fmt: skip
        return written

    def _zone_statistics(self) -> int:
        def rows() -> Iterator[tuple]:
            for zone in self.zone_ids:
                enterprises = self.rng.randint(20, 400)
                for year in range(LAST_YEAR - ZONE_YEARS + 1, LAST_YEAR + 1):
                    enterprises = int(enterprises * self.rng.uniform(1.0, 1.12))
                    yield (zone, year, enterprises, enterprises // 5, enterprises * 40,
                           Decimal(enterprises) * 2_000_000, self.source_id)  # fmt: skip

        return insert_rows(
            ZoneStatistics,
            ["zone_id", "year", "enterprises", "high_tech_enterprises", "employees", "revenue",
             "source_id"],
            rows(),
        )  # fmt: skip

    def _incubators(self) -> int:
        count = self.sizes["incubators"]
        self.incubator_ids = list(range(1, count + 1))
        self.incubator_zone = {}

        def rows() -> Iterator[tuple]:
            for i in self.incubator_ids:
                name, name_zh = self._name(i, "Incubator", "孵化器")
                zone = self.rng.choice(self.zone_ids)
                self.incubator_zone[i] = zone
                province = self.zone_province[zone]
                founded, precision = self._date(1987)
                yield (i, name, name_zh, f"synthetic-incubator-{i}", Incubator.Kind.TBI, zone,
                       province, self.cities[province], founded, precision, self.source_id,
                       Publication.PUBLISHED)  # fmt: skip

        written = insert_rows(
            Incubator,
            ["id", "name", "name_zh", "slug", "kind", "host_zone_id", "province_id", "city",
             "founded_on", "founded_precision", "source_id", "publication"],
            rows(),
        )  # fmt: skip
        insert_rows(
            Incubator.sectors.through,
            ["incubator_id", "sector_id"],
            ((i, self.rng.choice(self.sector_ids)) for i in self.incubator_ids),
        )
        return written

    def _incubator_statistics(self) -> int:
        def rows() -> Iterator[tuple]:
            for incubator in self.incubator_ids:
                tenants = self.rng.randint(5, 80)
                for year in range(LAST_YEAR - INCUBATOR_YEARS + 1, LAST_YEAR + 1):
                    tenants = int(tenants * self.rng.uniform(0.95, 1.1)) + 1
                    yield (incubator, year, tenants, tenants // 6, tenants * 12, self.source_id)

        return insert_rows(
            IncubatorStatistics,
            ["incubator_id", "year", "tenants", "graduated_companies", "employees", "source_id"],
            rows(),
        )

    def _companies(self) -> int:
        count = self.sizes["companies"]
        self.company_ids = list(range(1, count + 1))
        self.company_province = {}

        def rows() -> Iterator[tuple]:
            for i in self.company_ids:
                word, word_zh = self.rng.choice(WORDS)
                field, field_zh = self.rng.choice(FIELDS)
                form, form_zh = self.rng.choice(FORMS)
                incubator = self.rng.choice(self.incubator_ids)
                zone = self.incubator_zone[incubator]
                province = self.zone_province[zone]
                self.company_province[i] = province
                yield (i, f"Synthetic {word} {field} {form} {i}",
                       f"合成{word_zh}{field_zh}{form_zh}{i}", f"synthetic-company-{i}", zone,
                       incubator, province, self.cities[province], self.source_id,
                       Publication.PUBLISHED)  # fmt: skip

        return insert_rows(
            Company,
            ["id", "name", "name_zh", "slug", "zone_id", "incubator_id", "province_id", "city",
             "source_id", "publication"],
            rows(),
        )  # fmt: skip

    def _programmes(self) -> int:
        self.programme_ids = list(range(1, 21))
        rows = (
            (
                i,
                f"Synthetic programme {i}",
                f"合成计划{i}",
                f"synthetic-programme-{i}",
                self.source_id,
            )
            for i in self.programme_ids
        )
        return insert_rows(Programme, ["id", "name", "name_zh", "slug", "source_id"], rows)

    def _projects(self) -> int:
        def rows() -> Iterator[tuple]:
            for i in range(1, self.sizes["projects"] + 1):
                company = self.rng.choice(self.company_ids)
                yield (i, f"Synthetic project {i}", f"合成项目{i}", f"synthetic-project-{i}",
                       f"S{i:07d}", self.rng.choice(self.programme_ids), company,
                       self.rng.choice(self.sector_ids), self.company_province[company],
                       self.rng.randint(1999, LAST_YEAR),
                       Decimal(self.rng.randrange(100_000, 2_000_000, 10_000)), self.source_id,
                       Publication.PUBLISHED)  # fmt: skip

        return insert_rows(
            Project,
            ["id", "name", "name_zh", "slug", "code", "programme_id", "company_id", "sector_id",
             "province_id", "year", "amount", "source_id", "publication"],
            rows(),
        )  # fmt: skip

    def _figures(self) -> int:
        topics = [Topic.STIP, Topic.TBI, Topic.SPECIALIZED_BASE, Topic.SOFTWARE_PARK]

        def rows() -> Iterator[tuple]:
            for i in range(1, self.sizes["figures"] + 1):
                zone = self.rng.choice(self.zone_ids) if self.rng.random() < 0.5 else None
                as_of, precision = self._date(1990)
                yield (i, f"synthetic-figure-{i}", self.source_id, self.rng.choice(self.metric_ids),
                       self.rng.choice(topics), zone, Decimal(self.rng.randint(1, 100_000)),
                       Figure.Unit.COUNT, as_of, precision, "Synthetic: no document says this.",
                       Publication.PUBLISHED)  # fmt: skip

        return insert_rows(
            Figure,
            ["id", "key", "source_id", "metric_id", "topic", "zone_id", "value", "unit",
             "as_of_on", "as_of_precision", "quote", "publication"],
            rows(),
        )  # fmt: skip
