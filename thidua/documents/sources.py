"""Context builders: for each kind, (actor, source_id) -> context dict from the owning capability.

Each builder fetches the source record, checks the actor's right on the owning capability
(MANAGE_TERM on the cluster term for cluster papers; the awarding board or the unit's officer for
award papers) and calls that capability's selector (promised names in OWNERS). The result is a
`SourceContext`: a dict carrying the document's owner unit, cluster term and an `is_sample` flag.

When a capability is not available yet (its model or its context selector is missing), `source_id`
is read as a cluster term id, the kind's demo context is filled with that term's real facts
(cluster, year, members, leader, deputy) and the document is marked as sample data ("DỮ LIỆU MẪU").
"""

import datetime
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models

from thidua.core.errors import AccessDenied, NotFound
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm, Unit

from . import adapters, wording
from .kinds import demo_context


class SourceContext(dict):
    """A context dict plus where it came from."""

    def __init__(
        self,
        data: dict,
        *,
        owner: Unit | None = None,
        cluster_term: ClusterTerm | None = None,
        is_sample: bool = False,
        source_app: str = "",
        source_id: int | None = None,
    ) -> None:
        super().__init__(data)
        self.owner = owner
        self.cluster_term = cluster_term
        self.is_sample = is_sample
        self.source_app = source_app
        self.source_id = source_id


# kind → (app label, candidate model names, selector module, selector function)
OWNERS: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "covenant": ("emulation", ("Covenant",), "thidua.emulation.selectors", "covenant_document_context"),
    "conference_minutes": (
        "conferences",
        ("Conference",),
        "thidua.conferences.selectors",
        "conference_document_context",
    ),
    "press_release": (
        "conferences",
        ("Conference",),
        "thidua.conferences.selectors",
        "conference_document_context",
    ),
    "vote_count_minutes": ("voting", ("Ballot",), "thidua.voting.selectors", "ballot_count_minutes_context"),
    "submission": (
        "awards",
        ("ProposalBatch", "AwardProposalBatch", "Batch", "AwardBatch"),
        "thidua.awards.selectors",
        "proposal_list_context",
    ),
    "proposal_list": (
        "awards",
        ("ProposalBatch", "AwardProposalBatch", "Batch", "AwardBatch"),
        "thidua.awards.selectors",
        "proposal_list_context",
    ),
    "decision": ("awards", ("Decision", "AwardDecision"), "thidua.awards.selectors", "decision_context"),
    "certificate": ("awards", ("Award", "AwardRecord"), "thidua.awards.selectors", "certificate_context"),
    "certificate_overlay": (
        "awards",
        ("Award", "AwardRecord"),
        "thidua.awards.selectors",
        "certificate_context",
    ),
}


def _model(app_label: str, names: tuple[str, ...]) -> type[models.Model] | None:
    for name in names:
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    return None


def _selector(module: str, function: str) -> Callable[..., Any] | None:
    try:
        return getattr(import_module(module), function, None)
    except ImportError:
        return None


# -- cluster term facts -------------------------------------------------------------------------

PROVINCE_PREFIXES = ("Công an tỉnh ", "Công an thành phố ", "Công an Thành phố ")


def place_of(unit: Unit | None) -> str:
    """The place name printed before the date: the province of the unit (Hà Nội for the Ministry)."""
    node = unit
    while node is not None:
        for prefix in PROVINCE_PREFIXES:
            if node.name.startswith(prefix):
                return node.name[len(prefix) :]
        if node.parent_id is None:
            break
        node = node.parent
    return "Hà Nội"


def term_facts(term: ClusterTerm) -> dict:
    members = [m.unit.name for m in term.memberships.select_related("unit").order_by("unit__name")]
    cluster_name = term.display_name
    leader = term.leader
    return {
        "issuer_parent": wording.upper(term.cluster.owner.name),
        "issuer": wording.upper(cluster_name),
        "issuer_unit": leader.name if leader else "",
        "issuer_code": f"CTĐ{term.cluster.number}",
        "cluster_name": cluster_name,
        "owner_name": term.cluster.owner.name,
        "year": term.year,
        "members": members,
        "leader": leader.name if leader else "",
        "deputy": term.deputy.name if term.deputy_id else "",
        "place": place_of(leader or term.cluster.owner),
        "signer_authority": f"TM. {wording.upper(cluster_name)}",
        "signer_position": "CỤM TRƯỞNG",
    }


def term_for_manage(actor, term_id: int) -> ClusterTerm:
    """A term the actor may see (else NotFound) and manage (else AccessDenied)."""
    term = ClusterTerm.objects.select_related("cluster__owner", "leader", "deputy").filter(pk=term_id).first()
    if term is None or not access.can_term(actor, Action.VIEW_CLUSTER, term):
        raise NotFound()
    access.require_term(actor, Action.MANAGE_TERM, term)
    return term


def _term_of(obj) -> ClusterTerm | None:
    for path in ("term", "cluster_term", "conference.term", "conference.cluster_term", "batch.term"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, ClusterTerm):
            return value
    return None


def _unit_of(obj) -> Unit | None:
    for name in ("owner", "issuer", "unit", "authority_unit", "recipient_unit", "proposer"):
        value = getattr(obj, name, None)
        if isinstance(value, Unit):
            return value
    return None


def _require_source_right(actor, obj) -> tuple[Unit | None, ClusterTerm | None]:
    """MANAGE_TERM on the record's cluster term, else the board (or the unit's officer) on its unit."""
    term = _term_of(obj)
    if term is not None:
        if not access.can_term(actor, Action.VIEW_CLUSTER, term):
            raise NotFound()
        access.require_term(actor, Action.MANAGE_TERM, term)
        return term.leader or term.cluster.owner, term
    unit = _unit_of(obj)
    if unit is None:
        if not access.is_admin(actor):
            raise AccessDenied()
        return None, None
    if not access.can(actor, Action.VIEW, unit):
        raise NotFound()
    if not (access.can(actor, Action.MANAGE_CLUSTERS, unit) or access.can(actor, Action.EDIT, unit)):
        raise AccessDenied()
    return unit, None


def _sample_from_term(actor, kind: str, term_id: int) -> SourceContext:
    term = term_for_manage(actor, term_id)
    context = demo_context(kind)
    for key in ("symbol", "number", "signer_name"):  # the demo's are Cụm 11's
        context.pop(key, None)
    context.update({k: v for k, v in term_facts(term).items() if v not in ("", [], None)})
    context["date"] = datetime.date.today().isoformat()
    return SourceContext(
        context,
        owner=term.leader or term.cluster.owner,
        cluster_term=term,
        is_sample=True,
        source_app="organisation.clusterterm",
        source_id=term.pk,
    )


def _from_capability(actor, kind: str, source_id: int, **params) -> SourceContext:
    app_label, model_names, module, function = OWNERS[kind]
    model = _model(app_label, model_names)
    if model is None:
        return _sample_from_term(actor, kind, source_id)
    obj = model._default_manager.filter(pk=source_id).first()
    if obj is None:
        raise NotFound()
    owner, term = _require_source_right(actor, obj)
    base = term_facts(term) if term else {}
    builder = _selector(module, function)
    if builder is None:
        context = demo_context(kind)
        context.update({k: v for k, v in base.items() if v not in ("", [], None)})
        is_sample = True
    else:
        context = adapters.ADAPTERS[kind](builder(obj), obj, base, place_of)
        is_sample = False
    return SourceContext(
        context,
        owner=owner,
        cluster_term=term,
        is_sample=is_sample,
        source_app=f"{app_label}.{model._meta.model_name}",
        source_id=obj.pk,
    )


# -- per-kind builders --------------------------------------------------------------------------


def plan(actor, source_id: int, **params) -> SourceContext:
    """Kế hoạch hoạt động of a cluster term: real facts of the term, default activities."""
    term = term_for_manage(actor, source_id)
    context = {
        **term_facts(term),
        "number": "",
        "date": datetime.date.today().isoformat(),
        "title": f"Hoạt động của {term.display_name} năm {term.year}",
        "recipients": [
            "Cơ quan thường trực Hội đồng Thi đua – Khen thưởng (để báo cáo);",
            "Các đơn vị trong Cụm;",
            "Lưu: VT.",
        ],
    }
    return SourceContext(
        context,
        owner=term.leader or term.cluster.owner,
        cluster_term=term,
        source_app="organisation.clusterterm",
        source_id=term.pk,
    )


def covenant(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "covenant", source_id)


def period_report(actor, source_id: int, period: int | None = None, **params) -> SourceContext:
    """source_id is the cluster term; `period` (optional) the emulation period reviewed, by default
    the latest period of the term's year that has ended (else the first one)."""
    builder = _selector("thidua.emulation.selectors", "period_report_document_context")
    period_model = _model("emulation", ("EmulationPeriod", "Period"))
    term = term_for_manage(actor, source_id)
    if builder is None or period_model is None:
        return _sample_from_term(actor, "period_report", source_id)
    periods = period_model._default_manager.filter(owner_id=term.cluster.owner_id, year=term.year)
    if period:
        period_obj = periods.filter(pk=period).first()
        if period_obj is None:
            raise NotFound()
    else:
        today = datetime.date.today()
        period_obj = (
            periods.filter(end_date__lte=today).order_by("-end_date").first()
            or periods.order_by("end_date").first()
        )
    if period_obj is None:
        return _sample_from_term(actor, "period_report", source_id)
    context = adapters.period_report(builder(term, period_obj), period_obj, term_facts(term))
    return SourceContext(
        context,
        owner=term.leader or term.cluster.owner,
        cluster_term=term,
        source_app="organisation.clusterterm",
        source_id=term.pk,
    )


def conference_minutes(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "conference_minutes", source_id)


def press_release(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "press_release", source_id)


def vote_count_minutes(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "vote_count_minutes", source_id)


def submission(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "submission", source_id)


def proposal_list(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "proposal_list", source_id)


def decision(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "decision", source_id)


def certificate(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "certificate", source_id)


def certificate_overlay(actor, source_id: int, **params) -> SourceContext:
    return _from_capability(actor, "certificate_overlay", source_id)


BUILDERS: dict[str, Callable[..., SourceContext]] = {
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


def build(actor, kind: str, source_id: int, **params) -> SourceContext:
    return BUILDERS[kind](actor, source_id, **params)


def is_available(kind: str) -> bool:
    """Whether the owning capability already provides real data for this kind."""
    if kind == "plan":
        return True
    if kind == "period_report":
        return _selector("thidua.emulation.selectors", "period_report_document_context") is not None
    app_label, model_names, module, function = OWNERS[kind]
    return _model(app_label, model_names) is not None and _selector(module, function) is not None


def rebuild(actor, kind: str, source_app: str, source_id: int, **params) -> SourceContext | None:
    """Fresh data for a stored document, or None when its source is not one this module reads."""
    if kind not in BUILDERS:
        return None
    if source_app == "organisation.clusterterm":
        if kind in ("plan", "period_report"):
            return build(actor, kind, source_id, **params)
        return _sample_from_term(actor, kind, source_id)
    if kind in OWNERS:
        app_label, model_names, _module, _function = OWNERS[kind]
        model = _model(app_label, model_names)
        if model is not None and source_app == f"{app_label}.{model._meta.model_name}":
            return build(actor, kind, source_id, **params)
    return None
