"""The rule registry: `@rule(key, label)` registers a function under the CriterionRule key it judges."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .facts import Facts
from .verdicts import FAIL, OK, Subject

RuleFunc = Callable[[Facts, Subject, dict[str, Any]], tuple[bool | None, str]]


@dataclass(frozen=True)
class RuleSpec:
    key: str
    label: str
    func: RuleFunc


RULES: dict[str, RuleSpec] = {}


def rule(key: str, label: str) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        RULES[key] = RuleSpec(key, label, func)
        return func

    return register


def _state(found: str | None) -> str:
    return {"record": OK, "pending": f"{OK} (đang đề nghị)", None: FAIL}[found]
