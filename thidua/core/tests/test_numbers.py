"""Issue 15.11: numbers shown (not typed) use Vietnamese separators — one filter, `|number`."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from thidua.core.text import number


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (144000, "-2", "144.000"),
        (Decimal("469204.80"), "-2", "469.204,80"),
        (Decimal("469204.8"), "-2", "469.204,80"),
        (Decimal("110.00"), "-2", "110"),
        (Decimal("0.25"), "-2", "0,25"),
        (Decimal("-1234.5"), "-2", "-1.234,50"),
        (66.666, "1", "66,7"),
        (None, "-2", ""),
        ("", "-2", ""),
    ],
)
def test_number_uses_a_dot_for_thousands_and_a_comma_for_decimals(value, places, text):
    with translation.override("vi"):
        assert number(value, places) == text
        template = Template('{% load thidua %}{{ v|number:p|default:"—" }}')
        assert template.render(Context({"v": value, "p": places})) == (text or "—")


def test_templates_show_numbers_through_the_one_filter():
    """floatformat without grouping would show 144000 (no separator): templates use |number."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(p.relative_to(root)) for p in root.glob("*/templates/**/*.html") if "floatformat" in p.read_text()
    ]
    assert offenders == []


@pytest.mark.django_db
def test_registration_and_report_pages_show_vietnamese_separators(client, users, term, provinces, ministry):
    from thidua.emulation import services
    from thidua.emulation.tests.factories import make_covenant, make_periods, make_registration

    registration = make_registration(term, provinces[1], make_covenant(term))
    target = registration.targets.order_by("order").first()
    assert target is not None
    target.target_value = Decimal("144000")
    target.save()
    period = make_periods(ministry, 2024)["q1"]
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=period)
    services.report_save(actor=users["officer"], report=report, values={target.pk: Decimal("469204.80")})
    client.force_login(users["viewer"])
    page = client.get(reverse("emulation:registration", args=[term.pk, provinces[1].pk])).content.decode()
    assert "144.000" in page and ">144000<" not in page
    page = client.get(
        reverse("emulation:report", args=[term.pk, provinces[1].pk, period.pk])
    ).content.decode()
    assert "469.204,80" in page and "144.000" in page
