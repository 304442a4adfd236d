"""Certificates (Giấy khen, Bằng khen): full page on plain paper, or text overlaid on a pre-printed form."""

import io
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .. import qr, wording
from ..layout import CENTER, LEFT, MOTTO, NATIONAL_TITLE, RIGHT, Paper, no_spacing, set_font, set_widths
from .common import RED


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
    _centered(paper, wording.upper(c["authority"]), 16, bold=True, after=12)
    _centered(paper, wording.upper(c["form_name"]), 36, bold=True, color=RED, after=12)
    _centered(
        paper, "Tặng" if "KHEN" in wording.upper(c["form_name"]) else "Chứng nhận", 16, italic=True, after=8
    )
    _centered(paper, str(c["recipient"]), 22, bold=True, after=8)
    if c.get("recipient_unit"):
        _centered(paper, str(c["recipient_unit"]), 16)
    if c.get("award_title"):
        _centered(paper, str(c["award_title"]), 16, bold=True, after=6)
    _centered(paper, str(c["reason"]), 16, italic=True, after=24)
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


DEFAULT_OVERLAY: dict[str, Any] = {
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
        "award_title": str(c.get("award_title", "")),
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
