"""Issue 14.5: every `actor` parameter is typed and every public service is keyword-only.

The figures come from bench/structure.py (an `ast` walk of thidua/, tests and migrations left out)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _structure():
    spec = importlib.util.spec_from_file_location("bench_structure", ROOT / "bench" / "structure.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure()


def test_every_actor_parameter_is_typed():
    actors = _structure()["actors"]
    untyped = [f"{name}:{line} {function}" for name, function, line, typed in actors if not typed]
    assert len(actors) > 200, "the walk found the actor parameters"
    assert untyped == []


# Object rules still written in awards/services (positional like access.can): they move to
# awards/policy.py with the rest of issue 14.2 once the proposal pipeline (17.2) settles.
RULES_STILL_IN_SERVICES = {"can_draft", "can_approve", "can_review", "can_manage_decision"}


def test_every_public_service_is_keyword_only():
    services = _structure()["services"]
    positional = [
        f"{name}:{line} {function}"
        for name, function, line, kwonly in services
        if not kwonly and function not in RULES_STILL_IN_SERVICES
    ]
    assert len(services) > 150, "the walk found the service modules"
    assert positional == []
