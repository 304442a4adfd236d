"""Document kinds: the Kind record, the registered kinds (KINDS, DEMO: filled by registry.py from each
owning app's papers.py) and the demo contexts of the kinds the apps register (DEMO_CONTEXTS).

The demo contexts follow the Cụm thi đua số 11 (Bộ Công an) 2024 mid-year review of seed article
003 (DOMAIN.md §0). People's names, numbers and scores in them are fill-ins, not facts from the
article. They feed admin previews, tests, the template gallery and the documents of capabilities
whose data builders are not available yet (such documents are marked as sample data).

Context conventions (all JSON-serialisable):
- dates as ISO strings ("2024-07-16"); lists of strings or of small dicts;
- header keys shared by the administrative kinds: issuer_parent (cơ quan chủ quản), issuer (cơ quan
  ban hành), number, symbol, place, date, title (trích yếu), signer_authority (TM./KT. …),
  signer_position, signer_name, recipients.
"""

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Kind:
    code: str
    label: "StrOrPromise"  # a lazy translation
    type_name: str  # tên loại văn bản printed as the title ("BÁO CÁO")
    abbreviation: str  # ký hiệu loại văn bản (Phụ lục III): BC, BB, TTr, QĐ, KH …
    required: tuple[str, ...]
    source_label: "StrOrPromise"  # what source_id of documents:generate points at
    official: bool = True  # has the Decree 30 header (Quốc hiệu, number/symbol)
    has_qr: bool = False
    optional: tuple[str, ...] = field(default=())


HEADER = ("issuer", "place", "date")

# Filled by registry.register() from each owning app's papers.py (AppConfig.ready), in display order.
KINDS: dict[str, Kind] = {}
DEMO: dict[str, dict] = {}


def kind_choices() -> list[tuple[str, "StrOrPromise"]]:
    """Model and form choices, read when used (the kinds are registered after the models load)."""
    return [(k.code, k.label) for k in KINDS.values()]


CUM11_MEMBERS = [
    "Công an tỉnh Sóc Trăng",
    "Công an tỉnh Tiền Giang",
    "Công an tỉnh Bến Tre",
    "Công an tỉnh Vĩnh Long",
    "Công an tỉnh Đồng Tháp",
    "Công an tỉnh Trà Vinh",
]
CUM11_MODELS = [
    {"unit": "Công an tỉnh Tiền Giang", "name": "Chương trình “Nghĩa tình ngày hạn mặn”"},
    {"unit": "Công an tỉnh Bến Tre", "name": "Mô hình “Trọng dân, gần dân, vì nhân dân phục vụ”"},
    {"unit": "Công an tỉnh Sóc Trăng", "name": "“Tổ công tác đặc biệt 123”"},
    {
        "unit": "Công an tỉnh Đồng Tháp",
        "name": "Mô hình “Mỗi số nhà là đường dây nóng phòng, chống tội phạm”",
    },
    {"unit": "Công an tỉnh Trà Vinh", "name": "Đề án xây dựng nhà cho người nghèo của tỉnh"},
    {"unit": "Công an tỉnh Vĩnh Long", "name": "Mô hình “Đội hỗ trợ đảm bảo an ninh, trật tự”"},
]
CLUSTER_HEADER = {
    "issuer_parent": "BỘ CÔNG AN",
    "issuer": "CỤM THI ĐUA SỐ 11",
    "issuer_unit": "Công an tỉnh Sóc Trăng",
    "cluster_name": "Cụm thi đua số 11",
    "owner_name": "Bộ Công an",
    "year": 2024,
    "movement": "Vì an ninh Tổ quốc",
    "leader": "Công an tỉnh Sóc Trăng",
    "deputy": "Công an tỉnh Tiền Giang",
    "members": CUM11_MEMBERS,
    "signer_authority": "TM. CỤM THI ĐUA SỐ 11",
    "signer_position": "CỤM TRƯỞNG",
    "signer_name": "Đại tá Nguyễn Văn Minh",
}
DEMO_PUBLIC_ID = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"

DEMO_CONTEXTS: dict[str, dict] = {
    "plan": {
        **CLUSTER_HEADER,
        "number": "05",
        "symbol": "KH-CTĐ11",
        "place": "Sóc Trăng",
        "date": "2024-02-26",
        "title": "Hoạt động của Cụm thi đua số 11 năm 2024",
        "purposes": [
            "Cụ thể hóa phong trào thi đua “Vì an ninh Tổ quốc” năm 2024 trong các đơn vị của Cụm.",
            "Tạo sự đoàn kết, học hỏi, trao đổi kinh nghiệm giữa Công an các tỉnh trong Cụm.",
        ],
        "requirements": [
            "Các hoạt động của Cụm thiết thực, hiệu quả, tiết kiệm, gắn với nhiệm vụ chính trị.",
        ],
        "activities": [
            {
                "time": "Quý I/2024",
                "content": "Hội nghị ký kết giao ước thi đua",
                "host": "Công an tỉnh Sóc Trăng",
            },
            {
                "time": "Tháng 7/2024",
                "content": "Hội nghị sơ kết 6 tháng đầu năm",
                "host": "Công an tỉnh Tiền Giang",
            },
            {
                "time": "Tháng 10/2024",
                "content": "Kiểm tra chéo, tự chấm điểm",
                "host": "Các đơn vị trong Cụm",
            },
            {
                "time": "Tháng 11/2024",
                "content": "Hội nghị tổng kết, bình xét, suy tôn",
                "host": "Công an tỉnh Sóc Trăng",
            },
        ],
        "recipients": [
            "Cục Công tác đảng và công tác chính trị (để báo cáo);",
            "Công an các tỉnh trong Cụm;",
            "Lưu: VT.",
        ],
    },
    "covenant": {
        **CLUSTER_HEADER,
        "number": "01",
        "symbol": "GƯ-CTĐ11",
        "place": "Sóc Trăng",
        "date": "2024-03-15",
        "title": "Thi đua “Vì an ninh Tổ quốc” năm 2024 của Cụm thi đua số 11",
        "total_points": 100,
        "criteria": [
            {
                "group": "Công tác bảo đảm an ninh chính trị, trật tự an toàn xã hội",
                "items": [
                    {
                        "name": "Tỷ lệ điều tra, khám phá án hình sự đạt và vượt chỉ tiêu Bộ giao",
                        "max_points": 20,
                    },
                    {"name": "Kiềm chế, kéo giảm tai nạn giao thông trên cả 3 tiêu chí", "max_points": 15},
                ],
            },
            {
                "group": "Công tác xây dựng lực lượng, hậu cần – kỹ thuật",
                "items": [
                    {
                        "name": "Không có cán bộ, chiến sĩ vi phạm kỷ luật từ cảnh cáo trở lên",
                        "max_points": 25,
                    },
                    {"name": "Triển khai hiệu quả Đề án 06 của Chính phủ", "max_points": 20},
                ],
            },
            {
                "group": "Phong trào thi đua và công tác khen thưởng",
                "items": [{"name": "Xây dựng, nhân rộng mô hình, điển hình tiên tiến", "max_points": 20}],
            },
        ],
        "registrations": [
            {"unit": "Công an tỉnh Sóc Trăng", "titles": "Cờ thi đua của Chính phủ"},
            {"unit": "Công an tỉnh Tiền Giang", "titles": "Cờ thi đua của Bộ Công an"},
        ],
        "signatories": [{"unit": m, "position": "GIÁM ĐỐC", "name": ""} for m in CUM11_MEMBERS],
    },
    "period_report": {
        **CLUSTER_HEADER,
        "number": "12",
        "symbol": "BC-CTĐ11",
        "place": "Tiền Giang",
        "date": "2024-07-16",
        "report_type": "sơ kết",
        "period_label": "6 tháng đầu năm 2024",
        "title": "Sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024",
        "situation": [
            "6 tháng qua, Đảng ủy – Ban Giám đốc Công an các tỉnh trong Cụm đã lãnh đạo, chỉ đạo triển khai "
            "thực hiện tốt phong trào thi đua “Vì an ninh Tổ quốc” với tinh thần chủ động, sáng tạo, quyết tâm cao."
        ],
        "results": [
            "Hàng trăm mô hình, công trình, phần việc, sáng kiến được tổ chức thực hiện có hiệu quả.",
            "Nhiều cao điểm tấn công, trấn áp tội phạm, chuyên đề bảo đảm trật tự an toàn giao thông được tổ chức "
            "thực hiện có hiệu quả.",
        ],
        "models": CUM11_MODELS,
        "scores": [
            {"unit": "Công an tỉnh Sóc Trăng", "score": 96.5, "rank": 1},
            {"unit": "Công an tỉnh Tiền Giang", "score": 95.25, "rank": 2},
            {"unit": "Công an tỉnh Bến Tre", "score": 94.0, "rank": 3},
        ],
        "limitations": ["Một số chỉ tiêu đăng ký thi đua còn chậm tiến độ."],
        "directions": [
            "Phấn đấu hoàn thành đạt và vượt các chỉ tiêu thi đua trong 6 tháng cuối năm 2024.",
            "Tiếp tục nhân rộng các mô hình, điển hình tiên tiến.",
        ],
        "recipients": [
            "Cục Công tác đảng và công tác chính trị (để báo cáo);",
            "Công an các tỉnh trong Cụm;",
            "Lưu: VT.",
        ],
    },
    "conference_minutes": {
        **CLUSTER_HEADER,
        "number": "03",
        "symbol": "BB-CTĐ11",
        "place": "Tiền Giang",
        "date": "2024-07-16",
        "conference_type": "sơ kết",
        "period_label": "6 tháng đầu năm 2024",
        "conference_title": "Hội nghị sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024",
        "title": "Hội nghị sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024",
        "start_time": "08 giờ 00",
        "end_time": "11 giờ 30",
        "location": "Hội trường Công an tỉnh Tiền Giang",
        "host": "Công an tỉnh Tiền Giang",
        "chairs": [
            {"name": "Đại tá Nguyễn Văn Minh", "position": "Giám đốc Công an tỉnh Sóc Trăng, Cụm trưởng"},
            {"name": "Đại tá Trần Văn Hòa", "position": "Giám đốc Công an tỉnh Tiền Giang, Cụm phó"},
        ],
        "guests": [
            {"name": "Đại diện lãnh đạo", "position": "Cục Công tác đảng và công tác chính trị, Bộ Công an"}
        ],
        "attendees": "Đại diện Ban Giám đốc cùng lãnh đạo Phòng Công tác đảng và công tác chính trị, Phòng Tham mưu "
        "Công an các tỉnh trong Cụm.",
        "proceedings": [
            "Đồng chí Cụm trưởng phát biểu khai mạc hội nghị.",
            "Hội nghị nghe báo cáo sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024 của Cụm.",
            "Đại biểu thảo luận, trao đổi cách làm hay, kinh nghiệm tốt trong tổ chức thực hiện phong trào thi đua.",
        ],
        "models": CUM11_MODELS,
        "results": ["Hội nghị thống nhất nội dung báo cáo sơ kết 6 tháng đầu năm 2024 của Cụm."],
        "side_events": [
            "01 ngày trước hội nghị, Công an tỉnh Tiền Giang tổ chức giao lưu thể thao gồm 2 môn bắn súng "
            "(2 nội dung: lãnh đạo Công an các tỉnh; chỉ huy, cán bộ chiến sĩ) và bóng đá, với 6 đoàn vận động viên."
        ],
        "conclusions": [
            "Nêu cao quyết tâm hoàn thành đạt và vượt các chỉ tiêu thi đua trong 6 tháng cuối năm 2024.",
        ],
        "secretary": {"name": "Thiếu tá Lê Thị Thu", "position": "THƯ KÝ"},
        "chair": {"name": "Đại tá Nguyễn Văn Minh", "position": "CHỦ TRÌ HỘI NGHỊ"},
    },
    "vote_count_minutes": {
        **CLUSTER_HEADER,
        "number": "04",
        "symbol": "BB-CTĐ11",
        "place": "Sóc Trăng",
        "date": "2024-11-20",
        "ballot_title": "Suy tôn đơn vị dẫn đầu phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
        "title": "Kiểm phiếu suy tôn đơn vị dẫn đầu phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
        "location": "Hội trường Công an tỉnh Sóc Trăng",
        "time": "10 giờ 15",
        "committee": [
            {"name": "Thượng tá Phạm Văn Bình", "position": "Công an tỉnh Bến Tre", "role": "Trưởng ban"},
            {"name": "Trung tá Võ Thị Lan", "position": "Công an tỉnh Trà Vinh", "role": "Thành viên"},
            {"name": "Thiếu tá Huỳnh Văn Tâm", "position": "Công an tỉnh Đồng Tháp", "role": "Thành viên"},
        ],
        "members_total": 6,
        "present": 6,
        "issued": 6,
        "collected": 6,
        "valid": 6,
        "invalid": 0,
        "threshold_pct": 50,
        "threshold_base": "present",
        "candidates": [
            {"name": "Công an tỉnh Sóc Trăng", "votes": 5},
            {"name": "Công an tỉnh Tiền Giang", "votes": 1},
        ],
        "signer_authority": "",
        "signer_position": "TRƯỞNG BAN KIỂM PHIẾU",
        "signer_name": "Thượng tá Phạm Văn Bình",
    },
    "submission": {
        **CLUSTER_HEADER,
        "number": "08",
        "symbol": "TTr-CTĐ11",
        "place": "Sóc Trăng",
        "date": "2024-11-25",
        "recipient": "Hội đồng Thi đua – Khen thưởng Bộ Công an",
        "title": "Đề nghị tặng Cờ thi đua của Chính phủ, Cờ thi đua của Bộ Công an năm 2024",
        "bases": [
            "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;",
            "Kết quả bình xét, suy tôn tại Hội nghị tổng kết Cụm thi đua số 11 năm 2024.",
        ],
        "summary": [
            "Năm 2024, các đơn vị trong Cụm thi đua số 11 đã triển khai sâu rộng phong trào thi đua “Vì an ninh "
            "Tổ quốc”, hoàn thành toàn diện các chỉ tiêu đã đăng ký."
        ],
        "proposals": [
            {"name": "Công an tỉnh Sóc Trăng", "form": "Cờ thi đua của Chính phủ"},
            {"name": "Công an tỉnh Tiền Giang", "form": "Cờ thi đua của Bộ Công an"},
        ],
        "request": "Kính đề nghị Hội đồng Thi đua – Khen thưởng Bộ Công an xem xét, trình cấp có thẩm quyền khen thưởng.",
        "recipients": ["Như trên;", "Lưu: VT."],
    },
    "proposal_list": {
        **CLUSTER_HEADER,
        "number": "",
        "symbol": "",
        "place": "Sóc Trăng",
        "date": "2024-11-25",
        "title": "Tập thể đề nghị tặng danh hiệu thi đua năm 2024 của Cụm thi đua số 11",
        "attached_to": "Kèm theo Tờ trình số 08/TTr-CTĐ11 ngày 25/11/2024 của Cụm thi đua số 11",
        "rows": [
            {
                "name": "Công an tỉnh Sóc Trăng",
                "unit": "Bộ Công an",
                "form": "Cờ thi đua của Chính phủ",
                "achievement": "Đơn vị dẫn đầu phong trào thi đua Cụm thi đua số 11 năm 2024",
                "votes": "5/6 (83,33%)",
            },
            {
                "name": "Công an tỉnh Tiền Giang",
                "unit": "Bộ Công an",
                "form": "Cờ thi đua của Bộ Công an",
                "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
                "votes": "6/6 (100%)",
            },
        ],
    },
    "decision": {
        "issuer_parent": "",
        "issuer": "BỘ CÔNG AN",
        "number": "1234",
        "symbol": "QĐ-BCA",
        "place": "Hà Nội",
        "date": "2025-01-15",
        "authority": "BỘ TRƯỞNG BỘ CÔNG AN",
        "title": "Về việc tặng Cờ thi đua của Bộ Công an",
        "bases": [
            "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
            "một số điều của Luật Thi đua, khen thưởng;",
            "Xét đề nghị của Hội đồng Thi đua – Khen thưởng Bộ Công an.",
        ],
        "awards": [
            {
                "name": "Công an tỉnh Tiền Giang",
                "form": "Cờ thi đua của Bộ Công an",
                "reason": "Đã hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
            }
        ],
        "public_id": DEMO_PUBLIC_ID,
        "signer_authority": "KT. BỘ TRƯỞNG",
        "signer_position": "THỨ TRƯỞNG",
        "signer_name": "Thượng tướng Nguyễn Văn Sơn",
        "recipients": ["Như Điều 3;", "Lưu: VT, X15."],
    },
    "certificate": {
        "form_name": "BẰNG KHEN",
        "authority": "BỘ TRƯỞNG BỘ CÔNG AN",
        "recipient": "Công an tỉnh Tiền Giang",
        "recipient_unit": "",
        "reason": "Đã có thành tích xuất sắc trong phong trào thi đua “Vì an ninh Tổ quốc” năm 2024",
        "place": "Hà Nội",
        "date": "2025-01-15",
        "decision_number": "1234/QĐ-BCA",
        "decision_date": "2025-01-15",
        "book_number": "BK-2025-0001",
        "public_id": DEMO_PUBLIC_ID,
        "signer_authority": "KT. BỘ TRƯỞNG",
        "signer_position": "THỨ TRƯỞNG",
        "signer_name": "Thượng tướng Nguyễn Văn Sơn",
    },
    "press_release": {
        "headline": "Cụm thi đua số 11 sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024",
        "lead": "Ngày 16/7, tại Công an tỉnh Tiền Giang, Cụm thi đua số 11 Bộ Công an tổ chức Hội nghị sơ kết "
        "phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2024.",
        "paragraphs": [
            "Cụm thi đua số 11 gồm Công an các tỉnh: Tiền Giang, Bến Tre, Vĩnh Long, Đồng Tháp, Trà Vinh và Sóc Trăng, "
            "do Công an tỉnh Sóc Trăng làm Cụm trưởng, Công an tỉnh Tiền Giang là đơn vị Cụm phó.",
        ],
        "byline": "Tổ biên tập",
    },
}
DEMO_CONTEXTS["certificate_overlay"] = copy.deepcopy(DEMO_CONTEXTS["certificate"])


def kind_get(code: str) -> Kind | None:
    return KINDS.get(code)


def demo_context(code: str) -> dict:
    return copy.deepcopy(DEMO[code])


def minimal_context(code: str) -> dict:
    """The required keys only, lists one element long: the least a paper can say."""
    context = {key: copy.deepcopy(DEMO[code][key]) for key in KINDS[code].required}
    return {key: value[:1] if isinstance(value, list) and value else value for key, value in context.items()}


def missing_keys(code: str, context: dict) -> list[str]:
    """Required keys absent or empty in `context` (0 counts as present: "invalid": 0)."""
    return [key for key in KINDS[code].required if context.get(key) in (None, "", [], {})]


# What each required field is, in the officer's words (the template gallery shows these, not the keys)
FIELD_LABELS: "dict[str, StrOrPromise]" = {
    "authority": _("Cấp có thẩm quyền"),
    "awards": _("Danh sách khen thưởng"),
    "ballot_title": _("Nội dung bỏ phiếu"),
    "bases": _("Căn cứ"),
    "candidates": _("Danh sách đề nghị"),
    "cluster_name": _("Tên cụm thi đua"),
    "collected": _("Số phiếu thu về"),
    "conference_title": _("Tên hội nghị"),
    "criteria": _("Tiêu chí, thang điểm"),
    "date": _("Ngày ban hành"),
    "form_name": _("Hình thức khen thưởng"),
    "headline": _("Trích yếu"),
    "invalid": _("Số phiếu không hợp lệ"),
    "issued": _("Số phiếu phát ra"),
    "issuer": _("Cơ quan ban hành"),
    "lead": _("Đoạn mở đầu"),
    "location": _("Địa điểm"),
    "members": _("Đơn vị thành viên"),
    "members_total": _("Tổng số đơn vị"),
    "paragraphs": _("Nội dung"),
    "period_label": _("Kỳ thi đua"),
    "place": _("Địa danh"),
    "present": _("Số đại biểu có mặt"),
    "proposals": _("Nội dung đề nghị"),
    "public_id": _("Mã tra cứu công khai (mã QR)"),
    "reason": _("Lý do"),
    "recipient": _("Nơi nhận"),
    "report_type": _("Loại báo cáo"),
    "rows": _("Bảng số liệu"),
    "title": _("Tên văn bản"),
    "valid": _("Số phiếu hợp lệ"),
    "year": _("Năm"),
}


def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key.replace("_", " ")))
