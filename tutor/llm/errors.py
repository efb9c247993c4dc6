"""A small error hierarchy, as the best SDKs have. Messages never contain the API key."""

from __future__ import annotations


class LLMError(Exception):
    """Base class. `message` is safe to show to a learner (Korean first)."""

    retryable = False

    def __init__(self, message: str, *, partial: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.partial = partial  # text received before the failure (streams), if any


class LLMDisabled(LLMError):
    """No model is configured: the AI features are off."""


class LLMConnectionError(LLMError):
    retryable = True


class LLMTimeout(LLMError):
    retryable = True


class LLMStatusError(LLMError):
    def __init__(self, message: str, *, status: int, body: str = "", partial: str = "") -> None:
        super().__init__(message, partial=partial)
        self.status = status
        self.body = body
        self.retryable = status in (408, 409, 429) or status >= 500


class LLMRateLimited(LLMStatusError):
    def __init__(self, message: str, *, retry_after: float | None, body: str = "") -> None:
        super().__init__(message, status=429, body=body)
        self.retry_after = retry_after


class LLMBadOutput(LLMError):
    """The server answered, but not with something we can use (bad JSON, empty choices…)."""


class LLMCircuitOpen(LLMError):
    """Too many failures in a row: calls are refused for a while without trying."""


class LLMBudgetExceeded(LLMError):
    """A per-user daily or global monthly limit would be exceeded."""
