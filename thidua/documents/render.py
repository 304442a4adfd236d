"""Rendering a context to DOCX: an uploaded docxtpl template when one applies, else the built-in layout.

Uploaded templates are ordinary Word files with Jinja placeholders ({{ issuer }}, {% for r in rows %}…),
rendered by docxtpl with autoescaping in the sandbox of sandbox.py (placeholders checked before every
render, sandboxed environment with only the papers' filters). Besides the kind's own keys (kinds.py) they may use the derived
keys listed in DERIVED_KEYS.
"""

import io
import zipfile

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SecurityError

from thidua.core import uploads

from . import builtin, qr, sandbox, wording
from .errors import TemplateInvalid, TemplateRenderFailed
from .kinds import KINDS, demo_context

DERIVED_KEYS = {
    "number_symbol": "“Số: 12/BC-CAT”",
    "place_date": "“Tiền Giang, ngày 16 tháng 7 năm 2024”",
    "date_text": "“ngày 16 tháng 7 năm 2024”",
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "members_text": "danh sách đơn vị nối bằng dấu phẩy",
    "qr": "ảnh mã QR (quyết định, Giấy khen, Bằng khen)",
    "qr_url": "địa chỉ tra cứu công khai",
}
# A template may print a required key through a derived one ("place_date" prints place and date).
ALIASES = {
    "place": {"place_date"},
    "date": {"place_date", "date_text"},
    "members": {"members_text"},
    "public_id": {"qr", "qr_url"},
}
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
TEMPLATE_MAX_ENTRIES = 300  # a Word file has 10–40 parts, a few more per picture
TEMPLATE_MAX_UNCOMPRESSED = 32 * 1024 * 1024
# the parts (zip entries) of a Word document; anything else is refused
WORD_PARTS = ("[content_types].xml", "_rels/", "docprops/", "word/", "customxml/")
FOREIGN_WORD_PARTS = ("word/embeddings/", "word/activex/", "word/vbaproject", "word/vbadata")


def max_template_bytes() -> int:
    return int(getattr(settings, "THIDUA_DOCUMENT_TEMPLATE_MAX_BYTES", DEFAULT_MAX_BYTES))


def template_context(kind_code: str, context: dict) -> dict:
    data = dict(context)
    kind = KINDS[kind_code]
    data.setdefault(
        "number_symbol", wording.number_symbol(context.get("number", ""), str(context.get("symbol", "")))
    )
    data.setdefault("place_date", wording.place_date_vi(str(context.get("place", "")), context.get("date")))
    data.setdefault("date_text", wording.date_vi(context.get("date")))
    data.setdefault("national_title", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    data.setdefault("motto", "Độc lập - Tự do - Hạnh phúc")
    members = context.get("members") or []
    if isinstance(members, list):
        data.setdefault(
            "members_text",
            wording.join_names([m.get("name", "") if isinstance(m, dict) else m for m in members]),
        )
    if kind.has_qr:
        data["qr_url"] = qr.target_for(kind_code, context)
    return data


def render_template(data: bytes, kind_code: str, context: dict, *, name: str = "") -> bytes:
    label = name or kind_code
    try:
        check_package(data)  # a stored file is checked like an upload before docxtpl opens it
        sandbox.check_placeholders(data)  # also for templates stored before the check existed
    except TemplateInvalid as error:
        raise TemplateRenderFailed(template=label, detail=str(error)[:300]) from None
    except Exception as error:  # not a Word file, broken syntax
        raise TemplateRenderFailed(template=label, detail=str(error)[:300]) from error
    try:
        template = DocxTemplate(io.BytesIO(data))
        values = template_context(kind_code, context)
        if KINDS[kind_code].has_qr:
            values["qr"] = InlineImage(template, io.BytesIO(qr.png(values["qr_url"])), width=Mm(24))
        template.render(values, jinja_env=sandbox.environment(), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except TemplateInvalid:
        raise
    except SecurityError:
        raise TemplateRenderFailed(template=label, detail=_("trường trộn không được phép")) from None
    except Exception as error:  # docxtpl raises jinja2 and lxml errors of many kinds
        raise TemplateRenderFailed(template=label, detail=str(error)[:300]) from error
    return buffer.getvalue()


def render(
    kind_code: str,
    context: dict,
    *,
    template_data: bytes | None = None,
    template_name: str = "",
    sample_note: str = "",
    layout: dict | None = None,
) -> bytes:
    if template_data is not None:
        return render_template(template_data, kind_code, context, name=template_name)
    return builtin.render(kind_code, context, sample_note=sample_note, layout=layout)


def template_variables(data: bytes) -> set[str]:
    """The placeholders an uploaded .docx uses (after docxtpl joins Word's split runs)."""
    template = DocxTemplate(io.BytesIO(data))
    return set(template.get_undeclared_template_variables(jinja_env=sandbox.environment()))


def check_package(data: bytes, *, filename: str = "") -> None:
    """A real Word package, checked before any parser opens it (issue 13.14): size, type by content
    (a "%PDF-" file or an HTML page named .docx is refused), the zip's entry count and declared
    uncompressed size (zip bomb), no executables or macros (core.uploads), and only the parts a Word
    document has (WORD_PARTS): no embedded OLE objects, ActiveX controls or stray files."""
    if filename and not filename.lower().endswith(".docx"):
        raise TemplateInvalid(detail=_("chỉ nhận tệp Word .docx"))
    try:
        uploads.check_upload(
            data,
            allowed=["docx"],
            name=filename or "mau.docx",
            max_bytes=max_template_bytes(),
            max_entries=TEMPLATE_MAX_ENTRIES,
            max_uncompressed=TEMPLATE_MAX_UNCOMPRESSED,
        )
    except uploads.UploadRejected as error:
        raise TemplateInvalid(detail=str(error)) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # its directory was read safely just above
        names = archive.namelist()
    for name in names:
        lowered = name.lower()
        if not lowered.startswith(WORD_PARTS) or lowered.startswith(FOREIGN_WORD_PARTS):
            raise TemplateInvalid(
                detail=format_lazy(
                    _("tệp chứa thành phần “{entry}” không thuộc văn bản Word"), entry=name[:80]
                )
            )


def validate_template(data: bytes, kind_code: str, *, filename: str = "") -> set[str]:
    """Refuse anything but a .docx of sane size whose placeholders cover the kind's required keys.

    Returns the placeholders found. A trial render with the demo context catches syntax errors.
    """
    check_package(data, filename=filename)
    try:
        found = template_variables(data)
        sandbox.check_placeholders(data)  # before any render: only data, loops, allowed filters
    except TemplateInvalid:
        raise
    except Exception as error:  # jinja2.TemplateSyntaxError and friends
        raise TemplateInvalid(
            detail=format_lazy(_("lỗi cú pháp trường trộn: {error}"), error=str(error)[:200])
        ) from error
    missing = [
        key for key in KINDS[kind_code].required if key not in found and not (ALIASES.get(key, set()) & found)
    ]
    if missing:
        raise TemplateInvalid(
            detail=format_lazy(
                _("thiếu trường bắt buộc {fields}"), fields=", ".join("{{ " + key + " }}" for key in missing)
            )
        )
    render_template(data, kind_code, demo_context(kind_code))
    return found
