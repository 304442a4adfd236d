"""Issue 13.9: codes are shown once, when the slips are printed; a reprint revokes the old code and is
recorded on the minutes; the code travels only in POST bodies (never in a URL, so never in access logs)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from thidua.voting import selectors, services
from thidua.voting.models import SealedBallot, SlipReprint, VoterCode
from thidua.voting.tests.factories import codes_of, shares_of

pytestmark = pytest.mark.django_db


def _grouped(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _shows_a_code(body, codes):
    flat = body.replace("-", "")
    return [c for c in codes if c in flat]


@pytest.fixture
def secretary_client(client, users):
    client.force_login(users["cluster_staff"])
    return client


def test_the_slip_page_never_shows_codes_and_printing_shows_them_once(secretary_client, open_ballot):
    codes = codes_of(open_ballot)
    roll = secretary_client.get(reverse("voting:slips", args=[open_ballot.pk]))
    assert roll.status_code == 200 and _shows_a_code(roll.content.decode(), codes) == []
    assert "Đại biểu" in roll.content.decode()  # names, not codes
    printed = secretary_client.post(reverse("voting:slips_print", args=[open_ballot.pk]))
    body = printed.content.decode()
    assert printed.status_code == 200 and printed["Cache-Control"] == "no-store"
    assert body.count("<svg") == 6 and sorted(_shows_a_code(body, codes)) == sorted(codes)
    assert all(_grouped(c) in body for c in codes)
    again = secretary_client.post(reverse("voting:slips_print", args=[open_ballot.pk]))
    assert again.status_code == 302 and again.url == reverse("voting:slips", args=[open_ballot.pk])
    after = secretary_client.get(reverse("voting:slips", args=[open_ballot.pk])).content.decode()
    assert _shows_a_code(after, codes) == [] and "Đã in phiếu mã" in after
    detail = secretary_client.get(reverse("voting:ballot_detail", args=[open_ballot.pk])).content.decode()
    assert _shows_a_code(detail, codes) == []


def test_the_qr_carries_the_code_in_the_fragment_and_no_link_has_a_code(secretary_client, open_ballot):
    body = secretary_client.post(reverse("voting:slips_print", args=[open_ballot.pk])).content.decode()
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert not [h for h in hrefs if _shows_a_code(h, codes_of(open_ballot))]
    assert reverse("voting:vote") == "/bo-phieu/bau/"
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(f"/bo-phieu/{codes_of(open_ballot)[0]}/")


def test_a_reprint_revokes_the_old_code_and_is_on_the_minutes(secretary_client, open_ballot, attendees):
    cache.clear()
    secretary_client.post(reverse("voting:slips_print", args=[open_ballot.pk]))
    attendee = attendees[0]
    old = VoterCode.objects.get(ballot=open_ballot, attendee=attendee).code
    reprinted = secretary_client.post(
        reverse("voting:slip_reprint", args=[open_ballot.pk]),
        {"attendee": attendee.pk, "reason": "Mất phiếu"},
    )
    new = VoterCode.objects.get(ballot=open_ballot, attendee=attendee).code
    body = reprinted.content.decode()
    assert reprinted.status_code == 200 and new != old and _grouped(new) in body and old not in body
    assert body.count("<svg") == 1
    voter = secretary_client.__class__()
    assert voter.post(reverse("voting:vote"), {"code": old, "step": "cast"}).status_code == 404
    assert voter.post(reverse("voting:vote"), {"code": new, "step": "cast"}).status_code == 200
    # a used code cannot be reprinted (nobody gets a second vote)
    refused = secretary_client.post(
        reverse("voting:slip_reprint", args=[open_ballot.pk]), {"attendee": attendee.pk}
    )
    assert refused.status_code == 302 and SlipReprint.objects.count() == 1
    assert (
        secretary_client.post(
            reverse("voting:slip_reprint", args=[open_ballot.pk]), {"attendee": "x"}
        ).status_code
        == 404
    )
    roll = secretary_client.get(reverse("voting:slips", args=[open_ballot.pk])).content.decode()
    assert "Mất phiếu" in roll
    services.ballot_close(actor=reprinted.wsgi_request.user, ballot=open_ballot)
    services.ballot_tally(
        actor=reprinted.wsgi_request.user, ballot=open_ballot, shares=shares_of(open_ballot)
    )
    minutes = secretary_client.get(reverse("voting:minutes", args=[open_ballot.pk])).content.decode()
    assert "Phiếu mã in lại" in minutes and attendee.name in minutes and "Mất phiếu" in minutes
    doc = selectors.ballot_count_minutes_context(open_ballot)
    assert [r["voter"] for r in doc["slip_reprints"]] == [attendee.name] and doc["slips_printed_at"]


@pytest.mark.parametrize(("role", "status"), [("cluster_staff", 200), ("officer", 404), ("viewer", 404)])
def test_only_the_secretary_side_prints(client, users, open_ballot, role, status):
    client.force_login(users[role])
    assert client.post(reverse("voting:slips_print", args=[open_ballot.pk])).status_code == status


def test_the_code_holder_chooses_confirms_and_gets_a_receipt_with_the_code_only_in_post_bodies(
    client, open_ballot
):
    cache.clear()
    option = open_ballot.options.order_by("order").first()
    code = codes_of(open_ballot)[0]
    assert client.get(reverse("voting:vote")).status_code == 200  # the code field
    page = client.post(reverse("voting:vote"), {"code": code})
    assert page.status_code == 200 and option.label in page.content.decode()
    others = {f"option_{o.pk}": "abstain" for o in open_ballot.options.exclude(pk=option.pk)}
    review = client.post(
        reverse("voting:vote"), {"code": code, "step": "review", f"option_{option.pk}": "yes", **others}
    )
    assert review.status_code == 200 and "Xác nhận gửi phiếu" in review.content.decode()
    assert SealedBallot.objects.filter(ballot=open_ballot).count() == 0  # not cast yet
    response = client.post(
        reverse("voting:vote"), {"code": code, "step": "cast", f"option_{option.pk}": "yes"}
    )
    receipt = SealedBallot.objects.get(ballot=open_ballot)
    assert response.status_code == 200 and receipt.tracker in response.content.decode()
    again = client.post(reverse("voting:vote"), {"code": code, "step": "cast", f"option_{option.pk}": "no"})
    assert again.status_code == 200 and "đã được sử dụng" in again.content.decode()
    assert SealedBallot.objects.filter(ballot=open_ballot).count() == 1
    assert "sessionid" not in client.cookies


def test_no_mark_is_preselected_and_an_unmarked_option_is_refused_with_the_choices_kept(client, open_ballot):
    """Issue 15.4: one tap must not cast an all-abstain ballot; the voter marks every option, reviews, casts."""
    cache.clear()
    options = list(open_ballot.options.order_by("order"))
    code = codes_of(open_ballot)[0]
    form = client.post(reverse("voting:vote"), {"code": code}).content.decode()
    assert " checked" not in form.split('id="vote-form"')[1].split("</form>")[0]
    assert form.count(" required") >= len(options) * 3
    partial = client.post(
        reverse("voting:vote"), {"code": code, "step": "review", f"option_{options[0].pk}": "no"}
    )
    body = partial.content.decode()
    assert partial.status_code == 422 and "Chưa chọn cho" in body and options[1].label in body
    assert 'value="no" required checked' in body  # the mark already made is kept
    assert SealedBallot.objects.filter(ballot=open_ballot).count() == 0
    back = client.post(
        reverse("voting:vote"), {"code": code, **{f"option_{o.pk}": "yes" for o in options}}
    ).content.decode()  # "Chọn lại" from the review keeps every mark
    assert back.count('value="yes" required checked') == len(options)
