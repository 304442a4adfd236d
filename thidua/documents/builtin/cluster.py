"""Cluster papers: plan, covenant, period report, conference minutes, vote-count minutes, news."""

from .. import wording
from ..layout import LEFT, RIGHT, Paper
from .common import ROMAN, header, list_, lower_first, members_sentence, movement, name, person, sign


def plan(paper: Paper, c: dict) -> None:
    header(paper, "plan", c)
    paper.title("KẾ HOẠCH", c["title"])
    paper.heading("I. MỤC ĐÍCH, YÊU CẦU")
    purposes = list_(c.get("purposes")) or [
        f"Triển khai sâu rộng phong trào thi đua “{movement(c)}” năm {c['year']} trong các đơn vị của "
        f"{c['cluster_name']}."
    ]
    paper.bullets(purposes + list_(c.get("requirements")))
    paper.heading("II. THÀNH PHẦN")
    paper.paragraph(members_sentence(c))
    paper.heading("III. NỘI DUNG, THỜI GIAN THỰC HIỆN")
    activities = list_(c.get("activities"))
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
    sign(paper, c)


def covenant(paper: Paper, c: dict) -> None:
    header(paper, "covenant", c)
    summary = c.get("title") or f"Thi đua “{movement(c)}” năm {c['year']}"
    paper.title("GIAO ƯỚC THI ĐUA", summary)
    members = [name(m) for m in list_(c.get("members"))]
    paper.paragraph(
        f"Thực hiện phong trào thi đua “{movement(c)}” năm {c['year']}, các đơn vị thành viên {c['cluster_name']} "
        f"gồm: {wording.join_names(members)} thống nhất ký kết giao ước thi đua với các nội dung sau:"
    )
    if c.get("slogan"):
        paper.paragraph(f"Khẩu hiệu hành động: “{c['slogan']}”.", italic=True)
    paper.heading("I. NỘI DUNG, CHỈ TIÊU VÀ THANG ĐIỂM THI ĐUA")
    rows: list[list] = []
    total = 0.0
    for group_index, group in enumerate(list_(c.get("criteria"))):
        items = list_(group.get("items")) if isinstance(group, dict) else []
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
                name(group) if not isinstance(group, dict) else group.get("group", ""),
                wording.decimal_vi(group_points),
            ]
        )
        for item_index, item in enumerate(items, 1):
            code = item.get("code") or item_index
            rows.append([code, item.get("name", ""), wording.decimal_vi(item.get("max_points") or 0)])
    declared = c.get("total_points") or total
    rows.append(["", "Tổng cộng", wording.decimal_vi(declared)])
    paper.table(["TT", "Nội dung, chỉ tiêu thi đua", "Điểm tối đa"], rows, [15, 120, 30])
    rules = list_(c.get("rules"))
    if rules:
        paper.paragraph("Điểm thưởng, điểm trừ:", bold=True)
        paper.bullets(rules)
    registrations = list_(c.get("registrations"))
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
    signatories = list_(c.get("signatories")) or [
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
    header(paper, "period_report", c)
    report_type = str(c["report_type"])
    summary = c.get("title") or (
        f"{wording.capitalize_first(report_type)} phong trào thi đua “{movement(c)}” {c['period_label']}"
    )
    paper.title("BÁO CÁO", summary)
    paper.heading("I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA")
    situation = list_(c.get("situation")) or [
        f"{c['period_label'][:1].upper()}{c['period_label'][1:]}, các đơn vị trong {c['cluster_name']} đã triển khai "
        f"thực hiện phong trào thi đua “{movement(c)}” gắn với nhiệm vụ chính trị được giao."
    ]
    for text in situation:
        paper.paragraph(text)
    paper.bullets(list_(c.get("results")))
    for section in list_(c.get("sections")):
        paper.paragraph(f"{section.get('title', '')}:", bold=True)
        paper.bullets(list_(section.get("items")))
    progress = list_(c.get("progress"))
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
    models = list_(c.get("models"))
    if models:
        paper.paragraph("Các mô hình, điển hình tiên tiến nổi bật:", bold=True)
        paper.bullets(
            [
                f"{wording.quoted(m.get('name', ''))} của {m.get('unit', '')}" if isinstance(m, dict) else m
                for m in models
            ]
        )
    awards = list_(c.get("awards"))
    if awards:
        paper.paragraph("Công tác khen thưởng:", bold=True)
        paper.bullets(awards)
    scores = list_(c.get("scores"))
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
    paper.bullets(list_(c.get("limitations")) or ["Không có tồn tại, hạn chế lớn cần báo cáo."])
    paper.heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    paper.bullets(
        list_(c.get("directions"))
        or [f"Tiếp tục đẩy mạnh phong trào thi đua “{movement(c)}”, hoàn thành các chỉ tiêu đã đăng ký."]
    )
    sign(paper, c)


def conference_minutes(paper: Paper, c: dict) -> None:
    header(paper, "conference_minutes", c)
    paper.title("BIÊN BẢN", c.get("title") or c["conference_title"])
    start = f"Vào hồi {c['start_time']}, " if c.get("start_time") else "Vào "
    paper.paragraph(
        f"{start}{wording.date_vi(c['date'])}, tại {c['location']}, {c['cluster_name']} tổ chức {c['conference_title']}."
    )
    paper.heading("I. THÀNH PHẦN THAM DỰ")
    section = 1
    guests = list_(c.get("guests"))
    if guests:
        paper.paragraph(f"{section}. Đại biểu:", bold=True)
        paper.bullets([person(g) for g in guests])
        section += 1
    chairs = list_(c.get("chairs"))
    if chairs:
        paper.paragraph(f"{section}. Chủ trì hội nghị:", bold=True)
        paper.bullets([person(p) for p in chairs])
        section += 1
    if c.get("host"):
        paper.paragraph(f"{section}. Đơn vị đăng cai: {name(c['host'])}.", bold=False)
        section += 1
    paper.paragraph(f"{section}. Các đơn vị thành viên:", bold=True)
    paper.bullets([name(m) for m in list_(c.get("members"))])
    delegations = list_(c.get("delegations"))
    if delegations:
        paper.paragraph(f"{section + 1}. Đại diện các đơn vị:", bold=True)
        paper.bullets(delegations)
    if c.get("attendees"):
        paper.paragraph(str(c["attendees"]))
    paper.heading("II. NỘI DUNG HỘI NGHỊ")
    paper.bullets(
        list_(c.get("proceedings")) or [f"Hội nghị tiến hành theo chương trình {c['conference_title']}."]
    )
    models = list_(c.get("models"))
    if models:
        paper.paragraph("Các mô hình, điển hình được giới thiệu tại hội nghị:", bold=True)
        paper.bullets(
            [
                f"{wording.quoted(m.get('name', ''))} ({m.get('unit', '')})" if isinstance(m, dict) else m
                for m in models
            ]
        )
    side_events = list_(c.get("side_events"))
    if side_events:
        paper.paragraph("Hoạt động bên lề:", bold=True)
        paper.bullets(side_events)
    paper.heading("III. KẾT QUẢ HỘI NGHỊ")
    paper.bullets(
        list_(c.get("results")) + list_(c.get("conclusions"))
        or ["Hội nghị thống nhất các nội dung đã thảo luận."]
    )
    end = f"vào hồi {c['end_time']} cùng ngày" if c.get("end_time") else "cùng ngày"
    paper.paragraph(
        f"Hội nghị kết thúc {end}. Biên bản đã được thông qua trước hội nghị, các đại biểu dự họp thống nhất "
        "với nội dung biên bản."
    )
    secretary = c.get("secretary") or {"position": "THƯ KÝ", "name": ""}
    chair = c.get("chair") or {"position": "CHỦ TRÌ HỘI NGHỊ", "name": name((chairs or [""])[0])}
    paper.signatures(
        [
            {"position": secretary.get("position", "THƯ KÝ"), "name": secretary.get("name", "")},
            {"position": chair.get("position", "CHỦ TRÌ HỘI NGHỊ"), "name": chair.get("name", "")},
        ]
    )


def vote_rows(c: dict) -> tuple[list[dict], int]:
    """Per-candidate count, share of the base and result (R16: passes when share > threshold)."""
    base_key = str(c.get("threshold_base") or "present")
    figure = (
        c.get("base")
        or {
            "present": c.get("present"),
            "members": c.get("members_total"),
            "valid_ballots": c.get("valid"),
        }.get(base_key, c.get("present"))
        or 0
    )
    base = int(figure) if str(figure).strip().isdigit() else 0  # a figure a paper record does not state
    threshold = float(c.get("threshold_pct") or 50)
    rows = []
    for candidate in list_(c.get("candidates")):
        votes = int(candidate.get("votes") or 0)
        passed = candidate.get("passed")
        if passed is None:
            passed = base > 0 and votes * 100 / base > threshold
        rows.append(
            {
                "name": name(candidate),
                "votes": votes,
                "percent": candidate.get("percent_text") or wording.percent_of(votes, base),
                "passed": bool(passed),
            }
        )
    return rows, base


def vote_count_minutes(paper: Paper, c: dict) -> None:
    header(paper, "vote_count_minutes", c)
    paper.title("BIÊN BẢN KIỂM PHIẾU", c.get("title") or c["ballot_title"])
    when = f"Vào hồi {c['time']}, " if c.get("time") else "Vào "
    where = f", tại {c['location']}" if c.get("location") else ""
    day = c.get("count_date") or c["date"]  # the count's own day when it was not the conference's
    paper.paragraph(
        f"{when}{wording.date_vi(day)}{where}, Ban Kiểm phiếu {c['cluster_name']} tiến hành kiểm phiếu "
        f"{lower_first(str(c['ballot_title']))}."
    )
    committee = list_(c.get("committee"))
    if committee:
        paper.heading("I. BAN KIỂM PHIẾU")
        paper.bullets(
            [f"{m.get('name', '')}, {m.get('position', '')} – {m.get('role', '')}" for m in committee]
        )
    paper.heading(f"{'II' if committee else 'I'}. KẾT QUẢ KIỂM PHIẾU")
    _count_figures(paper, c)
    rows, base = vote_rows(c)
    grades = [str(g) for g in list_(c.get("grades"))]
    candidates = list_(c.get("candidates"))
    _count_table(paper, rows, base, grades, candidates)
    paper.heading(f"{'III' if committee else 'II'}. KẾT LUẬN")
    _count_conclusion(paper, c, rows, grades, candidates)
    # no system note (c["outcome_note"], e.g. "scores not locked") is ever printed on the official paper
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


def _count_figures(paper: Paper, c: dict) -> None:
    """The ballots issued, collected, valid and invalid; the quorum, the rule and the electronic seal."""
    if c.get("paper_record_source"):
        paper.paragraph(
            f"- Kết quả ghi lại theo biên bản giấy: {c['paper_record_source']} "
            "(không có danh sách cử tri trong hệ thống)."
        )
    for label, key in [
        ("Tổng số đơn vị thành viên", "members_total"),
        ("Số đơn vị có mặt", "present"),
        ("Số phiếu phát ra", "issued"),
        ("Số phiếu thu vào", "collected"),
        ("Số phiếu hợp lệ", "valid"),
        ("Số phiếu không hợp lệ", "invalid"),
    ]:
        value = c.get(key)
        if isinstance(value, str) and not value.strip().isdigit():  # 16.10: "biên bản gốc không ghi"
            paper.paragraph(f"- {label}: {value}.")
        else:
            paper.paragraph(f"- {label}: {wording.count_with_words(int(c.get(key) or 0))}.")
    for reason in list_(c.get("invalid_reasons")):
        paper.paragraph(f"  + Phiếu không hợp lệ: {reason}.")
    if c.get("quorum_met") is not None:
        paper.paragraph(
            "- Số đơn vị có mặt "
            + ("đủ" if c["quorum_met"] else "không đủ")
            + " tỷ lệ tối thiểu để biểu quyết."
        )
    if c.get("rule"):
        paper.paragraph(f"- Nguyên tắc: {c['rule']}.")
    seal = c.get("seal") or {}
    if seal:
        paper.paragraph(
            f"- Hộp phiếu điện tử được niêm phong bằng khóa của Ban kiểm phiếu và chỉ mở được khi có ít nhất "
            f"{seal['threshold']}/{seal['size']} thành viên xuất trình mảnh khóa; "
            f"số mảnh khóa đã xuất trình: {seal['shares']}; số phiếu điện tử đã mở: "
            f"{wording.count_with_words(seal['opened'])}."
        )
        if seal.get("fingerprint"):
            paper.paragraph(
                f"- Danh sách mã đối chiếu phiếu ({seal['trackers']} mã) được công bố; dấu kiểm tra: "
                f"{seal['fingerprint'][:16].upper()}."
            )


def _count_table(paper: Paper, rows: list[dict], base: int, grades: list[str], candidates: list) -> None:
    """The votes of each candidate: per grade (a classification), or for and the share of `base`."""
    if grades:  # classification: the votes each unit got per grade, and the grade it was given
        width = 95 / len(grades)
        paper.table(
            ["TT", "Đơn vị", *[f"Số phiếu {g}" for g in grades], "Xếp loại"],
            [
                [
                    i,
                    r["name"],
                    *list(candidate.get("grade_votes") or [0] * len(grades)),
                    candidate.get("grade") or "—",
                ]
                for i, (r, candidate) in enumerate(zip(rows, candidates, strict=True), 1)
            ],
            [12, 50, *[width] * len(grades), 28],
        )
    else:
        paper.table(
            ["TT", "Đơn vị / cá nhân", "Số phiếu đồng ý", f"Tỷ lệ (trên {base})", "Kết quả"],
            [
                [i, r["name"], r["votes"], r["percent"], "Đạt" if r["passed"] else "Không đạt"]
                for i, r in enumerate(rows, 1)
            ],
            [12, 68, 28, 30, 27],
        )


def _count_conclusion(paper: Paper, c: dict, rows: list[dict], grades: list[str], candidates: list) -> None:
    threshold = wording.percent_vi(c.get("threshold_pct") or 50)
    winners = [r["name"] for r in rows if r["passed"]]
    graded = [(r["name"], candidate.get("grade")) for r, candidate in zip(rows, candidates, strict=True)]
    if grades:
        paper.paragraph(
            "Căn cứ kết quả kiểm phiếu, kết quả xếp loại: "
            + "; ".join(f"{unit}: {grade or 'không xếp loại'}" for unit, grade in graded)
            + "."
        )
    elif winners and c.get("rule"):
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


def press_release(paper: Paper, c: dict) -> None:
    paper.paragraph(str(c["headline"]), size=16, bold=True, align=LEFT, indent=False, after=10)
    paper.paragraph(str(c["lead"]), bold=True, indent=False)
    for text in list_(c.get("paragraphs")):
        paper.paragraph(str(text))
    if c.get("byline"):
        paper.paragraph(str(c["byline"]), bold=True, align=RIGHT, indent=False)
