import pytest

from thidua.awards import catalogue
from thidua.awards.models import AwardType


@pytest.fixture
def seeded(db):
    catalogue.seed()
    return {t.code: t for t in AwardType.objects.all()}
