"""Issue 13.11: a stale form or API write of a target, report or covenant is refused (409) with the
newer value; a fresh one is saved; two concurrent writers on PostgreSQL: one wins, one gets 409."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from thidua.emulation import services
from thidua.emulation.models import Covenant, PeriodReport, SubmissionStatus, Target
from thidua.emulation.tests.factories import make_covenant, make_registration

pytestmark = pytest.mark.django_db
API = "/api/v1/emulation"


def _target_form(target, **changes):
    data = {
        "indicator": target.indicator,
        "unit_of_measure": target.unit_of_measure,
        "direction": target.direction,
        "measure": target.measure,
        "target_value": str(target.target_value),
        "note": target.note,
        "version": str(target.version),
    }
    return data | changes


@pytest.fixture
def draft_target(term, provinces, covenant):
    return make_registration(term, provinces[1], covenant, status=SubmissionStatus.DRAFT).targets.get(order=1)


def test_the_target_edit_form_carries_the_version_it_was_read_at(client, users, draft_target):
    client.force_login(users["officer"])
    page = client.get(reverse("emulation:target_edit", args=[draft_target.pk])).content.decode()
    assert 'name="version" value="1"' in page


@pytest.mark.parametrize("htmx", [False, True])
def test_officer_a_saving_a_stale_target_form_is_refused_and_b_change_is_kept(
    client, users, draft_target, htmx
):
    """A opens the form (version 1); B saves 25 with a note; A's stale save (10, no note) is refused."""
    read_at = _target_form(draft_target)
    client.force_login(users["officer"])
    url = reverse("emulation:target_edit", args=[draft_target.pk])
    assert (
        client.post(url, _target_form(draft_target, target_value="25", note="Theo chỉ đạo mới")).status_code
        == 302
    )

    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(url, read_at | {"target_value": "10", "note": ""}, **headers)
    body = response.content.decode()
    assert response.status_code == (200 if htmx else 409)
    assert "người khác cập nhật" in body and "25 vụ" in body and "Theo chỉ đạo mới" in body
    target = Target.objects.get(pk=draft_target.pk)
    assert (target.target_value, target.note, target.version) == (Decimal("25"), "Theo chỉ đạo mới", 2)


def test_a_target_form_without_its_version_is_not_saved(client, users, draft_target):
    client.force_login(users["officer"])
    data = _target_form(draft_target, target_value="10")
    del data["version"]
    response = client.post(reverse("emulation:target_edit", args=[draft_target.pk]), data)
    assert response.status_code == 422
    assert Target.objects.get(pk=draft_target.pk).target_value == draft_target.target_value


def _report_url(name, term, unit, period):
    return reverse(name, args=[term.pk, unit.pk, period.pk])


def test_a_stale_report_page_is_refused_with_the_newer_values_and_keeps_them(
    client, users, term, provinces, registration, periods
):
    targets = list(registration.targets.order_by("order"))
    save = _report_url("emulation:report_save", term, provinces[1], periods["q1"])
    client.force_login(users["officer"])
    assert client.post(save, {f"value_{targets[0].pk}": "110", "version": "1"}).status_code == 302  # B
    response = client.post(save, {f"value_{targets[0].pk}": "90", "version": "1"})  # A, read before B
    body = response.content.decode()
    assert (
        response.status_code == 409
        and "người khác cập nhật" in body
        and f"{targets[0].indicator}: 110" in body
    )
    assert 'value="90"' in body  # A's typing is shown back, not lost
    report = PeriodReport.objects.get()
    assert report.values.get().actual_value == Decimal("110") and report.version == 2
    assert client.post(save, {f"value_{targets[0].pk}": "95", "version": "2"}).status_code == 302  # fresh
    assert PeriodReport.objects.get().values.get().actual_value == Decimal("95")


def _api(client, user, method, path, data):
    client.force_login(user)
    return getattr(client, method)(f"{API}{path}", data=data, content_type="application/json")


def test_report_api_put_needs_the_version_and_refuses_a_stale_one(
    client, users, term, provinces, registration, periods
):
    target = registration.targets.order_by("order").first()
    path = f"/terms/{term.pk}/units/{provinces[1].pk}/periods/{periods['q1'].pk}/report"
    values = [{"target_id": target.pk, "actual_value": "120"}]
    missing = _api(client, users["officer"], "put", path, {"values": values})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "version"
    first = _api(client, users["officer"], "put", path, {"version": 1, "values": values})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = _api(
        client, users["officer"], "put", path, {"version": 1, "values": [{**values[0], "actual_value": "7"}]}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_write" and stale.json()["params"]["current_version"] == "2"
    assert "120" in stale.json()["message"]
    assert PeriodReport.objects.get().values.get().actual_value == Decimal("120")


def test_covenant_api_patch_refuses_a_stale_version_and_accepts_a_fresh_one(client, users, term):
    covenant = make_covenant(term, signed=False)
    staff = users["cluster_staff"]
    path = f"/covenants/{covenant.pk}"
    assert _api(client, staff, "get", f"/terms/{term.pk}/covenant", None).json()["version"] == 1
    assert _api(client, staff, "patch", path, {"version": 1, "total_points": "120"}).status_code == 200
    stale = _api(client, staff, "patch", path, {"version": 1, "total_points": "90"})
    assert stale.status_code == 409 and "Tổng điểm 120" in stale.json()["message"]
    assert _api(client, staff, "patch", path, {"total_points": "90"}).status_code == 422  # version required
    assert Covenant.objects.get(pk=covenant.pk).total_points == Decimal("120")


def test_covenant_page_forms_carry_the_covenant_version_and_a_stale_one_changes_nothing(client, users, term):
    """Staff A opens the draft covenant; B deletes a criterion (version moves); A's signatory edit,
    criterion deletion and signing, all from the page A read, are refused; a fresh one passes."""
    covenant = make_covenant(term, signed=False)
    read_at = Covenant.objects.get(pk=covenant.pk).version
    client.force_login(users["cluster_staff"])
    page = client.get(reverse("emulation:covenant", args=[term.pk])).content.decode()
    assert page.count(f'name="version" value="{read_at}"') >= 5
    action = lambda name: reverse("emulation:covenant_action", args=[term.pk, name])  # noqa: E731
    group = covenant.groups.first()
    assert group is not None
    first, second = list(group.criteria.all())[:2]
    assert (
        client.post(action("criterion-delete"), {"criterion": first.pk, "version": read_at}).status_code
        == 302
    )
    signatory = covenant.signatories.first()
    assert signatory is not None
    stale = client.post(
        action("signatory"),
        {"signatory": signatory.pk, "signer_name": "A", "signer_position": "B", "version": read_at},
        follow=True,
        HTTP_REFERER=reverse("emulation:covenant", args=[term.pk]),
    )
    assert "người khác cập nhật" in stale.content.decode()
    signatory.refresh_from_db()
    assert signatory.signer_name != "A"
    client.post(action("criterion-delete"), {"criterion": second.pk, "version": read_at})
    assert type(second).objects.filter(pk=second.pk).exists()
    client.post(action("criterion-delete"), {"criterion": second.pk})  # no version at all: refused too
    assert type(second).objects.filter(pk=second.pk).exists()
    fresh = Covenant.objects.get(pk=covenant.pk).version
    assert fresh == read_at + 1
    client.post(action("criterion-delete"), {"criterion": second.pk, "version": fresh})
    assert not type(second).objects.filter(pk=second.pk).exists()


def test_covenant_sign_and_amendment_api_refuse_a_stale_version_when_given(client, users, term, covenant):
    """Actions (sign, amend) take an optional version: checked when sent, so a client that read the
    covenant before another amendment does not amend stale criteria."""
    staff = users["cluster_staff"]
    data = _api(client, staff, "get", f"/terms/{term.pk}/covenant", None).json()
    first, second = data["groups"][0]["criteria"][:2]
    path = f"/covenants/{data['id']}/amendments"

    def amend(points, **extra):
        changes = [
            {
                "kind": "criterion",
                "id": first["id"],
                "fields": {"max_points": str(Decimal(first["max_points"]) + points)},
            },
            {
                "kind": "criterion",
                "id": second["id"],
                "fields": {"max_points": str(Decimal(second["max_points"]) - points)},
            },
        ]
        return _api(client, staff, "post", path, {"reason": "Điều chỉnh", "changes": changes, **extra})

    assert amend(1, version=data["version"]).status_code == 201
    stale = amend(2, version=data["version"])
    assert stale.status_code == 409 and stale.json()["code"] == "stale_write"
    assert Covenant.objects.get(pk=data["id"]).version == data["version"] + 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_the_same_report_at_once_one_wins_the_other_gets_409(
    users, term, provinces, covenant, periods
):
    """PostgreSQL, two threads, both read version 1: exactly one PUT is saved, the other is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency needs PostgreSQL (SQLite serialises writers)")
    registration = make_registration(term, provinces[1], covenant)
    target = registration.targets.order_by("order").first()
    assert target is not None
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    path = f"{API}/terms/{term.pk}/units/{provinces[1].pk}/periods/{periods['q1'].pk}/report"
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def put(value: str) -> None:
        from django.db import connection as own

        try:
            client = Client()
            client.force_login(users["officer"])
            barrier.wait(timeout=10)
            payload = {"version": 1, "values": [{"target_id": target.pk, "actual_value": value}]}
            results[value] = client.put(path, data=payload, content_type="application/json").status_code
        finally:
            own.close()

    threads = [threading.Thread(target=put, args=(value,)) for value in ("111", "222")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [200, 409]
    winner = next(value for value, status in results.items() if status == 200)
    report.refresh_from_db()
    assert report.version == 2 and report.values.get().actual_value == Decimal(winner)
