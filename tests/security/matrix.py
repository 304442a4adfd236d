"""The role × route matrix: routes come from the URLconf and the ninja OpenAPI schema (never a hand list),
path parameters are filled from the world by a resolver per parameter name, and each cell is one request.

A cell is (route key, role, side): side "own" fills the parameters with province A's objects, "foreign"
with province B's, "none" is the only side of a route without an object parameter.
"""

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import ERROR, get_messages
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from thidua.core.errors import AccessDenied, NotFound
from thidua.documents.qr import verification_token

# Namespaces not in the matrix: the Django admin has its own staff login (thidua/core/tests/admin_contract.py),
# the api namespace is walked through its OpenAPI schema instead of its URL patterns.
SKIPPED_NAMESPACES = ("admin", "api")


@dataclass(frozen=True)
class Route:
    key: str  # URL name ("emulation:report") or operation id ("thidua_scoring_api_lock")
    kind: str  # "html" or "api"
    template: str  # "/thi-dua/cum/{term_id}/" — parameters in braces
    params: tuple[str, ...]
    method: str = "GET"  # the schema's method for API operations; HTML routes take it from the table
    operation: Any = None  # the OpenAPI operation (request body and query parameters)


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = pattern.namespace or ""
            if space in SKIPPED_NAMESPACES:
                continue
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                namespace + (f"{space}:" if space else ""),
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            # an unnamed pattern is keyed by its template (it still needs its entry in the table)
            yield (namespace + pattern.name) if pattern.name else _template(route), route


def _template(route: str) -> str:
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # regex groups
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path converters
    return "/" + route


def html_routes() -> list[Route]:
    routes = []
    for name, pattern in _walk(get_resolver().url_patterns):
        template = _template(pattern)
        routes.append(Route(name, "html", template, tuple(re.findall(r"{(\w+)}", template))))
    return routes


def api_routes() -> list[Route]:
    from thidua.api.api import api

    routes = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            routes.append(
                Route(
                    operation["operationId"],
                    "api",
                    path,
                    tuple(re.findall(r"{(\w+)}", path)),
                    method.upper(),
                    operation,
                )
            )
    return routes


# -- path parameters --------------------------------------------------------------------------------------
# A resolver per parameter name; "<namespace>:<param>" or "<url name>:<param>" (or an operation id prefix)
# take precedence where one name means different objects on different routes.

Resolver = Callable[[Any], Any]
RESOLVERS: dict[str, Resolver] = {
    "unit_id": lambda s: s.unit.pk,
    "owner_id": lambda s: s.unit.pk,
    "term_id": lambda s: s.term.pk,
    "period_id": lambda s: s.period.pk,
    "registration_id": lambda s: s.registration.pk,
    "target_id": lambda s: s.target.pk,
    "report_id": lambda s: s.report.pk,
    "evidence_id": lambda s: s.evidence.pk,
    "inspection_id": lambda s: s.inspection.pk,
    "sheet_id": lambda s: s.sheet.pk,
    "line_id": lambda s: s.line.pk,
    "adjustment_id": lambda s: s.adjustment.pk,
    "covenant_id": lambda s: s.covenant.pk,
    "group_id": lambda s: s.covenant.groups.first().pk,
    "criterion_id": lambda s: s.covenant.groups.first().criteria.first().pk,
    "conference_id": lambda s: s.conference.pk,
    "guest_id": lambda s: s.guest.pk,
    "attendee_id": lambda s: s.attendee.pk,
    "event_id": lambda s: s.side_event.pk,
    "ballot_id": lambda s: s.ballot.pk,
    "option_id": lambda s: s.option.pk,
    "code": lambda s: s.code,
    "batch_id": lambda s: s.batch.pk,
    "package_id": lambda s: s.package.pk,
    "override_id": lambda s: s.override.pk,
    "voting:batch_id": lambda s: s.paper_batch.pk,
    "thidua_voting_api:batch_id": lambda s: s.paper_batch.pk,
    "decision_id": lambda s: s.decision.pk,
    "attachment_id": lambda s: s.attachment.pk,
    "job_id": lambda s: s.import_job.pk,
    "record_id": lambda s: s.record.pk,
    "count_id": lambda s: s.award_count.pk,
    "scope_id": lambda s: s.unit.pk,
    "awards:public_decision:public_id": lambda s: s.decision.public_id,
    "awards:public_decision_file:public_id": lambda s: s.decision.public_id,
    "awards:public_award:public_id": lambda s: s.record.public_id,
    "awards:public_batch:public_id": lambda s: s.batch.public_id,
    "awards:verify:token": lambda s: verification_token("record", s.record.public_id),
    "pk": lambda s: s.document.pk,
    "document_id": lambda s: s.document.pk,
    "conferences:document_id": lambda s: s.conference_document.pk,
    "emulation:covenant_document:document_id": lambda s: s.covenant_document.pk,
    "result_id": lambda s: s.term_result.pk,
    "documents:press_edit:pk": lambda s: s.press.pk,
    "documents:press_reset:pk": lambda s: s.press.pk,
    "source_id": lambda s: s.term.pk,
    "voting:minutes:ballot_id": lambda s: s.tallied.pk,
    "cluster_id": lambda s: s.cluster.pk,
    "member_ids": lambda s: s.unit.pk,
    "leader_id": lambda s: s.unit.pk,
    "new_leader_id": lambda s: s.partner.pk,
    "successor_id": lambda s: s.partner.pk,
    "person_id": lambda s: s.person.pk,
    "user_id": lambda s: s.account.pk,
    "grant_id": lambda s: s.account_grant.pk,
    "award_code": lambda s: s.award_type.code,
    "award_type_id": lambda s: s.award_type.pk,
    "inspecting_unit_id": lambda s: s.partner.pk,
    "inspected_unit_id": lambda s: s.unit.pk,
}
# Parameters that name no object: a fixed value, taken from the route's table entry when it gives one.
CONSTANTS = {"action": "submit", "fmt": "docx", "kind": "plan"}


def resolver_for(route: Route, param: str) -> Resolver | str | None:
    keys = [f"{route.key}:{param}"]
    if ":" in route.key:
        keys.append(f"{route.key.split(':')[0]}:{param}")
    else:
        keys += [f"{prefix}:{param}" for prefix in RESOLVERS_PREFIXES if route.key.startswith(prefix)]
    keys.append(param)
    for key in keys:
        if key in RESOLVERS:
            return RESOLVERS[key]
    return CONSTANTS.get(param)


RESOLVERS_PREFIXES = ("thidua_voting_api",)


def object_params(route: Route, constants: dict[str, str]) -> list[str]:
    return [p for p in route.params if p not in constants and p not in CONSTANTS]


def sides(route: Route, constants: dict[str, str]) -> tuple[str, ...]:
    return ("own", "foreign") if object_params(route, constants) else ("none",)


def url_for(route: Route, world, side: str, constants: dict[str, str]) -> str:
    values = {}
    source = world.foreign if side == "foreign" else world.own
    for param in route.params:
        if param in constants:
            values[param] = constants[param]
            continue
        resolver = resolver_for(route, param)
        if resolver is None:
            raise LookupError(f"{route.key}: no resolver for path parameter {param!r} (add one to RESOLVERS)")
        values[param] = resolver(source) if callable(resolver) else resolver
    return route.template.format(**values)


# -- request bodies ------------------------------------------------------------------------------------------
# An API body is made from the operation's schema: every required field gets a plausible value — a field
# named like a path parameter gets that side's object, so the request passes validation and reaches the
# permission check (an empty body would stop at 422 for everyone and prove nothing).

SAMPLES = {"date": "2024-07-16", "date-time": "2024-07-16T08:00:00+07:00", "time": "08:00:00", "uuid": None}


@functools.cache
def _components():
    """The schema's components, built once per process: building the OpenAPI document takes seconds, and
    every cell's sample body needs it (it was rebuilt for each role of each route)."""
    from thidua.api.api import api

    return api.get_openapi_schema()["components"]["schemas"]


def sample(schema: dict, source, name: str = "", components: dict | None = None) -> Any:
    components = components if components is not None else _components()
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[-1]], source, name, components)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            options = [s for s in schema[combined] if s.get("type") != "null"]
            return sample(options[0], source, name, components) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    resolver = RESOLVERS.get(name) or RESOLVERS.get(
        name.removesuffix("s") + "_id" if name.endswith("_ids") else ""
    )
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {
            key: sample(value, source, key, components)
            for key, value in schema.get("properties", {}).items()
            if key in required
        }
    if kind == "array":
        item = sample(schema.get("items", {}), source, name, components)
        return [item] if item is not None else []
    if kind == "integer":
        if resolver:
            return resolver(source)
        return 2024 if name == "year" else max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "string":
        if schema.get("format") == "binary":
            return SimpleUploadedFile("tep.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        if name in RESOLVERS:
            return str(resolver(source))
        if name == "date" or name.endswith(("_date", "_on")):  # a date, maybe known to the month or year
            return SAMPLES["date"]
        return SAMPLES.get(schema.get("format", ""), "Nội dung thử") or "Nội dung thử"
    return None


def api_payload(route: Route, source, override: dict | None = None) -> tuple[dict, Any, str]:
    """(query, body, content type) for an operation, made from its schema; `override` replaces fields."""
    operation = route.operation or {}
    query = {
        p["name"]: sample(p.get("schema", {}), source, p["name"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    body = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        schema = body["multipart/form-data"]["schema"]
        data = {key: sample(value, source, key) for key, value in schema.get("properties", {}).items()}
        return query, {k: v for k, v in data.items() if v is not None}, "multipart"
    if "application/json" in body:
        payload = sample(body["application/json"]["schema"], source) | (override or {})
        return query, json.dumps(payload, default=str), "json"
    return query, None, ""


# -- one request --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """`status` is the HTTP status, except for a full-page POST answered by a redirect carrying an error
    message (thidua.core.htmx.domain_errors): "R403" (access denied), "R404" (not found) or "R4xx" (any
    other refusal); a redirect with no error message is "R"; a redirect to the login page is "login"."""

    status: int | str
    location: str = ""


DENIED_TEXT = {str(AccessDenied.message): "R403", str(NotFound.message): "R404"}


def _classify(response) -> int | str:
    if response.status_code != 302:
        return response.status_code
    if "/tai-khoan/dang-nhap/" in response.get("Location", ""):
        return "login"
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]
    if not errors:
        return "R"
    return next((DENIED_TEXT[text] for text in errors if text in DENIED_TEXT), "R4xx")


def sessions(world) -> dict[str, str]:
    """A session key per signed-in role, made once per world (a login per cell would double the cost)."""
    keys = {}
    for role, user in world.users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def request(
    world,
    keys: dict[str, str],
    route: Route,
    role: str,
    side: str,
    method: str,
    constants: dict[str, str],
    data: Callable | None = None,
    body: Callable | None = None,
) -> Outcome:
    """One cell: the request is made inside a savepoint that is rolled back, so no cell sees another's writes."""
    client = Client(raise_request_exception=False)
    if role in keys:
        client.cookies[settings.SESSION_COOKIE_NAME] = keys[role]
    url = url_for(route, world, side, constants)
    source = world.foreign if side == "foreign" else world.own
    caches["pages"].clear()
    with transaction.atomic():
        if route.kind == "api":
            query, payload, kind = api_payload(route, source, body(source) if body else None)
            if query:
                url += "?" + urlencode(query, doseq=True)
            if kind == "multipart":
                response = client.post(url, payload)
            elif payload is not None:
                response = client.generic(method, url, data=payload, content_type="application/json")
            else:
                response = client.generic(method, url)
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data(source) if data else {})
        outcome = Outcome(_classify(response), response.get("Location", ""))
        transaction.set_rollback(True)
    return outcome
