"""Vietnamese wording helpers: Decree 30 dates, numbers in words, comma decimals."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.documents import wording

VOCABULARY = {
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "mốt",
    "lăm", "linh", "trăm", "nghìn", "triệu", "tỷ", "âm",
}  # fmt: skip


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 7, 16), "ngày 16 tháng 7 năm 2024"),
        (datetime.date(2024, 4, 6), "ngày 06 tháng 4 năm 2024"),
        (datetime.date(2024, 2, 6), "ngày 06 tháng 02 năm 2024"),
        (datetime.date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),
        (datetime.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
        (datetime.date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_date_has_leading_zero_for_day_below_10_and_months_1_2_decree_30(day, expected):
    assert wording.date_vi(day) == expected


def test_place_date_line_reads_place_comma_date():
    assert wording.place_date_vi("Tiền Giang", "2024-07-16") == "Tiền Giang, ngày 16 tháng 7 năm 2024"


def test_date_accepts_iso_strings_and_datetimes():
    assert wording.date_vi("2024-07-16T08:00:00+07:00") == "ngày 16 tháng 7 năm 2024"
    assert wording.date_vi(datetime.datetime(2024, 2, 3, 9, 0)) == "ngày 03 tháng 02 năm 2024"


def test_missing_date_leaves_blanks_for_handwriting():
    assert wording.date_vi(None) == "ngày … tháng … năm …"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (125, "một trăm hai mươi lăm"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1_000_005, "một triệu không trăm linh năm"),
        (2_000_000_000, "hai tỷ"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-3, "âm ba"),
    ],
)
def test_number_in_words_follows_mot_lam_linh_rules(number, words):
    assert wording.number_words(number) == words


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_number_in_words_uses_only_vietnamese_number_words(number):
    words = wording.number_words(number).split()
    assert set(words) <= VOCABULARY
    assert words[0] != "không" or number == 0


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=2, max_value=9), st.integers(min_value=0, max_value=99))
def test_final_one_after_mươi_reads_mốt_and_final_five_after_ten_reads_lăm(tens, hundreds):
    assert wording.number_words(hundreds * 100 + tens * 10 + 1).endswith("mươi mốt")
    assert wording.number_words(hundreds * 100 + tens * 10 + 5).endswith("mươi lăm")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_zero_tens_before_a_unit_reads_linh(hundreds_digit_group, unit):
    number = (hundreds_digit_group % 9 + 1) * 100 + unit
    assert wording.number_words(number).split()[2] == "linh"


def test_count_with_words_prints_figure_and_words():
    assert wording.count_with_words(6) == "06 (sáu)"
    assert wording.count_with_words(21) == "21 (hai mươi mốt)"


@pytest.mark.parametrize(
    ("value", "text"),
    [(66.6666, "66,67%"), (50, "50%"), (12.5, "12,5%"), ("83.335", "83,34%"), (0, "0%"), (100, "100%")],
)
def test_percent_uses_comma_decimals_half_up(value, text):
    assert wording.percent_vi(value) == text


def test_percent_of_share_and_zero_base():
    assert wording.percent_of(5, 6) == "83,33%"
    assert wording.percent_of(1, 0) == "0%"


def test_decimal_groups_thousands_with_dots():
    assert wording.decimal_vi(1234567.5) == "1.234.567,5"
    assert wording.decimal_vi(-2.25, 1) == "-2,3"


def test_number_symbol_leaves_space_when_number_not_yet_given():
    assert wording.number_symbol(12, "BC-CAT") == "Số: 12/BC-CAT"
    assert wording.number_symbol("", "BC-CAT").startswith("Số: ")
    assert wording.number_symbol("", "BC-CAT").endswith("/BC-CAT")


def test_join_names_uses_va_before_last():
    assert wording.join_names(["Sóc Trăng", "Tiền Giang", "Bến Tre"]) == "Sóc Trăng, Tiền Giang và Bến Tre"
