"""The eligibility engine: each criterion is a small rule, parameterised by a CriterionRule row.

A rule reads only `Facts` (loaded for a year and a set of units/people in a fixed number of
queries) and returns a `Line`: passed (True / False / None = not decidable yet) and a Vietnamese
explanation that ends with the clause it comes from, e.g.
"cần 3 năm liên tục đạt CSTĐCS — 2022 ✓, 2023 ✓, 2024 ✗ (Điều 21 Luật TĐKT 2022)".

Which rules apply is data: the CriterionRule rows of the award type (and the cross-cutting rows
without an award type) whose legal basis is in force on 31/12 of the proposal's year.

Package layout: `verdicts` (Subject, Line, Verdict), `facts` (the preloaded Facts), `registry`
(`@rule`), `rules/` (one module per title group: individuals, collectives, common), `engine`
(evaluate, evaluate_batch, next_eligible, quota_summary).
"""

from . import rules  # noqa: F401  (registers every rule)
from .engine import evaluate, evaluate_batch, facts_for_batch, next_eligible, quota_summary
from .facts import Facts
from .registry import RULES, RuleSpec, rule
from .rules.individuals import streak_years
from .verdicts import (
    APPRAISAL,
    FAIL,
    HISTORY_YEARS,
    MANUAL,
    OK,
    RATING_ORDER,
    Line,
    Subject,
    Verdict,
    reference_day,
)

__all__ = [
    "APPRAISAL",
    "FAIL",
    "Facts",
    "HISTORY_YEARS",
    "Line",
    "MANUAL",
    "OK",
    "RATING_ORDER",
    "RULES",
    "RuleSpec",
    "Subject",
    "Verdict",
    "evaluate",
    "evaluate_batch",
    "facts_for_batch",
    "next_eligible",
    "quota_summary",
    "reference_day",
    "rule",
    "streak_years",
]
