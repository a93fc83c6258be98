"""The per-folder glossary rule (issue 16): global first, then <audio folder>/tingxie-glossary.txt, if they exist."""
from __future__ import annotations

from pathlib import Path

from models.text.glossary import load_all
from models.text.glossary_files import FOLDER_GLOSSARY, folder_glossary, glossary_paths_for


def test_global_then_folder_and_only_existing(tmp_path: Path) -> None:
    g = tmp_path / "config" / "glossary.txt"
    talks = tmp_path / "talks"
    talks.mkdir()
    audio = talks / "会议.wav"
    assert glossary_paths_for(audio, g) == ()  # neither exists: no glossary, no error
    g.parent.mkdir()
    g.write_text("听写: 厅谢\n", encoding="utf-8")
    assert glossary_paths_for(audio, g) == (str(g),)
    (talks / FOLDER_GLOSSARY).write_text("Tingxie: 厅谢\n", encoding="utf-8")
    assert glossary_paths_for(audio, g) == (str(g), str(talks / FOLDER_GLOSSARY))
    assert glossary_paths_for(audio, "") == (str(talks / FOLDER_GLOSSARY),)
    other = tmp_path / "other" / "b.wav"
    assert glossary_paths_for(other, g) == (str(g),)  # another folder: only the global one

    # the folder's glossary wins over the global one for the same alias
    merged, errors = load_all(glossary_paths_for(audio, g))
    assert errors == [] and {t.text for t in merged.terms} == {"Tingxie", "听写"}
    assert next(t for t in merged.terms if t.text == "Tingxie").aliases == ("厅谢",)
    assert next(t for t in merged.terms if t.text == "听写").aliases == ()


def test_same_file_once_and_exists_is_injectable(tmp_path: Path) -> None:
    audio = tmp_path / "a.wav"
    local = folder_glossary(audio)
    assert local == tmp_path / FOLDER_GLOSSARY
    assert glossary_paths_for(audio, local, exists=lambda p: True) == (str(local),)
    assert glossary_paths_for(audio, "/g.txt", exists=lambda p: p == "/g.txt") == ("/g.txt",)
