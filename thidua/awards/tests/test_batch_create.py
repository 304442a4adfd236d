"""Starting an award season from the awards pages (issue 15.1): the page calls `services.batch_create`."""

import pytest
from django.urls import reverse

from thidua.awards.models import ProposalBatch, ProposalStatus, Track

pytestmark = pytest.mark.django_db

URL = reverse("awards:batch_create")


def _post(client, user, **data):
    client.force_login(user)
    payload = {"title": "Đề nghị khen thưởng năm 2025", "year": "2025", "track": Track.REGULAR}
    payload |= data
    return client.post(URL, payload)


def test_officer_starts_a_batch_for_own_unit_and_lands_on_it(client, users, provinces):
    response = _post(client, users["officer"], proposer=f"u:{provinces[1].pk}", submit_by="2025-11-30")
    batch = ProposalBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("awards:batch_detail", kwargs={"batch_id": batch.pk})
    assert (batch.unit, batch.reviewer, batch.year, batch.status) == (
        provinces[1],
        provinces[1].parent,
        2025,
        ProposalStatus.DRAFT,
    )
    assert (
        batch.submit_by is not None
        and batch.submit_by.isoformat() == "2025-11-30"
        and batch.created_by == users["officer"]
    )
    page = client.get(response.url).content.decode()
    assert "30/11/2025" in page and 'id="candidate-form"' in page


def test_cluster_leader_staff_starts_a_batch_for_the_cluster_year(client, users, term):
    response = _post(client, users["cluster_staff"], proposer=f"t:{term.pk}", year="2024")
    assert response.status_code == 302
    batch = ProposalBatch.objects.get()
    assert batch.cluster_term == term and batch.reviewer == term.cluster.owner


def test_page_offers_own_unit_and_index_links_to_it(client, users, provinces, other_province):
    client.force_login(users["officer"])
    page = client.get(URL).content.decode()
    assert f'value="u:{provinces[1].pk}"' in page and f'value="u:{other_province.pk}"' not in page
    assert 'type="date"' in page
    assert URL in client.get(reverse("awards:index")).content.decode()


@pytest.mark.parametrize(
    ("who", "proposer_of", "status"),
    [
        ("foreign_officer", "province", 404),  # a unit outside the user's scope
        ("viewer", "province", 403),  # may see the unit, may not draft for it
        ("nobody", "province", 403),
        ("officer", "other", 404),
    ],
)
def test_unauthorised_or_foreign_unit_creates_nothing(
    client, users, provinces, other_province, who, proposer_of, status
):
    unit = provinces[1] if proposer_of == "province" else other_province
    response = _post(client, users[who], proposer=f"u:{unit.pk}")
    assert response.status_code == status
    assert not ProposalBatch.objects.exists()


def test_user_without_drafting_rights_gets_403_on_the_page_and_no_link(client, users):
    client.force_login(users["viewer"])
    assert client.get(URL).status_code == 403
    assert URL not in client.get(reverse("awards:index")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "1990"}, "Năm phải từ 2000 đến 2100."),
        ({"year": "abc"}, "Năm phải là một số"),
        ({"title": "  "}, "Cần nhập trích yếu của đề nghị."),
        ({"proposer": ""}, "Cần chọn đơn vị hoặc cụm lập đề nghị."),
        ({"proposer": "u:x; drop"}, "Đơn vị / cụm lập đề nghị không hợp lệ."),
        ({"track": "bogus"}, "Loại hình khen thưởng không hợp lệ."),
        ({"submit_by": "31/02/2025"}, "Ngày không hợp lệ."),
        ({"submit_by": "2024-12-31"}, "Hạn nộp hồ sơ không thể trước năm được đề nghị khen thưởng."),
    ],
)
def test_invalid_input_shows_a_vietnamese_form_error(client, users, provinces, data, message):
    response = _post(client, users["officer"], **({"proposer": f"u:{provinces[1].pk}"} | data))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ProposalBatch.objects.exists()


def test_api_creates_the_same_batch_with_its_deadline(client, users, provinces):
    client.force_login(users["officer"])
    response = client.post(
        "/api/v1/awards/proposals",
        {"title": "Đề nghị 2025", "year": 2025, "unit_id": provinces[1].pk, "submit_by": "2025-11-30"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert str(ProposalBatch.objects.get().submit_by) == "2025-11-30"
