"""Papers built from the owning capabilities' data (their context selectors), with their rights."""

import datetime

import pytest
from django.urls import reverse

from thidua.core.errors import AccessDenied, NotFound
from thidua.documents import services
from thidua.documents.errors import BallotNotTallied, CertificateRevoked

from .docx_checks import body_text, open_docx

pytestmark = pytest.mark.django_db


def _text(document) -> str:
    with document.docx.open("rb") as handle:
        return body_text(open_docx(handle.read()))


@pytest.fixture
def covenant(term):
    from thidua.emulation.tests.factories import CovenantFactory, CriteriaGroupFactory, CriterionFactory

    covenant = CovenantFactory(term=term)
    group = CriteriaGroupFactory(covenant=covenant, code="I", title="Bảo đảm an ninh, trật tự")
    CriterionFactory(group=group, code="1.1", title="Tỷ lệ điều tra, khám phá án", max_points=60)
    CriterionFactory(group=group, code="1.2", title="Kéo giảm tai nạn giao thông", max_points=40)
    return covenant


def test_covenant_paper_uses_the_emulation_covenant(covenant, users, term):
    document = services.document_generate(
        actor=users["cluster_staff"], kind="covenant", source_id=covenant.pk
    )
    assert not document.is_sample and document.cluster_term == term
    assert document.source_app == "emulation.covenant" and document.source_id == covenant.pk
    criteria = document.context["criteria"][0]
    assert criteria["group"] == "Bảo đảm an ninh, trật tự" and len(criteria["items"]) == 2
    text = _text(document)
    assert "Kéo giảm tai nạn giao thông" in text and "Kỷ cương, bản lĩnh" in text


def test_covenant_paper_requires_manage_term(covenant, users):
    with pytest.raises(AccessDenied):
        services.document_generate(actor=users["officer"], kind="covenant", source_id=covenant.pk)
    with pytest.raises(NotFound):
        services.document_generate(actor=users["foreign_officer"], kind="covenant", source_id=covenant.pk)


def test_period_report_uses_the_emulation_period(users, term, ministry):
    from thidua.emulation.models import EmulationPeriod, PeriodKind

    period = EmulationPeriod.objects.create(
        owner=ministry,
        year=2024,
        kind=PeriodKind.HALF_YEAR,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 6, 30),
        default_deadline=datetime.date(2024, 7, 10),
    )
    document = services.document_generate(
        actor=users["cluster_staff"], kind="period_report", source_id=term.pk, params={"period": period.pk}
    )
    assert not document.is_sample
    assert (
        document.context["period_label"] == "6 tháng đầu năm 2024"
        and document.context["report_type"] == "sơ kết"
    )
    assert document.context["date"] == "2024-07-10"
    assert "Sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024" in _text(document)


@pytest.fixture
def conference(term, provinces):
    from thidua.conferences.tests.factories import ConferenceFactory

    return ConferenceFactory(
        term=term,
        host=provinces[1],
        title="Hội nghị sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024",
        period_label="6 tháng đầu năm 2024",
        start_time=datetime.time(8, 0),
        conclusions="Hoàn thành đạt và vượt các chỉ tiêu thi đua 6 tháng cuối năm.",
    )


def test_conference_minutes_use_the_conference_data(conference, users, term):
    document = services.document_generate(
        actor=users["cluster_staff"], kind="conference_minutes", source_id=conference.pk
    )
    context = document.context
    assert not document.is_sample and document.cluster_term == term
    assert context["place"] == "Tiền Giang" and context["host"] == "Công an tỉnh Tiền Giang"
    assert context["start_time"] == "08 giờ 00" and context["conference_type"] == "sơ kết"
    text = _text(document)
    assert "Vào hồi 08 giờ 00, ngày 16 tháng 7 năm 2024" in text
    assert "Hoàn thành đạt và vượt các chỉ tiêu thi đua 6 tháng cuối năm." in text


def test_press_draft_from_a_conference_reads_like_the_seed_articles(conference, users):
    draft = services.press_release_draft(actor=users["cluster_staff"], source_id=conference.pk)
    assert not draft.is_sample
    assert (
        draft.title == "Cụm thi đua số 11 sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024"
    )
    assert draft.lead.startswith("Ngày 16/7, tại Công an tỉnh Tiền Giang, Cụm thi đua số 11")
    assert "do Công an tỉnh Sóc Trăng làm Cụm trưởng" in draft.body


def test_vote_count_minutes_use_the_ballot_tally_r18(conference, users, provinces):
    from thidua.conferences.tests.factories import AttendeeFactory
    from thidua.voting import services as voting
    from thidua.voting.models import VoterCode

    secretary = users["cluster_staff"]
    for unit in provinces:
        AttendeeFactory(conference=conference, unit=unit)
    ballot = voting.ballot_create(
        actor=secretary,
        conference=conference,
        kind="yes_no",
        title="Suy tôn đơn vị dẫn đầu",
        units=provinces[:1],
    )
    voting.ballot_set_committee(
        actor=secretary,
        ballot=ballot,
        tally_chair="Thượng tá Phạm Văn Bình",
        tally_committee=["Trung tá Võ Thị Lan"],
    )
    ballot = voting.ballot_open(actor=secretary, ballot=ballot)
    option = ballot.options.get()
    for index, code in enumerate(
        VoterCode.objects.filter(ballot=ballot).order_by("pk").values_list("code", flat=True)
    ):
        voting.vote_cast(code=code, choices={option.pk: "yes" if index < 5 else "no"})
    voting.ballot_close(actor=secretary, ballot=ballot)
    voting.ballot_tally(actor=secretary, ballot=ballot, shares=[s.text for s in ballot.issued_shares])

    document = services.document_generate(actor=secretary, kind="vote_count_minutes", source_id=ballot.pk)
    context = document.context
    assert not document.is_sample and document.source_app == "voting.ballot"
    assert (context["issued"], context["valid"], context["invalid"]) == (6, 6, 0)
    assert context["candidates"][0]["votes"] == 5 and context["candidates"][0]["passed"]
    assert context["signer_name"] == "Thượng tá Phạm Văn Bình"
    text = _text(document)
    assert "Số phiếu phát ra: 06 (sáu)" in text and "Trung tá Võ Thị Lan" in text


def test_vote_count_minutes_wait_for_the_tally(conference, users):
    from thidua.voting.tests.factories import BallotFactory

    ballot = BallotFactory(conference=conference)
    with pytest.raises(BallotNotTallied):
        services.document_generate(
            actor=users["cluster_staff"], kind="vote_count_minutes", source_id=ballot.pk
        )


@pytest.fixture
def seeded_awards(db):
    from thidua.awards import catalogue
    from thidua.awards.models import AwardType

    catalogue.seed()
    return {t.code: t for t in AwardType.objects.all()}


@pytest.fixture
def decision(ministry, seeded_awards, provinces):
    from thidua.awards.tests.factories import DecisionFactory, RecordFactory

    decision = DecisionFactory(issuer=ministry, number="1234/QĐ-BCA", signer_title="Thứ trưởng")
    RecordFactory(award_type=seeded_awards["BK-BCA-TT"], unit=provinces[2], decision=decision)
    return decision


def test_decision_paper_splits_number_and_symbol_and_links_the_public_record(decision, users):
    document = services.document_generate(actor=users["board"], kind="decision", source_id=decision.pk)
    context = document.context
    assert (context["number"], context["symbol"]) == ("1234", "QĐ-BCA")
    assert context["signer_authority"] == "KT. BỘ TRƯỞNG" and context["signer_position"] == "THỨ TRƯỞNG"
    public_path = reverse("awards:public_decision", kwargs={"public_id": decision.public_id})
    assert context["qr_url"].endswith(public_path)
    assert public_path in _text(document)


def test_decision_paper_is_out_of_scope_for_a_province_officer(decision, users):
    with pytest.raises(NotFound):
        services.document_generate(actor=users["officer"], kind="decision", source_id=decision.pk)


def test_certificate_of_an_award_record_carries_its_public_qr(seeded_awards, decision, users, provinces):
    from thidua.awards.tests.factories import RecordFactory

    record = RecordFactory(award_type=seeded_awards["BK-BCA-TT"], unit=provinces[1], decision=decision)
    document = services.document_generate(actor=users["officer"], kind="certificate", source_id=record.pk)
    context = document.context
    assert context["form_name"] == "BẰNG KHEN" and context["recipient"] == record.recipient_name
    assert context["qr_url"].endswith(reverse("awards:public_award", kwargs={"public_id": record.public_id}))
    assert document.owner == provinces[1]


def test_revoked_award_gets_no_certificate(seeded_awards, decision, users, provinces):
    from thidua.awards.tests.factories import RecordFactory

    record = RecordFactory(
        award_type=seeded_awards["GK-GD-TT"],
        unit=provinces[1],
        decision=decision,
        revoked_on=datetime.date(2025, 3, 1),
    )
    with pytest.raises(CertificateRevoked):
        services.document_generate(actor=users["officer"], kind="certificate_overlay", source_id=record.pk)


def test_proposal_list_and_submission_use_the_batch(seeded_awards, users, provinces, ministry):
    from thidua.awards.tests.factories import BatchFactory, CandidateFactory

    batch = BatchFactory(unit=provinces[1], reviewer=ministry, title="Đề nghị tặng Cờ thi đua năm 2024")
    CandidateFactory(batch=batch, award_type=seeded_awards["BK-BCA-TT"], achievement="Dẫn đầu phong trào")
    listing = services.document_generate(actor=users["officer"], kind="proposal_list", source_id=batch.pk)
    submission = services.document_generate(actor=users["officer"], kind="submission", source_id=batch.pk)
    assert listing.context["rows"][0]["achievement"] == "Dẫn đầu phong trào"
    assert submission.context["recipient"] == "Hội đồng Thi đua – Khen thưởng Bộ Công an"
    assert submission.context["place"] == "Tiền Giang"
    assert "Dẫn đầu phong trào" in _text(listing)
    with pytest.raises(AccessDenied):
        services.document_generate(actor=users["viewer"], kind="submission", source_id=batch.pk)


def test_capability_may_render_with_its_own_selector_dict_and_record(conference, users, provinces):
    from thidua.conferences.selectors import conference_document_context

    document = services.document_render(
        actor=users["cluster_staff"],
        kind="conference_minutes",
        context=conference_document_context(conference),
        owner=provinces[0],
        source=conference,
    )
    assert document.source_app == "conferences.conference" and document.cluster_term == conference.term
    assert (
        document.context["location"] == "Hội trường Công an tỉnh"
        and document.context["place"] == "Tiền Giang"
    )
