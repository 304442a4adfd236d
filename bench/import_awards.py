"""Benchmark: the app's Excel import of commendation lists into PostgreSQL, with full validation,
next to (a) django-import-export importing the same rows into the same model (the peer, timed on the
first 20,000 rows) and (b) python-calamine read + PostgreSQL COPY with no validation (the limit).

Run from the repo root: .venv/bin/python bench/import_awards.py
Uses its own database bench_import_awards (dropped and recreated) on 127.0.0.1.
"""

import datetime
import io
import os
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DB_NAME = "bench_import_awards"
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
PEER_ROWS = min(ROWS, int(os.environ.get("BENCH_PEER_ROWS", "20000")))


def recreate_database() -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgres://") + f"/{DB_NAME}"


os.environ["DATABASE_URL"] = recreate_database()
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"  # DEBUG off, in-memory file storage

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402
from tablib import Dataset  # noqa: E402

from thidua.accounts.models import User  # noqa: E402
from thidua.awards import catalogue  # noqa: E402
from thidua.awards.models import AwardRecord, AwardType, RecipientKind, RecordSource, Track  # noqa: E402
from thidua.awards.services import importing  # noqa: E402
from thidua.core.text import fold  # noqa: E402
from thidua.organisation.models import Unit, UnitKind  # noqa: E402

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Quốc"]
GIVENS = [
    "Hùng",
    "Dũng",
    "Thắng",
    "Lợi",
    "Hương",
    "Lan",
    "Tuấn",
    "Hải",
    "Nam",
    "Bình",
    "Cường",
    "Phúc",
    "Thảo",
    "Trang",
    "Hiếu",
    "Đạt",
    "Khánh",
    "Long",
    "Quân",
    "Sơn",
]
RANKS = ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá"]
POSITIONS = ["Cán bộ", "Phó Đội trưởng", "Đội trưởng", "Phó Trưởng phòng", "Trưởng Công an xã"]
AWARDS = ["GK-GD-CN", "BK-BCA-CN", "BK-UBND-CN", "CSTT", "CSTDCS"]
ACHIEVEMENTS = [
    "Có thành tích xuất sắc trong đấu tranh phòng, chống tội phạm ma túy",
    "Hoàn thành xuất sắc nhiệm vụ bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán",
    "Có thành tích trong phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    "Cứu nạn, cứu hộ trong mưa lũ tại các huyện miền núi",
    "Triển khai Đề án 06 về cấp căn cước và định danh điện tử",
]


def setup_data() -> tuple[User, Unit, list[str]]:
    call_command("migrate", verbosity=0)
    catalogue.seed()
    ministry = Unit.objects.create(kind=UnitKind.MINISTRY, name="Bộ Công an", short_name="BCA", code="BCA")
    codes = []
    for n in range(63):
        unit = Unit.objects.create(
            parent=ministry,
            kind=UnitKind.PROVINCIAL_POLICE,
            name=f"Công an tỉnh Thử Nghiệm {n:02d}",
            code=f"CA-T{n:02d}",
        )
        codes.append(unit.code)
    admin = User.objects.create_superuser("bench", password="bench-only-password")  # noqa: S106
    return admin, ministry, codes


def generate(path: Path, rows: int, codes: list[str]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(importing.SHEET_NAME)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, importing.COLUMNS)
    start = datetime.datetime(2024, 1, 2)
    for i in range(rows):
        combo = (i * 919) % 1000
        name = f"{FAMILIES[combo % 10]} {MIDDLES[(combo // 10) % 5]} {GIVENS[(combo // 50) % 20]}"
        block = i // 50
        award = AWARDS[block % len(AWARDS)]
        r = i + 1
        sheet.write_number(r, 0, r)
        sheet.write_string(r, 1, award)
        sheet.write_string(r, 2, "Giám đốc Công an tỉnh")
        sheet.write_string(r, 3, f"{block + 1}/QĐ-CAT")
        sheet.write_datetime(r, 4, start + datetime.timedelta(days=block % 300), date_format)
        sheet.write_number(r, 5, 2024)
        sheet.write_string(r, 6, codes[block % len(codes)])
        sheet.write_string(r, 7, "Cá nhân")
        sheet.write_string(r, 8, name)
        sheet.write_string(r, 9, RANKS[i % len(RANKS)])
        sheet.write_string(r, 10, POSITIONS[i % len(POSITIONS)])
        sheet.write_string(r, 11, "Thường xuyên")
        sheet.write_string(r, 12, f"{ACHIEVEMENTS[i % len(ACHIEVEMENTS)]} năm 2024")
    workbook.close()


def truncate() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {AwardRecord._meta.db_table}")  # noqa: S608


# -- the app ---------------------------------------------------------------------------------------


def time_app(content: bytes, admin: User, scope: Unit) -> float:
    started = time.perf_counter()  # the arrival checks, storing the file, and the task run on commit
    job = importing.job_create(actor=admin, scope=scope, name="danh-sach.xlsx", content=content)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "done", job.errors[:5]
    assert AwardRecord.objects.count() == ROWS
    return elapsed


# -- the limit: calamine + COPY, no validation -----------------------------------------------------


def time_limit(content: bytes) -> float:
    started = time.perf_counter()
    awards = dict(AwardType.objects.values_list("code", "pk"))
    units = dict(Unit.objects.values_list("code", "pk"))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(content))
        .get_sheet_by_name(importing.SHEET_NAME)
        .to_python()[1:]
    )
    import uuid

    from django.utils import timezone

    now = timezone.now()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {AwardRecord._meta.db_table} ({', '.join(importing.COPY_COLUMNS)}) FROM STDIN"  # noqa: S608
        ) as copy,
    ):
        for row in rows:
            copy.write_row(
                (
                    uuid.uuid4(),
                    awards[row[1]],
                    int(row[5]),
                    RecipientKind.INDIVIDUAL,
                    units[row[6]],
                    None,
                    row[8],
                    row[8],
                    row[9],
                    row[10],
                    row[3],
                    row[4],
                    row[2],
                    Track.REGULAR,
                    row[12],
                    "",
                    RecordSource.IMPORT,
                    None,
                    "",
                    now,
                )
            )
    elapsed = time.perf_counter() - started
    assert AwardRecord.objects.count() == ROWS
    return elapsed


# -- the peer: django-import-export ----------------------------------------------------------------


class ChoiceWidget(widgets.Widget):
    def __init__(self, mapping):
        super().__init__()
        self.mapping = mapping

    def clean(self, value, row=None, **kwargs):
        return self.mapping[fold(str(value))]


class AwardRecordResource(resources.ModelResource):
    award_type = fields.Field(
        "award_type", "Hình thức khen thưởng", widgets.ForeignKeyWidget(AwardType, "code")
    )
    authority = fields.Field("authority", "Cấp quyết định")
    decision_number = fields.Field("decision_number", "Số quyết định")
    decision_date = fields.Field("decision_date", "Ngày quyết định", widgets.DateWidget("%d/%m/%Y"))
    year = fields.Field("year", "Năm", widgets.IntegerWidget())
    unit = fields.Field("unit", "Mã đơn vị", widgets.ForeignKeyWidget(Unit, "code"))
    recipient_kind = fields.Field(
        "recipient_kind",
        "Đối tượng",
        ChoiceWidget({"ca nhan": RecipientKind.INDIVIDUAL, "tap the": RecipientKind.COLLECTIVE}),
    )
    recipient_name = fields.Field("recipient_name", "Họ và tên / Tên tập thể")
    rank = fields.Field("rank", "Cấp bậc")
    position = fields.Field("position", "Chức vụ")
    track = fields.Field("track", "Loại hình", ChoiceWidget({"thuong xuyen": Track.REGULAR}))
    achievement = fields.Field("achievement", "Thành tích")

    class Meta:
        model = AwardRecord
        fields = (
            "award_type",
            "authority",
            "decision_number",
            "decision_date",
            "year",
            "unit",
            "recipient_kind",
            "recipient_name",
            "rank",
            "position",
            "track",
            "achievement",
        )
        import_id_fields = ()

    def get_instance(self, instance_loader, row):
        return None  # every row is a new award (same as the app)


def time_peer(path: Path) -> float:
    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = Dataset().load(handle.read(), format="xlsx")
    dataset.headers = [str(h) for h in dataset.headers]
    result = AwardRecordResource().import_data(
        dataset, dry_run=False, use_transactions=True, raise_errors=True
    )
    elapsed = time.perf_counter() - started
    assert not result.has_errors() and AwardRecord.objects.count() == PEER_ROWS
    return elapsed


def main() -> None:
    admin, ministry, codes = setup_data()
    tmp = ROOT / "var" / "bench"
    tmp.mkdir(parents=True, exist_ok=True)
    full, peer_file = tmp / "import_awards_100k.xlsx", tmp / "import_awards_peer.xlsx"
    started = time.perf_counter()
    generate(full, ROWS, codes)
    generate(peer_file, PEER_ROWS, codes)
    content = full.read_bytes()
    print(f"generated {ROWS} rows ({len(content) / 1048576:.1f} MB) in {time.perf_counter() - started:.1f} s")

    app_s = time_app(content, admin, ministry)
    truncate()
    limit_s = time_limit(content)
    truncate()
    peer_s = time_peer(peer_file)
    truncate()

    rate = ROWS / app_s
    limit_rate = ROWS / limit_s
    peer_rate = PEER_ROWS / peer_s
    print(f"app (calamine + full validation + COPY): {app_s:.2f} s for {ROWS} rows → {rate:,.0f} rows/s")
    print(f"limit (calamine + COPY, no validation): {limit_s:.2f} s → {limit_rate:,.0f} rows/s")
    print(f"peer (django-import-export, {PEER_ROWS} rows): {peer_s:.2f} s → {peer_rate:,.0f} rows/s")
    print(
        f"BENCH import_awards rows={ROWS} rows_per_s={rate:.0f} peer_rows_per_s={peer_rate:.0f} "
        f"limit_rows_per_s={limit_rate:.0f} vs_peer={rate / peer_rate:.1f} vs_limit={rate / limit_rate:.2f}"
    )


if __name__ == "__main__":
    main()
