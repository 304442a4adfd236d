import pytest

from thidua.core.errors import NotFound
from thidua.core.text import fold
from thidua.organisation import selectors

pytestmark = pytest.mark.django_db


def test_fold_strips_vietnamese_diacritics():
    assert fold("Công an tỉnh Đồng Tháp") == "cong an tinh dong thap"
    assert fold("  Tổ   công tác ĐẶC BIỆT 123 ") == "to cong tac dac biet 123"


def test_unit_search_is_diacritic_insensitive(users, provinces):
    found = list(selectors.unit_list(actor=users["admin"], query="dong thap"))
    assert [u.name for u in found] == ["Công an tỉnh Đồng Tháp"]
    assert list(selectors.unit_list(actor=users["admin"], query="ĐỒNG THÁP")) == found


def test_unit_list_is_scoped_to_the_grant_subtree(users, provinces, other_province):
    visible = set(selectors.unit_list(actor=users["officer"]))
    assert visible == {provinces[1]}


def test_detail_of_unit_outside_scope_is_not_found(users, other_province):
    with pytest.raises(NotFound):
        selectors.unit_get(actor=users["officer"], unit_id=other_province.pk)


def test_members_see_their_cluster_and_outsiders_do_not(users, term):
    assert selectors.term_get(actor=users["viewer"], term_id=term.pk) == term
    with pytest.raises(NotFound):
        selectors.term_get(actor=users["foreign_officer"], term_id=term.pk)
    assert list(selectors.term_list(actor=users["foreign_officer"])) == []
