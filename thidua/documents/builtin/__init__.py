"""The built-in layouts of every kind (used when no uploaded template applies).

Each layout function (awards.py, certificates.py, cluster.py) takes the context (keys in kinds.py) and
fills a layout.Paper; optional keys have wording defaults, so a minimal context still gives a complete
paper. The owning app's papers.py names its kind's layout in the registry (registry.py).
"""

from .. import registry
from ..layout import Paper
from .certificates import DEFAULT_OVERLAY, overlay_values
from .cluster import vote_rows


def render(kind_code: str, context: dict, *, sample_note: str = "", layout: dict | None = None) -> bytes:
    paper_kind = registry.get(kind_code)
    paper = Paper(landscape=paper_kind.landscape, sample_note=sample_note)
    if paper_kind.uses_form_layout:
        paper_kind.layout(paper, context, layout)
    else:
        paper_kind.layout(paper, context)
    return paper.save()


__all__ = ["DEFAULT_OVERLAY", "overlay_values", "render", "vote_rows"]
