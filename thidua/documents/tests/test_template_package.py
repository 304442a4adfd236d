"""Issue 13.14: an uploaded template must be a real Word package, checked before anything parses it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.documents import render
from thidua.documents.errors import TemplateInvalid, TemplateRenderFailed
from thidua.documents.models import DocumentTemplate

from .factories import docx_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PRESS = ("{{ headline }}", "{{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}")


def with_entries(extra: dict[str, bytes], *, drop: tuple[str, ...] = ()) -> bytes:
    """A valid press-release template plus `extra` zip entries (and without `drop`)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(*PRESS)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in drop:
                target.writestr(info, source.read(info))
        for name, content in extra.items():
            target.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.django_db
def test_admin_refuses_a_pdf_with_an_html_body_named_docx(admin_client):
    data = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>"
    response = admin_client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": "press_release",
            "name": "Mẫu",
            "is_active": "on",
            "file": SimpleUploadedFile("mau.docx", data, content_type=DOCX),
        },
    )
    assert response.status_code == 200
    assert "định dạng cho phép (.docx)" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"word/media/run.exe": b"MZ\x90\x00" + b"\x00" * 100}, "tệp chương trình"),
        ({"docProps/readme.txt": b"MZ\x90\x00" + b"\x00" * 100}, "tệp chương trình"),
        ({"word/vbaProject.bin": b"\x00" * 100}, "macro"),
        ({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 100}, "không thuộc văn bản Word"),
        ({"index.html": b"<html><script>alert(1)</script></html>"}, "không thuộc văn bản Word"),
        ({"../../evil.xml": b"<x/>"}, "không an toàn"),
    ],
)
def test_a_word_package_with_unexpected_or_executable_entries_is_refused(extra, fragment):
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(with_entries(extra), "press_release", filename="mau.docx")
    assert fragment in str(error.value)


def test_a_zip_without_the_word_document_part_is_refused():
    data = with_entries({}, drop=("word/document.xml",))
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(data, "press_release", filename="mau.docx")
    assert "Word .docx" in str(error.value)


def test_a_zip_bomb_is_refused_from_its_declared_size_before_parsing():
    bomb = with_entries({"word/media/image1.png": b"\x00" * (40 * 1024 * 1024)})
    assert len(bomb) < render.max_template_bytes()  # small on disk: 40 MB of zeros inflate from ~40 KB
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(bomb, "press_release", filename="mau.docx")
    assert "khi giải nén" in str(error.value)


def test_a_package_with_too_many_entries_is_refused():
    many = with_entries({f"word/media/p{i}.xml": b"<x/>" for i in range(render.TEMPLATE_MAX_ENTRIES)})
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(many, "press_release", filename="mau.docx")
    assert "thành phần nén" in str(error.value)


def test_a_stored_template_that_is_not_a_word_package_fails_safely_at_render():
    data = with_entries({"word/media/run.exe": b"MZ" + b"\x00" * 100})
    with pytest.raises(TemplateRenderFailed):
        render.render(
            "press_release", {"headline": "a", "lead": "b", "paragraphs": ["c"]}, template_data=data
        )


def test_a_real_word_template_still_passes():
    assert {"headline", "lead", "paragraphs"} <= render.validate_template(
        docx_bytes(*PRESS), "press_release", filename="mau.docx"
    )
