"""Role × route matrix, shard 0 of expect.SHARDS (the table and its rules are in tests/security/expect.py)."""

import pytest

from .expect import (
    check_every_route_has_an_expectation,
    check_known_hole,
    check_matrix_size,
    check_route,
    known_hole_params,
    shard_keys,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", shard_keys(0))
def test_route(key, world, keys):
    check_route(key, world, keys)


def test_every_route_has_an_expectation():
    check_every_route_has_an_expectation()


def test_matrix_size():
    check_matrix_size()


@pytest.mark.parametrize("cell", known_hole_params(), ids=lambda cell: "-".join(cell))
def test_known_hole(cell, world, keys):
    check_known_hole(cell, world, keys)
