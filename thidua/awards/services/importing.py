"""Excel import of commendation lists (one row per collective/individual) and export in the same layout.

Fast path: python-calamine reads the sheet, every row is validated against in-memory lookups of the
catalogue and the units, and the rows are written in one transaction — PostgreSQL COPY, or
bulk_create elsewhere. All or nothing: one error and nothing is saved; the errors (row, column,
Vietnamese message, translatable template) are kept on the ImportJob for the downloadable report.
"""

import datetime
import functools
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any, NamedTuple

import xlsxwriter
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from python_calamine import CalamineError, CalamineWorkbook

from thidua.accounts.models import User
from thidua.core import dataversion, uploads
from thidua.core.spreadsheets import write_cell, write_row
from thidua.core.text import bad_code_character, fold, name_key, nfc
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import Unit

from ..models import (
    AwardRecord,
    AwardType,
    ImportJob,
    ImportStatus,
    Person,
    RecipientKind,
    RecordSource,
    Track,
)

SHEET_NAME = "Danh sách khen thưởng"
COLUMNS = [
    "STT",
    "Hình thức khen thưởng",
    "Cấp quyết định",
    "Số quyết định",
    "Ngày quyết định",
    "Năm",
    "Đơn vị (tên hoặc mã)",
    "Đối tượng",
    "Họ và tên / Tên tập thể",
    "Cấp bậc",
    "Chức vụ",
    "Loại hình",
    "Thành tích",
]
(
    C_NO,
    C_AWARD,
    C_AUTHORITY,
    C_NUMBER,
    C_DATE,
    C_YEAR,
    C_UNIT,
    C_KIND,
    C_NAME,
    C_RANK,
    C_POSITION,
    C_TRACK,
    C_ACHIEVEMENT,
) = range(len(COLUMNS))
MAX_ERRORS_KEPT = 5000
PROGRESS_EVERY = 5000
DEFAULT_MAX_ROWS = 200_000
LEGACY_COLUMNS = [
    ("Mã đơn vị" if c == "Đơn vị (tên hoặc mã)" else c) for c in COLUMNS
]  # files made before 15.13
MAX_COLUMNS = 32  # calamine allocates rows × columns: no cell may sit right of this column
DEFAULT_MAX_UNCOMPRESSED = 256 * 1024 * 1024  # 200,000 rows of 13 columns are ~100 MB of XML
INJECTION_START = ("=", "+", "-", "@")
_INJECTION_CHARS = frozenset(INJECTION_START)
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?>(?:(?!</c>).)*?<f[ >/]', re.S)
KIND_LABELS = {
    fold(str(RecipientKind.COLLECTIVE.label)): RecipientKind.COLLECTIVE,
    fold(str(RecipientKind.INDIVIDUAL.label)): RecipientKind.INDIVIDUAL,
}
TRACK_LABELS = {fold(str(label)): value for value, label in Track.choices} | {
    fold(v): v for v in Track.values
}
TRACK_LABELS |= {
    "thuong xuyen": Track.REGULAR,
    "chuyen de": Track.CAMPAIGN,
    "dot xuat": Track.SUDDEN,
    "nien han": Track.SERVICE_YEARS,
    "cong hien": Track.CONTRIBUTION,
    "doi ngoai": Track.FOREIGN,
}


# names, kinds, tracks and achievements repeat a lot in commendation lists: fold each text once
_fold = functools.lru_cache(maxsize=262_144)(fold)
# identity of a recipient (duplicates): tone marks kept — Hùng, Hưng, Hứng and Hung are four people
_name_key = functools.lru_cache(maxsize=262_144)(name_key)


def max_rows() -> int:
    return int(getattr(settings, "THIDUA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


class Refused(Exception):
    """The whole file is refused (not xlsx, too big, wrong sheet or header, too many rows).

    `str()` is the Vietnamese text; `translated()` gives it in the active language.
    """

    def __init__(self, text: str, **params: Any) -> None:
        self.text, self.params = text, params
        super().__init__(text.format(**params) if params else text)

    def translated(self) -> str:
        return gettext(self.text).format(**self.params)


# -- file checks -----------------------------------------------------------------------------------


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "THIDUA_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED))


def _refused(error: uploads.UploadRejected) -> Refused:
    """core.uploads' refusal as a Refused: the Vietnamese msgid and params, translated when shown."""
    with translation.override(None):
        text = str(error.message)
    return Refused(text, **{key: str(value) for key, value in error.params.items()})


def check_file(*, name: str, content: Any) -> None:
    """The checks made when the file arrives (core.uploads): size, type by content, zip package.

    `content` is bytes or a file object; nothing is read past the size limit.
    """
    try:
        uploads.check_upload(content, name=name, allowed=["xlsx"], max_uncompressed=max_uncompressed_bytes())
    except uploads.UploadRejected as error:
        raise _refused(error) from None


def check_extent(*, name: str, content: bytes) -> None:
    """Before calamine reads the sheet: no cell beyond the row and column limits (run in the task)."""
    try:
        uploads.check_xlsx_extent(content, max_rows=max_rows() + 1, max_columns=MAX_COLUMNS, name=name)
    except uploads.SheetTooLarge:
        raise Refused(
            gettext_noop("tệp có dữ liệu vượt giới hạn {limit} dòng hoặc {columns} cột"),
            limit=max_rows(),
            columns=MAX_COLUMNS,
        ) from None
    except uploads.UploadRejected as error:
        raise _refused(error) from None


def _sheet_xml_path(archive: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    for match in re.finditer(r"<sheet\b[^>]*>", workbook):
        tag = match.group(0)
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag)
        if name and rid and _xml_unescape(name.group(1)) == sheet:
            target = re.search(rf'<Relationship\b[^>]*Id="{re.escape(rid.group(1))}"[^>]*>', rels)
            if target:
                path = re.search(r'Target="([^"]*)"', target.group(0))
                if path:
                    value = path.group(1).lstrip("/")
                    return value if value.startswith("xl/") else f"xl/{value}"
    return None


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
    )


def formula_cells(*, content: bytes, sheet: str) -> list[tuple[int, int]]:
    """(row, column index) of cells holding a formula in the sheet (calamine returns only values)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            path = _sheet_xml_path(archive, sheet)
            if not path:
                return []
            xml = archive.read(path)
    except (KeyError, zipfile.BadZipFile):
        return []
    if b"<f" not in xml:
        return []
    cells = []
    for match in _FORMULA_CELL.finditer(xml):
        letters, row = match.group(1).decode(), int(match.group(2))
        col = 0
        for ch in letters:
            col = col * 26 + (ord(ch) - 64)
        cells.append((row, col - 1))
    return cells


# -- reading and validation ------------------------------------------------------------------------


class Catalogue:
    """In-memory lookups: award types by code and by folded name; units in scope by code."""

    def __init__(self, *, scope: Unit) -> None:
        self.awards: dict[str, AwardType] = {}
        for award in AwardType.objects.all():
            self.awards[award.code.upper()] = award
            self.awards[fold(award.name)] = award
            self.awards.setdefault(fold(award.short_name), award)
        in_scope = list(Unit.objects.filter(path__startswith=scope.path).values_list("pk", "code", "name"))
        self.units: dict[str, tuple[int, str]] = {code.upper(): (pk, name) for pk, code, name in in_scope}
        # 15.13: exports write the unit's name; a name (tone marks kept) that is unique in scope reads back
        names: dict[str, list[tuple[int, str]]] = {}
        for pk, _code, name in in_scope:
            names.setdefault(name_key(name), []).append((pk, name))
        self.unit_names = {key: hits[0] for key, hits in names.items() if len(hits) == 1}
        self.all_unit_codes = None

    def award(self, text: str) -> AwardType | None:
        return self.awards.get(text.strip().upper()) or self.awards.get(fold(text))


def _text(value: Any) -> str:
    """A cell as stored text: NFC (a name typed in NFD is the same name), stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value.__class__ is str and value.isascii():
        return value.strip()
    return nfc(str(value))


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value.strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                return None
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _injection(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(INJECTION_START) and not _NUMBER.match(value.strip())


def read_rows(*, content: bytes) -> list[list[Any]]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except CalamineError as error:
        raise Refused(gettext_noop("không đọc được tệp Excel")) from error
    except Exception as error:  # noqa: BLE001 — calamine raises various parse errors
        raise Refused(gettext_noop("không đọc được tệp Excel")) from error
    if SHEET_NAME not in workbook.sheet_names:
        raise Refused(
            gettext_noop("không có trang tính “{sheet}” (các trang có: {sheets})"),
            sheet=SHEET_NAME,
            sheets=", ".join(workbook.sheet_names),
        )
    rows = workbook.get_sheet_by_name(SHEET_NAME).to_python(skip_empty_area=False)
    if not rows or [_text(v) for v in rows[0][: len(COLUMNS)]] not in (COLUMNS, LEGACY_COLUMNS):
        raise Refused(gettext_noop("dòng tiêu đề không đúng mẫu: {columns}"), columns=" | ".join(COLUMNS))
    data = rows[1:]
    while data and not any(_text(v) for v in data[-1]):
        data.pop()
    if len(data) > max_rows():
        raise Refused(
            gettext_noop("tệp có {count} dòng, vượt giới hạn {limit} dòng"), count=len(data), limit=max_rows()
        )
    return data


def _error(row: int, column: int, text: str, /, **params: Any) -> dict[str, Any]:
    """`text` is a gettext_noop'd template: stored formatted in Vietnamese, translated when shown.

    The column keeps the Excel header's (Vietnamese) name: it names a column of the file.
    """
    return {
        "row": row,
        "column": COLUMNS[column] if 0 <= column < len(COLUMNS) else "",
        "message": text.format(**params) if params else text,
        "text": text,
        "params": {key: str(value) for key, value in params.items()},
    }


class _RowFields(NamedTuple):
    """One row's parsed fields, once every check of the row has passed."""

    award: AwardType
    unit: tuple[int, str]
    number: str
    day: datetime.date
    year: int
    kind: str
    name: str
    track: str


def _injection_errors(row: list[Any], excel_row: int) -> list[dict]:
    """Cells that would run as a formula in a spreadsheet (checked before anything else)."""
    return [
        _error(
            excel_row,
            col,
            gettext_noop("ô bắt đầu bằng “{char}” bị từ chối (có thể là công thức)"),
            char=value[0],
        )
        for col, value in enumerate(row)
        if value.__class__ is str and value[:1] in _INJECTION_CHARS and _injection(value)
    ]


def _award_and_unit(
    row: list[Any], excel_row: int, catalogue: Catalogue, errors: list[dict]
) -> tuple[AwardType | None, tuple[int, str] | None]:
    """The award type and the unit the row names; an unknown award and hidden characters in the codes
    are appended to `errors` (an unknown unit is reported by the caller, after these)."""
    award = catalogue.award(_text(row[C_AWARD]))
    if award is None:
        errors.append(
            _error(
                excel_row,
                C_AWARD,
                gettext_noop("không có hình thức “{award}” trong danh mục"),
                award=_text(row[C_AWARD]),
            )
        )
    unit_code = _text(row[C_UNIT]).upper()
    unit = catalogue.units.get(unit_code) or catalogue.unit_names.get(name_key(_text(row[C_UNIT])))
    for col in (C_UNIT, C_NUMBER):
        char = bad_code_character(_text(row[col]))
        if char is not None:
            errors.append(
                _error(
                    excel_row,
                    col,
                    gettext_noop("mã chứa ký tự ẩn hoặc ký tự điều khiển ({char}); hãy gõ lại"),
                    char=f"U+{ord(char):04X}",
                )
            )
    return award, unit


def _field_values(
    row: list[Any], excel_row: int, award: AwardType | None, errors: list[dict]
) -> tuple[str, datetime.date | None, int, str | None, str, str | None]:
    """Number, date, year, recipient kind, name and track of the row; each invalid one appended to `errors`."""
    number = _text(row[C_NUMBER])
    if not number:
        errors.append(_error(excel_row, C_NUMBER, gettext_noop("thiếu số quyết định")))
    day = _date(row[C_DATE])
    if day is None:
        errors.append(
            _error(
                excel_row,
                C_DATE,
                gettext_noop("ngày “{day}” không hợp lệ (dd/mm/yyyy)"),
                day=_text(row[C_DATE]),
            )
        )
    year_text = _text(row[C_YEAR])
    year = int(year_text) if year_text.isdigit() else (day.year if day else 0)
    if year_text and not year_text.isdigit():
        errors.append(_error(excel_row, C_YEAR, gettext_noop("năm “{year}” không hợp lệ"), year=year_text))
    kind = KIND_LABELS.get(_fold(_text(row[C_KIND])))
    if kind is None:
        errors.append(_error(excel_row, C_KIND, gettext_noop("đối tượng phải là “Tập thể” hoặc “Cá nhân”")))
    elif award is not None and award.recipient_kind != kind:
        errors.append(
            _error(
                excel_row,
                C_KIND,
                gettext_noop("“{award}” dành cho {kind}"),
                award=award.name,
                kind=award.get_recipient_kind_display().lower(),
            )
        )
    name = _text(row[C_NAME])
    if kind == RecipientKind.INDIVIDUAL and not name:
        errors.append(_error(excel_row, C_NAME, gettext_noop("thiếu họ và tên")))
    track_text = _text(row[C_TRACK])
    track = TRACK_LABELS.get(_fold(track_text)) if track_text else Track.REGULAR
    if track is None:
        errors.append(
            _error(excel_row, C_TRACK, gettext_noop("loại hình “{track}” không hợp lệ"), track=track_text)
        )
    return number, day, year, kind, name, track


def _check_row(row: list[Any], excel_row: int, catalogue: Catalogue) -> tuple[_RowFields | None, list[dict]]:
    """The row's fields, or None and its errors. Checks run in stages, each only when the previous passed:
    formula injection; award, unit and hidden characters; every field; the award's validity in the year."""
    errors = _injection_errors(row, excel_row)
    if errors:
        return None, errors
    award, unit = _award_and_unit(row, excel_row, catalogue, errors)
    if errors:
        return None, errors
    if unit is None:
        errors.append(
            _error(
                excel_row,
                C_UNIT,
                gettext_noop("không có đơn vị mã “{code}” trong phạm vi"),
                code=_text(row[C_UNIT]).upper(),
            )
        )
    number, day, year, kind, name, track = _field_values(row, excel_row, award, errors)
    if errors:
        return None, errors
    assert (
        award is not None and unit is not None and day is not None and kind is not None and track is not None
    )
    if not award.is_valid_in(year):
        message = gettext_noop("“{award}” không áp dụng trong năm {year}")
        return None, [_error(excel_row, C_AWARD, message, award=award.name, year=year)]
    return _RowFields(award, unit, number, day, year, kind, name or unit[1], track), []


def validate(
    *, rows: list[list[Any]], catalogue: Catalogue, job: ImportJob | None = None
) -> tuple[list[tuple], list[dict]]:
    """Validate every row; returns (clean tuples, errors). Row numbers are Excel's (header = 1)."""
    errors: list[dict] = []
    clean: list[tuple] = []
    seen: dict[tuple, int] = {}
    width = len(COLUMNS)
    for index, raw in enumerate(rows):
        excel_row = index + 2
        if job is not None and index and index % PROGRESS_EVERY == 0:
            _beat(job, rows_done=index)
        row = list(raw[:width]) + [None] * (width - len(raw))
        if not any(v not in (None, "") for v in row):
            continue
        fields, row_errors = _check_row(row, excel_row, catalogue)
        if fields is None:
            errors += row_errors
            continue
        award, unit, number, day, year, kind, name, track = fields
        key = (award.pk, year, unit[0], _name_key(name)[:255], number)
        first = seen.get(key)
        if first is not None:
            errors.append(_error(excel_row, C_NAME, gettext_noop("trùng với dòng {row}"), row=first))
            continue
        seen[key] = excel_row
        clean.append(
            (
                award,
                year,
                kind,
                unit[0],
                name,
                key[3],
                _text(row[C_RANK]),
                _text(row[C_POSITION]),
                number,
                day,
                _text(row[C_AUTHORITY]) or award.authority,
                track,
                _text(row[C_ACHIEVEMENT]),
                excel_row,
            )
        )
    return clean, errors


def _existing_duplicates(clean: list[tuple]) -> list[dict]:
    if not clean:
        return []
    years = {row[1] for row in clean}
    unit_ids = {row[3] for row in clean}
    existing = set(
        AwardRecord.objects.filter(year__in=years, unit_id__in=unit_ids).values_list(
            "award_type_id", "year", "unit_id", "recipient_key", "decision_number"
        )
    )
    if not existing:
        return []
    return [
        _error(row[13], C_NAME, gettext_noop("đã có trong lịch sử khen thưởng (trùng quyết định)"))
        for row in clean
        if (row[0].pk, row[1], row[3], row[5], row[8]) in existing
    ][:MAX_ERRORS_KEPT]


# -- writing ---------------------------------------------------------------------------------------

COPY_COLUMNS = (
    "public_id",
    "award_type_id",
    "year",
    "recipient_kind",
    "unit_id",
    "person_id",
    "recipient_name",
    "recipient_key",
    "rank",
    "position",
    "decision_number",
    "decision_date",
    "authority",
    "track",
    "achievement",
    "achievement_key",
    "source",
    "import_job_id",
    "revoked_reason",
    "created_at",
)


def _people_found(clean: list[tuple]) -> tuple[dict[tuple[int, str], int], set[tuple[int, str]]]:
    """People of the file's units by (unit, name identity): tone marks kept (Hùng ≠ Hưng), NFC and case not.

    Returns (found, homonyms): two people of one unit with the same name are not guessed between.
    """
    unit_ids = {row[3] for row in clean if row[2] == RecipientKind.INDIVIDUAL}
    found: dict[tuple[int, str], int] = {}
    duplicates: set[tuple[int, str]] = set()
    for pk, unit_id, full_name in Person.objects.filter(unit_id__in=unit_ids).values_list(
        "pk", "unit_id", "full_name"
    ):
        key = _name_key(full_name)[:255]
        if (unit_id, key) in found:
            duplicates.add((unit_id, key))
        found[(unit_id, key)] = pk
    for homonym in duplicates:  # a homonym in the unit: do not guess
        found.pop(homonym)
    return found, duplicates


def _people(clean: list[tuple]) -> dict[tuple[int, str], int]:
    return _people_found(clean)[0]


def new_people(*, clean: list[tuple]) -> list[dict[str, Any]]:
    """Individuals of the list with no person of that name in their unit (one entry per unit + name)."""
    found, homonyms = _people_found(clean)
    units = dict(Unit.objects.filter(pk__in={row[3] for row in clean}).values_list("pk", "name"))
    listed: dict[tuple[int, str], dict[str, Any]] = {}
    for row in clean:
        if row[2] != RecipientKind.INDIVIDUAL:
            continue
        key = (row[3], row[5])
        if key in found or key in homonyms or key in listed or len(row[4]) > 150:
            continue  # found, not guessed between homonyms, or a name too long for a person: unlinked
        listed[key] = {
            "row": row[13],
            "unit_id": row[3],
            "unit": units.get(row[3], ""),
            "full_name": row[4],
            "rank": row[6],
            "position": row[7],
        }
    return list(listed.values())


def _create_people(people: list[dict[str, Any]]) -> int:
    """Create the confirmed new people (with their history rows)."""
    from simple_history.utils import bulk_create_with_history

    objects = [
        Person(
            unit_id=item["unit_id"],
            full_name=nfc(item["full_name"])[:150],
            rank=item["rank"][:80],
            position=item["position"][:150],
            search_key=fold(item["full_name"])[:300],
        )
        for item in people
    ]
    bulk_create_with_history(objects, Person, batch_size=2000)
    return len(objects)


def _tuples(clean: list[tuple], job_id: int | None, people: dict[tuple[int, str], int]) -> Iterator[tuple]:
    now = timezone.now()
    for (
        award,
        year,
        kind,
        unit_id,
        name,
        key,
        rank,
        position,
        number,
        day,
        authority,
        track,
        achievement,
        _row,
    ) in clean:
        person_id = people.get((unit_id, key)) if kind == RecipientKind.INDIVIDUAL else None
        yield (
            uuid.uuid4(),
            award.pk,
            year,
            kind,
            unit_id,
            person_id,
            name,
            key,
            rank,
            position,
            number,
            day,
            authority,
            track,
            achievement,
            _fold(achievement)[:255] if achievement else "",
            RecordSource.IMPORT,
            job_id,
            "",
            now,
        )


def write(*, clean: list[tuple], job_id: int | None) -> int:
    """Insert the validated rows in the current transaction: COPY on PostgreSQL, bulk_create elsewhere."""
    people = _people(clean)  # before COPY: no other query may run while it streams
    if connection.vendor == "postgresql":
        table = AwardRecord._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:  # noqa: S608 — fixed names
                for values in _tuples(clean, job_id, people):
                    copy.write_row(values)
        dataversion.touch()  # COPY bypasses Django's cursor: record the write for the page cache
        return len(clean)
    objects = [
        AwardRecord(**dict(zip(COPY_COLUMNS, values, strict=True)))
        for values in _tuples(clean, job_id, people)
    ]
    AwardRecord.objects.bulk_create(objects, batch_size=2000)
    return len(objects)


class Superseded(Exception):
    """The job was marked stale (or retried) while this worker held it: stop, write nothing."""


RUNNING = (ImportStatus.VALIDATING, ImportStatus.SAVING)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "THIDUA_IMPORT_STALE_MINUTES", 10)))


def is_stale(*, job: ImportJob, now: datetime.datetime | None = None) -> bool:
    return (
        job.status in RUNNING
        and job.heartbeat_at is not None
        and job.heartbeat_at < (now or timezone.now()) - stale_after()
    )


def _beat(job: ImportJob, **fields: Any) -> None:
    """Record progress and a heartbeat, only while this worker still owns the job (same attempt)."""
    now = timezone.now()
    fields |= {"heartbeat_at": now, "updated_at": now}
    owned = ImportJob.objects.filter(pk=job.pk, attempt=job.attempt, status__in=RUNNING).update(**fields)
    if not owned:
        raise Superseded
    for name, value in fields.items():
        setattr(job, name, value)


def run(*, job: ImportJob) -> ImportJob:
    """Read, validate and (when every row is valid) save; progress is visible on the job meanwhile.

    Only a pending job starts (a duplicate delivery of the task does nothing). Every progress
    update is a heartbeat; a job without one for THIDUA_IMPORT_STALE_MINUTES is marked failed
    by `jobs_fail_stale`, and the worker that held it, if alive, stops at its next beat. The rows
    and the "done" status are written in one transaction that first re-checks ownership, so a
    job is either wholly saved and done, or has saved nothing.
    """
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.VALIDATING, heartbeat_at=timezone.now(), updated_at=timezone.now()
    )
    job.refresh_from_db()
    if not started:
        return job
    try:
        return _run(job)
    except Superseded:
        job.refresh_from_db()
        return job


def _run(job: ImportJob) -> ImportJob:
    with job.file.open("rb") as handle:
        content = handle.read()
    try:
        check_file(name=job.original_name, content=content)
        check_extent(name=job.original_name, content=content)
        rows = read_rows(content=content)
    except Refused as refused:
        return _fail(job, [_error(0, -1, refused.text, **refused.params)], total=0)
    _beat(job, rows_total=len(rows))
    errors = [
        _error(row, col, gettext_noop("ô chứa công thức bị từ chối (chèn công thức)"))
        for row, col in formula_cells(content=content, sheet=SHEET_NAME)
        if row > 1
    ]
    catalogue = Catalogue(scope=job.scope)
    clean, row_errors = validate(rows=rows, catalogue=catalogue, job=job)
    errors += row_errors
    if not errors:
        errors = _existing_duplicates(clean)
    if errors:
        return _fail(job, errors, total=len(rows))
    missing = new_people(clean=clean) if job.confirm_new_people else []
    if missing and not job.people_confirmed:  # 16.9: list them, create them only when confirmed
        _beat(
            job,
            status=ImportStatus.PREVIEW,
            rows_done=len(rows),
            new_people=missing[:MAX_ERRORS_KEPT],
            new_people_count=len(missing),
        )
        return job
    _beat(job, status=ImportStatus.SAVING, rows_done=len(rows))
    with transaction.atomic():
        owned = (
            ImportJob.objects.select_for_update()
            .filter(pk=job.pk, attempt=job.attempt, status=ImportStatus.SAVING)
            .exists()
        )
        if not owned:
            raise Superseded
        job.people_created = _create_people(missing) if missing else 0
        created = write(clean=clean, job_id=job.pk)
        job.status, job.created_count, job.finished_at = ImportStatus.DONE, created, timezone.now()
        job.save(update_fields=["status", "created_count", "people_created", "finished_at", "updated_at"])
    return job


def _fail(job: ImportJob, errors: list[dict], *, total: int) -> ImportJob:
    errors.sort(key=lambda e: (e["row"], COLUMNS.index(e["column"]) if e["column"] in COLUMNS else -1))
    _beat(
        job,
        status=ImportStatus.FAILED,
        error_count=len(errors),
        errors=errors[:MAX_ERRORS_KEPT],
        rows_total=total,
        finished_at=timezone.now(),
    )
    return job


INTERRUPTED = gettext_noop(
    "lượt nhập bị gián đoạn: không có tín hiệu xử lý trong {minutes} phút (máy xử lý có thể đã dừng); "
    "chưa ghi dòng nào, hãy bấm “Nhập lại”"
)


def jobs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Mark failed (and retryable) every running job whose heartbeat is older than the setting.

    Nothing of such a job was stored: its rows are written with its "done" status, in one
    transaction. Returns how many jobs were marked.
    """
    now = now or timezone.now()
    minutes = int(stale_after().total_seconds() // 60)
    error = _error(0, -1, INTERRUPTED, minutes=minutes)
    return ImportJob.objects.filter(status__in=RUNNING, heartbeat_at__lt=now - stale_after()).update(
        status=ImportStatus.FAILED,
        is_interrupted=True,
        errors=[error],
        error_count=1,
        finished_at=now,
        updated_at=now,
    )


@transaction.atomic
def job_retry(*, actor: User, job: ImportJob) -> ImportJob:
    """Run an interrupted job again from its stored file (a new attempt), after commit."""
    from ..errors import ImportNotRetryable
    from ..tasks import import_awards

    job = ImportJob.objects.select_for_update(of=("self",)).select_related("scope").get(pk=job.pk)
    access.require(actor, Action.MANAGE_CLUSTERS, job.scope)
    if not job.can_retry:
        raise ImportNotRetryable(status=job.get_status_display())
    job.status, job.attempt, job.is_interrupted = ImportStatus.PENDING, job.attempt + 1, False
    job.errors, job.error_count, job.rows_done, job.rows_total = [], 0, 0, 0
    job.heartbeat_at = job.finished_at = None
    job.save()
    transaction.on_commit(lambda: import_awards.enqueue(job_id=job.pk))
    return job


@transaction.atomic
def job_confirm_people(*, actor: User, job: ImportJob) -> ImportJob:
    """Confirm the new people a validated list needs: the import runs again (after commit), creates
    the people still missing then, and saves the records linked to them — all in one transaction."""
    from ..errors import ImportNotWaiting
    from ..tasks import import_awards

    job = ImportJob.objects.select_for_update(of=("self",)).select_related("scope").get(pk=job.pk)
    access.require(actor, Action.MANAGE_CLUSTERS, job.scope)
    if job.status != ImportStatus.PREVIEW:
        raise ImportNotWaiting(status=job.get_status_display())
    job.status, job.people_confirmed, job.attempt = ImportStatus.PENDING, True, job.attempt + 1
    job.rows_done, job.heartbeat_at, job.finished_at = 0, None, None
    job.save()
    transaction.on_commit(lambda: import_awards.enqueue(job_id=job.pk))
    return job


@transaction.atomic
def job_cancel(*, actor: User, job: ImportJob) -> ImportJob:
    """Drop a list waiting for confirmation: nothing of it was saved, nothing will be."""
    from ..errors import ImportNotWaiting

    job = ImportJob.objects.select_for_update(of=("self",)).select_related("scope").get(pk=job.pk)
    access.require(actor, Action.MANAGE_CLUSTERS, job.scope)
    if job.status != ImportStatus.PREVIEW:
        raise ImportNotWaiting(status=job.get_status_display())
    job.status, job.finished_at = ImportStatus.CANCELLED, timezone.now()
    job.save(update_fields=["status", "finished_at", "updated_at"])
    return job


@transaction.atomic
def job_create(
    *, actor: User, scope: Unit, name: str, content: Any, confirm_new_people: bool = False
) -> ImportJob:
    """Store the upload after the checks made on arrival; the import runs as a task after commit.

    `content` is bytes or an uploaded file (its size is checked before it is read). With
    `confirm_new_people`, individuals not found by name + unit are listed (status preview) and created
    on `job_confirm_people`; without, their records are saved by name, linked to no person.
    """
    from django.core.files.base import ContentFile, File

    from ..tasks import import_awards

    access.require(actor, Action.MANAGE_CLUSTERS, scope)
    check_file(name=name, content=content)
    job = ImportJob(
        scope=scope,
        original_name=name[:255],
        created_by=actor if getattr(actor, "pk", None) else None,
        confirm_new_people=confirm_new_people,
    )
    stored = ContentFile(content) if isinstance(content, bytes) else File(content)
    job.file.save(f"{uuid.uuid4().hex}.xlsx", stored, save=False)
    job.save()
    transaction.on_commit(lambda: import_awards.enqueue(job_id=job.pk))
    return job


# -- export and reports ----------------------------------------------------------------------------


def export_xlsx(*, records) -> bytes:
    """Award records in the import layout (round-trips through the importer)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(SHEET_NAME)
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    write_row(sheet, 0, 0, COLUMNS, bold)
    for index, record in enumerate(records, start=1):
        write_row(
            sheet,
            index,
            0,
            [
                index,
                record.award_type.name,
                record.authority,
                record.decision_number,
            ],
        )
        if record.decision_date:
            sheet.write_datetime(
                index, C_DATE, datetime.datetime.combine(record.decision_date, datetime.time()), date_format
            )
        write_row(
            sheet,
            index,
            C_YEAR,
            [
                record.year,
                record.unit.name,
                record.get_recipient_kind_display(),
                record.recipient_name,
                record.rank,
                record.position,
                record.get_track_display(),
                record.achievement,
            ],
        )
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, len(COLUMNS) - 1, 22)
    workbook.close()
    return buffer.getvalue()


def template_xlsx() -> bytes:
    return export_xlsx(records=[])


def error_report_xlsx(*, job: ImportJob) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Lỗi")
    bold = workbook.add_format({"bold": True})
    write_row(sheet, 0, 0, [gettext("Dòng"), gettext("Cột"), gettext("Lỗi")], bold)
    for index, error in enumerate(job.translated_errors(), start=1):
        write_row(sheet, index, 0, [error["row"] or "", error["column"], error["message"]])
    if job.error_count > len(job.errors):
        more = job.error_count - len(job.errors)
        write_cell(sheet, len(job.errors) + 1, 2, gettext("… và {count} lỗi khác").format(count=more))
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, 2, 80)
    workbook.close()
    return buffer.getvalue()
