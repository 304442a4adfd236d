"""Dates known to the day, the month or only the year (issue 16.3): parse, show, match, sort."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.dates import (
    DatePrecision,
    KnownDate,
    KnownDateFormField,
    within_bounds,
)

days = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))
precisions = st.sampled_from(DatePrecision.values)
known_dates = st.builds(KnownDate, days, precisions)


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("15/11/2017", datetime.date(2017, 11, 15), "day"),
        ("5/1/2017", datetime.date(2017, 1, 5), "day"),
        ("15-11-2017", datetime.date(2017, 11, 15), "day"),
        ("2017-11-15", datetime.date(2017, 11, 15), "day"),
        ("ngày 15/11/2017", datetime.date(2017, 11, 15), "day"),
        ("11/2017", datetime.date(2017, 11, 1), "month"),
        ("tháng 11/2017", datetime.date(2017, 11, 1), "month"),
        ("2017-11", datetime.date(2017, 11, 1), "month"),
        ("2017", datetime.date(2017, 1, 1), "year"),
        ("  Năm 2019 ", datetime.date(2019, 1, 1), "year"),
    ],
)
def test_the_papers_date_forms_are_read_with_their_precision(text, start, precision):
    known = KnownDate.parse(text)
    assert (known.start, known.precision) == (start, precision)


@pytest.mark.parametrize(
    "text",
    ["", "31/02/2017", "13/2017", "0/2017", "1899", "2201", "17", "2017-1-5x", "2017\x00", "=1+1", "9" * 500],
)
def test_impossible_or_hostile_dates_are_refused_in_vietnamese(text):
    with pytest.raises(ValueError, match=r"Ngày|Năm"):
        KnownDate.parse(text)


def test_a_date_known_to_the_year_is_never_shown_as_a_day():
    known = KnownDate.parse("2019")
    assert str(known) == "năm 2019" and known.short() == "2019" and known.iso() == "2019"
    assert "01/01" not in str(known)
    month = KnownDate.parse("11/2017")
    assert str(month) == "tháng 11/2017" and month.iso() == "2017-11"
    assert str(KnownDate.parse("15/11/2017")) == "ngày 15/11/2017"


def test_the_template_filter_shows_only_the_known_part():
    template = Template("{% load thidua %}{{ d|known_date:p }}|{{ d|known_date_short:p }}")
    day = datetime.date(2019, 1, 1)
    assert template.render(Context({"d": day, "p": "year"})) == "năm 2019|2019"
    assert template.render(Context({"d": day, "p": "day"})) == "ngày 01/01/2019|01/01/2019"
    assert template.render(Context({"d": None, "p": "day"})) == "|"


@given(known_dates)
def test_every_known_date_reads_back_from_its_iso_and_its_short_form(known):
    assert KnownDate.parse(known.iso()) == known
    assert KnownDate.parse(known.short()) == known
    assert KnownDate.parse(str(known)) == known


@given(days, precisions)
def test_the_stored_start_is_the_first_day_of_the_known_span(day, precision):
    known = KnownDate(day, precision)
    assert known.start <= day <= known.end
    assert KnownDate(known.end, precision) == known  # the last day is in the same span
    if precision != "day":
        assert known.start.day == 1


@given(known_dates, days, days)
def test_the_sql_bounds_of_period_matching_agree_with_the_span_rule(known, first, second):
    start, end = min(first, second), max(first, second)
    bounds = within_bounds(start, end, known.precision)
    in_bounds = bounds is not None and bounds[0] <= known.start <= bounds[1]
    assert in_bounds == known.within(start, end)


def test_a_date_known_to_the_year_matches_the_year_not_its_first_quarter():
    known = KnownDate.parse("năm 2019")
    assert known.within(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    assert not known.within(datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
    assert KnownDate.parse("2/2019").within(datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))


def test_sorting_uses_the_known_part():
    values = [KnownDate.parse(t) for t in ["15/11/2019", "2019", "11/2019", "1/1/2019", "2018"]]
    ordered = [k.iso() for k in sorted(values, key=KnownDate.sort_key)]
    assert ordered == ["2018", "2019-01-01", "2019", "2019-11", "2019-11-15"]


def test_the_form_field_reads_the_papers_forms_and_renders_iso():
    class Sample(forms.Form):
        day = KnownDateFormField()

    bound = Sample({"day": "tháng 11/2017"})
    assert bound.is_valid() and bound.cleaned_data["day"] == KnownDate(datetime.date(2017, 11, 1), "month")
    shown = str(Sample(initial={"day": KnownDate.parse("2017")})["day"])
    assert 'value="2017"' in shown and 'type="text"' in shown
    refused = Sample({"day": "30/02/2017"})
    assert not refused.is_valid() and "không có thật" in refused.errors["day"][0]
    assert 'value="30/02/2017"' in str(refused["day"])  # what the user typed comes back with its error
