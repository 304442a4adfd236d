"""Issue 13.1: an uploaded Word template is data, never code.

Papers render in a sandboxed Jinja environment (sandbox.py); an upload whose placeholders do more than
print the paper's data (calls, dunder attributes, unknown filters, macros) is refused, naming the
placeholder, before anything is rendered; a malicious template already stored fails safely.
"""

import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from jinja2.sandbox import SecurityError

from thidua.documents import render, sandbox
from thidua.documents.errors import TemplateInvalid, TemplateRenderFailed
from thidua.documents.models import DocumentTemplate, GeneratedDocument

from .factories import DocumentTemplateFactory, docx_bytes

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PRESS = ("{{ headline }}", "{{ lead }}", "{% for p in paragraphs %}{{ p }}{% endfor %}")
PLAN = (
    "{{ issuer }}",
    "{{ place_date }}",
    "{{ title }}",
    "{{ year }}",
    "{{ cluster_name }}",
    "{% for m in members %}{{ m }}{% endfor %}",
)


def payload(marker) -> str:
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"


def _upload(client, data: bytes, kind: str = "press_release"):
    return client.post(
        reverse("admin:documents_documenttemplate_add"),
        {
            "kind": kind,
            "name": "Mẫu độc",
            "is_active": "on",
            "note": "",
            "file": SimpleUploadedFile("mau.docx", data, content_type=DOCX),
        },
    )


def test_admin_upload_with_a_command_placeholder_is_refused_naming_it_and_runs_nothing(
    admin_client, tmp_path
):
    marker = tmp_path / "owned"
    response = _upload(admin_client, docx_bytes(*PRESS, payload(marker)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "bị từ chối" in body and "cycler.__init__.__globals__.os.popen(" in body
    assert not marker.exists()
    assert not DocumentTemplate.objects.exists()


def test_staff_with_only_the_add_template_permission_cannot_upload_and_nothing_is_parsed(
    client, make_user, tmp_path
):
    marker = tmp_path / "owned"
    staff = make_user(None, is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="add_documenttemplate"))
    client.force_login(staff)
    assert client.get(reverse("admin:documents_documenttemplate_add")).status_code == 200
    response = _upload(client, docx_bytes(*PRESS, payload(marker)))
    assert response.status_code == 200 and "không có quyền" in response.content.decode()
    assert not marker.exists()
    assert not DocumentTemplate.objects.exists()


@pytest.mark.parametrize(
    ("placeholder", "named"),
    [
        ("{{ headline.__class__ }}", "__class__"),
        ("{{ lead|attr('__class__') }}", "attr"),
        ("{{ lead|safe }}", "safe"),
        ("{{ headline.upper() }}", "headline.upper()"),
        ("{{ range(10) }}", "range"),
        ("{{ 9 ** 9 }}", "Pow"),
        ("{% macro m() %}x{% endmacro %}", "macro"),
        ("{{ paragraphs[lead] }}", "paragraphs[lead]"),
        ("{% for p in paragraphs|sort(attribute='__class__') %}{% endfor %}", "sort"),
    ],
)
def test_placeholders_outside_the_allow_list_are_refused_at_upload(placeholder, named):
    with pytest.raises(TemplateInvalid) as error:
        render.validate_template(docx_bytes(*PRESS, placeholder), "press_release", filename="mau.docx")
    assert named in str(error.value)


def test_allowed_placeholders_print_data_loops_conditions_and_the_papers_filters():
    data = docx_bytes(
        "{{ headline|upper }}",
        "{{ lead if lead else 'không' }}",
        "{% for p in paragraphs %}{{ loop.index }}. {{ p|trim }}{% endfor %}",
        "{{ paragraphs|join('; ') }} {{ paragraphs[0] }} {{ byline|default('Tổ biên tập') }}",
    )
    render.validate_template(data, "press_release", filename="mau.docx")
    context = {"headline": "tin", "lead": "x", "paragraphs": ["a", "b"], "byline": ""}
    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(render.render("press_release", context, template_data=data))).paragraphs
    )
    assert "TIN" in text and "1. a2. b" in text and "a; b a" in text


def test_a_payload_hidden_in_the_document_properties_is_refused(tmp_path):
    marker = tmp_path / "owned"
    document = Document(io.BytesIO(docx_bytes(*PRESS)))
    document.core_properties.title = payload(marker)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(TemplateInvalid):
        render.validate_template(buffer.getvalue(), "press_release", filename="mau.docx")
    assert not marker.exists()


def test_a_stored_malicious_template_fails_safely_when_a_paper_is_generated(client, term, users, tmp_path):
    """A template written straight into the database (before the upload check existed) is refused at
    render time: the page reports an error, no command runs, no document is stored."""
    marker = tmp_path / "owned"
    DocumentTemplateFactory(
        kind="plan", file=ContentFile(docx_bytes(*PLAN, payload(marker)), name="mau.docx")
    )
    client.force_login(users["cluster_staff"])
    response = client.post(reverse("documents:generate", args=["plan", term.pk]))
    assert response.status_code == 302
    assert any("Không lập được văn bản từ mẫu" in str(m) for m in get_messages(response.wsgi_request))
    assert not marker.exists()
    assert not GeneratedDocument.objects.exists()


def test_a_stored_malicious_template_previewed_in_the_admin_gives_a_422_and_runs_nothing(
    admin_client, tmp_path
):
    marker = tmp_path / "owned"
    template = DocumentTemplateFactory(file=ContentFile(docx_bytes(*PRESS, payload(marker)), name="mau.docx"))
    response = admin_client.get(reverse("admin:documents_documenttemplate_preview", args=[template.pk]))
    assert response.status_code == 422 and not marker.exists()


def test_the_render_environment_itself_is_a_sandbox_without_globals(tmp_path):
    """Even a placeholder that escaped the check could not reach Python: the environment refuses it."""
    env = sandbox.environment()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__ }}").render()
    assert env.from_string("{{ cycler }}{{ range }}").render() == ""
    with pytest.raises(Exception):  # noqa: B017 — unknown filter: TemplateAssertionError
        env.from_string("{{ 'x'|attr('__class__') }}")


def test_render_of_an_unchecked_template_reports_a_render_failure():
    with pytest.raises(TemplateRenderFailed) as error:
        render.render_template(docx_bytes(*PRESS, "{{ lead.__class__ }}"), "press_release", {"lead": "x"})
    assert "__class__" in str(error.value)
