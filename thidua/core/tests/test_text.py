"""core.text: names stored NFC, identity keeps tone marks (name_key), search folds them (fold)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.errors import ValidationFailed
from thidua.core.text import bad_code_character, clean_code, fold, name_key, nfc

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # none, huyền, sắc, ngã, hỏi, nặng
syllable = st.builds(
    lambda start, vowel, tone, end: unicodedata.normalize("NFC", start + vowel + tone + end),
    st.sampled_from(["", "h", "ng", "th", "tr", "đ", "nh", "kh", "l", "b"]),
    st.sampled_from(list(VOWELS)),
    st.sampled_from(TONES),
    st.sampled_from(["", "ng", "n", "m", "c", "t", "nh"]),
)
names = st.lists(syllable, min_size=1, max_size=4).map(" ".join)


def test_tone_marks_distinguish_people():
    keys = {name_key(n) for n in ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Nguyễn Văn Hứng", "Nguyễn Văn Hung"]}
    assert len(keys) == 4
    assert len({fold(k) for k in keys}) == 1, "the search form still finds all four"


@given(names)
def test_name_key_ignores_case_spacing_and_normal_form(name):
    spelled = unicodedata.normalize("NFD", name.upper()).replace(" ", "  ")
    assert name_key(spelled) == name_key(name)
    assert unicodedata.is_normalized("NFC", name_key(spelled))
    assert fold(name_key(name)) == fold(name)


@given(names, st.integers(min_value=0, max_value=20), st.sampled_from(TONES), st.sampled_from(TONES))
def test_a_different_tone_is_a_different_name(name, position, tone_a, tone_b):
    base = unicodedata.normalize("NFD", name)
    vowels = [
        i for i, ch in enumerate(base) if ch in VOWELS and not (i + 1 < len(base) and base[i + 1] in TONES)
    ]
    if not vowels or tone_a == tone_b:
        return
    index = vowels[position % len(vowels)]
    one = unicodedata.normalize("NFC", base[: index + 1] + tone_a + base[index + 1 :])
    other = unicodedata.normalize("NFC", base[: index + 1] + tone_b + base[index + 1 :])
    assert name_key(one) != name_key(other)
    assert fold(one) == fold(other)


@given(st.text())
def test_nfc_is_idempotent_and_normal(text):
    once = nfc(text)
    assert nfc(once) == once and unicodedata.is_normalized("NFC", once)


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\x00", "\x1b", "\u202e"]
)
def test_codes_with_invisible_or_control_characters_are_refused(char):
    assert bad_code_character(f"CA{char}01") == char
    with pytest.raises(ValidationFailed, match="ký tự ẩn") as raised:
        clean_code(f"CA{char}01")
    assert raised.value.status == 422 and f"U+{ord(char):04X}" in str(raised.value)


def test_clean_code_stores_nfc():
    assert clean_code(unicodedata.normalize("NFD", " 15/QĐ-CAT ")) == "15/QĐ-CAT"
