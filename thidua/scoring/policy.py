"""Object rules of the scoring capability, registered with the one policy (organisation.access).

Selectors and services ask `access.can_object(actor, "<verb>", obj)`; pages and the API do not decide.
Loaded by ScoringConfig.ready."""

from thidua.accounts.types import Actor
from thidua.organisation import access
from thidua.organisation.access import Action

from .models import CrossInspection, ScoreSheet


@access.rule(ScoreSheet, "self_score")
def can_self_score(actor: Actor, sheet: ScoreSheet) -> bool:
    """The unit's own officers enter its self-assessment while the sheet is open."""
    return not sheet.is_locked and access.can(actor, Action.EDIT, sheet.unit)


@access.rule(ScoreSheet, "assess")
def can_assess(actor: Actor, sheet: ScoreSheet) -> bool:
    """The term's assessors (never the unit's own people, 13.8) while the sheet is open."""
    return not sheet.is_locked and access.can_assess(actor, sheet.term, sheet.unit)


@access.rule(ScoreSheet, "comment")
def can_comment(actor: Actor, sheet: ScoreSheet) -> bool:
    """The unit's officers and leaders answer the assessment."""
    return access.can(actor, Action.EDIT, sheet.unit) or access.can(actor, Action.APPROVE, sheet.unit)


@access.rule(ScoreSheet, "manage_own_unit")
def is_own_unit_manager(actor: Actor, sheet: ScoreSheet) -> bool:
    """A manager of the term looking at their own unit's sheet (the deputy or the board assesses it)."""
    return access.is_own_unit(actor, sheet.unit) and access.can_term(actor, Action.MANAGE_TERM, sheet.term)


@access.rule(CrossInspection, "record")
def can_record_inspection(actor: Actor, inspection: CrossInspection) -> bool:
    """The inspecting unit writes the record of a cross-inspection."""
    return access.can(actor, Action.EDIT, inspection.inspecting_unit)
