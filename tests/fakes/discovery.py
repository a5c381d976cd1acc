"""The Sheets API v4 discovery document as a validator: request and response bodies checked
against Google's own published schemas.

Two checkers over the same document, on purpose:

* ``validate_request`` / ``validate_response`` convert the discovery ``schemas`` to JSON
  Schema and run ``jsonschema`` -- an independent referee the tests use on every exchange.
* ``check_body`` is a hand-compiled walker, fast enough for the fake to run on every
  request (a 10,000-row ``updateCells`` included) and phrasing its findings the way Google
  does (``Invalid JSON payload received. Unknown name "x" at 'requests[0]': ...``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import googleapiclient

DISCOVERY_PATH = (
    Path(googleapiclient.__file__).resolve().parent
    / "discovery_cache"
    / "documents"
    / "sheets.v4.json"
)

# Query parameters every Google API accepts besides a method's own.
GLOBAL_PARAMETERS = frozenset(
    {
        "$.xgafv",
        "access_token",
        "alt",
        "callback",
        "fields",
        "key",
        "oauth_token",
        "prettyPrint",
        "quotaUser",
        "uploadType",
        "upload_protocol",
    }
)

_PROTO_PACKAGE = "type.googleapis.com/google.apps.sheets.v4."
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


class Violation(NamedTuple):
    """One schema violation: the proto-style field path and Google's sentence for it."""

    field: str
    description: str


class DiscoveryValidationError(AssertionError):
    """A body does not conform to the discovery document (raised by the jsonschema path)."""

    def __init__(self, what: str, messages: list[str]):
        self.messages = messages
        super().__init__(f"{what}: " + "; ".join(messages[:10]))


@cache
def document() -> dict[str, Any]:
    """The parsed discovery document shipped with google-api-python-client."""
    return json.loads(DISCOVERY_PATH.read_text(encoding="utf-8"))


def schemas() -> dict[str, Any]:
    return document()["schemas"]


@cache
def methods() -> dict[str, dict[str, Any]]:
    """Every method of the API by id, e.g. ``sheets.spreadsheets.values.get``."""
    found: dict[str, dict[str, Any]] = {}

    def walk(resources: dict[str, Any]) -> None:
        for resource in resources.values():
            for method in resource.get("methods", {}).values():
                found[method["id"]] = method
            walk(resource.get("resources", {}))

    walk(document()["resources"])
    return found


def request_schema_name(method_id: str) -> str | None:
    return methods()[method_id].get("request", {}).get("$ref")


def response_schema_name(method_id: str) -> str | None:
    return methods()[method_id].get("response", {}).get("$ref")


# --------------------------------------------------------------------------------------
# JSON Schema conversion (the referee used by the tests)
# --------------------------------------------------------------------------------------

_NULL = {"type": "null"}


def _convert(schema: dict[str, Any]) -> dict[str, Any]:
    """One discovery schema node as JSON Schema; nulls allowed everywhere (gspread sends
    them and Google reads a null as an absent field)."""
    if "$ref" in schema:
        return {"anyOf": [{"$ref": f"#/definitions/{schema['$ref']}"}, _NULL]}
    kind = schema.get("type")
    if kind == "any":
        return {}
    if kind == "object":
        converted: dict[str, Any] = {
            "type": ["object", "null"],
            "properties": {
                name: _convert(prop) for name, prop in schema.get("properties", {}).items()
            },
        }
        extra = schema.get("additionalProperties")
        # additionalProperties false catches typos such as "sheetID" or "propertes".
        converted["additionalProperties"] = _convert(extra) if extra else False
        return converted
    if kind == "array":
        return {"type": ["array", "null"], "items": _convert(schema.get("items", {}))}
    if kind == "string":
        if "enum" in schema:
            return {"enum": [*schema["enum"], None]}
        if schema.get("format") in ("int64", "uint64"):
            # Google writes 64-bit integers as JSON strings and accepts plain numbers.
            return {
                "anyOf": [
                    {"type": "string", "pattern": r"^-?[0-9]+$"},
                    {"type": "integer"},
                    _NULL,
                ]
            }
        return {"type": ["string", "null"]}
    if kind == "integer":
        if schema.get("format") in ("int64", "uint64"):
            return {
                "anyOf": [
                    {"type": "string", "pattern": r"^-?[0-9]+$"},
                    {"type": "integer"},
                    _NULL,
                ]
            }
        return {"type": ["integer", "null"]}
    if kind == "number":
        return {
            "anyOf": [
                {"type": "number"},
                {"enum": ["NaN", "Infinity", "-Infinity"]},
                _NULL,
            ]
        }
    if kind == "boolean":
        return {"type": ["boolean", "null"]}
    raise ValueError(f"unknown discovery type {kind!r}")


@cache
def json_schema() -> dict[str, Any]:
    """All discovery schemas as JSON Schema ``definitions`` (draft 7)."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {name: _convert(schema) for name, schema in schemas().items()},
    }


@cache
def _json_validator(schema_name: str) -> Any:
    import jsonschema

    root = {"$ref": f"#/definitions/{schema_name}", **json_schema()}
    return jsonschema.Draft7Validator(root)


def validate(schema_name: str, body: Any) -> None:
    """Raise DiscoveryValidationError unless ``body`` conforms to the named schema."""
    errors = sorted(_json_validator(schema_name).iter_errors(body), key=lambda e: list(e.path))
    if errors:
        messages = [
            f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
            for error in errors
        ]
        raise DiscoveryValidationError(schema_name, messages)


def validate_request(method_id: str, body: Any) -> None:
    """Validate a request body for a method id, e.g. ``sheets.spreadsheets.batchUpdate``."""
    name = request_schema_name(method_id)
    if name is None:
        if body not in (None, b"", ""):
            raise DiscoveryValidationError(method_id, ["this method takes no request body"])
        return
    if body is None:
        return
    validate(name, body)


_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "status": {"type": "string"},
                "details": {"type": "array"},
            },
        }
    },
}


def validate_response(method_id: str, body: Any, status: int = 200) -> None:
    """Validate a response body: the method's response schema, or Google's error shape."""
    import jsonschema

    if status >= 400:
        errors = list(jsonschema.Draft7Validator(_ERROR_SCHEMA).iter_errors(body))
        if errors:
            raise DiscoveryValidationError("error body", [e.message for e in errors])
        return
    name = response_schema_name(method_id)
    if name is None:
        return
    validate(name, body)


# --------------------------------------------------------------------------------------
# The fast checker the fake runs on every request
# --------------------------------------------------------------------------------------

Checker = Callable[[Any, Any, list], None]

_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """Google names fields in error paths by their proto (snake_case) names."""
    return _SNAKE.sub("_", name).lower()


def _path_text(path: Any) -> str:
    """Paths are built as cheap nested tuples and only spelled out on an error."""
    parts: list[str] = []
    while path:
        path, segment = path
        parts.append(segment)
    text = ""
    for segment in reversed(parts):
        if segment.startswith("["):
            text += segment
        else:
            text = f"{text}.{segment}" if text else segment
    return text


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _invalid(out: list, path: Any, type_name: str, value: Any) -> None:
    field = _path_text(path)
    out.append(Violation(field, f"Invalid value at '{field}' ({type_name}), {_dump(value)}"))


def _unknown(out: list, path: Any, name: str) -> None:
    field = _path_text(path)
    where = f" at '{field}'" if field else ""
    out.append(
        Violation(
            field,
            f'Invalid JSON payload received. Unknown name "{name}"{where}: Cannot find field.',
        )
    )


def _is_integral(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, str):
        return re.fullmatch(r"-?[0-9]+", value) is not None
    return False


def _scalar_checker(schema: dict[str, Any]) -> Checker:
    kind = schema.get("type")
    fmt = schema.get("format")
    if kind == "any":

        def check_any(value: Any, path: Any, out: list) -> None:
            return None

        return check_any
    if kind == "string" and "enum" in schema:
        allowed = frozenset(schema["enum"])

        def check_enum(value: Any, path: Any, out: list) -> None:
            if value.__class__ is not str or value not in allowed:
                _invalid(out, path, "TYPE_ENUM", value)

        return check_enum
    if kind == "string" and fmt not in ("int64", "uint64"):

        def check_string(value: Any, path: Any, out: list) -> None:
            if value.__class__ is not str:
                _invalid(out, path, "TYPE_STRING", value)

        return check_string
    if kind in ("integer", "string"):
        wide = fmt in ("int64", "uint64")
        type_name = "TYPE_INT64" if wide else "TYPE_INT32"

        def check_int(value: Any, path: Any, out: list) -> None:
            if value.__class__ is int and (wide or _INT32_MIN <= value <= _INT32_MAX):
                return
            if not _is_integral(value):
                _invalid(out, path, type_name, value)
                return
            if not wide and not _INT32_MIN <= int(float(value)) <= _INT32_MAX:
                _invalid(out, path, type_name, value)

        return check_int
    if kind == "number":
        type_name = "TYPE_FLOAT" if fmt == "float" else "TYPE_DOUBLE"

        def check_number(value: Any, path: Any, out: list) -> None:
            cls = value.__class__
            if cls is float or cls is int:
                return
            if cls is str:
                try:
                    float(value)
                    return
                except ValueError:
                    pass
            _invalid(out, path, type_name, value)

        return check_number
    if kind == "boolean":

        def check_bool(value: Any, path: Any, out: list) -> None:
            if value.__class__ is not bool:
                _invalid(out, path, "TYPE_BOOL", value)

        return check_bool
    raise ValueError(f"unknown discovery type {kind!r}")


class _Compiler:
    def __init__(self) -> None:
        self.compiled: dict[str, Checker] = {}

    def ref(self, name: str) -> Checker:
        compiled = self.compiled

        def check_ref(value: Any, path: Any, out: list) -> None:
            compiled[name](value, path, out)

        return check_ref

    def node(self, schema: dict[str, Any], name: str | None = None) -> Checker:
        if "$ref" in schema:
            return self.ref(schema["$ref"])
        kind = schema.get("type")
        if kind == "object":
            return self.object(schema, name)
        if kind == "array":
            return self.array(schema)
        return _scalar_checker(schema)

    def array(self, schema: dict[str, Any]) -> Checker:
        items = schema.get("items", {})
        item_check = self.node(items)
        if items.get("type") == "any":
            type_name = "type.googleapis.com/google.protobuf.ListValue"
        elif "$ref" in items:
            type_name = _PROTO_PACKAGE + items["$ref"]
        elif items.get("type") == "array":
            type_name = "type.googleapis.com/google.protobuf.ListValue"
        else:
            type_name = f"TYPE_{str(items.get('type', 'string')).upper()}"
        nested_list = items.get("type") == "array"

        def check_array(value: Any, path: Any, out: list) -> None:
            if value.__class__ is not list:
                _invalid(out, path, type_name, value)
                return
            for index, item in enumerate(value):
                if item is None and not nested_list:
                    continue
                item_check(item, (path, f"[{index}]"), out)

        return check_array

    def object(self, schema: dict[str, Any], name: str | None) -> Checker:
        props: dict[str, tuple[str, Checker]] = {
            prop: (snake(prop), self.node(sub))
            for prop, sub in schema.get("properties", {}).items()
        }
        extra = schema.get("additionalProperties")
        extra_check = self.node(extra) if extra else None
        type_name = _PROTO_PACKAGE + name if name else "type.googleapis.com/google.protobuf.Struct"

        def check_object(value: Any, path: Any, out: list) -> None:
            if value.__class__ is not dict:
                _invalid(out, path, type_name, value)
                return
            for key, item in value.items():
                if item is None:
                    continue
                entry = props.get(key)
                if entry is None:
                    if extra_check is not None:
                        extra_check(item, (path, key), out)
                    else:
                        _unknown(out, path, key)
                    continue
                name, check = entry
                check(item, (path, name), out)

        return check_object


@cache
def _checkers() -> dict[str, Checker]:
    compiler = _Compiler()
    for name, schema in schemas().items():
        compiler.compiled[name] = compiler.node(schema, name)
    return compiler.compiled


def check_body(schema_name: str, body: Any, root: str = "") -> list[Violation]:
    """Google-phrased violations of ``body`` against a discovery schema, fast.

    ``root`` prefixes field paths the way Google names the body of some methods
    (``data`` for ``values.update``: ``Invalid value at 'data.values' ...``)."""
    out: list[Violation] = []
    _checkers()[schema_name](body, ("", root) if root else (), out)
    return out


def check_query(method_id: str, params: dict[str, list[str]]) -> list[Violation]:
    """Violations among a request's query parameters: unknown names, bad enums or bools."""
    method = methods()[method_id]
    declared = method.get("parameters", {})
    out: list[Violation] = []
    for name, values in params.items():
        spec = declared.get(name)
        if spec is None or spec.get("location") != "query":
            if name in GLOBAL_PARAMETERS:
                continue
            out.append(
                Violation(
                    "",
                    f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
                    f"parameter. Field '{name}' could not be found in request message.",
                )
            )
            continue
        if len(values) > 1 and not spec.get("repeated"):
            out.append(
                Violation(
                    snake(name),
                    f"Invalid value at '{snake(name)}', repeated values for a single field.",
                )
            )
        for value in values:
            if "enum" in spec and value not in spec["enum"]:
                out.append(
                    Violation(
                        snake(name),
                        f"Invalid value at '{snake(name)}' (TYPE_ENUM), {_dump(value)}",
                    )
                )
            elif spec.get("type") == "boolean" and value.lower() not in ("true", "false"):
                out.append(
                    Violation(
                        snake(name), f"Invalid value at '{snake(name)}' (TYPE_BOOL), {_dump(value)}"
                    )
                )
            elif spec.get("type") == "integer" and not _is_integral(value):
                out.append(
                    Violation(
                        snake(name),
                        f"Invalid value at '{snake(name)}' (TYPE_INT32), {_dump(value)}",
                    )
                )
    return out


def schema_properties(schema_name: str) -> dict[str, Any]:
    return schemas()[schema_name].get("properties", {})


def field_schema(schema_name: str, field: str) -> tuple[str | None, bool]:
    """(referenced schema name or None for scalars, whether it is a map) of a field."""
    prop = schema_properties(schema_name)[field]
    if prop.get("type") == "array":
        prop = prop.get("items", {})
    if "$ref" in prop:
        return prop["$ref"], False
    if prop.get("type") == "object" and prop.get("additionalProperties"):
        extra = prop["additionalProperties"]
        return extra.get("$ref"), True
    return None, False


def unknown_mask_paths(tree: dict[str, Any] | None, schema_name: str) -> list[str]:
    """Paths in a parsed field mask that name no field of the schema (typos)."""
    bad: list[str] = []

    def walk(node: dict[str, Any] | None, name: str | None, prefix: str, is_map: bool) -> None:
        if node is None or name is None:
            return
        props = schema_properties(name)
        for key, sub in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if key == "*":
                continue
            if is_map:
                walk(sub, name, path, False)
                continue
            if key not in props:
                bad.append(path)
                continue
            ref, child_is_map = field_schema(name, key)
            walk(sub, ref, path, child_is_map)

    walk(tree, schema_name, "", False)
    return bad
