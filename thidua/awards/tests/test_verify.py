"""QR verification is not disclosure (issue 17.11): every certificate's and decision's code verifies for as long
as the award stands, outside the public-disclosure window too; a forged token is a 404; an annulled award says
"đã bị hủy"."""

import datetime
import io
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from thidua.awards import services
from thidua.awards.models import AwardRecord, Decision
from thidua.documents import qr

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return urlparse(url).path


def test_every_demo_record_and_decision_qr_verifies(client):
    call_command("demo_load", stdout=io.StringIO())
    records = list(AwardRecord.objects.select_related("award_type"))
    assert len(records) > 300
    failures = []
    for record in records:
        response = client.get(_path(qr.target_for("certificate", {"public_id": record.public_id})))
        body = response.content.decode()
        if (
            response.status_code != 200
            or record.recipient_name not in body
            or record.award_type.name not in body
        ):
            failures.append((record.pk, response.status_code))
    assert failures == []
    for decision in Decision.objects.all():
        response = client.get(_path(qr.target_for("decision", {"public_id": decision.public_id})))
        assert response.status_code == 200 and decision.number in response.content.decode()


def test_verification_ignores_the_disclosure_window_and_shows_the_decision(
    client, seeded, users, ministry, provinces
):
    decision = services.decision_register(
        actor=users["admin"],
        number="31/QĐ-BCA",
        signed_on=datetime.date(2025, 1, 15),
        signer_name="Lương Tam Quang",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Tặng Bằng khen",
        issuer=ministry,
        awards=[{"award_type": seeded["BK-BCA-TT"], "unit": provinces[1], "achievement": "Phá án"}],
        publish_from=datetime.date(2025, 1, 15),
        publish_until=datetime.date(2025, 2, 15),  # the disclosure window is over
    )
    record = decision.records.get()
    assert client.get(f"/khen-thuong/cong-khai/khen-thuong/{record.public_id}/").status_code == 404
    page = client.get(_path(qr.target_for("certificate", {"public_id": record.public_id})))
    body = page.content.decode()
    assert page.status_code == 200
    assert provinces[1].name in body and "Bằng khen" in body and "31/QĐ-BCA" in body and "15/01/2025" in body
    assert "còn hiệu lực" in body
    services.annulment_register(
        actor=users["board"],
        records=[record],
        reason="Khai man",
        legal_basis="QĐ 2/QĐ-BCA",
        annulled_on=datetime.date(2025, 3, 1),
    )
    annulled = client.get(
        _path(qr.target_for("certificate", {"public_id": record.public_id}))
    ).content.decode()
    assert "đã bị hủy ngày 01/03/2025" in annulled
    whole = client.get(_path(qr.target_for("decision", {"public_id": decision.public_id}))).content.decode()
    assert "Quyết định này đã bị hủy." in whole


@pytest.mark.parametrize(
    "token",
    [
        "record:00000000-0000-0000-0000-000000000000:AAAA",
        "record:{uuid}:forged",
        "decision:{uuid}",
        "x" * 5000,
        "%00",
    ],
)
def test_a_forged_token_gives_404(client, seeded, users, ministry, provinces, token):
    decision = services.decision_register(
        actor=users["admin"],
        number="32/QĐ-BCA",
        signed_on=datetime.date(2025, 1, 15),
        signer_name="A",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Tặng",
        issuer=ministry,
        awards=[{"award_type": seeded["BK-BCA-TT"], "unit": provinces[1], "achievement": "Phá án"}],
    )
    record = decision.records.get()
    genuine = qr.verification_token("record", record.public_id)
    assert client.get(f"/khen-thuong/xac-minh/{genuine}/").status_code == 200
    forged = token.format(uuid=record.public_id)
    assert client.get(f"/khen-thuong/xac-minh/{forged}/").status_code == 404
    assert qr.verification_load(genuine[:-1] + ("A" if genuine[-1] != "A" else "B")) is None
