"""The built-in prompt templates: {name: {language: text}}. The user's copies in the config folder override them.

A template has three parts: [system] (role and output layout), [map] (for one part of a long transcript) and
[reduce] (to merge the notes of several parts). Placeholders: {speakers} (the names), {script} (the writing
system to answer in). The output layout (three "## " sections, one item per line, sentence times in brackets) is
what models/summary/minutes.py reads back; a user may change the wording, the headings and what each section holds.
"""
from __future__ import annotations

_ZH_LAYOUT = """只用{script}回答，只输出以下三个部分，不要其他内容：
## {h1}
（{d1}）
## {h2}
- 每行一条（{d2}），后面写出依据的句子时间，例如 [00:12:30]
## {h3}
- 负责人：姓名｜截止：日期（没说就写“未定”）｜事项 [00:12:30]
没有内容的部分写“无”。时间只能照抄记录中句首方括号里的时间，不要编造。负责人用发言人的名字：{speakers}。"""

_EN_LAYOUT = """Answer in English, and only with these three sections:
## {h1}
({d1})
## {h2}
- one per line ({d2}), followed by the time of the sentence it rests on, e.g. [00:12:30]
## {h3}
- Owner: name | Due: date (or "not set") | task [00:12:30]
Write "None" under an empty section. Copy times only from the brackets at the start of transcript lines; never
invent one. Owners are speaker names: {speakers}."""

_KINDS = {
    "minutes": {
        "zh": ("你是会议记录员，根据会议转写整理会议纪要。", "摘要", "几句话概括会议内容", "决定",
               "会上作出的决定", "待办事项"),
        "en": ("You take the minutes of a meeting from its transcript.", "Summary", "a few sentences on what was "
               "discussed", "Decisions", "decisions that were made", "Action items"),
    },
    "interview": {
        "zh": ("你是采访编辑，根据采访转写整理采访要点。", "摘要", "受访者是谁、谈了什么", "要点",
               "受访者的重要观点和事实", "后续事项"),
        "en": ("You edit an interview from its transcript.", "Summary", "who was interviewed and about what",
               "Key points", "the interviewee's main statements and facts", "Follow-ups"),
    },
    "lecture": {
        "zh": ("你是认真的学生，根据讲座转写整理课堂笔记。", "摘要", "讲座的主题和脉络", "知识要点",
               "概念、定义、结论", "作业与安排"),
        "en": ("You are a diligent student taking notes from a lecture transcript.", "Summary", "the topic and "
               "the line of argument", "Key points", "concepts, definitions, conclusions", "Assignments"),
    },
}

_MAP = {"zh": "下面是一段较长记录中的一部分。请按上面的格式整理这一部分。",
        "en": "Below is one part of a longer transcript. Write up this part in the layout above."}
_REDUCE = {"zh": "下面是同一场记录各部分的整理结果。请合并成一份完整的结果：去掉重复，保留时间引用。",
           "en": "Below are the notes of the parts of one transcript. Merge them into one: drop repetitions, keep "
                 "the time citations."}


def builtin(name: str, language: str) -> str:
    role, h1, d1, h2, d2, h3 = _KINDS[name][language]
    layout = (_ZH_LAYOUT if language == "zh" else _EN_LAYOUT).format(
        h1=h1, d1=d1, h2=h2, d2=d2, h3=h3, script="{script}", speakers="{speakers}")
    return f"[system]\n{role}\n{layout}\n\n[map]\n{_MAP[language]}\n\n[reduce]\n{_REDUCE[language]}\n"


NAMES: tuple[str, ...] = tuple(_KINDS)
