"""The emulation fixtures (periods, covenant with criteria, a registration with targets) for the API tests."""

from thidua.emulation.tests.conftest import covenant, periods, registration  # noqa: F401
