"""Thin views: parse → selector/service → page or HTMX partial."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core import uploads
from thidua.core.errors import AccessDenied, DomainError, NotFound
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import DOCX_CONTENT_TYPE, attachment, stored_file
from thidua.documents.qr import public_url
from thidua.emulation.errors import UploadRejected
from thidua.organisation import access
from thidua.organisation.access import Action
from thidua.organisation.models import ClusterTerm

from . import importing, selectors, services
from . import statistics as stats
from .forms import (
    AttachmentForm,
    BatchCreateForm,
    CandidateForm,
    CouncilVoteForm,
    DecisionForm,
    FromBallotForm,
    PublishForm,
)
from .models import ProposalStatus


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    status = request.GET.get("status", "")
    if status not in ProposalStatus.values:
        status = ""
    batches = list(selectors.batch_list(actor=request.user, year=year, status=status)[:200])
    context = {
        "batches": batches,
        "due": selectors.due_list(actor=request.user),
        "statuses": ProposalStatus.choices,
        "status": status,
        "year": year,
        "today": timezone.localdate(),
        "can_start": any(_proposers(request.user)),
    }
    return render(request, "awards/index.html", context)


def _proposers(user) -> tuple[list, list]:
    """The units and cluster years the user may start a proposal for (the policy of `services.can_draft`)."""
    units = list(
        access.units_in_scope(user, Action.EDIT).select_related("parent").order_by("depth", "path")[:300]
    )
    terms = [
        term
        for term in access.terms_in_scope(user)
        .select_related("cluster__owner", "leader")
        .order_by("-year", "cluster__name")[:200]
        if access.can_term(user, Action.MANAGE_TERM, term)
    ]
    return units, terms


def _proposer(user, kind: str, pk: int):
    """The chosen unit or cluster year, looked up in the user's view scope (outside it: 404)."""
    if kind == "u":
        unit = access.units_in_scope(user, Action.VIEW).select_related("parent").filter(pk=pk).first()
        if unit is None:
            raise NotFound()
        return {"unit": unit}
    term = access.terms_in_scope(user).select_related("cluster__owner", "leader").filter(pk=pk).first()
    if term is None:
        raise NotFound()
    return {"cluster_term": term}


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest) -> HttpResponse:
    """Start an award season (15.1): the same service as `POST /api/awards/proposals`."""
    units, terms = _proposers(request.user)
    if not units and not terms:
        return render(request, "core/error.html", {"error": AccessDenied()}, status=403)
    year = timezone.localdate().year
    initial = {"year": year, "title": _("Đề nghị khen thưởng năm %(year)s") % {"year": year}}
    if len(units) + len(terms) == 1:
        initial["proposer"] = f"u:{units[0].pk}" if units else f"t:{terms[0].pk}"
    form = BatchCreateForm(request.POST or None, units=units, terms=terms, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                actor=request.user,
                title=data["title"],
                year=data["year"],
                track=data["track"],
                submit_by=data["submit_by"],
                **_proposer(request.user, *data["proposer"]),
            )
        except DomainError as error:
            if error.status in (403, 404):
                request.thidua_refused = error  # type: ignore[attr-defined]  # the activity log records it
                return render(request, "core/error.html", {"error": error}, status=error.status)
            field = {"unit": "proposer"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, _("Đã bắt đầu đợt đề nghị “%(title)s”.") % {"title": batch.title})
            return redirect("awards:batch_detail", batch_id=batch.pk)
    status = 422 if form.errors else 200
    return render(request, "awards/batch_create.html", {"form": form}, status=status)


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    context = {
        "types": selectors.catalogue(),
        "bases": selectors.legal_bases(),
        "general_rules": selectors.cross_cutting_rules(),
    }
    return render(request, "awards/catalogue.html", context)


@login_required
@require_GET
@domain_errors
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    perms = selectors.batch_permissions(actor=request.user, batch=batch)
    review = selectors.batch_review(batch=batch)
    context = {
        "batch": batch,
        "review": review,
        "perms": perms,
        **_forms(batch, perms, [row["candidate"] for row in review["rows"]]),
        "targets": [
            ProposalStatus(t) for t in batch.TRANSITIONS[batch.status] if t != ProposalStatus.DECIDED
        ],
        "decisions": batch.decisions.all(),
    }
    return render(request, "awards/batch_detail.html", context)


def _batch_units(batch):
    from thidua.organisation.models import Unit

    if batch.cluster_term_id:
        return Unit.objects.filter(cluster_memberships__term_id=batch.cluster_term_id).order_by("name")
    return Unit.objects.filter(path__startswith=batch.unit.path).order_by("path")


def _forms(batch, perms, candidates, data=None):
    result = {}
    if batch.status == ProposalStatus.DRAFT and perms["can_draft"]:
        result["candidate_form"] = CandidateForm(data, units=_batch_units(batch), year=batch.year)
        ballots = services.ballots_for_batch(batch)
        if ballots:
            result["ballot_form"] = FromBallotForm(data, ballots=ballots, year=batch.year)
    if batch.status == ProposalStatus.COUNCIL and perms["can_review"]:
        initial = {
            "council_members": batch.council_members,
            "council_present": batch.council_present,
            "voted_on": batch.council_voted_on,
            "version": batch.version,
        }
        initial |= {f"votes_{c.pk}": c.votes_for for c in candidates}
        result["vote_form"] = CouncilVoteForm(data, candidates=candidates, initial=initial)
    if batch.status == ProposalStatus.SUBMITTED and perms["can_review"]:
        result["decision_form"] = DecisionForm(data, initial={"signed_on": timezone.localdate()})
    if perms["can_review"]:
        result["publish_form"] = PublishForm(
            initial={
                "publish_from": batch.publish_from,
                "publish_until": batch.publish_until,
                "version": batch.version,
            }
        )
    return result


@login_required
@require_POST
@domain_errors
def batch_action(request: HttpRequest, batch_id: int, action: str) -> HttpResponse:
    """Forms of the batch page: add a candidate, record the council vote, register the decision, publish."""
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    perms = selectors.batch_permissions(actor=request.user, batch=batch)
    candidates = selectors.batch_candidates(batch=batch)
    forms = _forms(batch, perms, candidates, request.POST)
    form = forms.get(
        {
            "candidate": "candidate_form",
            "from-ballot": "ballot_form",
            "vote": "vote_form",
            "decision": "decision_form",
        }.get(action, "")
    )
    if action == "publish":
        form = PublishForm(request.POST)
    if form is None:
        raise NotFound()
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("awards:batch_detail", batch_id=batch.pk)
    data = form.cleaned_data
    if action == "candidate":
        services.candidate_add(actor=request.user, batch=batch, **data)
        messages.success(request, _("Đã thêm đối tượng đề nghị."))
    elif action == "from-ballot":
        created = services.candidates_from_ballot(
            actor=request.user,
            batch=batch,
            ballot=form.ballots[data["ballot"]],
            award_type=data["award_type"],
        )
        messages.success(request, _("Đã thêm %(count)s đơn vị được suy tôn.") % {"count": len(created)})
    elif action == "vote":
        services.council_vote_record(
            actor=request.user,
            batch=batch,
            council_members=data["council_members"],
            council_present=data["council_present"],
            voted_on=data["voted_on"],
            votes=form.votes(),
            version=data["version"],
        )
        messages.success(request, _("Đã ghi kết quả biểu quyết của Hội đồng."))
    elif action == "decision":
        decision = services.decision_register(actor=request.user, batch=batch, **data)
        messages.success(request, _("Đã vào sổ quyết định %(number)s.") % {"number": decision.number})
        return redirect("awards:decision_detail", decision_id=decision.pk)
    else:
        services.batch_publish(actor=request.user, batch=batch, **data)
        messages.success(request, _("Đã đặt thời hạn công khai."))
    return redirect("awards:batch_detail", batch_id=batch.pk)


@login_required
@require_POST
@domain_errors
def batch_transition(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(actor=request.user, batch_id=batch_id)
    target = request.POST.get("target", "")
    if target not in ProposalStatus.values:
        raise NotFound()
    batch = services.batch_transition(actor=request.user, batch=batch, target=target)
    messages.success(
        request, _("Đã chuyển đề nghị sang “%(status)s”.") % {"status": batch.get_status_display()}
    )
    return redirect("awards:batch_detail", batch_id=batch.pk)


@login_required
@require_GET
def next_eligible(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), timezone.localdate().year)
    units = list(
        access.units_in_scope(request.user, Action.VIEW)
        .filter(people__isnull=False)
        .distinct()
        .order_by("name")[:300]
    )
    unit_id = _int(request.GET.get("unit"))
    chosen = [unit_id] if unit_id else [u.pk for u in units]
    rows = selectors.next_eligible(actor=request.user, unit_ids=chosen, year=year)
    return render(
        request, "awards/next_eligible.html", {"rows": rows, "units": units, "unit_id": unit_id, "year": year}
    )


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    decisions = selectors.decision_list(actor=request.user, year=year)[:300]
    return render(request, "awards/decision_list.html", {"decisions": decisions, "year": year})


@login_required
@require_GET
@domain_errors
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    return _decision_page(request, decision)


def _decision_page(request: HttpRequest, decision, form: AttachmentForm | None = None) -> HttpResponse:
    can_manage = services.can_manage_decision(request.user, decision)
    context = {
        "decision": decision,
        "records": list(selectors.decision_records(decision=decision)),
        "attachments": list(decision.attachments.order_by("created_at")),
        "public_url": public_url("awards:public_decision", decision.public_id),
        "is_published": decision.is_published_on(timezone.localdate()),
        "can_manage": can_manage,
        "attachment_form": (form or AttachmentForm()) if can_manage else None,
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "awards/decision_detail.html", context, status=status)


@login_required
@require_POST
@domain_errors
def decision_attach(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.decision_get(actor=request.user, decision_id=decision_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _decision_page(request, decision, form)
    try:
        services.decision_attach(
            actor=request.user,
            decision=decision,
            uploaded=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            is_public=form.cleaned_data["is_public"],
        )
    except UploadRejected as error:
        form.add_error("file", str(error))
        return _decision_page(request, decision, form)
    messages.success(request, _("Đã đính kèm tệp vào quyết định."))
    return redirect("awards:decision_detail", decision_id=decision.pk)


@login_required
@require_GET
@domain_errors
def decision_attachment(request: HttpRequest, decision_id: int, attachment_id: int) -> FileResponse:
    attachment = selectors.decision_attachment_get(
        actor=request.user, decision_id=decision_id, attachment_id=attachment_id
    )
    return stored_file(attachment.file, attachment.original_name, attachment.content_type)


@login_required
@require_POST
@domain_errors
def decision_attachment_remove(request: HttpRequest, decision_id: int, attachment_id: int) -> HttpResponse:
    attachment = selectors.decision_attachment_get(
        actor=request.user, decision_id=decision_id, attachment_id=attachment_id
    )
    services.decision_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("Đã xóa tệp đính kèm."))
    return redirect("awards:decision_detail", decision_id=decision_id)


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Award history of a unit (collective and its people) or of one person, newest first."""
    year = _int(request.GET.get("year"))
    unit_id = _int(request.GET.get("unit"))
    person_id = _int(request.GET.get("person"))
    records = list(
        selectors.record_list(actor=request.user, year=year, unit_id=unit_id, person_id=person_id)[:500]
    )
    units = (
        access.units_in_scope(request.user, Action.VIEW)
        .filter(award_records__isnull=False)
        .distinct()
        .order_by("path")[:300]
    )
    context = {"records": records, "units": units, "unit_id": unit_id, "person_id": person_id, "year": year}
    return render(request, "awards/history.html", context)


# -- Excel -----------------------------------------------------------------------------------------


def _import_scopes(user):
    return access.units_in_scope(user, Action.MANAGE_CLUSTERS).filter(depth__lte=2).order_by("path")[:50]


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def import_upload(request: HttpRequest) -> HttpResponse:
    scopes = list(_import_scopes(request.user))
    if request.method == "POST":
        upload = request.FILES.get("file")
        scope = next((u for u in scopes if u.pk == _int(request.POST.get("scope"))), None)
        if upload is None or scope is None:
            messages.error(request, _("Cần chọn phạm vi đơn vị và tệp Excel."))
            return redirect("awards:import_upload")
        from .errors import ImportRefused

        try:  # checks (size before reading, type, package) and the task enqueued on commit: the service
            job = importing.job_create(
                actor=request.user, scope=scope, name=upload.name or "", content=upload
            )
        except importing.Refused as refused:
            raise ImportRefused(reason=refused.translated()) from None
        return redirect("awards:import_status", job_id=job.pk)
    return render(
        request,
        "awards/import.html",
        {"scopes": scopes, "max_mb": uploads.max_upload_bytes() // 1048576},
    )


@login_required
@require_GET
@domain_errors
def import_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    if importing.is_stale(job):  # its worker stopped beating: show it failed (and retryable) now
        importing.jobs_fail_stale()
        job.refresh_from_db()
    template = "awards/import_status.html#progress" if is_htmx(request) else "awards/import_status.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
@domain_errors
def import_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    importing.job_retry(actor=request.user, job=job)
    messages.success(request, _("Đã chạy lại lượt nhập."))
    return redirect("awards:import_status", job_id=job.pk)


@login_required
@require_GET
@domain_errors
def import_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    return attachment(importing.error_report_xlsx(job), f"loi-nhap-{job.pk}.xlsx")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    return attachment(importing.template_xlsx(), "mau-danh-sach-khen-thuong.xlsx")


@login_required
@require_GET
def records_export(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    records = selectors.record_list(actor=request.user, year=year)[:100000]
    return attachment(importing.export_xlsx(records), f"danh-sach-khen-thuong-{year or 'tat-ca'}.xlsx")


# -- statistics ------------------------------------------------------------------------------------


def _term(request: HttpRequest) -> ClusterTerm | None:
    term_id = _int(request.GET.get("cluster"))
    if not term_id:
        return None
    return access.terms_in_scope(request.user).select_related("cluster").filter(pk=term_id).first()


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"))
    term = _term(request)
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    records = stats.records_in_scope(
        actor=request.user, year=year, cluster_term=term, date_from=date_from, date_to=date_to
    )
    counts = stats.award_counts(records)
    units = stats.unit_counts(records)
    if request.GET.get("format") == "xlsx":
        title = f"Thống kê khen thưởng {year or ''} {term.display_name if term else ''}".strip()
        return attachment(
            stats.counts_xlsx(counts, units, title), f"thong-ke-khen-thuong-{year or 'tat-ca'}.xlsx"
        )
    context = {
        "counts": counts,
        "units": units,
        "praise": stats.award_counts(records, praise=True),
        "sentence": stats.summary_sentence(counts),
        "chart": json.dumps(stats.chart_data(counts), ensure_ascii=False),
        "year": year,
        "date_from": date_from,
        "date_to": date_to,
        "term": term,
        "terms": access.terms_in_scope(request.user)
        .select_related("cluster", "cluster__owner")
        .order_by("-year")[:100],
        "total": sum(row["count"] for row in counts),
    }
    return render(request, "awards/statistics.html", context)


@login_required
@require_GET
def statutory(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), timezone.localdate().year - 1)
    forms = list(selectors.stat_forms())
    form = next((f for f in forms if f.pk == _int(request.GET.get("form"))), None) or stats.form_for_year(
        year
    )
    reporting = access.units_in_scope(request.user, Action.VIEW).order_by("depth", "path").first()
    filled = None
    if form is not None:
        filled = stats.statutory_form(
            form=form,
            records=stats.records_in_scope(actor=request.user),
            year=year,
            reporting_unit=reporting,
            receiving_unit=request.GET.get("receiver") or "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)",
            movements=stats.movements_in_scope(actor=request.user),
        )
        name = f"bieu-{form.code.split('/')[0]}-{year}"
        if request.GET.get("format") == "xlsx":
            return attachment(stats.statutory_xlsx(filled), f"{name}.xlsx")
        if request.GET.get("format") == "docx":
            return attachment(stats.statutory_docx(filled), f"{name}.docx", DOCX_CONTENT_TYPE)
    return render(
        request, "awards/statutory.html", {"forms": forms, "form": form, "filled": filled, "year": year}
    )


# -- public disclosure (no login) ------------------------------------------------------------------


def _public_day(request: HttpRequest) -> datetime.date:
    return timezone.localdate()


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "awards/public_index.html", selectors.public_listing(today=_public_day(request)))


@require_GET
@domain_errors
def public_decision(request: HttpRequest, public_id) -> HttpResponse:
    decision = selectors.public_decision_get(public_id=public_id, today=_public_day(request))
    context = {
        "decision": decision,
        "records": selectors.decision_records(decision=decision),
        "attachments": decision.attachments.filter(is_public=True).order_by("created_at"),
    }
    return render(request, "awards/public_decision.html", context)


@require_GET
@domain_errors
def public_decision_file(request: HttpRequest, public_id, attachment_id: int) -> FileResponse:
    attachment = selectors.public_attachment_get(
        public_id=public_id, attachment_id=attachment_id, today=_public_day(request)
    )
    return stored_file(attachment.file, attachment.original_name, attachment.content_type)


@require_GET
@domain_errors
def public_award(request: HttpRequest, public_id) -> HttpResponse:
    record = selectors.public_award_get(public_id=public_id, today=_public_day(request))
    return render(request, "awards/public_award.html", {"record": record})


@require_GET
@domain_errors
def public_batch(request: HttpRequest, public_id) -> HttpResponse:
    batch = selectors.public_batch_get(public_id=public_id, today=_public_day(request))
    return render(
        request,
        "awards/public_batch.html",
        {"batch": batch, "candidates": selectors.batch_candidates(batch=batch)},
    )
