import datetime

import pytest

from thidua.conferences import selectors, services
from thidua.conferences.models import AttendeeRole, ConferenceKind, SideEventKind
from thidua.conferences.tests.factories import AttendeeFactory, ConferenceFactory
from thidua.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("board", True),
        ("cluster_staff", True),
        ("officer", True),
        ("viewer", True),
        ("foreign_officer", False),
        ("nobody", False),
    ],
)
def test_conference_is_visible_to_the_cluster_only(users, term, role, visible):
    conference = ConferenceFactory(term=term)
    if visible:
        assert selectors.conference_get(actor=users[role], conference_id=conference.pk) == conference
        assert list(selectors.conference_list(actor=users[role])) == [conference]
    else:
        with pytest.raises(NotFound):
            selectors.conference_get(actor=users[role], conference_id=conference.pk)
        assert list(selectors.conference_list(actor=users[role])) == []


def test_absent_conference_is_not_found(users):
    with pytest.raises(NotFound):
        selectors.conference_get(actor=users["admin"], conference_id=999999)


def test_list_query_count_is_flat(users, term, django_assert_max_num_queries):
    for i in range(5):
        conference = ConferenceFactory(term=term, date=datetime.date(2024, 1, 1 + i))
        AttendeeFactory(conference=conference, unit=term.leader)
    with django_assert_max_num_queries(4):
        rows = list(selectors.conference_list(actor=users["board"]))
        assert [r.term.cluster.name for r in rows]
        assert [r.host for r in rows]


def test_document_context_has_what_the_minutes_need(users, term, provinces):
    actor = users["cluster_staff"]
    conference = services.conference_create(
        actor=actor,
        term=term,
        kind=ConferenceKind.HALF_YEAR,
        title="Hội nghị sơ kết 6 tháng đầu năm 2024",
        date=datetime.date(2024, 7, 16),
        period_label="6 tháng đầu năm 2024",
        host=provinces[1],
        venue="Hội trường Công an tỉnh Tiền Giang",
    )
    services.guest_add(
        actor=actor,
        conference=conference,
        name="Nguyễn Văn Khách",
        rank="Thiếu tướng",
        position="Phó Cục trưởng",
    )
    services.attendee_add(
        actor=actor,
        conference=conference,
        unit=provinces[0],
        name="Lâm Văn A",
        role=AttendeeRole.HEAD,
        is_voter=True,
    )
    services.agenda_item_add(
        actor=actor,
        conference=conference,
        title="Báo cáo sơ kết",
        presenter_name="Phạm B",
        presenter_unit=provinces[0],
    )
    event = services.side_event_add(
        actor=actor,
        conference=conference,
        kind=SideEventKind.SPORTS,
        title="Giao lưu thể thao",
        date=datetime.date(2024, 7, 15),
        host=provinces[1],
        delegations=6,
    )
    services.side_event_result_add(
        actor=actor, side_event=event, discipline="Bắn súng", unit=provinces[1], placing=1, prize="Giải Nhất"
    )
    services.featured_model_add(
        actor=actor, conference=conference, unit=provinces[1], name="Nghĩa tình ngày hạn mặn"
    )
    services.conference_update(
        actor=actor, conference=conference, conclusions="Tiếp tục thực hiện các chỉ tiêu chưa đạt."
    )
    context = selectors.conference_document_context(conference)
    assert context["kind"] == "half_year" and context["period"]["label"] == "6 tháng đầu năm 2024"
    assert (
        context["host"] == provinces[1].name
        and context["member_count"] == 6
        and context["present_unit_count"] == 1
    )
    assert context["guests"][0]["text"] == "Thiếu tướng Nguyễn Văn Khách, Phó Cục trưởng"
    assert [c["unit"] for c in context["chairs"]] == [provinces[0].name, provinces[1].name]
    assert context["side_events"][0]["results"][0]["prize"] == "Giải Nhất"
    assert context["named_models"][0]["name"] == "Nghĩa tình ngày hạn mặn"
    assert context["agenda"][0]["presenter_unit"] == provinces[0].name
    assert context["conclusions"].startswith("Tiếp tục") and context["results"] == []
