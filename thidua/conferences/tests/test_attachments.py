"""Issue 13.10: conference attachments are stored under a random name and downloaded only through a
permission-checked view (conference viewers), never through a media URL."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.conferences.models import ConferenceDocument
from thidua.conferences.tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

DOWNLOADERS = [
    ("admin", 200),
    ("board", 200),
    ("cluster_staff", 200),
    ("officer", 200),
    ("viewer", 200),
    ("foreign_officer", 404),
    ("nobody", 404),
]


@pytest.fixture
def conference(term):
    return ConferenceFactory(term=term, host=term.deputy)


@pytest.fixture
def attachment(client, users, conference) -> ConferenceDocument:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    client.force_login(users["cluster_staff"])
    client.post(
        reverse("conferences:document_attach", args=[conference.pk]),
        {"title": "Báo cáo sơ kết", "file": SimpleUploadedFile("Bao cao so ket.docx", buffer.getvalue())},
    )
    client.logout()
    return ConferenceDocument.objects.get()


def test_attachment_is_stored_under_a_random_name_keeping_the_original_for_download(attachment):
    stored = attachment.file.name
    assert "Bao" not in stored and "so" not in stored.split("/")[-1].split(".")[0]
    assert stored.startswith("conferences/") and stored.endswith(".docx")
    assert len(stored.split("/")[-1]) == 32 + len(".docx")
    assert attachment.original_name == "Bao cao so ket.docx" and attachment.size > 0


@pytest.mark.parametrize(("role", "status"), DOWNLOADERS)
def test_attachment_download_only_for_conference_viewers(client, users, attachment, role, status):
    client.force_login(users[role])
    url = reverse("conferences:document_download", args=[attachment.conference_id, attachment.pk])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response["X-Content-Type-Options"] == "nosniff"
        assert 'filename="Bao cao so ket.docx"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content)[:2] == b"PK"


def test_anonymous_download_is_sent_to_login_and_the_media_url_serves_nothing(client, attachment):
    url = reverse("conferences:document_download", args=[attachment.conference_id, attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    assert client.get(attachment.file.url).status_code == 404


def test_attachment_of_another_conference_id_is_not_found(client, users, attachment, term):
    other = ConferenceFactory(term=term, host=term.deputy)
    client.force_login(users["cluster_staff"])
    response = client.get(reverse("conferences:document_download", args=[other.pk, attachment.pk]))
    assert response.status_code == 404


def test_detail_page_links_the_download_view_not_the_media_url(client, users, attachment):
    client.force_login(users["officer"])
    page = client.get(reverse("conferences:detail", args=[attachment.conference_id])).content.decode()
    assert reverse("conferences:document_download", args=[attachment.conference_id, attachment.pk]) in page
    assert "/media/" not in page and attachment.file.name not in page
