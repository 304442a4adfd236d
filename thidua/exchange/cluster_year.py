"""The cluster's-year package kind (docs/exchange.md, kind `cluster_year`): a provincial board sends
one year of a cluster — the term (name, selection, leader, deputies, members), its conferences with
each ballot's totals (the frozen per-option results and the turnout figures, never a cast ballot or
a voter code), the units' score sheets and period reports — and its papers.

On the receiving side the cluster and the term are created or updated through the organisation
services (units mapped by code; the sender's ids kept as external references), and the rest is kept
as the sender's signed figures (`ClusterYearRecord`): they are the sender's results, not work this
installation runs again (its ballots, score locks and report workflow stay its own)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import User
from thidua.conferences.models import Conference
from thidua.core.errors import ValidationFailed
from thidua.documents.models import GeneratedDocument
from thidua.emulation.models import PeriodReport
from thidua.organisation import services as organisation_services
from thidua.organisation.models import Cluster, ClusterTerm, Unit
from thidua.scoring.models import ScoreSheet
from thidua.voting.models import Ballot, BallotStatus, OptionResult

from .errors import PackageUnknownUnits
from .models import ClusterYearRecord, ExternalRef, Package

KIND = "cluster_year"
TALLIED = (BallotStatus.TALLIED, BallotStatus.PUBLISHED)
TERM_MODEL, CLUSTER_MODEL = "organisation.clusterterm", "organisation.cluster"


def _code(unit: Unit | None) -> str:
    return unit.code if unit is not None else ""


def _decimal(value: Any) -> str:
    return "" if value is None else str(value)


def records(term: ClusterTerm) -> dict[str, Any]:
    """The year as the package's records.json (plain JSON: codes, labels, totals)."""
    return {
        "term": _term(term),
        "conferences": _conferences(term),
        "scores": _scores(term),
        "reports": _reports(term),
    }


def _term(term: ClusterTerm) -> dict[str, Any]:
    cluster = term.cluster
    return {
        "external_id": str(term.pk),
        "year": term.year,
        "name": term.name,
        "selection_mode": term.selection_mode,
        "cluster": {
            "external_id": str(cluster.pk),
            "level": cluster.level,
            "kind": cluster.kind,
            "number": cluster.number,
            "name": cluster.name,
            "owner_code": cluster.owner.code,
        },
        "leader_code": _code(term.leader),
        "deputy_codes": [unit.code for unit in term.deputies],
        "member_codes": sorted(m.unit.code for m in term.memberships.select_related("unit")),
    }


def _conferences(term: ClusterTerm) -> list[dict[str, Any]]:
    results = Prefetch("results", queryset=OptionResult.objects.select_related("option__unit"))
    ballots = Prefetch(
        "ballots",
        queryset=Ballot.objects.filter(status__in=TALLIED).prefetch_related(results).order_by("pk"),
    )
    conferences = (
        Conference.objects.filter(term=term)
        .select_related("host")
        .prefetch_related(ballots)
        .order_by("date", "pk")
    )
    return [
        {
            "external_id": str(conference.pk),
            "kind": conference.kind,
            "title": conference.title,
            "date": conference.date.isoformat(),
            "period_label": conference.period_label,
            "host_code": _code(conference.host),
            "venue": conference.venue,
            "status": conference.status,
            "conclusions": conference.conclusions,
            "ballots": [_ballot(ballot) for ballot in conference.ballots.all()],
        }
        for conference in conferences
    ]


def _scores(term: ClusterTerm) -> list[dict[str, Any]]:
    sheets = (
        ScoreSheet.objects.filter(term=term)
        .select_related("unit", "period")
        .order_by("period__end_date", "rank", "pk")
    )
    return [
        {
            "external_id": str(sheet.pk),
            "period": sheet.period.label,
            "unit_code": sheet.unit.code,
            "total": _decimal(sheet.total),
            "criteria_total": _decimal(sheet.criteria_total),
            "bonus_points": _decimal(sheet.bonus_points),
            "penalty_points": _decimal(sheet.penalty_points),
            "rank": sheet.rank,
            "band": sheet.band,
            "is_locked": sheet.is_locked,
        }
        for sheet in sheets
    ]


def _reports(term: ClusterTerm) -> list[dict[str, Any]]:
    reports = (
        PeriodReport.objects.filter(term=term)
        .select_related("unit", "period")
        .order_by("period__end_date", "unit__code")
    )
    return [
        {
            "external_id": str(report.pk),
            "period": report.period.label,
            "unit_code": report.unit.code,
            "status": report.status,
            "is_late": report.is_late,
            "narrative_professional": report.narrative_professional,
            "narrative_emulation": report.narrative_emulation,
            "narrative_force_building": report.narrative_force_building,
        }
        for report in reports
    ]


def _ballot(ballot: Ballot) -> dict[str, Any]:
    """A tallied ballot's totals: turnout figures and each option's frozen result. Nothing that
    could tell who voted how (no cast ballot, no mark, no code, no receipt) is read here."""
    return {
        "external_id": str(ballot.pk),
        "title": ballot.title,
        "kind": ballot.kind,
        "award_title": ballot.award_title,
        "round_number": ballot.round_number,
        "status": ballot.status,
        "member_count": ballot.member_count,
        "present_unit_count": ballot.present_unit_count,
        "voters_entitled": ballot.voters_entitled,
        "issued_count": ballot.issued_count,
        "collected_count": ballot.collected_count,
        "valid_count": ballot.valid_count,
        "invalid_count": ballot.invalid_count,
        "quorum_met": ballot.quorum_met,
        "results": [
            {
                "label": result.option.label,
                "unit_code": _code(result.option.unit),
                "counts": {str(k): int(v) for k, v in (result.counts or {}).items()},
                "support": result.support,
                "base": result.base,
                "passed": result.passed,
                "is_winner": result.is_winner,
                "grade": result.grade,
                "rank": result.rank,
                "rule_text": result.rule_text,
            }
            for result in ballot.results.all()
        ],
    }


def files(term: ClusterTerm) -> dict[str, bytes]:
    """The year's papers filed under the term (minutes, reports, covenant…): signed PDF, else PDF,
    else DOCX."""
    out: dict[str, bytes] = {}
    for document in GeneratedDocument.objects.filter(cluster_term=term).order_by("pk"):
        field = document.signed_pdf or document.pdf or document.docx
        if not field:
            continue
        extension = (field.name or "").rsplit(".", 1)[-1].lower()
        with field.open("rb") as handle:
            out[f"{document.kind}-{document.pk}.{extension}"] = handle.read()
    return out


# -- receiving -------------------------------------------------------------------------------------


def _codes(data: dict[str, Any]) -> set[str]:
    term = data.get("term") or {}
    codes = {str((term.get("cluster") or {}).get("owner_code") or "")}
    codes |= {str(term.get("leader_code") or "")} | {str(c) for c in term.get("deputy_codes") or []}
    codes |= {str(c) for c in term.get("member_codes") or []}
    for conference in data.get("conferences") or []:
        codes.add(str(conference.get("host_code") or ""))
        for ballot in conference.get("ballots") or []:
            codes |= {str(r.get("unit_code") or "") for r in ballot.get("results") or []}
    codes |= {
        str(row.get("unit_code") or "") for row in (data.get("scores") or []) + (data.get("reports") or [])
    }
    return {code for code in codes if code}


def preview(*, package: Package, data: dict[str, Any]) -> dict[str, Any]:
    """What importing would create or update: the cluster, the term and its members (by code), how
    many conferences, ballots, score sheets and reports come with it, and the unknown codes."""
    term = data.get("term") or {}
    codes = _codes(data)
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    local_term = _existing(package.sender_code, TERM_MODEL, term.get("external_id"), ClusterTerm)
    conferences = data.get("conferences") or []
    return {
        "term": term,
        "cluster": term.get("cluster") or {},
        "owner": units.get(str((term.get("cluster") or {}).get("owner_code") or "")),
        "leader": units.get(str(term.get("leader_code") or "")),
        "members": [units.get(str(c)) or str(c) for c in term.get("member_codes") or []],
        "conferences": conferences,
        "ballot_count": sum(len(c.get("ballots") or []) for c in conferences),
        "score_count": len(data.get("scores") or []),
        "report_count": len(data.get("reports") or []),
        "missing": sorted(code for code in codes if code not in units),
        "units": units,
        "local_term": local_term,
    }


def _existing(sender: str, model: str, external_id: Any, manager_model):
    ref = ExternalRef.objects.filter(
        sender_code=sender, model=model, external_id=str(external_id or "")
    ).first()
    return manager_model.objects.filter(pk=ref.local_id).first() if ref is not None else None


def _remember(package: Package, model: str, external_id: Any, local_id: int) -> None:
    ExternalRef.objects.update_or_create(
        sender_code=package.sender_code,
        model=model,
        external_id=str(external_id),
        defaults={"local_id": local_id, "package": package},
    )


def _cluster(actor: User, package: Package, source: dict[str, Any], owner: Unit) -> Cluster:
    cluster = _existing(package.sender_code, CLUSTER_MODEL, source.get("external_id"), Cluster)
    number = source.get("number")
    if cluster is None and number is not None:
        cluster = Cluster.objects.filter(
            owner=owner, level=source.get("level"), kind=source.get("kind"), number=number
        ).first()
    if cluster is None:
        cluster = organisation_services.cluster_create(
            actor=actor,
            owner=owner,
            level=str(source.get("level") or ""),
            kind=str(source.get("kind") or ""),
            number=int(number) if number is not None else None,
            name=str(source.get("name") or "")[:255],
        )
    _remember(package, CLUSTER_MODEL, source.get("external_id"), cluster.pk)
    return cluster


def import_year(*, actor: User, package: Package, data: dict[str, Any]) -> ClusterTerm:
    """Create or update the cluster, the term (members, leader, deputies) and the year's record, in
    the caller's transaction. A package older than the one already imported for the year changes
    nothing (a late copy must not undo a newer one)."""
    seen = preview(package=package, data=data)
    if seen["missing"]:
        raise PackageUnknownUnits(codes=", ".join(seen["missing"]))
    term_data, units = seen["term"], seen["units"]
    try:
        year = int(term_data.get("year"))
    except (TypeError, ValueError) as error:
        raise ValidationFailed(_("Gói không ghi năm của cụm."), field="package") from error
    sent_at = datetime.datetime.fromisoformat(str(package.manifest.get("created_at")))
    record = ClusterYearRecord.objects.filter(
        sender_code=package.sender_code, external_term_id=str(term_data.get("external_id"))
    ).first()
    if record is not None and record.sent_at >= sent_at:
        return record.term
    cluster = _cluster(actor, package, seen["cluster"], seen["owner"])
    members = [units[str(code)] for code in term_data.get("member_codes") or []]
    leader = units.get(str(term_data.get("leader_code") or ""))
    deputies = [units[str(code)] for code in term_data.get("deputy_codes") or []]
    term = seen["local_term"] or ClusterTerm.objects.filter(cluster=cluster, year=year).first()
    if term is None:
        term = organisation_services.term_create(
            actor=actor,
            cluster=cluster,
            year=year,
            members=members,
            leader=leader,
            deputies=deputies,
            name=str(term_data.get("name") or "")[:255],
            selection_mode=str(term_data.get("selection_mode") or "elected"),
        )
    else:
        organisation_services.term_set_roles(actor=actor, term=term, leader=None, deputies=[])
        organisation_services.term_set_members(actor=actor, term=term, members=members)
        organisation_services.term_set_roles(
            actor=actor,
            term=term,
            leader=leader,
            deputies=deputies,
            selection_mode=str(term_data.get("selection_mode") or "") or None,
        )
    _remember(package, TERM_MODEL, term_data.get("external_id"), term.pk)
    ClusterYearRecord.objects.update_or_create(
        sender_code=package.sender_code,
        external_term_id=str(term_data.get("external_id")),
        defaults={
            "term": term,
            "package": package,
            "sent_at": sent_at,
            "conferences": seen["conferences"],
            "scores": data.get("scores") or [],
            "reports": data.get("reports") or [],
        },
    )
    return term
