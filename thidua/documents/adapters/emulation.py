"""Emulation: covenant_document_context and period_report_document_context → covenant, period report."""

import datetime

from .. import wording
from .common import movement_name, place_text, today_iso, without_prefix


def covenant(data: dict, obj, base: dict, place) -> dict:
    movement = movement_name(str(data.get("movement", "")))
    groups = data.get("groups") or []
    rules = [
        f"Điểm thưởng: {r['title']} (+{wording.decimal_vi(r.get('points') or 0)} điểm"
        + (f", tối đa {wording.decimal_vi(r['cap'])}" if r.get("cap") else "")
        + ")"
        for r in data.get("bonus_rules") or []
    ] + [
        f"Điểm trừ: {r['title']} (−{wording.decimal_vi(abs(r.get('points') or 0))} điểm"
        + (f", tối đa {wording.decimal_vi(r['cap'])}" if r.get("cap") else "")
        + ")"
        for r in data.get("penalty_rules") or []
    ]
    return {
        **base,
        "cluster_name": data.get("cluster_name") or base.get("cluster_name"),
        "year": data.get("year") or base.get("year"),
        "leader": data.get("leader") or base.get("leader", ""),
        "deputy": data.get("deputy") or base.get("deputy", ""),
        "movement": movement,
        "slogan": data.get("slogan", ""),
        "place": place_text(str(data.get("place") or "")) or base.get("place"),
        "date": data.get("signed_on") or today_iso(),
        "title": f"Thi đua “{movement}” năm {data.get('year') or base.get('year')} của "
        f"{data.get('cluster_name') or base.get('cluster_name')}",
        "total_points": data.get("total_points"),
        "criteria": [
            {
                "code": g.get("code", ""),
                "group": g.get("title", ""),
                "max_points": g.get("max_points"),
                "items": [
                    {"code": c.get("code", ""), "name": c.get("title", ""), "max_points": c.get("max_points")}
                    for c in g.get("criteria") or []
                ],
            }
            for g in groups
        ]
        or [{"group": "Nội dung thi đua", "items": []}],
        "rules": rules,
        "signatories": [
            {
                "unit": s.get("unit", ""),
                "position": wording.upper(s.get("signer_position") or "Giám đốc"),
                "name": s.get("signer_name", ""),
            }
            for s in data.get("signatories") or []
        ],
        "status": data.get("status", ""),
    }


PERIOD_LABELS = {
    "half_year": "6 tháng đầu năm {year}",
    "nine_months": "9 tháng năm {year}",
    "year": "năm {year}",
}


def period_label(period) -> tuple[str, str]:
    """(report type, period label) of an emulation period: ("sơ kết", "6 tháng đầu năm 2024")."""
    kind = getattr(period, "kind", "")
    year = getattr(period, "year", "")
    if kind == "quarter":
        return "sơ kết", f"quý {getattr(period, 'number', 1)} năm {year}"
    return ("tổng kết" if kind == "year" else "sơ kết"), PERIOD_LABELS.get(kind, "năm {year}").format(
        year=year
    )


def _report_date(deadline) -> str:
    """A past period's report is dated at its deadline; a current one today."""
    day = wording.as_date(deadline) if deadline else None
    today = datetime.date.today()
    return (day if day and day < today else today).isoformat()


def period_report(data: dict, period, base: dict) -> dict:
    report_type, label = period_label(period)
    on_track, total = data.get("targets_on_track") or 0, data.get("targets_total") or 0
    results = []
    if total:
        results.append(
            f"Đến thời điểm báo cáo, {wording.count_with_words(on_track)}/{wording.count_with_words(total)} chỉ tiêu "
            f"đăng ký thi đua của các đơn vị trong Cụm bảo đảm tiến độ, đạt {wording.percent_of(on_track, total)}"
            + (
                f" (mục tiêu trên {wording.percent_vi(data['on_track_goal'])})."
                if data.get("on_track_goal") is not None
                else "."
            )
        )
    sections = [
        {
            "title": n["title"],
            "items": [f"{i['unit']}: {without_prefix(i['text'], i['unit'])}" for i in n.get("items") or []],
        }
        for n in data.get("narratives") or []
        if n.get("items")
    ]
    progress = [
        {
            "unit": m.get("unit", ""),
            "status": m.get("report_status", ""),
            "on_track": f"{m.get('targets_on_track', 0)}/{m.get('targets_total', 0)}",
            "share": wording.percent_vi(m["on_track_share"]) if m.get("on_track_share") is not None else "",
        }
        for m in data.get("members") or []
    ]
    return {
        **base,
        "report_type": report_type,
        "period_label": label,
        "date": _report_date(data.get("deadline")),
        "title": f"{wording.capitalize_first(report_type)} phong trào thi đua “Vì an ninh Tổ quốc” {label}",
        "results": results,
        "sections": sections,
        "progress": progress,
        "_period_id": getattr(period, "pk", None),
    }


# -- conferences and voting ---------------------------------------------------------------------
