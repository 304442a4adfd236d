import io

import factory
from django.core.files.base import ContentFile
from docx import Document
from factory.django import DjangoModelFactory

from thidua.documents.models import DocumentTemplate, FormField, FormLayout, GeneratedDocument, PressRelease


def docx_bytes(*paragraphs: str) -> bytes:
    """A Word file whose paragraphs are the given texts (placeholders for docxtpl templates)."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class GeneratedDocumentFactory(DjangoModelFactory[GeneratedDocument]):
    class Meta:
        model = GeneratedDocument

    kind = "plan"
    title = factory.Sequence(lambda n: f"Kế hoạch hoạt động số {n}")
    context = factory.LazyFunction(dict)
    docx = factory.LazyFunction(lambda: ContentFile(docx_bytes("Kế hoạch"), name="ke-hoach.docx"))


class DocumentTemplateFactory(DjangoModelFactory[DocumentTemplate]):
    class Meta:
        model = DocumentTemplate

    kind = "press_release"
    name = factory.Sequence(lambda n: f"Mẫu tin bài {n}")
    file = factory.LazyFunction(
        lambda: ContentFile(
            docx_bytes("{{ headline }}", "{{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}"),
            name="mau.docx",
        )
    )


class FormLayoutFactory(DjangoModelFactory[FormLayout]):
    class Meta:
        model = FormLayout

    name = "Phôi Bằng khen Bộ Công an"
    form = "bang_khen"


class FormFieldFactory(DjangoModelFactory[FormField]):
    class Meta:
        model = FormField

    layout = factory.SubFactory(FormLayoutFactory)
    key = "recipient"
    x_mm = 50
    y_mm = 90
    width_mm = 200
    font_size = 20


class PressReleaseFactory(DjangoModelFactory[PressRelease]):
    class Meta:
        model = PressRelease

    title = "Cụm thi đua số 11 sơ kết phong trào thi đua"
    lead = "Ngày 16/7, tại Công an tỉnh Tiền Giang, Cụm thi đua số 11 tổ chức hội nghị."
    body = "Đoạn một.\n\nĐoạn hai."
