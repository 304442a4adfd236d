"""The board opens a proposal, sees eligibility explanations; a public decision opens without login."""

import datetime

import pytest
from django.utils import timezone

from thidua.awards import catalogue
from thidua.awards.models import AwardType
from thidua.awards.tests.factories import (
    BatchFactory,
    CandidateFactory,
    DecisionFactory,
    PersonFactory,
    RecordFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_sees_eligibility_and_public_decision_opens_without_login(
    login_page, live_server, users, provinces, page
):
    catalogue.seed()
    types = {t.code: t for t in AwardType.objects.all()}
    person = PersonFactory(unit=provinces[1], full_name="Trần Văn Dũng")
    RecordFactory(award_type=types["CSTDCS"], person=person, year=2023)
    batch = BatchFactory(
        unit=provinces[1], reviewer=provinces[1].parent, title="Đề nghị khen thưởng năm 2024"
    )
    CandidateFactory(batch=batch, award_type=types["CSTD-CAND"], person=person)
    today = timezone.localdate()
    decision = DecisionFactory(
        issuer=provinces[0], publish_from=today, publish_until=today + datetime.timedelta(days=30)
    )
    RecordFactory(
        award_type=types["BK-BCA-TT"], unit=provinces[0], decision=decision, decision_number=decision.number
    )

    board = login_page(users["board"])
    board.goto(f"{live_server.url}/khen-thuong/")
    board.click("text=Đề nghị khen thưởng năm 2024")
    checks = board.locator("#candidates .checks").inner_text()
    assert "cần 3 năm liên tục đạt CSTĐCS — 2022 ✗, 2023 ✓, 2024 ✗ (Điều 21 Luật TĐKT 2022)" in checks

    anonymous = board.context.browser.new_context()
    public = anonymous.new_page()
    public.goto(f"{live_server.url}/khen-thuong/cong-khai/quyet-dinh/{decision.public_id}/")
    assert decision.number in public.locator("h1").inner_text()
    assert provinces[0].name in public.locator("#public-records").inner_text()
    anonymous.close()
