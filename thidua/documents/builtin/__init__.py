"""The built-in layouts of every kind (used when no uploaded template applies).

Each builder takes the context (keys in kinds.py) and fills a layout.Paper; optional keys have
wording defaults, so a minimal context still gives a complete paper.
"""

from collections.abc import Callable

from ..layout import Paper
from .awards import decision, proposal_list, submission
from .certificates import DEFAULT_OVERLAY, certificate, certificate_overlay, overlay_values
from .cluster import (
    conference_minutes,
    covenant,
    period_report,
    plan,
    press_release,
    vote_count_minutes,
    vote_rows,
)

BUILDERS: dict[str, Callable[..., None]] = {
    "plan": plan,
    "covenant": covenant,
    "period_report": period_report,
    "conference_minutes": conference_minutes,
    "vote_count_minutes": vote_count_minutes,
    "submission": submission,
    "proposal_list": proposal_list,
    "decision": decision,
    "certificate": certificate,
    "certificate_overlay": certificate_overlay,
    "press_release": press_release,
}
LANDSCAPE = {"certificate"}


def render(kind_code: str, context: dict, *, sample_note: str = "", layout: dict | None = None) -> bytes:
    paper = Paper(landscape=kind_code in LANDSCAPE, sample_note=sample_note)
    if kind_code == "certificate_overlay":
        certificate_overlay(paper, context, layout)
    else:
        BUILDERS[kind_code](paper, context)
    return paper.save()


__all__ = ["BUILDERS", "DEFAULT_OVERLAY", "LANDSCAPE", "overlay_values", "render", "vote_rows"]
