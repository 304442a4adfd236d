"""Demo data: the unit tree and the real clusters named in the seed articles (DOMAIN.md §0).

Idempotent: every object is looked up by its code/number/year first. Facts the articles do not
give (e.g. which province seed 000's Cụm 5 belongs to, its leader) are plausible fill-ins and are
listed in README.md as such.
"""

import datetime

from django.contrib.auth import get_user_model

from thidua.accounts.models import User
from thidua.core.text import fold

from . import services
from .models import (
    Cluster,
    ClusterLevel,
    ClusterTerm,
    Handover,
    Role,
    SelectionMode,
    SuccessionKind,
    Unit,
    UnitKind,
    UnitRole,
)

DEMO_PASSWORD = "thidua@2024"

PROVINCES = [
    "Hà Nội",
    "TP Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "An Giang",
    "Bà Rịa – Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
]
CITIES = {"Hà Nội", "TP Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}

MINISTRY_DEPARTMENTS = [
    ("BCA-X15", "Cục Công tác đảng và công tác chính trị", "Cục CTĐ&CTCT"),
    ("BCA-VP", "Văn phòng Bộ Công an", "Văn phòng Bộ"),
    ("BCA-X01", "Cục Tổ chức cán bộ", "Cục TCCB"),
]

# Departments of a provincial police used by the provincial clusters (short name, full name).
HA_TINH_DEPARTMENTS = [
    ("PV01", "Phòng Tham mưu", "Phòng Tham mưu"),
    ("PX01", "Phòng Công tác đảng và công tác chính trị", "Phòng CTĐ&CTCT"),
    ("PX03", "Phòng Tổ chức cán bộ", "Phòng TCCB"),
    ("PH01", "Phòng Hậu cần", "Phòng Hậu cần"),
    ("PA01", "Phòng An ninh chính trị nội bộ", "Phòng ANCTNB"),
    ("PA03", "Phòng An ninh kinh tế", "Phòng ANKT"),
    ("PC10", "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp", "Phòng CS THAHS&HTTP"),
    ("TTG", "Trại tạm giam", "Trại tạm giam"),
    ("PC08", "Phòng Cảnh sát giao thông", "Phòng CSGT"),
    ("PC07", "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", "Phòng CS PCCC&CNCH"),
    ("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng CS QLHC về TTXH"),
    ("PK02", "Phòng Cảnh sát cơ động", "Phòng CSCĐ"),
]

# 2025 provincial mergers, effective 01/07/2025: predecessor → successor (the successor keeps its name).
# DOMAIN §10 gives the figures (63 provincial police before; 52 merged into 23; 34 from 01/07/2025) but
# not the pairs: the pairs below follow Nghị quyết số 202/2025/QH15 on the arrangement of provinces, by
# whose provinces the police were merged; they are not in DOMAIN.md and are marked so in README.
MERGERS_2025 = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bình Dương": "TP Hồ Chí Minh",
    "Bà Rịa – Vũng Tàu": "TP Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
}
MERGER_BASIS = "Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"

# District-level police stopped on 01/03/2025, their tasks passing to the provincial police and to the
# commune police (DOMAIN §10). The seeds name no district police: the demo records three of Hà Tĩnh's
# (names of its district-level towns) to show the end of that level; it does not list the 694.
DISTRICT_END = datetime.date(2025, 3, 1)
HA_TINH_DISTRICTS = [
    ("CAH-TP", "Công an thành phố Hà Tĩnh", "CA TP Hà Tĩnh"),
    ("CAH-HL", "Công an thị xã Hồng Lĩnh", "CA TX Hồng Lĩnh"),
    ("CAH-CX", "Công an huyện Cẩm Xuyên", "CA H. Cẩm Xuyên"),
]
DISTRICT_BASIS = "Sắp xếp tổ chức bộ máy: Công an cấp huyện kết thúc hoạt động từ 01/03/2025"


def province_code(province: str) -> str:
    return "CA-" + fold(province).replace("tp ", "").replace(" – ", "-").replace(" ", "-").upper()


def province_unit_name(province: str) -> str:
    if province == "TP Hồ Chí Minh":
        return "Công an Thành phố Hồ Chí Minh"
    if province in CITIES:
        return f"Công an thành phố {province}"
    return f"Công an tỉnh {province}"


def province_short_name(province: str) -> str:
    return f"CA {province}" if province != "TP Hồ Chí Minh" else "CA TP HCM"


def _unit(parent, code, name, short_name, kind) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit.objects.create(parent=parent, code=code, name=name, short_name=short_name, kind=kind)
    return unit


def _user(username: str, full_name: str, position: str, **extra):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, position=position, **extra)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def province(name: str) -> Unit:
    return Unit.objects.get(code=province_code(name))


def _term(
    actor: User, cluster, year, members, leader=None, deputy=None, mode=SelectionMode.ELECTED
) -> ClusterTerm:
    term = ClusterTerm.objects.filter(cluster=cluster, year=year).first()
    if term is None:
        term = services.term_create(
            actor=actor,
            cluster=cluster,
            year=year,
            members=members,
            leader=leader,
            deputy=deputy,
            selection_mode=mode,
        )
    return term


def _cluster(actor: User, owner, level, number, name) -> Cluster:
    cluster = Cluster.objects.filter(owner=owner, level=level, number=number).first()
    if cluster is None:
        cluster = services.cluster_create(actor=actor, owner=owner, level=level, number=number, name=name)
    return cluster


DEMO_ACCOUNTS = [
    # username, full name, position, role, unit code
    ("admin", "Quản trị hệ thống", "Quản trị viên", Role.ADMIN, "BCA"),
    ("thuongtruc.bca", "Nguyễn Văn Thường", "Cán bộ Cục CTĐ&CTCT (Thường trực HĐTĐKT Bộ)", Role.BOARD, "BCA"),
    (
        "thuongtruc.hatinh",
        "Trần Thị Hà",
        "Cán bộ Phòng CTĐ&CTCT Công an tỉnh Hà Tĩnh",
        Role.BOARD,
        "CA-HA-TINH",
    ),
    (
        "cumtruong.soctrang",
        "Lâm Văn Sóc",
        "Cán bộ thi đua Công an tỉnh Sóc Trăng (Cụm trưởng Cụm 11)",
        Role.CLUSTER_STAFF,
        "CA-SOC-TRANG",
    ),
    (
        "canbo.tiengiang",
        "Phạm Minh Tiền",
        "Cán bộ thi đua Công an tỉnh Tiền Giang",
        Role.OFFICER,
        "CA-TIEN-GIANG",
    ),
    (
        "lanhdao.tiengiang",
        "Võ Thành Giang",
        "Phó Giám đốc Công an tỉnh Tiền Giang",
        Role.UNIT_LEADER,
        "CA-TIEN-GIANG",
    ),
    ("canbo.csgt", "Lê Văn Giao", "Cán bộ Phòng CSGT Công an tỉnh Hà Tĩnh", Role.OFFICER, "CA-HA-TINH-PC08"),
    ("xem.bentre", "Đỗ Thị Tre", "Cán bộ Công an tỉnh Bến Tre", Role.VIEWER, "CA-BEN-TRE"),
]


def load(*, stdout=None) -> None:
    ministry = _unit(None, "BCA", "Bộ Công an", "Bộ Công an", UnitKind.MINISTRY)
    admin = _user("admin", "Quản trị hệ thống", "Quản trị viên", is_staff=True, is_superuser=True)
    ha_tinh, departments = _units(ministry)
    _ministry_clusters(admin, ministry)
    _ha_tinh_clusters(admin, ha_tinh, departments)
    _reorganisations(admin, ha_tinh)
    for username, full_name, position, role, unit_code in DEMO_ACCOUNTS:
        user = _user(username, full_name, position)
        UnitRole.objects.get_or_create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    if stdout:
        stdout.write(
            f"  tổ chức: {Unit.objects.count()} đơn vị, {Cluster.objects.count()} cụm, {ClusterTerm.objects.count()} năm cụm"
        )


def _units(ministry: Unit) -> tuple[Unit, dict[str, Unit]]:
    """The ministry's departments, the provincial police, and Hà Tĩnh's departments (by short name)."""
    for code, name, short in MINISTRY_DEPARTMENTS:
        _unit(ministry, code, name, short, UnitKind.MINISTRY_DEPARTMENT)
    for name in PROVINCES:
        _unit(
            ministry,
            province_code(name),
            province_unit_name(name),
            province_short_name(name),
            UnitKind.PROVINCIAL_POLICE,
        )
    ha_tinh = province("Hà Tĩnh")
    departments = {
        short: _unit(ha_tinh, f"CA-HA-TINH-{code}", f"{full}", short, UnitKind.PROVINCIAL_DEPARTMENT)
        for code, full, short in HA_TINH_DEPARTMENTS
    }
    return ha_tinh, departments


def _ministry_clusters(admin: User, ministry: Unit) -> None:
    """Ministry-level clusters (seeds 002, 003, 004)."""
    cum1 = _cluster(admin, ministry, ClusterLevel.MINISTRY, 1, "Cụm thi đua số 1")
    cum1_members = [province(p) for p in ("Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ")]
    _term(admin, cum1, 2022, cum1_members)
    cum8 = _cluster(admin, ministry, ClusterLevel.MINISTRY, 8, "Cụm thi đua số 8")
    cum8_members = [
        province(p)
        for p in (
            "Bến Tre",
            "Tây Ninh",
            "Bình Dương",
            "Đồng Nai",
            "Bà Rịa – Vũng Tàu",
            "Đồng Tháp",
            "Tiền Giang",
            "Long An",
        )
    ]
    _term(admin, cum8, 2023, cum8_members, province("Bến Tre"), province("Tây Ninh"))
    cum11 = _cluster(admin, ministry, ClusterLevel.MINISTRY, 11, "Cụm thi đua số 11")
    cum11_members = [
        province(p) for p in ("Sóc Trăng", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Đồng Tháp", "Trà Vinh")
    ]
    _term(admin, cum11, 2024, cum11_members, province("Sóc Trăng"), province("Tiền Giang"))


def _ha_tinh_clusters(admin: User, ha_tinh: Unit, departments: dict[str, Unit]) -> None:
    """Provincial-level clusters of Công an tỉnh Hà Tĩnh (seed 001: Cụm 1, 2021; seed 000: Cụm 5, 2024)."""
    ht1 = _cluster(admin, ha_tinh, ClusterLevel.PROVINCIAL, 1, "Cụm thi đua số 1")
    _term(
        admin,
        ht1,
        2021,
        [
            departments[s]
            for s in (
                "Phòng Tham mưu",
                "Phòng CTĐ&CTCT",
                "Phòng TCCB",
                "Phòng Hậu cần",
                "Phòng ANCTNB",
                "Phòng ANKT",
            )
        ],
        departments["Phòng Tham mưu"],
        departments["Phòng CTĐ&CTCT"],
    )
    ht5 = _cluster(admin, ha_tinh, ClusterLevel.PROVINCIAL, 5, "Cụm thi đua số 5")
    cum5_names = (
        "Phòng CS THAHS&HTTP",
        "Trại tạm giam",
        "Phòng CSGT",
        "Phòng CS PCCC&CNCH",
        "Phòng CS QLHC về TTXH",
        "Phòng CSCĐ",
    )
    term5 = _term(
        admin,
        ht5,
        2024,
        [departments[s] for s in cum5_names],
        departments["Phòng CSGT"],
        departments["Phòng CSCĐ"],
    )
    if not Handover.objects.filter(from_term=term5).exists():
        services.term_hand_over(
            actor=admin,
            term=term5,
            new_leader=departments["Phòng CS PCCC&CNCH"],
            new_deputy=departments["Trại tạm giam"],
            handed_over_on=datetime.date(2024, 11, 14),
            mode=SelectionMode.ELECTED,
            conference_title="Hội nghị tổng kết công tác thi đua năm 2024 Cụm thi đua số 5",
        )


def _reorganisations(admin: User, ha_tinh: Unit) -> None:
    """District police end on 01/03/2025 (their tasks to the provincial police); the 2025 provincial
    mergers from 01/07/2025. The old units stay for the history of earlier years."""
    for code, name, short in HA_TINH_DISTRICTS:
        district = _unit(ha_tinh, f"CA-HA-TINH-{code}", name, short, UnitKind.DISTRICT_POLICE)
        if district.active_to is None:
            services.unit_reorganise(
                actor=admin,
                unit=district,
                successor=ha_tinh,
                effective_date=DISTRICT_END,
                kind=SuccessionKind.DISSOLVE,
                legal_basis=DISTRICT_BASIS,
                move_memberships=False,
            )
    effective = datetime.date(2025, 7, 1)
    for old, new in MERGERS_2025.items():
        old_unit = province(old)
        if old_unit.active_to is None:
            services.unit_reorganise(
                actor=admin,
                unit=old_unit,
                successor=province(new),
                effective_date=effective,
                legal_basis=MERGER_BASIS,
                move_memberships=False,
            )
