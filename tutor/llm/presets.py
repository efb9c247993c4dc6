"""Provider presets: data, not code paths.

A preset says where the server is, which models it serves, how reasoning is switched on,
where reasoning comes back, the sampling defaults and the prices per 1M tokens.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ReasoningSwitch = Literal["chat_template_kwargs", "reasoning_effort", "none"]


class Sampling(BaseModel):
    model_config = ConfigDict(extra="forbid")
    temperature: float = Field(ge=0, le=2)
    top_p: float = Field(default=1.0, gt=0, le=1)


class Preset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    base_url: str
    models: list[str]
    reasoning_switch: ReasoningSwitch = "none"
    reasoning_default: bool = False
    sampling_reasoning: Sampling = Sampling(temperature=0.6, top_p=0.95)
    sampling_plain: Sampling = Sampling(temperature=0.2, top_p=0.9)
    price_input_per_m: float = Field(default=0.0, ge=0)  # in the currency below
    price_output_per_m: float = Field(default=0.0, ge=0)
    currency: str = "USD"
    json_schema: bool = True  # supports response_format json_schema
    vision: bool = False
    needs_key: bool = False
    notes: str = ""

    def reasoning_params(self, on: bool) -> dict[str, Any]:
        """Extra request fields that switch reasoning on or off for this server."""
        if self.reasoning_switch == "chat_template_kwargs":
            return {"chat_template_kwargs": {"enable_thinking": on}}
        if self.reasoning_switch == "reasoning_effort" and on:
            return {"reasoning_effort": "medium"}
        return {}

    def sampling(self, reasoning: bool) -> Sampling:
        return self.sampling_reasoning if reasoning else self.sampling_plain


EXAONE_MODELS = [
    "LGAI-EXAONE/EXAONE-4.0-32B",
    "LGAI-EXAONE/EXAONE-4.0-1.2B",
    "LGAI-EXAONE/EXAONE-4.0.1-32B",
]

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in [
        Preset(
            name="vllm-exaone4",
            label="vLLM · EXAONE 4.0",
            base_url="http://localhost:8000/v1",
            models=EXAONE_MODELS,
            reasoning_switch="chat_template_kwargs",
            notes="vllm serve LGAI-EXAONE/EXAONE-4.0-32B --reasoning-parser deepseek_r1",
        ),
        Preset(
            name="sglang-exaone4",
            label="SGLang · EXAONE 4.0",
            base_url="http://localhost:30000/v1",
            models=EXAONE_MODELS,
            reasoning_switch="chat_template_kwargs",
        ),
        Preset(
            name="llamacpp",
            label="llama.cpp server (GGUF)",
            base_url="http://localhost:8080/v1",
            models=["EXAONE-4.0-1.2B-GGUF", "EXAONE-4.0-32B-GGUF"],
            reasoning_switch="chat_template_kwargs",
            json_schema=True,
            notes="llama-server --jinja -m EXAONE-4.0-1.2B-Q4_K_M.gguf",
        ),
        Preset(
            name="ollama",
            label="Ollama",
            base_url="http://localhost:11434/v1",
            models=["exaone4.0:1.2b", "exaone4.0:32b"],
            reasoning_switch="none",
            json_schema=False,
        ),
        Preset(
            name="hosted-exaone",
            label="Hosted EXAONE endpoint",
            base_url="https://api.example-provider.invalid/v1",
            models=["LGAI-EXAONE/EXAONE-4.0.1-32B"],
            reasoning_switch="chat_template_kwargs",
            price_input_per_m=0.6,
            price_output_per_m=1.0,
            needs_key=True,
            notes="Set TUTOR_LLM_BASE_URL, TUTOR_LLM_MODEL and the prices of your provider.",
        ),
        Preset(
            name="vision",
            label="Vision model (OpenAI image_url parts)",
            base_url="http://localhost:8000/v1",
            models=["vision-model"],
            vision=True,
        ),
        Preset(
            name="generic",
            label="Any OpenAI-compatible server",
            base_url="http://localhost:8000/v1",
            models=[],
        ),
    ]
}


def get_preset(name: str | None) -> Preset:
    if not name:
        return PRESETS["generic"]
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(
            f"알 수 없는 프리셋입니다: {name} ({', '.join(PRESETS)} 중 하나)"
        ) from None
