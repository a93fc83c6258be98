"""Batch results: the read-only view of a `main.py batch` output folder and its transcripts."""
