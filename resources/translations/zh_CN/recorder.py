"""Simplified Chinese for the recorder panel, its sources and live captions."""

RECORDER: dict[str, str] = {
    # recorder panel
    "Record": "录音",
    "Pause": "暂停",
    "Stop": "停止",
    "Record from the microphone; the file is saved as it is recorded": "用麦克风录音；录音过程中文件会持续保存",
    "Stop recording. With live captions the transcript is complete at once; without, the recording is added to the queue":
        "停止录音。开启实时字幕时转写随即完成；未开启时录音加入队列",
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
}
