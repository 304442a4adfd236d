"""Conferences and voting: conference_document_context and ballot_count_minutes_context → minutes."""

import datetime
from typing import Any

from django.utils import timezone

from .. import wording
from ..errors import BallotNotTallied
from .common import text_lines, today_iso, unless_in

CONFERENCE_TYPES = {
    "quarterly": "sơ kết",
    "half_year": "sơ kết",
    "extraordinary": "sơ kết",
    "year_end": "tổng kết",
    "covenant_signing": "ký kết",
}


COUNTED = ("Đã kiểm phiếu", "Đã công bố")
GRADE_ORDER = ["Xuất sắc", "Tốt", "Khá", "Trung bình"]  # the classification bands, best first


def _result_lines(results: list[dict]) -> list[str]:
    """One sentence per counted ballot: "Hội nghị đã biểu quyết đề nghị tặng danh hiệu “X” cho A và B."."""
    lines = []
    for ballot in results or []:
        if ballot.get("status") not in COUNTED:
            continue
        graded = [r for r in ballot.get("results") or [] if r.get("grade_label")]
        if graded:  # a classification ballot: each unit's grade
            lines.append(
                f"{ballot.get('title', 'Biểu quyết')}: Hội nghị thống nhất xếp loại "
                + "; ".join(f"{r.get('label') or r.get('unit_name', '')}: {r['grade_label']}" for r in graded)
                + "."
            )
            continue
        award = str(ballot.get("award_title") or "").strip()
        winners = [
            str(w).removeprefix(f"{award}: ") if award else str(w) for w in ballot.get("winners") or []
        ]
        if award and winners:
            lines.append(
                f"Hội nghị đã biểu quyết thống nhất đề nghị tặng danh hiệu “{award}” cho {wording.join_names(winners)}."
            )
        elif winners:
            lines.append(f"{ballot.get('title', 'Biểu quyết')}: {wording.join_names(winners)} đạt.")
        else:
            lines.append(f"{ballot.get('title', 'Biểu quyết')}: không có phương án đạt.")
    return lines


def _delegations(attendance: list[dict]) -> list[str]:
    """Each unit with a delegate present, as "Unit: delegate; delegate"."""
    delegations = []
    for row in attendance:
        delegates = [d.get("text") or d.get("name") for d in row.get("delegates") or [] if d.get("present")]
        if delegates:
            delegations.append(f"{row['unit']}: {'; '.join(delegates)}")
    return delegations


def _handover_line(handover: dict) -> str:
    return (
        f"Bàn giao nhiệm vụ năm {handover['year']}: {handover['new_leader']} làm Cụm trưởng"
        + (f", {handover['new_deputy']} làm Cụm phó" if handover.get("new_deputy") else "")
        + f" ({str(handover.get('mode', '')).lower()})."
    )


def _side_event_line(event: dict) -> str:
    """A side event in one sentence: title, host, day, delegations and results."""
    text = event.get("title") or event.get("kind", "")
    if event.get("host"):
        text += f" do {event['host']} tổ chức"
    if event.get("date"):
        text += (
            f" {wording.date_vi(event['date'])}"
            if wording.partial_date(event["date"])
            else (f" ngày {wording.short_date_vi(event['date'])}")
        )
    if event.get("delegations"):
        text += f", {event['delegations']} đoàn tham gia"
    prizes = [
        f"{r['unit']} – {r.get('discipline', '')} {r.get('placing') or r.get('prize') or ''}".strip()
        for r in event.get("results") or []
    ]
    if prizes:
        text += " (kết quả: " + "; ".join(prizes) + ")"
    return text + "."


def conference(data: dict, obj, base: dict, place) -> dict:
    cluster = data.get("cluster") or {}
    period = data.get("period") or {}
    attendance = data.get("attendance") or []
    members = list(
        data.get("member_units") or [row["unit"] for row in attendance] or base.get("members") or []
    )
    delegations = _delegations(attendance)
    results = _result_lines(data.get("results") or [])
    handover = data.get("handover")
    if handover:
        results.append(_handover_line(handover))
    side_events = [_side_event_line(event) for event in data.get("side_events") or []]
    chairs = [
        {"name": c.get("text") or c.get("name") or c.get("unit", ""), "position": c.get("role", "")}
        for c in data.get("chairs") or []
    ]
    first_chair = (data.get("chairs") or [{}])[0]
    secretary: dict[str, Any] = next(
        (
            d
            for row in attendance
            for d in row.get("delegates") or []
            if "thư ký" in str(d.get("role", "")).lower()
        ),
        {},
    )
    host_unit = getattr(obj, "host", None)
    return {
        **base,
        "cluster_name": cluster.get("name") or base.get("cluster_name"),
        "owner_name": cluster.get("owner") or base.get("owner_name"),
        "leader": cluster.get("leader") or base.get("leader", ""),
        "deputy": cluster.get("deputy") or base.get("deputy", ""),
        "conference_type": CONFERENCE_TYPES.get(str(data.get("kind", "")), "sơ kết"),
        "conference_title": data.get("title") or "Hội nghị",
        "title": data.get("title") or "Hội nghị",
        "period_label": period.get("label") or str(period.get("year", "")),
        "date": data.get("date"),
        "start_time": wording.time_vi(data.get("start_time")),
        "location": data.get("venue") or data.get("host") or base.get("place", ""),
        "place": place(host_unit) if host_unit else base.get("place"),
        "host": data.get("host", ""),
        "chairs": chairs,
        "guests": [
            {
                "name": g.get("text") or g.get("name", ""),
                "position": unless_in(g.get("unit", ""), g.get("text") or g.get("name", "")),
            }
            for g in data.get("guests") or []
        ],
        "members": members,
        "delegations": delegations,
        "attendees": f"Có mặt {wording.count_with_words(data.get('present_unit_count') or 0)}/"
        f"{wording.count_with_words(data.get('member_count') or len(members))} đơn vị thành viên.",
        "proceedings": [
            " – ".join(p for p in (item.get("title", ""), item.get("presenter", "")) if p)
            + (f": {item['summary']}" if item.get("summary") else "")
            for item in data.get("agenda") or []
        ],
        "models": [
            {"unit": m.get("unit", ""), "name": m.get("name", "")} for m in data.get("named_models") or []
        ],
        "results": results,
        "side_events": side_events,
        "conclusions": text_lines(data.get("conclusions")),
        "chair": {
            "name": " ".join(p for p in (first_chair.get("rank", ""), first_chair.get("name", "")) if p),
            "position": "CHỦ TRÌ HỘI NGHỊ",
        },
        "secretary": {
            "name": " ".join(p for p in (secretary.get("rank", ""), secretary.get("name", "")) if p),
            "position": "THƯ KÝ",
        },
    }


def _tally_moment(value, conference_date) -> tuple[str, str]:
    """(time, date) of the count: its time of day, and its own day when that is not the conference's
    (a ballot counted later must not print the tally's time against the conference date)."""
    if value in (None, ""):
        return "", ""
    moment = value
    if isinstance(moment, str) and "T" in moment:
        moment = datetime.datetime.fromisoformat(moment)
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    day = wording.as_date(moment) if isinstance(moment, datetime.datetime) else None
    conference_day = wording.as_date(conference_date) if conference_date else None
    if day is not None and conference_day is not None and day != conference_day:
        return wording.time_vi(moment), day.isoformat()
    return wording.time_vi(moment), ""


def _committee(data: dict) -> list[dict]:
    """The count committee, its chair (Trưởng ban) first and named."""
    chair = str(data.get("committee_chair") or "").strip()
    members = []
    for member in data.get("committee") or []:
        if isinstance(member, dict):
            members.append(
                {
                    "name": member.get("name", ""),
                    "position": member.get("position") or member.get("unit", ""),
                    "role": member.get("role") or "Thành viên",
                }
            )
        elif str(member).strip():
            members.append({"name": str(member).strip(), "position": "", "role": "Thành viên"})
    if chair:
        members = [m for m in members if m["name"] != chair]
        members.insert(0, {"name": chair, "position": "", "role": "Trưởng ban"})
    return members


def _seal(seal: dict) -> dict:
    """The sealed box's figures for the minutes (R14): how many electronic ballots were opened, with how
    many of the committee's key shares, and the fingerprint of the published tracker list."""
    if not seal.get("sealed_opened") and not seal.get("shares_presented"):
        return {}
    return {
        "opened": int(seal.get("sealed_opened") or 0),
        "shares": int(seal.get("shares_presented") or 0),
        "threshold": int(seal.get("threshold") or 0),
        "size": int(seal.get("size") or 0),
        "trackers": int(seal.get("tracker_count") or 0),
        "fingerprint": str(seal.get("tracker_fingerprint") or ""),
    }


UNSTATED = "biên bản gốc không ghi"


def _stated(record: dict) -> dict:
    """The figures of a paper record (16.10); one the paper does not state is said so, never 0."""

    def given(value):
        return UNSTATED if value is None else value

    return {
        "present": UNSTATED,
        "issued": given(record.get("issued")),
        "collected": given(record.get("collected")),
        "valid": record.get("valid") or 0,
        "invalid": given(record.get("invalid")),
    }


def ballot(data: dict, obj, base: dict, place) -> dict:
    conference_data = data.get("conference") or {}
    cluster = data.get("cluster") or {}
    rows = data.get("results") or []
    if not rows:
        raise BallotNotTallied()
    committee = _committee(data)
    chair = next((m["name"] for m in committee if m["role"] == "Trưởng ban"), "")
    conference_obj = getattr(obj, "conference", None)
    host_unit = getattr(conference_obj, "host", None)
    conference_date = conference_data.get("date")
    time_text, count_date = _tally_moment(data.get("time"), conference_date)
    classification = data.get("kind") == "classification"
    grades = GRADE_ORDER if classification else []
    return {
        **base,
        "cluster_name": cluster.get("name") or base.get("cluster_name"),
        "ballot_title": data.get("title") or "Biểu quyết",
        "title": data.get("title") or "Biểu quyết",
        "date": conference_date or today_iso(),
        "time": time_text,
        "count_date": count_date,
        "location": data.get("place", ""),
        "place": place(host_unit) if host_unit else base.get("place"),
        "members_total": data.get("members") or 0,
        # a result recorded from its paper (16.10): a figure the paper does not state stays None
        **(
            _stated(record)
            if (record := data.get("paper_record"))
            else {
                "present": data.get("present_units") or 0,
                "issued": data.get("issued") or 0,
                "collected": data.get("collected") or 0,
                "valid": data.get("valid") or 0,
                "invalid": data.get("invalid") or 0,
            }
        ),
        "paper_record_source": (data.get("paper_record") or {}).get("source", ""),
        "invalid_reasons": list(data.get("invalid_reasons") or []),
        "rule": data.get("rule", ""),
        "quorum_met": data.get("quorum_met"),
        "base": rows[0].get("base") if rows else None,
        "grades": grades,
        "candidates": [
            {
                "name": r.get("label") or r.get("unit_name", ""),
                "votes": r.get("support") or 0,
                "percent_text": r.get("percent", ""),
                "passed": bool(r.get("is_winner")),
                **(
                    {
                        "grade": r.get("grade_label", ""),
                        "grade_votes": [int((r.get("counts") or {}).get(g) or 0) for g in grades],
                    }
                    if classification
                    else {}
                ),
            }
            for r in rows
        ],
        "committee": committee,
        "seal": _seal(data.get("seal") or {}),
        "signer_authority": "",
        "signer_position": "TRƯỞNG BAN KIỂM PHIẾU",
        "signer_name": chair,
        # the ballot's outcome_note is a system note (e.g. scores not locked): never on the paper
    }
