"""Conference pages: list, plan, detail with its sections (HTMX fragments), status, minutes preview."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.types import AuthenticatedHttpRequest
from thidua.core.errors import NotFound
from thidua.core.htmx import domain_errors, is_htmx
from thidua.core.http import stored_file

from . import forms, selectors, services
from .models import Attendee, ConferenceKind, ConferenceStatus, Guest


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = selectors.conference_years(actor=request.user)
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    conferences = selectors.conference_list(actor=request.user, year=year)
    context = {
        "conferences": conferences,
        "events": selectors.cluster_event_list(actor=request.user, year=year, standalone=True),
        "years": years,
        "year": year,
        "can_plan": bool(selectors.terms_manageable(actor=request.user)),
    }
    return render(request, "conferences/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def conference_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    terms = selectors.terms_manageable(actor=request.user)
    if not terms:
        raise NotFound()
    term_id = request.GET.get("term") or request.POST.get("term")
    chosen = next((t for t in terms if str(t.pk) == str(term_id)), terms[0])
    rotation = selectors.host_rotation(term=chosen)
    if request.method == "POST":
        form = forms.ConferenceForm(request.POST, terms=terms)
        if form.is_valid():
            data = form.cleaned_data
            conference = services.conference_create(
                actor=request.user,
                term=data["term"],
                kind=data["kind"],
                title=data["title"],
                date=data["date"],
                period_label=data["period_label"],
                period=data["period"],
                host=data["host"],
                venue=data["venue"],
            )
            messages.success(request, _("Đã lập kế hoạch hội nghị."))
            return redirect("conferences:detail", conference_id=conference.pk)
    else:
        form = forms.ConferenceForm(
            terms=terms,
            initial={
                "term": chosen.pk,
                "kind": ConferenceKind.HALF_YEAR,
                "host": rotation[0].unit.pk if rotation else None,
                "date": datetime.date.today(),
            },
        )
    context = {"form": form, "rotation": rotation, "term": chosen, "terms": terms}
    return render(request, "conferences/create.html", context)


def _detail_context(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    permissions = selectors.conference_permissions(actor=request.user, conference=conference)
    members = selectors.term_members(term=conference.term)
    attendees = list(conference.attendees.all())
    context: dict[str, Any] = {
        "conference": conference,
        "attendees": attendees,
        "present_units": len({a.unit_id for a in attendees if a.present}),
        "member_count": len(members),
        **permissions,
        "next_status": [
            (value, ConferenceStatus(value).label)
            for value in sorted(conference.TRANSITIONS[conference.status])
        ],
        "ballots_url": reverse("voting:conference_ballots", args=[conference.pk]),
        "minutes_generate_url": reverse("documents:generate", args=["conference_minutes", conference.pk]),
        "handover_link": getattr(conference, "handover_link", None),
    }
    if permissions["can_manage"]:
        context.update(
            {
                "info_form": forms.ConferenceInfoForm(
                    initial={
                        "title": conference.title,
                        "period_label": conference.period_label,
                        "date": conference.known_date,
                        "venue": conference.venue,
                        "conclusions": conference.conclusions,
                        "version": conference.version,
                    }
                ),
                "chair_form": forms.ChairForm(members=members),
                "guest_form": forms.GuestForm(),
                "attendee_form": forms.AttendeeForm(members=members),
                "agenda_form": forms.AgendaItemForm(members=members, initial={"kind": "report"}),
                "side_event_form": forms.SideEventForm(
                    members=members, initial={"date": conference.known_date}
                ),
                "result_form": forms.SideEventResultForm(members=members),
                "model_form": forms.FeaturedModelForm(members=members),
                "document_form": forms.DocumentForm(),
            }
        )
        if conference.kind == ConferenceKind.YEAR_END and context["handover_link"] is None:
            context["handover_form"] = forms.HandoverForm(members=members)
    return context


@login_required
@require_GET
@domain_errors
def detail(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return render(request, "conferences/detail.html", _detail_context(request, conference_id))


def _after_write(request: HttpRequest, conference_id: int, section: str) -> HttpResponse:
    if is_htmx(request):
        context = _detail_context(request, conference_id)
        response = render(request, f"conferences/detail.html#{section}", context)
        if section == "attendees":  # the info card's count of units present follows the list (15.6b)
            response.write(
                render_to_string("conferences/detail.html#present", {**context, "oob": True}, request=request)
            )
        return response
    return redirect(reverse("conferences:detail", kwargs={"conference_id": conference_id}) + f"#{section}")


def _form_error_text(form) -> str:
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return "; ".join(parts)


def _post_form(
    request: HttpRequest,
    conference_id: int,
    form_class: type,
    section: str,
    call: Callable[[Any, dict[str, Any]], Any],
    with_members: bool = False,
) -> HttpResponse:
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    kwargs = {"members": selectors.term_members(term=conference.term)} if with_members else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        text = _form_error_text(form)
        if is_htmx(request):
            response = render(request, "core/alert.html", {"error": text, "level": "danger"})
            response["HX-Retarget"] = "#alerts"
            response["HX-Reswap"] = "innerHTML"
            return response
        messages.error(request, text)
        return redirect(
            reverse("conferences:detail", kwargs={"conference_id": conference_id}) + f"#{section}"
        )
    call(conference, form.cleaned_data)
    return _after_write(request, conference_id, section)


@login_required
@require_POST
@domain_errors
def info_update(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.ConferenceInfoForm,
        "info",
        lambda c, d: services.conference_update(actor=request.user, conference=c, **d),
    )


@login_required
@require_POST
@domain_errors
def transition(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.TransitionForm,
        "info",
        lambda c, d: services.conference_transition(actor=request.user, conference=c, target=d["target"]),
    )


@login_required
@require_POST
@domain_errors
def chair_set(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.ChairForm,
        "chairs",
        lambda c, d: services.chair_set(actor=request.user, conference=c, **d),
        with_members=True,
    )


@login_required
@require_POST
@domain_errors
def guest_add(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.GuestForm,
        "guests",
        lambda c, d: services.guest_add(actor=request.user, conference=c, **d),
    )


@login_required
@require_POST
@domain_errors
def guest_remove(request: AuthenticatedHttpRequest, conference_id: int, guest_id: int) -> HttpResponse:
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    guest = (
        Guest.objects.filter(conference=conference, pk=guest_id).select_related("conference__term").first()
    )
    if guest is None:
        raise NotFound()
    services.guest_remove(actor=request.user, guest=guest)
    return _after_write(request, conference_id, "guests")


@login_required
@require_POST
@domain_errors
def attendee_add(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.AttendeeForm,
        "attendees",
        lambda c, d: services.attendee_add(actor=request.user, conference=c, **d),
        with_members=True,
    )


def _attendee(request: HttpRequest, conference_id: int, attendee_id: int) -> Attendee:
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    attendee = (
        Attendee.objects.filter(conference=conference, pk=attendee_id)
        .select_related("conference__term")
        .first()
    )
    if attendee is None:
        raise NotFound()
    return attendee


@login_required
@require_POST
@domain_errors
def attendee_toggle(request: AuthenticatedHttpRequest, conference_id: int, attendee_id: int) -> HttpResponse:
    attendee = _attendee(request, conference_id, attendee_id)
    form = forms.AttendeeToggleForm(request.POST)
    if form.is_valid():
        field = form.cleaned_data["field"]
        services.attendee_update(
            actor=request.user,
            attendee=attendee,
            version=form.cleaned_data["version"],
            **{field: not getattr(attendee, field)},
        )
    return _after_write(request, conference_id, "attendees")


@login_required
@require_POST
@domain_errors
def attendee_remove(request: AuthenticatedHttpRequest, conference_id: int, attendee_id: int) -> HttpResponse:
    services.attendee_remove(actor=request.user, attendee=_attendee(request, conference_id, attendee_id))
    return _after_write(request, conference_id, "attendees")


@login_required
@require_POST
@domain_errors
def agenda_add(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.AgendaItemForm,
        "agenda",
        lambda c, d: services.agenda_item_add(actor=request.user, conference=c, **d),
        with_members=True,
    )


@login_required
@require_POST
@domain_errors
def side_event_add(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.SideEventForm,
        "side-events",
        lambda c, d: services.side_event_add(actor=request.user, conference=c, **d),
        with_members=True,
    )


@login_required
@require_POST
@domain_errors
def side_event_result_add(
    request: AuthenticatedHttpRequest, conference_id: int, event_id: int
) -> HttpResponse:
    def call(conference, data):
        event = selectors.side_event_get(conference=conference, event_id=event_id)
        services.side_event_result_add(actor=request.user, side_event=event, **data)

    return _post_form(
        request, conference_id, forms.SideEventResultForm, "side-events", call, with_members=True
    )


@login_required
@require_POST
@domain_errors
def featured_model_add(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.FeaturedModelForm,
        "models",
        lambda c, d: services.featured_model_add(actor=request.user, conference=c, **d),
        with_members=True,
    )


@login_required
@require_POST
@domain_errors
def document_attach(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.DocumentForm,
        "documents",
        lambda c, d: services.document_attach(actor=request.user, conference=c, **d),
    )


@login_required
@require_GET
@domain_errors
def document_download(
    request: AuthenticatedHttpRequest, conference_id: int, document_id: int
) -> FileResponse:
    document = selectors.conference_document_get(
        actor=request.user, conference_id=conference_id, document_id=document_id
    )
    return stored_file(document.file, document.original_name or document.title, document.content_type)


@login_required
@require_POST
@domain_errors
def hand_over(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    return _post_form(
        request,
        conference_id,
        forms.HandoverForm,
        "handover",
        lambda c, d: services.conference_hand_over(actor=request.user, conference=c, **d),
        with_members=True,
    )


@login_required
@require_GET
@domain_errors
def minutes(request: AuthenticatedHttpRequest, conference_id: int) -> HttpResponse:
    """Preview of the conference minutes (the Word file comes from the Documents capability)."""
    conference = selectors.conference_get(actor=request.user, conference_id=conference_id)
    context = {
        "conference": conference,
        "doc": selectors.conference_document_context(conference),
        "minutes_generate_url": reverse("documents:generate", args=["conference_minutes", conference.pk]),
    }
    return render(request, "conferences/minutes.html", context)


# -- cluster events standing on their own (16.6) --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a báo công, dâng hương / tri ân, sports exchange or charity visit held without a conference."""
    terms = selectors.terms_manageable(actor=request.user)
    if not terms:
        raise NotFound()
    if request.method == "POST":
        form = forms.ClusterEventForm(request.POST, terms=terms)
        if form.is_valid():
            event = services.cluster_event_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi nhận hoạt động của cụm."))
            return redirect("conferences:event_detail", event_id=event.pk)
    else:
        chosen = next((t for t in terms if str(t.pk) == request.GET.get("term")), terms[0])
        form = forms.ClusterEventForm(terms=terms, initial={"term": chosen.pk, "kind": "achievement_report"})
    return render(request, "conferences/event_create.html", {"form": form})


def _event_context(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = selectors.cluster_event_get(actor=request.user, event_id=event_id)
    can_manage = selectors.event_can_manage(actor=request.user, event=event)
    context: dict[str, Any] = {"event": event, "can_manage": can_manage}
    if can_manage:
        context["result_form"] = forms.SideEventResultForm(members=selectors.term_members(term=event.term))
    return context


@login_required
@require_GET
@domain_errors
def event_detail(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    return render(request, "conferences/event_detail.html", _event_context(request, event_id))


@login_required
@require_POST
@domain_errors
def event_result_add(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = selectors.cluster_event_get(actor=request.user, event_id=event_id)
    form = forms.SideEventResultForm(request.POST, members=selectors.term_members(term=event.term))
    if not form.is_valid():
        context = _event_context(request, event_id)
        context["result_form"] = form
        return render(request, "conferences/event_detail.html", context, status=422)
    services.side_event_result_add(actor=request.user, side_event=event, **form.cleaned_data)
    messages.success(request, _("Đã ghi kết quả."))
    return redirect("conferences:event_detail", event_id=event.pk)
