"""Reading a generated .docx back to check the Decree 30/2020 layout (DOMAIN.md §6, R22–R23)."""

import io
import re

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

NUMBER_SYMBOL = re.compile(r"^Số: (\d+|\s+)/[0-9A-Za-zĐđƯư-]+$")
PLACE_DATE = re.compile(r"^[^,]+, ngày (0[1-9]|[12]\d|3[01]) tháng ([1-9]|1[0-2]|0[12]) năm \d{4}$")


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def mm(length) -> float:
    return round(length / Mm(1), 1)


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def fonts_used(document) -> set[str]:
    names = set()
    for run in all_runs(document):
        if run.text.strip():
            names.add(run.font.name or document.styles["Normal"].font.name)
    return names


def header_xml(part) -> str:
    return part._element.xml


def has_page_field(part) -> bool:
    return any(node.text and "PAGE" in node.text for node in part._element.iter(qn("w:instrText")))


def body_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
