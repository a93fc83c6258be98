"""What can go wrong talking to the user's language model; every message says what to do about it."""
from __future__ import annotations

from models.core.errors import TingxieError


class SummaryError(TingxieError):
    """The summary could not be made; the transcript is untouched and nothing was written."""


class EndpointDown(SummaryError):
    def __init__(self, endpoint: str, detail: str = "") -> None:
        super().__init__(f"Nothing answers at {endpoint}{f' ({detail})' if detail else ''}. Start your language "
                         "model server (e.g. `ollama serve`, llama.cpp's llama-server, LM Studio's local server) "
                         "or correct the endpoint URL in the summary settings.")


class ModelNotFound(SummaryError):
    def __init__(self, model: str, endpoint: str, available: list[str] | None = None) -> None:
        have = f" It offers: {', '.join(available)}." if available else ""
        super().__init__(f"The model {model!r} is not available at {endpoint}.{have} Pull or load it first (e.g. "
                         f"`ollama pull {model or 'MODEL'}`) or choose another model in the summary settings.")


class ContextOverflow(SummaryError):
    def __init__(self, context_tokens: int, detail: str = "") -> None:
        super().__init__(f"The request did not fit the model's context{f' ({detail})' if detail else ''}. Set the "
                         f"context length (now {context_tokens} tokens) to what the model is actually loaded with "
                         "(Ollama: num_ctx; llama.cpp: -c), or load the model with a larger context.")


class EndpointTimeout(SummaryError):
    def __init__(self, endpoint: str, seconds: float) -> None:
        super().__init__(f"{endpoint} stopped answering (no reply for {seconds:g} s). Check that the model server "
                         "is not overloaded or stuck, then try again; chunks already summarised are kept.")


class BrokenStream(SummaryError):
    def __init__(self, endpoint: str, detail: str = "") -> None:
        super().__init__(f"The reply from {endpoint} was cut off{f' ({detail})' if detail else ''}. The model "
                         "server may have crashed or run out of memory; try again (chunks already summarised are "
                         "kept) or use a smaller model.")


class EndpointRefused(SummaryError):
    """Any other answer the endpoint gave (bad key, server error): its own message is quoted."""

    def __init__(self, endpoint: str, status: int, detail: str) -> None:
        hint = ("Check the API key in the summary settings." if status in (401, 403) else
                "Check the model server's log, then try again.")
        super().__init__(f"{endpoint} answered {status}: {detail or 'no details'}. {hint}")
