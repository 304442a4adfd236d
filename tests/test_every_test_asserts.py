"""A test that asserts nothing cannot fail: every test function of every test_*.py must contain an
assertion — `assert`, `pytest.raises`/`pytest.warns`/`pytest.fail`, a `self.assert*` call, Playwright's
`expect(...)`, pytest-django's `django_assert_*num_queries`, a call of a function named `assert_*`/`check_*`/`expect_*`, or a call of a helper (defined
in the same module, or imported from a module of the project) that itself asserts, directly or through
another such helper.
"""

import ast
import importlib.util
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSERTING_PREFIXES = ("assert_", "check_", "expect_")
PYTEST_ASSERTIONS = {"raises", "warns", "fail", "deprecated_call"}


def _test_files() -> list[Path]:
    files = []
    for top in ("thidua", "tests"):
        files += [p for p in (ROOT / top).rglob("test_*.py") if "migrations" not in p.parts]
    return sorted(files)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _direct_assertion(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Assert):
            return True
        if isinstance(child, ast.Call):
            func = child.func
            name = _name(func)
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if func.value.id == "pytest" and name in PYTEST_ASSERTIONS:
                    return True
                if func.value.id == "self" and name.startswith("assert"):
                    return True
            if name == "expect" or name.startswith(ASSERTING_PREFIXES) or name.startswith("django_assert_"):
                return True
    return False


def _called_names(node: ast.AST) -> set[str]:
    return {_name(c.func) for c in ast.walk(node) if isinstance(c, ast.Call)} - {""}


@cache
def _module(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _imported_helpers(tree: ast.Module, path: Path) -> dict[str, Path]:
    """Names imported `from <project module> import name` → the module's file."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or node.module is None and not node.level:
            continue
        if node.level:
            base = path.parent
            for _ in range(node.level - 1):
                base = base.parent
            target = base.joinpath(*(node.module or "").split(".")) if node.module else base
        else:
            if not node.module.startswith(("thidua", "tests")):
                continue
            spec = importlib.util.find_spec(node.module.split(".")[0])
            if spec is None or spec.origin is None:
                continue
            target = ROOT.joinpath(*node.module.split("."))
        candidate = target.with_suffix(".py") if not target.is_dir() else target / "__init__.py"
        if candidate.exists():
            for alias in node.names:
                found[alias.asname or alias.name] = candidate
    return found


@cache
def _asserting_helpers(path: Path) -> frozenset[str]:
    """Module-level functions of `path` that assert, directly or through helpers that do."""
    tree = _module(path)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    imported = _imported_helpers(tree, path)
    asserting = {name for name, fn in functions.items() if _direct_assertion(fn)}
    asserting |= {
        name for name, source in imported.items() if source != path and _imports_assert(source, name)
    }
    changed = True
    while changed:
        changed = False
        for name, fn in functions.items():
            if name not in asserting and _called_names(fn) & asserting:
                asserting.add(name)
                changed = True
    return frozenset(asserting)


_visiting: set[tuple[Path, str]] = set()


def _imports_assert(source: Path, name: str) -> bool:
    key = (source, name)
    if key in _visiting:
        return False
    _visiting.add(key)
    try:
        return name in _asserting_helpers(source)
    finally:
        _visiting.discard(key)


def _tests(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            yield node.name, node
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test"):
                    yield f"{node.name}.{item.name}", item


def offenders() -> list[str]:
    found = []
    for path in _test_files():
        tree = _module(path)
        helpers = _asserting_helpers(path)
        for name, fn in _tests(tree):
            if _direct_assertion(fn) or _called_names(fn) & helpers:
                continue
            found.append(f"{path.relative_to(ROOT)}::{name} (line {fn.lineno})")
    return found


def test_every_test_function_asserts_something():
    assert len(_test_files()) > 50
    missing = offenders()
    assert not missing, "test functions that can never fail (no assertion):\n" + "\n".join(missing)


def test_the_check_sees_a_test_without_assertion(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "def _helper():\n    assert 1\n\n"
        "def _quiet():\n    return 1\n\n"
        "def test_good():\n    _helper()\n\n"
        "def test_raises():\n    import pytest\n    with pytest.raises(ValueError):\n        int('x')\n\n"
        "def test_bad():\n    _quiet()\n"
    )
    tree = _module(sample)
    helpers = _asserting_helpers(sample)
    silent = [name for name, fn in _tests(tree) if not (_direct_assertion(fn) or _called_names(fn) & helpers)]
    assert silent == ["test_bad"]
