"""Mapping the capabilities' context dicts onto the paper keys."""

import datetime
from types import SimpleNamespace

import pytest

from thidua.documents import adapters
from thidua.documents.adapters import awards, common
from thidua.documents.errors import BallotNotTallied, CertificateRevoked


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Phong trào thi đua “Vì an ninh Tổ quốc” năm 2024", "Vì an ninh Tổ quốc"),
        ("Vì an ninh Tổ quốc", "Vì an ninh Tổ quốc"),
        ("", "Vì an ninh Tổ quốc"),
    ],
)
def test_movement_name_is_the_quoted_slogan(text, name):
    assert adapters.movement_name(text) == name


@pytest.mark.parametrize(
    ("kind", "number", "expected"),
    [
        ("half_year", 1, ("sơ kết", "6 tháng đầu năm 2024")),
        ("nine_months", 1, ("sơ kết", "9 tháng năm 2024")),
        ("year", 1, ("tổng kết", "năm 2024")),
        ("quarter", 1, ("sơ kết", "quý 1 năm 2024")),
    ],
)
def test_period_kinds_map_to_report_type_and_label(kind, number, expected):
    assert adapters.period_label(SimpleNamespace(kind=kind, year=2024, number=number)) == expected


def test_deputy_signs_for_the_head_kt():
    assert common.signer_lines("Thứ trưởng", "Bộ trưởng Bộ Công an") == ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")
    assert common.signer_lines("Phó Giám đốc", "Giám đốc Công an tỉnh") == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert common.signer_lines("Bộ trưởng", "Bộ trưởng Bộ Công an") == ("", "BỘ TRƯỞNG")


def test_decision_number_splits_into_number_and_symbol():
    assert awards.split_number("1234/QĐ-BCA") == ("1234", "QĐ-BCA")
    assert awards.split_number("1234") == ("1234", "")


def test_ballot_minutes_use_the_tally_rows_and_committee():
    data = {
        "title": "Suy tôn đơn vị dẫn đầu",
        "cluster": {"name": "Cụm thi đua số 11"},
        "conference": {"date": datetime.date(2024, 11, 20)},
        "members": 6, "present_units": 6, "issued": 6, "collected": 6, "valid": 5, "invalid": 1,
        "results": [{"label": "Công an tỉnh Sóc Trăng", "support": 5, "base": 5, "percent": "100 %", "is_winner": True}],
        "committee": ["Trung tá Võ Thị Lan"],
        "committee_chair": "Thượng tá Phạm Văn Bình",
    }  # fmt: skip
    context = adapters.ballot(data, SimpleNamespace(), {}, lambda unit: "")
    assert context["candidates"] == [
        {"name": "Công an tỉnh Sóc Trăng", "votes": 5, "percent_text": "100 %", "passed": True}
    ]
    assert context["base"] == 5 and context["invalid"] == 1
    assert [(m["name"], m["role"]) for m in context["committee"]] == [
        ("Thượng tá Phạm Văn Bình", "Trưởng ban"),  # the count committee's chair is named, first (15.9)
        ("Trung tá Võ Thị Lan", "Thành viên"),
    ]
    assert context["signer_name"] == "Thượng tá Phạm Văn Bình"


def test_ballot_without_results_is_not_tallied():
    with pytest.raises(BallotNotTallied):
        adapters.ballot({"results": []}, SimpleNamespace(), {}, lambda unit: "")


def test_certificate_reads_form_from_award_title_and_refuses_revoked():
    data = {
        "authority": "Giám đốc Công an tỉnh",
        "number": "12/QĐ-CAT",
        "date": datetime.date(2024, 12, 20),
        "recipients": [{"name": "Nguyễn Văn A", "rank": "Đại úy", "position": "Đội trưởng", "unit": "Phòng CSGT",
                        "kind": "Cá nhân", "title": "Giấy khen của Giám đốc Công an tỉnh (cá nhân)",
                        "achievement": "thành tích xuất sắc trong đợt cao điểm"}],
        "public_url": "https://x.example/cong-khai/khen-thuong/1/",
    }  # fmt: skip
    context = adapters.certificate(data, SimpleNamespace(public_id="1", decision=None), {}, lambda unit: "")
    assert context["form_name"] == "GIẤY KHEN" and context["recipient"] == "Đại úy Nguyễn Văn A"
    assert context["recipient_unit"] == "Đội trưởng, Phòng CSGT"
    assert context["reason"] == "Đã có thành tích xuất sắc trong đợt cao điểm"
    with pytest.raises(CertificateRevoked):
        adapters.certificate(
            data | {"revoked": True}, SimpleNamespace(public_id="1", decision=None), {}, lambda unit: ""
        )


@pytest.mark.parametrize(
    ("text", "recipient", "line"),
    [
        (
            "Hoàn thành xuất sắc nhiệm vụ năm 2024",
            "",
            "Đã có thành tích hoàn thành xuất sắc nhiệm vụ năm 2024",
        ),
        (
            "Nguyễn Văn Hùng: ba năm liên tục CSTĐCS",
            "Nguyễn Văn Hùng",
            "Đã có thành tích ba năm liên tục CSTĐCS",
        ),
        ("thành tích xuất sắc", "", "Đã có thành tích xuất sắc"),
        ("Đã có thành tích xuất sắc", "", "Đã có thành tích xuất sắc"),
    ],
)
def test_certificate_reason_reads_da_co_thanh_tich(text, recipient, line):
    assert common.certificate_reason(text, recipient) == line


def test_a_title_award_is_certified_with_its_name():
    data = {
        "authority": "Bộ trưởng Bộ Công an",
        "year": 2024,
        "recipients": [
            {"name": "Trần Văn B", "kind": "Cá nhân", "unit": "Phòng CSGT", "title": "Chiến sĩ thi đua cơ sở"}
        ],
    }
    context = adapters.certificate(data, SimpleNamespace(public_id="1", decision=None), {}, lambda unit: "")
    assert context["form_name"] == "GIẤY CHỨNG NHẬN"
    assert context["award_title"] == "Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2024"
