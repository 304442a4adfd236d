"""17.2: two desk officers acting on one proposal at once get one success and one clear 409 — no deadlock,
no lost update, no 500. Each thread runs on its own connection with real transactions (PostgreSQL; on
SQLite only with a file database, THIDUA_TEST_DB=var/<name>.sqlite3)."""

import threading

import pytest
from django.db import connection, connections

from thidua.awards import catalogue, services
from thidua.awards.models import AwardType, ProposalBatch, ProposalStatus
from thidua.core.errors import DomainError
from thidua.organisation.models import Role, UnitKind
from thidua.organisation.tests.factories import UnitFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = ProposalStatus


@pytest.fixture(autouse=True)
def _real_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]  # the stub types the base wrapper; SQLite's has it
        pytest.skip("needs a file database on SQLite (THIDUA_TEST_DB=var/<name>.sqlite3)")


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 — the outcome is what we assert on
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.fixture
def sent(users, provinces, make_user):
    catalogue.seed()
    department = UnitFactory(parent=provinces[1], kind=UnitKind.PROVINCIAL_DEPARTMENT, name="Phòng CSGT")
    batch = services.batch_create(actor=users["officer"], title="Đề nghị 2024", year=2024, unit=department)
    services.candidate_add(
        actor=users["officer"],
        batch=batch,
        award_type=AwardType.objects.get(code="BK-BCA-TT"),
        unit=department,
        achievement="Bảo đảm trật tự an toàn giao thông",
    )
    services.batch_transition(actor=users["officer"], batch=batch, target=S.PENDING_LEADER)
    services.batch_transition(actor=users["unit_leader"], batch=batch, target=S.SENT)
    return batch, make_user(Role.BOARD, provinces[1]), make_user(Role.BOARD, provinces[1])


def _outcome_codes(outcomes):
    assert not [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, DomainError)], outcomes
    return sorted(o.status if isinstance(o, DomainError) else 200 for o in outcomes)


def test_two_desk_officers_receive_at_once_one_wins_one_409(sent):
    batch, first, second = sent
    outcomes = _race(
        lambda: services.batch_transition(actor=first, batch=batch, target=S.IN_REVIEW),
        lambda: services.batch_transition(actor=second, batch=batch, target=S.IN_REVIEW),
    )
    assert _outcome_codes(outcomes) == [200, 409]
    assert ProposalBatch.objects.get(pk=batch.pk).log.filter(action="receive").count() == 1


def test_receive_and_return_at_once_from_the_same_page_one_wins_one_409(sent):
    batch, first, second = sent
    seen = ProposalBatch.objects.get(pk=batch.pk).version
    outcomes = _race(
        lambda: services.batch_transition(actor=first, batch=batch, target=S.IN_REVIEW, version=seen),
        lambda: services.batch_transition(
            actor=second, batch=batch, target=S.RETURNED, reason="Thiếu hồ sơ", version=seen
        ),
    )
    assert _outcome_codes(outcomes) == [200, 409]
    fresh = ProposalBatch.objects.get(pk=batch.pk)
    assert fresh.log.exclude(action__in=["start", "submit", "send"]).count() == 1
    assert fresh.status in (S.IN_REVIEW, S.RETURNED)
