"""JSON API /api/v1/: same permission rules as the pages, field-level 4xx messages."""

import pytest

from thidua.organisation.models import Cluster, ClusterTerm, Handover

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def api(client):
    def call(user, method, path, data=None):
        client.force_login(user)
        kwargs = {"content_type": "application/json"} if data is not None else {}
        return (
            getattr(client, method)(f"{API}{path}", data=data, **kwargs)
            if data is not None
            else getattr(client, method)(f"{API}{path}")
        )

    return call


def test_api_requires_login(client, term):
    assert client.get(f"{API}/units").status_code == 401
    assert client.get(f"{API}/cluster-terms/{term.pk}").status_code == 401


def test_openapi_docs_are_served(client, users):
    client.force_login(users["viewer"])
    assert client.get("/api/docs").status_code == 302
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/cluster-terms/{term_id}/handover" in schema["paths"]


def test_unit_search_is_diacritic_insensitive_and_scoped(api, users, provinces, other_province):
    names = [u["name"] for u in api(users["board"], "get", "/units?q=dong%20thap").json()]
    assert names == ["Công an tỉnh Đồng Tháp"]
    assert [u["id"] for u in api(users["officer"], "get", "/units").json()] == [provinces[1].pk]
    assert api(users["officer"], "get", f"/units/{other_province.pk}").status_code == 404


def test_units_are_created_by_admins_only(api, users, ministry):
    payload = {
        "parent_id": ministry.pk,
        "kind": "provincial_police",
        "name": "Công an tỉnh Mới",
        "code": "CA-MOI",
    }
    assert api(users["officer"], "post", "/units", payload).status_code in (403, 422)
    response = api(users["admin"], "post", "/units", payload)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Công an tỉnh Mới"
    duplicate = api(users["admin"], "post", "/units", payload)
    assert duplicate.status_code == 409
    assert duplicate.json()["field"] == "code"


def test_bad_input_gets_field_level_messages(api, users, ministry):
    response = api(users["admin"], "post", "/units", {"parent_id": "x", "kind": "planet", "name": ""})
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["code"] == "Trường này là bắt buộc."
    assert "kind" in fields and "parent_id" in fields


def test_term_read_shows_leader_deputy_members(api, users, term, provinces):
    data = api(users["viewer"], "get", f"/cluster-terms/{term.pk}").json()
    assert data["leader"]["id"] == provinces[0].pk and data["deputy"]["id"] == provinces[1].pk
    assert {m["id"] for m in data["members"]} == {p.pk for p in provinces}
    assert api(users["foreign_officer"], "get", f"/cluster-terms/{term.pk}").status_code == 404


def test_create_cluster_and_term_with_rules(api, users, ministry, provinces, term):
    response = api(
        users["board"],
        "post",
        "/clusters",
        {"owner_id": ministry.pk, "level": "ministry", "number": 12, "name": "Cụm thi đua số 12"},
    )
    assert response.status_code == 201
    cluster_id = response.json()["id"]
    clash = api(
        users["board"],
        "post",
        "/cluster-terms",
        {"cluster_id": cluster_id, "year": 2024, "member_ids": [provinces[0].pk]},
    )
    assert clash.status_code == 409
    assert clash.json()["code"] == "unit_in_another_cluster"
    assert not ClusterTerm.objects.filter(cluster_id=cluster_id).exists()
    bad_leader = api(
        users["board"],
        "post",
        "/cluster-terms",
        {
            "cluster_id": cluster_id,
            "year": 2025,
            "member_ids": [provinces[0].pk],
            "leader_id": provinces[1].pk,
        },
    )
    assert bad_leader.status_code == 422
    assert bad_leader.json()["field"] == "leader"
    ok = api(
        users["board"],
        "post",
        "/cluster-terms",
        {
            "cluster_id": cluster_id,
            "year": 2025,
            "member_ids": [provinces[0].pk, provinces[1].pk],
            "leader_id": provinces[0].pk,
            "deputy_id": provinces[1].pk,
        },
    )
    assert ok.status_code == 201, ok.content


@pytest.mark.parametrize("role", ["cluster_staff", "officer", "unit_leader", "viewer", "foreign_officer"])
def test_non_board_cannot_create_clusters(api, users, ministry, role):
    response = api(
        users[role],
        "post",
        "/clusters",
        {"owner_id": ministry.pk, "level": "ministry", "number": 30, "name": "Cụm 30"},
    )
    assert response.status_code in (403, 422)
    assert not Cluster.objects.filter(number=30).exists()


@pytest.mark.parametrize(
    "role,allowed",
    [("board", True), ("admin", True), ("cluster_staff", False), ("officer", False), ("viewer", False)],
)
def test_handover_endpoint(api, users, term, provinces, role, allowed):
    response = api(
        users[role],
        "post",
        f"/cluster-terms/{term.pk}/handover",
        {"new_leader_id": provinces[3].pk, "new_deputy_id": provinces[4].pk, "handed_over_on": "2024-11-20"},
    )
    if allowed:
        assert response.status_code == 201, response.content
        assert response.json()["new_leader"]["id"] == provinces[3].pk
        assert response.json()["previous_leader"]["id"] == provinces[0].pk
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "access_denied"
        assert not Handover.objects.exists()


def test_handover_with_bad_date_and_same_units(api, users, term, provinces):
    bad_date = api(
        users["board"],
        "post",
        f"/cluster-terms/{term.pk}/handover",
        {"new_leader_id": provinces[3].pk, "handed_over_on": "20/13/2024"},
    )
    assert bad_date.status_code == 422
    same = api(
        users["board"],
        "post",
        f"/cluster-terms/{term.pk}/handover",
        {"new_leader_id": provinces[3].pk, "new_deputy_id": provinces[3].pk, "handed_over_on": "2024-11-20"},
    )
    assert same.status_code == 422
    assert same.json()["message"] == "Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."
    assert not ClusterTerm.objects.filter(year=2025).exists()


def test_next_term_endpoint_copies_members(api, users, term):
    response = api(users["board"], "post", f"/cluster-terms/{term.pk}/next", {})
    assert response.status_code == 201
    assert len(response.json()["members"]) == 6
    assert api(users["board"], "post", f"/cluster-terms/{term.pk}/next", {}).status_code == 409


def test_term_list_query_count_is_flat(client, users, term, ministry, django_assert_max_num_queries):
    from thidua.organisation.tests.factories import ClusterFactory, ClusterTermFactory, UnitFactory

    client.force_login(users["board"])
    with django_assert_max_num_queries(8):
        assert len(client.get(f"{API}/cluster-terms").json()) == 1
    for n in range(10):
        ClusterTermFactory(
            cluster=ClusterFactory(owner=ministry, number=100 + n),
            year=2024,
            members=[UnitFactory(parent=ministry, code=f"Q-{n}-{i}") for i in range(3)],
        )
    with django_assert_max_num_queries(8):
        assert len(client.get(f"{API}/cluster-terms").json()) == 11


def test_put_roles_honours_selection_mode(api, users, term, provinces):
    """16.12: PUT /cluster-terms/{id}/roles stores the selection mode it is sent."""
    response = api(
        users["board"],
        "put",
        f"/cluster-terms/{term.pk}/roles",
        {"leader_id": provinces[2].pk, "deputy_id": provinces[3].pk, "selection_mode": "rotation"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["selection_mode"] == "rotation"
    term.refresh_from_db()
    assert (term.selection_mode, term.leader_id) == ("rotation", provinces[2].pk)
