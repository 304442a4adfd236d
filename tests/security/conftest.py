"""One world per module: built once inside a transaction that is rolled back when the module ends; each
test runs in a savepoint of it (pytest-django's `db`), so whatever a request changes is undone."""

import pytest
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def keys(world, django_db_blocker):
    """A signed-in session per role of the world (tests/security/matrix.py)."""
    from .matrix import sessions

    with django_db_blocker.unblock():
        return sessions(world)
