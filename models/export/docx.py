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
from models.export.minutes_sections import ACTION_COLUMNS, sections
from models.summary.minutes import Minutes

_TIME_COLOUR = RGBColor(0x80, 0x80, 0x80)


def _tag_chinese(doc: Document) -> None:
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _add_summary(doc: Document, m: Minutes) -> None:
    sec = sections(m)
    doc.add_heading(sec.headings[0], level=1)
    doc.add_paragraph(sec.summary or "无")
    doc.add_heading(sec.headings[1], level=1)
    for text, when in sec.decisions:
        p = doc.add_paragraph(text, style="List Bullet")
        if when:
            p.add_run(f"  {when}").font.color.rgb = _TIME_COLOUR
    if not sec.decisions:
        doc.add_paragraph("无")
    doc.add_heading(sec.headings[2], level=1)
    if not sec.actions:
        doc.add_paragraph("无")
        return
    table = doc.add_table(rows=1, cols=len(ACTION_COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, ACTION_COLUMNS):
        cell.text = name
    for row in sec.actions:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value or "—"


def render_docx(t: Transcript, minutes: Minutes | None = None) -> bytes:
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
    if minutes is not None:
        _add_summary(doc, minutes)
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
