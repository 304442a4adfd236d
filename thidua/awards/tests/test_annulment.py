"""R13 (L2022 Ch. VII; issue 17.10): a whole decision or single records annulled with reason, legal basis and
recovery of artefacts and money; statistics leave them out from the annulment date only."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse

from thidua.awards import services
from thidua.awards import statistics as stats
from thidua.awards.errors import RecordAlreadyRevoked
from thidua.awards.models import Annulment, AwardRecord
from thidua.core.errors import AccessDenied, ValidationFailed

pytestmark = pytest.mark.django_db
SIGNED = datetime.date(2025, 1, 15)


def _decision(seeded, users, ministry, provinces, number="9/QĐ-BCA"):
    return services.decision_register(
        actor=users["admin"],
        number=number,
        signed_on=SIGNED,
        signer_name="Lương Tam Quang",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Tặng Bằng khen",
        issuer=ministry,
        awards=[
            {"award_type": seeded["BK-BCA-TT"], "unit": unit, "achievement": f"Thành tích {unit.name}"}
            for unit in provinces[:3]
        ],
    )


@pytest.fixture
def decision(seeded, users, ministry, provinces):
    return _decision(seeded, users, ministry, provinces)


def _count(users, **kwargs):
    records = stats.records_in_scope(actor=users["admin"], **kwargs)
    return sum(row["count"] for row in stats.award_counts(records))


def test_r13_whole_decision_annulled_with_basis_and_recovery(users, decision):
    annulment = services.annulment_register(
        actor=users["board"],
        decision=decision,
        reason="Hồ sơ khai man thành tích",
        legal_basis="Quyết định số 55/QĐ-BCA ngày 01/3/2025; Điều 94 Luật Thi đua, khen thưởng 2022",
        annulled_on=datetime.date(2025, 3, 1),
        artefacts_recovered=True,
        money_recovered=Decimal("4680000"),
        recovery_note="Thu hồi 3 Bằng khen",
    )
    assert annulment.is_whole_decision and annulment.records.count() == 3
    assert set(AwardRecord.objects.values_list("revoked_on", flat=True)) == {datetime.date(2025, 3, 1)}
    assert annulment.money_recovered == Decimal("4680000") and annulment.artefacts_recovered
    with pytest.raises(RecordAlreadyRevoked):
        services.annulment_register(
            actor=users["board"], decision=decision, reason="Lần hai", legal_basis="QĐ 56"
        )


def test_r13_statistics_exclude_from_the_annulment_date_only(users, decision):
    record = decision.records.order_by("pk").first()
    services.annulment_register(
        actor=users["board"],
        records=[record],
        reason="Giả mạo hồ sơ",
        legal_basis="QĐ 60/QĐ-BCA",
        annulled_on=datetime.date(2025, 3, 1),
    )
    assert _count(users) == 2  # today
    assert _count(users, as_of=datetime.date(2025, 3, 1)) == 2  # from the annulment date
    assert _count(users, as_of=datetime.date(2025, 2, 28)) == 3  # an earlier date still counts it
    assert _count(users, date_to=datetime.date(2025, 2, 1)) == 3
    assert AwardRecord.objects.filter(revoked_on__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("reason", {"reason": "  "}),
        ("reason", {"reason": "x\x00"}),
        ("reason", {"reason": "x" * 2001}),
        ("legal_basis", {"legal_basis": ""}),
        ("money_recovered", {"money_recovered": Decimal("-1")}),
        ("money_recovered", {"money_recovered": Decimal("10") ** 16}),
        ("annulled_on", {"annulled_on": datetime.date(2099, 1, 1)}),
        ("annulled_on", {"annulled_on": datetime.date(2024, 1, 1)}),
        ("recovery_note", {"recovery_note": "\x00"}),
    ],
)
def test_r13_hostile_input_is_refused_and_changes_nothing(users, decision, field, changes):
    data = {"reason": "Khai man", "legal_basis": "QĐ 1/QĐ-BCA"} | changes
    with pytest.raises(ValidationFailed) as caught:
        services.annulment_register(actor=users["board"], decision=decision, **data)
    assert caught.value.field == field and caught.value.status == 422
    assert (
        not Annulment.objects.exists() and not AwardRecord.objects.filter(revoked_on__isnull=False).exists()
    )


def test_r13_only_the_issuers_board_annuls(users, decision):
    for role in ("officer", "unit_leader", "viewer", "foreign_officer", "nobody"):
        with pytest.raises(AccessDenied):
            services.annulment_register(actor=users[role], decision=decision, reason="x", legal_basis="y")
    assert not Annulment.objects.exists()


def test_r13_page_annuls_records_and_shows_the_annulment(client, users, decision):
    records = list(decision.records.order_by("pk"))
    client.force_login(users["board"])
    url = reverse("awards:decision_annul", args=[decision.pk])
    bad = client.post(url, {"reason": "Khai man", "annulled_on": "2025-03-01"})
    assert bad.status_code == 422 and "Cần ghi căn cứ pháp lý" in bad.content.decode()
    response = client.post(
        url,
        {
            "records": [records[0].pk],
            "reason": "Khai man thành tích",
            "legal_basis": "QĐ 61/QĐ-BCA",
            "annulled_on": "2025-03-01",
            "artefacts_recovered": "on",
            "money_recovered": "1560000",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert "Đã hủy một số khen thưởng" in page and "QĐ 61/QĐ-BCA" in page and "1.560.000" in page
    assert AwardRecord.objects.filter(revoked_on__isnull=False).get() == records[0]
    client.force_login(users["viewer"])
    denied = client.post(url, {"reason": "x", "legal_basis": "y", "annulled_on": "2025-03-01"})
    assert denied.status_code in (302, 403, 404)
    assert AwardRecord.objects.filter(revoked_on__isnull=False).count() == 1


def test_r13_api_annuls_the_decision_and_statistics_follow(client, users, decision):
    client.force_login(users["board"])
    url = f"/api/v1/awards/decisions/{decision.pk}/annul"
    bad = client.post(
        url, {"reason": "x", "legal_basis": "y", "money_recovered": -5}, content_type="application/json"
    )
    assert bad.status_code == 422 and not Annulment.objects.exists()
    foreign = client.post(
        url, {"reason": "x", "legal_basis": "y", "record_ids": [999999]}, content_type="application/json"
    )
    assert foreign.status_code == 404 and not Annulment.objects.exists()
    response = client.post(
        url,
        {
            "reason": "Khai man",
            "legal_basis": "QĐ 62/QĐ-BCA",
            "annulled_on": "2025-03-01",
            "money_recovered": "4680000",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["is_whole_decision"] and len(response.json()["record_ids"]) == 3
    counts = client.get("/api/v1/awards/statistics").json()
    assert sum(row["count"] for row in counts) == 0
    earlier = client.get("/api/v1/awards/statistics", {"as_of": "2025-02-28"}).json()
    assert sum(row["count"] for row in earlier) == 3
    again = client.post(url, {"reason": "x", "legal_basis": "y"}, content_type="application/json")
    assert again.status_code == 409


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r13_concurrent_annulments_give_one_annulment_no_500(seeded, users, ministry, provinces):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]  # the stub types the base wrapper; SQLite's has it
        pytest.skip("needs a file database on SQLite (THIDUA_TEST_DB=var/<name>.sqlite3)")
    decision = _decision(seeded, users, ministry, provinces, number="70/QĐ-BCA")
    record_ids = list(decision.records.order_by("pk").values_list("pk", flat=True))
    barrier = threading.Barrier(4)
    outcomes: list = []

    def run(kind):
        try:
            barrier.wait()
            if kind == "decision":
                target = {"decision": decision}
            else:  # the records in the opposite order: the service locks in pk order
                target = {"records": list(AwardRecord.objects.filter(pk__in=record_ids[::-1]))}
            outcomes.append(
                services.annulment_register(
                    actor=users["board"], reason="Khai man", legal_basis="QĐ 63", **target
                )
            )
        except Exception as error:  # noqa: BLE001 — the outcome is what we assert on
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(k,)) for k in ("decision", "records", "decision", "records")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    made = [o for o in outcomes if isinstance(o, Annulment)]
    refused = [o for o in outcomes if isinstance(o, RecordAlreadyRevoked)]
    assert len(made) == 1 and len(refused) == 3, outcomes
    assert Annulment.objects.count() == 1
    assert AwardRecord.objects.filter(annulment=made[0]).count() == 3
