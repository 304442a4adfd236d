"""Statistics: award counts (form × authority × collective/individual × unit × period) and the
statutory yearly forms (DOMAIN.md §9), aggregated in SQL and exported to Excel / Word."""

import datetime
import io
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.spreadsheets import write_cell, write_row
from thidua.core.text import fold
from thidua.emulation.models import Movement
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterMembership, ClusterTerm, Unit, UnitKind

from .models import AwardCategory, AwardCount, AwardRecord, RecipientKind, StatForm, Track
from .services.counts import named_in_papers


def records_in_scope(
    *,
    actor: User,
    year: int | None = None,
    cluster_term: ClusterTerm | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    as_of: datetime.date | None = None,
) -> QuerySet[AwardRecord]:
    """Award records standing on `as_of` (default: the end of the period asked for, or today): an annulled
    award (R13) is left out from its annulment date, and still counted in statistics for an earlier date."""
    as_of = as_of or date_to or timezone.localdate()
    records = AwardRecord.objects.filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of),
        unit__in=access.units_in_scope(actor, Action.VIEW),
    )
    if year:
        records = records.filter(year=year)
    if date_from:
        records = records.filter(decision_date__gte=date_from)
    if date_to:
        records = records.filter(decision_date__lte=date_to)
    if cluster_term is not None:
        records = records.filter(_member_q(cluster_term))
    return records


def _member_q(cluster_term: ClusterTerm, field: str = "unit__path") -> Q:
    members = ClusterMembership.objects.filter(term=cluster_term).values_list("unit__path", flat=True)
    paths = Q(pk__in=[])
    for path in members:
        paths |= Q(**{f"{field}__startswith": path})
    return paths


def counts_in_scope(
    *,
    actor: User,
    year: int | None = None,
    cluster_term: ClusterTerm | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> list[AwardCount]:
    """Counts without names the user may see (a unit in scope, or a cluster term they may view), each with
    `remainder` = what it adds to the named records of the same paper (services.counts)."""
    counts = AwardCount.objects.select_related("award_type", "unit", "cluster_term__cluster").filter(
        Q(unit__in=access.units_in_scope(actor, Action.VIEW))
        | Q(cluster_term__in=access.terms_in_scope(actor))
    )
    if year:
        counts = counts.filter(year=year)
    if date_from:
        counts = counts.filter(decision_date__gte=date_from)
    if date_to:
        counts = counts.filter(decision_date__lte=date_to)
    if cluster_term is not None:
        counts = counts.filter(Q(cluster_term=cluster_term) | _member_q(cluster_term))
    rows = list(counts.order_by("-year", "award_type__category", "-award_type__rank", "pk"))
    named = named_in_papers(counts=rows)
    for row in rows:
        row.named = named[row.pk]
        row.remainder = max(0, row.count - row.named)
    return rows


def award_counts(
    records: QuerySet[AwardRecord], *, unnamed: Sequence[AwardCount] = (), praise: bool = False
) -> list[dict[str, Any]]:
    """Rows: award × authority × collective/individual with counts (one GROUP BY), plus the remainders of
    the counts without names (`unnamed`, from `counts_in_scope`) in the same rows.

    The authority is the catalogue's (who may confer the award), never the free text typed on a
    record, so one award is one row. Public praise (biểu dương) is not an award: it is counted
    apart (`praise=True` gives only those rows).
    """
    kind = Q(award_type__category=AwardCategory.PRAISE)
    rows = (
        records.filter(kind if praise else ~kind)
        .values(
            "award_type__code",
            "award_type__name",
            "award_type__category",
            "award_type__rank",
            "award_type__authority",
            "recipient_kind",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    table: dict[tuple[str, str], dict[str, Any]] = {}
    order: dict[tuple[str, str], tuple] = {}

    def add(code, name, category, rank, authority, recipient_kind, count) -> None:
        key = (code, recipient_kind)
        if key not in table:
            table[key] = {
                "code": code,
                "award": name,
                "category": category,
                "authority": authority,
                "recipient_kind": str(RecipientKind(recipient_kind).label),
                "count": 0,
            }
            order[key] = (category, -rank, name, recipient_kind)
        table[key]["count"] += count

    for row in rows:
        add(
            row["award_type__code"],
            row["award_type__name"],
            row["award_type__category"],
            row["award_type__rank"],
            row["award_type__authority"],
            row["recipient_kind"],
            row["count"],
        )
    for item in unnamed:
        award = item.award_type
        if (award.category == AwardCategory.PRAISE) != praise or not item.remainder:
            continue
        add(
            award.code,
            award.name,
            award.category,
            award.rank,
            award.authority,
            item.recipient_kind,
            item.remainder,
        )
    return [table[key] for key in sorted(table, key=lambda key: order[key])]


def unit_counts(
    records: QuerySet[AwardRecord], *, unnamed: Sequence[AwardCount] = ()
) -> list[dict[str, Any]]:
    """Awards by unit (collective / individual); a cluster-level count is listed under the cluster's name."""
    rows = (
        records.exclude(award_type__category=AwardCategory.PRAISE)
        .values("unit__name", "recipient_kind")
        .annotate(count=Count("pk"))
        .order_by("unit__name", "recipient_kind")
    )
    table: dict[str, dict[str, int]] = defaultdict(lambda: {"collective": 0, "individual": 0})
    for row in rows:
        table[row["unit__name"]][row["recipient_kind"]] = row["count"]
    for item in unnamed:
        if item.award_type.category != AwardCategory.PRAISE and item.remainder:
            table[item.holder_name][item.recipient_kind] += item.remainder
    return [
        {"unit": name, **counts, "total": counts["collective"] + counts["individual"]}
        for name, counts in table.items()
    ]


def summary_sentence(counts: list[dict[str, Any]]) -> str:
    """ "1 tập thể Bằng khen của Thủ tướng Chính phủ; 10 tập thể Bằng khen của Bộ trưởng…" like the press reports."""
    parts = []
    for row in counts:
        parts.append(f"{row['count']} {row['recipient_kind'].lower()} {row['award']}")
    return "; ".join(parts)


def chart_data(counts: list[dict[str, Any]]) -> dict[str, Any]:
    labels = []
    collective: dict[str, int] = defaultdict(int)
    individual: dict[str, int] = defaultdict(int)
    for row in counts:
        if row["award"] not in labels:
            labels.append(row["award"])
        target = collective if row["recipient_kind"] == RecipientKind.COLLECTIVE.label else individual
        target[row["award"]] += row["count"]
    return {
        "labels": labels,
        "datasets": [
            {"label": str(RecipientKind.COLLECTIVE.label), "data": [collective[label] for label in labels]},
            {"label": str(RecipientKind.INDIVIDUAL.label), "data": [individual[label] for label in labels]},
        ],
    }


def counts_xlsx(counts: list[dict[str, Any]], units: list[dict[str, Any]], title: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True, "border": 1, "bg_color": "#EEF1F5"})
    cell = workbook.add_format({"border": 1})
    sheet = workbook.add_worksheet("Theo hình thức")
    write_cell(sheet, 0, 0, title, workbook.add_format({"bold": True, "font_size": 13}))
    write_row(sheet, 2, 0, ["Hình thức", "Cấp quyết định", "Đối tượng", "Số lượng"], bold)
    for index, row in enumerate(counts, start=3):
        write_row(
            sheet, index, 0, [row["award"], row["authority"], row["recipient_kind"], row["count"]], cell
        )
    sheet.set_column(0, 1, 45)
    sheet.set_column(2, 3, 14)
    by_unit = workbook.add_worksheet("Theo đơn vị")
    write_row(by_unit, 0, 0, ["Đơn vị", "Tập thể", "Cá nhân", "Tổng"], bold)
    for index, row in enumerate(units, start=1):
        write_row(by_unit, index, 0, [row["unit"], row["collective"], row["individual"], row["total"]], cell)
    by_unit.set_column(0, 0, 50)
    workbook.close()
    return buffer.getvalue()


# -- statutory forms -------------------------------------------------------------------------------


def form_for_year(year: int, family: str = "state") -> StatForm | None:
    """The form version whose circular is in force at the end of `year`."""
    day = datetime.date(year, 12, 31)
    forms = StatForm.objects.select_related("legal_basis").filter(
        Q(legal_basis__effective_from__lte=day),
        Q(legal_basis__effective_to__isnull=True) | Q(legal_basis__effective_to__gte=day),
    )
    wanted = "Nhà nước" if family == "state" else "trung ương"
    return next((f for f in forms.order_by("-legal_basis__effective_from") if wanted in f.title), None)


def _position_class(position: str, classes: list[dict[str, Any]]) -> str:
    text = fold(position)
    for item in classes:
        if any(fold(word) in text for word in item["keywords"]):
            return item["code"]
    return classes[-1]["code"] if classes else "direct"


MOVEMENT_SCOPES = [
    ("ministry", "Cấp bộ, ngành", {UnitKind.MINISTRY, UnitKind.MINISTRY_DEPARTMENT}),
    ("province", "Cấp tỉnh", {UnitKind.PROVINCIAL_POLICE}),
    (
        "base",
        "Cấp cơ sở",
        {UnitKind.PROVINCIAL_DEPARTMENT, UnitKind.DISTRICT_POLICE, UnitKind.COMMUNE_POLICE, UnitKind.OTHER},
    ),
]


def movements_in_scope(*, actor: User) -> QuerySet[Movement]:
    """Movements launched by units the user can see (the rows of forms 0701.N / 0601.N)."""
    return Movement.objects.filter(owner__in=access.units_in_scope(actor, Action.VIEW).values("pk"))


def _movement_table(layout: dict[str, Any], movements: QuerySet[Movement], year: int) -> tuple[list, list]:
    """Rows by movement kind × columns by the launching level, counting movements started in `year`."""
    columns = [{"code": "total", "label": "Tổng số"}] + [
        {"code": code, "label": label} for code, label, _kinds in MOVEMENT_SCOPES
    ]
    scope_of: dict[str, str] = {kind: code for code, _label, kinds in MOVEMENT_SCOPES for kind in kinds}
    rows = [
        {"code": r["code"], "label": r["label"], "match": r["match"], "cells": defaultdict(int)}
        for r in layout["rows"]
    ]
    for kind, owner_kind in movements.filter(start_date__year=year).values_list("kind", "owner__kind"):
        for row in rows:
            if kind in row["match"].get("movement_kind", ()):
                row["cells"]["total"] += 1
                row["cells"][scope_of.get(owner_kind, "base")] += 1
                break
    return columns, rows


def statutory_form(
    *,
    form: StatForm,
    records: QuerySet[AwardRecord],
    year: int,
    reporting_unit: Unit | None,
    receiving_unit: str,
    movements: QuerySet[Movement] | None = None,
    unnamed: Sequence[AwardCount] = (),
) -> dict[str, Any]:
    """Fill the form: rows (Mã số) × columns (total, tracks, collective, individual by class).

    Counts without names (`unnamed`) are counted in the same rows; their individuals have no position,
    so they go to a column "Cá nhân: chưa rõ chức vụ" shown only when there are some (never guessed
    into a class). Movement forms (layout source "movements") count `movements` by kind × launching
    level instead.
    """
    layout = form.layout
    if layout.get("source") == "movements":
        columns, rows = _movement_table(
            layout, movements if movements is not None else Movement.objects.none(), year
        )
        return _filled(form, year, reporting_unit, receiving_unit, columns, rows)
    classes = layout.get("position_classes", [])
    columns = (
        [{"code": "total", "label": "Tổng số"}]
        + [{"code": f"track:{value}", "label": str(label)} for value, label in Track.choices]
        + [
            {"code": "collective", "label": "Tập thể (cơ quan, đơn vị)"},
            {"code": "household", "label": "Hộ gia đình"},
        ]
        + [{"code": f"individual:{c['code']}", "label": f"Cá nhân: {c['label']}"} for c in classes]
    )
    data = records.filter(year=year).values_list(
        "award_type__code", "award_type__state_kind", "track", "recipient_kind", "position"
    )
    rows = [
        {"code": r["code"], "label": r["label"], "match": r["match"], "cells": defaultdict(int)}
        for r in layout["rows"]
    ]

    def count(code, state_kind, track, kind, individual_column, number) -> None:
        for row in rows:
            match = row["match"]
            if state_kind in match.get("state_kind", ()) or code in match.get("award", ()):
                cells = row["cells"]
                cells["total"] += number
                cells[f"track:{track}"] += number
                if kind == RecipientKind.COLLECTIVE:
                    cells["collective"] += number
                else:
                    cells[individual_column] += number
                break

    for code, state_kind, track, kind, position in data.iterator():
        count(code, state_kind, track, kind, f"individual:{_position_class(position, classes)}", 1)
    unknown = [c for c in unnamed if c.year == year and c.remainder]
    if any(c.recipient_kind == RecipientKind.INDIVIDUAL for c in unknown):
        columns.append({"code": "individual:unknown", "label": "Cá nhân: chưa rõ chức vụ (chỉ có số lượng)"})
    for item in unknown:
        award = item.award_type
        count(
            award.code,
            award.state_kind,
            item.track,
            item.recipient_kind,
            "individual:unknown",
            item.remainder,
        )
    return _filled(form, year, reporting_unit, receiving_unit, columns, rows)


def _filled(
    form: StatForm, year: int, reporting_unit: Unit | None, receiving_unit: str, columns: list, rows: list
) -> dict[str, Any]:
    """The form's header block and table, with row 01 = the sum of the other rows."""
    total: dict[str, Any] = {"code": "01", "label": "Tổng số", "cells": defaultdict(int)}
    for row in rows:
        for key, value in row["cells"].items():
            total["cells"][key] += value
    table = [total, *rows]
    return {
        "form": form,
        "code": form.code,
        "circular": form.legal_basis.title,
        "circular_code": form.legal_basis.code,
        "is_verified": form.is_verified and form.legal_basis.is_verified,
        "title": form.title,
        "year": year,
        "reporting_unit": reporting_unit.name if reporting_unit else "",
        "receiving_unit": receiving_unit,
        "columns": columns,
        "rows": [
            {
                "code": r["code"],
                "label": r["label"],
                "values": [r["cells"].get(c["code"], 0) for c in columns],
            }
            for r in table
        ],
    }


def statutory_xlsx(filled: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(filled["code"].split("/")[0])
    bold = workbook.add_format({"bold": True})
    center = workbook.add_format({"bold": True, "align": "center", "font_size": 13})
    head = workbook.add_format(
        {"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}
    )
    cell = workbook.add_format({"border": 1})
    write_cell(sheet, 0, 0, f"Biểu số: {filled['code']}", bold)
    write_cell(sheet, 1, 0, f"Ban hành kèm theo {filled['circular']}")
    write_cell(sheet, 2, 0, f"Đơn vị báo cáo: {filled['reporting_unit']}")
    write_cell(sheet, 3, 0, f"Đơn vị nhận báo cáo: {filled['receiving_unit']}")
    sheet.merge_range(5, 0, 5, len(filled["columns"]) + 1, filled["title"].upper(), center)
    sheet.merge_range(6, 0, 6, len(filled["columns"]) + 1, f"Năm {filled['year']}", center)
    write_row(sheet, 8, 0, ["Mã số", "Chỉ tiêu", *[c["label"] for c in filled["columns"]]], head)
    for index, row in enumerate(filled["rows"], start=9):
        write_row(sheet, index, 0, [row["code"], row["label"], *row["values"]], cell)
    sheet.set_row(8, 60)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 38)
    sheet.set_column(2, len(filled["columns"]) + 1, 12)
    workbook.close()
    return buffer.getvalue()


def statutory_docx(filled: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    document.add_paragraph(f"Biểu số: {filled['code']}").runs[0].bold = True
    document.add_paragraph(f"Ban hành kèm theo {filled['circular']}")
    document.add_paragraph(f"Đơn vị báo cáo: {filled['reporting_unit']}")
    document.add_paragraph(f"Đơn vị nhận báo cáo: {filled['receiving_unit']}")
    title = document.add_paragraph(filled["title"].upper())
    title.runs[0].bold = True
    document.add_paragraph(f"Năm {filled['year']}")
    table = document.add_table(rows=1, cols=len(filled["columns"]) + 2)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["Mã số", "Chỉ tiêu", *[c["label"] for c in filled["columns"]]], strict=True
    ):
        cell.text = text
    for row in filled["rows"]:
        cells = table.add_row().cells
        for cell, value in zip(cells, [row["code"], row["label"], *row["values"]], strict=True):
            cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
