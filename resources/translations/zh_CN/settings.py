"""Simplified Chinese for the settings dialog (transcription, text, glossary, speakers, watch folders) and
batch results."""

SETTINGS: dict[str, str] = {
    # settings
    "Transcription": "转写",
    "Interface": "界面",
    "INT8 (faster, smaller; recommended)": "INT8（更快、更小；推荐）",
    "FP16 (NVIDIA GPU: fastest)": "FP16（NVIDIA 显卡：最快）",
    "FP16 (needs an NVIDIA GPU)": "FP16（需要 NVIDIA 显卡）",
    "FP16 needs an NVIDIA GPU (CUDA), which this computer does not have: the engine runs FP32 until you choose "
    "otherwise.": "FP16 需要 NVIDIA 显卡（CUDA），但这台电脑没有：在您更改之前，识别引擎使用 FP32 运行。",
    "%1 (unknown)": "%1（未知）",
    # the CPU bundle has no PyTorch
    "needs the full build": "需要完整版",
    "%1 (needs the full build)": "%1（需要完整版）",
    "This build runs the CPU (ONNX) model set only; this choice needs the full build, which includes PyTorch":
        "此版本只运行 CPU（ONNX）模型组；此选项需要包含 PyTorch 的完整版",
    "“%1” needs the full build (with PyTorch): this build uses “%2” until you choose otherwise.":
        "“%1”需要完整版（含 PyTorch）：在您更改之前，此版本使用“%2”。",
    "Biasing recognition towards glossary terms (SeACo-Paraformer) needs the full build, which includes PyTorch; "
    "this build corrects the text after recognition.":
        "让识别偏向术语表中的词（SeACo-Paraformer）需要包含 PyTorch 的完整版；此版本在识别后修正文字。",
    "%1 is not a value this version knows; the engine uses %2 until you choose another.":
        "此版本不认识 %1；在您另选之前，识别引擎使用 %2。",
    "FP32 (full precision)": "FP32（全精度）",
    "INT8 quantizes the model: about twice as fast on CPU with nearly the same accuracy":
        "INT8 对模型进行量化：在 CPU 上约快一倍，准确率几乎不变",
    "Precision:": "精度：",
    "Automatic (GPU if available)": "自动（有 GPU 时使用 GPU）",
    "NVIDIA GPU (CUDA)": "NVIDIA 显卡（CUDA）",
    "CPU": "CPU",
    "Device:": "设备：",
    "Automatic": "自动",
    "CPU threads for recognition; automatic uses the physical cores (this computer has %1 logical CPUs)":
        "识别使用的 CPU 线程数；“自动”使用物理核心数（本机有 %1 个逻辑 CPU）",
    "Automatic (ONNX Runtime for INT8)": "自动（INT8 使用 ONNX Runtime）",
    "ONNX Runtime": "ONNX Runtime",
    "PyTorch": "PyTorch",
    "What runs the speech model on the CPU. ONNX Runtime is faster and needs less memory; the first start converts the model once (about a minute)": "在 CPU 上运行语音模型的引擎。ONNX Runtime 更快、占用内存更少；首次启动时会转换一次模型（约一分钟）",
    "CPU runtime:": "CPU 推理引擎：",
    "CPU threads:": "CPU 线程：",
    "Chinese (smaller)": "中文（较小）",
    "Chinese + English (large)": "中英文（大）",
    "Punctuation model:": "标点模型：",
    "Changes take effect before the next file; a running file is not interrupted.":
        "更改从下一个文件开始生效；正在转写的文件不会被中断。",
    "Formats:": "格式：",
    "Next to the audio file": "与音频文件放在一起",
    "Export folder:": "导出文件夹：",
    "Export automatically when a file is done": "文件转写完成后自动导出",
    " characters": " 个字",
    "Longest subtitle line in SRT/VTT (a Chinese character counts 1, a Latin letter ½)":
        "SRT/VTT 字幕每行最大长度（一个汉字算 1，一个拉丁字母算 ½）",
    "Subtitle line length:": "字幕行长度：",
    "Microphone:": "麦克风：",
    "Save recordings in:": "录音保存位置：",
    "Transcribe recordings when they finish": "录音结束后自动转写",
    "Language:": "语言：",
    "Start transcribing as soon as files are added": "添加文件后立即开始转写",
    "System default": "系统默认",
    "Cannot list microphones: %1": "无法列出麦克风：%1",
    "%1 (not connected)": "%1（未连接）",
    # text settings, glossary and batch results
    "Text": "文本",
    "Write numbers as digits (二零二五年三月 → 2025年3月, 百分之三十 → 30%)":
        "数字写成阿拉伯数字（二零二五年三月 → 2025年3月，百分之三十 → 30%）",
    "Idioms and names keep their characters (一心一意, 三国)": "成语和名称保留汉字（一心一意、三国）",
    "Numbers:": "数字：",
    "The script of transcripts and exports; the interface language does not change it":
        "转写稿和导出文件使用的字形；与界面语言无关",
    "Script:": "简繁体：",
    "Simplified Chinese": "简体中文",
    "Traditional Chinese": "繁体中文",
    "Traditional Chinese (Taiwan, with Taiwan phrasing)": "繁体中文（台湾，含台湾用词）",
    "Traditional Chinese (Hong Kong)": "繁体中文（香港）",
    "Empty: the default file in Tingxie's settings folder": "留空：使用听写设置文件夹中的默认文件",
    "Edit glossary…": "编辑词表…",
    "Glossary file:": "词表文件：",
    "Names, product words and jargon the recogniser gets wrong. A file named %1 in an audio file's folder is used "
    "too, after this one. An edited glossary applies from the next file.":
        "用来纠正识别错的人名、产品名和术语。音频所在文件夹中名为 %1 的文件也会使用，并优先于此文件。"
        "修改后的词表从下一个文件起生效。",
    "Choose a glossary file": "选择词表文件",
    "Text files (*.txt);;All files (*)": "文本文件 (*.txt);;所有文件 (*)",
    "Glossary": "词表",
    "File: %1": "文件：%1",
    "Check": "检查",
    "One entry per line. \"Term: alias, alias\" replaces the aliases, and words that sound like the term (pinyin, "
    "tones ignored), with the term. A term alone fixes sound-alikes. \"re: PATTERN => REPLACEMENT\" is a regular "
    "expression rule. \"!not: word\" keeps text around that word unchanged. \"#\" starts a comment. A file named "
    "tingxie-glossary.txt in an audio file's folder is used after this one and wins.":
        "每行一条。“术语: 别名, 别名”把别名以及与术语读音相近的词（按拼音，不计声调）替换为术语；只写术语则纠正"
        "读音相近的词。“re: 模式 => 替换”是正则表达式规则。“!not: 词”让该词附近的文字保持不变。“#”开始注释。"
        "音频所在文件夹中名为 tingxie-glossary.txt 的文件在此文件之后使用，并优先。",
    "Cannot read the file: %1": "无法读取文件：%1",
    "The file is not UTF-8 text; characters that cannot be read are replaced. Saving writes UTF-8.":
        "此文件不是 UTF-8 文本，无法识别的字符已被替换。保存时将写成 UTF-8。",
    "Line %1: %2": "第 %1 行：%2",
    "%1 terms, %2 rules": "%1 个词条，%2 条规则",
    "Cannot save: %1": "无法保存：%1",
    "Glossary %1 changed and was reloaded (%2 terms, %3 rules); it applies from this file on.":
        "词表 %1 已更改并重新载入（%2 个词条，%3 条规则），从这个文件起生效。",
    "Using the glossary in this file's folder: %1 (%2 terms, %3 rules).":
        "使用此文件所在文件夹中的词表：%1（%2 个词条，%3 条规则）。",
    "Open batch results…": "打开批量结果…",
    "Show the results of a `main.py batch` output folder (read-only)": "查看 `main.py batch` 输出文件夹中的结果（只读）",
    "Open a batch output folder": "打开批量输出文件夹",
    "Batch results — %1": "批量结果 — %1",
    "Waiting": "等待中",
    "Running or interrupted": "进行中或已中断",
    "Outputs": "输出文件",
    "Error": "错误",
    "Open transcript": "打开转写稿",
    "Reload": "重新载入",
    "No batch results in %1 (it has no %2).": "%1 中没有批量结果（没有 %2）。",
    "%1 — %2 files: %3 done, %4 failed, %5 not done; %6 h of audio transcribed.":
        "%1 — 共 %2 个文件：完成 %3 个，失败 %4 个，未完成 %5 个；已转写 %6 小时音频。",
    "This file's JSON and TXT exports are missing from the folder": "文件夹中缺少此文件的 JSON 和 TXT 导出文件",
    "Show the selected file's transcript (read-only)": "显示所选文件的转写稿（只读）",
    "Transcript — %1": "转写稿 — %1",
    "Cannot open %1: %2": "无法打开 %1：%2",
    "%n sentence(s)": "%n 句",
    "Plain text export (this batch wrote no JSON with timestamps)": "纯文本导出（此批量未输出带时间戳的 JSON）",
    # speakers in settings, the queue and the worker; the SeACo hint
    "Off": "关闭",
    "Speakers": "说话人",
    "Speakers:": "说话人：",
    "Automatic (find how many)": "自动（自动判断人数）",
    "Exactly this many:": "指定人数：",
    "Label each sentence with its speaker (说话人1, 说话人2 …); rename them in the editor":
        "为每句话标注说话人（说话人1、说话人2 …）；可在编辑器中重命名",
    " speakers": " 人",
    "at least": "至少",
    "at most": "至多",
    "Automatic count:": "自动人数范围：",
    "Recordings find speakers automatically, even when files do not": "录音总是自动区分说话人（即使文件未开启）",
    "For one file: right-click it in the queue ▸ Speakers. Turning speakers on for a file that was partly "
    "transcribed without them starts it over.":
        "单个文件：在队列中右键单击它 ▸ 说话人。对已部分转写（未区分说话人）的文件开启说话人，会从头重新转写。",
    "The speaker model (CAM++) is installed.": "说话人模型（CAM++）已安装。",
    "Speakers need the speaker model (CAM++, about %1 MB): download it in Models… (Ctrl+M) before transcribing "
    "with speakers.":
        "区分说话人需要说话人模型（CAM++，约 %1 MB）：请先在“模型…”（Ctrl+M）中下载。",
    "Meeting minutes: title, date, duration, participants, then one paragraph per speaker turn":
        "会议纪要：标题、日期、时长、参会人，然后每段发言一段",
    "Glossary terms also bias recognition (the SeACo-Paraformer model is installed).":
        "术语表中的词也会引导识别（已安装 SeACo-Paraformer 模型）。",
    "SeACo-Paraformer is installed: Chinese terms in the glossary will bias recognition towards them.":
        "已安装 SeACo-Paraformer：术语表中的中文词条会引导识别结果。",
    "Install the SeACo-Paraformer model (Models…) to bias recognition towards glossary terms; without it the "
    "glossary corrects the text after recognition.":
        "安装 SeACo-Paraformer 模型（模型…）可让识别偏向术语表中的词；未安装时，术语表只在识别后修正文字。",
    "%n speaker(s)": "%n 位说话人",
    "From Settings (Speakers); right-click ▸ Speakers to choose for this file":
        "来自设置（说话人）；右键单击 ▸ 说话人 可为此文件单独选择",
    "Chosen for this file; right-click ▸ Speakers to change": "为此文件单独选择；右键单击 ▸ 说话人 可更改",
    "Label who said what in the selected files": "为所选文件标注谁说了什么",
    "Settings default": "使用设置中的默认值",
    "Other number…": "其他人数…",
    "Other number (%1)…": "其他人数（%1）…",
    "Number of speakers in the selected files:": "所选文件中的说话人数：",
    "Speakers need the speaker model (CAM++), which is not installed. Download it in Models… (Ctrl+M), or set "
    "this file's Speakers to Off (right-click it), then Retry.":
        "区分说话人需要说话人模型（CAM++），但尚未安装。请在“模型…”（Ctrl+M）中下载，或将此文件的说话人设为关闭"
        "（右键单击它），然后重试。",
    "The speaker model (CAM++) could not be loaded: %1. Verify or repair it in Models… (Ctrl+M), or set this "
    "file's Speakers to Off (right-click it), then Retry.":
        "无法加载说话人模型（CAM++）：%1。请在“模型…”（Ctrl+M）中校验或修复，或将此文件的说话人设为关闭"
        "（右键单击它），然后重试。",
    # watch folders
    "Watch folders": "监视文件夹",
    "New recordings in these folders are transcribed while Tingxie is open, each file once, when it is complete.":
        "听写打开时，这些文件夹中的新录音在写入完成后自动转写，每个文件只转写一次。",
    "Next to the recording": "录音所在文件夹",
    "In this folder:": "此文件夹：",
    "Transcripts:": "转写结果：",
    "%n speakers": "%n 位说话人",
    "None (the global glossary applies)": "无（使用全局术语表）",
    "Glossary:": "术语表：",
    "Choose a glossary": "选择术语表",
    "Choose a folder to watch": "选择要监视的文件夹",
    "Start Tingxie at login (to watch these folders)": "登录时启动听写（以监视这些文件夹）",
    "Watch folders are not watched: %1": "监视文件夹未能启动：%1",
    "Transcribed: %1": "已转写：%1",
    "Could not change the login entry: %1": "无法更改登录启动项：%1",
}
