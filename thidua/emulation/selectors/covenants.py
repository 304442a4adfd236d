"""Covenants, their criteria and groups, and the covenant's change history."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from thidua.accounts.models import User
from thidua.core.errors import NotFound
from thidua.core.text import fold, number
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from ..models import (
    Covenant,
    CovenantDocument,
    CovenantSignatory,
    CriteriaGroup,
    Criterion,
    TermResult,
)

# -- covenant ------------------------------------------------------------------------------------


def _covenant_queryset() -> QuerySet[Covenant]:
    return Covenant.objects.select_related(
        "term__cluster__owner", "term__leader", "term__deputy", "movement"
    ).prefetch_related(
        Prefetch(
            "groups",
            queryset=CriteriaGroup.objects.order_by("order", "pk").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk"))
            ),
        ),
        Prefetch(
            "signatories", queryset=CovenantSignatory.objects.select_related("unit").order_by("order", "pk")
        ),
        "rules",
        "amendments__made_by",
        "documents",
    )


def term_results(*, term: ClusterTerm) -> dict:
    """The term's counted results (16.7): the cluster's own figures, then each member's, eager-loaded."""
    rows = list(TermResult.objects.filter(term=term).select_related("unit").order_by("measure", "pk"))
    return {
        "cluster": [r for r in rows if r.unit_id is None],
        "units": sorted(
            (r for r in rows if r.unit_id is not None), key=lambda r: (fold(r.unit.name), r.measure, r.pk)
        ),
        "all": rows,
    }


def term_result_get(*, actor: User, result_id: int) -> TermResult:
    result = TermResult.objects.select_related("term__cluster__owner", "unit").filter(pk=result_id).first()
    if result is None or not access.can_term(actor, Action.VIEW_CLUSTER, result.term):
        raise NotFound()
    return result


def covenant_document_get(*, actor: User, term: ClusterTerm, document_id: int) -> CovenantDocument:
    """A paper of the term's covenant with its file; absent, another term's or out of scope: NotFound."""
    if not access.can_term(actor, Action.VIEW_CLUSTER, term):
        raise NotFound()
    document = CovenantDocument.objects.filter(pk=document_id, covenant__term=term).exclude(file="").first()
    if document is None:
        raise NotFound()
    return document


def covenant_for_term(*, actor: User, term: ClusterTerm) -> Covenant | None:
    if not access.can_term(actor, Action.VIEW_CLUSTER, term):
        raise NotFound()
    return _covenant_queryset().filter(term=term).first()


def covenant_get(*, actor: User, covenant_id: int) -> Covenant:
    covenant = _covenant_queryset().filter(pk=covenant_id).first()
    if covenant is None or not access.can_term(actor, Action.VIEW_CLUSTER, covenant.term):
        raise NotFound()
    return covenant


def criterion_get(*, actor: User, criterion_id: int) -> Criterion:
    criterion = (
        Criterion.objects.select_related(
            "group__covenant__term__cluster__owner", "group__covenant__term__leader"
        )
        .filter(pk=criterion_id)
        .first()
    )
    if criterion is None or not access.can_term(actor, Action.VIEW_CLUSTER, criterion.group.covenant.term):
        raise NotFound()
    return criterion


def group_get(*, actor: User, group_id: int) -> CriteriaGroup:
    group = (
        CriteriaGroup.objects.select_related("covenant__term__cluster__owner", "covenant__term__leader")
        .filter(pk=group_id)
        .first()
    )
    if group is None or not access.can_term(actor, Action.VIEW_CLUSTER, group.covenant.term):
        raise NotFound()
    return group


def covenant_criteria(*, term: ClusterTerm) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__covenant__term=term)
        .select_related("group")
        .order_by("group__order", "order", "pk")
    )


# Workflow bookkeeping shown by the "who/when" columns already, not as field changes.
_AUDIT_HIDDEN = {
    "updated_at",
    "version",
    "created_at",
    "submitted_by",
    "approved_by",
    "accepted_by",
    "returned_by",
    "submitted_at",
    "approved_at",
    "accepted_at",
    "returned_at",
}


def _audit_value(field, value) -> str:
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return number(value)  # 144.000; 469.204,80
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _audit_rows(records, label, created_fields: tuple[str, ...] = ()) -> list[dict]:
    """Historical records as rows: when, who, what, action and the changed fields (before → after)."""
    records = list(records)
    previous_of: dict[int, object] = {}
    last_by_object: dict[object, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous_of[record.history_id] = last_by_object.get(record.id)
        last_by_object[record.id] = record
    rows = []
    for record in records:
        changes = []
        previous = previous_of.get(record.history_id)
        meta = record.instance_type._meta
        if previous is None and record.history_type == "+":
            for name in created_fields:
                field = meta.get_field(name)
                changes.append((str(field.verbose_name), "—", _audit_value(field, getattr(record, name))))
        elif previous is not None:
            delta = record.diff_against(
                previous, excluded_fields=list(_AUDIT_HIDDEN & {f.name for f in meta.fields})
            )
            for change in delta.changes:
                field = meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _audit_value(field, change.old),
                        _audit_value(field, change.new),
                    )
                )
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": label(record),
                "action": record.get_history_type_display(),
                "changes": changes,
            }
        )
    return rows


def covenant_history(*, covenant: Covenant) -> list[dict]:
    """Audit trail of the covenant and its criteria (who, when, before/after)."""
    rows = _audit_rows(
        covenant.history.select_related("history_user").order_by("-history_date")[:50], lambda r: "Giao ước"
    )
    rows += _audit_rows(
        Criterion.history.filter(group_id__in=covenant.groups.values("pk"))
        .select_related("history_user")
        .order_by("-history_date")[:100],
        lambda r: f"Tiêu chí {r.code}",
        created_fields=("max_points",),
    )
    return sorted(rows, key=lambda r: r["when"], reverse=True)
