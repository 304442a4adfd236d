"""Papers made from a conference: the minutes (Biên bản hội nghị) and the news item (Tin bài, composed
then edited in documents' press editor). Registered at start-up (ConferencesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.documents import registry, sources
from thidua.documents.adapters.conferences import conference as conference_adapter
from thidua.documents.builtin.cluster import conference_minutes as minutes_layout
from thidua.documents.builtin.cluster import press_release as press_layout
from thidua.documents.kinds import DEMO_CONTEXTS, HEADER, Kind

from .models import Conference
from .selectors import conference_document_context


def conference_context(actor: User, conference: Conference, **params) -> sources.SourceContext:
    owner, term = sources.for_term(actor, conference.term)
    data = conference_adapter(
        conference_document_context(conference), conference, sources.term_facts(term), sources.place_of
    )
    return sources.from_record(data, conference, owner=owner, term=term)


def _adapt(data: dict, conference: Conference) -> dict:
    return conference_adapter(data, conference, sources.term_facts(conference.term), sources.place_of)


def _demo(term):
    """The term's half-year (Cụm 11) or year-end (Cụm 5) conference, else its first one."""
    if term is None:
        return []
    conferences = Conference.objects.filter(term=term).order_by("pk")
    conference = (
        conferences.filter(kind__in=["half_year", "year_end"]).order_by("kind", "pk").first()
        or conferences.first()
    )
    return [(conference, {})] if conference is not None else []


registry.register(
    registry.PaperKind(
        kind=Kind(
            "conference_minutes",
            _("Biên bản hội nghị"),
            "BIÊN BẢN",
            "BB",
            (*HEADER, "cluster_name", "conference_title", "location", "members"),
            _("hội nghị"),
        ),
        demo=DEMO_CONTEXTS["conference_minutes"],
        layout=minutes_layout,
        source=Conference,
        context=conference_context,
        adapt=_adapt,
        term_of=lambda conference: conference.term,
        title="Biên bản hội nghị",
        position=40,
        demo_records=_demo,
    )
)
registry.register(
    registry.PaperKind(
        kind=Kind(
            "press_release",
            _("Tin bài"),
            "",
            "",
            ("headline", "lead", "paragraphs"),
            _("hội nghị"),
            official=False,
        ),
        demo=DEMO_CONTEXTS["press_release"],
        layout=press_layout,
        source=Conference,
        context=conference_context,
        adapt=_adapt,
        term_of=lambda conference: conference.term,
        title="Tin bài",
        position=110,
    )
)
