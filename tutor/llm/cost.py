"""Cost of a call from its token counts and the provider's prices per 1M tokens."""

from __future__ import annotations


def cost(prompt_tokens: int, completion_tokens: int, price_in: float, price_out: float) -> float:
    return round(prompt_tokens * price_in / 1e6 + completion_tokens * price_out / 1e6, 8)
