"""Seed data of the catalogue: legal bases, award types, criteria, deadlines, holidays, statistics forms.

Everything here is a starting point the board edits in the admin; values the research could not
verify (DOMAIN.md "UNVERIFIED") are stored with `is_verified=False` and shown as such.
`seed()` is idempotent (looked up by code) and is called by the demo loader and by tests.
"""

import datetime

from django.db import transaction

from .models import (
    AuthorityLevel,
    AwardCategory,
    AwardType,
    CriterionRule,
    DeadlineKind,
    Holiday,
    LegalBasis,
    LegalBasisKind,
    ProcessingDeadline,
    RecipientKind,
    StateAwardKind,
    StatForm,
)

D = datetime.date

LEGAL_BASES = [
    # code, kind, title, from, to, verified, note
    (
        "L2003",
        LegalBasisKind.LAW,
        "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)",
        D(2004, 7, 1),
        D(2023, 12, 31),
        True,
        "",
    ),
    (
        "ND91/2017",
        LegalBasisKind.DECREE,
        "Nghị định 91/2017/NĐ-CP hướng dẫn Luật Thi đua, khen thưởng",
        D(2017, 10, 1),
        D(2023, 12, 31),
        True,
        "",
    ),
    ("L2022", LegalBasisKind.LAW, "Luật Thi đua, khen thưởng số 06/2022/QH15", D(2024, 1, 1), None, True, ""),
    (
        "ND98/2023",
        LegalBasisKind.DECREE,
        "Nghị định 98/2023/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng",
        D(2024, 1, 1),
        None,
        False,
        "Chưa tra được nội dung điều khoản; các ngưỡng lấy theo NĐ 91/2017 (chưa kiểm chứng).",
    ),
    (
        "ND152/2025",
        LegalBasisKind.DECREE,
        "Nghị định 152/2025/NĐ-CP (thời hạn xử lý hồ sơ)",
        D(2025, 7, 1),
        None,
        False,
        "Số hiệu, ngày hiệu lực và thời hạn xử lý chưa kiểm chứng (DOMAIN.md §9).",
    ),
    (
        "TT12/2019/TT-BCA",
        LegalBasisKind.CIRCULAR,
        "Thông tư 12/2019/TT-BCA quy định công tác thi đua, khen thưởng trong CAND",
        D(2019, 7, 15),
        None,
        True,
        "Chưa kiểm chứng việc có thông tư mới thay thế sau Luật 2022.",
    ),
    (
        "TT03/2018/TT-BNV",
        LegalBasisKind.CIRCULAR,
        "Thông tư 03/2018/TT-BNV chế độ báo cáo thống kê ngành Nội vụ",
        D(2018, 4, 20),
        D(2023, 6, 30),
        False,
        "Ngày hiệu lực chưa kiểm chứng.",
    ),
    (
        "TT02/2023/TT-BNV",
        LegalBasisKind.CIRCULAR,
        "Thông tư 02/2023/TT-BNV chế độ báo cáo thống kê ngành Nội vụ",
        D(2023, 7, 1),
        None,
        False,
        "Số hiệu biểu (0601–0605) và nội dung chưa kiểm chứng.",
    ),
]

T, F = AwardCategory.TITLE, AwardCategory.FORM
C, P = RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL
AWARD_TYPES = [
    # code, name, short, category, recipient, authority, level, state kind, rank, valid from, valid to
    (
        "CSTT",
        "Chiến sĩ tiên tiến",
        "CSTT",
        T,
        P,
        "Thủ trưởng đơn vị cơ sở",
        AuthorityLevel.UNIT,
        "",
        10,
        None,
        None,
    ),
    (
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        "CSTĐCS",
        T,
        P,
        "Giám đốc Công an tỉnh",
        AuthorityLevel.UNIT,
        "",
        20,
        None,
        None,
    ),
    (
        "CSTD-CAND",
        "Chiến sĩ thi đua toàn lực lượng Công an nhân dân",
        "CSTĐ toàn lực lượng",
        T,
        P,
        "Bộ trưởng Bộ Công an",
        AuthorityLevel.MINISTRY,
        "",
        30,
        None,
        None,
    ),
    (
        "CSTD-TQ",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        T,
        P,
        "Thủ tướng Chính phủ",
        AuthorityLevel.STATE,
        StateAwardKind.NATIONAL_FIGHTER,
        40,
        None,
        None,
    ),
    (
        "DVTT",
        "Đơn vị tiên tiến",
        "ĐVTT",
        T,
        C,
        "Giám đốc Công an tỉnh",
        AuthorityLevel.UNIT,
        "",
        10,
        None,
        None,
    ),
    (
        "DVQT",
        "Đơn vị quyết thắng",
        "ĐVQT",
        T,
        C,
        "Bộ trưởng Bộ Công an",
        AuthorityLevel.MINISTRY,
        "",
        20,
        None,
        None,
    ),
    (
        "CO-UBND",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "Cờ UBND tỉnh",
        T,
        C,
        "Chủ tịch UBND tỉnh",
        AuthorityLevel.PROVINCE,
        "",
        25,
        None,
        None,
    ),
    (
        "CO-BCA",
        "Cờ thi đua của Bộ Công an",
        "Cờ BCA",
        T,
        C,
        "Bộ trưởng Bộ Công an",
        AuthorityLevel.MINISTRY,
        "",
        30,
        None,
        None,
    ),
    (
        "CO-TCCT",
        "Cờ thi đua của Tổng cục Chính trị CAND",
        "Cờ TCCT",
        T,
        C,
        "Tổng cục trưởng Tổng cục Chính trị CAND",
        AuthorityLevel.MINISTRY,
        "",
        28,
        2015,
        2018,
    ),
    (
        "CO-CP",
        "Cờ thi đua của Chính phủ",
        "Cờ CP",
        T,
        C,
        "Thủ tướng Chính phủ",
        AuthorityLevel.STATE,
        StateAwardKind.GOVERNMENT_FLAG,
        40,
        None,
        None,
    ),
    (
        "HCCC3-TT",
        "Huân chương Chiến công hạng Ba (tập thể)",
        "HC Chiến công hạng Ba",
        F,
        C,
        "Chủ tịch nước",
        AuthorityLevel.STATE,
        StateAwardKind.ORDER,
        50,
        None,
        None,
    ),
    (
        "HCCC3-CN",
        "Huân chương Chiến công hạng Ba (cá nhân)",
        "HC Chiến công hạng Ba",
        F,
        P,
        "Chủ tịch nước",
        AuthorityLevel.STATE,
        StateAwardKind.ORDER,
        50,
        None,
        None,
    ),
    (
        "BK-TTG-TT",
        "Bằng khen của Thủ tướng Chính phủ (tập thể)",
        "BK Thủ tướng",
        F,
        C,
        "Thủ tướng Chính phủ",
        AuthorityLevel.STATE,
        StateAwardKind.PM_MERIT,
        40,
        None,
        None,
    ),
    (
        "BK-TTG-CN",
        "Bằng khen của Thủ tướng Chính phủ (cá nhân)",
        "BK Thủ tướng",
        F,
        P,
        "Thủ tướng Chính phủ",
        AuthorityLevel.STATE,
        StateAwardKind.PM_MERIT,
        40,
        None,
        None,
    ),
    (
        "BK-BCA-TT",
        "Bằng khen của Bộ trưởng Bộ Công an (tập thể)",
        "BK Bộ trưởng",
        F,
        C,
        "Bộ trưởng Bộ Công an",
        AuthorityLevel.MINISTRY,
        "",
        30,
        None,
        None,
    ),
    (
        "BK-BCA-CN",
        "Bằng khen của Bộ trưởng Bộ Công an (cá nhân)",
        "BK Bộ trưởng",
        F,
        P,
        "Bộ trưởng Bộ Công an",
        AuthorityLevel.MINISTRY,
        "",
        30,
        None,
        None,
    ),
    (
        "BK-UBND-TT",
        "Bằng khen của Chủ tịch UBND tỉnh (tập thể)",
        "BK UBND tỉnh",
        F,
        C,
        "Chủ tịch UBND tỉnh",
        AuthorityLevel.PROVINCE,
        "",
        25,
        None,
        None,
    ),
    (
        "BK-UBND-CN",
        "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)",
        "BK UBND tỉnh",
        F,
        P,
        "Chủ tịch UBND tỉnh",
        AuthorityLevel.PROVINCE,
        "",
        25,
        None,
        None,
    ),
    (
        "GK-GD-TT",
        "Giấy khen của Giám đốc Công an tỉnh (tập thể)",
        "GK Giám đốc",
        F,
        C,
        "Giám đốc Công an tỉnh",
        AuthorityLevel.UNIT,
        "",
        10,
        None,
        None,
    ),
    (
        "GK-GD-CN",
        "Giấy khen của Giám đốc Công an tỉnh (cá nhân)",
        "GK Giám đốc",
        F,
        P,
        "Giám đốc Công an tỉnh",
        AuthorityLevel.UNIT,
        "",
        10,
        None,
        None,
    ),
]

STATE, ORDER = AuthorityLevel.STATE, StateAwardKind.ORDER
PRESIDENT = "Chủ tịch nước"
CLASSES = (("1", "hạng Nhất", 4), ("2", "hạng Nhì", 2), ("3", "hạng Ba", 0))
RECIPIENTS = (("TT", "tập thể", C), ("CN", "cá nhân", P))
# The orders real CAND papers cite (L2022 Điều 34–35, 37): every class, collective and individual.
# Huân chương Chiến công hạng Ba was already in the first catalogue under HCCC3-TT / HCCC3-CN.
AWARD_TYPES += [
    (f"{prefix}{number}-{suffix}", f"{name} {label} ({who})", f"{short} {label}", F, kind, PRESIDENT, STATE, ORDER,
     base + step, None, None)
    for prefix, name, short, base in (
        ("HCBVTQ", "Huân chương Bảo vệ Tổ quốc", "HC Bảo vệ Tổ quốc", 56),
        ("HCCC", "Huân chương Chiến công", "HC Chiến công", 50),
    )
    for number, label, step in CLASSES
    for suffix, who, kind in RECIPIENTS
    if not (prefix == "HCCC" and number == "3")
]  # fmt: skip
# Medals for service (L2022 Điều 54–57): individuals only, computed from the years of service.
AWARD_TYPES += [
    ("HC-VANTQ", "Huy chương Vì an ninh Tổ quốc", "HC Vì an ninh Tổ quốc", F, P, PRESIDENT, STATE, ORDER, 45, None, None),
    *(
        (f"HCCSVV{number}", f"Huy chương Chiến sĩ vẻ vang {label}", f"HC Chiến sĩ vẻ vang {label}", F, P,
         PRESIDENT, STATE, ORDER, 42 + step // 2, None, None)
        for number, label, step in CLASSES
    ),
    # Biểu dương: public praise by a Director without an award decision (seed 001), counted apart.
    ("BIEUDUONG-GD-TT", "Biểu dương của Giám đốc Công an tỉnh (tập thể)", "Biểu dương", AwardCategory.PRAISE, C,
     "Giám đốc Công an tỉnh", AuthorityLevel.UNIT, "", 5, None, None),
    ("BIEUDUONG-GD-CN", "Biểu dương của Giám đốc Công an tỉnh (cá nhân)", "Biểu dương", AwardCategory.PRAISE, P,
     "Giám đốc Công an tỉnh", AuthorityLevel.UNIT, "", 5, None, None),
]  # fmt: skip

UNVERIFIED_SERVICE = (
    "Số năm công tác của từng hạng chưa kiểm chứng (DOMAIN.md §10); sửa theo căn cứ pháp lý khi đã tra được."
)
# Fields beyond the table above: years of service for long-service medals, and what is unverified.
AWARD_EXTRAS: dict[str, dict] = {
    "HC-VANTQ": {
        "min_service_years": 25,
        "note": "25 năm công tác liên tục trở lên trong CAND, hoàn thành tốt nhiệm vụ (Luật TĐKT 2022).",
    },
    # Common values for the three classes, stored so the check can run, but flagged as unverified.
    "HCCSVV1": {"min_service_years": 20, "is_verified": False, "note": UNVERIFIED_SERVICE},
    "HCCSVV2": {"min_service_years": 15, "is_verified": False, "note": UNVERIFIED_SERVICE},
    "HCCSVV3": {"min_service_years": 10, "is_verified": False, "note": UNVERIFIED_SERVICE},
    "BIEUDUONG-GD-TT": {
        "note": "Biểu dương không có quyết định khen thưởng; thống kê riêng, không cộng vào số khen thưởng."
    },
    "BIEUDUONG-GD-CN": {
        "note": "Biểu dương không có quyết định khen thưởng; thống kê riêng, không cộng vào số khen thưởng."
    },
}

L21 = "Điều 21 Luật TĐKT 2022"
# R5/R6 as corrected in DOMAIN.md §10: CSTĐ cấp bộ in the year of the third consecutive CSTĐCS, one streak for
# one CSTĐ cấp bộ; CSTĐ toàn quốc the year after the second of two CSTĐ cấp bộ one three-year cycle apart.
CSTD_CAND_STREAK = {"award": "CSTDCS", "times": 3, "exclusive": True}
CSTD_TQ_CYCLES = {"award": "CSTD-CAND", "times": 2, "step": 3, "offset": 1}
RULES = [
    # legal basis, award code (None = every award), rule key, params, citation, verified, text
    # -- Luật 2003 / NĐ 91/2017 (years up to 2023)
    (
        "L2003",
        "CSTT",
        "min_rating",
        {"rating": "good"},
        "Điều 24 Luật TĐKT 2003",
        True,
        "Hoàn thành tốt nhiệm vụ trở lên",
    ),
    (
        "L2003",
        "CSTDCS",
        "title_same_year",
        {"award": "CSTT"},
        "Điều 23 Luật TĐKT 2003",
        True,
        "Đạt Chiến sĩ tiên tiến",
    ),
    (
        "L2003",
        "CSTDCS",
        "excellence_grounds",
        {"grounds": ["initiative", "research", "combat"]},
        "Điều 23 Luật TĐKT 2003",
        True,
        "Có sáng kiến, đề tài hoặc mưu trí trong chiến đấu",
    ),
    (
        "ND91/2017",
        "CSTDCS",
        "quota",
        {"base": "CSTT", "pct": 15, "scope": "unit"},
        "Điều 9 NĐ 91/2017",
        True,
        "Không quá 15 % số CSTT",
    ),
    (
        "L2003",
        "CSTD-CAND",
        "consecutive_title",
        CSTD_CAND_STREAK,
        "Điều 22 Luật TĐKT 2003",
        True,
        "3 lần liên tục CSTĐCS",
    ),
    (
        "L2003",
        "CSTD-TQ",
        "consecutive_title",
        CSTD_TQ_CYCLES,
        "Điều 21 Luật TĐKT 2003",
        True,
        "2 lần liên tục CSTĐ cấp bộ",
    ),
    (
        "ND91/2017",
        "CSTD-CAND",
        "council_threshold",
        {"pct": 90},
        "Điều 45.8 NĐ 91/2017",
        True,
        "≥ 90 % thành viên Hội đồng",
    ),
    (
        "ND91/2017",
        "CSTD-TQ",
        "council_threshold",
        {"pct": 90},
        "Điều 45.8 NĐ 91/2017",
        True,
        "≥ 90 % thành viên Hội đồng",
    ),
    (
        "L2003",
        "DVTT",
        "unit_share",
        {"award": "CSTT", "min_pct": 50, "strict": True},
        "Điều 28 Luật TĐKT 2003",
        True,
        "> 50 % CSTT",
    ),
    (
        "L2003",
        "DVTT",
        "no_member_discipline",
        {"min_level": 2},
        "Điều 28 Luật TĐKT 2003",
        True,
        "Không có cá nhân bị kỷ luật từ cảnh cáo",
    ),
    (
        "ND91/2017",
        "DVQT",
        "unit_all_rated",
        {"min_rating": "completed", "min_pct": 100},
        "Điều 27 NĐ 91/2017",
        False,
        "100 % hoàn thành nhiệm vụ",
    ),
    (
        "ND91/2017",
        "DVQT",
        "unit_share",
        {"award": "CSTT", "min_pct": 70},
        "Điều 27 NĐ 91/2017",
        False,
        "≥ 70 % CSTT",
    ),
    (
        "ND91/2017",
        "DVQT",
        "unit_min_count",
        {"award": "CSTDCS", "min": 1},
        "Điều 27 NĐ 91/2017",
        False,
        "Có cá nhân đạt CSTĐCS",
    ),
    (
        "ND91/2017",
        "DVQT",
        "no_member_discipline",
        {"min_level": 2},
        "Điều 27 NĐ 91/2017",
        False,
        "Không có cá nhân bị kỷ luật từ cảnh cáo",
    ),
    (
        "ND91/2017",
        "CO-CP",
        "quota",
        {"base": "CO-BCA", "pct": 20, "scope": "year"},
        "Điều 11.1 NĐ 91/2017",
        True,
        "≤ 20 % tập thể đạt tiêu chuẩn Cờ thi đua cấp bộ",
    ),
    (
        "L2003",
        None,
        "unique_achievement",
        {},
        "Điều 6 Luật TĐKT 2003 (nguyên tắc)",
        True,
        "Một thành tích khen một lần",
    ),
    # -- Luật 2022 / NĐ 98/2023 (from 2024)
    (
        "L2022",
        "CSTT",
        "min_rating",
        {"rating": "good"},
        "Điều 24 Luật TĐKT 2022",
        True,
        "Hoàn thành tốt nhiệm vụ trở lên",
    ),
    ("L2022", "CSTDCS", "title_same_year", {"award": "CSTT"}, L21, True, "Đạt Chiến sĩ tiên tiến cùng năm"),
    (
        "L2022",
        "CSTDCS",
        "excellence_grounds",
        {"grounds": ["excellent", "initiative", "research", "combat"]},
        L21,
        True,
        "HTXSNV, sáng kiến, đề tài hoặc mưu trí chiến đấu",
    ),
    (
        "ND98/2023",
        "CSTDCS",
        "quota",
        {"base": "CSTT", "pct": 15, "scope": "unit"},
        "NĐ 98/2023 (tỷ lệ theo Điều 9 NĐ 91/2017)",
        False,
        "Không quá 15 % số CSTT",
    ),
    (
        "L2022",
        "CSTD-CAND",
        "consecutive_title",
        CSTD_CAND_STREAK,
        L21,
        True,
        "3 năm liên tục CSTĐCS",
    ),
    (
        "L2022",
        "CSTD-TQ",
        "consecutive_title",
        CSTD_TQ_CYCLES,
        L21,
        True,
        "2 lần liên tục CSTĐ cấp bộ",
    ),
    (
        "ND98/2023",
        "CSTD-CAND",
        "council_threshold",
        {"pct": 90},
        "NĐ 98/2023 (theo Điều 45.8 NĐ 91/2017)",
        False,
        "≥ 90 % thành viên Hội đồng",
    ),
    (
        "ND98/2023",
        "CSTD-TQ",
        "council_threshold",
        {"pct": 90},
        "NĐ 98/2023 (theo Điều 45.8 NĐ 91/2017)",
        False,
        "≥ 90 % thành viên Hội đồng",
    ),
    (
        "ND98/2023",
        "DVTT",
        "unit_share",
        {"award": "CSTT", "min_pct": 50, "strict": True},
        "NĐ 98/2023 (theo Điều 28 Luật TĐKT 2003)",
        False,
        "> 50 % CSTT",
    ),
    (
        "ND98/2023",
        "DVTT",
        "no_member_discipline",
        {"min_level": 2},
        "NĐ 98/2023 (theo Điều 28 Luật TĐKT 2003)",
        False,
        "Không có cá nhân bị kỷ luật từ cảnh cáo",
    ),
    (
        "ND98/2023",
        "DVQT",
        "unit_all_rated",
        {"min_rating": "completed", "min_pct": 100},
        "NĐ 98/2023 (theo Điều 27 NĐ 91/2017)",
        False,
        "100 % hoàn thành nhiệm vụ",
    ),
    (
        "ND98/2023",
        "DVQT",
        "unit_share",
        {"award": "CSTT", "min_pct": 70},
        "NĐ 98/2023 (theo Điều 27 NĐ 91/2017)",
        False,
        "≥ 70 % CSTT",
    ),
    (
        "ND98/2023",
        "DVQT",
        "unit_min_count",
        {"award": "CSTDCS", "min": 1},
        "NĐ 98/2023 (theo Điều 27 NĐ 91/2017)",
        False,
        "Có cá nhân đạt CSTĐCS",
    ),
    (
        "ND98/2023",
        "DVQT",
        "no_member_discipline",
        {"min_level": 2},
        "NĐ 98/2023 (theo Điều 27 NĐ 91/2017)",
        False,
        "Không có cá nhân bị kỷ luật từ cảnh cáo",
    ),
    (
        "ND98/2023",
        "CO-CP",
        "quota",
        {"base": "CO-BCA", "pct": 20, "scope": "year"},
        "NĐ 98/2023 (theo Điều 11.1 NĐ 91/2017)",
        False,
        "≤ 20 % tập thể đạt tiêu chuẩn Cờ thi đua cấp bộ",
    ),
    (
        "L2022",
        None,
        "unique_achievement",
        {},
        "Điều 5 Luật TĐKT 2022 (nguyên tắc)",
        True,
        "Một thành tích khen một lần",
    ),
    # -- TT 12/2019/TT-BCA (CAND, both periods)
    (
        "TT12/2019/TT-BCA",
        "CO-CP",
        "flag_standard",
        {"award": "CO-BCA"},
        "Điều 18.1 TT 12/2019/TT-BCA",
        True,
        "Đạt tiêu chuẩn Cờ thi đua Bộ Công an",
    ),
    (
        "TT12/2019/TT-BCA",
        "CO-CP",
        "leads_cluster",
        {},
        "Điều 18.1 TT 12/2019/TT-BCA",
        True,
        "Dẫn đầu cụm thi đua",
    ),
    (
        "TT12/2019/TT-BCA",
        None,
        "no_discipline",
        {},
        "Điều 2.1 TT 12/2019/TT-BCA",
        True,
        "Không đang chờ xem xét hoặc chịu kỷ luật",
    ),
]

DEADLINES = [
    # legal basis, kind, working days (DOMAIN.md §9 — defaults, UNVERIFIED)
    ("ND91/2017", DeadlineKind.REGULAR, 30),
    ("ND91/2017", DeadlineKind.SUDDEN, 15),
    ("ND91/2017", DeadlineKind.STATE, 45),
    ("ND98/2023", DeadlineKind.REGULAR, 30),
    ("ND98/2023", DeadlineKind.SUDDEN, 15),
    ("ND98/2023", DeadlineKind.STATE, 45),
    ("ND152/2025", DeadlineKind.REGULAR, 30),
    ("ND152/2025", DeadlineKind.SUDDEN, 15),
    ("ND152/2025", DeadlineKind.STATE, 45),
]

# Official days off on weekdays (weekends are off anyway). Swapped working Saturdays are not modelled.
HOLIDAYS = [
    (D(2023, 1, 2), "Nghỉ bù Tết Dương lịch"),
    *((D(2023, 1, d), "Tết Nguyên đán") for d in (20, 23, 24, 25, 26)),
    (D(2023, 5, 1), "Quốc tế Lao động"),
    (D(2023, 5, 2), "Nghỉ bù Giỗ Tổ Hùng Vương"),
    (D(2023, 5, 3), "Nghỉ bù Ngày Giải phóng miền Nam"),
    (D(2023, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2023, 9, 4), "Nghỉ bù Quốc khánh"),
    (D(2024, 1, 1), "Tết Dương lịch"),
    *((D(2024, 2, d), "Tết Nguyên đán") for d in (8, 9, 12, 13, 14)),
    (D(2024, 4, 18), "Giỗ Tổ Hùng Vương"),
    (D(2024, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2024, 5, 1), "Quốc tế Lao động"),
    (D(2024, 9, 2), "Quốc khánh"),
    (D(2024, 9, 3), "Quốc khánh (ngày liền kề)"),
    (D(2025, 1, 1), "Tết Dương lịch"),
    *((D(2025, 1, d), "Tết Nguyên đán") for d in (27, 28, 29, 30, 31)),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
    (D(2025, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2025, 5, 1), "Quốc tế Lao động"),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    *((D(2026, 2, d), "Tết Nguyên đán") for d in (16, 17, 18, 19, 20)),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
    (D(2026, 4, 30), "Ngày Giải phóng miền Nam"),
    (D(2026, 5, 1), "Quốc tế Lao động"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
]

POSITION_CLASSES = [
    # recipient classes of the state-level form, matched on the position text (first match wins)
    {
        "code": "leader_high",
        "label": "Lãnh đạo cấp bộ, cấp tỉnh trở lên",
        "keywords": ["bộ trưởng", "thứ trưởng", "giám đốc công an tỉnh", "chủ tịch"],
    },
    {
        "code": "leader_dept",
        "label": "Lãnh đạo cấp vụ, cục, sở",
        "keywords": ["cục trưởng", "phó cục trưởng", "giám đốc", "phó giám đốc"],
    },
    {
        "code": "leader_office",
        "label": "Từ phó trưởng phòng trở lên",
        "keywords": [
            "trưởng phòng",
            "phó trưởng phòng",
            "trưởng công an",
            "đội trưởng",
            "phó đội trưởng",
            "giám thị",
        ],
    },
    {"code": "business", "label": "Doanh nhân", "keywords": ["doanh nhân", "giám đốc doanh nghiệp"]},
    {
        "code": "direct",
        "label": "Trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu",
        "keywords": [],
    },
]

STATE_ROWS = [
    {"code": "02", "label": "Huân chương, Huy chương", "match": {"state_kind": ["order"]}},
    {"code": "03", "label": "Giải thưởng Hồ Chí Minh", "match": {"state_kind": ["hcm_prize"]}},
    {"code": "04", "label": "Giải thưởng Nhà nước", "match": {"state_kind": ["state_prize"]}},
    {"code": "05", "label": "Danh hiệu vinh dự Nhà nước", "match": {"state_kind": ["honour_title"]}},
    {"code": "06", "label": "Cờ thi đua của Chính phủ", "match": {"state_kind": ["government_flag"]}},
    {"code": "07", "label": "Bằng khen của Thủ tướng Chính phủ", "match": {"state_kind": ["pm_merit"]}},
    {"code": "08", "label": "Chiến sĩ thi đua toàn quốc", "match": {"state_kind": ["national_fighter"]}},
    {"code": "09", "label": "Khác", "match": {"state_kind": ["other"]}},
]
MINISTRY_ROWS = [
    {"code": "02", "label": "Cờ thi đua cấp bộ", "match": {"award": ["CO-BCA", "CO-TCCT"]}},
    {
        "code": "03",
        "label": "Danh hiệu Tập thể lao động xuất sắc / Đơn vị quyết thắng",
        "match": {"award": ["DVQT"]},
    },
    {"code": "04", "label": "Chiến sĩ thi đua cấp bộ", "match": {"award": ["CSTD-CAND"]}},
    {"code": "05", "label": "Bằng khen cấp bộ", "match": {"award": ["BK-BCA-TT", "BK-BCA-CN"]}},
]
MOVEMENT_ROWS = [
    {"code": "02", "label": "Phong trào thi đua thường xuyên", "match": {"movement_kind": ["regular"]}},
    {
        "code": "03",
        "label": "Phong trào thi đua theo đợt, chuyên đề",
        "match": {"movement_kind": ["special", "peak", "project"]},
    },
]
# Forms counting emulation movements (thidua.emulation.Movement) instead of award records.
MOVEMENT_FORMS = {"0701.N/BNV-TĐKT", "0601.N/BNV-TĐKT"}
STAT_FORMS = [
    # code, legal basis, title, rows, verified, note
    ("0701.N/BNV-TĐKT", "TT03/2018/TT-BNV", "Số phong trào thi đua", MOVEMENT_ROWS, True, ""),
    (
        "0601.N/BNV-TĐKT",
        "TT02/2023/TT-BNV",
        "Số phong trào thi đua",
        MOVEMENT_ROWS,
        False,
        "Đánh số lại 0601–0605 theo TT 02/2023/TT-BNV — chưa kiểm chứng",
    ),
    ("0702.N/BNV-TĐKT", "TT03/2018/TT-BNV", "Số lượng khen thưởng cấp Nhà nước", STATE_ROWS, True, ""),
    (
        "0703.N/BNV-TĐKT",
        "TT03/2018/TT-BNV",
        "Số lượng khen thưởng cấp ban, ngành, đoàn thể trung ương",
        MINISTRY_ROWS,
        True,
        "",
    ),
    (
        "0602.N/BNV-TĐKT",
        "TT02/2023/TT-BNV",
        "Số lượng khen thưởng cấp Nhà nước",
        STATE_ROWS,
        False,
        "Đánh số lại 0601–0605 theo TT 02/2023/TT-BNV — chưa kiểm chứng",
    ),
    (
        "0603.N/BNV-TĐKT",
        "TT02/2023/TT-BNV",
        "Số lượng khen thưởng cấp ban, ngành, đoàn thể trung ương",
        MINISTRY_ROWS,
        False,
        "Đánh số lại 0601–0605 theo TT 02/2023/TT-BNV — chưa kiểm chứng",
    ),
]


def seed_holidays() -> int:
    existing = set(Holiday.objects.values_list("date", flat=True))
    new = [Holiday(date=day, name=name) for day, name in HOLIDAYS if day not in existing]
    Holiday.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def seed() -> dict[str, int]:
    """Install what is missing (looked up by code; entries the board edited are left as they are).

    Returns how many legal bases, award types and rules were created.
    """
    bases, new_bases = _seed_legal_bases()
    types, new_types = _seed_award_types()
    created = {"legal_bases": new_bases, "award_types": new_types, "rules": 0}
    if not CriterionRule.objects.exists():
        created["rules"] = len(RULES)
        CriterionRule.objects.bulk_create(
            CriterionRule(
                legal_basis=bases[basis],
                award_type=types[award] if award else None,
                rule_key=key,
                params=params,
                citation=citation,
                is_verified=verified,
                text=text,
                order=index,
            )
            for index, (basis, award, key, params, citation, verified, text) in enumerate(RULES)
        )
    _seed_deadlines_and_forms(bases)
    seed_holidays()
    return created


def _seed_legal_bases() -> tuple[dict[str, LegalBasis], int]:
    """Every legal basis by code, and how many were created."""
    created = 0
    bases = {}
    for code, kind, title, start, end, verified, note in LEGAL_BASES:
        bases[code], is_new = LegalBasis.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "title": title,
                "effective_from": start,
                "effective_to": end,
                "is_verified": verified,
                "note": note,
            },
        )
        created += is_new
    return bases, created


def _seed_award_types() -> tuple[dict[str, AwardType], int]:
    """Every award type by code, and how many were created."""
    created = 0
    types = {}
    for (
        code,
        name,
        short,
        category,
        recipient,
        authority,
        level,
        state_kind,
        rank,
        valid_from,
        valid_to,
    ) in AWARD_TYPES:
        award = AwardType.objects.filter(code=code).first()
        if award is None:
            award = AwardType.objects.create(
                code=code,
                name=name,
                short_name=short,
                category=category,
                recipient_kind=recipient,
                authority=authority,
                level=level,
                state_kind=state_kind,
                rank=rank,
                valid_from_year=valid_from,
                valid_to_year=valid_to,
                **AWARD_EXTRAS.get(code, {}),
            )
            created += 1
        types[code] = award
    return types, created


def _seed_deadlines_and_forms(bases: dict[str, LegalBasis]) -> None:
    """Processing deadlines and statistics forms, each under its legal basis."""
    for basis, deadline_kind, days in DEADLINES:
        ProcessingDeadline.objects.get_or_create(
            legal_basis=bases[basis], kind=deadline_kind, defaults={"working_days": days}
        )
    for code, basis, title, rows, verified, note in STAT_FORMS:
        StatForm.objects.get_or_create(
            code=code,
            legal_basis=bases[basis],
            defaults={
                "title": title,
                "layout": {
                    "rows": rows,
                    "position_classes": POSITION_CLASSES,
                    "source": "movements" if code in MOVEMENT_FORMS else "awards",
                },
                "is_verified": verified,
                "note": note,
            },
        )
