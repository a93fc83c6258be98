"""Post-recognition steps on timed text (pure functions, no Qt)."""
