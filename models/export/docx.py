"""Meeting minutes as a Word document (python-docx): title, date, duration, participants, one paragraph per turn.

Returns bytes (formats.write writes them atomically). The Normal style is tagged zh-CN for East Asian text so Word
and LibreOffice pick a CJK font.
"""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import RGBColor

from models.core.transcript import Transcript
from models.export.turns import meeting_date, participants, speaker_turns, stamp, title

_TIME_COLOUR = RGBColor(0x80, 0x80, 0x80)


def _tag_chinese(doc: Document) -> None:
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def render_docx(t: Transcript) -> bytes:
    doc = Document()
    _tag_chinese(doc)
    doc.core_properties.title = title(t)
    doc.add_heading(title(t), level=0)
    info = [("日期", meeting_date(t)), ("时长", stamp(t.duration_ms))]
    people = participants(t)
    if people:
        info.append(("参会人", "、".join(people)))
    for label, value in info:
        p = doc.add_paragraph()
        p.add_run(f"{label}：").bold = True
        p.add_run(value)
    doc.add_heading("记录", level=1)
    for u in speaker_turns(t):
        p = doc.add_paragraph()
        if u.name:
            p.add_run(u.name).bold = True
            p.add_run(" ")
        time_run = p.add_run(stamp(u.start_ms))
        time_run.font.color.rgb = _TIME_COLOUR
        p.add_run("：" + u.text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
