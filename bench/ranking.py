"""Benchmark: cluster leaderboard and unit history at scale (issue 6 §7).

PostgreSQL database `bench_ranking` (dropped and recreated): 700 units in one ministry cluster over
three yearly terms, 50 criteria per covenant (5 groups × 10), 20 periods → 14,000 score sheets and
700,000 score lines loaded with COPY, plus 21,000 bonus/penalty adjustments.

Timed in the same run, medians over several runs:
- `ms`: the app's own selector `scoring.selectors.leaderboard(actor, term, period)` for one period
  (700 units: totals, group-1 sums for the tie-break chain, rank with ties, classification);
- `sql_ms`: a hand-written SQL query returning the same leaderboard from the same tables (the same
  columns, RANK() over the same tie-break chain, a window count marking true ties, CASE for bands);
- `raw_sql_ms` (information): hand-written SQL recomputing every total from the 35,000 lines and the
  adjustments of the period, used to check that the stored totals and both rankings agree;
- `history_ms`: `scoring.selectors.unit_history(actor, unit)` for one unit (20 periods, 3 years).

Last line: BENCH ranking ms=… sql_ms=… history_ms=… ratio=…
"""

import datetime
import io
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = os.environ.get("BENCH_DB_NAME", "bench_ranking")
UNITS, GROUPS, PER_GROUP, RUNS = 700, 5, 10, 25
YEARS = {2022: 7, 2023: 7, 2024: 6}  # periods per year: 20 in all


def fresh_database() -> str:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{DB_NAME}"


os.environ["DATABASE_URL"] = fresh_database()
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.setdefault("CONN_MAX_AGE", "600")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from thidua.emulation.models import (  # noqa: E402
    Covenant,
    CriteriaGroup,
    Criterion,
    CriterionMethod,
    EmulationPeriod,
    PeriodKind,
)
from thidua.organisation.models import (  # noqa: E402
    Cluster,
    ClusterLevel,
    ClusterMembership,
    ClusterTerm,
    Unit,
    UnitKind,
)
from thidua.scoring import rules, selectors, services  # noqa: E402

PERIOD_SPECS = [
    (PeriodKind.QUARTER, 1, 3),
    (PeriodKind.QUARTER, 2, 6),
    (PeriodKind.HALF_YEAR, 1, 6),
    (PeriodKind.QUARTER, 3, 9),
    (PeriodKind.NINE_MONTHS, 1, 9),
    (PeriodKind.QUARTER, 4, 12),
    (PeriodKind.YEAR, 1, 12),
]
PROVINCE_WORDS = ["Sóc Trăng", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Đồng Tháp", "Trà Vinh", "Hà Tĩnh"]


def copy_rows(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())


def load() -> dict:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    rng = random.Random(700)
    admin = get_user_model().objects.create(username="bench-admin", is_superuser=True, is_staff=True)
    ministry = Unit.objects.create(kind=UnitKind.MINISTRY, name="Bộ Công an", code="BCA")
    Unit.objects.bulk_create(
        [
            Unit(
                parent=ministry,
                kind=UnitKind.PROVINCIAL_POLICE,
                name=f"Công an đơn vị {PROVINCE_WORDS[i % 7]} {i:03d}",
                short_name=f"CA {i:03d}",
                code=f"BENCH-{i:03d}",
            )
            for i in range(UNITS)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organisation_unit SET path = %s || lpad(id::text, 6, '0') || '.', depth = 1 WHERE parent_id = %s",
            [ministry.path, ministry.pk],
        )
    units = list(Unit.objects.filter(parent=ministry).order_by("pk").values_list("pk", "name"))
    cluster = Cluster.objects.create(
        owner=ministry, level=ClusterLevel.MINISTRY, number=1, name="Cụm thi đua số 1"
    )

    criteria_by_term: dict[int, list[tuple[int, int, Decimal]]] = {}
    terms, periods = {}, []
    for year, count in YEARS.items():
        term = ClusterTerm.objects.create(cluster=cluster, year=year, leader_id=units[0][0])
        terms[year] = term
        ClusterMembership.objects.bulk_create(
            [
                ClusterMembership(
                    term=term, unit_id=pk, year=year, level=ClusterLevel.MINISTRY, owner=ministry
                )
                for pk, _name in units
            ]
        )
        covenant = Covenant.objects.create(term=term, status="signed")
        criteria = []
        for g in range(1, GROUPS + 1):
            group = CriteriaGroup.objects.create(
                covenant=covenant, order=g, code=f"{g}", title=f"Nội dung {g}"
            )
            made = Criterion.objects.bulk_create(
                [
                    Criterion(
                        group=group,
                        order=c,
                        code=f"{g}.{c}",
                        title=f"Tiêu chí {g}.{c}",
                        max_points=Decimal("2"),
                        method=CriterionMethod.MANUAL,
                    )
                    for c in range(1, PER_GROUP + 1)
                ]
            )
            criteria += [(c.pk, g, c.max_points) for c in made]
        criteria_by_term[term.pk] = criteria
        for kind, number, month in PERIOD_SPECS[:count]:
            end = datetime.date(year, month, 28)
            periods.append(
                EmulationPeriod(
                    owner=ministry,
                    year=year,
                    kind=kind,
                    number=number,
                    start_date=datetime.date(year, 1, 1),
                    end_date=end,
                    default_deadline=end + datetime.timedelta(days=10),
                )
            )
    periods = EmulationPeriod.objects.bulk_create(periods)
    config = services.config_for(owner=ministry)
    now = timezone.now().isoformat()

    sheet_rows, line_rows, adjustment_rows = [], [], []
    sheet_id = line_id = adjustment_id = 0
    for period in periods:
        term = terms[period.year]
        standings = []
        for unit_id, name in units:
            sheet_id += 1
            strength = rng.uniform(0.6, 1.0)
            points = []
            group1 = Decimal("0")
            for criterion_id, group_number, max_points in criteria_by_term[term.pk]:
                line_id += 1
                value = Decimal(min(4, max(0, round(rng.gauss(strength * 4, 0.8))))) / 2
                points.append(value)
                if group_number == 1:
                    group1 += value
                line_rows.append(
                    (
                        line_id,
                        sheet_id,
                        criterion_id,
                        group_number,
                        max_points,
                        "{}",
                        value,
                        "",
                        "",
                        "",
                        value,
                        "self",
                        now,
                        "",
                        1,
                    )
                )
            bonuses, penalties, serious = [], [], False
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                adjustment_id += 1
                kind = rng.choice(["bonus", "penalty"])
                amount = Decimal(rng.choice(["0.5", "1", "2", "3"]))
                is_serious = kind == "penalty" and rng.random() < 0.05
                serious = serious or is_serious
                (bonuses if kind == "bonus" else penalties).append(amount)
                adjustment_rows.append(
                    (
                        adjustment_id,
                        sheet_id,
                        kind,
                        amount,
                        "Điểm thưởng/điểm trừ (dữ liệu đo hiệu năng)",
                        "t" if is_serious else "f",
                        "",
                        now,
                        now,
                        "",
                    )
                )
            result = rules.total(points, bonuses, penalties, config.caps)
            standings.append(
                (
                    sheet_id,
                    rules.Standing(
                        unit_id=unit_id,
                        name=name,
                        total=result.total,
                        group_points={1: group1},
                        penalty=result.penalty,
                        penalty_count=len(penalties),
                        bonus=result.bonus,
                        serious_violation=serious,
                    ),
                    result,
                    sum(points, Decimal("0")),
                )
            )
        ranked = {r.standing.unit_id: r for r in rules.rank([s[1] for s in standings], config.chain)}
        for sid, standing, result, self_total in standings:
            flags = [rules.Flag.SERIOUS_VIOLATION] if standing.serious_violation else []
            band = rules.classify(
                result.total, flags=flags, thresholds=config.thresholds, flag_caps=config.flag_caps
            )
            sheet_rows.append(
                (
                    sid,
                    now,
                    now,
                    term.pk,
                    period.pk,
                    standing.unit_id,
                    "assessed",
                    "f",
                    result.criteria,
                    rules.quantize(self_total),
                    result.bonus_raw,
                    result.bonus,
                    result.penalty_raw,
                    result.penalty,
                    standing.penalty_count,
                    "t" if standing.serious_violation else "f",
                    result.total,
                    ranked[standing.unit_id].rank,
                    band.band.value,
                    "",
                )
            )
    generated = time.perf_counter()
    copy_rows(
        "scoring_scoresheet",
        [
            "id",
            "created_at",
            "updated_at",
            "term_id",
            "period_id",
            "unit_id",
            "status",
            "is_locked",
            "criteria_total",
            "self_total",
            "bonus_raw",
            "bonus_points",
            "penalty_raw",
            "penalty_points",
            "penalty_count",
            "serious_violation",
            "total",
            "rank",
            "band",
            "assessed_as",
        ],
        sheet_rows,
    )
    copy_rows(
        "scoring_scoreline",
        [
            "id",
            "sheet_id",
            "criterion_id",
            "group_number",
            "max_points",
            "auto_detail",
            "self_points",
            "self_note",
            "proposed_note",
            "difference_reason",
            "points",
            "source",
            "updated_at",
            "assessed_as",
            "version",
        ],
        line_rows,
    )
    copy_rows(
        "scoring_adjustment",
        [
            "id",
            "sheet_id",
            "kind",
            "points",
            "reason",
            "is_serious_violation",
            "evidence",
            "created_at",
            "updated_at",
            "created_as",
        ],
        adjustment_rows,
    )
    with connection.cursor() as cursor:
        for table in ("scoring_scoresheet", "scoring_scoreline", "scoring_adjustment"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    loaded = time.perf_counter()
    print(
        f"loaded {len(sheet_rows):,} sheets, {len(line_rows):,} score lines, {len(adjustment_rows):,} adjustments "
        f"(migrate {migrated - started:.1f}s, generate {generated - migrated:.1f}s, COPY {loaded - generated:.1f}s)"
    )
    last = periods[-1]
    return {"admin": admin, "term": terms[last.year], "period": last, "unit_id": units[350][0]}


LEADERBOARD_SQL = """
WITH g AS (
    SELECT l.sheet_id, SUM(l.points) AS g1
    FROM scoring_scoreline l JOIN scoring_scoresheet s ON s.id = l.sheet_id
    WHERE s.term_id = %(term)s AND s.period_id = %(period)s AND l.group_number = 1
    GROUP BY l.sheet_id
), r AS (
    SELECT s.id, s.unit_id, u.name, u.short_name, s.criteria_total, s.self_total, s.bonus_points,
           s.penalty_points, s.penalty_count, s.total, s.serious_violation, s.status, COALESCE(g.g1, 0) AS g1
    FROM scoring_scoresheet s
    JOIN organisation_unit u ON u.id = s.unit_id
    LEFT JOIN g ON g.sheet_id = s.id
    WHERE s.term_id = %(term)s AND s.period_id = %(period)s
)
SELECT unit_id, name, total,
       RANK() OVER (ORDER BY total DESC, g1 DESC, penalty_points ASC, penalty_count ASC) AS rank,
       CASE WHEN total >= 90 THEN CASE WHEN serious_violation THEN 'good' ELSE 'excellent' END
            WHEN total >= 80 THEN 'good' WHEN total >= 65 THEN 'fair' WHEN total >= 50 THEN 'average'
            ELSE 'weak' END AS band,
       COUNT(*) OVER (PARTITION BY total, g1, penalty_points, penalty_count) > 1 AS tied,
       id, short_name, criteria_total, self_total, bonus_points, penalty_points, penalty_count, serious_violation,
       status, g1
FROM r
ORDER BY rank, name, unit_id
"""

RAW_SQL = """
WITH sheets AS (
    SELECT id, unit_id FROM scoring_scoresheet WHERE term_id = %(term)s AND period_id = %(period)s
), l AS (
    SELECT sheet_id, SUM(points) AS criteria, COALESCE(SUM(points) FILTER (WHERE group_number = 1), 0) AS g1
    FROM scoring_scoreline WHERE sheet_id IN (SELECT id FROM sheets) GROUP BY sheet_id
), a AS (
    SELECT sheet_id,
           LEAST(COALESCE(SUM(points) FILTER (WHERE kind = 'bonus'), 0), 5) AS bonus,
           LEAST(COALESCE(SUM(points) FILTER (WHERE kind = 'penalty'), 0), 10) AS penalty,
           COUNT(*) FILTER (WHERE kind = 'penalty') AS penalty_count
    FROM scoring_adjustment WHERE sheet_id IN (SELECT id FROM sheets) GROUP BY sheet_id
), t AS (
    SELECT s.unit_id, l.g1, l.criteria + COALESCE(a.bonus, 0) - COALESCE(a.penalty, 0) AS total,
           COALESCE(a.penalty, 0) AS penalty, COALESCE(a.penalty_count, 0) AS penalty_count
    FROM sheets s JOIN l ON l.sheet_id = s.id LEFT JOIN a ON a.sheet_id = s.id
)
SELECT unit_id, total, RANK() OVER (ORDER BY total DESC, g1 DESC, penalty ASC, penalty_count ASC) AS rank FROM t
"""

HISTORY_SQL = """
SELECT s.id, p.year, p.kind, p.number, s.total, s.rank, s.band,
       (SELECT COUNT(*) FROM organisation_clustermembership m WHERE m.term_id = s.term_id) AS members
FROM scoring_scoresheet s
JOIN emulation_emulationperiod p ON p.id = s.period_id
WHERE s.unit_id = %(unit)s
ORDER BY p.year DESC, p.end_date DESC
"""


def timed(*functions, runs: int = RUNS) -> list[tuple[float, object]]:
    """Median time of each function; runs are interleaved so that both sides see the same machine load."""
    results = [function() for function in functions]  # warm-up (plans, caches)
    samples: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            results[index] = function()
            samples[index].append((time.perf_counter() - start) * 1000)
    return [(statistics.median(s), r) for s, r in zip(samples, results, strict=True)]


def run_sql(sql: str, params: dict):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def main() -> None:
    data = load()
    actor, term, period = data["admin"], data["term"], data["period"]
    unit = Unit.objects.get(pk=data["unit_id"])
    params = {"term": term.pk, "period": period.pk, "unit": unit.pk}

    (app_ms, rows), (sql_ms, sql_rows) = timed(
        lambda: selectors.leaderboard(actor=actor, term=term, period=period),
        lambda: run_sql(LEADERBOARD_SQL, params),
    )
    ((raw_ms, raw_rows),) = timed(lambda: run_sql(RAW_SQL, params), runs=5)
    (history_ms, history), (history_sql_ms, history_sql) = timed(
        lambda: list(selectors.unit_history(actor=actor, unit=unit)),
        lambda: run_sql(HISTORY_SQL, params),
    )

    app_ranks = {row.unit_id: row.rank for row in rows}
    app_bands = {row.unit_id: row.band for row in rows}
    assert len(app_ranks) == UNITS, len(app_ranks)
    assert app_ranks == {r[0]: r[3] for r in sql_rows}, "app and hand-written SQL rankings differ"
    assert app_bands == {r[0]: r[4] for r in sql_rows}, "app and hand-written SQL bands differ"
    assert {row.unit_id: row.tied for row in rows} == {r[0]: r[5] for r in sql_rows}, "tie marks differ"
    assert app_ranks == {r[0]: r[2] for r in raw_rows}, "ranking from raw score lines differs"
    assert {row.unit_id: row.total for row in rows} == {r[0]: r[1] for r in raw_rows}, "stored totals differ"
    assert [s.pk for s in history] == [r[0] for r in history_sql] and len(history) == 20
    assert [(s.rank, s.member_count) for s in history] == [(r[5], r[7]) for r in history_sql]
    ties = sum(1 for row in rows if row.tied)
    by_chain = sum(1 for row in rows if row.decided_by and row.decided_by != "total")

    print(f"leaderboard of {len(rows)} units ({ties} in true ties, {by_chain} placed by the tie-break chain)")
    print(f"  app selector         median {app_ms:8.2f} ms over {RUNS} runs (interleaved with the SQL runs)")
    print(f"  hand-written SQL     median {sql_ms:8.2f} ms (same tables, RANK() over the same chain)")
    print(f"  raw SQL from lines   median {raw_ms:8.2f} ms (recomputes totals from 35,000 lines; check only)")
    print(f"unit history ({len(history)} periods, 3 years)")
    print(f"  app selector         median {history_ms:8.2f} ms; hand-written SQL {history_sql_ms:.2f} ms")
    print("rankings identical: app selector = hand-written SQL = raw SQL from score lines")
    print(
        f"BENCH ranking ms={app_ms:.2f} sql_ms={sql_ms:.2f} history_ms={history_ms:.2f} ratio={app_ms / sql_ms:.2f}"
    )


if __name__ == "__main__":
    main()
