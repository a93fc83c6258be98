"""Simplified Chinese for the transcript editor: playback, editing, find, speakers, carried-over corrections."""

EDITOR: dict[str, str] = {
    # transcript editor
    'Play / pause': '播放/暂停',
    'Back 5 seconds': '后退 5 秒',
    'Forward 5 seconds': '前进 5 秒',
    'Loop the current sentence': '循环当前句',
    'Play from the selected sentence': '从所选句子播放',
    'Slower': '减速',
    'Faster': '加速',
    'Edit the selected sentence': '编辑所选句子',
    'Split the sentence at the cursor': '在光标处拆分句子',
    'Join with the next sentence': '与下一句合并',
    'Revert the sentence to the recognised text': '将句子恢复为识别原文',
    'Show the recognised text': '显示识别原文',
    'Undo': '撤销',
    'Redo': '重做',
    'Find and replace': '查找和替换',
    'Next match': '下一个匹配',
    'Previous match': '上一个匹配',
    'Edit': '编辑',
    'Split': '拆分',
    'Join': '合并',
    'Revert': '恢复',
    'Replace': '替换',
    'Replace all': '全部替换',
    'Cannot play the audio: %1': '无法播放音频：%1',
    'Cannot save the edit': '无法保存修改',
    'Recognised:': '识别原文：',
    'Time': '时间',
    'Text': '文本',
    'Play': '播放',
    '−5 s': '−5 秒',
    '+5 s': '+5 秒',
    'Loop': '循环',
    'Play / pause (Ctrl+Space)': '播放/暂停 (Ctrl+Space)',
    'Back 5 seconds (Alt+Left)': '后退 5 秒 (Alt+Left)',
    'Forward 5 seconds (Alt+Right)': '前进 5 秒 (Alt+Right)',
    'Loop the current sentence (Ctrl+L)': '循环当前句 (Ctrl+L)',
    'Position': '位置',
    'Playback speed (pitch kept)': '播放速度（保持音高）',
    'Find': '查找',
    'Replace with': '替换为',
    'Previous': '上一个',
    'Next': '下一个',
    'Previous match (Shift+F3)': '上一个匹配 (Shift+F3)',
    'Next match (F3)': '下一个匹配 (F3)',
    'Close (Esc)': '关闭 (Esc)',
    '%1 of %2': '第 %1/%2 个',
    '%n match(es)': '%n 个匹配',
    'Search all transcripts': '搜索所有转写稿',
    'Words to find in every transcript': '要在所有转写稿中查找的词',
    'Context': '上下文',
    '%n result(s)': '%n 个结果',
    # transcript editor in the main window
    "%1 (your corrections, before it was transcribed again)": "%1（重新转写前您的修改）",
    "Search all transcripts…": "搜索全部转写稿…",
    "Find words in every transcript in the history": "在历史记录的所有转写稿中查找文字",
    "Keyboard shortcuts": "键盘快捷键",
    "&Playback": "播放(&P)",
    "Glossary: %1 (recognised: %2)": "术语表：%1（识别为：%2）",
    "Undo glossary: %1 → %2": "撤销术语替换：%1 → %2",
    "Copy the whole transcript text, with your corrections, to the clipboard (Ctrl+Shift+C)":
        "将整篇转写文字（含您的修改）复制到剪贴板 (Ctrl+Shift+C)",
    "Write this transcript, with your corrections, as TXT/SRT/VTT/JSON (Ctrl+E)":
        "将此转写稿（含您的修改）导出为 TXT/SRT/VTT/JSON (Ctrl+E)",
    "Drop audio or video files onto this window, or use Add files…, then press Start. The text appears here as it "
    "is recognised; click a sentence to hear it, double-click (or F2) to correct it.":
        "将音频或视频文件拖到此窗口，或使用“添加文件…”，然后按“开始”。识别出的文字会显示在这里；单击句子即可收听，"
        "双击（或按 F2）即可修改。",
    "Words the glossary replaced in this transcript (highlighted); right-click one to put the recognised words "
    "back": "此转写稿中被术语表替换的词（已高亮）；右键单击可恢复为识别原文",
    "No text yet: it appears here sentence by sentence while the file is transcribed.":
        "还没有文字：转写时会在这里逐句显示。",
    "Glossary: %n replacement(s)": "术语表：%n 处替换",
    "Action": "操作",
    "Shortcut": "快捷键",
    "Undo the glossary replacement at the cursor": "撤销光标处的术语替换",
    # speakers in the editor
    "Speaker": "说话人",
    "Double-click to rename %1 everywhere; right-click to reassign or merge": "双击可在全文中重命名%1；右键单击可改派或合并",
    "Rename speaker": "重命名说话人",
    "Name for every sentence of %1:": "%1 的所有句子使用的名字：",
    "Rename speaker %1…": "重命名“%1”…",
    "New speaker": "新说话人",
    "Merge %1 into": "将“%1”合并到",
    "Merge speakers": "合并说话人",
    "Every sentence of %1 becomes %2's. This cannot be undone with Undo (reassign sentences to change it back).":
        "%1 的所有句子都将归入 %2。此操作无法用“撤销”还原（可逐句改派说话人来恢复）。",
    # editor conventions
    "Speakers in the finished transcript": "已完成转写稿中的说话人",
    "Every sentence of %1 becomes %2's. Undo (Ctrl+Z) takes it back.": "%1 的每一句都将归入 %2。可用撤销（Ctrl+Z）恢复。",
    "Select a sentence (playback goes on where it is)": "选中一句（播放保持不变）",
    "Click": "单击",
    "Play from a sentence": "从某一句开始播放",
    "Ctrl+click, or double-click its time": "Ctrl+单击，或双击其时间",
    "Correct a sentence": "修改一句",
    "Double-click its text": "双击其文字",
    "Show the file being transcribed as soon as it starts, and keep its newest sentence in view":
        "开始转写时立即显示该文件，并让最新的句子保持可见",
    "Write this transcript, with your corrections, in the formats you choose (Ctrl+E)":
        "按您选择的格式导出此转写稿（含您的修改）（Ctrl+E）",
    "Drop audio or video files onto this window, or use Add files…, then press Start. The text appears here as it "
    "is recognised; Ctrl+click a sentence (or double-click its time) to hear it, double-click its text (or F2) to "
    "correct it.": "把音频或视频文件拖到此窗口，或使用“添加文件…”，然后按“开始”。文字会在识别时逐句出现在这里；"
    "Ctrl+单击某句（或双击其时间）即可收听，双击文字（或按 F2）即可修改。",
    # changing a finished transcript
    "The models could not be loaded.": "无法加载模型。",
    "Corrections in %1": "%1 中的修改",
    "%1 was transcribed again. %2 of your corrections were carried over to the new sentences (undo with Ctrl+Z). "
    "These %3 could not be (the list says why); redo them by hand. The old transcript with all of them stays in "
    "History.": "%1 已重新转写。您的 %2 处修改已带到新的句子中（可用 Ctrl+Z 撤销）。以下 %3 处无法带过去（原因见列表），"
                "请手动重新修改。包含全部修改的旧转写稿仍保留在历史记录中。",
    "Your correction": "您的修改",
    "Why": "原因",
    "Apply text settings to %1": "对 %1 应用文本设置",
    "The glossary, numbers and script settings change %n sentence(s) you have not corrected. Nothing is "
    "transcribed again, and this is one step you can undo (Ctrl+Z).":
        "术语表、数字和字形设置会改动 %n 个您未修改过的句子。不会重新转写，且可作为一步撤销（Ctrl+Z）。",
    "Now": "现在",
    "After": "之后",
    "Also apply to my corrections (%n sentence(s), listed below)": "也应用到我修改过的句子（%n 句，见下方列表）",
    "Would become": "将变为",
    "Sentences you corrected keep your text unless you tick the box.": "除非勾选此项，您修改过的句子保留您的文字。",
    "Apply": "应用",
    "Text settings": "文本设置",
    "Carry corrections over": "带入修改",
    "Apply text settings to this transcript…": "对此转写稿应用文本设置…",
    "Apply the glossary, numbers and script settings to the transcript shown, without transcribing it again":
        "把术语表、数字和字形设置应用到当前显示的转写稿，无需重新转写",
    "Finding the speakers in %1 (the transcript and your corrections stay as they are)…":
        "正在识别 %1 中的说话人（转写内容和您的修改保持不变）…",
    "%1: %n speaker(s). Undo with Ctrl+Z.": "%1：%n 位说话人。可用 Ctrl+Z 撤销。",
    "%1: speakers removed. Undo with Ctrl+Z.": "%1：已去除说话人。可用 Ctrl+Z 撤销。",
    "Speakers could not be added: %1": "无法添加说话人：%1",
    "The text settings changed. They apply to files transcribed from now on; the open transcript can take them "
    "too.": "文本设置已更改，将用于之后转写的文件；当前打开的转写稿也可以应用。",
    "Apply to this transcript": "应用到此转写稿",
    "The text settings could not be applied: %1": "无法应用文本设置：%1",
    "Nothing to change: the transcript already follows the text settings.": "无需改动：转写稿已符合文本设置。",
    "%n sentence(s) changed. Undo with Ctrl+Z.": "已改动 %n 个句子。可用 Ctrl+Z 撤销。",
    "%n finished file(s) will be transcribed again from the start, with the current model and precision.":
        "%n 个已完成的文件将使用当前的模型和精度从头重新转写。",
    "Your %1 correction(s) are carried over to the new sentences where the times match; any that cannot be are "
    "listed when it is done. The transcript as it is now stays in History.":
        "您的 %1 处修改会按时间带到对应的新句子中；无法带过去的会在完成后列出。当前的转写稿仍保留在历史记录中。",
    "Transcribe again?": "重新转写？",
    "%n correction(s) carried over to the new transcript.": "已把 %n 处修改带到新的转写稿中。",
    "No new sentence at that time": "该时间没有新句子",
    "One new sentence for several corrections": "多处修改对应同一个新句子",
    "The new sentences are cut differently there": "新句子在此处的切分不同",
    "That sentence was corrected already": "该句子已被修改过",
}
