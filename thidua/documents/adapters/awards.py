"""Awards: proposal_list_context, decision_context, certificate_context → submission, list, decision,
certificates."""

from thidua.organisation.models import Unit

from .. import wording
from ..errors import CertificateRevoked
from .common import LEGAL_BASES, certificate_reason, parent_name, signer_lines, today_iso


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
        "issuer_parent": base.get("issuer_parent") or parent_name(issuer_unit),
        "place": place(issuer_unit),
        "date": data.get("date") or today_iso(),
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
                "note": {True: "Đủ điều kiện", None: "Cần thẩm định hồ sơ"}.get(
                    r.get("eligible"), "Chưa đủ điều kiện"
                ),
            }
            for r in recipients
        ],
        "attached_to": f"Kèm theo Tờ trình của {data.get('proposer', '')}",
        "request": f"Kính đề nghị Hội đồng Thi đua – Khen thưởng {receiver} xem xét, trình cấp có thẩm quyền khen thưởng.",
        "public_url": data.get("public_url", ""),
        "recipients": ["Như trên;", "Lưu: VT."],
    }


def split_number(number: str) -> tuple[str, str]:
    number = (number or "").strip()
    if "/" in number:
        head, symbol = number.split("/", 1)
        return head.strip(), symbol.strip()
    return number, ""


def recipient_name(r: dict) -> str:
    return " ".join(p for p in (r.get("rank", ""), r.get("name", "")) if p)


def decision(data: dict, obj, base: dict, place) -> dict:
    issuer_unit = getattr(obj, "issuer", None)
    number, symbol = split_number(str(data.get("number", "")))
    authority_line, position = signer_lines(str(data.get("signer_title", "")), str(data.get("authority", "")))
    return {
        "issuer_parent": parent_name(issuer_unit),
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
                "name": recipient_name(r) + (f", {r['position']}" if r.get("position") else ""),
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
    # Giấy khen / Bằng khen print their own name; a title (danh hiệu) is certified ("Giấy chứng nhận")
    form_name = (
        "GIẤY KHEN"
        if lowered.startswith("giấy khen")
        else "BẰNG KHEN"
        if lowered.startswith("bằng khen")
        else "GIẤY CHỨNG NHẬN"
    )
    title_line = (
        ""
        if form_name in ("GIẤY KHEN", "BẰNG KHEN")
        else f"Đạt danh hiệu “{award_title}” năm {data.get('year', '')}"
    )
    decision_obj = getattr(obj, "decision", None)
    issuer_unit = getattr(decision_obj, "issuer", None)
    authority_line, position = signer_lines(str(data.get("signer_title", "")), str(data.get("authority", "")))
    person = recipient.get("kind", "").lower().startswith("cá nhân") or bool(recipient.get("rank"))
    unit_line = recipient.get("unit", "")
    if person and recipient.get("position"):
        unit_line = f"{recipient['position']}, {unit_line}"
    reason = str(recipient.get("achievement") or "Đã có thành tích xuất sắc")
    return {
        "form_name": wording.upper(form_name),
        "authority": wording.upper(str(data.get("authority", ""))),
        "recipient": recipient_name(recipient) if person else recipient.get("name", ""),
        "recipient_unit": unit_line if unit_line != recipient.get("name") else "",
        "reason": certificate_reason(reason, str(recipient.get("name", ""))),
        "award_title": title_line,
        "place": place(issuer_unit) if issuer_unit else "Hà Nội",
        "date": data.get("date") or today_iso(),
        "decision_number": data.get("number", ""),
        "decision_date": data.get("date"),
        "public_id": str(getattr(obj, "public_id", "")),
        "qr_url": data.get("public_url", ""),
        "signer_authority": authority_line,
        "signer_position": position,
        "signer_name": data.get("signer", ""),
        "year": data.get("year"),
    }
