"""docs/glossary.md names every model of the thidua package (issue 14.8)."""

from pathlib import Path

from django.apps import apps

GLOSSARY = Path(__file__).resolve().parents[3] / "docs" / "glossary.md"


def test_every_model_is_in_the_glossary():
    text = GLOSSARY.read_text(encoding="utf-8")
    models = [
        m.__name__
        for m in apps.get_models()
        if m.__module__.startswith("thidua.") and not m.__name__.startswith("Historical")
    ]
    assert len(models) > 60
    missing = sorted(name for name in models if f"`{name}`" not in text)
    assert missing == [], f"add these models to docs/glossary.md: {missing}"
