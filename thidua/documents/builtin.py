"""The built-in layouts of every kind (used when no uploaded template applies).

Each builder takes the context (keys in kinds.py) and fills a layout.Paper; optional keys have
wording defaults, so a minimal context still gives a complete paper.
"""

import io
from collections.abc import Callable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from . import qr, wording
from .kinds import KINDS
from .layout import CENTER, LEFT, MOTTO, NATIONAL_TITLE, RIGHT, Paper, no_spacing, set_font, set_widths

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
RED = RGBColor(0xC0, 0x10, 0x10)


def _name(item) -> str:
    if isinstance(item, dict):
        return str(item.get("name") or item.get("unit") or "")
    return str(item)


def _person(item) -> str:
    if isinstance(item, dict):
        parts = [str(item.get("name", "")).strip(), str(item.get("position", "")).strip()]
        return " – ".join(p for p in parts if p)
    return str(item)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _symbol(kind_code: str, context: dict) -> str:
    if context.get("symbol") not in (None, ""):
        return str(context["symbol"])
    abbreviation = KINDS[kind_code].abbreviation
    code = str(context.get("issuer_code", "")).strip()
    return f"{abbreviation}-{code}" if code else abbreviation


def _header(paper: Paper, kind_code: str, c: dict) -> None:
    paper.header(
        issuer_parent=str(c.get("issuer_parent", "")),
        issuer=str(c["issuer"]),
        number=c.get("number", ""),
        symbol=_symbol(kind_code, c),
        place=str(c.get("place", "")),
        date=c.get("date"),
    )


def _sign(paper: Paper, c: dict, recipients_default=("Lưu: VT.",)) -> None:
    paper.signature(
        authority=str(c.get("signer_authority", "")),
        position=str(c.get("signer_position", "")),
        name=str(c.get("signer_name", "")),
        recipients=_list(c.get("recipients")) or list(recipients_default),
    )


def _movement(c: dict) -> str:
    return str(c.get("movement") or "Vì an ninh Tổ quốc")


def _members_sentence(c: dict) -> str:
    members = [_name(m) for m in _list(c.get("members"))]
    sentence = f"{c['cluster_name']} gồm {wording.count_with_words(len(members))} đơn vị: {wording.join_names(members)}"
    roles = []
    if c.get("leader"):
        roles.append(f"{_name(c['leader'])} là đơn vị Cụm trưởng")
    if c.get("deputy"):
        roles.append(f"{_name(c['deputy'])} là đơn vị Cụm phó")
    return sentence + ("; " + ", ".join(roles) if roles else "") + "."


# -- administrative papers ----------------------------------------------------------------------


def plan(paper: Paper, c: dict) -> None:
    _header(paper, "plan", c)
    paper.title("KẾ HOẠCH", c["title"])
    paper.heading("I. MỤC ĐÍCH, YÊU CẦU")
    purposes = _list(c.get("purposes")) or [
        f"Triển khai sâu rộng phong trào thi đua “{_movement(c)}” năm {c['year']} trong các đơn vị của "
        f"{c['cluster_name']}."
    ]
    paper.bullets(purposes + _list(c.get("requirements")))
    paper.heading("II. THÀNH PHẦN")
    paper.paragraph(_members_sentence(c))
    paper.heading("III. NỘI DUNG, THỜI GIAN THỰC HIỆN")
    activities = _list(c.get("activities"))
    if activities:
        rows = [
            [i, a.get("time", ""), a.get("content", ""), a.get("host", "")]
            for i, a in enumerate(activities, 1)
        ]
        paper.table(["TT", "Thời gian", "Nội dung", "Đơn vị chủ trì"], rows, [12, 35, 75, 43])
    else:
        paper.paragraph(
            "Tổ chức Hội nghị ký kết giao ước thi đua, Hội nghị sơ kết 6 tháng và Hội nghị tổng kết năm theo "
            "thời gian do đơn vị Cụm trưởng thông báo."
        )
    paper.heading("IV. TỔ CHỨC THỰC HIỆN")
    paper.paragraph(
        "Các đơn vị trong Cụm căn cứ Kế hoạch này tổ chức thực hiện; quá trình thực hiện có khó khăn, vướng mắc "
        "báo cáo về đơn vị Cụm trưởng để tổng hợp, thống nhất giải quyết."
    )
    _sign(paper, c)


def covenant(paper: Paper, c: dict) -> None:
    _header(paper, "covenant", c)
    summary = c.get("title") or f"Thi đua “{_movement(c)}” năm {c['year']}"
    paper.title("GIAO ƯỚC THI ĐUA", summary)
    members = [_name(m) for m in _list(c.get("members"))]
    paper.paragraph(
        f"Thực hiện phong trào thi đua “{_movement(c)}” năm {c['year']}, các đơn vị thành viên {c['cluster_name']} "
        f"gồm: {wording.join_names(members)} thống nhất ký kết giao ước thi đua với các nội dung sau:"
    )
    if c.get("slogan"):
        paper.paragraph(f"Khẩu hiệu hành động: “{c['slogan']}”.", italic=True)
    paper.heading("I. NỘI DUNG, CHỈ TIÊU VÀ THANG ĐIỂM THI ĐUA")
    rows: list[list] = []
    total = 0.0
    for group_index, group in enumerate(_list(c.get("criteria"))):
        items = _list(group.get("items")) if isinstance(group, dict) else []
        group_points = sum(float(item.get("max_points") or 0) for item in items)
        if isinstance(group, dict) and not items and group.get("max_points"):
            group_points = float(group["max_points"])
        total += group_points
        label = ROMAN[group_index] if group_index < len(ROMAN) else str(group_index + 1)
        if isinstance(group, dict) and group.get("code"):
            label = str(group["code"])
        rows.append(
            [
                label,
                _name(group) if not isinstance(group, dict) else group.get("group", ""),
                wording.decimal_vi(group_points),
            ]
        )
        for item_index, item in enumerate(items, 1):
            code = item.get("code") or item_index
            rows.append([code, item.get("name", ""), wording.decimal_vi(item.get("max_points") or 0)])
    declared = c.get("total_points") or total
    rows.append(["", "Tổng cộng", wording.decimal_vi(declared)])
    paper.table(["TT", "Nội dung, chỉ tiêu thi đua", "Điểm tối đa"], rows, [15, 120, 30])
    rules = _list(c.get("rules"))
    if rules:
        paper.paragraph("Điểm thưởng, điểm trừ:", bold=True)
        paper.bullets(rules)
    registrations = _list(c.get("registrations"))
    if registrations:
        paper.heading("II. ĐĂNG KÝ DANH HIỆU THI ĐUA")
        paper.table(
            ["TT", "Đơn vị", "Danh hiệu đăng ký"],
            [[i, r.get("unit", ""), r.get("titles", "")] for i, r in enumerate(registrations, 1)],
            [15, 75, 75],
        )
    paper.heading(f"{'III' if registrations else 'II'}. TỔ CHỨC THỰC HIỆN")
    paper.paragraph(
        "Các đơn vị ký kết có trách nhiệm tổ chức thực hiện nghiêm túc các nội dung giao ước; kết quả thực hiện "
        "là căn cứ để chấm điểm, bình xét, suy tôn và đề nghị khen thưởng cuối năm."
    )
    signatories = _list(c.get("signatories")) or [
        {"unit": m, "position": "GIÁM ĐỐC", "name": ""} for m in members
    ]
    signers = [
        {
            "authority": f"ĐẠI DIỆN {wording.upper(s.get('unit', ''))}",
            "position": s.get("position", ""),
            "name": s.get("name", ""),
        }
        for s in signatories
    ]
    for start in range(0, len(signers), 3):
        paper.signatures(signers[start : start + 3])


def period_report(paper: Paper, c: dict) -> None:
    _header(paper, "period_report", c)
    report_type = str(c["report_type"])
    summary = c.get("title") or (
        f"{wording.capitalize_first(report_type)} phong trào thi đua “{_movement(c)}” {c['period_label']}"
    )
    paper.title("BÁO CÁO", summary)
    paper.heading("I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA")
    situation = _list(c.get("situation")) or [
        f"{c['period_label'][:1].upper()}{c['period_label'][1:]}, các đơn vị trong {c['cluster_name']} đã triển khai "
        f"thực hiện phong trào thi đua “{_movement(c)}” gắn với nhiệm vụ chính trị được giao."
    ]
    for text in situation:
        paper.paragraph(text)
    paper.bullets(_list(c.get("results")))
    for section in _list(c.get("sections")):
        paper.paragraph(f"{section.get('title', '')}:", bold=True)
        paper.bullets(_list(section.get("items")))
    progress = _list(c.get("progress"))
    if progress:
        paper.paragraph("Tiến độ thực hiện chỉ tiêu đăng ký của các đơn vị:", bold=True)
        paper.table(
            ["TT", "Đơn vị", "Báo cáo", "Chỉ tiêu đúng tiến độ", "Tỷ lệ"],
            [
                [i, p.get("unit", ""), p.get("status", ""), p.get("on_track", ""), p.get("share", "")]
                for i, p in enumerate(progress, 1)
            ],
            [12, 63, 35, 30, 25],
        )
    models = _list(c.get("models"))
    if models:
        paper.paragraph("Các mô hình, điển hình tiên tiến nổi bật:", bold=True)
        paper.bullets(
            [
                f"{wording.quoted(m.get('name', ''))} của {m.get('unit', '')}" if isinstance(m, dict) else m
                for m in models
            ]
        )
    awards = _list(c.get("awards"))
    if awards:
        paper.paragraph("Công tác khen thưởng:", bold=True)
        paper.bullets(awards)
    scores = _list(c.get("scores"))
    if scores:
        paper.paragraph("Kết quả chấm điểm thi đua:", bold=True)
        rows = [
            [
                s.get("rank", i),
                s.get("unit", ""),
                wording.decimal_vi(s.get("score", 0)),
                s.get("classification", ""),
            ]
            for i, s in enumerate(scores, 1)
        ]
        paper.table(["Xếp hạng", "Đơn vị", "Tổng điểm", "Xếp loại"], rows, [22, 78, 30, 35])
    paper.heading("II. TỒN TẠI, HẠN CHẾ")
    paper.bullets(_list(c.get("limitations")) or ["Không có tồn tại, hạn chế lớn cần báo cáo."])
    paper.heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    paper.bullets(
        _list(c.get("directions"))
        or [f"Tiếp tục đẩy mạnh phong trào thi đua “{_movement(c)}”, hoàn thành các chỉ tiêu đã đăng ký."]
    )
    _sign(paper, c)


def conference_minutes(paper: Paper, c: dict) -> None:
    _header(paper, "conference_minutes", c)
    paper.title("BIÊN BẢN", c.get("title") or c["conference_title"])
    start = f"Vào hồi {c['start_time']}, " if c.get("start_time") else "Vào "
    paper.paragraph(
        f"{start}{wording.date_vi(c['date'])}, tại {c['location']}, {c['cluster_name']} tổ chức {c['conference_title']}."
    )
    paper.heading("I. THÀNH PHẦN THAM DỰ")
    section = 1
    guests = _list(c.get("guests"))
    if guests:
        paper.paragraph(f"{section}. Đại biểu:", bold=True)
        paper.bullets([_person(g) for g in guests])
        section += 1
    chairs = _list(c.get("chairs"))
    if chairs:
        paper.paragraph(f"{section}. Chủ trì hội nghị:", bold=True)
        paper.bullets([_person(p) for p in chairs])
        section += 1
    if c.get("host"):
        paper.paragraph(f"{section}. Đơn vị đăng cai: {_name(c['host'])}.", bold=False)
        section += 1
    paper.paragraph(f"{section}. Các đơn vị thành viên:", bold=True)
    paper.bullets([_name(m) for m in _list(c.get("members"))])
    delegations = _list(c.get("delegations"))
    if delegations:
        paper.paragraph(f"{section + 1}. Đại diện các đơn vị:", bold=True)
        paper.bullets(delegations)
    if c.get("attendees"):
        paper.paragraph(str(c["attendees"]))
    paper.heading("II. NỘI DUNG HỘI NGHỊ")
    paper.bullets(
        _list(c.get("proceedings")) or [f"Hội nghị tiến hành theo chương trình {c['conference_title']}."]
    )
    models = _list(c.get("models"))
    if models:
        paper.paragraph("Các mô hình, điển hình được giới thiệu tại hội nghị:", bold=True)
        paper.bullets(
            [
                f"{wording.quoted(m.get('name', ''))} ({m.get('unit', '')})" if isinstance(m, dict) else m
                for m in models
            ]
        )
    side_events = _list(c.get("side_events"))
    if side_events:
        paper.paragraph("Hoạt động bên lề:", bold=True)
        paper.bullets(side_events)
    paper.heading("III. KẾT QUẢ HỘI NGHỊ")
    paper.bullets(
        _list(c.get("results")) + _list(c.get("conclusions"))
        or ["Hội nghị thống nhất các nội dung đã thảo luận."]
    )
    end = f"vào hồi {c['end_time']} cùng ngày" if c.get("end_time") else "cùng ngày"
    paper.paragraph(
        f"Hội nghị kết thúc {end}. Biên bản đã được thông qua trước hội nghị, các đại biểu dự họp thống nhất "
        "với nội dung biên bản."
    )
    secretary = c.get("secretary") or {"position": "THƯ KÝ", "name": ""}
    chair = c.get("chair") or {"position": "CHỦ TRÌ HỘI NGHỊ", "name": _name((chairs or [""])[0])}
    paper.signatures(
        [
            {"position": secretary.get("position", "THƯ KÝ"), "name": secretary.get("name", "")},
            {"position": chair.get("position", "CHỦ TRÌ HỘI NGHỊ"), "name": chair.get("name", "")},
        ]
    )


def vote_rows(c: dict) -> tuple[list[dict], int]:
    """Per-candidate count, share of the base and result (R16: passes when share > threshold)."""
    base_key = str(c.get("threshold_base") or "present")
    base = int(
        c.get("base")
        or {
            "present": c.get("present"),
            "members": c.get("members_total"),
            "valid_ballots": c.get("valid"),
        }.get(base_key, c.get("present"))
        or 0
    )
    threshold = float(c.get("threshold_pct") or 50)
    rows = []
    for candidate in _list(c.get("candidates")):
        votes = int(candidate.get("votes") or 0)
        passed = candidate.get("passed")
        if passed is None:
            passed = base > 0 and votes * 100 / base > threshold
        rows.append(
            {
                "name": _name(candidate),
                "votes": votes,
                "percent": candidate.get("percent_text") or wording.percent_of(votes, base),
                "passed": bool(passed),
            }
        )
    return rows, base


def vote_count_minutes(paper: Paper, c: dict) -> None:
    _header(paper, "vote_count_minutes", c)
    paper.title("BIÊN BẢN KIỂM PHIẾU", c.get("title") or c["ballot_title"])
    when = f"Vào hồi {c['time']}, " if c.get("time") else "Vào "
    where = f", tại {c['location']}" if c.get("location") else ""
    paper.paragraph(
        f"{when}{wording.date_vi(c['date'])}{where}, Ban Kiểm phiếu {c['cluster_name']} tiến hành kiểm phiếu "
        f"{_lower_first(str(c['ballot_title']))}."
    )
    committee = _list(c.get("committee"))
    if committee:
        paper.heading("I. BAN KIỂM PHIẾU")
        paper.bullets(
            [f"{m.get('name', '')}, {m.get('position', '')} – {m.get('role', '')}" for m in committee]
        )
    paper.heading(f"{'II' if committee else 'I'}. KẾT QUẢ KIỂM PHIẾU")
    for label, key in [
        ("Tổng số đơn vị thành viên", "members_total"),
        ("Số đơn vị có mặt", "present"),
        ("Số phiếu phát ra", "issued"),
        ("Số phiếu thu vào", "collected"),
        ("Số phiếu hợp lệ", "valid"),
        ("Số phiếu không hợp lệ", "invalid"),
    ]:
        paper.paragraph(f"- {label}: {wording.count_with_words(int(c.get(key) or 0))}.")
    for reason in _list(c.get("invalid_reasons")):
        paper.paragraph(f"  + Phiếu không hợp lệ: {reason}.")
    if c.get("quorum_met") is not None:
        paper.paragraph(
            "- Số đơn vị có mặt "
            + ("đủ" if c["quorum_met"] else "không đủ")
            + " tỷ lệ tối thiểu để biểu quyết."
        )
    if c.get("rule"):
        paper.paragraph(f"- Nguyên tắc: {c['rule']}.")
    rows, base = vote_rows(c)
    paper.table(
        ["TT", "Đơn vị / cá nhân", "Số phiếu đồng ý", f"Tỷ lệ (trên {base})", "Kết quả"],
        [
            [i, r["name"], r["votes"], r["percent"], "Đạt" if r["passed"] else "Không đạt"]
            for i, r in enumerate(rows, 1)
        ],
        [12, 68, 28, 30, 27],
    )
    threshold = wording.percent_vi(c.get("threshold_pct") or 50)
    winners = [r["name"] for r in rows if r["passed"]]
    paper.heading(f"{'III' if committee else 'II'}. KẾT LUẬN")
    if winners and c.get("rule"):
        paper.paragraph(
            f"Căn cứ kết quả kiểm phiếu và nguyên tắc biểu quyết, {wording.join_names(winners)} đạt."
        )
    elif winners:
        paper.paragraph(
            f"Căn cứ kết quả kiểm phiếu, {wording.join_names(winners)} đạt trên {threshold} số phiếu đồng ý, "
            "đủ điều kiện theo quy định."
        )
    else:
        paper.paragraph(
            f"Căn cứ kết quả kiểm phiếu, không có đơn vị, cá nhân nào đạt trên {threshold} số phiếu đồng ý."
        )
    if c.get("outcome_note"):
        paper.paragraph(str(c["outcome_note"]))
    paper.paragraph("Biên bản kiểm phiếu được lập và công bố công khai trước hội nghị.")
    signers = [
        {"position": wording.upper(m.get("role", "")) or "THÀNH VIÊN", "name": m.get("name", "")}
        for m in committee
        if "trưởng" not in str(m.get("role", "")).lower()
    ][:2]
    signers.append(
        {
            "position": str(c.get("signer_position") or "TRƯỞNG BAN KIỂM PHIẾU"),
            "name": str(c.get("signer_name", "")),
        }
    )
    paper.signatures(signers)


def submission(paper: Paper, c: dict) -> None:
    _header(paper, "submission", c)
    paper.title("TỜ TRÌNH", c["title"])
    paper.paragraph(f"Kính gửi: {c['recipient']}.", align=CENTER, indent=False)
    for basis in _list(c.get("bases")):
        text = basis if basis.lower().startswith(("căn cứ", "xét")) else f"Căn cứ {_lower_first(basis)}"
        paper.paragraph(text, italic=True)
    for text in _list(c.get("summary")):
        paper.paragraph(text)
    proposals = _list(c.get("proposals"))
    issuer = c.get("cluster_name") or wording.capitalize_first(str(c["issuer"]).lower())
    paper.paragraph(
        f"{issuer} kính trình {c['recipient']} xem xét, đề nghị khen thưởng cho các tập thể, cá nhân sau:"
    )
    paper.table(
        ["TT", "Tập thể / cá nhân", "Hình thức, danh hiệu đề nghị"],
        [[i, _name(p), p.get("form", "") if isinstance(p, dict) else ""] for i, p in enumerate(proposals, 1)],
        [12, 83, 70],
    )
    paper.paragraph(f"Tổng số: {wording.count_with_words(len(proposals))} tập thể, cá nhân.")
    paper.paragraph(str(c.get("request") or f"Kính trình {c['recipient']} xem xét, quyết định."))
    _sign(paper, c, recipients_default=("Như trên;", "Lưu: VT."))


def proposal_list(paper: Paper, c: dict) -> None:
    _header(paper, "proposal_list", c)
    paper.title("DANH SÁCH", c["title"], note=f"({c['attached_to']})" if c.get("attached_to") else "")
    rows = _list(c.get("rows"))
    paper.table(
        ["TT", "Tập thể / cá nhân", "Đơn vị", "Danh hiệu, hình thức", "Thành tích", "Ghi chú"],
        [
            [
                i,
                r.get("name", ""),
                r.get("unit", ""),
                r.get("form", ""),
                r.get("achievement", ""),
                r.get("votes", r.get("note", "")),
            ]
            for i, r in enumerate(rows, 1)
        ],
        [10, 35, 25, 30, 45, 20],
        size=11,
    )
    paper.paragraph(f"Danh sách có {wording.count_with_words(len(rows))} tập thể, cá nhân./.", italic=True)
    _sign(paper, c)


def decision(paper: Paper, c: dict) -> None:
    _header(paper, "decision", c)
    paper.title("QUYẾT ĐỊNH", c["title"])
    paper.paragraph(wording.upper(c["authority"]), bold=True, align=CENTER, indent=False, before=6)
    for basis in _list(c.get("bases")):
        paper.paragraph(
            basis if basis.lower().startswith(("căn cứ", "xét")) else f"Căn cứ {_lower_first(basis)}",
            italic=True,
        )
    paper.paragraph("QUYẾT ĐỊNH:", bold=True, align=CENTER, indent=False, before=6)
    awards = _list(c.get("awards"))
    articles = _list(c.get("articles"))
    if articles:
        for index, text in enumerate(articles, 1):
            paper.runs([(f"Điều {index}. ", {"bold": True}), (text, {})])
    else:
        if len(awards) == 1:
            a = awards[0]
            paper.runs(
                [
                    ("Điều 1. ", {"bold": True}),
                    (f"Tặng {a.get('form', '')} cho {_name(a)}", {}),
                    (f", {a['reason'][0].lower()}{a['reason'][1:]}." if a.get("reason") else ".", {}),
                ]
            )
        else:
            paper.runs(
                [
                    ("Điều 1. ", {"bold": True}),
                    ("Tặng thưởng cho các tập thể, cá nhân có tên trong danh sách dưới đây:", {}),
                ]
            )
            paper.table(
                ["TT", "Tập thể / cá nhân", "Hình thức", "Thành tích"],
                [[i, _name(a), a.get("form", ""), a.get("reason", "")] for i, a in enumerate(awards, 1)],
                [12, 55, 45, 53],
            )
        paper.runs(
            [("Điều 2. ", {"bold": True}), ("Tiền thưởng kèm theo thực hiện theo quy định hiện hành.", {})]
        )
        paper.runs(
            [
                ("Điều 3. ", {"bold": True}),
                (
                    "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan và các tập thể, cá nhân "
                    "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
                    {},
                ),
            ]
        )
    _sign(paper, c, recipients_default=("Như Điều 3;", "Lưu: VT."))
    url = qr.target_for("decision", c)
    paper.picture(qr.png(url), 22, align=LEFT)
    paper.paragraph(f"Tra cứu công khai: {url}", size=9, italic=True, align=LEFT, indent=False)


# -- certificates -------------------------------------------------------------------------------


def _centered(paper: Paper, text: str, size: float, bold=False, italic=False, color=None, after: float = 4):
    paragraph = no_spacing(paper.doc.add_paragraph(), after=after)
    paragraph.alignment = CENTER
    set_font(paragraph.add_run(text), size=size, bold=bold, italic=italic, color=color)
    return paragraph


def _decision_line(c: dict) -> str:
    if not c.get("decision_number"):
        return ""
    date = f", {wording.date_vi(c['decision_date'])}" if c.get("decision_date") else ""
    return f"Quyết định số {c['decision_number']}{date}"


def certificate(paper: Paper, c: dict) -> None:
    """A full-page Giấy khen / Bằng khen on plain paper (A4 landscape)."""
    _centered(paper, NATIONAL_TITLE, 13, bold=True, after=0)
    _centered(paper, MOTTO, 14, bold=True, after=0)
    paper.short_line(62)
    _centered(paper, wording.upper(c["authority"]), 16, bold=True, after=6)
    _centered(paper, wording.upper(c["form_name"]), 36, bold=True, color=RED, after=6)
    _centered(paper, "Tặng", 16, italic=True)
    _centered(paper, str(c["recipient"]), 22, bold=True)
    if c.get("recipient_unit"):
        _centered(paper, str(c["recipient_unit"]), 16)
    _centered(paper, str(c["reason"]), 16, italic=True, after=10)
    table = paper.doc.add_table(rows=1, cols=2)
    set_widths(table, [100, paper.text_width_mm - 100])
    left, right = table.cell(0, 0), table.cell(0, 1)
    url = qr.target_for("certificate", c)
    paper.picture(qr.png(url), 24, container=left, align=LEFT)
    for line in [_decision_line(c), f"Số sổ vàng: {c['book_number']}" if c.get("book_number") else "", url]:
        if line:
            paragraph = no_spacing(left.add_paragraph())
            set_font(paragraph.add_run(line), size=10, italic=line == url)
    date_line = no_spacing(right.paragraphs[0])
    date_line.alignment = CENTER
    set_font(
        date_line.add_run(wording.place_date_vi(str(c.get("place", "")), c.get("date"))), size=14, italic=True
    )
    for line in [c.get("signer_authority", ""), *str(c.get("signer_position", "")).split("\n")]:
        if str(line).strip():
            paragraph = no_spacing(right.add_paragraph())
            paragraph.alignment = CENTER
            set_font(paragraph.add_run(wording.upper(str(line))), size=14, bold=True)
    for _blank in range(3):
        no_spacing(right.add_paragraph())
    name = no_spacing(right.add_paragraph())
    name.alignment = CENTER
    set_font(name.add_run(str(c.get("signer_name", ""))), size=14, bold=True)


DEFAULT_OVERLAY = {
    "name": "Phôi Bằng khen mặc định (A4 ngang)",
    "page_width_mm": 297,
    "page_height_mm": 210,
    "fields": [
        {
            "key": "recipient",
            "x_mm": 60,
            "y_mm": 95,
            "width_mm": 190,
            "font_size": 22,
            "bold": True,
            "align": "center",
        },
        {
            "key": "recipient_unit",
            "x_mm": 60,
            "y_mm": 108,
            "width_mm": 190,
            "font_size": 16,
            "align": "center",
        },
        {
            "key": "reason",
            "x_mm": 55,
            "y_mm": 118,
            "width_mm": 200,
            "font_size": 15,
            "italic": True,
            "align": "center",
        },
        {
            "key": "place_date",
            "x_mm": 160,
            "y_mm": 142,
            "width_mm": 110,
            "font_size": 14,
            "italic": True,
            "align": "center",
        },
        {"key": "decision", "x_mm": 30, "y_mm": 178, "width_mm": 110, "font_size": 11, "align": "left"},
        {"key": "book_number", "x_mm": 30, "y_mm": 185, "width_mm": 110, "font_size": 11, "align": "left"},
        {
            "key": "signer_name",
            "x_mm": 160,
            "y_mm": 182,
            "width_mm": 110,
            "font_size": 14,
            "bold": True,
            "align": "center",
        },
        {"key": "qr", "x_mm": 30, "y_mm": 150, "width_mm": 24},
    ],
}
_ALIGN = {"left": LEFT, "center": CENTER, "right": RIGHT}


def _frame(paragraph, x_mm: float, y_mm: float, width_mm: float) -> None:
    """Pin a paragraph at (x, y) mm from the page's top-left corner (a Word text frame)."""
    frame = OxmlElement("w:framePr")
    frame.set(qn("w:w"), str(int(float(width_mm) * 56.6929)))
    frame.set(qn("w:hSpace"), "0")
    frame.set(qn("w:wrap"), "around")
    frame.set(qn("w:hAnchor"), "page")
    frame.set(qn("w:vAnchor"), "page")
    frame.set(qn("w:x"), str(int(float(x_mm) * 56.6929)))
    frame.set(qn("w:y"), str(int(float(y_mm) * 56.6929)))
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, frame)


def overlay_values(c: dict) -> dict[str, str]:
    return {
        "recipient": str(c.get("recipient", "")),
        "recipient_unit": str(c.get("recipient_unit", "")),
        "reason": str(c.get("reason", "")),
        "place_date": wording.place_date_vi(str(c.get("place", "")), c.get("date")),
        "decision": _decision_line(c),
        "book_number": f"Số sổ vàng: {c['book_number']}" if c.get("book_number") else "",
        "signer_name": str(c.get("signer_name", "")),
        "signer_position": str(c.get("signer_position", "")),
        "authority": str(c.get("authority", "")),
        "form_name": str(c.get("form_name", "")),
    }


def certificate_overlay(paper: Paper, c: dict, layout: dict | None = None) -> None:
    """Only the variable text, each field in a frame at its measured position on the blank form."""
    layout = layout or DEFAULT_OVERLAY
    section = paper.doc.sections[0]
    section.page_width = Mm(layout["page_width_mm"])
    section.page_height = Mm(layout["page_height_mm"])
    # positions are measured from the sheet's edge: the overlay itself keeps only a thin margin
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(5))
    values = overlay_values(c)
    for field in sorted(layout["fields"], key=lambda f: (float(f["y_mm"]), float(f["x_mm"]))):
        text = values.get(field["key"], str(c.get(field["key"], "")))
        if field["key"] != "qr" and not text.strip():
            continue
        paragraph = no_spacing(paper.doc.add_paragraph())
        _frame(paragraph, field["x_mm"], field["y_mm"], field.get("width_mm", 120))
        if field["key"] == "qr":
            paragraph.add_run().add_picture(
                io.BytesIO(qr.png(qr.target_for("certificate_overlay", c))),
                width=Mm(float(field.get("width_mm", 24))),
            )
            continue
        paragraph.alignment = _ALIGN.get(field.get("align", "center"), CENTER)
        set_font(
            paragraph.add_run(text),
            size=float(field.get("font_size", 14)),
            bold=bool(field.get("bold")),
            italic=bool(field.get("italic")),
        )
    # LibreOffice drops the frame of a paragraph that ends the document: close with a plain one
    no_spacing(paper.doc.add_paragraph())


def press_release(paper: Paper, c: dict) -> None:
    paper.paragraph(str(c["headline"]), size=16, bold=True, align=LEFT, indent=False, after=10)
    paper.paragraph(str(c["lead"]), bold=True, indent=False)
    for text in _list(c.get("paragraphs")):
        paper.paragraph(str(text))
    if c.get("byline"):
        paper.paragraph(str(c["byline"]), bold=True, align=RIGHT, indent=False)


BUILDERS: dict[str, Callable[..., None]] = {
    "plan": plan,
    "covenant": covenant,
    "period_report": period_report,
    "conference_minutes": conference_minutes,
    "vote_count_minutes": vote_count_minutes,
    "submission": submission,
    "proposal_list": proposal_list,
    "decision": decision,
    "certificate": certificate,
    "certificate_overlay": certificate_overlay,
    "press_release": press_release,
}
LANDSCAPE = {"certificate"}


def render(kind_code: str, context: dict, *, sample_note: str = "", layout: dict | None = None) -> bytes:
    paper = Paper(landscape=kind_code in LANDSCAPE, sample_note=sample_note)
    if kind_code == "certificate_overlay":
        certificate_overlay(paper, context, layout)
    else:
        BUILDERS[kind_code](paper, context)
    return paper.save()
