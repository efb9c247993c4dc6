"""The AI tutor: explain, hint, chat, rubric grading — with budgets, cache and accounting."""

from tutor.domain import tutor_guard
from tutor.services.ai.core import (
    MAX_CHAT_CHARS,
    MAX_HINTS,
    AIDeps,
    AIStatus,
    TextResult,
    TextStream,
    budgets,
    check_connection,
    image_note,
    set_budgets,
    status,
)
from tutor.services.ai.grading import grade_attempt
from tutor.services.ai.hints import HintResult, hint, hints_given, preview_hint
from tutor.services.ai.text import chat, chat_history, explain

__all__ = [
    "MAX_CHAT_CHARS",
    "MAX_HINTS",
    "AIDeps",
    "AIStatus",
    "HintResult",
    "TextResult",
    "TextStream",
    "budgets",
    "chat",
    "chat_history",
    "check_connection",
    "explain",
    "grade_attempt",
    "hint",
    "hints_given",
    "image_note",
    "preview_hint",
    "set_budgets",
    "status",
    "tutor_guard",
]
