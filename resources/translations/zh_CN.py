"""Simplified Chinese for the UI's English source strings. update.py fills the .ts from this table.

Keep placeholders (%1, %2, %n, {0}) and accelerators (&) intact. Edit here or in Qt Linguist; update.py never
overwrites a translation already in the .ts that differs from this table unless --force is given.
"""

ZH_CN: dict[str, str] = {
    # about
    "About Tingxie": "关于听写",
    "Log file": "日志文件",
    "Settings": "设置",
    "Models": "模型",
    "Data": "数据",
    "Offline Mandarin speech-to-text with FunASR Paraformer-large. Your audio never leaves this computer.":
        "基于 FunASR Paraformer-large 的离线普通话语音转文字。您的音频不会离开这台电脑。",
    "Versions": "版本",
    "Files": "文件",
    "Open log folder": "打开日志文件夹",
    # status bar
    "State of the speech model": "语音模型状态",
    "Device and precision the engine is actually running with": "识别引擎实际使用的设备和精度",
    "Model not loaded": "模型未加载",
    "Loading model…": "正在加载模型…",
    "Model ready": "模型就绪",
    "Models missing": "缺少模型",
    "Model error": "模型错误",
    "File %1 of %2": "第 %1/%2 个文件",
    "about %1 left": "约剩 %1",
    "Browse…": "浏览…",
    "Choose a folder": "选择文件夹",
    "Input level": "输入电平",
    # actions
    "Add files…": "添加文件…",
    "Add audio or video files to the queue": "把音频或视频文件加入队列",
    "Add folder…": "添加文件夹…",
    "Add every audio or video file in a folder and its subfolders": "添加文件夹（含子文件夹）中的所有音频和视频文件",
    "Start": "开始",
    "Transcribe the queued files in order": "按顺序转写队列中的文件",
    "Pause after current": "当前文件完成后暂停",
    "Finish the current file, then stop": "转写完当前文件后停止",
    "Cancel": "取消",
    "Export": "导出",
    "Export the selected finished transcripts in the formats chosen in Settings": "按设置中的格式导出所选的已完成转写",
    "Export all done": "全部导出",
    "Export every finished transcript": "导出所有已完成的转写",
    "Export all done to…": "全部导出到…",
    "Export every finished transcript into a folder you choose": "把所有已完成的转写导出到指定文件夹",
    "Copy all text": "复制全部文字",
    "Copy the shown transcript to the clipboard": "把当前显示的转写文字复制到剪贴板",
    "Remove": "移除",
    "Remove the selected files from the queue": "从队列中移除所选文件",
    "Move up": "上移",
    "Transcribe the selected file earlier": "提前转写所选文件",
    "Move down": "下移",
    "Transcribe the selected file later": "推后转写所选文件",
    "Retry": "重试",
    "Models…": "模型…",
    "Download, import, verify or repair the speech models": "下载、导入、校验或修复语音模型",
    "Settings…": "设置…",
    "Precision, device, threads, export formats, language": "精度、设备、线程、导出格式、语言",
    "Open the folder with Tingxie's log files": "打开听写的日志文件夹",
    "Versions and file locations": "版本和文件位置",
    "Quit": "退出",
    "Quit Tingxie": "退出听写",
    "&File": "文件(&F)",
    "&Edit": "编辑(&E)",
    "&Transcribe": "转写(&T)",
    "&Models": "模型(&M)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "Pausing after this file…": "本文件完成后暂停…",
    "Add audio or video files": "添加音频或视频文件",
    "Add a folder": "添加文件夹",
    "Export into folder": "导出到文件夹",
    "Audio and video": "音频和视频",
    "All files": "所有文件",
    # main window
    "Tingxie — Offline Mandarin Transcription": "听写 — 离线普通话转写",
    "Drop audio or video files or folders here": "把音频、视频文件或文件夹拖到这里",
    "Main toolbar": "主工具栏",
    "The recorder is not available: %1": "录音功能不可用：%1",
    "Recorder": "录音",
    "Not added (not an audio or video file): %1": "未添加（不是音频或视频文件）：%1",
    "Those files are already in the queue.": "这些文件已在队列中。",
    "No audio or video files found there.": "那里没有找到音频或视频文件。",
    "Added %n file(s)": "已添加 %n 个文件",
    "The speech models are not installed yet. Download them, or import a folder copied from another computer.":
        "语音模型尚未安装。请下载，或导入从其他电脑复制来的模型文件夹。",
    "Model manager…": "模型管理…",
    "The speech model could not be loaded: %1": "无法加载语音模型：%1",
    "CUDA was requested but is not available; running on the CPU.": "已选择 CUDA，但 CUDA 不可用；正在使用 CPU。",
    "%1 failed: %2": "%1 失败：%2",
    "Queue finished.": "队列已完成。",
    "Paused. Press Start to continue.": "已暂停。按“开始”继续。",
    "Cancelled.": "已取消。",
    "Cannot start: the model is not loaded.": "无法开始：模型未加载。",
    "Nothing to transcribe: add files first.": "没有要转写的文件：请先添加文件。",
    "Export failed — %1": "导出失败 — %1",
    "Exported %n file(s) to %1": "已导出 %n 个文件到 %1",
    "Nothing to export: no finished transcript selected.": "没有可导出的内容：未选择已完成的转写。",
    "The new language applies the next time Tingxie starts.": "新的界面语言将在下次启动听写时生效。",
    "Copied %n character(s)": "已复制 %n 个字符",
    "Quit Tingxie?": "退出听写？",
    # model manager
    "Model": "模型",
    "Size": "大小",
    "State": "状态",
    "Download": "下载",
    "Download the selected model from ModelScope (resumes a partial download)": "从 ModelScope 下载所选模型（可断点续传）",
    "Download set": "下载整套",
    "Download every model of the chosen set that is not installed": "下载所选套件中尚未安装的全部模型",
    "Stop the download; what is done is kept and resumed next time": "停止下载；已下载的部分会保留，下次继续",
    "Import folder…": "导入文件夹…",
    "Use model folders copied from another computer (no internet needed): a PyTorch or ONNX model folder, or a "
    "folder holding several": "使用从其他电脑复制来的模型文件夹（无需联网）：PyTorch 或 ONNX 模型文件夹，或包含多个模型的文件夹",
    "Verify set": "校验整套",
    "Check every file of the chosen set's installed models (checksums)": "检查所选套件中已安装模型的每个文件（校验和）",
    "Repair set": "修复整套",
    "Delete the set's damaged files and download them again": "删除该套件中损坏的文件并重新下载",
    "Open folder": "打开文件夹",
    "Installed": "已安装",
    "Not installed": "未安装",
    "Incomplete (resume download)": "不完整（可继续下载）",
    "Damaged (repair)": "已损坏（需修复）",
    "optional": "可选",
    "All models of this set are installed.": "该套件的所有模型都已安装。",
    "No model of this set is installed.": "该套件的模型都尚未安装。",
    "%1: not installed": "%1：未安装",
    "No Tingxie model found in %1.": "在 %1 中没有找到听写可用的模型。",
    "Model folder, or a folder of model folders": "模型文件夹，或包含多个模型文件夹的文件夹",
    # model sets (issue 17)
    "CPU (ONNX, smaller)": "CPU（ONNX，较小）",
    "GPU / PyTorch": "GPU / PyTorch",
    "%1 (recommended for this computer)": "%1（推荐本机使用）",
    "Model set:": "模型套件：",
    "about %1 MB to download": "需下载约 %1 MB",
    "CPU (ONNX, smaller): published ONNX models, about half the download, run without PyTorch and without any "
    "conversion. GPU / PyTorch: the PyTorch models, for an NVIDIA GPU and full precision (FP32) on the CPU.":
        "CPU（ONNX，较小）：官方发布的 ONNX 模型，下载量约为一半，无需 PyTorch，也无需任何转换。"
        "GPU / PyTorch：PyTorch 模型，适用于 NVIDIA 显卡，以及在 CPU 上使用全精度（FP32）。",
    "Cancelling…": "正在取消…",
    "Downloading %1…": "正在下载 %1…",
    "Repairing %1…": "正在修复 %1…",
    "Importing %1…": "正在导入 %1…",
    "Verifying %1…": "正在校验 %1…",
    "Stopped. What was downloaded is kept; Download resumes from there.": "已停止。已下载的部分会保留，再次下载时从断点继续。",
    "%1: all files are fine.": "%1：所有文件完好。",
    "%1: %2": "%1：%2",
    "%1 is installed.": "%1 已安装。",
    "Cannot download: %1\n\nNo internet here? On a computer with internet, download the model folders from "
    "modelscope.cn (or copy them from another Tingxie installation), bring them over on a USB stick and use Import "
    "folder… here.":
        "无法下载：%1\n\n没有网络？请在能上网的电脑上从 modelscope.cn 下载模型文件夹（或从另一台装有听写的电脑复制），"
        "用 U 盘拷过来，然后在这里点击“导入文件夹…”。",
    "Resume download": "继续下载",
    "Dismiss": "关闭提示",
    # queue
    "Queued": "排队中",
    "Transcribing": "转写中",
    "Done": "已完成",
    "Failed": "失败",
    "Cancelled": "已取消",
    "File": "文件",
    "Duration": "时长",
    "Status": "状态",
    "Progress": "进度",
    "Device / precision": "设备 / 精度",
    "export failed": "导出失败",
    "ETA %1": "剩余 %1",
    "Export failed: %1": "导出失败：%1",
    "Exported: %1": "已导出：%1",
    # recorder panel
    "Record": "录音",
    "Pause": "暂停",
    "Stop": "停止",
    "Record from the microphone; the file is saved as it is recorded": "用麦克风录音；录音过程中文件会持续保存",
    "Stop and add the recording to the queue": "停止并把录音加入队列",
    # recorder sources (online meetings)
    "Microphone": "麦克风",
    "System audio": "系统声音",
    "Microphone + system audio": "麦克风 + 系统声音",
    "System audio is what this computer plays: the other participants of an online meeting. Both records each on "
    "its own channel, and the transcript labels their sentences “我” and “对方”.":
        "系统声音是这台电脑播放的声音：线上会议里的其他参会者。选“麦克风 + 系统声音”时两者各录一个声道，"
        "转写稿把各自的句子标为“我”和“对方”。",
    "Microphone level": "麦克风音量",
    "System audio level": "系统声音音量",
    "Record:": "录制：",
    "{0} and {1}": "{0} 和 {1}",
    "Add to queue": "加入队列",
    "Microphone “{0}” not found; recording from the default one.": "未找到麦克风“{0}”；改用默认麦克风录音。",
    "Recording from {0} to {1}": "正在从 {0} 录音到 {1}",
    "Saved {0} ({1}).": "已保存 {0}（{1}）。",
    "Recovered after a crash ({0} in all): {1}": "已从崩溃中恢复（共 {0}）：{1}",
    "Waiting for the microphone to deliver audio…": "正在等待麦克风的音频…",
    "No sound from the microphone for {0} s. Is it muted, or is it the wrong device?":
        "麦克风已 {0} 秒没有声音。是否静音了，或选错了设备？",
    "The input is too loud (clipping): lower the microphone volume or move it away.":
        "输入音量过大（削波）：请调低麦克风音量或让麦克风离远一些。",
    "the recorder could not keep up": "录音程序来不及写入",
    "the system dropped input: the computer was too busy": "系统丢弃了输入：电脑太忙",
    "{0} s": "{0} 秒",
    "length unknown": "长度未知",
    "Audio lost at {0} ({1}): {2}.": "在 {0} 处丢失了音频（{1}）：{2}。",
    "{0} gaps so far, {1} s in all.": "目前共 {0} 处缺口，合计 {1} 秒。",
    "The transcript marks the gaps.": "转写文本会标出这些缺口。",
    "Audio lost: the system dropped input.": "音频丢失：系统丢弃了输入。",
    "Resume": "继续",
    # settings
    "Transcription": "转写",
    "Interface": "界面",
    "INT8 (faster, smaller; recommended)": "INT8（更快、更小；推荐）",
    "FP16 (NVIDIA GPU: fastest)": "FP16（NVIDIA 显卡：最快）",
    "FP16 (needs an NVIDIA GPU)": "FP16（需要 NVIDIA 显卡）",
    "FP16 needs an NVIDIA GPU (CUDA), which this computer does not have: the engine runs FP32 until you choose "
    "otherwise.": "FP16 需要 NVIDIA 显卡（CUDA），但这台电脑没有：在您更改之前，识别引擎使用 FP32 运行。",
    "%1 (unknown)": "%1（未知）",
    # issue 17: the CPU bundle has no PyTorch
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
    # transcript pane
    "Transcript": "转写文字",
    "Follow": "跟随",
    "Show the file being transcribed as soon as it starts": "开始转写某个文件时自动显示它",
    "Copy all": "全部复制",
    "Copy the whole transcript text to the clipboard (Ctrl+Shift+C)": "把全部转写文字复制到剪贴板（Ctrl+Shift+C）",
    "Write this transcript as TXT/SRT/VTT/JSON (Ctrl+E)": "把这份转写保存为 TXT/SRT/VTT/JSON（Ctrl+E）",
    "Drop audio or video files onto this window, or use Add files…, then press Start. The text appears here as it "
    "is recognised.": "把音频或视频文件拖到本窗口，或点击“添加文件…”，然后按“开始”。识别出的文字会实时显示在这里。",
    # crash dialog
    "Tingxie hit an unexpected error": "听写遇到意外错误",
    "Something went wrong inside Tingxie. Your queue and transcripts are still there; you can keep working, but "
    "restarting is safest.": "听写内部出错了。队列和转写文字都还在，可以继续使用，但最好重新启动。",
    " (%1 errors so far)": "（目前共 %1 个错误）",
    "%1\n\nDetails are in the log file:\n%2": "%1\n\n详细信息见日志文件：\n%2",
}
ZH_CN.update({
    "Tingxie needs a speech recognition model, a voice activity detector and a punctuation model. Choose a set and "
    "download it once, or import folders copied from another computer. Everything runs offline afterwards. CPU "
    "(ONNX, smaller) is about half the download and needs no conversion; GPU / PyTorch is for an NVIDIA GPU or "
    "full precision.":
        "听写需要一个语音识别模型、一个语音端点检测模型和一个标点模型。选择一个套件并下载一次即可，"
        "也可以导入从其他电脑复制来的模型文件夹。之后一切都在本机离线运行。CPU（ONNX，较小）的下载量约为一半，"
        "且无需转换；GPU / PyTorch 适用于 NVIDIA 显卡或全精度。",
    "Close": "关闭",
    "Hide this window; downloads continue": "隐藏此窗口；下载会继续进行",
})
ZH_CN.update({
    "Downloading…": "正在下载…",
})
# job history, resume, history view (issue 7)
ZH_CN.update({
    "History": "历史",
    "History…": "历史…",
    "Finished transcripts: open, export again or delete": "已完成的转写：打开、重新导出或删除",
    "Finished": "完成时间",
    "Folder": "文件夹",
    "Filter by file or folder name": "按文件名或文件夹名筛选",
    "Open": "打开",
    "Show this transcript in the main window": "在主窗口中显示这份转写",
    "Export…": "导出…",
    "Write the selected transcripts into a folder, in the formats chosen in Settings": "按设置中的格式把所选转写导出到文件夹",
    "Delete": "删除",
    "Delete the selected transcripts from the history": "从历史中删除所选转写",
    "%n transcript(s)": "%n 份转写",
    "Delete from history?": "从历史中删除？",
    "Delete %n transcript(s) from the history? This cannot be undone. Files you exported are kept.":
        "从历史中删除 %n 份转写？此操作无法撤销。已导出的文件会保留。",
    "Deleted %n transcript(s).": "已删除 %n 份转写。",
    "Queue the selected failed or cancelled files again (they continue where they stopped); a finished file starts "
    "over": "把所选的失败或已取消的文件重新加入队列（从停下的地方继续）；已完成的文件会从头转写",
    "Remove from the queue?": "从队列中移除？",
    "%n file(s) are partly transcribed. Removing them deletes the text transcribed so far.":
        "%n 个文件已转写了一部分。移除后，已转写的文字会被删除。",
    "A file is being transcribed. Quit anyway? What is finished is saved, and the file can be resumed the next time "
    "you start Tingxie.": "正在转写文件。仍要退出吗？已完成的部分会保存，下次启动听写时可以继续转写。",
    "Interrupted": "已中断",
    "Start continues it from %1": "按“开始”从 %1 处继续",
    "the transcription worker stopped unexpectedly": "转写线程意外停止",
    "%1 stopped with an internal error (%2). Restarting it from its last finished segment.":
        "%1 因内部错误停止（%2）。正在从最后完成的片段处重新开始。",
    "The job history cannot be saved this session, so unfinished files cannot be resumed after a restart: %1":
        "本次无法保存任务历史，重启后将无法继续未完成的文件：%1",
    "%n file(s) stopped part-way last time. The finished part is saved and transcription continues from there.":
        "上次有 %n 个文件未转写完。已完成的部分已保存，会从那里继续转写。",
    "Resume %n interrupted job(s)": "继续 %n 个中断的任务",
    "Stop the current file now and stop the queue; Start continues the file where it stopped":
        "立即停止当前文件并停止队列；之后按“开始”会从停下的地方继续",
    "Cannot open that transcript: %1": "无法打开这份转写：%1",
    "Opened %1 from the history": "已从历史中打开 %1",
})
# long-run notifications (desktop/app/notify.py): filled here so the .ts stays complete
ZH_CN.update({
    "Transcription finished": "转写完成",
    "Transcribing audio": "正在转写音频",
    "%1 is done (%2).": "%1 已完成（%2）。",
    "Transcription failed": "转写失败",
    "%1 could not be transcribed.": "%1 无法转写。",
    "Transcription finished with errors": "转写完成，但有错误",
    "%1 file(s) done, %2 failed, in %3.": "%1 个文件完成，%2 个失败，用时 %3。",
    # transcript editor (issue 14)
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
})

# text settings, glossary (issue 16) and batch results (issue 18)
ZH_CN.update({
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
})

# transcript editor in the main window (issue 14)
ZH_CN.update({
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
})

# speakers in the editor (issue 15)
ZH_CN.update({
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
})

# speakers in settings, the queue and the worker (issue 15); the SeACo hint (issue 16)
ZH_CN.update({
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
})

# summary panel and settings (minutes from the user's own language model)
ZH_CN.update({
    "What kind of recording this is: the prompts differ": "录音的类型：提示词各不相同",
    "Summarise": "生成摘要",
    "Summary, decisions and action items from your own language model": "由您自己的语言模型生成摘要、决定和待办事项",
    "Model…": "语言模型…",
    "Endpoint, model, API key and context length": "接口地址、模型、API 密钥和上下文长度",
    "Meeting minutes": "会议纪要",
    "Interview": "采访",
    "Lecture notes": "课堂笔记",
    "No summary yet.": "尚无摘要。",
    "Asking %1…": "正在请求 %1…",
    "The transcript leaves this computer": "转写内容将离开这台电脑",
    "%1 is not on this computer: the transcript, with speaker names, will be sent over the network to be "
    "summarised. Send it? You will not be asked again for this server.":
        "%1 不在这台电脑上：转写内容（包括说话人姓名）将通过网络发送过去生成摘要。要发送吗？对这个服务器不会再次询问。",
    "Cancelled. The parts already summarised are kept: Summarise continues from there.":
        "已取消。已完成摘要的部分会保留：再次点击“生成摘要”将从那里继续。",
    " (kept from before)": "（沿用之前的结果）",
    "Part %1 of %2": "第 %1/%2 部分",
    "%1 decision(s), %2 action item(s). Click a time to hear it.": "%1 项决定，%2 项待办事项。点击时间可收听该处。",
    "The summary could not be saved: %1": "无法保存摘要：%1",
    "Summary": "摘要",
    "Summary settings": "摘要设置",
    "the first model the endpoint lists": "接口列出的第一个模型",
    "List models": "列出模型",
    "none (local servers need none)": "无（本机服务器不需要）",
    "as the endpoint reports (else 4096)": "按接口报告的值（否则为 4096）",
    "Edit templates…": "编辑模板…",
    "Open the folder of prompt templates (a copy of each built-in one is made there for you to edit)":
        "打开提示词模板文件夹（会在那里为每个内置模板创建一份副本供您编辑）",
    "Endpoint (OpenAI-compatible)": "接口地址（兼容 OpenAI）",
    "API key": "API 密钥",
    "Context length (tokens)": "上下文长度（词元）",
    "This server is on this computer: the transcript stays here.": "该服务器在这台电脑上：转写内容不会离开。",
    "This server is not on this computer: the transcript will leave it (you will be asked once before anything "
    "is sent).": "该服务器不在这台电脑上：转写内容会离开这台电脑（发送前会询问您一次）。",
    "Save first; the server is contacted after you agree.": "请先保存；在您同意后才会连接该服务器。",
    "%n model(s) available.": "有 %n 个模型可用。",
    # known voices
    "Known voices…": "已知声音…",
    "The voices Tingxie recognises: rename, merge, delete, forget all": "听写能认出的声音：重命名、合并、删除、全部忘记",
    "Remember this voice…": "记住这个声音…",
    "Remember this voice": "记住这个声音",
    "Name of this person (recognised in later transcripts):": "此人的名字（以后的转写中会自动认出）：",
    "Known voices": "已知声音",
    "Recognised voices:": "已认出的声音：",
    "Undo": "撤销",
    "Put the voice back as it was before this correction": "把声音恢复到这次更正之前的样子",
    "%1 was recognised from the known voices (score %2; names are given from %3). Click to undo: back to %4.":
        "%1 是从已知声音中认出的（相似度 %2；达到 %3 才会命名）。点击撤销：恢复为 %4。",
    "Learnt more of %1's voice from this transcript": "已从这份转写中进一步学习 %1 的声音",
    "Remembered %1's voice": "已记住 %1 的声音",
    "Speakers with these voices are named in new transcripts with speakers on. Voices are stored only on this computer and never written into an export.":
        "开启说话人识别时，新转写中这些声音的说话人会被自动命名。声音只保存在这台电脑上，绝不会写入任何导出文件。",
    "Name": "名字",
    "Meetings": "会议数",
    "Rename…": "重命名…",
    "Merge into…": "合并到…",
    "Delete": "删除",
    "Export…": "导出…",
    "Import…": "导入…",
    "Forget all voices…": "忘记所有声音…",
    "Learnt from %n meeting(s)": "学习自 %n 次会议",
    "Rename voice": "重命名声音",
    "New name for %1:": "%1 的新名字：",
    "Merge voices": "合并声音",
    "%1 is the same person as:": "%1 和以下是同一个人：",
    "Delete voice": "删除声音",
    "Forget %1's voice? Transcripts keep the name.": "忘记 %1 的声音？转写中的名字会保留。",
    "Forget all voices": "忘记所有声音",
    "Delete every known voice from this computer? Transcripts keep their names.": "从这台电脑删除所有已知声音？转写中的名字会保留。",
    "Export voices": "导出声音",
    "Tingxie voices (*.json)": "听写声音文件 (*.json)",
    "Import voices": "导入声音",
    # new-user fixes: export choice, queue repeats, editor conventions, model titles
    "Write %n finished transcript(s), with your corrections, as:": "将 %n 份已完成的转写稿（含您的修改）导出为：",
    "The automatic export when a file is done uses the formats in Settings.": "文件完成时的自动导出使用“设置”中的格式。",
    "Already in the queue": "已在队列中",
    "%n file(s) are already in the queue:": "%n 个文件已在队列中：",
    "Add them again to transcribe them once more?": "再次加入并重新转写吗？",
    "Add again": "再次加入",
    "Skip": "跳过",
    "Export the selected finished transcripts; choose the formats": "导出所选的已完成转写稿，可选择格式",
    "Speakers in the finished transcript": "已完成转写稿中的说话人",
    "(optional models: about %1 MB more)": "（可选模型另需约 %1 MB）",
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
    "Paraformer-large Mandarin speech recognition (with timestamps)":
        "Paraformer-large 普通话语音识别（带时间戳）",
    "FSMN-VAD voice activity detection":
        "FSMN-VAD 语音端点检测",
    "CT-Transformer punctuation (Chinese; funasr ct-punc-c)":
        "CT-Transformer 中文标点（funasr ct-punc-c）",
    "CT-Transformer punctuation, large (Chinese and English; funasr ct-punc)":
        "CT-Transformer 中英文标点，大模型（funasr ct-punc）",
    "CAM++ speaker embeddings (to tell speakers apart; funasr cam++)":
        "CAM++ 说话人特征（用于区分说话人；funasr cam++）",
    "SeACo-Paraformer speech recognition biased towards the glossary's terms":
        "SeACo-Paraformer 热词语音识别（偏向术语表中的词）",
    "Paraformer-large Mandarin speech recognition, ONNX INT8 (CPU, smaller)":
        "Paraformer-large 普通话语音识别 ONNX INT8（CPU，更小）",
    "FSMN-VAD voice activity detection, ONNX (CPU)":
        "FSMN-VAD 语音端点检测 ONNX（CPU）",
    "CT-Transformer punctuation, ONNX (CPU)":
        "CT-Transformer 中文标点 ONNX（CPU）",
    "CAM++ speaker embeddings, ONNX (CPU; sherpa-onnx export)":
        "CAM++ 说话人特征 ONNX（CPU；sherpa-onnx 导出）",
    "Paraformer-large streaming recognition (live captions while recording)":
        "Paraformer-large 流式识别（录音时的实时字幕）",
    "Paraformer-large streaming recognition, ONNX INT8 (CPU; live captions while recording)":
        "Paraformer-large 流式识别 ONNX INT8（CPU；录音时的实时字幕）",
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
    # live captions while recording
    "Live captions": "实时字幕",
    "Live captions while recording": "录音时显示实时字幕",
    "Final sentences appear while you record, and the transcript is complete when you stop":
        "录音时逐句显示定稿文字，停止录音时转写即已完成",
    "Streaming text (words within a second) needs the live-captions model (Models…); without it, final sentences "
    "only.": "流式文字（一秒内出字）需要实时字幕模型（模型…）；没有它时只显示定稿句子。",
    "Hide the caption strip": "隐藏字幕条",
    "Caption strip": "字幕条",
    "Show the captions in a large always-on-top strip you can move anywhere on the screen":
        "在置顶的大字幕条中显示字幕，可拖到屏幕任意位置",
    "Live captions are off for this recording: the previous one is still being finished. It is transcribed when "
    "it stops.": "本次录音不显示实时字幕：上一段录音仍在收尾。本次录音会在停止后转写。",
    "Live captions start as soon as the speech model is ready…": "语音模型就绪后立即开始显示实时字幕…",
    "Live captions are not available (%1): the recording is transcribed when it stops.":
        "实时字幕不可用（%1）：录音会在停止后转写。",
    "Final sentences only: install the live-captions model in the model manager for streaming text.":
        "只显示定稿句子：在模型管理器中安装实时字幕模型即可显示流式文字。",
    "Finishing the last sentence…": "正在完成最后一句…",
    "the live transcript did not finish": "实时转写未能完成",
    "Catching up (%1 s behind)": "正在追赶（落后 %1 秒）",
    "the speech model is not loaded": "语音模型未加载",
    "Queued files wait: the live recording is using the speech model.": "队列中的文件需等待：实时录音正在使用语音模型。",
    "The live transcript stopped (%1): the recording is queued to be transcribed again.":
        "实时转写已中断（%1）：录音已加入队列，将重新转写。",
    "%1 The recording and the %2 sentence(s) transcribed until then are kept.":
        "%1 录音以及此前已转写的 %2 句均已保留。",
    "%1 transcribed while recording: %2 sentence(s).": "%1 已在录音时转写完成：共 %2 句。",
})
