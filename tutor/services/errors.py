"""Errors a service raises. Each carries a message a person can act on (Korean first)."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: the message is safe to show to the user who caused it."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(ServiceError):
    code = "not_found"


class PermissionDenied(ServiceError):
    code = "forbidden"


class InvalidInput(ServiceError):
    code = "invalid"


class AuthError(ServiceError):
    code = "auth"


class Conflict(ServiceError):
    code = "conflict"
