"""Score exports keep user text as text (issue 13.7): reasons, titles and unit names never run."""

import pytest
from django.urls import reverse

from thidua.core.tests.spreadsheets_contract import HOSTILE, HOSTILE_TEXTS, assert_text_cells
from thidua.scoring import services
from thidua.scoring.models import ScoreLine, ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(users, term, period, reports, provinces, covenant):
    services.scores_compute(actor=users["board"], term=term, period=period)
    unit = provinces[2]
    unit.name = HOSTILE
    unit.save()
    sheet = ScoreSheet.objects.get(term=term, period=period, unit=unit)
    for text in HOSTILE_TEXTS:
        services.adjustment_add(actor=users["board"], sheet=sheet, kind="bonus", points="0.5", reason=text)
    line = ScoreLine.objects.get(sheet=sheet, criterion=covenant.criteria.a2)
    services.line_assess(actor=users["board"], line=line, points="5", reason="=5-0 thiếu hồ sơ")
    covenant.criteria.a1.title = "=Kéo giảm tội phạm"
    covenant.criteria.a1.save()
    return sheet


def test_sheet_export_writes_reasons_and_titles_as_text(client, users, hostile):
    client.force_login(users["viewer"])
    response = client.get(reverse("scoring:sheet_export", args=[hostile.pk]))
    assert response.status_code == 200
    reasons = [text.strip() for text in HOSTILE_TEXTS]  # the service trims reasons
    assert_text_cells(response.content, *reasons, exact=("=5-0 thiếu hồ sơ", "=Kéo giảm tội phạm"))


def test_leaderboard_export_writes_unit_names_as_text(client, users, hostile, term, period):
    client.force_login(users["viewer"])
    response = client.get(reverse("scoring:leaderboard_export", args=[term.pk, period.pk]))
    assert response.status_code == 200
    assert_text_cells(response.content, HOSTILE)
