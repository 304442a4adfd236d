"""The registry of paper kinds: each app that owns the data declares its papers in `<app>/papers.py`.

A `PaperKind` says everything the engine needs about one kind, in one place: its metadata (`Kind`:
label, printed type name, abbreviation, required keys), a complete demo context, its built-in Decree 30
layout, the model its `source_id` points at, and the context function that checks the actor's right
and turns a record into the paper's keys. The owning app registers it from its `AppConfig.ready()`
(`from . import papers`), so the engine never guesses another app's models.

    registry.register(PaperKind(kind=Kind("covenant", …), demo=…, layout=…, source=Covenant,
                                context=covenant_context))
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from .errors import UnknownKind
from .kinds import DEMO, KINDS, Kind


@dataclass(frozen=True)
class PaperKind:
    kind: Kind
    demo: dict  # a complete context (gallery, previews, the template check, tests)
    layout: Callable[..., None]  # (layout.Paper, context) → fills the built-in layout
    source: type[models.Model]  # what `source_id` of documents:generate points at
    # (actor, record, **params) → sources.SourceContext; raises NotFound / AccessDenied
    context: Callable[..., Any]
    title: str = ""  # prefix of the default document title ("Biên bản hội nghị")
    position: int = 100  # order in lists and the gallery
    landscape: bool = False
    uses_form_layout: bool = False  # the layout also takes the pre-printed form's layout dict
    # maps the app's own selector dict onto the paper's keys when a capability calls document_render
    # with that dict and the record as `source`: (data, record) → context
    adapt: Callable[[dict, Any], dict] | None = None
    term_of: Callable[[Any], Any] | None = None  # record → the ClusterTerm it is filed under, if any
    # demo records for `manage.py demo_load`: (cluster term or None for system-wide) → [(record, params)]
    demo_records: Callable[[Any], Iterable[tuple[models.Model, dict]]] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.kind.code


PAPERS: dict[str, PaperKind] = {}


def register(paper: PaperKind) -> PaperKind:
    """Add (or replace, on a second import) a paper kind; KINDS and DEMO follow, in `position` order."""
    PAPERS[paper.code] = paper
    ordered = sorted(PAPERS.values(), key=lambda p: (p.position, p.code))
    for mapping, value in ((PAPERS, lambda p: p), (KINDS, lambda p: p.kind), (DEMO, lambda p: p.demo)):
        mapping.clear()
        mapping.update({p.code: value(p) for p in ordered})
    return paper


def get(code: str) -> PaperKind:
    if code not in PAPERS:
        raise UnknownKind(kind=code)
    return PAPERS[code]


def source_label(model: type[models.Model]) -> str:
    """How a stored document names its source: "conferences.conference"."""
    return f"{model._meta.app_label}.{model._meta.model_name}"
