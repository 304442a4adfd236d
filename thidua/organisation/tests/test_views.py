"""Pages of the organisation context: permission matrix, HTMX fragments, query counts."""

import datetime

import pytest
from django.urls import reverse

from thidua.organisation.models import ClusterTerm, Handover
from thidua.organisation.tests.factories import ClusterFactory, ClusterTermFactory, UnitFactory

pytestmark = pytest.mark.django_db

ROLES = ["admin", "board", "cluster_staff", "officer", "unit_leader", "viewer", "foreign_officer", "nobody"]
# who may see the Cụm 11 term (members' staff, the owner's board, admins), who may hand over (board, admin)
CAN_VIEW_TERM = {"admin", "board", "cluster_staff", "officer", "unit_leader", "viewer"}
CAN_HAND_OVER = {"admin", "board"}


def test_anonymous_users_are_sent_to_login(client, term):
    for url in [
        reverse("core:dashboard"),
        reverse("organisation:unit_list"),
        reverse("organisation:cluster_list"),
        reverse("organisation:term_detail", args=[term.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_term_detail_is_visible_to_members_and_board_only(client, users, term, role):
    client.force_login(users[role])
    response = client.get(reverse("organisation:term_detail", args=[term.pk]))
    assert response.status_code == (200 if role in CAN_VIEW_TERM else 404)
    if response.status_code == 200:
        assert "Cụm thi đua số 11" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_handover_form_and_action_only_for_the_board(client, users, term, provinces, role):
    client.force_login(users[role])
    page = client.get(reverse("organisation:term_detail", args=[term.pk]))
    if page.status_code == 200:
        assert ("Ghi nhận bàn giao" in page.content.decode()) == (role in CAN_HAND_OVER)
    response = client.post(
        reverse("organisation:term_handover", args=[term.pk]),
        {
            "new_leader": provinces[2].pk,
            "new_deputy": provinces[3].pk,
            "handed_over_on": "20/11/2024",
            "mode": "elected",
        },
    )
    if role in CAN_HAND_OVER:
        assert response.status_code == 302
        next_term = ClusterTerm.objects.get(cluster=term.cluster, year=2025)
        assert next_term.leader == provinces[2]
    else:
        assert response.status_code in (302, 403, 404)
        assert not Handover.objects.exists()


def test_handover_form_errors_are_shown_in_vietnamese(client, users, term, provinces):
    client.force_login(users["board"])
    response = client.post(
        reverse("organisation:term_handover", args=[term.pk]),
        {
            "new_leader": provinces[2].pk,
            "new_deputy": provinces[2].pk,
            "handed_over_on": "31/02/2024",
            "mode": "elected",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau." in body or "Nhập ngày hợp lệ" in body
    assert not Handover.objects.exists()


def test_create_next_year_from_the_page(client, users, term, provinces):
    client.force_login(users["board"])
    url = reverse("organisation:term_create_next", args=[term.pk])
    assert client.post(url).status_code == 422  # members are confirmed on the page, none sent
    assert not ClusterTerm.objects.filter(cluster=term.cluster, year=2025).exists()
    response = client.post(url, {"members": [u.pk for u in provinces]})
    new_term = ClusterTerm.objects.get(cluster=term.cluster, year=2025)
    assert response["Location"] == reverse("emulation:year_start", args=[new_term.pk])
    assert new_term.memberships.count() == len(provinces)


def test_unit_search_page_finds_without_diacritics(client, users, provinces):
    client.force_login(users["board"])
    response = client.get(reverse("organisation:unit_list"), {"q": "dong thap"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Công an tỉnh Đồng Tháp" in body
    assert "Công an tỉnh Bến Tre" not in body
    assert "<html" not in body, "HTMX gets only the results fragment"


def test_cluster_list_filters_by_year_and_level(client, users, term, ministry):
    ClusterTermFactory(cluster=term.cluster, year=2023, members=[])
    client.force_login(users["board"])
    body = client.get(reverse("organisation:cluster_list"), {"year": 2023}).content.decode()
    assert "2023" in body
    assert reverse("organisation:term_detail", args=[term.pk]) not in body


def test_dashboard_shows_the_users_clusters(client, users, term):
    client.force_login(users["officer"])
    body = client.get(reverse("core:dashboard")).content.decode()
    assert "Cụm thi đua số 11" in body
    client.force_login(users["foreign_officer"])
    assert "Cụm thi đua số 11" not in client.get(reverse("core:dashboard")).content.decode()


def _grow(ministry, n: int, start: int):
    return [UnitFactory(parent=ministry, code=f"G-{start + i}") for i in range(n)]


def test_unit_list_query_count_is_flat(client, users, ministry, django_assert_max_num_queries):
    client.force_login(users["board"])
    first = _grow(ministry, 5, 0)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisation:unit_list"))
    assert response.status_code == 200 and first[0].name in response.content.decode()
    _grow(ministry, 40, 100)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisation:unit_list"))
    assert response.status_code == 200 and first[-1].name in response.content.decode()


def _query_count(client, url, params=None) -> int:
    """Queries of a full render (the page cache emptied first), with the browser's CSRF cookie set."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if "csrftoken" not in client.cookies:
        client.get(reverse("core:dashboard"))
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


def test_cluster_pages_query_count_is_flat(client, users, term, ministry, django_assert_max_num_queries):
    client.force_login(users["board"])
    detail = reverse("organisation:term_detail", args=[term.pk])
    before = {
        "detail": _query_count(client, detail),
        "list": _query_count(client, reverse("organisation:cluster_list"), {"year": 2024}),
        "dashboard": _query_count(client, reverse("core:dashboard")),
    }
    # the list: + the deputies (one prefetch) and the board's own clusters (one query + one exists)
    assert before["detail"] <= 13 and before["list"] <= 11
    for year in range(2015, 2024):
        ClusterTermFactory(cluster=term.cluster, year=year, members=_grow(ministry, 4, year * 10))
    for number in range(20, 30):
        ClusterTermFactory(
            cluster=ClusterFactory(owner=ministry, number=number),
            year=2024,
            members=_grow(ministry, 3, number * 100),
        )
    after = {
        "detail": _query_count(client, detail),
        "list": _query_count(client, reverse("organisation:cluster_list"), {"year": 2024}),
        "dashboard": _query_count(client, reverse("core:dashboard")),
    }
    assert after == before, "query counts must not grow with rows"


def test_login_is_throttled_after_repeated_failures(client, users, settings):
    user = users["officer"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "sai"})
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "matkhau-thu-nghiem"}
    )
    assert response.status_code == 429
    assert "Tạm khóa" in response.content.decode()


def test_login_with_correct_password(client, users):
    response = client.post(
        reverse("accounts:login"), {"username": users["officer"].username, "password": "matkhau-thu-nghiem"}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_admin_back_office_is_staff_only(client, users):
    client.force_login(users["board"])
    assert client.get("/admin/").status_code == 302
    users["board"].is_staff = True
    users["board"].save()
    assert client.get("/admin/").status_code == 200


def test_handover_history_is_listed(client, users, term, provinces):
    from thidua.organisation import services

    services.term_hand_over(
        actor=users["board"],
        term=term,
        new_leader=provinces[2],
        new_deputy=None,
        handed_over_on=datetime.date(2024, 11, 20),
        conference_title="Hội nghị tổng kết năm 2024",
    )
    client.force_login(users["viewer"])
    body = client.get(reverse("organisation:term_detail", args=[term.pk])).content.decode()
    assert "Hội nghị tổng kết năm 2024" in body
    assert "20/11/2024" in body


# Sóc Trăng (provinces[0], the cluster staff's unit) is in Cụm 11 (2024) with Tiền Giang (provinces[1], the
# officer/leader/viewer's unit), and in Cụm 40 (2023) with Hà Tĩnh (other_province, the foreign officer's).
SEE_SOC_TRANG = {"admin", "board", "cluster_staff", "officer", "unit_leader", "viewer", "foreign_officer"}
SEE_HA_TINH = {"admin", "board", "cluster_staff", "foreign_officer"}


@pytest.mark.parametrize("role", ROLES)
def test_unit_page_is_open_to_the_units_scope_and_its_cluster_partners(
    client, users, term, provinces, other_province, ministry, role
):
    other_cluster = ClusterFactory(owner=ministry, number=40, name="Cụm thi đua số 40")
    ClusterTermFactory(cluster=other_cluster, year=2023, members=[provinces[0], other_province])
    client.force_login(users[role])
    response = client.get(reverse("organisation:unit_detail", args=[provinces[0].pk]))
    assert response.status_code == (200 if role in SEE_SOC_TRANG else 404)
    if role in {"officer", "unit_leader", "viewer"}:  # partners through Cụm 11 only
        body = response.content.decode()
        assert "Cụm thi đua số 11" in body and "Cụm thi đua số 40" not in body
    foreign = client.get(reverse("organisation:unit_detail", args=[other_province.pk]))
    assert foreign.status_code == (200 if role in SEE_HA_TINH else 404)
