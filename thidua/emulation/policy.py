"""Object rules of the emulation capability, registered with the one policy (organisation.access).

A covenant is drawn up by the managers of its cluster term. A unit's registration of targets and its
period reports are edited by the unit's officers, approved by its leader (never the one who sent them,
13.8), accepted by the term's assessors (never their own unit's) and returned by either at their stage.
Selectors and services ask `access.can_object(actor, "<verb>", obj)`; where a refusal carries its reason
the service calls the `require_*` here. Pages and the API do not decide. Loaded by EmulationConfig.ready."""

from thidua.accounts.types import Actor
from thidua.organisation import access
from thidua.organisation.access import Action

from .models import Covenant, PeriodReport, SubmissionStatus, Target, TargetRegistration

Submission = TargetRegistration | PeriodReport


@access.rule(Covenant, "manage")
def can_manage_covenant(actor: Actor, covenant: Covenant) -> bool:
    return access.can_term(actor, Action.MANAGE_TERM, covenant.term)


@access.rule(Target, "edit")
def can_edit_target(actor: Actor, target: Target) -> bool:
    """A registered target is corrected by the unit's officers (the service checks the registration is open)."""
    return access.can(actor, Action.EDIT, target.registration.unit)


@access.rule(TargetRegistration, "approve")
@access.rule(PeriodReport, "approve")
def can_approve(actor: Actor, submission: Submission) -> bool:
    """The unit's leader, not the one who sent it (13.8)."""
    return access.can(actor, Action.APPROVE, submission.unit) and not (
        submission.submitted_by_id is not None and submission.submitted_by_id == getattr(actor, "pk", None)
    )


@access.rule(TargetRegistration, "accept")
@access.rule(PeriodReport, "accept")
def can_accept(actor: Actor, submission: Submission) -> bool:
    """The term's assessors, never for their own unit (13.8)."""
    return access.can_assess(actor, submission.term, submission.unit)


@access.rule(TargetRegistration, "return")
@access.rule(PeriodReport, "return")
def can_return(actor: Actor, submission: Submission) -> bool:
    """The unit leader returns what awaits approval; the term's assessors what awaits acceptance."""
    if submission.status == SubmissionStatus.SUBMITTED and access.can(actor, Action.APPROVE, submission.unit):
        return True
    return access.can_assess(actor, submission.term, submission.unit)


def require_return(actor: Actor, submission: Submission) -> None:
    """`can_return`, refusing a manager of the term their own unit's with the reason (the deputy unit's
    staff or the board return it, 13.8)."""
    if submission.status == SubmissionStatus.SUBMITTED and access.can(actor, Action.APPROVE, submission.unit):
        return
    access.require_assess(actor, submission.term, submission.unit)
