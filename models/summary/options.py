"""The one definition of the summary options and their defaults (CLI, GUI settings and tests import these)."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_ENDPOINT = "http://127.0.0.1:11434/v1"  # Ollama's OpenAI-compatible API
DEFAULT_CONTEXT_TOKENS = 4096  # what a small local model offers when the endpoint does not say
MIN_CONTEXT_TOKENS = 512  # below this no chunk plus its instructions and reply fits
TEMPLATES: tuple[str, ...] = ("minutes", "interview", "lecture")  # built-in templates (models/summary/templates)
DEFAULT_TEMPLATE = "minutes"
LANGUAGES: tuple[str, ...] = ("zh", "en")  # prompt language: Chinese unless the interface is English
DEFAULT_LANGUAGE = "zh"
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 300.0  # between two pieces of a streamed reply: a local model may think for a long time first


@dataclass(frozen=True)
class SummaryOptions:
    endpoint: str = DEFAULT_ENDPOINT
    model: str = ""  # "" = the first model the endpoint lists
    api_key: str = ""
    context_tokens: int = 0  # 0 = what the endpoint reports for the model, else DEFAULT_CONTEXT_TOKENS
    template: str = DEFAULT_TEMPLATE
    language: str = DEFAULT_LANGUAGE
    connect_timeout_s: float = CONNECT_TIMEOUT_S
    read_timeout_s: float = READ_TIMEOUT_S
