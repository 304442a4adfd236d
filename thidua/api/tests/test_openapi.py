"""The OpenAPI schema bounds every input: an integer or number has a minimum and a maximum, a string a
maximum length and the no-NUL pattern, a list or a map a maximum size (issues 13.13, 13.14)."""

import pytest

from thidua.api.api import api
from thidua.core.schemas import NO_NUL

# Strings whose format or enum already bounds them.
BOUNDED_FORMATS = {"date", "date-time", "time", "uuid", "binary"}


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _unbounded(schema: dict, components: dict, where: str, seen: frozenset = frozenset()) -> list[str]:
    ref = schema.get("$ref")
    if ref in seen:
        return []
    schema = _resolve(schema, components)
    seen = seen | {ref} if ref else seen
    problems: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            problems += _unbounded(branch, components, where, seen)
    kind = schema.get("type")
    if kind in ("integer", "number"):
        if "minimum" not in schema and "exclusiveMinimum" not in schema:
            problems.append(f"{where}: {kind} without minimum")
        if "maximum" not in schema and "exclusiveMaximum" not in schema:
            problems.append(f"{where}: {kind} without maximum")
    elif kind == "string" and "enum" not in schema and schema.get("format") not in BOUNDED_FORMATS:
        if "maxLength" not in schema:
            problems.append(f"{where}: string without maxLength")
        if "pattern" not in schema:
            problems.append(f"{where}: string without the no-NUL pattern {NO_NUL}")
    elif kind == "array":
        if "maxItems" not in schema:
            problems.append(f"{where}: list without maxItems")
        problems += _unbounded(schema.get("items", {}), components, f"{where}[]", seen)
    elif kind == "object" or "properties" in schema:
        for name, prop in schema.get("properties", {}).items():
            problems += _unbounded(prop, components, f"{where}.{name}", seen)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                problems.append(f"{where}: map without maxProperties")
            if not extra:
                problems.append(f"{where}: map of values of any type")
            problems += _unbounded(extra, components, f"{where}{{}}", seen)
    elif not kind and not any(key in schema for key in ("anyOf", "oneOf", "allOf", "enum", "const")):
        problems.append(f"{where}: value of any type")
    return problems


def test_every_input_of_every_operation_is_bounded():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    components = schema.get("components", {}).get("schemas", {})
    problems = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    continue  # ids in the path: out-of-range values find nothing (404)
                problems += _unbounded(parameter["schema"], components, f"{label} {parameter['name']}")
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                problems += _unbounded(content["schema"], components, f"{label} {media} body")
    assert not problems, f"{len(problems)} unbounded inputs:\n" + "\n".join(problems)


def _extends(components: dict, name: str, base: str) -> bool:
    """A body that carries every field of the error schema `base` (e.g. an intake's 422 with its rows)."""
    if name not in components:
        return False
    body, wanted = components[name], components[base]
    return set(wanted["properties"]) <= set(body.get("properties", {})) and set(wanted["required"]) <= set(
        body.get("required", [])
    )


def test_every_operation_documents_its_errors_with_the_error_schema():
    """Issue 16.13: 400/403/404/409/422 (401 behind the login) with {code, message, params} / errors."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    components = schema["components"]["schemas"]
    assert set(components["ErrorOut"]["required"]) == {"code", "message", "params"}
    assert "errors" in components["ValidationErrorOut"]["properties"]
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            expected = {"400", "403", "404", "409", "422"} | ({"401"} if operation.get("security") else set())
            responses = {str(status): response for status, response in operation["responses"].items()}
            for status in expected:
                content = responses.get(status, {}).get("content", {})
                ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
                wanted = "ValidationErrorOut" if status == "422" else "ErrorOut"
                if not (ref.endswith(f"/{wanted}") or _extends(components, ref.rsplit("/", 1)[-1], wanted)):
                    missing.append(f"{method.upper()} {path} {status}")
    assert not missing, missing


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/khong-co", "/api/v1/units/1/xyz", "/api/v2/units", "/api/"])
def test_an_unknown_api_path_is_the_documented_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "not_found",
        "message": "Không tìm thấy dữ liệu hoặc dữ liệu nằm ngoài phạm vi của bạn.",
        "params": {},
    }
