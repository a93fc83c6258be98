"""Tingxie engine: audio decoding, model store, FunASR pipeline, transcripts. Never imports Qt."""
