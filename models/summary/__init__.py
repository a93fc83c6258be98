"""Minutes from the user's own language model: an OpenAI-compatible chat endpoint (Ollama, llama.cpp server,
LM Studio, vLLM), map/reduce over the edited transcript's speaker turns, sentence-time citations. Never imports Qt.

    opts = SummaryOptions(endpoint="http://127.0.0.1:11434/v1", model="qwen2.5:7b", context_tokens=8192)
    minutes = Summarizer(opts, cache).run(transcript, on_event=print, cancel=threading.Event())
"""
