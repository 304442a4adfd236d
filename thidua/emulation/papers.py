"""Papers made from emulation data: the covenant (Bản giao ước thi đua) and the period report (Báo cáo
sơ kết / tổng kết). Registered with the documents engine at start-up (EmulationConfig.ready)."""

import datetime

from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.documents import registry, sources
from thidua.documents.adapters.emulation import covenant as covenant_adapter
from thidua.documents.adapters.emulation import period_report as period_report_adapter
from thidua.documents.builtin.cluster import covenant as covenant_layout
from thidua.documents.builtin.cluster import period_report as period_report_layout
from thidua.documents.kinds import DEMO_CONTEXTS, HEADER, Kind, demo_context
from thidua.organisation.models import ClusterTerm

from .models import Covenant, EmulationPeriod
from .selectors import covenant_document_context, period_report_document_context


def covenant_context(actor: User, covenant: Covenant, **params) -> sources.SourceContext:
    owner, term = sources.for_term(actor, covenant.term)
    data = covenant_adapter(
        covenant_document_context(covenant), covenant, sources.term_facts(term), sources.place_of
    )
    return sources.from_record(data, covenant, owner=owner, term=term)


def _covenant_adapt(data: dict, covenant: Covenant) -> dict:
    return covenant_adapter(data, covenant, sources.term_facts(covenant.term), sources.place_of)


def _period_of(term: ClusterTerm, period: int | None) -> EmulationPeriod | None:
    """The period reviewed: `period` if given, else the latest of the term's year that has ended (else
    the first one)."""
    periods = EmulationPeriod.objects.filter(owner_id=term.cluster.owner_id, year=term.year)
    if period:
        found = periods.filter(pk=period).first()
        if found is None:
            raise NotFound()
        return found
    today = datetime.date.today()
    return (
        periods.filter(end_date__lte=today).order_by("-end_date").first()
        or periods.order_by("end_date").first()
    )


def period_report_context(
    actor: User, term: ClusterTerm, period: int | None = None, **params
) -> sources.SourceContext:
    """source_id is the cluster term; `period` (optional) the emulation period reviewed. A term whose
    owner has no period yet gets the demo report filled with the term's facts, marked as sample data."""
    owner, term = sources.for_term(actor, term)
    period_obj = _period_of(term, period)
    if period_obj is None:
        data = demo_context("period_report")
        for key in ("symbol", "number", "signer_name"):  # the demo's are Cụm 11's
            data.pop(key, None)
        data.update({k: v for k, v in sources.term_facts(term).items() if v not in ("", [], None)})
        data["date"] = datetime.date.today().isoformat()
        return sources.from_record(data, term, owner=owner, term=term, is_sample=True)
    data = period_report_adapter(
        period_report_document_context(term, period_obj), period_obj, sources.term_facts(term)
    )
    return sources.from_record(data, term, owner=owner, term=term)


def _covenant_demo(term):
    covenant = Covenant.objects.filter(term=term).order_by("pk").first() if term is not None else None
    return [(covenant, {})] if covenant is not None else []


def _period_report_demo(term):
    if term is None:
        return []
    period = EmulationPeriod.objects.filter(
        owner=term.cluster.owner, year=term.year, kind="half_year"
    ).first()
    return [(term, {"period": period.pk} if period else {})]


registry.register(
    registry.PaperKind(
        kind=Kind(
            "covenant",
            _("Bản giao ước thi đua"),
            "GIAO ƯỚC THI ĐUA",
            "GƯ",
            (*HEADER, "cluster_name", "year", "members", "criteria"),
            _("giao ước thi đua"),
        ),
        demo=DEMO_CONTEXTS["covenant"],
        layout=covenant_layout,
        source=Covenant,
        context=covenant_context,
        adapt=_covenant_adapt,
        term_of=lambda covenant: covenant.term,
        title="Giao ước thi đua",
        position=20,
        demo_records=_covenant_demo,
    )
)
registry.register(
    registry.PaperKind(
        kind=Kind(
            "period_report",
            _("Báo cáo sơ kết / tổng kết"),
            "BÁO CÁO",
            "BC",
            (*HEADER, "cluster_name", "report_type", "period_label"),
            _("nhiệm kỳ cụm (năm), kèm kỳ đánh giá"),
        ),
        demo=DEMO_CONTEXTS["period_report"],
        layout=period_report_layout,
        source=ClusterTerm,
        context=period_report_context,
        title="Báo cáo",
        position=30,
        demo_records=_period_report_demo,
    )
)
