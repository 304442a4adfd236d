"""The JSON API (django-ninja) under /api/v1/, docs at /api/docs. Session auth with CSRF."""

from ninja import NinjaAPI
from ninja.security import SessionAuth

from thidua.awards.api import router as awards_router
from thidua.conferences.api import router as conferences_router
from thidua.documents.api import router as documents_router
from thidua.emulation.api import router as emulation_router
from thidua.exchange.api import router as exchange_router
from thidua.notifications.api import router as notifications_router
from thidua.organisation.api import router as organisation_router
from thidua.personnel.api import router as personnel_router
from thidua.scoring.api import router as scoring_router
from thidua.voting.api import router as voting_router

from . import errors

api = NinjaAPI(
    title="thidua API",
    version="1",
    description="API quản lý thi đua, khen thưởng theo cụm thi đua (Công an nhân dân).",
    auth=SessionAuth(csrf=True),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", organisation_router)
api.add_router("/", personnel_router)
api.add_router("/", notifications_router)
api.add_router("/", emulation_router)
api.add_router("/", scoring_router)
api.add_router("/", conferences_router)
api.add_router("/", voting_router)
api.add_router("/", awards_router)
api.add_router("/", documents_router)
api.add_router("/", exchange_router)
errors.document_errors(api)
