"""Award papers: submission (tờ trình), proposal list, decision (with its QR code)."""

from .. import qr, wording
from ..layout import CENTER, LEFT, Paper
from .common import header, list_, lower_first, name, sign


def submission(paper: Paper, c: dict) -> None:
    header(paper, "submission", c)
    paper.title("TỜ TRÌNH", c["title"])
    paper.paragraph(f"Kính gửi: {c['recipient']}.", align=CENTER, indent=False)
    for basis in list_(c.get("bases")):
        text = basis if basis.lower().startswith(("căn cứ", "xét")) else f"Căn cứ {lower_first(basis)}"
        paper.paragraph(text, italic=True)
    for text in list_(c.get("summary")):
        paper.paragraph(text)
    proposals = list_(c.get("proposals"))
    issuer = c.get("cluster_name") or wording.capitalize_first(str(c["issuer"]).lower())
    paper.paragraph(
        f"{issuer} kính trình {c['recipient']} xem xét, đề nghị khen thưởng cho các tập thể, cá nhân sau:"
    )
    paper.table(
        ["TT", "Tập thể / cá nhân", "Hình thức, danh hiệu đề nghị"],
        [[i, name(p), p.get("form", "") if isinstance(p, dict) else ""] for i, p in enumerate(proposals, 1)],
        [12, 83, 70],
    )
    paper.paragraph(f"Tổng số: {wording.count_with_words(len(proposals))} tập thể, cá nhân.")
    paper.paragraph(str(c.get("request") or f"Kính trình {c['recipient']} xem xét, quyết định."))
    sign(paper, c, recipients_default=("Như trên;", "Lưu: VT."))


def proposal_list(paper: Paper, c: dict) -> None:
    header(paper, "proposal_list", c)
    paper.title("DANH SÁCH", c["title"], note=f"({c['attached_to']})" if c.get("attached_to") else "")
    rows = list_(c.get("rows"))
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
    sign(paper, c)


def decision(paper: Paper, c: dict) -> None:
    header(paper, "decision", c)
    paper.title("QUYẾT ĐỊNH", c["title"])
    paper.paragraph(wording.upper(c["authority"]), bold=True, align=CENTER, indent=False, before=6)
    for basis in list_(c.get("bases")):
        paper.paragraph(
            basis if basis.lower().startswith(("căn cứ", "xét")) else f"Căn cứ {lower_first(basis)}",
            italic=True,
        )
    paper.paragraph("QUYẾT ĐỊNH:", bold=True, align=CENTER, indent=False, before=6)
    awards = list_(c.get("awards"))
    articles = list_(c.get("articles"))
    if articles:
        for index, text in enumerate(articles, 1):
            paper.runs([(f"Điều {index}. ", {"bold": True}), (text, {})])
    else:
        if len(awards) == 1:
            a = awards[0]
            paper.runs(
                [
                    ("Điều 1. ", {"bold": True}),
                    (f"Tặng {a.get('form', '')} cho {name(a)}", {}),
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
                [[i, name(a), a.get("form", ""), a.get("reason", "")] for i, a in enumerate(awards, 1)],
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
    sign(paper, c, recipients_default=("Như Điều 3;", "Lưu: VT."))
    url = qr.target_for("decision", c)
    paper.picture(qr.png(url), 22, align=LEFT)
    paper.paragraph(f"Tra cứu công khai: {url}", size=9, italic=True, align=LEFT, indent=False)


# -- certificates -------------------------------------------------------------------------------
