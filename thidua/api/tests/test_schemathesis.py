"""Schemathesis against every operation of /api/v1/ in-process (WSGI on the test database), logged in as
an admin and as a unit officer of the demo data: no 5xx, and every response as documented."""

import io
import logging
import os
import sys
import traceback
from collections import Counter

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("THIDUA_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
ACCOUNTS = ("admin", "canbo.tiengiang")


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler on the test database. Like the test client, it must not close the connection
    at the end of each request (that connection holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _credentials(username: str) -> tuple[dict[str, str], dict[str, str]]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    token = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return cookies, {"X-CSRFToken": token}


def _run(schema, username: str, mode: GenerationMode, failures: dict, stats: Counter) -> None:
    cookies, headers = _credentials(username)
    exceptions: list[str] = []

    def record(sender, **kwargs):
        exceptions.append("".join(traceback.format_exception(*sys.exc_info())[-2:]))

    signals.got_request_exception.connect(record)
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.CRITICAL  # 500s are collected with their cause below
    try:
        for result in schema.get_all_operations():
            _fuzz(result.ok(), mode, username, cookies, headers, exceptions, failures, stats)
    finally:
        logger.level = level
        signals.got_request_exception.disconnect(record)


def _fuzz(operation, mode, username, cookies, headers, exceptions, failures, stats) -> None:
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case, data):
        for name, value in list((case.path_parameters or {}).items()):
            if name.endswith("_id") and isinstance(value, int) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.integers(1, 40))
        stats[operation.label] += 1
        stats["cases"] += 1
        exceptions.clear()
        with transaction.atomic():
            try:
                response = case.call(cookies=cookies, headers=headers)
                stats[f"status {response.status_code // 100}xx"] += 1
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as error:  # collected, reported at the end
                for failure in getattr(error, "exceptions", [error]):
                    cause = exceptions[-1].strip().splitlines()[-1] if exceptions else ""
                    key = (operation.label, type(failure).__name__, cause or str(failure)[:160])
                    if key not in failures:
                        failures[key] = (
                            f"{operation.label} [{username} {mode.value}] {type(failure).__name__}: "
                            f"{cause or str(failure)[:600]}\n{case.as_curl_command()}"
                        )
            transaction.set_rollback(True)

    run()


def test_every_operation_as_admin_and_unit_officer(wsgi_app, settings):
    settings.THIDUA_SOFFICE = "/nonexistent/soffice"  # no PDF conversion: keeps the run short
    call_command("demo_load", stdout=io.StringIO())
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    failures: dict = {}
    stats: Counter = Counter()
    for username in ACCOUNTS:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(schema, username, mode, failures, stats)
    statuses = " ".join(
        f"{key.split()[1]}={value}" for key, value in sorted(stats.items()) if key.startswith("status")
    )
    operations = len([key for key in stats if key.startswith(("GET", "POST", "PUT", "PATCH", "DELETE"))])
    print(f"SCHEMATHESIS operations={operations} cases={stats['cases']} failures={len(failures)} {statuses}")
    assert not failures, "\n\n".join(failures.values())
