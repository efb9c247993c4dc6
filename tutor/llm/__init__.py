"""The model client: OpenAI-compatible Chat Completions over httpx, with EXAONE presets."""
