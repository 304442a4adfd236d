"""The fixture world of the security suite: two provinces in two ministry clusters, each with every kind of
object a URL can name, and one user per role.

"own" objects belong to province A (Công an tỉnh An Giang) or its cluster term; "foreign" ones to province B
(Công an tỉnh Bắc Ninh), a member of another cluster. Every user with a unit role holds it at A, except the
ministry board (at the ministry) and the system admin. Built once per module through the project's
factories and services (the services run as the admin, so the objects are what real use makes).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.awards import catalogue
from thidua.awards import services as awards_services
from thidua.awards.models import AwardRecord, AwardType, CriterionOverride, ImportJob, ProposalCandidate
from thidua.awards.services.counts import award_count_create
from thidua.awards.tests.factories import BatchFactory, PersonFactory
from thidua.conferences import services as conference_services
from thidua.conferences.models import AttendeeRole, ConferenceKind
from thidua.documents import services as document_services
from thidua.emulation import services as emulation_services
from thidua.emulation.models import PeriodReport, ReportValue, SubmissionStatus
from thidua.emulation.tests.factories import make_covenant, make_periods, make_registration
from thidua.exchange.models import Direction, Package, PackageStatus
from thidua.exchange.models import Partner as ExchangePartner
from thidua.organisation.models import ClusterLevel, Role, UnitKind
from thidua.organisation.tests.factories import (
    ClusterFactory,
    ClusterTermFactory,
    UnitFactory,
    UnitRoleFactory,
    UserFactory,
)
from thidua.scoring import services as scoring_services
from thidua.voting import services as voting_services
from thidua.voting.models import BallotKind, VoterCode
from thidua.voting.services import ballots as ballot_services

# The roles of the matrix (thidua/organisation/access.py). "nobody" is signed in without any grant.
ROLES = (
    "anonymous",
    "nobody",
    "admin",
    "ministry_board",
    "province_board",
    "cluster_staff",
    "officer",
    "unit_leader",
    "viewer",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, Any]
    own: SimpleNamespace
    foreign: SimpleNamespace
    ministry: Any
    extra: dict[str, Any] = field(default_factory=dict)


def _side(*, admin, ministry, province, partner, number: int, periods, publish: bool) -> SimpleNamespace:
    """One province's objects: its cluster term (led by it), covenant, registration, report, evidence,
    score sheets, inspection, adjustment, conference with attendees/guest/side event, a ballot with a paper
    batch, an award batch and decision with an attachment, an import job and documents."""
    district = UnitFactory(parent=province, kind=UnitKind.DISTRICT_POLICE, name=f"Công an huyện {number}")
    cluster = ClusterFactory(owner=ministry, level=ClusterLevel.MINISTRY, number=number)
    # the province's own cluster of its districts: its board manages it (periods, movements)
    ClusterTermFactory(
        cluster=ClusterFactory(owner=province, level=ClusterLevel.PROVINCIAL, number=1), members=[district]
    )
    term = ClusterTermFactory(cluster=cluster, year=2024, members=[province, partner])
    term.leader, term.deputy = province, partner
    term.save()
    covenant = make_covenant(term)
    covenant_document = emulation_services.covenant_document_attach(
        actor=admin,
        covenant=covenant,
        kind="operating_rules",
        title="Quy chế hoạt động của Cụm",
        adopted_on=datetime.date(2024, 3, 1),
        file=SimpleUploadedFile("quy-che.pdf", PDF, content_type="application/pdf"),
    )
    term_result = emulation_services.term_result_record(
        actor=admin,
        term=term,
        unit=None,
        measure="money",
        label="Ủng hộ quỹ vì người nghèo",
        value=Decimal("1000000"),
    )
    registration = make_registration(term, province, covenant)
    make_registration(term, partner, covenant)
    period = periods["half"]
    report = PeriodReport.objects.create(
        term=term, unit=province, period=period, status=SubmissionStatus.DRAFT
    )
    for target in registration.targets.all():
        ReportValue.objects.create(report=report, target=target, actual_value=Decimal("1"))
    evidence = emulation_services.evidence_upload(
        actor=admin,
        report=report,
        uploaded=SimpleUploadedFile("minh-chung.pdf", PDF, content_type="application/pdf"),
    )
    sheets = scoring_services.scores_compute(actor=admin, term=term, period=period)
    sheet = next(s for s in sheets if s.unit_id == province.pk)
    line = sheet.lines.first()
    adjustment = scoring_services.adjustment_add(
        actor=admin,
        sheet=sheet,
        kind="bonus",
        points=Decimal("1"),
        reason="Được tặng Bằng khen",
        evidence=SimpleUploadedFile("bang-khen.pdf", PDF, content_type="application/pdf"),
    )
    inspection = scoring_services.cross_inspection_assign(
        actor=admin, term=term, period=period, inspecting_unit=partner, inspected_unit=province
    )

    conference = conference_services.conference_create(
        actor=admin,
        term=term,
        kind=ConferenceKind.HALF_YEAR,
        title=f"Hội nghị sơ kết cụm {number}",
        date=datetime.date(2024, 7, 16),
        host=province,
        period=period,
    )
    attendees = [
        conference_services.attendee_add(
            actor=admin,
            conference=conference,
            unit=unit,
            name=f"Đại biểu {unit.short_name}",
            role=AttendeeRole.HEAD,
            is_voter=True,
        )
        for unit in (province, partner)
    ]
    conference_document = conference_services.document_attach(
        actor=admin,
        conference=conference,
        title="Báo cáo sơ kết",
        file=SimpleUploadedFile("bao-cao.pdf", PDF),
    )
    guest = conference_services.guest_add(actor=admin, conference=conference, position="Phó Giám đốc")
    side_event = conference_services.side_event_add(
        actor=admin,
        conference=conference,
        kind="sports",
        title="Giao lưu bóng đá",
        date=datetime.date(2024, 7, 15),
    )
    ballot = voting_services.ballot_create(
        actor=admin, conference=conference, kind=BallotKind.YES_NO, title="Biểu quyết", units=[province]
    )
    ballot = voting_services.ballot_open(actor=admin, ballot=ballot)
    option = ballot.options.first()
    paper_batch = voting_services.paper_batch_enter_totals(
        actor=admin, ballot=ballot, collected=0, invalid=0, totals=[]
    )
    code = VoterCode.objects.filter(ballot=ballot).first().code
    tallied = voting_services.ballot_create(
        actor=admin,
        conference=conference,
        kind=BallotKind.YES_NO,
        title="Biểu quyết đã kiểm",
        units=[province],
    )
    tallied = voting_services.ballot_open(actor=admin, ballot=tallied)
    tallied_code = VoterCode.objects.filter(ballot=tallied).first().code
    voting_services.vote_cast(code=tallied_code, choices={tallied.options.first().pk: "yes"})
    tallied = voting_services.ballot_close(actor=admin, ballot=tallied)
    tallied = voting_services.ballot_tally(
        actor=admin, ballot=tallied, shares=SHARES[tallied.pk][: tallied.seal_threshold]
    )

    award_type = AwardType.objects.get(code="BK-BCA-TT")  # a Minister's award: the decision's authority
    person = PersonFactory(unit=province)
    batch = BatchFactory(unit=province, reviewer=ministry, cluster_term=term, created_by=admin)
    if publish:
        batch = awards_services.batch_publish(
            actor=admin,
            batch=batch,
            publish_from=datetime.date.today(),
            publish_until=datetime.date(2099, 1, 1),
        )
    flag_candidate = ProposalCandidate.objects.create(
        batch=batch, award_type=AwardType.objects.get(code="CO-BCA"), unit=province, achievement="Dẫn đầu cụm"
    )
    override = CriterionOverride.objects.create(
        candidate=flag_candidate, rule_key="leads_cluster", reason="Biên bản suy tôn bản giấy"
    )
    decision = awards_services.decision_register(
        actor=admin,
        number=f"{number}/QĐ-BCA",
        signed_on=datetime.date(2025, 1, 15),
        signer_name="Lương Tam Quang",
        signer_title="Bộ trưởng",
        authority="Bộ trưởng Bộ Công an",
        summary="Về việc tặng Bằng khen",
        issuer=province,
        awards=[{"award_type": award_type, "unit": province, "achievement": "Thành tích xuất sắc"}],
    )
    attachment = awards_services.decision_attach(
        actor=admin,
        decision=decision,
        uploaded=SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
        is_public=True,
    )
    today = datetime.date.today()
    if publish:  # only the own side is published: the public pages of the foreign side stay 404
        decision = awards_services.decision_publish(
            actor=admin,
            decision=decision,
            publish_from=today,
            publish_until=today + datetime.timedelta(days=30),
        )
    record = AwardRecord.objects.filter(decision=decision).first()
    award_count = award_count_create(
        actor=admin,
        award_type=AwardType.objects.get(code="GK-GD-CN"),
        year=2019,
        count=33,
        unit=province,
        source="Báo cáo tổng kết năm 2019",
    )
    import_job = ImportJob.objects.create(
        file=SimpleUploadedFile("danh-sach.xlsx", b"x"), original_name="danh-sach.xlsx", scope=province
    )
    document = document_services.document_generate(actor=admin, kind="plan", source_id=term.pk)
    press = document_services.press_release_draft(actor=admin, source_id=conference.pk)
    exchange_partner, _new = ExchangePartner.objects.get_or_create(
        code="BCA-THU", defaults={"name": "Hệ thống thử", "certificate_pem": "-", "fingerprint": "0" * 64}
    )
    package = Package(
        direction=Direction.OUT,
        kind="proposal_batch",
        status=PackageStatus.BUILT,
        sender_code="THIDUA",
        receiver_code=exchange_partner.code,
        partner=exchange_partner,
        batch=batch,
    )
    package.archive.save("goi.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    package.save()
    account = UserFactory(username=f"taikhoan{number}")  # an account of the province (15.3a)
    account_grant = UnitRoleFactory(user=account, unit=province, role=Role.VIEWER)
    return SimpleNamespace(
        package=package,
        exchange_partner=exchange_partner,
        account=account,
        account_grant=account_grant,
        unit=province,
        district=district,
        partner=partner,
        cluster=cluster,
        term=term,
        period=period,
        covenant=covenant,
        covenant_document=covenant_document,
        term_result=term_result,
        registration=registration,
        target=registration.targets.first(),
        report=report,
        evidence=evidence,
        sheet=sheet,
        line=line,
        adjustment=adjustment,
        inspection=inspection,
        conference=conference,
        attendee=attendees[0],
        guest=guest,
        conference_document=conference_document,
        side_event=side_event,
        ballot=ballot,
        tallied=tallied,
        option=option,
        paper_batch=paper_batch,
        code=code,
        person=person,
        award_type=award_type,
        batch=batch,
        override=override,
        decision=decision,
        attachment=attachment,
        record=record,
        award_count=award_count,
        import_job=import_job,
        document=document,
        press=press,
    )


SHARES: dict[int, list[str]] = {}  # the committee's key share slips, kept as its members would


def build_world() -> World:
    real_new_key = ballot_services._new_key

    def recording(*, actor, ballot):
        slips = real_new_key(actor=actor, ballot=ballot)
        SHARES[ballot.pk] = [slip.text for slip in slips]
        return slips

    ballot_services._new_key = recording
    try:
        return _build_world()
    finally:
        ballot_services._new_key = real_new_key


def _build_world() -> World:
    catalogue.seed()
    ministry = UnitFactory(kind=UnitKind.MINISTRY, name="Bộ Công an", short_name="Bộ Công an", code="BCA")
    province_a = UnitFactory(
        parent=ministry, name="Công an tỉnh An Giang", short_name="CA An Giang", code="T-A"
    )
    province_b = UnitFactory(
        parent=ministry, name="Công an tỉnh Bắc Ninh", short_name="CA Bắc Ninh", code="T-B"
    )
    partner_a = UnitFactory(parent=ministry, name="Công an tỉnh Cà Mau", short_name="CA Cà Mau", code="T-C")
    partner_b = UnitFactory(parent=ministry, name="Công an tỉnh Đắk Lắk", short_name="CA Đắk Lắk", code="T-D")
    admin = UserFactory(username="quantri")
    UnitRoleFactory(user=admin, unit=ministry, role=Role.ADMIN)
    periods = make_periods(ministry, 2024)
    own = _side(
        admin=admin,
        ministry=ministry,
        province=province_a,
        partner=partner_a,
        number=21,
        periods=periods,
        publish=True,
    )
    foreign = _side(
        admin=admin,
        ministry=ministry,
        province=province_b,
        partner=partner_b,
        number=22,
        periods=periods,
        publish=False,
    )

    users: dict[str, Any] = {"anonymous": None, "admin": admin, "nobody": UserFactory(username="khongvaitro")}
    grants = {
        "ministry_board": (Role.BOARD, ministry),
        "province_board": (Role.BOARD, province_a),
        "cluster_staff": (Role.CLUSTER_STAFF, province_a),
        "officer": (Role.OFFICER, province_a),
        "unit_leader": (Role.UNIT_LEADER, province_a),
        "viewer": (Role.VIEWER, province_a),
    }
    for name, (role, unit) in grants.items():
        user = UserFactory(username=name.replace("_", ""))
        UnitRoleFactory(user=user, unit=unit, role=role)
        users[name] = user
    assert set(users) == set(ROLES)
    return World(users=users, own=own, foreign=foreign, ministry=ministry)
