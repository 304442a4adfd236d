"""Issue 13.2: a saved report's numbers survive reload → save (the input holds a dot decimal)."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from thidua.emulation import services
from thidua.emulation.models import PeriodReport, ReportValue

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser would send back from #report-form: each named input/textarea's value.

    A `type=number` input whose value is not a plain dot decimal is sent blank, as Chromium does.
    """

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.numbers: dict[str, str] = {}
        self._inside = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "report-form":
            self._inside = True
        elif self._inside and tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            value = attrs.get("value") or ""
            if attrs.get("type") == "number":
                self.numbers[attrs["name"]] = value
                try:
                    float(value) if value else None
                    if "," in value:
                        raise ValueError
                except ValueError:
                    value = ""
            self.data[attrs["name"]] = value
        elif self._inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False


def _read_form(client, url):
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return parser


def test_saved_decimal_values_are_written_as_dot_decimals_and_survive_a_second_save(
    client, users, term, provinces, registration, periods
):
    """Given a report saved with 110,50 and 81, when the officer reloads and saves the page unchanged,
    then the inputs hold "110.50"/"81.00", the values stay and no history row records a change."""
    client.force_login(users["officer"])
    targets = list(registration.targets.order_by("order"))
    page = reverse("emulation:report", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    save = reverse("emulation:report_save", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    assert (
        client.post(
            save, {f"value_{targets[0].pk}": "110.5", f"value_{targets[1].pk}": "81", "version": "1"}
        ).status_code
        == 302
    )
    history_before = ReportValue.history.count()

    form = _read_form(client, page)
    assert form.numbers[f"value_{targets[0].pk}"] == "110.50"
    assert form.numbers[f"value_{targets[1].pk}"] == "81.00"
    assert client.post(save, form.data).status_code == 302

    values = dict(ReportValue.objects.values_list("target_id", "actual_value"))
    assert values == {targets[0].pk: Decimal("110.50"), targets[1].pk: Decimal("81.00")}
    assert ReportValue.history.count() == history_before  # nothing deleted, nothing rewritten


def test_a_report_returned_for_correction_keeps_its_values_in_the_inputs(
    client, users, term, provinces, registration, periods
):
    """Given a submitted report returned by the unit leader, the officer's form still shows every value."""
    targets = list(registration.targets.order_by("order"))
    report = services.report_open(actor=users["officer"], term=term, unit=provinces[1], period=periods["q1"])
    services.report_save(
        actor=users["officer"],
        report=report,
        values={
            targets[0].pk: Decimal("469204.80"),
            targets[1].pk: Decimal("0.25"),
            targets[2].pk: Decimal("3"),
        },
    )
    services.report_submit(actor=users["officer"], report=report)
    services.report_return(actor=users["unit_leader"], report=report, reason="Bổ sung số liệu")
    client.force_login(users["officer"])
    page = reverse("emulation:report", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    form = _read_form(client, page)
    assert [form.numbers[f"value_{t.pk}"] for t in targets] == ["469204.80", "0.25", "3.00"]
    save = reverse("emulation:report_save", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    assert client.post(save, form.data).status_code == 302
    assert ReportValue.objects.filter(report=report).count() == 3
    assert PeriodReport.objects.get(pk=report.pk).values.get(target=targets[0]).actual_value == Decimal(
        "469204.80"
    )
