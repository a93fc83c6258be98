"""Transcript editor synced to the audio: player, sentence list, transport, find, search-all."""
