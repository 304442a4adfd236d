"""Registration and report templates, the criteria sheet and the progress export keep user text as
text (issue 13.7): an indicator, a note, a narrative or a criterion title never becomes a formula."""

import pytest
from django.urls import reverse

from thidua.core.tests.spreadsheets_contract import HOSTILE, HOSTILE_TEXTS, assert_text_cells
from thidua.emulation.models import Criterion, PeriodReport, ReportValue, SubmissionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(registration, periods, provinces, term):
    """Tiền Giang's targets, criteria and report carry text that looks like formulas."""
    targets = list(registration.targets.all())
    for target, text in zip(targets, HOSTILE_TEXTS, strict=False):
        target.indicator, target.note = text, text
        target.save()
    criterion = Criterion.objects.filter(group__covenant__term=term).first()
    assert criterion is not None
    criterion.title = "@Tiêu chí " + HOSTILE
    criterion.save()
    report = PeriodReport.objects.create(
        term=term,
        unit=provinces[1],
        period=periods["q1"],
        status=SubmissionStatus.ACCEPTED,
        narrative_professional=HOSTILE,
        narrative_emulation="-Phong trào",
    )
    for target in targets:
        ReportValue.objects.create(report=report, target=target, actual_value=5, note="+ghi chú " + HOSTILE)
    return {"targets": targets, "criterion": criterion, "report": report}


def test_registration_template_and_criteria_sheet_write_text_as_text(client, users, term, provinces, hostile):
    client.force_login(users["officer"])
    response = client.get(reverse("emulation:registration_template", args=[term.pk, provinces[1].pk]))
    assert response.status_code == 200
    assert_text_cells(response.content, *HOSTILE_TEXTS[:3], hostile["criterion"].title)


def test_report_template_writes_notes_and_narratives_as_text(
    client, users, term, provinces, periods, hostile
):
    client.force_login(users["officer"])
    url = reverse("emulation:report_template", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert_text_cells(response.content, *HOSTILE_TEXTS[:3], "+ghi chú " + HOSTILE, "-Phong trào")


def test_progress_export_writes_indicators_and_unit_names_as_text(
    client, users, term, provinces, periods, hostile
):
    unit = provinces[1]
    unit.name = "=" + unit.name
    unit.save()
    client.force_login(users["board"])
    response = client.get(
        reverse("emulation:progress_export", args=[term.pk]) + f"?period={periods['q1'].pk}"
    )
    assert response.status_code == 200
    assert_text_cells(response.content, exact=(unit.name, HOSTILE))
