"""Demo conferences from the seed articles (DOMAIN.md §0), idempotent.

Facts from the articles: dates, hosts, co-chairing units, guest positions, named models, side events.
The articles do not name people, venues' rooms or sports results: delegates are recorded by
position ("Lãnh đạo Công an tỉnh …") and no sports result is invented.
"""

import datetime

from django.contrib.auth import get_user_model

from thidua.accounts.models import User
from thidua.emulation.models import EmulationPeriod, PeriodKind
from thidua.organisation.demo import province
from thidua.organisation.models import Cluster, ClusterTerm, Handover, Unit

from . import services
from .models import (
    AgendaKind,
    AttendeeRole,
    ChairRole,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    HandoverLink,
    SideEventKind,
)


def _term(owner_code: str, number: int, year: int) -> ClusterTerm | None:
    cluster = Cluster.objects.filter(owner__code=owner_code, number=number).first()
    return ClusterTerm.objects.filter(cluster=cluster, year=year).first() if cluster else None


def _period(term: ClusterTerm, kind: str, number: int = 1) -> EmulationPeriod | None:
    return EmulationPeriod.objects.filter(
        owner_id=term.cluster.owner_id, year=term.year, kind=kind, number=number
    ).first()


def _dept(code: str) -> Unit:
    return Unit.objects.get(code=f"CA-HA-TINH-{code}")


def _conference(actor: User, term, *, kind, title, date, **kwargs) -> tuple[Conference, bool]:
    existing = Conference.objects.filter(term=term, kind=kind, date=date).first()
    if existing:
        return existing, False
    return services.conference_create(
        actor=actor, term=term, kind=kind, title=title, date=date, **kwargs
    ), True


def _delegations(actor: User, conference, units, position="Lãnh đạo") -> None:
    for unit in units:
        services.attendee_add(
            actor=actor,
            conference=conference,
            unit=unit,
            name=f"{position} {unit.display_name}",
            position=position,
            role=AttendeeRole.HEAD,
            is_voter=True,
        )


def _move_to(actor: User, conference, status) -> None:
    order = [ConferenceStatus.PLANNED, ConferenceStatus.HELD, ConferenceStatus.MINUTES_APPROVED]
    while order.index(ConferenceStatus(conference.status)) < order.index(status):
        target = order[order.index(ConferenceStatus(conference.status)) + 1]
        conference = services.conference_transition(actor=actor, conference=conference, target=target)


def _cum11(actor: User) -> None:
    term = _term("BCA", 11, 2024)
    if term is None:
        return
    tien_giang, soc_trang = province("Tiền Giang"), province("Sóc Trăng")
    conference, created = _conference(
        actor,
        term,
        kind=ConferenceKind.HALF_YEAR,
        title="Hội nghị sơ kết công tác thi đua 6 tháng đầu năm 2024 Cụm thi đua số 11",
        date=datetime.date(2024, 7, 16),
        period_label="6 tháng đầu năm 2024",
        period=_period(term, PeriodKind.HALF_YEAR),
        host=tien_giang,
        venue="Công an tỉnh Tiền Giang",
    )
    if not created:
        return
    _cum11_participants(actor, conference, term, soc_trang, tien_giang)
    _cum11_programme(actor, conference, soc_trang, tien_giang)


def _cum11_participants(actor: User, conference, term, soc_trang: Unit, tien_giang: Unit) -> None:
    """Chairs, the ministry's guest, each member's delegation and the secretary."""
    services.chair_set(
        actor=actor,
        conference=conference,
        role=ChairRole.LEADER,
        unit=soc_trang,
        position="Lãnh đạo Công an tỉnh Sóc Trăng (Cụm trưởng)",
    )
    services.chair_set(
        actor=actor,
        conference=conference,
        role=ChairRole.DEPUTY,
        unit=tien_giang,
        position="Lãnh đạo Công an tỉnh Tiền Giang (Cụm phó)",
    )
    services.guest_add(
        actor=actor,
        conference=conference,
        position="Lãnh đạo Cục Công tác đảng và công tác chính trị (Thường trực Hội đồng TĐKT Bộ Công an)",
        unit=Unit.objects.filter(code="BCA-X15").first(),
    )
    members = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    _delegations(actor, conference, members)
    services.attendee_add(
        actor=actor,
        conference=conference,
        unit=soc_trang,
        name="Lâm Văn Sóc",
        position="Cán bộ thi đua Công an tỉnh Sóc Trăng",
        role=AttendeeRole.SECRETARY,
    )


def _cum11_programme(actor: User, conference, soc_trang: Unit, tien_giang: Unit) -> None:
    """The agenda, the model initiatives presented and the sports exchange the day before."""
    agenda = [
        (AgendaKind.OPENING, "Khai mạc hội nghị", soc_trang),
        (AgendaKind.REPORT, "Báo cáo sơ kết công tác thi đua 6 tháng đầu năm 2024 của Cụm", soc_trang),
        (AgendaKind.SPEECH, "Tham luận, giới thiệu mô hình điển hình của các đơn vị", None),
        (AgendaKind.BALLOT, "Bỏ phiếu kín xếp loại thi đua 6 tháng đầu năm 2024", None),
        (
            AgendaKind.DIRECTION,
            "Phát biểu chỉ đạo của đại diện Cục Công tác đảng và công tác chính trị",
            None,
        ),
        (AgendaKind.CONCLUSION, "Kết luận, bế mạc hội nghị", tien_giang),
    ]
    for kind, title, unit in agenda:
        services.agenda_item_add(
            actor=actor, conference=conference, kind=kind, title=title, presenter_unit=unit
        )
    models = [
        ("Tiền Giang", "Nghĩa tình ngày hạn mặn"),
        ("Bến Tre", "Trọng dân, gần dân, vì nhân dân phục vụ"),
        ("Sóc Trăng", "Tổ công tác đặc biệt 123"),
        ("Đồng Tháp", "Mỗi số nhà là đường dây nóng phòng, chống tội phạm"),
        ("Trà Vinh", "Xây dựng nhà ở cho người nghèo"),
        ("Vĩnh Long", "Đội hỗ trợ đảm bảo an ninh, trật tự"),
    ]
    for name, model in models:
        services.featured_model_add(actor=actor, conference=conference, unit=province(name), name=model)
    services.side_event_add(
        actor=actor,
        conference=conference,
        kind=SideEventKind.SPORTS,
        title="Giao lưu thể thao chào mừng Hội nghị sơ kết 6 tháng đầu năm 2024",
        date=datetime.date(2024, 7, 15),
        host=tien_giang,
        delegations=6,
        description=(
            "Bắn súng (2 nội dung: lãnh đạo Công an tỉnh; chỉ huy và cán bộ, chiến sĩ) và bóng đá; "
            "6 đoàn tham gia. Kết quả từng nội dung nhập tại đây khi có."
        ),
    )


def _cum8(actor: User) -> None:
    term = _term("BCA", 8, 2023)
    if term is None:
        return
    ben_tre, tay_ninh = province("Bến Tre"), province("Tây Ninh")
    conference, created = _conference(
        actor,
        term,
        kind=ConferenceKind.HALF_YEAR,
        title="Hội nghị sơ kết công tác thi đua 6 tháng đầu năm 2023 Cụm thi đua số 8",
        date=datetime.date(2023, 7, 21),
        period_label="6 tháng đầu năm 2023",
        period=_period(term, PeriodKind.HALF_YEAR),
        host=tay_ninh,
        venue="Công an tỉnh Tây Ninh",
    )
    if not created:
        return
    services.chair_set(
        actor=actor,
        conference=conference,
        role=ChairRole.LEADER,
        unit=ben_tre,
        position="Giám đốc Công an tỉnh Bến Tre",
    )
    services.chair_set(
        actor=actor,
        conference=conference,
        role=ChairRole.DEPUTY,
        unit=tay_ninh,
        position="Phó Giám đốc Công an tỉnh Tây Ninh",
    )
    services.guest_add(
        actor=actor,
        conference=conference,
        position="Phó Chánh Văn phòng Bộ Công an",
        unit=Unit.objects.filter(code="BCA-VP").first(),
    )
    services.guest_add(
        actor=actor,
        conference=conference,
        position="Phó Cục trưởng Cục Công tác đảng và công tác chính trị",
        unit=Unit.objects.filter(code="BCA-X15").first(),
    )
    members = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    _delegations(actor, conference, members, position="Đại diện lãnh đạo")
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        kind=AgendaKind.REPORT,
        title="Báo cáo sơ kết 6 tháng đầu năm 2023",
        presenter_unit=ben_tre,
    )
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        kind=AgendaKind.DISCUSSION,
        title="Thảo luận về các phong trào thi đua chuyên đề và đợt cao điểm tấn công, trấn áp tội phạm",
    )
    services.side_event_add(
        actor=actor,
        conference=conference,
        kind=SideEventKind.COMMEMORATION,
        title="Viếng, dâng hương tại khu di tích lịch sử",
        date=datetime.date(2023, 7, 21),
        host=tay_ninh,
    )
    services.conference_update(
        actor=actor,
        conference=conference,
        conclusions="Các chỉ tiêu thi đua đăng ký năm 2023 đều đạt trên 60 % tại thời điểm sơ kết; "
        "tiếp tục triển khai các phong trào thi đua chuyên đề và đợt cao điểm tấn công, trấn áp tội phạm.",
    )
    _move_to(actor, conference, ConferenceStatus.MINUTES_APPROVED)


def _cum1(actor: User) -> None:
    term = _term("BCA", 1, 2022)
    if term is None:
        return
    can_tho = province("Cần Thơ")
    conference, created = _conference(
        actor,
        term,
        kind=ConferenceKind.HALF_YEAR,
        title="Hội nghị sơ kết công tác thi đua 6 tháng đầu năm 2022 Cụm thi đua số 1",
        date=datetime.date(2022, 7, 29),
        period_label="6 tháng đầu năm 2022",
        period=_period(term, PeriodKind.HALF_YEAR),
        host=can_tho,
        venue="Công an thành phố Cần Thơ",
    )
    if not created:
        return
    members = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    _delegations(actor, conference, members)
    services.side_event_add(
        actor=actor,
        conference=conference,
        kind=SideEventKind.COMMEMORATION,
        title="Dâng hoa, dâng hương tại Nhà tưởng niệm Chủ tịch Hồ Chí Minh",
        date=datetime.date(2022, 7, 29),
        host=can_tho,
        description="Trước giờ khai mạc hội nghị.",
    )
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        kind=AgendaKind.OPENING,
        title="Phát biểu khai mạc",
        presenter_position="Phó Giám đốc Công an thành phố Cần Thơ",
        presenter_unit=can_tho,
    )
    services.conference_update(
        actor=actor,
        conference=conference,
        conclusions="Những tháng cuối năm tập trung thực hiện các chỉ tiêu thi đua chưa đạt.",
    )
    _move_to(actor, conference, ConferenceStatus.HELD)


def _ha_tinh_cum1(actor: User) -> None:
    term = _term("CA-HA-TINH", 1, 2021)
    if term is None:
        return
    conference, created = _conference(
        actor,
        term,
        kind=ConferenceKind.QUARTERLY,
        title="Hội nghị đánh giá, xếp loại phong trào thi đua Quý I/2021 Cụm thi đua số 1",
        date=datetime.date(2021, 5, 19),
        period_label="Quý I/2021",
        period=_period(term, PeriodKind.QUARTER, 1),
        host=_dept("PV01"),
    )
    if not created:
        return
    members = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    _delegations(actor, conference, members, position="Trưởng phòng")
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        kind=AgendaKind.REPORT,
        title="Báo cáo tóm tắt kết quả công tác chuyên môn Quý I/2021",
        presenter_position="Phó Trưởng phòng Tham mưu",
        presenter_unit=_dept("PV01"),
    )
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        kind=AgendaKind.REPORT,
        title="Báo cáo công tác thi đua, xây dựng lực lượng, hậu cần – kỹ thuật Quý I/2021",
    )
    services.agenda_item_add(
        actor=actor, conference=conference, kind=AgendaKind.DISCUSSION, title="Tham luận, thảo luận"
    )
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        kind=AgendaKind.BALLOT,
        title="Bỏ phiếu kín xếp loại các đơn vị trong Cụm Quý I/2021",
    )
    _move_to(actor, conference, ConferenceStatus.HELD)


def _ha_tinh_cum5(actor: User) -> None:
    term = _term("CA-HA-TINH", 5, 2024)
    if term is None:
        return
    conference, created = _conference(
        actor,
        term,
        kind=ConferenceKind.YEAR_END,
        title="Hội nghị tổng kết công tác thi đua năm 2024 Cụm thi đua số 5",
        date=datetime.date(2024, 11, 14),
        period_label="Năm 2024",
        period=_period(term, PeriodKind.YEAR),
        host=term.leader,
    )
    if not created:
        return
    services.guest_add(
        actor=actor,
        conference=conference,
        position="Phó Giám đốc Công an tỉnh Hà Tĩnh",
        unit=Unit.objects.get(code="CA-HA-TINH"),
    )
    members = [m.unit for m in term.memberships.select_related("unit").order_by("unit__name")]
    _delegations(actor, conference, members)
    for kind, title in [
        (AgendaKind.REPORT, "Báo cáo tổng kết công tác thi đua năm 2024 của Cụm"),
        (AgendaKind.DISCUSSION, "Thảo luận; gắn phong trào thi đua với thực hiện Đề án 06"),
        (AgendaKind.BALLOT, "Biểu quyết đề nghị danh hiệu thi đua năm 2024 cho các đơn vị"),
        (AgendaKind.HANDOVER, "Bàn giao Cụm trưởng, Cụm phó năm 2025"),
        (AgendaKind.DIRECTION, "Phát biểu chỉ đạo của đồng chí Phó Giám đốc Công an tỉnh"),
    ]:
        services.agenda_item_add(actor=actor, conference=conference, kind=kind, title=title)
    handover = Handover.objects.filter(from_term=term).first()
    if handover and not HandoverLink.objects.filter(conference=conference).exists():
        HandoverLink.objects.create(conference=conference, handover=handover)
    _move_to(actor, conference, ConferenceStatus.HELD)


def load(*, stdout=None) -> None:
    actor = get_user_model().objects.filter(username="admin").first()
    if actor is None:
        return
    _cum11(actor)
    _cum8(actor)
    _cum1(actor)
    _ha_tinh_cum1(actor)
    _ha_tinh_cum5(actor)
    if stdout:
        stdout.write(f"  hội nghị: {Conference.objects.count()} hội nghị cụm")
