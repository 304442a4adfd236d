"""Structure figures of issue 14, read from the source with `ast` (no Django needed).

- `actor_typed`/`actor_params`: parameters named `actor` (outside tests and migrations) that carry
  an annotation;
- `services_kwonly`/`services`: public functions (no leading underscore) defined at module level in
  `thidua/<app>/services.py` or `thidua/<app>/services/*.py` whose parameters are all keyword-only;
- `longest_module`: the longest module outside tests and migrations (lines);
- `long_functions`: functions over 80 lines outside tests and migrations (`--list` prints them).

Last line: BENCH structure actor_typed=… actor_params=… services_kwonly=… services=… …
Run: .venv/bin/python bench/structure.py [--list]
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONG_FUNCTION = 80


def source_files() -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "thidua").rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def is_service_module(path: Path) -> bool:
    parts = path.relative_to(ROOT / "thidua").parts
    return (len(parts) == 2 and parts[1] == "services.py") or (len(parts) == 3 and parts[1] == "services")


def _all_arguments(args: ast.arguments) -> list[ast.arg]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    return every


def actor_parameters(tree: ast.AST) -> list[tuple[str, int, bool]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for arg in _all_arguments(node.args):
                if arg.arg == "actor":
                    found.append((getattr(node, "name", "<lambda>"), arg.lineno, arg.annotation is not None))
    return found


def public_services(tree: ast.Module) -> list[tuple[str, int, bool]]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
            positional = [*node.args.posonlyargs, *node.args.args]
            found.append((node.name, node.lineno, not positional and node.args.vararg is None))
    return found


def long_functions(tree: ast.AST) -> list[tuple[str, int, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > LONG_FUNCTION:
                found.append((node.name, node.lineno, length))
    return found


def measure() -> dict:
    actors, services, longs, modules = [], [], [], []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        name = str(path.relative_to(ROOT))
        modules.append((len(text.splitlines()), name))
        actors += [(name, *found) for found in actor_parameters(tree)]
        if is_service_module(path):
            services += [(name, *found) for found in public_services(tree)]
        longs += [(name, *found) for found in long_functions(tree)]
    return {"actors": actors, "services": services, "long": longs, "modules": sorted(modules, reverse=True)}


def main() -> None:
    figures = measure()
    if "--list" in sys.argv:
        for name, function, line, typed in figures["actors"]:
            if not typed:
                print(f"actor untyped: {name}:{line} {function}")
        for name, function, line, kwonly in figures["services"]:
            if not kwonly:
                print(f"service positional: {name}:{line} {function}")
        for name, function, line, length in sorted(figures["long"], key=lambda row: -row[3]):
            print(f"long function: {length:4d} {name}:{line} {function}")
        for lines, name in figures["modules"][:12]:
            print(f"module: {lines:5d} {name}")
    actors, services = figures["actors"], figures["services"]
    longest_lines, longest_name = figures["modules"][0]
    longest_function = max(figures["long"], key=lambda row: row[3], default=("-", "-", 0, 0))
    print(
        "BENCH structure"
        f" actor_typed={sum(row[3] for row in actors)} actor_params={len(actors)}"
        f" services_kwonly={sum(row[3] for row in services)} services={len(services)}"
        f" long_functions={len(figures['long'])}"
        f" longest_function={longest_function[1]}:{longest_function[3]}"
        f" longest_module={longest_name}:{longest_lines}"
    )


if __name__ == "__main__":
    main()
