"""Press-release draft (tin bài) from a conference's data, in the style of the seed articles.

Deterministic: the same conference data gives the same text; no external service. The sentences
follow the seed articles' shape — dateline lead "Ngày 16/7, tại …, Cụm thi đua số 11 … tổ chức Hội
nghị …", membership and roles, guests and chairs, results, named models ("Điển hình như: …"),
discussion and resolve, side events ("Dịp này, …") — and the person edits the draft before export.
"""

from . import wording

CONFERENCE_NOUNS = {
    "sơ kết": "sơ kết",
    "tổng kết": "tổng kết",
    "ký kết": "ký kết giao ước thi đua",
    "giao ước": "ký kết giao ước thi đua",
}


def _text(value) -> str:
    return str(value or "").strip()


def _names(values, with_position: bool = True) -> list[str]:
    out = []
    for value in values or []:
        if isinstance(value, dict):
            name = _text(value.get("name"))
            position = _text(value.get("position")) if with_position else ""
            out.append(
                f"{name}, {position}" if name and position and position not in name else name or position
            )
        else:
            out.append(_text(value))
    return [v for v in out if v]


def _short_member(name: str) -> str:
    for prefix in ("Công an tỉnh ", "Công an thành phố ", "Công an Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _dateline(value) -> str:
    partial = wording.partial_date(value)
    if partial is not None:  # known only to the month or the year (16.3)
        return wording.date_vi(partial).capitalize()
    day = wording.as_date(value)
    return f"Ngày {day.day}/{day.month}" if day else "Mới đây"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _members_paragraph(c: dict, cluster: str) -> str:
    """The cluster's members, its leader and deputy ("" without members)."""
    members = [m.get("name", "") if isinstance(m, dict) else str(m) for m in c.get("members") or []]
    if not members:
        return ""
    sentence = f"{cluster} gồm Công an các tỉnh: {wording.join_names([_short_member(m) for m in members])}"
    if not all(m.startswith("Công an") for m in members):
        sentence = f"{cluster} gồm các đơn vị: {wording.join_names(members)}"
    roles = []
    if c.get("leader"):
        roles.append(f"do {_text(c['leader'])} làm Cụm trưởng")
    if c.get("deputy"):
        roles.append(f"{_text(c['deputy'])} là đơn vị Cụm phó")
    return _sentence(sentence + (", " + ", ".join(roles) if roles else ""))


def _attendance_paragraph(c: dict) -> str:
    """The guests and who chaired ("" when neither is known)."""
    guests = _names(c.get("guests"))
    chairs = _names(c.get("chairs"), with_position=False)
    attendance = []
    if guests:
        attendance.append(f"Dự hội nghị có {wording.join_names(guests, 'và')}")
    if chairs:
        verb = "đồng chủ trì" if len(chairs) > 1 else "chủ trì"
        attendance.append(f"{wording.join_names(chairs)} {verb} hội nghị")
    return ". ".join(_sentence(a)[:-1] for a in attendance) + "." if attendance else ""


def _models_paragraph(models: list) -> str:
    named = []
    for m in models:
        name = wording.quoted(_text(m.get("name") if isinstance(m, dict) else m))
        unit = _text(m.get("unit")) if isinstance(m, dict) else ""
        named.append(f"{name} của {unit}" if unit else name)
    return (
        "Nhiều mô hình, công trình, phần việc, sáng kiến được tổ chức thực hiện có hiệu quả. Điển hình như: "
        + "; ".join(named)
        + "…"
    )


def compose(c: dict) -> dict:
    """{"headline", "lead", "paragraphs": [...], "byline"} from a conference context."""
    cluster = _text(c.get("cluster_name")) or "Cụm thi đua"
    owner = _text(c.get("owner_name"))
    movement = _text(c.get("movement")) or "Vì an ninh Tổ quốc"
    conference_type = _text(c.get("conference_type")).lower() or "sơ kết"
    noun = CONFERENCE_NOUNS.get(conference_type, conference_type)
    period = _text(c.get("period_label"))
    if period.startswith("Năm "):  # "Năm 2024" reads "năm 2024" inside a sentence
        period = "n" + period[1:]
    host = _text(c.get("host"))
    place = f"tại {host}, " if host else ""
    cluster_full = f"{cluster} {owner}" if owner else cluster
    headline = f"{cluster} {noun} phong trào thi đua “{movement}” {period}".strip()
    lead = (
        f"{_dateline(c.get('date'))}, {place}{cluster_full} tổ chức Hội nghị {noun} phong trào thi đua "
        f"“{movement}” {period}".strip()
    )
    lead = _sentence(lead)
    paragraphs = [p for p in (_members_paragraph(c, cluster), _attendance_paragraph(c)) if p]

    results = [_sentence(_text(r)) for r in c.get("results") or [] if _text(r)]
    opening = (
        f"{period[:1].upper()}{period[1:]}, phong trào thi đua “{movement}” trong các đơn vị của {cluster} "
        "được triển khai sôi nổi, đi vào thực chất, gắn với nhiệm vụ chính trị được giao."
        if period
        else f"Phong trào thi đua “{movement}” trong các đơn vị của {cluster} được triển khai sôi nổi, hiệu quả."
    )
    paragraphs.append(" ".join([opening, *results]))

    models = c.get("models") or []
    if models:
        paragraphs.append(_models_paragraph(models))

    rest = "6 tháng cuối năm" if "6 tháng đầu" in period else "thời gian tới"
    paragraphs.append(
        f"Đại biểu dự Hội nghị tập trung thảo luận, trao đổi cách làm hay, kinh nghiệm tốt trong tổ chức thực hiện "
        f"phong trào thi đua “{movement}”, đưa ra các giải pháp thúc đẩy phong trào, nêu cao quyết tâm hoàn thành "
        f"đạt và vượt các chỉ tiêu thi đua {rest}."
    )
    for text in c.get("conclusions") or []:
        if _text(text):
            paragraphs.append(_sentence(_text(text)))
    for text in c.get("side_events") or []:
        if _text(text):
            paragraphs.append(_sentence("Dịp này, " + _text(text)[:1].lower() + _text(text)[1:]))
    byline = _text(c.get("byline")) or (f"Tổ biên tập {host}" if host else "Tổ biên tập")
    return {"headline": headline, "lead": lead, "paragraphs": paragraphs, "byline": byline}
