"""Audit trail for uploads, role changes, locks and the like."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from tutor.db.models import AuditLog


def record(
    s: Session,
    action: str,
    *,
    actor_id: int | None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    entry = AuditLog(actor_id=actor_id, action=action, target=target, detail=detail or {})
    if at is not None:
        entry.created_at = at
    s.add(entry)
