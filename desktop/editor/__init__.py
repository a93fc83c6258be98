"""Transcript editor synced to the audio (issue 14): player, sentence list, transport, find, search-all."""
