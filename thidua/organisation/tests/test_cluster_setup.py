"""Cluster set-up (issue 15.2): the board creates a cluster, a year's term, edits members, leader and
several deputies — through the pages and the API, with the same service and the same refusals."""

import pytest
from django.urls import reverse

from thidua.organisation.models import (
    Cluster,
    ClusterKind,
    ClusterLevel,
    ClusterMembership,
    ClusterTerm,
    UnitKind,
)
from thidua.organisation.tests.factories import ClusterFactory, UnitFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def api(client):
    def call(user, method, path, data=None):
        client.force_login(user)
        if data is None:
            return getattr(client, method)(f"{API}{path}")
        return getattr(client, method)(f"{API}{path}", data=data, content_type="application/json")

    return call


# -- pages ------------------------------------------------------------------------------------------


def test_board_creates_a_numberless_bloc_on_the_page_and_lands_on_its_first_year(client, users, ministry):
    client.force_login(users["board"])
    assert client.get(reverse("organisation:cluster_create")).status_code == 200
    response = client.post(
        reverse("organisation:cluster_create"),
        {
            "owner": ministry.pk,
            "level": "ministry",
            "kind": "khoi",
            "number": "",
            "name": "Khối các Cục nghiệp vụ",
        },
    )
    cluster = Cluster.objects.get(name="Khối các Cục nghiệp vụ")
    assert (cluster.kind, cluster.number, cluster.owner) == (ClusterKind.KHOI, None, ministry)
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:term_create", args=[cluster.pk])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"number": "-3"}, "number", "lớn hơn hoặc bằng với 1"),
        ({"number": "100000000000000000000"}, "number", "nhỏ hơn hoặc bằng với 999"),
        ({"name": ""}, "name", "bắt buộc"),
        ({"name": "x" * 300}, "name", "tối đa 255"),
        ({"level": "provincial"}, "owner", "phải do Công an tỉnh, thành phố quản lý"),
        ({"number": "11"}, "number", "Đã có cụm số 11"),
    ],
)
def test_cluster_form_refuses_bad_input_in_vietnamese_and_creates_nothing(
    client, users, ministry, term, data, field, message
):
    client.force_login(users["board"])
    before = Cluster.objects.count()
    post = {
        "owner": ministry.pk,
        "level": "ministry",
        "kind": "cum",
        "number": "12",
        "name": "Cụm mới",
    } | data
    response = client.post(reverse("organisation:cluster_create"), post)
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert Cluster.objects.count() == before


def test_cluster_form_refuses_nul_and_an_owner_outside_the_board(
    client, users, ministry, make_user, provinces
):
    province_board = make_user("board", provinces[2])
    client.force_login(province_board)
    response = client.post(
        reverse("organisation:cluster_create"),
        {"owner": ministry.pk, "level": "ministry", "kind": "cum", "number": "3", "name": "Cụm\x00"},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "owner" in errors and "name" in errors
    assert not Cluster.objects.filter(number=3).exists()


@pytest.mark.parametrize("role", ["officer", "cluster_staff", "viewer", "unit_leader"])
def test_only_a_board_may_open_the_set_up_pages(client, users, term, role):
    client.force_login(users[role])
    assert client.get(reverse("organisation:cluster_create")).status_code == 403
    assert client.get(reverse("organisation:cluster_detail", args=[term.cluster_id])).status_code == 404
    assert client.get(reverse("organisation:term_members", args=[term.pk])).status_code == 404
    assert client.get(reverse("organisation:term_roles", args=[term.pk])).status_code == 404


def test_board_creates_a_term_with_two_deputies_on_the_page(client, users, ministry, provinces, term):
    cluster = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=20, name="Cụm thi đua số 20")
    other = [UnitFactory(parent=ministry, name=f"Công an tỉnh Mới {n}") for n in range(4)]
    client.force_login(users["board"])
    page = client.get(reverse("organisation:term_create", args=[cluster.pk]), {"year": 2024})
    offered = page.context["form"].fields["members"].choices
    # units of another cluster of the same level that year are not offered
    assert {pk for pk, _name in offered} >= {u.pk for u in other}
    assert provinces[0].pk not in {pk for pk, _name in offered}
    response = client.post(
        reverse("organisation:term_create", args=[cluster.pk]),
        {
            "year": "2024",
            "members": [u.pk for u in other],
            "leader": other[0].pk,
            "deputies": [other[1].pk, other[2].pk],
            "selection_mode": "elected",
        },
    )
    created = ClusterTerm.objects.get(cluster=cluster, year=2024)
    assert response.status_code == 302
    assert created.leader == other[0]
    assert {u.pk for u in created.deputies} == {other[1].pk, other[2].pk}
    assert created.memberships.count() == 4
    detail = client.get(reverse("organisation:term_detail", args=[created.pk])).content.decode()
    assert detail.count("badge-deputy") == 2


def test_term_form_refuses_a_leader_outside_the_members_and_a_unit_of_another_cluster(
    client, users, ministry, provinces, term
):
    cluster = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=21)
    fresh = UnitFactory(parent=ministry)
    client.force_login(users["board"])
    url = reverse("organisation:term_create", args=[cluster.pk])
    response = client.post(
        url, {"year": "2024", "members": [fresh.pk], "leader": provinces[3].pk, "selection_mode": "elected"}
    )
    assert response.status_code == 422
    assert "leader" in response.context["form"].errors  # Cụm 11's member is not offered in 2024
    response = client.post(url, {"year": "2024", "members": [provinces[0].pk], "selection_mode": "elected"})
    assert response.status_code == 422
    assert not ClusterTerm.objects.filter(cluster=cluster).exists()


def test_board_adds_and_removes_a_member_with_htmx(client, users, ministry, provinces, term):
    newcomer = UnitFactory(parent=ministry, name="Công an tỉnh Hậu Giang")
    client.force_login(users["board"])
    page = client.get(reverse("organisation:term_members", args=[term.pk])).content.decode()
    assert "data-confirm=" in page and "Bỏ Công an tỉnh Bến Tre khỏi cụm năm 2024?" in page
    added = client.post(
        reverse("organisation:term_member_add", args=[term.pk]), {"unit": newcomer.pk}, HTTP_HX_REQUEST="true"
    )
    assert added.status_code == 200 and "Đã thêm Công an tỉnh Hậu Giang" in added.content.decode()
    assert ClusterMembership.objects.filter(term=term, unit=newcomer).exists()
    removed = client.post(
        reverse("organisation:term_member_remove", args=[term.pk, provinces[2].pk]), HTTP_HX_REQUEST="true"
    )
    assert removed.status_code == 200
    assert not ClusterMembership.objects.filter(term=term, unit=provinces[2]).exists()


def test_removing_the_leader_is_refused_with_the_reason_and_keeps_it(client, users, provinces, term):
    client.force_login(users["board"])
    response = client.post(
        reverse("organisation:term_member_remove", args=[term.pk, provinces[0].pk]), HTTP_HX_REQUEST="true"
    )
    assert "đang là Cụm trưởng hoặc Cụm phó" in response.content.decode()
    assert ClusterMembership.objects.filter(term=term, unit=provinces[0]).exists()


def test_adding_a_unit_of_another_province_board_or_a_bogus_id_changes_nothing(
    client, users, term, other_province
):
    client.force_login(users["board"])
    before = term.memberships.count()
    for value in ["999999999", "-1", "abc", "1\x00"]:
        response = client.post(reverse("organisation:term_member_add", args=[term.pk]), {"unit": value})
        assert response.status_code == 422
    assert term.memberships.count() == before


def test_board_sets_leader_and_several_deputies_on_the_roles_page(client, users, provinces, term):
    client.force_login(users["board"])
    response = client.post(
        reverse("organisation:term_roles", args=[term.pk]),
        {
            "leader": provinces[2].pk,
            "deputies": [provinces[3].pk, provinces[1].pk],
            "selection_mode": "assigned",
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.leader == provinces[2]
    assert term.deputy == provinces[1]  # the first deputy stays first while chosen
    assert [u.pk for u in term.deputies] == [provinces[1].pk, provinces[3].pk]
    assert term.selection_mode == "assigned"
    refused = client.post(
        reverse("organisation:term_roles", args=[term.pk]),
        {"leader": provinces[2].pk, "deputies": [provinces[2].pk], "selection_mode": "elected"},
    )
    assert refused.status_code == 422
    term.refresh_from_db()
    assert term.leader == provinces[2] and term.selection_mode == "assigned"


# -- API --------------------------------------------------------------------------------------------


def test_api_creates_a_numberless_khoi_and_refuses_a_taken_number(api, users, ministry, term):
    response = api(
        users["board"],
        "post",
        "/clusters",
        {"owner_id": ministry.pk, "level": "ministry", "kind": "khoi", "name": "Khối An ninh"},
    )
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["number"]) == ("khoi", None)
    taken = api(
        users["board"],
        "post",
        "/clusters",
        {"owner_id": ministry.pk, "level": "ministry", "number": 11, "name": "Cụm 11 khác"},
    )
    assert taken.status_code == 409 and taken.json()["code"] == "cluster_number_taken"
    # the same number as a Khối is another series
    bloc = api(
        users["board"],
        "post",
        "/clusters",
        {"owner_id": ministry.pk, "level": "ministry", "kind": "khoi", "number": 11, "name": "Khối 11"},
    )
    assert bloc.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"number": -1},
        {"number": 10**20},
        {"name": "a\x00b"},
        {"name": "x" * 300},
        {"kind": "nhom"},
        {"level": "provincial"},
    ],
)
def test_api_cluster_hostile_input_is_a_4xx_and_creates_nothing(api, users, ministry, body):
    before = Cluster.objects.count()
    payload = {"owner_id": ministry.pk, "level": "ministry", "number": 30, "name": "Cụm 30"} | body
    response = api(users["board"], "post", "/clusters", payload)
    assert response.status_code == 422
    assert Cluster.objects.count() == before


def test_api_sets_several_deputies_and_honours_selection_mode(api, users, provinces, term):
    response = api(
        users["board"],
        "put",
        f"/cluster-terms/{term.pk}/roles",
        {
            "leader_id": provinces[0].pk,
            "deputy_ids": [provinces[4].pk, provinces[5].pk],
            "selection_mode": "rotation",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [d["id"] for d in body["deputies"]] == [provinces[4].pk, provinces[5].pk]
    assert body["deputy"]["id"] == provinces[4].pk and body["selection_mode"] == "rotation"
    twice = api(
        users["board"],
        "put",
        f"/cluster-terms/{term.pk}/roles",
        {"leader_id": provinces[0].pk, "deputy_ids": [provinces[4].pk, provinces[4].pk]},
    )
    assert twice.status_code == 422


def test_api_adds_and_removes_one_member(api, users, ministry, provinces, term, other_province):
    added = api(users["board"], "post", f"/cluster-terms/{term.pk}/members", {"unit_id": other_province.pk})
    assert added.status_code == 200
    assert other_province.pk in {m["id"] for m in added.json()["members"]}
    removed = api(users["board"], "delete", f"/cluster-terms/{term.pk}/members/{other_province.pk}")
    assert removed.status_code == 200
    assert other_province.pk not in {m["id"] for m in removed.json()["members"]}
    leader = api(users["board"], "delete", f"/cluster-terms/{term.pk}/members/{provinces[0].pk}")
    assert leader.status_code == 409 and leader.json()["code"] == "member_has_role"
    officer = api(
        users["officer"], "post", f"/cluster-terms/{term.pk}/members", {"unit_id": other_province.pk}
    )
    assert officer.status_code in (403, 404, 422)
    assert not ClusterMembership.objects.filter(term=term, unit=other_province).exists()


def test_province_board_creates_a_provincial_khoi_of_its_departments(api, make_user, provinces):
    province = provinces[2]
    board = make_user("board", province)
    departments = [UnitFactory(parent=province, kind=UnitKind.PROVINCIAL_DEPARTMENT) for _ in range(3)]
    cluster = api(
        board,
        "post",
        "/clusters",
        {"owner_id": province.pk, "level": "provincial", "kind": "khoi", "name": "Khối Cảnh sát"},
    )
    assert cluster.status_code == 201
    term = api(
        board,
        "post",
        "/cluster-terms",
        {
            "cluster_id": cluster.json()["id"],
            "year": 2025,
            "member_ids": [d.pk for d in departments],
            "leader_id": departments[0].pk,
            "deputy_ids": [departments[1].pk, departments[2].pk],
        },
    )
    assert term.status_code == 201, term.content
    assert len(term.json()["deputies"]) == 2
