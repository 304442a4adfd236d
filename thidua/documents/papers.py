"""The engine's own paper kind: the cluster term's plan (Kế hoạch), made from organisation data.

Registered at start-up (DocumentsConfig.ready). Other kinds live with the app owning their data:
emulation/papers.py, conferences/papers.py, voting/papers.py, awards/papers.py.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.organisation.models import ClusterTerm

from . import registry, sources
from .builtin.cluster import plan as plan_layout
from .kinds import DEMO_CONTEXTS, HEADER, Kind


def plan_context(actor: User, term: ClusterTerm, **params) -> sources.SourceContext:
    """Kế hoạch hoạt động of a cluster term: real facts of the term, default activities."""
    owner, term = sources.for_term(actor, term)
    context = {
        **sources.term_facts(term),
        "number": "",
        "date": datetime.date.today().isoformat(),
        "title": f"Hoạt động của {term.display_name} năm {term.year}",
        "recipients": [
            "Cơ quan thường trực Hội đồng Thi đua – Khen thưởng (để báo cáo);",
            "Các đơn vị trong Cụm;",
            "Lưu: VT.",
        ],
    }
    return sources.from_record(context, term, owner=owner, term=term)


def _plan_demo(term):
    return [(term, {})] if term is not None else []


registry.register(
    registry.PaperKind(
        kind=Kind(
            "plan",
            _("Kế hoạch"),
            "KẾ HOẠCH",
            "KH",
            (*HEADER, "title", "year", "cluster_name", "members"),
            _("nhiệm kỳ cụm (năm)"),
        ),
        demo=DEMO_CONTEXTS["plan"],
        layout=plan_layout,
        source=ClusterTerm,
        context=plan_context,
        title="Kế hoạch",
        position=10,
        demo_records=_plan_demo,
    )
)
