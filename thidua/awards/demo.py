"""Demo data: catalogue, award history 2021–2024 of the Hà Tĩnh departments, seed 001's Q1/2021
commendation counts, and the year-end 2024 proposal of Hà Tĩnh's Cụm 5 with a decision.

Names of people, decision numbers and signers are plausible fill-ins, not facts from the articles.
"""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model

from thidua.accounts.models import User
from thidua.organisation.models import ClusterTerm, Unit

from . import catalogue, services
from .models import (
    AwardRecord,
    AwardType,
    Decision,
    DisciplineRecord,
    Person,
    ProposalBatch,
    ProposalStatus,
    Rating,
    SanctionLevel,
)

CUM5 = [
    "CA-HA-TINH-PC10",
    "CA-HA-TINH-TTG",
    "CA-HA-TINH-PC08",
    "CA-HA-TINH-PC07",
    "CA-HA-TINH-PC06",
    "CA-HA-TINH-PK02",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phan", "Hoàng", "Đặng", "Võ", "Bùi"]
GIVEN = [
    "Văn Hùng",
    "Đức Thắng",
    "Thị Hương",
    "Minh Tuấn",
    "Quốc Huy",
    "Văn Lợi",
    "Thị Lan",
    "Hữu Nam",
    "Anh Dũng",
    "Công Sơn",
]
RANKS = ["Thượng úy", "Đại úy", "Thiếu tá", "Trung tá"]
# seed 001: Q1/2021 commendations in Công an tỉnh Hà Tĩnh (award code → collectives, individuals)
SEED_001 = [
    ("BK-TTG-TT", 1, 0),
    ("BK-BCA-TT", 10, 0),
    ("BK-UBND-TT", 5, 0),
    ("BK-UBND-CN", 0, 8),
    ("GK-GD-TT", 10, 0),
    ("GK-GD-CN", 0, 33),
]
SEED_001_AUTHORITY = {
    "BK-TTG-TT": ("Thủ tướng Chính phủ", "Phó Thủ tướng", "45/QĐ-TTg"),
    "BK-BCA-TT": ("Bộ trưởng Bộ Công an", "Thứ trưởng", "1021/QĐ-BCA"),
    "BK-UBND-TT": ("Chủ tịch UBND tỉnh Hà Tĩnh", "Chủ tịch", "612/QĐ-UBND"),
    "BK-UBND-CN": ("Chủ tịch UBND tỉnh Hà Tĩnh", "Chủ tịch", "612/QĐ-UBND"),
    "GK-GD-TT": ("Giám đốc Công an tỉnh Hà Tĩnh", "Giám đốc", "388/QĐ-CAT"),
    "GK-GD-CN": ("Giám đốc Công an tỉnh Hà Tĩnh", "Giám đốc", "388/QĐ-CAT"),
}


def _people(units: list[Unit]) -> dict[str, list[Person]]:
    result = {}
    for u_index, unit in enumerate(units):
        people = list(Person.objects.filter(unit=unit).order_by("pk"))
        for i in range(len(people), 10):
            people.append(
                Person.objects.create(
                    unit=unit,
                    full_name=f"{FAMILY[(u_index + i) % 8]} {GIVEN[(u_index * 3 + i) % 10]}",
                    rank=RANKS[i % 4],
                    position="Đội trưởng" if i == 0 else "Cán bộ",
                )
            )
        result[unit.code] = people
    return result


def _record(types, code, year, unit, person=None, number="", day=None, achievement=""):
    award = types[code]
    name = person.full_name if person else unit.name
    if AwardRecord.objects.filter(
        award_type=award, year=year, unit=unit, recipient_name=name, decision_number=number
    ).exists():
        return
    AwardRecord.objects.create(
        award_type=award,
        year=year,
        recipient_kind=award.recipient_kind,
        unit=unit,
        person=person,
        recipient_name=name,
        rank=person.rank if person else "",
        position=person.position if person else "",
        decision_number=number,
        decision_date=day or datetime.date(year, 12, 20),
        authority=award.authority,
        achievement=achievement or f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
    )


def load(*, stdout=None) -> None:
    catalogue.seed()
    types = {t.code: t for t in AwardType.objects.all()}
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    ha_tinh = Unit.objects.filter(code="CA-HA-TINH").first()
    if admin is None or ha_tinh is None:
        return
    units = list(Unit.objects.filter(code__in=CUM5).order_by("code"))
    people = _people(units)

    # history 2021–2024: CSTT for most, CSTĐCS for the first two people of each unit, unit titles
    for year in (2021, 2022, 2023, 2024):
        for unit in units:
            staff = people[unit.code]
            for i, person in enumerate(staff):
                services.assessment_set(
                    actor=admin, person=person, year=year, rating=Rating.EXCELLENT if i < 3 else Rating.GOOD
                )
                if i < 9:
                    _record(types, "CSTT", year, unit, person, f"{year}-CSTT/QĐ-CAT")
                if i < 1 and year < 2024:
                    _record(types, "CSTDCS", year, unit, person, f"{year}-CSTĐCS/QĐ-CAT")
            if year < 2024:
                _record(
                    types,
                    "DVQT" if unit.code.endswith(("PC08", "PC07")) else "DVTT",
                    year,
                    unit,
                    number=f"{year}-ĐV/QĐ-BCA",
                )

    # seed 001: Q1/2021 counts as recorded awards (collectives: Hà Tĩnh departments; individuals: demo people)
    departments = list(Unit.objects.filter(parent=ha_tinh).order_by("code"))
    hatinh_people = [p for unit in units for p in people[unit.code]]
    for code, collectives, individuals in SEED_001:
        _authority, _signer_title, number = SEED_001_AUTHORITY[code]
        day = datetime.date(2021, 3, 25)
        for i in range(collectives):
            _record(
                types, code, 2021, departments[i], number=number, day=day, achievement="Thành tích Quý I/2021"
            )
        for i in range(individuals):
            person = hatinh_people[i]
            _record(types, code, 2021, person.unit, person, number, day, "Thành tích Quý I/2021")

    # year-end 2024 proposal of Cụm 5 (seed 000), decided by the Director and the Minister
    term = ClusterTerm.objects.filter(cluster__owner=ha_tinh, cluster__number=5, year=2024).first()
    if term is not None and not ProposalBatch.objects.filter(cluster_term=term).exists():
        _cum5_proposal(admin, term, types, units, people, ha_tinh)
    if stdout:
        stdout.write(
            f"  khen thưởng: {AwardType.objects.count()} danh mục, {AwardRecord.objects.count()} khen thưởng, {ProposalBatch.objects.count()} đề nghị"
        )


MINISTRY_CODES = ("DVQT", "CSTD-CAND", "CO-BCA", "BK-BCA-CN")


def _cum5_proposal(admin, term, types, units, people, ha_tinh) -> None:
    """Seed 000: the year-end 2024 proposals of Cụm 5 and their decisions, each by the competent authority.

    The titles the Director confers (ĐVTT, CSTĐCS) go in the cluster's proposal and the Director's decision;
    those of the Minister (ĐVQT, CSTĐ toàn lực lượng CAND, Cờ thi đua của Bộ Công an, Bằng khen) go in
    Công an tỉnh Hà Tĩnh's proposal to the Ministry and a decision of the Bộ trưởng Bộ Công an.
    """
    batch = services.batch_create(
        actor=admin,
        title="Đề nghị khen thưởng tổng kết năm 2024 – Cụm thi đua số 5",
        year=2024,
        cluster_term=term,
    )
    upward = services.batch_create(
        actor=admin,
        title="Đề nghị Bộ trưởng Bộ Công an khen thưởng tổng kết năm 2024 – Cụm thi đua số 5",
        year=2024,
        unit=ha_tinh,
    )

    def add(award_code: str, unit: Unit, **fields) -> None:
        target = upward if award_code in MINISTRY_CODES else batch
        services.candidate_add(actor=admin, batch=target, award_type=types[award_code], unit=unit, **fields)

    _cum5_candidates(admin, add, units, people)
    for proposal in (batch, upward):
        _to_submitted(admin, proposal)
    _cum5_decisions(admin, batch, upward, ha_tinh)


def _cum5_candidates(admin: User, add: Callable[..., None], units, people) -> None:
    """Each department, its lead officer twice, two proposals the rules reject and the cluster's flag."""
    for unit in units:
        leading = unit.code.endswith("PC08")
        add(
            "DVQT" if leading or unit.code.endswith("PC07") else "DVTT",
            unit,
            achievement=f"{unit.short_name or unit.name}: hoàn thành xuất sắc nhiệm vụ năm 2024",
        )
        staff = people[unit.code]
        add(
            "CSTDCS",
            unit,
            person=staff[0],
            achievement=f"{staff[0].full_name}: phá chuyên án, mô hình mới năm 2024",
        )
        add(
            "CSTD-CAND",
            unit,
            person=staff[0],
            achievement=f"{staff[0].full_name}: ba năm liên tục CSTĐCS 2022–2024",
        )
    # proposals the rules reject: R5 (no 3-year CSTĐCS streak) and R11 (a member under a running warning)
    pc06, pc10 = people["CA-HA-TINH-PC06"], people["CA-HA-TINH-PC10"]
    add("CSTD-CAND", pc06[1].unit, person=pc06[1], achievement=f"{pc06[1].full_name}: đề xuất của đơn vị")
    if not DisciplineRecord.objects.filter(person=pc10[5]).exists():
        services.discipline_add(
            actor=admin,
            unit=pc10[5].unit,
            person=pc10[5],
            level=SanctionLevel.WARNING,
            effective_from=datetime.date(2024, 5, 6),
            effective_to=datetime.date(2025, 5, 5),
            reason="Vi phạm quy định về điều lệnh",
        )
    add(
        "BK-BCA-CN",
        pc10[5].unit,
        person=pc10[5],
        achievement=f"{pc10[5].full_name}: tham gia truy bắt đối tượng trốn thi hành án",
    )
    add(
        "CO-BCA",
        units[2],
        leads_cluster=True,
        override_reason="Biên bản suy tôn dẫn đầu Cụm thi đua số 5 ngày 14/11/2024 (bản giấy, chưa nhập phiếu)",
        achievement="Đơn vị dẫn đầu Cụm thi đua số 5 năm 2024 (suy tôn ngày 14/11/2024)",
    )


def _cum5_decisions(admin: User, batch: ProposalBatch, upward: ProposalBatch, ha_tinh: Unit) -> None:
    """The Director's decision on the cluster's proposal, the Minister's on the province's."""
    ministry = ha_tinh.parent
    decisions = [
        (
            batch,
            "2350/QĐ-CAT",
            datetime.date(2024, 12, 30),
            "Nguyễn Hồng Phong",
            "Giám đốc",
            "Giám đốc Công an tỉnh Hà Tĩnh",
            "Về việc công nhận danh hiệu thi đua năm 2024 – Cụm thi đua số 5",
            ha_tinh,
        ),
        (
            upward,
            "118/QĐ-BCA",
            datetime.date(2025, 1, 15),
            "Lương Tam Quang",
            "Bộ trưởng",
            "Bộ trưởng Bộ Công an",
            "Về việc tặng danh hiệu thi đua năm 2024 cho tập thể, cá nhân thuộc Công an tỉnh Hà Tĩnh",
            ministry,
        ),
    ]
    for proposal, number, day, signer, title, authority, summary, issuer in decisions:
        if not Decision.objects.filter(number=number, authority=authority).exists():
            services.decision_register(
                actor=admin,
                number=number,
                signed_on=day,
                signer_name=signer,
                signer_title=title,
                authority=authority,
                summary=summary,
                issuer=issuer,
                batch=proposal,
                publish_from=day,
                publish_until=datetime.date(2030, 12, 31),
            )


def _to_submitted(admin, batch) -> None:
    """Leader's approval, the cluster's / board's review, publication, the council's vote, submission."""
    services.batch_transition(actor=admin, batch=batch, target=ProposalStatus.PENDING_LEADER)
    services.batch_transition(actor=admin, batch=batch, target=ProposalStatus.SENT)
    services.batch_transition(
        actor=admin, batch=batch, target=ProposalStatus.IN_REVIEW, today=datetime.date(2024, 11, 18)
    )
    services.batch_publish(
        actor=admin,
        batch=batch,
        publish_from=datetime.date(2024, 11, 18),
        publish_until=datetime.date(2030, 12, 31),
    )
    services.batch_transition(actor=admin, batch=batch, target=ProposalStatus.COUNCIL)
    votes = {c.pk: 11 for c in batch.candidates.all()}
    services.council_vote_record(
        actor=admin,
        batch=batch,
        council_members=11,
        council_present=11,
        voted_on=datetime.date(2024, 12, 10),
        votes=votes,
    )
    services.batch_transition(actor=admin, batch=batch, target=ProposalStatus.SUBMITTED)
