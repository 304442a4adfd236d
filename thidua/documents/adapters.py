"""Map each capability's context dict (its selectors' contract) onto the template keys of kinds.py.

Inputs are the dicts returned by emulation.covenant_document_context / period_report_document_context,
conferences.conference_document_context, voting.ballot_count_minutes_context and
awards.proposal_list_context / decision_context / certificate_context, plus the source record for
the few facts those dicts leave out (the place of the issuing unit, a period's kind).
"""

import datetime
import re
from typing import Any

from thidua.organisation.models import Unit

from . import wording
from .errors import BallotNotTallied, CertificateRevoked

LEGAL_BASES = [
    "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
]


def movement_name(text: str) -> str:
    """ "Phong trào thi đua “Vì an ninh Tổ quốc”" → "Vì an ninh Tổ quốc"."""
    text = (text or "").strip()
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]", text)
    if quoted:
        return quoted.group(1).strip()
    for prefix in ("Phong trào thi đua", "phong trào thi đua"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    return text.strip("“”\"' ") or "Vì an ninh Tổ quốc"


def _today() -> str:
    return datetime.date.today().isoformat()


def _lines(text: Any) -> list[str]:
    if not text:
        return []
    if isinstance(text, list):
        return [str(t).strip() for t in text if str(t).strip()]
    return [line.strip(" -•\t") for line in str(text).splitlines() if line.strip(" -•\t")]


def _place_text(text: str) -> str:
    """ "Công an tỉnh Sóc Trăng" → "Sóc Trăng" (the place line names a locality, not a unit)."""
    for prefix in ("Công an tỉnh ", "Công an thành phố ", "Công an Thành phố ", "Hội trường "):
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text.strip()


def _without_prefix(text: str, unit: str) -> str:
    text = str(text).strip()
    return text[len(unit) :].lstrip(" :–-") if unit and text.startswith(unit) else text


def _reason(text: str) -> str:
    """The certificate's line under the recipient: "Đã có thành tích …"."""
    text = text.strip()
    if text.lower().startswith("đã"):
        return text
    if text.lower().startswith("thành tích"):
        return f"Đã có {text[:1].lower()}{text[1:]}"
    return f"Đã có thành tích {text[:1].lower()}{text[1:]}"


def _unless_in(extra: str, text: str) -> str:
    """`extra` unless `text` already says it (a guest's unit often appears in their title)."""
    return "" if not extra or extra in text else extra


def _parent_name(unit: Unit | None) -> str:
    return wording.upper(unit.parent.name) if unit is not None and unit.parent_id else ""


def _signer(title: str, authority: str) -> tuple[str, str]:
    """(authority line, position): a deputy signs "KT." for the head (ND30 Phụ lục I)."""
    title = (title or "").strip()
    head = " ".join((authority or "").split()[:2])
    if title.lower().startswith(("phó", "thứ trưởng")) and head:
        return f"KT. {wording.upper(head)}", wording.upper(title)
    return "", wording.upper(title)


# -- emulation ----------------------------------------------------------------------------------


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
        "place": _place_text(str(data.get("place") or "")) or base.get("place"),
        "date": data.get("signed_on") or _today(),
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
            "items": [f"{i['unit']}: {_without_prefix(i['text'], i['unit'])}" for i in n.get("items") or []],
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

CONFERENCE_TYPES = {
    "quarterly": "sơ kết",
    "half_year": "sơ kết",
    "extraordinary": "sơ kết",
    "year_end": "tổng kết",
    "covenant_signing": "ký kết",
}


COUNTED = ("Đã kiểm phiếu", "Đã công bố")


def _result_lines(results: list[dict]) -> list[str]:
    """One sentence per counted ballot: "Hội nghị đã biểu quyết đề nghị tặng danh hiệu “X” cho A và B."."""
    lines = []
    for ballot in results or []:
        if ballot.get("status") not in COUNTED:
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


def conference(data: dict, obj, base: dict, place) -> dict:
    cluster = data.get("cluster") or {}
    period = data.get("period") or {}
    attendance = data.get("attendance") or []
    members = list(
        data.get("member_units") or [row["unit"] for row in attendance] or base.get("members") or []
    )
    delegations = []
    for row in attendance:
        delegates = [d.get("text") or d.get("name") for d in row.get("delegates") or [] if d.get("present")]
        if delegates:
            delegations.append(f"{row['unit']}: {'; '.join(delegates)}")
    results = _result_lines(data.get("results") or [])
    handover = data.get("handover")
    if handover:
        results.append(
            f"Bàn giao nhiệm vụ năm {handover['year']}: {handover['new_leader']} làm Cụm trưởng"
            + (f", {handover['new_deputy']} làm Cụm phó" if handover.get("new_deputy") else "")
            + f" ({str(handover.get('mode', '')).lower()})."
        )
    side_events = []
    for event in data.get("side_events") or []:
        text = event.get("title") or event.get("kind", "")
        if event.get("host"):
            text += f" do {event['host']} tổ chức"
        if event.get("date"):
            text += f" ngày {wording.short_date_vi(event['date'])}"
        if event.get("delegations"):
            text += f", {event['delegations']} đoàn tham gia"
        prizes = [
            f"{r['unit']} – {r.get('discipline', '')} {r.get('placing') or r.get('prize') or ''}".strip()
            for r in event.get("results") or []
        ]
        if prizes:
            text += " (kết quả: " + "; ".join(prizes) + ")"
        side_events.append(text + ".")
    chairs = [
        {"name": c.get("text") or c.get("name") or c.get("unit", ""), "position": c.get("role", "")}
        for c in data.get("chairs") or []
    ]
    first_chair = (data.get("chairs") or [{}])[0]
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
                "position": _unless_in(g.get("unit", ""), g.get("text") or g.get("name", "")),
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
        "conclusions": _lines(data.get("conclusions")),
        "chair": {"name": first_chair.get("name", ""), "position": "CHỦ TRÌ HỘI NGHỊ"},
        "secretary": {"name": "", "position": "THƯ KÝ"},
    }


def ballot(data: dict, obj, base: dict, place) -> dict:
    conference_data = data.get("conference") or {}
    cluster = data.get("cluster") or {}
    rows = data.get("results") or []
    if not rows:
        raise BallotNotTallied()
    committee = []
    for member in data.get("committee") or []:
        if isinstance(member, dict):
            committee.append(
                {
                    "name": member.get("name", ""),
                    "position": member.get("position") or member.get("unit", ""),
                    "role": member.get("role") or "Thành viên",
                }
            )
        elif str(member).strip():
            committee.append({"name": str(member), "position": "", "role": "Thành viên"})
    conference_obj = getattr(obj, "conference", None)
    host_unit = getattr(conference_obj, "host", None)
    return {
        **base,
        "cluster_name": cluster.get("name") or base.get("cluster_name"),
        "ballot_title": data.get("title") or "Biểu quyết",
        "title": data.get("title") or "Biểu quyết",
        "date": conference_data.get("date") or _today(),
        "time": wording.time_vi(data.get("time")),
        "location": data.get("place", ""),
        "place": place(host_unit) if host_unit else base.get("place"),
        "members_total": data.get("members") or 0,
        "present": data.get("present_units") or 0,
        "issued": data.get("issued") or 0,
        "collected": data.get("collected") or 0,
        "valid": data.get("valid") or 0,
        "invalid": data.get("invalid") or 0,
        "invalid_reasons": list(data.get("invalid_reasons") or []),
        "rule": data.get("rule", ""),
        "quorum_met": data.get("quorum_met"),
        "base": rows[0].get("base") if rows else None,
        "candidates": [
            {
                "name": r.get("label") or r.get("unit_name", ""),
                "votes": r.get("support") or 0,
                "percent_text": r.get("percent", ""),
                "passed": bool(r.get("is_winner")),
            }
            for r in rows
        ],
        "committee": committee,
        "signer_authority": "",
        "signer_position": "TRƯỞNG BAN KIỂM PHIẾU",
        "signer_name": data.get("committee_chair", ""),
        "outcome_note": data.get("outcome_note", ""),
    }


# -- awards -------------------------------------------------------------------------------------


def _batch_issuer(obj) -> Unit | None:
    term = getattr(obj, "cluster_term", None)
    if term is not None:
        return term.leader or term.cluster.owner
    return getattr(obj, "unit", None)


def proposal(data: dict, obj, base: dict, place) -> dict:
    issuer_unit = _batch_issuer(obj)
    recipients = data.get("recipients") or []
    receiver = data.get("receiver") or "cấp có thẩm quyền"
    header = {
        "issuer": wording.upper(base.get("cluster_name") or data.get("issuer") or ""),
        "issuer_parent": base.get("issuer_parent") or _parent_name(issuer_unit),
        "place": place(issuer_unit),
        "date": data.get("date") or _today(),
        "number": data.get("number", ""),
    }
    if not base:
        header["signer_authority"] = ""
        header["signer_position"] = (
            "GIÁM ĐỐC" if issuer_unit and issuer_unit.name.startswith("Công an") else "THỦ TRƯỞNG ĐƠN VỊ"
        )
    return {
        **base,
        **header,
        "title": data.get("title", ""),
        "year": data.get("year"),
        "recipient": f"Hội đồng Thi đua – Khen thưởng {receiver}",
        "bases": LEGAL_BASES,
        "summary": [
            f"Căn cứ thành tích năm {data.get('year')}, {data.get('proposer', '')} đề nghị khen thưởng "
            f"({str(data.get('track', '')).lower()}) cho {wording.count_with_words(len(recipients))} tập thể, cá nhân."
        ],
        "proposals": [{"name": r.get("name", ""), "form": r.get("title", "")} for r in recipients],
        "rows": [
            {
                "name": r.get("name", ""),
                "unit": r.get("unit", ""),
                "form": r.get("title", ""),
                "achievement": r.get("achievement", ""),
                "note": "Đủ điều kiện" if r.get("eligible") else "Chưa đủ điều kiện",
            }
            for r in recipients
        ],
        "attached_to": f"Kèm theo Tờ trình của {data.get('proposer', '')}",
        "request": f"Kính đề nghị Hội đồng Thi đua – Khen thưởng {receiver} xem xét, trình cấp có thẩm quyền khen thưởng.",
        "public_url": data.get("public_url", ""),
        "recipients": ["Như trên;", "Lưu: VT."],
    }


def _split_number(number: str) -> tuple[str, str]:
    number = (number or "").strip()
    if "/" in number:
        head, symbol = number.split("/", 1)
        return head.strip(), symbol.strip()
    return number, ""


def _recipient_name(r: dict) -> str:
    return " ".join(p for p in (r.get("rank", ""), r.get("name", "")) if p)


def decision(data: dict, obj, base: dict, place) -> dict:
    issuer_unit = getattr(obj, "issuer", None)
    number, symbol = _split_number(str(data.get("number", "")))
    authority_line, position = _signer(str(data.get("signer_title", "")), str(data.get("authority", "")))
    return {
        "issuer_parent": _parent_name(issuer_unit),
        "issuer": wording.upper(str(data.get("issuer", ""))),
        "number": number,
        "symbol": symbol or "QĐ",
        "place": place(issuer_unit) if issuer_unit else "Hà Nội",
        "date": data.get("date"),
        "authority": wording.upper(str(data.get("authority", ""))),
        "title": data.get("summary") or "Về việc khen thưởng",
        "bases": [*LEGAL_BASES, "Xét đề nghị của Hội đồng Thi đua – Khen thưởng."],
        "awards": [
            {
                "name": _recipient_name(r) + (f", {r['position']}" if r.get("position") else ""),
                "unit": r.get("unit", ""),
                "form": r.get("title", ""),
                "reason": r.get("achievement", ""),
            }
            for r in data.get("recipients") or []
            if not r.get("revoked")
        ],
        "public_id": str(getattr(obj, "public_id", "")),
        "qr_url": data.get("public_url", ""),
        "signer_authority": authority_line,
        "signer_position": position,
        "signer_name": data.get("signer", ""),
        "recipients": ["Như Điều 3;", "Lưu: VT."],
    }


def certificate(data: dict, obj, base: dict, place) -> dict:
    if data.get("revoked"):
        raise CertificateRevoked()
    recipient = (data.get("recipients") or [{}])[0]
    award_title = str(recipient.get("title", ""))
    lowered = award_title.lower()
    form_name = (
        "GIẤY KHEN"
        if lowered.startswith("giấy khen")
        else "BẰNG KHEN"
        if lowered.startswith("bằng khen")
        else award_title
    )
    decision_obj = getattr(obj, "decision", None)
    issuer_unit = getattr(decision_obj, "issuer", None)
    authority_line, position = _signer(str(data.get("signer_title", "")), str(data.get("authority", "")))
    person = recipient.get("kind", "").lower().startswith("cá nhân") or bool(recipient.get("rank"))
    unit_line = recipient.get("unit", "")
    if person and recipient.get("position"):
        unit_line = f"{recipient['position']}, {unit_line}"
    reason = str(recipient.get("achievement") or "Đã có thành tích xuất sắc")
    return {
        "form_name": wording.upper(form_name),
        "authority": wording.upper(str(data.get("authority", ""))),
        "recipient": _recipient_name(recipient) if person else recipient.get("name", ""),
        "recipient_unit": unit_line if unit_line != recipient.get("name") else "",
        "reason": _reason(reason),
        "place": place(issuer_unit) if issuer_unit else "Hà Nội",
        "date": data.get("date") or _today(),
        "decision_number": data.get("number", ""),
        "decision_date": data.get("date"),
        "public_id": str(getattr(obj, "public_id", "")),
        "qr_url": data.get("public_url", ""),
        "signer_authority": authority_line,
        "signer_position": position,
        "signer_name": data.get("signer", ""),
        "year": data.get("year"),
    }


ADAPTERS = {
    "covenant": covenant,
    "conference_minutes": conference,
    "press_release": conference,
    "vote_count_minutes": ballot,
    "submission": proposal,
    "proposal_list": proposal,
    "decision": decision,
    "certificate": certificate,
    "certificate_overlay": certificate,
}
