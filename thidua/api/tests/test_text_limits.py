"""Text inputs have a size limit (issue 13.14: a 4 MB narrative was accepted): every text field of every
page form and API schema has a maximum length, sensible per field, refused with a Vietnamese message."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import thidua
from thidua.core.schemas import NARRATIVE
from thidua.emulation.models import PeriodReport

pytestmark = pytest.mark.django_db
FOUR_MB = "x" * (4 * 1024 * 1024)


def _app_forms():
    for module_info in pkgutil.iter_modules(thidua.__path__):
        try:
            module = importlib.import_module(f"thidua.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_text_field_of_every_form_has_a_maximum_length():
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _app_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert not unbounded, unbounded


def test_a_4_mb_narrative_through_the_api_is_refused(client, users, term, provinces, registration, periods):
    client.force_login(users["officer"])
    url = f"/api/v1/emulation/terms/{term.pk}/units/{provinces[1].pk}/periods/{periods['q1'].pk}/report"
    response = client.put(
        url, {"version": 1, "narrative_professional": FOUR_MB}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "narrative_professional", "message": f"Tối đa {NARRATIVE} ký tự."}
    ]
    assert not PeriodReport.objects.filter(narrative_professional__startswith="xxx").exists()


def test_a_4_mb_narrative_through_the_page_is_refused(client, users, term, provinces, registration, periods):
    client.force_login(users["officer"])
    url = reverse("emulation:report_save", args=[term.pk, provinces[1].pk, periods["q1"].pk])
    response = client.post(url, {"version": "1", "narrative_emulation": FOUR_MB})
    assert response.status_code == 422
    assert "20000" in response.content.decode().replace(".", "").replace(",", "")
    assert not PeriodReport.objects.filter(narrative_emulation__startswith="xxx").exists()


def test_a_narrative_of_the_maximum_length_is_kept(client, users, term, provinces, registration, periods):
    client.force_login(users["officer"])
    url = f"/api/v1/emulation/terms/{term.pk}/units/{provinces[1].pk}/periods/{periods['q1'].pk}/report"
    text = "Đ" * NARRATIVE
    response = client.put(
        url, {"version": 1, "narrative_professional": text}, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:500]
    assert PeriodReport.objects.get().narrative_professional == text
