import pytest

from thidua.emulation.tests.factories import make_covenant, make_periods, make_registration


@pytest.fixture
def periods(ministry):
    return make_periods(ministry, 2024)


@pytest.fixture
def covenant(term):
    return make_covenant(term)


@pytest.fixture
def registration(term, provinces, covenant):
    """Tiền Giang's (provinces[1]) accepted registration: 3 targets."""
    return make_registration(term, provinces[1], covenant)
