"""Errors of the Sheets fake in Google's JSON shape: ``{"error": {"code", "message",
"status"}}`` with the HTTP status and canonical status name Google pairs with it."""

from __future__ import annotations

from typing import Any

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNKNOWN",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

# What Google says when it says nothing specific (used by FakeSheetsAPI.fail_next).
DEFAULT_MESSAGES = {
    400: "Request contains an invalid argument.",
    401: "Request had invalid authentication credentials. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project.",
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    409: "The operation was aborted.",
    429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per "
    "minute per user' of service 'sheets.googleapis.com' for consumer "
    "'project_number:000000000000'.",
    500: "Internal error encountered.",
    501: "Method not implemented.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
}

NOT_FOUND_MESSAGE = DEFAULT_MESSAGES[404]


class ApiError(Exception):
    """An error answer: raised anywhere in the fake, turned into the HTTP response."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        self.code = code
        self.message = message if message is not None else DEFAULT_MESSAGES.get(code, "Error")
        self.status = status or STATUS_NAMES.get(code, "UNKNOWN")
        self.details = details
        self.extra = extra
        super().__init__(f"{code} {self.status}: {self.message}")

    def to_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.extra:
            error.update(self.extra)
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid(message: str) -> ApiError:
    return ApiError(400, message)


def invalid_request(index: int, kind: str, message: str) -> ApiError:
    """Google's phrasing for a bad request inside a batchUpdate."""
    return ApiError(400, f"Invalid requests[{index}].{kind}: {message}")


def field_violations(violations: list[tuple[str, str]]) -> ApiError:
    """A 400 naming fields, as Google answers a body that does not parse."""
    message = "\n".join(description for _, description in violations)
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [
                {"field": field, "description": description}
                if field
                else {"description": description}
                for field, description in violations
            ],
        }
    ]
    return ApiError(400, message, details=details)


def not_found() -> ApiError:
    return ApiError(404, NOT_FOUND_MESSAGE)


def unimplemented(what: str) -> ApiError:
    return ApiError(501, f"The Sheets fake does not implement {what}.")
