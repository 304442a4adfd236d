"""Issue 13.2 / 15.11: every number and date input of every form holds a value the browser parses.

`<input type="number">` reads only a dot decimal and `<input type="date">` only an ISO date; any
other value shows an empty box and the next save sends a blank. A text date input must at least
read back through its own field. Hand-written inputs in templates must go through `|input_value`.
"""

import copy
import datetime
import importlib
import inspect
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from thidua.core.widgets import DateInput, NumberInput, input_value

SAMPLE_DATE = datetime.date(2025, 1, 31)
DOT_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
VALUE = re.compile(r'\bvalue="([^"]*)"')
TYPE = re.compile(r'\btype="([^"]*)"')


def _project_forms() -> list[type[forms.Form | forms.ModelForm]]:
    found: list[type[forms.Form | forms.ModelForm]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        found += [
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.Form | forms.ModelForm) and cls.__module__ == module.__name__
        ]
    return found


def _sample(field: forms.Field):
    if isinstance(field, forms.DecimalField):
        return Decimal("1234.50")
    if isinstance(field, forms.FloatField):
        return 1234.5
    if isinstance(field, forms.IntegerField):
        return 2025
    if isinstance(field, forms.DateField):
        return SAMPLE_DATE
    return None


def _assert_renders_readable(name: str, field: forms.Field, sample) -> None:
    holder = type("Holder", (forms.Form,), {name: copy.deepcopy(field)})
    html = str(holder(initial={name: sample})[name])
    kind_match, value_match = TYPE.search(html), VALUE.search(html)
    kind = kind_match.group(1) if kind_match else "text"
    assert value_match, html
    value = value_match.group(1)
    if kind == "number":
        assert DOT_DECIMAL.match(value), f"{name}: {value!r} in {html}"
        assert Decimal(value) == Decimal(str(sample))
    elif kind == "date":
        assert value == sample.isoformat(), f"{name}: {value!r} in {html}"
    else:  # a text input must read back through its own field
        assert field.clean(value) == sample, f"{name}: {value!r} in {html}"


def test_the_project_forms_are_found():
    names = {cls.__name__ for cls in _project_forms()}
    assert {"ReportForm", "TargetForm", "DecisionForm", "PublishForm", "ConferenceForm"} <= names


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_number_and_date_field_of_every_form_renders_a_value_the_browser_reads(language):
    checked = 0
    with translation.override(language):
        for cls in _project_forms():
            for name, field in cls.base_fields.items():
                sample = _sample(field)
                if sample is not None:
                    _assert_renders_readable(f"{cls.__name__}.{name}", field, sample)
                    checked += 1
    assert checked >= 40


@pytest.mark.parametrize("language", ["vi", "en"])
def test_fields_added_at_runtime_render_readable_values(language):
    from thidua.awards.forms import CouncilVoteForm
    from thidua.emulation.forms import ReportForm
    from thidua.voting.forms import PaperTotalsForm

    target = SimpleNamespace(pk=7, indicator="Số vụ án")
    candidate = SimpleNamespace(
        pk=3, recipient_name="Công an tỉnh Sóc Trăng", award_type=SimpleNamespace(display_name="Cờ")
    )
    with translation.override(language):
        report = ReportForm(targets=[target], initial={"value_7": Decimal("110.00")})
        assert 'value="110.00"' in str(report["value_7"]) and 'type="number"' in str(report["value_7"])
        votes = CouncilVoteForm(candidates=[candidate], initial={"votes_3": 12, "voted_on": SAMPLE_DATE})
        assert 'value="12"' in str(votes["votes_3"])
        assert 'value="2025-01-31"' in str(votes["voted_on"]) and 'type="date"' in str(votes["voted_on"])
        paper = PaperTotalsForm(cells=[(5, "yes", "Đồng ý")], initial={"n_5_yes": 1200})
        assert 'value="1200"' in str(paper["n_5_yes"])


def test_a_bound_form_shows_back_what_the_user_typed():
    class Sample(forms.Form):
        points = forms.DecimalField(widget=NumberInput())
        day = forms.DateField(widget=DateInput())

    form = Sample({"points": "12.5", "day": "2025-02-30"})
    assert not form.is_valid()
    assert 'value="12.5"' in str(form["points"]) and 'value="2025-02-30"' in str(form["day"])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (Decimal("110.00"), "110.00"),
        (Decimal("1E+2"), "100"),
        (Decimal("469204.8"), "469204.8"),
        (2025, "2025"),
        (SAMPLE_DATE, "2025-01-31"),
        ("110.5", "110.5"),
    ],
)
def test_input_value_is_never_localised(value, text):
    with translation.override("vi"):
        assert input_value(value) == text
        assert Template("{% load thidua %}{{ v|input_value }}").render(Context({"v": value})) == text


NUMERIC_TYPES = ("number", "date", "datetime-local", "range")
NUMERIC_ATTRIBUTES = ("value", "min", "max", "step")
_ATTRIBUTE = re.compile(r'\b(value|min|max|step|type)="((?:\{\{.*?\}\}|\{%.*?%\}|[^"{]|\{(?![{%]))*)"', re.S)


def _input_tags(text: str) -> list[str]:
    """Every `<input …>` of a template, read past the `>` inside `{% … %}` and `{{ … }}`."""
    tags, start = [], text.find("<input")
    while start >= 0:
        end = start
        while end < len(text) and text[end] != ">":
            if text.startswith(("{%", "{{"), end):
                close = text.find("%}" if text[end + 1] == "%" else "}}", end)
                end = close + 2 if close >= 0 else len(text)
                continue
            end += 1
        tags.append(text[start : end + 1])
        start = text.find("<input", end)
    return tags


def localised_inputs(text: str) -> list[str]:
    """Number/date inputs whose value, min, max or step print a variable without `|input_value`.

    Catches `value="{{ x }}"`, a variable inside `{% if %}` branches of the value, and min/max/step
    (`max="{{ line.max_points }}"` printed "20,00", which the browser drops): Django localises any
    Decimal or date printed in a template.
    """
    offenders = []
    for tag in _input_tags(text):
        attributes: dict[str, list[str]] = {}
        for name, raw in _ATTRIBUTE.findall(tag):
            attributes.setdefault(name, []).append(raw)
        kinds = " ".join(attributes.get("type", []))
        if not any(kind in kinds for kind in NUMERIC_TYPES):
            continue
        for name in NUMERIC_ATTRIBUTES:
            for raw in attributes.get(name, []):
                for expression in re.findall(r"\{\{(.*?)\}\}", raw, re.S):
                    if not expression.strip().endswith("|input_value"):
                        offenders.append(f"{name}={{{{{expression.strip()}}}}} in {tag}")
    return offenders


@pytest.mark.parametrize(
    "template",
    [
        '<input type="number" name="n" value="{{ x }}">',
        '<input type="number" max="{{ line.max_points }}" value="{{ x|input_value }}">',
        '<input type="number" step="{{ step|floatformat }}" name="n">',
        '<input type="date" aria-label="{% if a %}A{% endif %}" value="{% if e %}{{ typed }}{% else %}{{ d|input_value }}{% endif %}">',
        '<input\n  type="{% if whole %}number{% else %}text{% endif %}"\n  value="{{ x }}">',
    ],
)
def test_the_template_check_catches_a_localised_number_or_date(template):
    assert localised_inputs(template) != []


@pytest.mark.parametrize(
    "template",
    [
        '<input type="number" name="n" value="{{ x|input_value }}" max="{{ m|input_value }}" min="0">',
        '<input type="text" name="q" value="{{ query }}">',
        '<input type="{% if one %}radio{% else %}checkbox{% endif %}" value="{{ o.pk }}">',
        '<input type="date" value="{% if e %}{{ typed|input_value }}{% endif %}">',
    ],
)
def test_the_template_check_passes_readable_inputs(template):
    assert localised_inputs(template) == []


def test_hand_written_number_and_date_inputs_in_templates_use_input_value():
    """Every hand-written number/date input of every template prints its numbers with `|input_value`."""
    offenders, checked = [], 0
    root = Path(__file__).resolve().parents[2]
    for path in root.glob("*/templates/**/*.html"):
        text = path.read_text()
        checked += sum(any(f'type="{kind}"' in tag for kind in NUMERIC_TYPES) for tag in _input_tags(text))
        offenders += [f"{path.relative_to(root)}: {offence}" for offence in localised_inputs(text)]
    assert checked >= 15
    assert offenders == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_paper_ballot_totals_are_form_inputs_holding_plain_integers(language):
    """The paper totals of the voting page (15.11): rendered from the form, so a count reads back."""
    from thidua.voting.forms import PaperTotalsForm

    with translation.override(language):
        form = PaperTotalsForm(cells=[(5, "excellent", "Công an tỉnh A — Xuất sắc")])
        ((label, field),) = form.cell_fields()
        html = str(field)
        assert label == "Công an tỉnh A — Xuất sắc"
        assert 'type="number"' in html and 'value="0"' in html and 'min="0"' in html
        bound = PaperTotalsForm(
            {"collected": "1200", "invalid": "0", "n_5_excellent": "-1"}, cells=form.cells
        )
        assert not bound.is_valid()
        assert 'value="-1"' in str(bound.cell_fields()[0][1])  # what was typed is shown back with its error
