"""Every kind renders with complete and with minimal data in the Decree 30/2020 layout (R22–R23)."""

import pytest
from docx.oxml.ns import qn

from thidua.documents import builtin, kinds, layout, render
from thidua.documents.errors import TemplateInvalid, TemplateRenderFailed

from .docx_checks import NUMBER_SYMBOL, PLACE_DATE, body_text, fonts_used, has_page_field, mm, open_docx
from .factories import docx_bytes

OFFICIAL = [code for code, kind in kinds.KINDS.items() if kind.official]
ALL = list(kinds.KINDS)
CONTEXTS = [(code, variant) for code in ALL for variant in ("demo", "minimal")]


def _context(code: str, variant: str) -> dict:
    return kinds.demo_context(code) if variant == "demo" else kinds.minimal_context(code)


@pytest.fixture(scope="module")
def rendered():
    return {(code, variant): builtin.render(code, _context(code, variant)) for code, variant in CONTEXTS}


def test_minimal_context_holds_exactly_the_required_keys():
    for code, kind in kinds.KINDS.items():
        assert set(kinds.minimal_context(code)) == set(kind.required)
        assert kinds.missing_keys(code, kinds.minimal_context(code)) == []


@pytest.mark.parametrize(("code", "variant"), CONTEXTS)
def test_each_kind_renders_a_word_file_in_times_new_roman(rendered, code, variant):
    document = open_docx(rendered[(code, variant)])
    assert fonts_used(document) == {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert body_text(document).strip()


@pytest.mark.parametrize(("code", "variant"), [(c, v) for c, v in CONTEXTS if c != "certificate_overlay"])
def test_paper_is_a4_with_decree_30_margins_r22(rendered, code, variant):
    section = open_docx(rendered[(code, variant)]).sections[0]
    assert sorted([mm(section.page_width), mm(section.page_height)]) == [210.0, 297.0]
    assert 20 <= mm(section.top_margin) <= 25
    assert 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35
    assert 15 <= mm(section.right_margin) <= 20


@pytest.mark.parametrize(("code", "variant"), [(c, v) for c, v in CONTEXTS if c in OFFICIAL])
def test_header_table_has_issuer_national_title_motto_number_and_place_date_r23(rendered, code, variant):
    document = open_docx(rendered[(code, variant)])
    header = document.tables[0]
    issuer_cell, national_cell = header.cell(0, 0), header.cell(0, 1)
    issuer_runs = [r for p in issuer_cell.paragraphs for r in p.runs if r.text.strip()]
    assert issuer_runs[-1].bold and issuer_runs[-1].text == issuer_runs[-1].text.upper()
    if len(issuer_runs) > 1:  # cơ quan chủ quản: regular uppercase
        assert not issuer_runs[0].bold and issuer_runs[0].text == issuer_runs[0].text.upper()
    national, motto = [p for p in national_cell.paragraphs if p.text.strip()]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert national.runs[0].bold and 12 <= national.runs[0].font.size.pt <= 13
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and 13 <= motto.runs[0].font.size.pt <= 14
    # a line under the issuer and under the motto (a bordered empty paragraph)
    for cell in (issuer_cell, national_cell):
        assert cell._tc.xml.count("<w:pBdr>") >= 1
    assert NUMBER_SYMBOL.match(header.cell(1, 0).text), header.cell(1, 0).text
    date_paragraph = header.cell(1, 1).paragraphs[0]
    assert PLACE_DATE.match(date_paragraph.text), date_paragraph.text
    assert date_paragraph.runs[0].italic


@pytest.mark.parametrize(("code", "variant"), [(c, v) for c, v in CONTEXTS if c in OFFICIAL])
def test_title_is_uppercase_bold_and_body_is_justified_with_first_line_indent(rendered, code, variant):
    document = open_docx(rendered[(code, variant)])
    title = next(p for p in document.paragraphs if p.text.strip())
    assert title.text == title.text.upper() and title.runs[0].bold
    assert title.text == kinds.KINDS[code].type_name
    body = [p for p in document.paragraphs if p.paragraph_format.first_line_indent and p.text.strip()]
    assert body, "no body paragraph"
    assert all(p.alignment == layout.JUSTIFY for p in body)
    assert all(13 <= (p.runs[0].font.size.pt) <= 14 for p in body if p.runs)


@pytest.mark.parametrize(
    "code", [c for c in OFFICIAL if c not in ("conference_minutes", "vote_count_minutes", "covenant")]
)
def test_signature_block_has_recipients_bold_italic_12_and_signer_bold(rendered, code):
    document = open_docx(rendered[(code, "demo")])
    signature = document.tables[-1]
    recipients = signature.cell(0, 0).paragraphs
    assert recipients[0].text == "Nơi nhận:"
    assert (
        recipients[0].runs[0].bold
        and recipients[0].runs[0].italic
        and recipients[0].runs[0].font.size.pt == 12
    )
    assert all(p.runs[0].font.size.pt == 11 for p in recipients[1:])
    signer = [p for p in signature.cell(0, 1).paragraphs if p.text.strip()]
    assert signer[0].text == signer[0].text.upper() and signer[0].runs[0].bold
    assert signer[-1].text == kinds.demo_context(code).get("signer_name") and signer[-1].runs[0].bold


@pytest.mark.parametrize(("code", "variant"), [(c, v) for c, v in CONTEXTS if c != "certificate_overlay"])
def test_page_numbers_centred_in_header_but_not_on_page_one(rendered, code, variant):
    section = open_docx(rendered[(code, variant)]).sections[0]
    assert section.different_first_page_header_footer
    assert has_page_field(section.header)
    assert section.header.paragraphs[0].alignment == layout.CENTER
    assert not has_page_field(section.first_page_header)


@pytest.mark.parametrize("code", ["decision", "certificate", "certificate_overlay"])
def test_decisions_and_certificates_carry_a_qr_code_to_the_public_record(rendered, code, settings):
    document = open_docx(rendered[(code, "demo")])
    pictures = document.element.body.findall(".//" + qn("pic:pic"))
    assert pictures, "no QR image"
    if code != "certificate_overlay":
        assert kinds.DEMO_PUBLIC_ID in body_text(document)


def test_qr_target_is_the_signed_verification_page_under_the_public_base_url(settings):
    """Issue 17.11: the code opens the verification page with a signed token, not the disclosure page."""
    from thidua.documents import qr

    settings.THIDUA_PUBLIC_BASE_URL = "https://thiduakhenthuong.bocongan.example/"
    url = qr.target_for("decision", {"public_id": kinds.DEMO_PUBLIC_ID})
    assert url.startswith("https://thiduakhenthuong.bocongan.example/khen-thuong/xac-minh/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert qr.verification_load(token) == ("decision", str(kinds.DEMO_PUBLIC_ID))
    assert qr.target_for("certificate", {"qr_url": "https://x.example/a"}) == "https://x.example/a"


def test_vote_count_minutes_record_counts_shares_and_r16_strict_majority():
    context = kinds.demo_context("vote_count_minutes")
    context["candidates"] = [{"name": "Công an tỉnh A", "votes": 3}, {"name": "Công an tỉnh B", "votes": 4}]
    document = open_docx(builtin.render("vote_count_minutes", context))
    text = body_text(document)
    for phrase in [
        "Số phiếu phát ra: 06 (sáu)",
        "Số phiếu hợp lệ: 06 (sáu)",
        "Số phiếu không hợp lệ: 00 (không)",
    ]:
        assert phrase in text
    rows = {row.cells[1].text: row for row in document.tables[1].rows[1:]}
    assert (
        rows["Công an tỉnh A"].cells[3].text == "50%" and rows["Công an tỉnh A"].cells[4].text == "Không đạt"
    )
    assert rows["Công an tỉnh B"].cells[3].text == "66,67%" and rows["Công an tỉnh B"].cells[4].text == "Đạt"


def test_covenant_lists_criteria_with_points_summing_to_total():
    document = open_docx(builtin.render("covenant", kinds.demo_context("covenant")))
    criteria = document.tables[1]
    assert criteria.rows[-1].cells[1].text == "Tổng cộng" and criteria.rows[-1].cells[2].text == "100"


def test_overlay_places_each_field_at_its_measured_position():
    layout_spec = {
        "page_width_mm": 297,
        "page_height_mm": 210,
        "fields": [
            {"key": "recipient", "x_mm": 50, "y_mm": 100, "width_mm": 200, "font_size": 20, "bold": True}
        ],
    }
    document = open_docx(
        builtin.render("certificate_overlay", kinds.demo_context("certificate_overlay"), layout=layout_spec)
    )
    frames = document.element.body.findall(".//" + qn("w:framePr"))
    assert len(frames) == 1
    assert frames[0].get(qn("w:x")) == str(int(50 * 56.6929)) and frames[0].get(qn("w:y")) == str(
        int(100 * 56.6929)
    )
    assert frames[0].get(qn("w:hAnchor")) == "page"
    assert "Công an tỉnh Tiền Giang" in body_text(document)


def test_sample_note_is_printed_in_the_page_header():
    document = open_docx(builtin.render("plan", kinds.demo_context("plan"), sample_note="DỮ LIỆU MẪU"))
    assert "DỮ LIỆU MẪU" in document.sections[0].first_page_header.paragraphs[0].text


# -- uploaded docxtpl templates -----------------------------------------------------------------


def test_uploaded_template_renders_placeholders_and_derived_keys():
    data = docx_bytes(
        "{{ issuer }}",
        "{{ number_symbol }}",
        "{{ place_date }}",
        "{{ title }}",
        "{% for m in members %}{{ m }};{% endfor %}",
        "{{ year }} {{ cluster_name }}",
    )
    render.validate_template(data, "plan", filename="ke-hoach.docx")
    out = open_docx(render.render("plan", kinds.demo_context("plan"), template_data=data))
    text = body_text(out)
    assert "CỤM THI ĐUA SỐ 11" in text and "Số: 05/KH-CTĐ11" in text
    assert "Sóc Trăng, ngày 26 tháng 02 năm 2024" in text and "Công an tỉnh Trà Vinh;" in text


def test_template_values_are_xml_escaped():
    data = docx_bytes("{{ headline }}", "{{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}")
    context = {"headline": "A & B <C>", "lead": "x", "paragraphs": ["y"]}
    assert "A & B <C>" in body_text(open_docx(render.render("press_release", context, template_data=data)))


def test_template_missing_a_required_placeholder_is_refused():
    data = docx_bytes("{{ headline }}", "{{ lead }}")
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(data, "press_release", filename="tin.docx")
    assert "{{ paragraphs }}" in str(error.value)


@pytest.mark.parametrize(
    ("data", "filename", "fragment"),
    [
        (b"not a zip", "mau.docx", "định dạng cho phép (.docx)"),
        (docx_bytes("{{ headline }}"), "mau.pdf", ".docx"),
        (docx_bytes("{{ headline "), "mau.docx", "cú pháp"),
    ],
)
def test_template_upload_rejects_wrong_type_and_broken_syntax(data, filename, fragment):
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(data, "press_release", filename=filename)
    assert fragment in str(error.value)


def test_template_larger_than_limit_is_refused(settings):
    settings.THIDUA_DOCUMENT_TEMPLATE_MAX_BYTES = 1000
    with pytest.raises(TemplateInvalid):
        render.validate_template(docx_bytes("{{ headline }}"), "press_release", filename="tin.docx")


def test_template_error_at_render_time_is_reported_with_its_name():
    data = docx_bytes("{{ headline|no_such_filter }}")
    with pytest.raises(TemplateRenderFailed):
        render.render(
            "press_release", kinds.demo_context("press_release"), template_data=data, template_name="Mẫu X"
        )


@pytest.mark.parametrize("code", ALL)
def test_starter_template_passes_upload_validation_and_renders_demo_data(code):
    from thidua.documents import starter

    data = starter.starter_template(code)
    found = render.validate_template(data, code, filename=f"mau-goc-{code}.docx")
    assert set(kinds.KINDS[code].required) - found <= {
        "place",
        "date",
        "public_id",
    }  # printed via place_date / qr
    text = body_text(open_docx(render.render(code, kinds.demo_context(code), template_data=data)))
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("code", OFFICIAL)
def test_signature_block_never_breaks_across_pages_15_9(rendered, code):
    """Titles and names of the signers stay on one page: no last page holding only the names."""
    signature = open_docx(rendered[(code, "demo")]).tables[-1]
    for row in signature.rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
