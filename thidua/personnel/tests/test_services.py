"""Accounts and role grants (issue 15.3a): who may create, grant, end, deactivate, reset."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from thidua.core.errors import AccessDenied, ValidationFailed
from thidua.organisation import access
from thidua.organisation import services as organisation_services
from thidua.organisation.access import Action
from thidua.organisation.errors import RoleAlreadyEnded
from thidua.organisation.models import Role, UnitRole
from thidua.personnel import selectors, services
from thidua.personnel.errors import DeactivateSelf, ResetOwnPassword, UsernameTaken

pytestmark = pytest.mark.django_db
User = get_user_model()


def authenticate(*, username, password):
    return ModelBackend().authenticate(None, username=username, password=password)


def test_board_creates_an_account_with_a_role_in_its_province_and_a_one_time_password(
    province_board, provinces
):
    user, password = services.account_create(
        actor=province_board,
        username="CanBo.SocTrang2",
        full_name="Lê Thị Hoa",
        unit=provinces[0],
        role=Role.OFFICER,
        email="hoa@example.gov.vn",
    )
    user.refresh_from_db()
    assert user.username == "canbo.soctrang2" and user.must_change_password
    assert authenticate(username="canbo.soctrang2", password=password) is not None
    grant = UnitRole.objects.get(user=user)
    assert (grant.unit, grant.role, grant.ended_on, grant.granted_by) == (
        provinces[0],
        Role.OFFICER,
        None,
        province_board,
    )
    assert access.can(user, Action.EDIT, provinces[0])


def test_board_cannot_grant_outside_its_units_nor_the_admin_role_nor_to_itself(province_board, provinces):
    with pytest.raises(AccessDenied):
        services.account_create(
            actor=province_board,
            username="ngoai.pham.vi",
            full_name="A",
            unit=provinces[1],
            role=Role.OFFICER,
        )
    with pytest.raises(AccessDenied):
        services.account_create(
            actor=province_board, username="quan.tri.moi", full_name="A", unit=provinces[0], role=Role.ADMIN
        )
    with pytest.raises(AccessDenied, match="chính mình"):
        organisation_services.role_grant(
            actor=province_board, user=province_board, unit=provinces[0], role=Role.UNIT_LEADER
        )
    assert not User.objects.filter(username__in=["ngoai.pham.vi", "quan.tri.moi"]).exists()
    assert UnitRole.objects.filter(user=province_board).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "a"),
        ("username", "tên có dấu"),
        ("username", "x" * 61),
        ("username", "abc\x00def"),
        ("full_name", ""),
        ("full_name", '=HYPERLINK("http://x")'),
        ("full_name", "Nguyễn\x00A"),
        ("full_name", "A" * 151),
        ("email", "khong-phai-email"),
    ],
)
def test_hostile_account_fields_are_refused_in_vietnamese_and_nothing_is_made(users, provinces, field, value):
    fields = {"username": "hop.le", "full_name": "Nguyễn Văn A", "email": ""} | {field: value}
    with pytest.raises(ValidationFailed) as refused:
        services.account_create(actor=users["admin"], unit=provinces[0], role=Role.OFFICER, **fields)
    assert refused.value.field == field and refused.value.status == 422
    assert not User.objects.filter(username="hop.le").exists()


def test_a_taken_username_is_refused(users, provinces):
    with pytest.raises(UsernameTaken):
        services.account_create(
            actor=users["admin"],
            username=users["officer"].username,
            full_name="B",
            unit=provinces[0],
            role="viewer",
        )


def test_a_person_who_moves_unit_keeps_the_history_of_the_old_role(users, provinces):
    officer = users["officer"]
    old = officer.unit_roles.get()
    organisation_services.role_end(actor=users["admin"], grant=old, ended_on=datetime.date(2025, 6, 30))
    organisation_services.role_grant(actor=users["admin"], user=officer, unit=provinces[2], role=Role.OFFICER)
    officer = User.objects.get(pk=officer.pk)  # a fresh request: no cached grants
    assert not access.can(officer, Action.EDIT, provinces[1])
    assert access.can(officer, Action.EDIT, provinces[2])
    history = list(UnitRole.objects.filter(user=officer).order_by("pk").values_list("unit_id", "ended_on"))
    assert history == [(provinces[1].pk, datetime.date(2025, 6, 30)), (provinces[2].pk, None)]
    with pytest.raises(RoleAlreadyEnded):
        organisation_services.role_end(actor=users["admin"], grant=old)
    # the same role at the old unit again is a new grant: the ended one stays as it was
    again = organisation_services.role_grant(
        actor=users["admin"], user=officer, unit=provinces[1], role=Role.OFFICER
    )
    assert again.pk != old.pk and UnitRole.objects.filter(user=officer).count() == 3


def test_board_manages_only_accounts_wholly_inside_its_units(province_board, users, provinces, make_user):
    inside = make_user(Role.OFFICER, provinces[0])
    straddling = make_user(Role.OFFICER, provinces[0])
    organisation_services.role_grant(
        actor=users["admin"], user=straddling, unit=provinces[1], role=Role.VIEWER
    )
    assert access.can_manage_account(province_board, inside)
    assert not access.can_manage_account(province_board, straddling)
    services.account_set_active(actor=province_board, account=inside, is_active=False)
    inside.refresh_from_db()
    assert not inside.is_active
    with pytest.raises(AccessDenied, match="ngoài phạm vi"):
        services.account_password_reset(actor=province_board, account=straddling)
    with pytest.raises(AccessDenied):
        services.account_set_active(actor=province_board, account=users["admin"], is_active=False)
    assert User.objects.get(pk=users["admin"].pk).is_active


def test_a_reset_password_replaces_the_old_one_and_must_be_changed(users):
    officer = users["officer"]
    password = services.account_password_reset(actor=users["admin"], account=officer)
    officer.refresh_from_db()
    assert officer.must_change_password
    assert authenticate(username=officer.username, password="matkhau-thu-nghiem") is None
    assert authenticate(username=officer.username, password=password) is not None


def test_no_one_resets_their_own_password_or_locks_themselves_out(users):
    with pytest.raises(ResetOwnPassword):
        services.account_password_reset(actor=users["admin"], account=users["admin"])
    with pytest.raises(DeactivateSelf):
        services.account_set_active(actor=users["admin"], account=users["admin"], is_active=False)


def test_a_deactivated_account_cannot_sign_in_and_loses_its_rights(users, provinces):
    services.account_set_active(actor=users["admin"], account=users["officer"], is_active=False)
    officer = User.objects.get(pk=users["officer"].pk)
    assert authenticate(username=officer.username, password="matkhau-thu-nghiem") is None
    assert not access.can(officer, Action.EDIT, provinces[1])


def test_board_lists_accounts_of_its_units_including_people_who_moved_away(
    province_board, users, provinces, make_user
):
    here = make_user(Role.OFFICER, provinces[0], username="o.day")
    moved = make_user(Role.OFFICER, provinces[0], username="da.chuyen")
    organisation_services.role_end(actor=users["admin"], grant=moved.unit_roles.get())
    elsewhere = users["officer"]  # at provinces[1]
    names = set(selectors.account_list(actor=province_board).values_list("username", flat=True))
    assert {here.username, moved.username} <= names and elsewhere.username not in names
    assert province_board.username in names  # its own account (read only)
    assert not access.can_manage_account(province_board, province_board)


def test_a_role_cannot_be_ended_at_a_later_day_than_today(users):
    grant = users["officer"].unit_roles.get()
    with pytest.raises(ValidationFailed, match="không được sau hôm nay"):
        organisation_services.role_end(actor=users["admin"], grant=grant, ended_on=datetime.date(2999, 1, 1))
    grant.refresh_from_db()
    assert grant.ended_on is None
