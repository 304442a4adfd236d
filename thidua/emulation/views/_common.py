"""Helpers shared by the emulation pages."""

from django.contrib import messages
from django.utils.translation import gettext as _

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import NotFound
from thidua.organisation.models import Unit

from .. import selectors
from ..errors import ExcelInvalid


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )


def _excel_errors(request, error: ExcelInvalid, limit: int = 30) -> None:
    """Every problem of a refused Excel file as its own message (nothing was saved)."""
    messages.error(request, _("Tệp Excel có %(count)s lỗi, chưa lưu gì:") % {"count": len(error.errors)})
    for text in error.errors[:limit]:
        messages.error(request, text)


def _unit(term, unit_id: int) -> Unit:
    for unit in selectors.term_member_units(term=term):
        if unit.pk == unit_id:
            return unit
    raise NotFound()


def _years(request: AuthenticatedHttpRequest) -> list[int]:
    return sorted(set(selectors.term_list(actor=request.user).values_list("year", flat=True)), reverse=True)
