"""16.7: results the papers count, for a member unit or for the cluster as a whole, kept as precise as
the paper ("gần 95 %" stays approximate; "vượt 15,63 % so với chỉ tiêu Bộ giao")."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.emulation import services
from thidua.emulation.errors import NotAMember
from thidua.emulation.models import TermResult

pytestmark = pytest.mark.django_db
API = "/api/v1/emulation"


def test_cluster_level_and_unit_results_keep_the_papers_precision(term, users, provinces):
    staff = users["cluster_staff"]
    versus = services.term_result_record(
        actor=staff,
        term=term,
        measure="versus_target",
        label="Số vụ án khám phá",
        value=Decimal("15.63"),
        target_authority="Bộ giao",
    )
    rate = services.term_result_record(
        actor=staff,
        term=term,
        measure="rate",
        label="Tỷ lệ khám phá án",
        value=Decimal("95"),
        qualifier="approximate",
    )
    money = services.term_result_record(
        actor=staff,
        term=term,
        unit=provinces[4],
        measure="money",
        label="Ủng hộ Quỹ vì người nghèo",
        value=Decimal("1250000000"),
    )
    houses = services.term_result_record(
        actor=staff,
        term=term,
        unit=provinces[5],
        measure="houses",
        label="Xây nhà cho người nghèo",
        value=Decimal(12),
    )
    assert versus.is_cluster_level and versus.figure == "vượt 15,63 % so với chỉ tiêu Bộ giao"
    assert rate.figure == "gần 95 %" and rate.qualifier == "approximate"
    assert money.figure == "1.250.000.000 đồng" and not money.is_cluster_level
    assert houses.figure == "12 căn"
    assert TermResult.objects.get(pk=rate.pk).value == Decimal("95")  # stored as said, not as an exact claim


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": Decimal(-1)}, "value"),
        ({"value": Decimal("1e20")}, "value"),
        ({"value": Decimal("1.005")}, "value"),
        ({"value": Decimal("NaN")}, "value"),
        ({"measure": "weather"}, "measure"),
        ({"qualifier": "maybe"}, "qualifier"),
        ({"label": "  "}, "label"),
    ],
)
def test_impossible_results_are_refused_and_nothing_is_stored(term, users, changes, field):
    data = {"measure": "gifts", "label": "Tặng quà", "value": Decimal(100), **changes}
    with pytest.raises(ValidationFailed) as caught:
        services.term_result_record(actor=users["cluster_staff"], term=term, **data)
    assert caught.value.field == field
    assert not TermResult.objects.exists()


def test_another_clusters_unit_and_a_member_officer_are_refused(term, users, other_province):
    with pytest.raises(NotAMember):
        services.term_result_record(
            actor=users["cluster_staff"],
            term=term,
            unit=other_province,
            measure="gifts",
            label="Quà",
            value=Decimal(1),
        )
    with pytest.raises(AccessDenied):
        services.term_result_record(
            actor=users["officer"], term=term, measure="gifts", label="Quà", value=Decimal(1)
        )
    assert not TermResult.objects.exists()


def test_the_cluster_term_page_records_and_shows_the_results(client, users, term, provinces):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("emulation:term_result_add", args=[term.pk]),
        {
            "unit": "",
            "measure": "rate",
            "label": "Tỷ lệ khám phá án",
            "value": "95",
            "qualifier": "approximate",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("emulation:term_result_add", args=[term.pk]),
        {
            "unit": provinces[5].pk,
            "measure": "houses",
            "label": "Xây nhà cho người nghèo",
            "value": "12",
            "qualifier": "exact",
        },
    )
    page = client.get(reverse("emulation:term", args=[term.pk])).content.decode()
    assert "gần 95 %" in page and "Cả cụm" in page and "12 căn" in page
    result = TermResult.objects.get(measure="houses")
    assert client.post(reverse("emulation:term_result_remove", args=[result.pk])).status_code == 302
    assert not TermResult.objects.filter(pk=result.pk).exists()


@pytest.mark.parametrize("value", ["-5", "abc", "1e30", "\x00", "=SUM(A1)", "9" * 40])
def test_the_page_refuses_a_bad_figure_in_vietnamese(client, users, term, value):
    client.force_login(users["cluster_staff"])
    response = client.post(
        reverse("emulation:term_result_add", args=[term.pk]),
        {"unit": "", "measure": "money", "label": "Ủng hộ", "value": value, "qualifier": "exact"},
    )
    assert response.status_code == 422 and "errorlist" in response.content.decode()
    assert not TermResult.objects.exists()


def test_the_api_records_cluster_results_and_reads_them_back(client, users, term, provinces):
    client.force_login(users["cluster_staff"])
    created = client.post(
        f"{API}/terms/{term.pk}/results",
        {
            "measure": "versus_target",
            "label": "Kiềm chế tội phạm",
            "value": "15.63",
            "target_authority": "Bộ giao",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (
        created.json()["unit"] is None and created.json()["figure"] == "vượt 15,63 % so với chỉ tiêu Bộ giao"
    )
    member = client.post(
        f"{API}/terms/{term.pk}/results",
        {
            "unit_id": provinces[2].pk,
            "measure": "money",
            "label": "Ủng hộ đồng bào bão lũ",
            "value": "350000000",
        },
        content_type="application/json",
    )
    assert member.status_code == 201 and member.json()["unit"]["id"] == provinces[2].pk
    rows = client.get(f"{API}/terms/{term.pk}/results").json()
    assert [r["is_cluster_level"] for r in rows] == [True, False]
    assert Decimal(rows[0]["value"]) == Decimal("15.63") and rows[0]["qualifier"] == "exact"
    assert client.delete(f"{API}/results/{rows[1]['id']}").status_code == 204
    assert TermResult.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"value": "-1"},
        {"value": "1e30"},
        {"value": "1.001"},
        {"measure": "x"},
        {"label": "a\x00"},
        {"label": ""},
        {"qualifier": "?"},
    ],
)
def test_the_api_refuses_hostile_results(client, users, term, changes):
    client.force_login(users["cluster_staff"])
    payload = {"measure": "gifts", "label": "Tặng quà", "value": "10", **changes}
    response = client.post(f"{API}/terms/{term.pk}/results", payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert not TermResult.objects.exists()


def test_the_api_refuses_another_units_id_and_foreign_users(client, users, term, other_province):
    client.force_login(users["cluster_staff"])
    response = client.post(
        f"{API}/terms/{term.pk}/results",
        {"unit_id": other_province.pk, "measure": "gifts", "label": "Quà", "value": "1"},
        content_type="application/json",
    )
    assert response.status_code == 404
    client.force_login(users["foreign_officer"])
    assert client.get(f"{API}/terms/{term.pk}/results").status_code == 404
    assert not TermResult.objects.exists()
