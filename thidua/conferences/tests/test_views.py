"""Conference pages: permission matrix, forms through services, HTMX fragments, query counts."""

import datetime

import pytest
from django.urls import reverse

from thidua.conferences.models import Attendee, Conference, ConferenceStatus, Guest
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(term):
    return ConferenceFactory(term=term, host=term.deputy)


VIEWERS = [
    ("admin", 200),
    ("board", 200),
    ("cluster_staff", 200),
    ("officer", 200),
    ("viewer", 200),
    ("foreign_officer", 404),
    ("nobody", 404),
]


@pytest.mark.parametrize(("role", "status"), VIEWERS)
def test_detail_is_visible_to_the_cluster_and_hidden_from_others(client, users, conference, role, status):
    client.force_login(users[role])
    response = client.get(reverse("conferences:detail", args=[conference.pk]))
    assert response.status_code == status
    if status == 200:
        assert conference.title in response.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("cluster_staff", True),
        ("board", True),
        ("officer", False),
        ("unit_leader", False),
        ("foreign_officer", False),
    ],
)
def test_only_managers_add_delegates(client, users, conference, provinces, role, allowed):
    client.force_login(users[role])
    response = client.post(
        reverse("conferences:attendee_add", args=[conference.pk]),
        {"unit": provinces[2].pk, "name": "Nguyễn Văn Đại Biểu", "role": "head", "is_voter": "on"},
    )
    assert response.status_code in (302, 404)
    assert Attendee.objects.filter(conference=conference).exists() is allowed


def test_htmx_add_guest_returns_the_guest_fragment(client, users, conference):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("conferences:guest_add", args=[conference.pk]),
        {
            "name": "Trần Văn Khách",
            "rank": "Đại tá",
            "position": "Phó Cục trưởng",
            "organisation": "Cục CTĐ&CTCT",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="guests"' in body and "Trần Văn Khách" in body
    assert "<html" not in body
    assert Guest.objects.get(conference=conference).position == "Phó Cục trưởng"


def test_toggle_presence_with_htmx(client, users, conference, provinces):
    attendee = AttendeeFactory(conference=conference, unit=provinces[0], present=True)
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("conferences:attendee_toggle", args=[conference.pk, attendee.pk]),
        {"field": "present", "version": attendee.version},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="attendees"' in body
    assert '<dd id="present-units" hx-swap-oob="true">0/' in body  # the info card's count follows
    attendee.refresh_from_db()
    assert not attendee.present


def test_invalid_transition_shows_an_alert_and_keeps_status(client, users, conference):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("conferences:transition", args=[conference.pk]),
        {"target": ConferenceStatus.MINUTES_APPROVED},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#alerts"
    assert Conference.objects.get(pk=conference.pk).status == ConferenceStatus.PLANNED


def test_create_page_suggests_the_host_by_rotation_and_plans(client, users, term, provinces):
    ConferenceFactory(term=term, host=provinces[0], date=datetime.date(2024, 1, 10))
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("conferences:create"))
    assert page.status_code == 200 and "Đề xuất" in page.content.decode()
    assert page.context["form"].initial["host"] != provinces[0].pk
    response = client.post(
        reverse("conferences:create"),
        {
            "term": term.pk,
            "kind": "half_year",
            "title": "Hội nghị sơ kết 6 tháng đầu năm 2024",
            "date": "16/07/2024",
            "host": provinces[1].pk,
        },
    )
    created = Conference.objects.get(title="Hội nghị sơ kết 6 tháng đầu năm 2024")
    assert (
        response.status_code == 302
        and created.host == provinces[1]
        and created.date == datetime.date(2024, 7, 16)
    )


def test_create_page_is_not_found_for_an_officer(client, users):
    client.force_login(users["officer"])
    assert client.get(reverse("conferences:create")).status_code == 404


def test_minutes_preview_shows_the_conference(client, users, conference, provinces):
    AttendeeFactory(conference=conference, unit=provinces[0], name="Lâm Văn Trưởng Đoàn")
    client.force_login(users["officer"])
    response = client.get(reverse("conferences:minutes", args=[conference.pk]))
    assert response.status_code == 200 and "Lâm Văn Trưởng Đoàn" in response.content.decode()


def test_list_page_query_count_is_flat(client, users, term, django_assert_max_num_queries):
    for day in range(1, 8):
        ConferenceFactory(term=term, host=term.leader, date=datetime.date(2024, 3, day))
    client.force_login(users["board"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("conferences:index"))
    assert response.content.decode().count("/hoi-nghi/") >= 7


def test_detail_page_query_count_is_flat_in_delegates(
    client, users, conference, provinces, django_assert_max_num_queries
):
    for unit in provinces:
        AttendeeFactory(conference=conference, unit=unit)
        AttendeeFactory(conference=conference, unit=unit, role="delegate", is_voter=False)
    client.force_login(users["cluster_staff"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("conferences:detail", args=[conference.pk])).status_code == 200


def test_document_upload_is_attached_and_oversized_files_are_refused(client, users, conference, settings):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    client.force_login(users["cluster_staff"])
    client.post(
        reverse("conferences:document_attach", args=[conference.pk]),
        {"title": "Báo cáo sơ kết", "file": SimpleUploadedFile("bao-cao.docx", buffer.getvalue())},
    )
    assert list(conference.documents.values_list("title", flat=True)) == ["Báo cáo sơ kết"]
    client.post(
        reverse("conferences:document_attach", args=[conference.pk]),
        {"title": "Giả dạng", "file": SimpleUploadedFile("gia.docx", b"PK\x03\x04 khong phai docx")},
    )
    client.post(
        reverse("conferences:document_attach", args=[conference.pk]),
        {"title": "Chương trình", "file": SimpleUploadedFile("chay.exe", b"MZ\x90\x00")},
    )
    assert conference.documents.count() == 1
    settings.THIDUA_MAX_UPLOAD_BYTES = 4
    client.post(
        reverse("conferences:document_attach", args=[conference.pk]),
        {"title": "Quá lớn", "file": SimpleUploadedFile("lon.docx", b"0123456789")},
    )
    assert conference.documents.count() == 1


def test_dashboard_panel_lists_recent_conferences(client, users, conference):
    from thidua.conferences.panels import summary

    request = type("R", (), {"user": users["officer"]})()
    panel = summary(request)
    assert panel is not None
    assert panel["template"] == "conferences/_panel.html" and panel["conferences"] == [conference]
    assert summary(type("R", (), {"user": users["foreign_officer"]})()) is None


def test_a_conference_known_only_to_the_year_is_planned_and_shown_as_known(client, users, term):
    """16.3: "năm 2019" is stored with its precision and never shown as 01/01."""
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("conferences:create"),
        {"term": term.pk, "kind": "year_end", "title": "Hội nghị tổng kết (năm 2024)", "date": "năm 2024"},
    )
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert (conference.date, conference.date_precision) == (datetime.date(2024, 1, 1), "year")
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "năm 2024" in page and "01/01/2024" not in page
    assert 'value="2024"' in page  # the edit form shows the known part back
    listing = client.get(reverse("conferences:index")).content.decode()
    assert "01/01/2024" not in listing and "<td>2024</td>" in listing


def test_a_refused_date_on_the_page_changes_nothing(client, users, term):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("conferences:create"),
        {"term": term.pk, "kind": "year_end", "title": "Hội nghị", "date": "31/02/2024"},
    )
    assert response.status_code == 200 and "không có thật" in response.content.decode()
    assert not Conference.objects.exists()


def test_editing_a_conference_to_a_month_keeps_the_month(client, users, conference):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("conferences:info_update", args=[conference.pk]),
        {"title": conference.title, "date": "7/2024", "version": conference.version},
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    assert (conference.date, conference.date_precision) == (datetime.date(2024, 7, 1), "month")
    page = client.get(reverse("conferences:detail", args=[conference.pk])).content.decode()
    assert "tháng 07/2024" in page
