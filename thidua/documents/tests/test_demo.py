"""The demo loader is idempotent and makes the cluster's papers for the leader unit's staff."""

import pytest

from thidua.documents import demo
from thidua.documents.models import FormLayout, GeneratedDocument
from thidua.organisation.models import Role

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent(term, make_user, provinces, settings):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"  # keep the test fast: no PDF run
    make_user(Role.CLUSTER_STAFF, provinces[0], username="cumtruong.soctrang")
    demo.load()
    first = GeneratedDocument.objects.count()
    assert GeneratedDocument.objects.filter(kind="plan", cluster_term=term).exists()
    assert FormLayout.objects.count() == 2
    demo.load()
    assert GeneratedDocument.objects.count() == first and FormLayout.objects.count() == 2
