"""Role × route matrix, shard 3 of expect.SHARDS (the table and its rules are in tests/security/expect.py)."""

import pytest

from .expect import check_route, shard_keys

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", shard_keys(3))
def test_route(key, world, keys):
    check_route(key, world, keys)
