"""Post-recognition text steps on timed sentences: glossary -> ITN -> script. Never imports Qt.

    from models.text.pipeline import TextOptions, apply
    segments, report = apply(segments, TextOptions(glossary_paths=("global.txt", "job.txt"), script="taiwan"))

Each step is a pure function Segment -> Segment that keeps per-character times aligned (models.text.align).
"""
