"""Decree 30/2020/NĐ-CP (Phụ lục I) layout primitives on top of python-docx (DOMAIN.md §6, R22–R23).

A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; header table with
the issuing body (left) and Quốc hiệu + Tiêu ngữ (right); number/symbol and place-date row; title;
justified body 14 pt with a 1.27 cm first-line indent; signature block with "Nơi nhận:"; page numbers
centred in the top margin from page 2 (different first-page header).
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from . import wording

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_SIZE = 14
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def _set_run_font(run, size: float | None = None, bold=None, italic=None, color: RGBColor | None = None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if color is not None:
        run.font.color.rgb = color
    return run


def _border(paragraph, edge: str = "top", size: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "000000")
    borders.append(line)
    ppr.append(borders)


def _no_spacing(paragraph, after: float = 0, before: float = 0, line: float = 1.0):
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    return paragraph


def keep_together(table) -> None:
    """A signature block never breaks across pages: the titles and the names (after the space left for
    the signature) stay on one page, so no page holds only the signers' names."""
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        properties.append(cant_split)


def set_widths(table, widths_mm: list[float]) -> None:
    """Column widths as Word and LibreOffice read them: the table grid and every cell."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for index, column in enumerate(grid.findall(qn("w:gridCol"))):
        if index < len(widths_mm):
            column.set(qn("w:w"), str(int(widths_mm[index] * 56.6929)))
    for row in table.rows:
        for index, width in enumerate(widths_mm):
            if index < len(row.cells):
                row.cells[index].width = Mm(width)


class Paper:
    """One document being built. `paper.save()` returns the .docx bytes."""

    def __init__(self, *, landscape: bool = False, sample_note: str = "") -> None:
        self.doc = Document()
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_SIZE)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        section = self.doc.sections[0]
        width, height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)
        self.text_width_mm = (297 if landscape else 210) - MARGINS_MM["left"] - MARGINS_MM["right"]
        self._page_numbers(sample_note)

    # -- page furniture ---------------------------------------------------------------------------

    def _page_numbers(self, sample_note: str) -> None:
        """Arabic page number centred in the top margin, not on page 1 (ND30 Phụ lục I)."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = CENTER
        for instruction in ("begin", None, "end"):
            run = _set_run_font(paragraph.add_run(), size=14)
            if instruction is None:
                code = OxmlElement("w:instrText")
                code.set(qn("xml:space"), "preserve")
                code.text = " PAGE "
                run._r.append(code)
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), instruction)
                run._r.append(char)
        first = section.first_page_header
        first.is_linked_to_previous = False
        first_paragraph = first.paragraphs[0]
        if sample_note:
            first_paragraph.alignment = RIGHT
            _set_run_font(
                first_paragraph.add_run(sample_note), size=10, italic=True, color=RGBColor(0xA3, 0x16, 0x1A)
            )
            note = header.add_paragraph()
            note.alignment = RIGHT
            _set_run_font(note.add_run(sample_note), size=10, italic=True, color=RGBColor(0xA3, 0x16, 0x1A))

    # -- paragraphs -------------------------------------------------------------------------------

    def paragraph(
        self,
        text: str = "",
        *,
        size: float = BODY_SIZE,
        bold: bool = False,
        italic: bool = False,
        align=JUSTIFY,
        indent: bool = True,
        after: float = 6,
        before: float = 0,
        container=None,
    ):
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(1.27) if indent else None
        fmt.space_after = Pt(after)
        fmt.space_before = Pt(before)
        fmt.line_spacing = 1.15
        if text:
            _set_run_font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
        return paragraph

    def runs(self, parts: list[tuple[str, dict]], *, align=JUSTIFY, indent: bool = True, size=BODY_SIZE):
        """A paragraph of several runs: [("Điều 1. ", {"bold": True}), ("Tặng ...", {})]."""
        paragraph = self.paragraph(align=align, indent=indent, size=size)
        for text, style in parts:
            _set_run_font(
                paragraph.add_run(text),
                size=style.get("size", size),
                bold=style.get("bold"),
                italic=style.get("italic"),
            )
        return paragraph

    def heading(self, text: str) -> None:
        self.paragraph(text, bold=True, before=6)

    def bullets(self, items, prefix: str = "- ") -> None:
        for item in items or []:
            self.paragraph(f"{prefix}{item}")

    def short_line(self, width_mm: float, container=None, container_width_mm: float | None = None):
        """A short horizontal rule centred in its container (the lines under issuer, motto, title)."""
        full = container_width_mm or self.text_width_mm
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        side = max(0.0, (full - width_mm) / 2)
        paragraph.paragraph_format.left_indent = Mm(side)
        paragraph.paragraph_format.right_indent = Mm(side)
        _no_spacing(paragraph, after=4, before=6)
        _set_run_font(paragraph.add_run(""), size=2)
        _border(paragraph, "top", 6)
        return paragraph

    # -- blocks -----------------------------------------------------------------------------------

    def header(
        self,
        *,
        issuer_parent: str,
        issuer: str,
        number,
        symbol: str,
        place: str,
        date,
        number_line: str | None = None,
        date_line: str | None = None,
    ) -> None:
        """The two-column header table of page 1."""
        left_mm, right_mm = 62.0, self.text_width_mm - 62.0
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_widths(table, [left_mm, right_mm])
        left, right = table.cell(0, 0), table.cell(0, 1)
        first = left.paragraphs[0]
        if issuer_parent:
            _no_spacing(first).alignment = CENTER
            _set_run_font(first.add_run(wording.upper(issuer_parent)), size=13, bold=False)
            first = left.add_paragraph()
        _no_spacing(first).alignment = CENTER
        _set_run_font(first.add_run(wording.upper(issuer)), size=13, bold=True)
        self.short_line(25, container=left, container_width_mm=left_mm)
        national = _no_spacing(right.paragraphs[0])
        national.alignment = CENTER
        _set_run_font(national.add_run(NATIONAL_TITLE), size=12, bold=True)
        motto = _no_spacing(right.add_paragraph())
        motto.alignment = CENTER
        _set_run_font(motto.add_run(MOTTO), size=13, bold=True)
        self.short_line(62, container=right, container_width_mm=right_mm)
        number_cell, date_cell = table.cell(1, 0), table.cell(1, 1)
        number_paragraph = _no_spacing(number_cell.paragraphs[0])
        number_paragraph.alignment = CENTER
        number_text = number_line if number_line is not None else wording.number_symbol(number, symbol)
        _set_run_font(number_paragraph.add_run(number_text), size=13)
        date_paragraph = _no_spacing(date_cell.paragraphs[0])
        date_paragraph.alignment = CENTER
        date_text = date_line if date_line is not None else wording.place_date_vi(place, date)
        _set_run_font(date_paragraph.add_run(date_text), size=14, italic=True)
        self.paragraph("", after=6, indent=False)

    def title(self, type_name: str, summary: str = "", note: str = "") -> None:
        if type_name:
            paragraph = _no_spacing(self.doc.add_paragraph(), before=6)
            paragraph.alignment = CENTER
            _set_run_font(paragraph.add_run(wording.upper(type_name)), size=14, bold=True)
        if summary:
            paragraph = _no_spacing(self.doc.add_paragraph())
            paragraph.alignment = CENTER
            _set_run_font(paragraph.add_run(wording.capitalize_first(summary)), size=14, bold=True)
        if note:
            paragraph = _no_spacing(self.doc.add_paragraph())
            paragraph.alignment = CENTER
            _set_run_font(paragraph.add_run(note), size=14, italic=True)
        self.short_line(40)

    def signature(
        self,
        *,
        authority: str = "",
        position: str = "",
        name: str = "",
        recipients=None,
    ) -> None:
        """ "Nơi nhận:" (left) and the signer (right): TM./KT. + position uppercase bold, name bold."""
        table = self.doc.add_table(rows=1, cols=2)
        keep_together(table)
        left_mm = 70.0
        set_widths(table, [left_mm, self.text_width_mm - left_mm])
        left, right = table.cell(0, 0), table.cell(0, 1)
        first = _no_spacing(left.paragraphs[0], before=6)
        if recipients:
            _set_run_font(first.add_run("Nơi nhận:"), size=12, bold=True, italic=True)
            for item in recipients:
                line = _no_spacing(left.add_paragraph())
                _set_run_font(line.add_run(f"- {item}"), size=11)
        self._signer(right, authority, position, name)

    def _signer(self, cell, authority: str, position: str, name: str) -> None:
        lines = [line for line in [authority, *(position or "").split("\n")] if line.strip()]
        first = True
        for line in lines:
            paragraph = _no_spacing(
                cell.paragraphs[0] if first else cell.add_paragraph(), before=6 if first else 0
            )
            first = False
            paragraph.alignment = CENTER
            _set_run_font(paragraph.add_run(wording.upper(line)), size=14, bold=True)
        for _blank in range(4):
            _no_spacing(cell.add_paragraph())
        paragraph = _no_spacing(cell.add_paragraph())
        paragraph.alignment = CENTER
        _set_run_font(paragraph.add_run(name or ""), size=14, bold=True)

    def signatures(self, signers: list[dict]) -> None:
        """Several signers side by side (minutes: secretary and chair; vote count committee)."""
        if not signers:
            return
        table = self.doc.add_table(rows=1, cols=len(signers))
        keep_together(table)
        set_widths(table, [self.text_width_mm / len(signers)] * len(signers))
        for index, signer in enumerate(signers):
            cell = table.cell(0, index)
            self._signer(
                cell, signer.get("authority", ""), signer.get("position", ""), signer.get("name", "")
            )

    def table(
        self, headers: list[str], rows: list[list], widths_mm: list[float] | None = None, size: float = 12
    ):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, text in enumerate(headers):
            paragraph = _no_spacing(table.rows[0].cells[index].paragraphs[0])
            paragraph.alignment = CENTER
            _set_run_font(paragraph.add_run(str(text)), size=size, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for index, value in enumerate(row):
                paragraph = _no_spacing(cells[index].paragraphs[0])
                paragraph.alignment = CENTER if index == 0 or isinstance(value, int | float) else LEFT
                _set_run_font(paragraph.add_run("" if value is None else str(value)), size=size)
        if widths_mm:
            set_widths(table, widths_mm)
        self.paragraph("", after=6, indent=False)
        return table

    def picture(self, png: bytes, width_mm: float, container=None, align=CENTER):
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph() if container is not None else self.doc.add_paragraph()
        paragraph.alignment = align
        _no_spacing(paragraph)
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
        return paragraph

    def page_break(self) -> None:
        self.doc.add_page_break()

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def set_font(run, **kwargs):
    """Public alias used by the certificate and overlay builders."""
    return _set_run_font(run, **kwargs)


def no_spacing(paragraph, **kwargs):
    return _no_spacing(paragraph, **kwargs)
