"""Excel intake of a proposal list (17.4): the list a unit received from below, read into a batch.

The file is checked before anything parses it — size, type by content and the zip package
(core.uploads, zip bombs refused), the sheet's extent (no cell past the row/column limits, so
calamine never allocates a huge rectangle), formula cells refused — then python-calamine reads it.
Units send lists with a title above the table and their own column names: the header row is looked
for in the first rows, by folded column names (see HEADERS), on the sheet "Danh sách đề nghị" or
else the first sheet.

Every row goes through `candidate_add`, the service the batch page uses, inside a savepoint per row:
a preview runs them all and rolls back, so the per-row errors it shows are exactly those a
confirmation would meet; a confirmation (with the digest of the file previewed) keeps them only
when no row fails — all or nothing. People are matched by name (tone marks kept: Hùng ≠ Hưng) in
their unit; a name not found, or found twice, is an error of that row, never a guess.
"""

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineWorkbook

from thidua.accounts.models import User
from thidua.core import uploads
from thidua.core.errors import DomainError
from thidua.core.spreadsheets import write_row
from thidua.core.text import bad_code_character, fold, name_key, nfc
from thidua.organisation import access
from thidua.organisation.models import Unit

from ..errors import BatchLocked
from ..models import AwardType, Person, ProposalBatch, RecipientKind
from . import importing
from .batches import candidate_add

SHEET_NAME = "Danh sách đề nghị"
COLUMNS = [
    "STT",
    "Hình thức khen thưởng",
    "Đối tượng",
    "Họ và tên / Tên tập thể",
    "Cấp bậc",
    "Chức vụ",
    "Đơn vị (tên hoặc mã)",
    "Tóm tắt thành tích",
]
# the folded column names units use, per field (the template's first)
HEADERS: dict[str, tuple[str, ...]] = {
    "award": (
        "hinh thuc khen thuong",
        "hinh thuc de nghi",
        "danh hieu, hinh thuc",
        "danh hieu / hinh thuc",
        "danh hieu de nghi",
        "hinh thuc",
    ),
    "kind": ("doi tuong", "tap the / ca nhan", "loai doi tuong"),
    "name": ("ho va ten / ten tap the", "ho va ten", "ho ten", "ten tap the", "ten tap the, ca nhan"),
    "rank": ("cap bac", "cap bac ham"),
    "position": ("chuc vu",),
    "unit": ("don vi (ten hoac ma)", "don vi", "ma don vi", "don vi cong tac"),
    "achievement": ("tom tat thanh tich", "thanh tich", "thanh tich chu yeu"),
}
REQUIRED = ("award", "unit", "achievement")
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 32
DEFAULT_MAX_ROWS = 2000
KINDS = {
    fold(str(RecipientKind.COLLECTIVE.label)): RecipientKind.COLLECTIVE,
    fold(str(RecipientKind.INDIVIDUAL.label)): RecipientKind.INDIVIDUAL,
}


def max_rows() -> int:
    return int(getattr(settings, "THIDUA_INTAKE_MAX_ROWS", DEFAULT_MAX_ROWS))


class IntakeRefused(DomainError):
    code, status = "intake_refused", 422
    message = _("Không đọc được danh sách đề nghị: {reason}")


class IntakeDigestMismatch(DomainError):
    code, status = "intake_digest_mismatch", 409
    message = _("Tệp gửi lên khác tệp đã xem trước; hãy xem trước lại rồi xác nhận.")


@dataclass
class IntakeRow:
    row: int  # Excel's row number
    award: str
    kind: str
    name: str
    unit: str
    achievement: str
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass
class IntakeResult:
    digest: str
    rows: list[IntakeRow]
    saved: bool = False

    @property
    def error_count(self) -> int:
        return sum(len(row.errors) for row in self.rows)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [{"row": row.row, "message": message} for row in self.rows for message in row.errors]

    @property
    def created(self) -> int:
        return len(self.rows) if self.saved else 0


def digest_of(*, content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# -- reading ---------------------------------------------------------------------------------------


def _read_checked(*, name: str, content: Any) -> bytes:
    """The upload's bytes after every check made before parsing (size, type, package, extent)."""
    uploads.check_upload(content, name=name, allowed=["xlsx"])
    data = uploads.read_bytes(content)
    uploads.check_xlsx_extent(
        data, max_rows=max_rows() + HEADER_SEARCH_ROWS, max_columns=MAX_COLUMNS, name=name
    )
    return data


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """(index of the header row, field → column) from the first rows; IntakeRefused when not found."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        folded = [fold(importing._text(value)).rstrip(" *:") for value in row[:MAX_COLUMNS]]
        columns: dict[str, int] = {}
        for key, names in HEADERS.items():
            for name in names:  # the most specific name first: "hinh thuc khen thuong" before "hinh thuc"
                if name in folded:
                    columns.setdefault(key, folded.index(name))
                    break
        if all(key in columns for key in REQUIRED):
            return index, columns
    raise IntakeRefused(
        reason=_("không thấy dòng tiêu đề có các cột “{columns}” trong {count} dòng đầu").format(
            columns="”, “".join((COLUMNS[1], COLUMNS[6], COLUMNS[7])), count=HEADER_SEARCH_ROWS
        )
    )


def read_list(*, content: bytes) -> tuple[str, list[tuple[int, dict[str, str]]], list[int]]:
    """(sheet, [(Excel row, field → text)], Excel rows holding a formula) of a checked file."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception:  # noqa: BLE001 — calamine raises various parse errors
        raise IntakeRefused(reason=_("tệp không phải bảng tính Excel đọc được")) from None
    names = workbook.sheet_names
    if not names:
        raise IntakeRefused(reason=_("tệp không có trang tính nào"))
    sheet = SHEET_NAME if SHEET_NAME in names else names[0]
    rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    start, columns = _header(rows)
    formulas = sorted({row for row, _col in importing.formula_cells(content=content, sheet=sheet)})
    result = []
    for index, raw in enumerate(rows[start + 1 :], start=start + 2):
        values = {key: importing._text(raw[col]) if col < len(raw) else "" for key, col in columns.items()}
        if not any(values.values()):
            continue
        result.append((index, values))
    if len(result) > max_rows():
        raise IntakeRefused(
            reason=_("danh sách có {count} dòng, vượt giới hạn {limit} dòng").format(
                count=len(result), limit=max_rows()
            )
        )
    if not result:
        raise IntakeRefused(reason=_("danh sách không có dòng nào dưới dòng tiêu đề"))
    return sheet, result, formulas


# -- matching --------------------------------------------------------------------------------------


class _Lookups:
    """Award types by code and folded name; units of the proposer's scope by code and by unique name."""

    def __init__(self, *, batch: ProposalBatch) -> None:
        self.awards: dict[str, AwardType] = {}
        for award in AwardType.objects.all():
            self.awards[award.code.upper()] = award
            self.awards[fold(award.name)] = award
            self.awards.setdefault(fold(award.short_name), award)
        if batch.cluster_term_id:
            roots = list(Unit.objects.filter(cluster_memberships__term_id=batch.cluster_term_id))
        else:
            assert batch.unit is not None
            roots = [batch.unit]
        units: dict[int, Unit] = {}
        for root in roots:
            units.update({u.pk: u for u in Unit.objects.filter(path__startswith=root.path)})
        self.units_by_code = {u.code.upper(): u for u in units.values() if u.code}
        names: dict[str, list[Unit]] = {}
        for unit in units.values():
            names.setdefault(name_key(unit.name), []).append(unit)
        self.units_by_name = names
        people: dict[tuple[int, str], list[Person]] = {}
        for person in Person.objects.filter(unit_id__in=units):
            people.setdefault((person.unit_id, name_key(person.full_name)), []).append(person)
        self.people = people

    def award(self, text: str, kind: str = "") -> AwardType | None:
        """By code or name; a name without its "(cá nhân)" / "(tập thể)" by the row's Đối tượng."""
        found = self.awards.get(text.strip().upper()) or self.awards.get(fold(text))
        if found is None and kind:
            found = self.awards.get(f"{fold(text)} ({fold(kind)})")
        return found

    def unit(self, text: str) -> tuple[Unit | None, str]:
        """The unit named (code or name) in the scope, or None and why not."""
        found = self.units_by_code.get(text.strip().upper())
        if found is not None:
            return found, ""
        hits = self.units_by_name.get(name_key(text), [])
        if len(hits) == 1:
            return hits[0], ""
        if hits:
            return None, str(
                _("có {count} đơn vị tên “{unit}”; hãy ghi mã đơn vị").format(count=len(hits), unit=text)
            )
        return None, str(_("không có đơn vị “{unit}” trong phạm vi của đơn vị đề nghị").format(unit=text))


def _parse_row(values: dict[str, str], lookups: _Lookups) -> tuple[dict[str, Any] | None, list[str]]:
    """The candidate_add arguments of one row, or the row's errors (Vietnamese)."""
    errors: list[str] = []
    for key, value in values.items():
        if importing._injection(value):
            errors.append(
                str(_("ô bắt đầu bằng “{char}” bị từ chối (có thể là công thức)").format(char=value[0]))
            )
        char = bad_code_character(value) if key in ("award", "unit") else None
        if char is not None:
            errors.append(
                str(
                    _("ô chứa ký tự ẩn hoặc ký tự điều khiển ({char}); hãy gõ lại").format(
                        char=f"U+{ord(char):04X}"
                    )
                )
            )
    if errors:
        return None, errors
    kind_text = values.get("kind", "")
    award = lookups.award(values.get("award", ""), kind_text)
    if award is None:
        errors.append(
            str(_("không có hình thức “{award}” trong danh mục").format(award=values.get("award", "")))
        )
    kind = KINDS.get(fold(kind_text)) if kind_text else (award.recipient_kind if award else None)
    if kind is None and kind_text:
        errors.append(str(_("đối tượng phải là “Tập thể” hoặc “Cá nhân”")))
    name = nfc(values.get("name", ""))
    unit_text = values.get("unit", "") or (name if kind == RecipientKind.COLLECTIVE else "")
    unit, why = lookups.unit(unit_text) if unit_text else (None, str(_("thiếu đơn vị")))
    if unit is None:
        errors.append(why)
    if not values.get("achievement", "").strip():
        errors.append(str(_("thiếu tóm tắt thành tích")))
    person = None
    if kind == RecipientKind.INDIVIDUAL and unit is not None:
        if not name:
            errors.append(str(_("thiếu họ và tên")))
        else:
            hits = lookups.people.get((unit.pk, name_key(name)), [])
            if len(hits) == 1:
                person = hits[0]
            elif hits:
                errors.append(
                    str(
                        _("{unit} có {count} cán bộ tên “{name}”; hãy đề nghị trên trang đề nghị").format(
                            unit=unit.name, count=len(hits), name=name
                        )
                    )
                )
            else:
                errors.append(
                    str(
                        _("không có cán bộ “{name}” trong {unit}; hãy thêm cán bộ trước").format(
                            name=name, unit=unit.name
                        )
                    )
                )
    if (
        kind == RecipientKind.COLLECTIVE
        and unit is not None
        and name
        and name_key(name) != name_key(unit.name)
    ) and values.get("unit"):
        errors.append(
            str(_("tên tập thể “{name}” khác tên đơn vị “{unit}”").format(name=name, unit=unit.name))
        )
    if errors:
        return None, errors
    return {"award_type": award, "unit": unit, "person": person, "achievement": values["achievement"]}, []


# -- the service -----------------------------------------------------------------------------------


class _Preview(Exception):
    """Raised inside the transaction to roll back a preview (or a confirmation with errors)."""


def candidates_intake(
    *, actor: User, batch: ProposalBatch, name: str, content: Any, confirm: bool = False, digest: str = ""
) -> IntakeResult:
    """Read a proposal list into `batch`: a preview (nothing kept) or, with `confirm` and the digest of
    the previewed file, every row saved — or none when one fails (the result then lists the errors)."""
    batch = ProposalBatch.objects.select_related("unit", "cluster_term__leader").get(pk=batch.pk)
    access.require_object(actor, "draft", batch)  # who may, before anything reads the file
    if batch.status not in batch.EDITABLE:
        raise BatchLocked(status=batch.get_status_display())
    data = _read_checked(name=name, content=content)
    result = IntakeResult(digest=digest_of(content=data), rows=[])
    if confirm and digest != result.digest:
        raise IntakeDigestMismatch(field="digest")
    _sheet, rows, formulas = read_list(content=data)
    lookups = _Lookups(batch=batch)
    formula_rows = set(formulas)
    try:
        with transaction.atomic():
            for number, values in rows:
                row = IntakeRow(
                    row=number,
                    award=values.get("award", ""),
                    kind=values.get("kind", ""),
                    name=values.get("name", ""),
                    unit=values.get("unit", ""),
                    achievement=values.get("achievement", "")[:300],
                )
                result.rows.append(row)
                if number in formula_rows:
                    row.errors.append(str(_("dòng có ô chứa công thức, bị từ chối (chèn công thức)")))
                    continue
                arguments, row.errors = _parse_row(values, lookups)
                if arguments is None:
                    continue
                try:
                    with transaction.atomic():
                        candidate_add(actor=actor, batch=batch, **arguments)
                except DomainError as error:
                    row.errors.append(str(error))
            if not confirm or result.error_count:
                raise _Preview
            result.saved = True
    except _Preview:
        pass
    return result


def template_xlsx() -> bytes:
    """The blank list with its header and one example row of each kind (a comment row, not data)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(SHEET_NAME)
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True})
    write_row(sheet, 0, 0, COLUMNS, bold)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 6, 28)
    sheet.set_column(7, 7, 60)
    notes = workbook.add_worksheet("Hướng dẫn")
    for index, line in enumerate(
        [
            str(_("Mỗi dòng là một tập thể hoặc một cá nhân được đề nghị.")),
            str(_("Hình thức khen thưởng: mã hoặc tên trong danh mục (ví dụ BK-BCA-TT).")),
            str(_("Đối tượng: “Tập thể” hoặc “Cá nhân” (để trống: theo hình thức).")),
            str(_("Đơn vị: mã hoặc tên đơn vị; cá nhân được tìm theo họ tên trong đơn vị đó.")),
            str(_("Không dùng công thức; cả danh sách chỉ được nhập khi mọi dòng hợp lệ.")),
        ]
    ):
        write_row(notes, index, 0, [line])
    notes.set_column(0, 0, 100)
    workbook.close()
    return buffer.getvalue()
