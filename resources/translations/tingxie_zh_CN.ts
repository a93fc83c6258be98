<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Tingxie</source>
        <translation>关于听写</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Offline Mandarin speech-to-text with FunASR Paraformer-large. Your audio never leaves this computer.</source>
        <translation>基于 FunASR Paraformer-large 的离线普通话语音转文字。您的音频不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>BatchResultsDialog</name>
    <message>
        <source>Batch results — %1</source>
        <translation>批量结果 — %1</translation>
    </message>
    <message>
        <source>Open transcript</source>
        <translation>打开转写稿</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>No batch results in %1 (it has no %2).</source>
        <translation>%1 中没有批量结果（没有 %2）。</translation>
    </message>
    <message>
        <source>%1 — %2 files: %3 done, %4 failed, %5 not done; %6 h of audio transcribed.</source>
        <translation>%1 — 共 %2 个文件：完成 %3 个，失败 %4 个，未完成 %5 个；已转写 %6 小时音频。</translation>
    </message>
    <message>
        <source>This file's JSON and TXT exports are missing from the folder</source>
        <translation>文件夹中缺少此文件的 JSON 和 TXT 导出文件</translation>
    </message>
    <message>
        <source>Show the selected file's transcript (read-only)</source>
        <translation>显示所选文件的转写稿（只读）</translation>
    </message>
    <message>
        <source>Transcript — %1</source>
        <translation>转写稿 — %1</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Open a batch output folder</source>
        <translation>打开批量输出文件夹</translation>
    </message>
</context>
<context>
    <name>CaptionStrip</name>
    <message>
        <source>Live captions</source>
        <translation>实时字幕</translation>
    </message>
    <message>
        <source>Hide the caption strip</source>
        <translation>隐藏字幕条</translation>
    </message>
</context>
<context>
    <name>CarriedDialog</name>
    <message>
        <source>Corrections in %1</source>
        <translation>%1 中的修改</translation>
    </message>
    <message>
        <source>%1 was transcribed again. %2 of your corrections were carried over to the new sentences (undo with Ctrl+Z). These %3 could not be (the list says why); redo them by hand. The old transcript with all of them stays in History.</source>
        <translation>%1 已重新转写。您的 %2 处修改已带到新的句子中（可用 Ctrl+Z 撤销）。以下 %3 处无法带过去（原因见列表），请手动重新修改。包含全部修改的旧转写稿仍保留在历史记录中。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Your correction</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No new sentence at that time</source>
        <translation>该时间没有新句子</translation>
    </message>
    <message>
        <source>One new sentence for several corrections</source>
        <translation>多处修改对应同一个新句子</translation>
    </message>
    <message>
        <source>The new sentences are cut differently there</source>
        <translation>新句子在此处的切分不同</translation>
    </message>
    <message>
        <source>That sentence was corrected already</source>
        <translation>该句子已被修改过</translation>
    </message>
</context>
<context>
    <name>EngineStatus</name>
    <message>
        <source>State of the speech model</source>
        <translation>语音模型状态</translation>
    </message>
    <message>
        <source>Device and precision the engine is actually running with</source>
        <translation>识别引擎实际使用的设备和精度</translation>
    </message>
    <message>
        <source>Model not loaded</source>
        <translation>模型未加载</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Model ready</source>
        <translation>模型就绪</translation>
    </message>
    <message>
        <source>Models missing</source>
        <translation>缺少模型</translation>
    </message>
    <message>
        <source>Model error</source>
        <translation>模型错误</translation>
    </message>
    <message>
        <source>File %1 of %2</source>
        <translation>第 %1/%2 个文件</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
</context>
<context>
    <name>ExportChoiceDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message numerus="yes">
        <source>Write %n finished transcript(s), with your corrections, as:</source>
        <translation>
            <numerusform>将 %n 份已完成的转写稿（含您的修改）导出为：</numerusform>
        </translation>
    </message>
    <message>
        <source>Meeting minutes: title, date, duration, participants, then one paragraph per speaker turn</source>
        <translation>会议纪要：标题、日期、时长、参会人，然后每段发言一段</translation>
    </message>
    <message>
        <source>The automatic export when a file is done uses the formats in Settings.</source>
        <translation>文件完成时的自动导出使用“设置”中的格式。</translation>
    </message>
</context>
<context>
    <name>FileIntake</name>
    <message>
        <source>Already in the queue</source>
        <translation>已在队列中</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are already in the queue:</source>
        <translation>
            <numerusform>%n 个文件已在队列中：</numerusform>
        </translation>
    </message>
    <message>
        <source>Add them again to transcribe them once more?</source>
        <translation>再次加入并重新转写吗？</translation>
    </message>
    <message>
        <source>Add again</source>
        <translation>再次加入</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Not added (not an audio or video file): %1</source>
        <translation>未添加（不是音频或视频文件）：%1</translation>
    </message>
    <message>
        <source>Those files are already in the queue.</source>
        <translation>这些文件已在队列中。</translation>
    </message>
    <message>
        <source>No audio or video files found there.</source>
        <translation>那里没有找到音频或视频文件。</translation>
    </message>
    <message numerus="yes">
        <source>Added %n file(s)</source>
        <translation>
            <numerusform>已添加 %n 个文件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配 (Shift+F3)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配 (F3)</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Replace all</source>
        <translation>全部替换</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1/%2 个</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 个匹配</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <source>Glossary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>One entry per line. "Term: alias, alias" replaces the aliases, and words that sound like the term (pinyin, tones ignored), with the term. A term alone fixes sound-alikes. "re: PATTERN =&gt; REPLACEMENT" is a regular expression rule. "!not: word" keeps text around that word unchanged. "#" starts a comment. A file named tingxie-glossary.txt in an audio file's folder is used after this one and wins.</source>
        <translation>每行一条。“术语: 别名, 别名”把别名以及与术语读音相近的词（按拼音，不计声调）替换为术语；只写术语则纠正读音相近的词。“re: 模式 =&gt; 替换”是正则表达式规则。“!not: 词”让该词附近的文字保持不变。“#”开始注释。音频所在文件夹中名为 tingxie-glossary.txt 的文件在此文件之后使用，并优先。</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; characters that cannot be read are replaced. Saving writes UTF-8.</source>
        <translation>此文件不是 UTF-8 文本，无法识别的字符已被替换。保存时将写成 UTF-8。</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>%1 terms, %2 rules</source>
        <translation>%1 个词条，%2 条规则</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Device / precision</source>
        <translation>设备 / 精度</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Filter by file or folder name</source>
        <translation>按文件名或文件夹名筛选</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show this transcript in the main window</source>
        <translation>在主窗口中显示这份转写</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the selected transcripts into a folder, in the formats chosen in Settings</source>
        <translation>按设置中的格式把所选转写导出到文件夹</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected transcripts from the history</source>
        <translation>从历史中删除所选转写</translation>
    </message>
    <message>
        <source>%1 (your corrections, before it was transcribed again)</source>
        <translation>%1（重新转写前您的修改）</translation>
    </message>
    <message numerus="yes">
        <source>%n transcript(s)</source>
        <translation>
            <numerusform>%n 份转写</numerusform>
        </translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export failed — %1</source>
        <translation>导出失败 — %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s) to %1</source>
        <translation>
            <numerusform>已导出 %n 个文件到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete from history?</source>
        <translation>从历史中删除？</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n transcript(s) from the history? This cannot be undone. Files you exported are kept.</source>
        <translation>
            <numerusform>从历史中删除 %n 份转写？此操作无法撤销。已导出的文件会保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n transcript(s).</source>
        <translation>
            <numerusform>已删除 %n 份转写。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobNotifier</name>
    <message>
        <source>Transcription finished</source>
        <translation>转写完成</translation>
    </message>
    <message>
        <source>%1 is done (%2).</source>
        <translation>%1 已完成（%2）。</translation>
    </message>
    <message>
        <source>Transcription failed</source>
        <translation>转写失败</translation>
    </message>
    <message>
        <source>%1 could not be transcribed.</source>
        <translation>%1 无法转写。</translation>
    </message>
    <message>
        <source>Transcription finished with errors</source>
        <translation>转写完成，但有错误</translation>
    </message>
    <message>
        <source>%1 file(s) done, %2 failed, in %3.</source>
        <translation>%1 个文件完成，%2 个失败，用时 %3。</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Input level</source>
        <translation>输入电平</translation>
    </message>
</context>
<context>
    <name>LiveController</name>
    <message>
        <source>Live captions are off for this recording: the previous one is still being finished. It is transcribed when it stops.</source>
        <translation>本次录音不显示实时字幕：上一段录音仍在收尾。本次录音会在停止后转写。</translation>
    </message>
    <message>
        <source>Live captions start as soon as the speech model is ready…</source>
        <translation>语音模型就绪后立即开始显示实时字幕…</translation>
    </message>
    <message>
        <source>Live captions are not available (%1): the recording is transcribed when it stops.</source>
        <translation>实时字幕不可用（%1）：录音会在停止后转写。</translation>
    </message>
    <message>
        <source>Final sentences only: install the live-captions model in the model manager for streaming text.</source>
        <translation>只显示定稿句子：在模型管理器中安装实时字幕模型即可显示流式文字。</translation>
    </message>
    <message>
        <source>Finishing the last sentence…</source>
        <translation>正在完成最后一句…</translation>
    </message>
    <message>
        <source>the live transcript did not finish</source>
        <translation>实时转写未能完成</translation>
    </message>
    <message>
        <source>Catching up (%1 s behind)</source>
        <translation>正在追赶（落后 %1 秒）</translation>
    </message>
</context>
<context>
    <name>LiveLines</name>
    <message>
        <source>Caption strip</source>
        <translation>字幕条</translation>
    </message>
    <message>
        <source>Show the captions in a large always-on-top strip you can move anywhere on the screen</source>
        <translation>在置顶的大字幕条中显示字幕，可拖到屏幕任意位置</translation>
    </message>
    <message>
        <source>Live captions</source>
        <translation>实时字幕</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add audio or video files to the queue</source>
        <translation>把音频或视频文件加入队列</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add every audio or video file in a folder and its subfolders</source>
        <translation>添加文件夹（含子文件夹）中的所有音频和视频文件</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Transcribe the queued files in order</source>
        <translation>按顺序转写队列中的文件</translation>
    </message>
    <message>
        <source>Pause after current</source>
        <translation>当前文件完成后暂停</translation>
    </message>
    <message>
        <source>Finish the current file, then stop</source>
        <translation>转写完当前文件后停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the current file now and stop the queue; Start continues the file where it stopped</source>
        <translation>立即停止当前文件并停止队列；之后按“开始”会从停下的地方继续</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export the selected finished transcripts; choose the formats</source>
        <translation>导出所选的已完成转写稿，可选择格式</translation>
    </message>
    <message>
        <source>Export all done</source>
        <translation>全部导出</translation>
    </message>
    <message>
        <source>Export every finished transcript</source>
        <translation>导出所有已完成的转写</translation>
    </message>
    <message>
        <source>Export all done to…</source>
        <translation>全部导出到…</translation>
    </message>
    <message>
        <source>Export every finished transcript into a folder you choose</source>
        <translation>把所有已完成的转写导出到指定文件夹</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <source>Finished transcripts: open, export again or delete</source>
        <translation>已完成的转写：打开、重新导出或删除</translation>
    </message>
    <message>
        <source>Open batch results…</source>
        <translation>打开批量结果…</translation>
    </message>
    <message>
        <source>Show the results of a `main.py batch` output folder (read-only)</source>
        <translation>查看 `main.py batch` 输出文件夹中的结果（只读）</translation>
    </message>
    <message>
        <source>Copy all text</source>
        <translation>复制全部文字</translation>
    </message>
    <message>
        <source>Copy the shown transcript to the clipboard</source>
        <translation>把当前显示的转写文字复制到剪贴板</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected files from the queue</source>
        <translation>从队列中移除所选文件</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Transcribe the selected file earlier</source>
        <translation>提前转写所选文件</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Transcribe the selected file later</source>
        <translation>推后转写所选文件</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Queue the selected failed or cancelled files again (they continue where they stopped); a finished file starts over</source>
        <translation>把所选的失败或已取消的文件重新加入队列（从停下的地方继续）；已完成的文件会从头转写</translation>
    </message>
    <message>
        <source>Models…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <source>Download, import, verify or repair the speech models</source>
        <translation>下载、导入、校验或修复语音模型</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Precision, device, threads, export formats, language</source>
        <translation>精度、设备、线程、导出格式、语言</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Open the folder with Tingxie's log files</source>
        <translation>打开听写的日志文件夹</translation>
    </message>
    <message>
        <source>About Tingxie</source>
        <translation>关于听写</translation>
    </message>
    <message>
        <source>Versions and file locations</source>
        <translation>版本和文件位置</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit Tingxie</source>
        <translation>退出听写</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Known voices…</source>
        <translation>已知声音…</translation>
    </message>
    <message>
        <source>The voices Tingxie recognises: rename, merge, delete, forget all</source>
        <translation>听写能认出的声音：重命名、合并、删除、全部忘记</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Transcribe</source>
        <translation>转写(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Pausing after this file…</source>
        <translation>本文件完成后暂停…</translation>
    </message>
    <message>
        <source>Audio and video</source>
        <translation>音频和视频</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>Add audio or video files</source>
        <translation>添加音频或视频文件</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Search all transcripts…</source>
        <translation>搜索全部转写稿…</translation>
    </message>
    <message>
        <source>Find words in every transcript in the history</source>
        <translation>在历史记录的所有转写稿中查找文字</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The recorder is not available: %1</source>
        <translation>录音功能不可用：%1</translation>
    </message>
    <message>
        <source>Recorder</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Tingxie — Offline Mandarin Transcription</source>
        <translation>听写 — 离线普通话转写</translation>
    </message>
    <message>
        <source>Drop audio or video files or folders here</source>
        <translation>把音频、视频文件或文件夹拖到这里</translation>
    </message>
    <message>
        <source>The new language applies the next time Tingxie starts.</source>
        <translation>新的界面语言将在下次启动听写时生效。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n character(s)</source>
        <translation>
            <numerusform>已复制 %n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit Tingxie?</source>
        <translation>退出听写？</translation>
    </message>
    <message>
        <source>A file is being transcribed. Quit anyway? What is finished is saved, and the file can be resumed the next time you start Tingxie.</source>
        <translation>正在转写文件。仍要退出吗？已完成的部分会保存，下次启动听写时可以继续转写。</translation>
    </message>
</context>
<context>
    <name>ManifestModel</name>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Running or interrupted</source>
        <translation>进行中或已中断</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download the selected model from ModelScope (resumes a partial download)</source>
        <translation>从 ModelScope 下载所选模型（可断点续传）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the download; what is done is kept and resumed next time</source>
        <translation>停止下载；已下载的部分会保留，下次继续</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Hide this window; downloads continue</source>
        <translation>隐藏此窗口；下载会继续进行</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>Incomplete (resume download)</source>
        <translation>不完整（可继续下载）</translation>
    </message>
    <message>
        <source>Damaged (repair)</source>
        <translation>已损坏（需修复）</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Tingxie needs a speech recognition model, a voice activity detector and a punctuation model. Choose a set and download it once, or import folders copied from another computer. Everything runs offline afterwards. CPU (ONNX, smaller) is about half the download and needs no conversion; GPU / PyTorch is for an NVIDIA GPU or full precision.</source>
        <translation>听写需要一个语音识别模型、一个语音端点检测模型和一个标点模型。选择一个套件并下载一次即可，也可以导入从其他电脑复制来的模型文件夹。之后一切都在本机离线运行。CPU（ONNX，较小）的下载量约为一半，且无需转换；GPU / PyTorch 适用于 NVIDIA 显卡或全精度。</translation>
    </message>
    <message>
        <source>Download set</source>
        <translation>下载整套</translation>
    </message>
    <message>
        <source>Download every model of the chosen set that is not installed</source>
        <translation>下载所选套件中尚未安装的全部模型</translation>
    </message>
    <message>
        <source>Use model folders copied from another computer (no internet needed): a PyTorch or ONNX model folder, or a folder holding several</source>
        <translation>使用从其他电脑复制来的模型文件夹（无需联网）：PyTorch 或 ONNX 模型文件夹，或包含多个模型的文件夹</translation>
    </message>
    <message>
        <source>Verify set</source>
        <translation>校验整套</translation>
    </message>
    <message>
        <source>Check every file of the chosen set's installed models (checksums)</source>
        <translation>检查所选套件中已安装模型的每个文件（校验和）</translation>
    </message>
    <message>
        <source>Repair set</source>
        <translation>修复整套</translation>
    </message>
    <message>
        <source>Delete the set's damaged files and download them again</source>
        <translation>删除该套件中损坏的文件并重新下载</translation>
    </message>
    <message>
        <source>All models of this set are installed.</source>
        <translation>该套件的所有模型都已安装。</translation>
    </message>
    <message>
        <source>No model of this set is installed.</source>
        <translation>该套件的模型都尚未安装。</translation>
    </message>
    <message>
        <source>%1: not installed</source>
        <translation>%1：未安装</translation>
    </message>
    <message>
        <source>No Tingxie model found in %1.</source>
        <translation>在 %1 中没有找到听写可用的模型。</translation>
    </message>
    <message>
        <source>Model folder, or a folder of model folders</source>
        <translation>模型文件夹，或包含多个模型文件夹的文件夹</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <source>Cannot download: %1

No internet here? On a computer with internet, download the model folders from modelscope.cn (or copy them from another Tingxie installation), bring them over on a USB stick and use Import folder… here.</source>
        <translation>无法下载：%1

没有网络？请在能上网的电脑上从 modelscope.cn 下载模型文件夹（或从另一台装有听写的电脑复制），用 U 盘拷过来，然后在这里点击“导入文件夹…”。</translation>
    </message>
</context>
<context>
    <name>ModelTitles</name>
    <message>
        <source>Paraformer-large Mandarin speech recognition (with timestamps)</source>
        <translation>Paraformer-large 普通话语音识别（带时间戳）</translation>
    </message>
    <message>
        <source>FSMN-VAD voice activity detection</source>
        <translation>FSMN-VAD 语音端点检测</translation>
    </message>
    <message>
        <source>CT-Transformer punctuation (Chinese; funasr ct-punc-c)</source>
        <translation>CT-Transformer 中文标点（funasr ct-punc-c）</translation>
    </message>
    <message>
        <source>CT-Transformer punctuation, large (Chinese and English; funasr ct-punc)</source>
        <translation>CT-Transformer 中英文标点，大模型（funasr ct-punc）</translation>
    </message>
    <message>
        <source>CAM++ speaker embeddings (to tell speakers apart; funasr cam++)</source>
        <translation>CAM++ 说话人特征（用于区分说话人；funasr cam++）</translation>
    </message>
    <message>
        <source>SeACo-Paraformer speech recognition biased towards the glossary's terms</source>
        <translation>SeACo-Paraformer 热词语音识别（偏向术语表中的词）</translation>
    </message>
    <message>
        <source>Paraformer-large Mandarin speech recognition, ONNX INT8 (CPU, smaller)</source>
        <translation>Paraformer-large 普通话语音识别 ONNX INT8（CPU，更小）</translation>
    </message>
    <message>
        <source>FSMN-VAD voice activity detection, ONNX (CPU)</source>
        <translation>FSMN-VAD 语音端点检测 ONNX（CPU）</translation>
    </message>
    <message>
        <source>CT-Transformer punctuation, ONNX (CPU)</source>
        <translation>CT-Transformer 中文标点 ONNX（CPU）</translation>
    </message>
    <message>
        <source>CAM++ speaker embeddings, ONNX (CPU; sherpa-onnx export)</source>
        <translation>CAM++ 说话人特征 ONNX（CPU；sherpa-onnx 导出）</translation>
    </message>
    <message>
        <source>Paraformer-large streaming recognition (live captions while recording)</source>
        <translation>Paraformer-large 流式识别（录音时的实时字幕）</translation>
    </message>
    <message>
        <source>Paraformer-large streaming recognition, ONNX INT8 (CPU; live captions while recording)</source>
        <translation>Paraformer-large 流式识别 ONNX INT8（CPU；录音时的实时字幕）</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>OpProgress</name>
    <message>
        <source>Downloading %1…</source>
        <translation>正在下载 %1…</translation>
    </message>
    <message>
        <source>Repairing %1…</source>
        <translation>正在修复 %1…</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>正在校验 %1…</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <source>Stopped. What was downloaded is kept; Download resumes from there.</source>
        <translation>已停止。已下载的部分会保留，再次下载时从断点继续。</translation>
    </message>
    <message>
        <source>%1: all files are fine.</source>
        <translation>%1：所有文件完好。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 is installed.</source>
        <translation>%1 已安装。</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Transcribing</source>
        <translation>转写中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Device / precision</source>
        <translation>设备 / 精度</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Start continues it from %1</source>
        <translation>按“开始”从 %1 处继续</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>已导出：%1</translation>
    </message>
    <message>
        <source>Speakers in the finished transcript</source>
        <translation>已完成转写稿中的说话人</translation>
    </message>
    <message>
        <source>From Settings (Speakers); right-click ▸ Speakers to choose for this file</source>
        <translation>来自设置（说话人）；右键单击 ▸ 说话人 可为此文件单独选择</translation>
    </message>
    <message>
        <source>Chosen for this file; right-click ▸ Speakers to change</source>
        <translation>为此文件单独选择；右键单击 ▸ 说话人 可更改</translation>
    </message>
    <message numerus="yes">
        <source>%n speaker(s)</source>
        <translation>
            <numerusform>%n 位说话人</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>QueueRunner</name>
    <message>
        <source>Glossary %1 changed and was reloaded (%2 terms, %3 rules); it applies from this file on.</source>
        <translation>词表 %1 已更改并重新载入（%2 个词条，%3 条规则），从这个文件起生效。</translation>
    </message>
    <message>
        <source>Using the glossary in this file's folder: %1 (%2 terms, %3 rules).</source>
        <translation>使用此文件所在文件夹中的词表：%1（%2 个词条，%3 条规则）。</translation>
    </message>
    <message>
        <source>the transcription worker stopped unexpectedly</source>
        <translation>转写线程意外停止</translation>
    </message>
    <message>
        <source>%1 stopped with an internal error (%2). Restarting it from its last finished segment.</source>
        <translation>%1 因内部错误停止（%2）。正在从最后完成的片段处重新开始。</translation>
    </message>
</context>
<context>
    <name>RecorderPanel</name>
    <message>
        <source>Record</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Record from the microphone; the file is saved as it is recorded</source>
        <translation>用麦克风录音；录音过程中文件会持续保存</translation>
    </message>
    <message>
        <source>Stop recording. With live captions the transcript is complete at once; without, the recording is added to the queue</source>
        <translation>停止录音。开启实时字幕时转写随即完成；未开启时录音加入队列</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Microphone “{0}” not found; recording from the default one.</source>
        <translation>未找到麦克风“{0}”；改用默认麦克风录音。</translation>
    </message>
    <message>
        <source>{0} and {1}</source>
        <translation>{0} 和 {1}</translation>
    </message>
    <message>
        <source>Recording from {0} to {1}</source>
        <translation>正在从 {0} 录音到 {1}</translation>
    </message>
    <message>
        <source>Saved {0} ({1}).</source>
        <translation>已保存 {0}（{1}）。</translation>
    </message>
    <message>
        <source>Recovered after a crash ({0} in all): {1}</source>
        <translation>已从崩溃中恢复（共 {0}）：{1}</translation>
    </message>
    <message>
        <source>Waiting for the microphone to deliver audio…</source>
        <translation>正在等待麦克风的音频…</translation>
    </message>
    <message>
        <source>No sound from the microphone for {0} s. Is it muted, or is it the wrong device?</source>
        <translation>麦克风已 {0} 秒没有声音。是否静音了，或选错了设备？</translation>
    </message>
    <message>
        <source>The input is too loud (clipping): lower the microphone volume or move it away.</source>
        <translation>输入音量过大（削波）：请调低麦克风音量或让麦克风离远一些。</translation>
    </message>
    <message>
        <source>the recorder could not keep up</source>
        <translation>录音程序来不及写入</translation>
    </message>
    <message>
        <source>the system dropped input: the computer was too busy</source>
        <translation>系统丢弃了输入：电脑太忙</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>length unknown</source>
        <translation>长度未知</translation>
    </message>
    <message>
        <source>Audio lost at {0} ({1}): {2}.</source>
        <translation>在 {0} 处丢失了音频（{1}）：{2}。</translation>
    </message>
    <message>
        <source>{0} gaps so far, {1} s in all.</source>
        <translation>目前共 {0} 处缺口，合计 {1} 秒。</translation>
    </message>
    <message>
        <source>The transcript marks the gaps.</source>
        <translation>转写文本会标出这些缺口。</translation>
    </message>
    <message>
        <source>Audio lost: the system dropped input.</source>
        <translation>音频丢失：系统丢弃了输入。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Search all transcripts</source>
        <translation>搜索所有转写稿</translation>
    </message>
    <message>
        <source>Words to find in every transcript</source>
        <translation>要在所有转写稿中查找的词</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 个结果</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SentenceModel</name>
    <message>
        <source>Glossary: %1 (recognised: %2)</source>
        <translation>术语表：%1（识别为：%2）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Double-click to rename %1 everywhere; right-click to reassign or merge</source>
        <translation>双击可在全文中重命名%1；右键单击可改派或合并</translation>
    </message>
</context>
<context>
    <name>SetChooser</name>
    <message>
        <source>CPU (ONNX, smaller)</source>
        <translation>CPU（ONNX，较小）</translation>
    </message>
    <message>
        <source>GPU / PyTorch</source>
        <translation>GPU / PyTorch</translation>
    </message>
    <message>
        <source>%1 (recommended for this computer)</source>
        <translation>%1（推荐本机使用）</translation>
    </message>
    <message>
        <source>%1 (needs the full build)</source>
        <translation>%1（需要完整版）</translation>
    </message>
    <message>
        <source>CPU (ONNX, smaller): published ONNX models, about half the download, run without PyTorch and without any conversion. GPU / PyTorch: the PyTorch models, for an NVIDIA GPU and full precision (FP32) on the CPU.</source>
        <translation>CPU（ONNX，较小）：官方发布的 ONNX 模型，下载量约为一半，无需 PyTorch，也无需任何转换。GPU / PyTorch：PyTorch 模型，适用于 NVIDIA 显卡，以及在 CPU 上使用全精度（FP32）。</translation>
    </message>
    <message>
        <source>Model set:</source>
        <translation>模型套件：</translation>
    </message>
    <message>
        <source>about %1 MB to download</source>
        <translation>需下载约 %1 MB</translation>
    </message>
    <message>
        <source>All models of this set are installed.</source>
        <translation>该套件的所有模型都已安装。</translation>
    </message>
    <message>
        <source>(optional models: about %1 MB more)</source>
        <translation>（可选模型另需约 %1 MB）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Transcription</source>
        <translation>转写</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Recorder</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Watch folders</source>
        <translation>监视文件夹</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>INT8 (faster, smaller; recommended)</source>
        <translation>INT8（更快、更小；推荐）</translation>
    </message>
    <message>
        <source>FP32 (full precision)</source>
        <translation>FP32（全精度）</translation>
    </message>
    <message>
        <source>FP16 (NVIDIA GPU: fastest)</source>
        <translation>FP16（NVIDIA 显卡：最快）</translation>
    </message>
    <message>
        <source>INT8 quantizes the model: about twice as fast on CPU with nearly the same accuracy</source>
        <translation>INT8 对模型进行量化：在 CPU 上约快一倍，准确率几乎不变</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>Automatic (GPU if available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA 显卡（CUDA）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU threads for recognition; automatic uses the physical cores (this computer has %1 logical CPUs)</source>
        <translation>识别使用的 CPU 线程数；“自动”使用物理核心数（本机有 %1 个逻辑 CPU）</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU 线程：</translation>
    </message>
    <message>
        <source>Automatic (ONNX Runtime for INT8)</source>
        <translation>自动（INT8 使用 ONNX Runtime）</translation>
    </message>
    <message>
        <source>ONNX Runtime</source>
        <translation>ONNX Runtime</translation>
    </message>
    <message>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <source>What runs the speech model on the CPU. ONNX Runtime is faster and needs less memory; the first start converts the model once (about a minute)</source>
        <translation>在 CPU 上运行语音模型的引擎。ONNX Runtime 更快、占用内存更少；首次启动时会转换一次模型（约一分钟）</translation>
    </message>
    <message>
        <source>CPU runtime:</source>
        <translation>CPU 推理引擎：</translation>
    </message>
    <message>
        <source>Chinese (smaller)</source>
        <translation>中文（较小）</translation>
    </message>
    <message>
        <source>Chinese + English (large)</source>
        <translation>中英文（大）</translation>
    </message>
    <message>
        <source>Punctuation model:</source>
        <translation>标点模型：</translation>
    </message>
    <message>
        <source>needs the full build</source>
        <translation>需要完整版</translation>
    </message>
    <message>
        <source>This build runs the CPU (ONNX) model set only; this choice needs the full build, which includes PyTorch</source>
        <translation>此版本只运行 CPU（ONNX）模型组；此选项需要包含 PyTorch 的完整版</translation>
    </message>
    <message>
        <source>Changes take effect before the next file; a running file is not interrupted.</source>
        <translation>更改从下一个文件开始生效；正在转写的文件不会被中断。</translation>
    </message>
    <message>
        <source>Meeting minutes: title, date, duration, participants, then one paragraph per speaker turn</source>
        <translation>会议纪要：标题、日期、时长、参会人，然后每段发言一段</translation>
    </message>
    <message>
        <source>Formats:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Next to the audio file</source>
        <translation>与音频文件放在一起</translation>
    </message>
    <message>
        <source>Export folder:</source>
        <translation>导出文件夹：</translation>
    </message>
    <message>
        <source>Export automatically when a file is done</source>
        <translation>文件转写完成后自动导出</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> 个字</translation>
    </message>
    <message>
        <source>Longest subtitle line in SRT/VTT (a Chinese character counts 1, a Latin letter ½)</source>
        <translation>SRT/VTT 字幕每行最大长度（一个汉字算 1，一个拉丁字母算 ½）</translation>
    </message>
    <message>
        <source>Subtitle line length:</source>
        <translation>字幕行长度：</translation>
    </message>
    <message>
        <source>Microphone:</source>
        <translation>麦克风：</translation>
    </message>
    <message>
        <source>Save recordings in:</source>
        <translation>录音保存位置：</translation>
    </message>
    <message>
        <source>Transcribe recordings when they finish</source>
        <translation>录音结束后自动转写</translation>
    </message>
    <message>
        <source>Live captions while recording</source>
        <translation>录音时显示实时字幕</translation>
    </message>
    <message>
        <source>Final sentences appear while you record, and the transcript is complete when you stop</source>
        <translation>录音时逐句显示定稿文字，停止录音时转写即已完成</translation>
    </message>
    <message>
        <source>Streaming text (words within a second) needs the live-captions model (Models…); without it, final sentences only.</source>
        <translation>流式文字（一秒内出字）需要实时字幕模型（模型…）；没有它时只显示定稿句子。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Start transcribing as soon as files are added</source>
        <translation>添加文件后立即开始转写</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Cannot list microphones: %1</source>
        <translation>无法列出麦克风：%1</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1（未连接）</translation>
    </message>
    <message>
        <source>“%1” needs the full build (with PyTorch): this build uses “%2” until you choose otherwise.</source>
        <translation>“%1”需要完整版（含 PyTorch）：在您更改之前，此版本使用“%2”。</translation>
    </message>
    <message>
        <source>FP16 (needs an NVIDIA GPU)</source>
        <translation>FP16（需要 NVIDIA 显卡）</translation>
    </message>
    <message>
        <source>FP16 needs an NVIDIA GPU (CUDA), which this computer does not have: the engine runs FP32 until you choose otherwise.</source>
        <translation>FP16 需要 NVIDIA 显卡（CUDA），但这台电脑没有：在您更改之前，识别引擎使用 FP32 运行。</translation>
    </message>
    <message>
        <source>%1 (unknown)</source>
        <translation>%1（未知）</translation>
    </message>
    <message>
        <source>%1 is not a value this version knows; the engine uses %2 until you choose another.</source>
        <translation>此版本不认识 %1；在您另选之前，识别引擎使用 %2。</translation>
    </message>
</context>
<context>
    <name>SourceBar</name>
    <message>
        <source>Microphone</source>
        <translation>麦克风</translation>
    </message>
    <message>
        <source>System audio</source>
        <translation>系统声音</translation>
    </message>
    <message>
        <source>Microphone + system audio</source>
        <translation>麦克风 + 系统声音</translation>
    </message>
    <message>
        <source>System audio is what this computer plays: the other participants of an online meeting. Both records each on its own channel, and the transcript labels their sentences “我” and “对方”.</source>
        <translation>系统声音是这台电脑播放的声音：线上会议里的其他参会者。选“麦克风 + 系统声音”时两者各录一个声道，转写稿把各自的句子标为“我”和“对方”。</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>麦克风音量</translation>
    </message>
    <message>
        <source>System audio level</source>
        <translation>系统声音音量</translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>录制：</translation>
    </message>
</context>
<context>
    <name>SpeakerMenu</name>
    <message>
        <source>Speakers</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Label who said what in the selected files</source>
        <translation>为所选文件标注谁说了什么</translation>
    </message>
    <message>
        <source>Settings default</source>
        <translation>使用设置中的默认值</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message numerus="yes">
        <source>%n speaker(s)</source>
        <translation>
            <numerusform>%n 位说话人</numerusform>
        </translation>
    </message>
    <message>
        <source>Other number…</source>
        <translation>其他人数…</translation>
    </message>
    <message>
        <source>Number of speakers in the selected files:</source>
        <translation>所选文件中的说话人数：</translation>
    </message>
    <message>
        <source>Other number (%1)…</source>
        <translation>其他人数（%1）…</translation>
    </message>
</context>
<context>
    <name>Speakers</name>
    <message>
        <source>Rename speaker</source>
        <translation>重命名说话人</translation>
    </message>
    <message>
        <source>Name for every sentence of %1:</source>
        <translation>%1 的所有句子使用的名字：</translation>
    </message>
    <message>
        <source>Every sentence of %1 becomes %2's. Undo (Ctrl+Z) takes it back.</source>
        <translation>%1 的每一句都将归入 %2。可用撤销（Ctrl+Z）恢复。</translation>
    </message>
    <message>
        <source>Merge speakers</source>
        <translation>合并说话人</translation>
    </message>
    <message>
        <source>Rename speaker %1…</source>
        <translation>重命名“%1”…</translation>
    </message>
    <message>
        <source>Remember this voice…</source>
        <translation>记住这个声音…</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>New speaker</source>
        <translation>新说话人</translation>
    </message>
    <message>
        <source>Merge %1 into</source>
        <translation>将“%1”合并到</translation>
    </message>
</context>
<context>
    <name>SpeakersTab</name>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Automatic (find how many)</source>
        <translation>自动（自动判断人数）</translation>
    </message>
    <message>
        <source>Exactly this many:</source>
        <translation>指定人数：</translation>
    </message>
    <message>
        <source>Label each sentence with its speaker (说话人1, 说话人2 …); rename them in the editor</source>
        <translation>为每句话标注说话人（说话人1、说话人2 …）；可在编辑器中重命名</translation>
    </message>
    <message>
        <source> speakers</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>Speakers:</source>
        <translation>说话人：</translation>
    </message>
    <message>
        <source>at least</source>
        <translation>至少</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>至多</translation>
    </message>
    <message>
        <source>Automatic count:</source>
        <translation>自动人数范围：</translation>
    </message>
    <message>
        <source>Recordings find speakers automatically, even when files do not</source>
        <translation>录音总是自动区分说话人（即使文件未开启）</translation>
    </message>
    <message>
        <source>For one file: right-click it in the queue ▸ Speakers. Turning speakers on for a file that was partly transcribed without them starts it over.</source>
        <translation>单个文件：在队列中右键单击它 ▸ 说话人。对已部分转写（未区分说话人）的文件开启说话人，会从头重新转写。</translation>
    </message>
    <message>
        <source>The speaker model (CAM++) is installed.</source>
        <translation>说话人模型（CAM++）已安装。</translation>
    </message>
    <message>
        <source>Speakers need the speaker model (CAM++, about %1 MB): download it in Models… (Ctrl+M) before transcribing with speakers.</source>
        <translation>区分说话人需要说话人模型（CAM++，约 %1 MB）：请先在“模型…”（Ctrl+M）中下载。</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>What kind of recording this is: the prompts differ</source>
        <translation>录音的类型：提示词各不相同</translation>
    </message>
    <message>
        <source>Summarise</source>
        <translation>生成摘要</translation>
    </message>
    <message>
        <source>Summary, decisions and action items from your own language model</source>
        <translation>由您自己的语言模型生成摘要、决定和待办事项</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Model…</source>
        <translation>语言模型…</translation>
    </message>
    <message>
        <source>Endpoint, model, API key and context length</source>
        <translation>接口地址、模型、API 密钥和上下文长度</translation>
    </message>
    <message>
        <source>Meeting minutes</source>
        <translation>会议纪要</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>采访</translation>
    </message>
    <message>
        <source>Lecture notes</source>
        <translation>课堂笔记</translation>
    </message>
    <message>
        <source>No summary yet.</source>
        <translation>尚无摘要。</translation>
    </message>
    <message>
        <source>Asking %1…</source>
        <translation>正在请求 %1…</translation>
    </message>
    <message>
        <source>The transcript leaves this computer</source>
        <translation>转写内容将离开这台电脑</translation>
    </message>
    <message>
        <source>%1 is not on this computer: the transcript, with speaker names, will be sent over the network to be summarised. Send it? You will not be asked again for this server.</source>
        <translation>%1 不在这台电脑上：转写内容（包括说话人姓名）将通过网络发送过去生成摘要。要发送吗？对这个服务器不会再次询问。</translation>
    </message>
    <message>
        <source>Cancelled. The parts already summarised are kept: Summarise continues from there.</source>
        <translation>已取消。已完成摘要的部分会保留：再次点击“生成摘要”将从那里继续。</translation>
    </message>
    <message>
        <source> (kept from before)</source>
        <translation>（沿用之前的结果）</translation>
    </message>
    <message>
        <source>Part %1 of %2</source>
        <translation>第 %1/%2 部分</translation>
    </message>
    <message>
        <source>%1 decision(s), %2 action item(s). Click a time to hear it.</source>
        <translation>%1 项决定，%2 项待办事项。点击时间可收听该处。</translation>
    </message>
    <message>
        <source>The summary could not be saved: %1</source>
        <translation>无法保存摘要：%1</translation>
    </message>
</context>
<context>
    <name>SummarySettingsDialog</name>
    <message>
        <source>Summary settings</source>
        <translation>摘要设置</translation>
    </message>
    <message>
        <source>the first model the endpoint lists</source>
        <translation>接口列出的第一个模型</translation>
    </message>
    <message>
        <source>List models</source>
        <translation>列出模型</translation>
    </message>
    <message>
        <source>none (local servers need none)</source>
        <translation>无（本机服务器不需要）</translation>
    </message>
    <message>
        <source>as the endpoint reports (else 4096)</source>
        <translation>按接口报告的值（否则为 4096）</translation>
    </message>
    <message>
        <source>Edit templates…</source>
        <translation>编辑模板…</translation>
    </message>
    <message>
        <source>Open the folder of prompt templates (a copy of each built-in one is made there for you to edit)</source>
        <translation>打开提示词模板文件夹（会在那里为每个内置模板创建一份副本供您编辑）</translation>
    </message>
    <message>
        <source>Endpoint (OpenAI-compatible)</source>
        <translation>接口地址（兼容 OpenAI）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Context length (tokens)</source>
        <translation>上下文长度（词元）</translation>
    </message>
    <message>
        <source>This server is on this computer: the transcript stays here.</source>
        <translation>该服务器在这台电脑上：转写内容不会离开。</translation>
    </message>
    <message>
        <source>This server is not on this computer: the transcript will leave it (you will be asked once before anything is sent).</source>
        <translation>该服务器不在这台电脑上：转写内容会离开这台电脑（发送前会询问您一次）。</translation>
    </message>
    <message>
        <source>Save first; the server is contacted after you agree.</source>
        <translation>请先保存；在您同意后才会连接该服务器。</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available.</source>
        <translation>
            <numerusform>有 %n 个模型可用。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TextStepsDialog</name>
    <message>
        <source>Apply text settings to %1</source>
        <translation>对 %1 应用文本设置</translation>
    </message>
    <message numerus="yes">
        <source>The glossary, numbers and script settings change %n sentence(s) you have not corrected. Nothing is transcribed again, and this is one step you can undo (Ctrl+Z).</source>
        <translation>
            <numerusform>术语表、数字和字形设置会改动 %n 个您未修改过的句子。不会重新转写，且可作为一步撤销（Ctrl+Z）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message numerus="yes">
        <source>Also apply to my corrections (%n sentence(s), listed below)</source>
        <translation>
            <numerusform>也应用到我修改过的句子（%n 句，见下方列表）</numerusform>
        </translation>
    </message>
    <message>
        <source>Your correction</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <source>Would become</source>
        <translation>将变为</translation>
    </message>
    <message>
        <source>Sentences you corrected keep your text unless you tick the box.</source>
        <translation>除非勾选此项，您修改过的句子保留您的文字。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
</context>
<context>
    <name>TextTab</name>
    <message>
        <source>Write numbers as digits (二零二五年三月 → 2025年3月, 百分之三十 → 30%)</source>
        <translation>数字写成阿拉伯数字（二零二五年三月 → 2025年3月，百分之三十 → 30%）</translation>
    </message>
    <message>
        <source>Idioms and names keep their characters (一心一意, 三国)</source>
        <translation>成语和名称保留汉字（一心一意、三国）</translation>
    </message>
    <message>
        <source>Numbers:</source>
        <translation>数字：</translation>
    </message>
    <message>
        <source>The script of transcripts and exports; the interface language does not change it</source>
        <translation>转写稿和导出文件使用的字形；与界面语言无关</translation>
    </message>
    <message>
        <source>Script:</source>
        <translation>简繁体：</translation>
    </message>
    <message>
        <source>Empty: the default file in Tingxie's settings folder</source>
        <translation>留空：使用听写设置文件夹中的默认文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Edit glossary…</source>
        <translation>编辑词表…</translation>
    </message>
    <message>
        <source>Glossary file:</source>
        <translation>词表文件：</translation>
    </message>
    <message>
        <source>Names, product words and jargon the recogniser gets wrong. A file named %1 in an audio file's folder is used too, after this one. An edited glossary applies from the next file.</source>
        <translation>用来纠正识别错的人名、产品名和术语。音频所在文件夹中名为 %1 的文件也会使用，并优先于此文件。修改后的词表从下一个文件起生效。</translation>
    </message>
    <message>
        <source>Simplified Chinese</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>Traditional Chinese</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <source>Traditional Chinese (Taiwan, with Taiwan phrasing)</source>
        <translation>繁体中文（台湾，含台湾用词）</translation>
    </message>
    <message>
        <source>Traditional Chinese (Hong Kong)</source>
        <translation>繁体中文（香港）</translation>
    </message>
    <message>
        <source>Choose a glossary file</source>
        <translation>选择词表文件</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Biasing recognition towards glossary terms (SeACo-Paraformer) needs the full build, which includes PyTorch; this build corrects the text after recognition.</source>
        <translation>让识别偏向术语表中的词（SeACo-Paraformer）需要包含 PyTorch 的完整版；此版本在识别后修正文字。</translation>
    </message>
    <message>
        <source>Glossary terms also bias recognition (the SeACo-Paraformer model is installed).</source>
        <translation>术语表中的词也会引导识别（已安装 SeACo-Paraformer 模型）。</translation>
    </message>
    <message>
        <source>SeACo-Paraformer is installed: Chinese terms in the glossary will bias recognition towards them.</source>
        <translation>已安装 SeACo-Paraformer：术语表中的中文词条会引导识别结果。</translation>
    </message>
    <message>
        <source>Install the SeACo-Paraformer model (Models…) to bias recognition towards glossary terms; without it the glossary corrects the text after recognition.</source>
        <translation>安装 SeACo-Paraformer 模型（模型…）可让识别偏向术语表中的词；未安装时，术语表只在识别后修正文字。</translation>
    </message>
    <message>
        <source>%1 (unknown)</source>
        <translation>%1（未知）</translation>
    </message>
</context>
<context>
    <name>TranscriptDialog</name>
    <message numerus="yes">
        <source>%n sentence(s)</source>
        <translation>
            <numerusform>%n 句</numerusform>
        </translation>
    </message>
    <message>
        <source>Plain text export (this batch wrote no JSON with timestamps)</source>
        <translation>纯文本导出（此批量未输出带时间戳的 JSON）</translation>
    </message>
    <message>
        <source>Copy all text</source>
        <translation>复制全部文字</translation>
    </message>
</context>
<context>
    <name>TranscriptEditor</name>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Merge speakers</source>
        <translation>合并说话人</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Text settings</source>
        <translation>文本设置</translation>
    </message>
    <message>
        <source>Carry corrections over</source>
        <translation>带入修改</translation>
    </message>
    <message>
        <source>Cannot play the audio: %1</source>
        <translation>无法播放音频：%1</translation>
    </message>
    <message>
        <source>Cannot save the edit</source>
        <translation>无法保存修改</translation>
    </message>
    <message>
        <source>Undo glossary: %1 → %2</source>
        <translation>撤销术语替换：%1 → %2</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <source>Back 5 seconds</source>
        <translation>后退 5 秒</translation>
    </message>
    <message>
        <source>Forward 5 seconds</source>
        <translation>前进 5 秒</translation>
    </message>
    <message>
        <source>Loop the current sentence</source>
        <translation>循环当前句</translation>
    </message>
    <message>
        <source>Play from the selected sentence</source>
        <translation>从所选句子播放</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减速</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加速</translation>
    </message>
    <message>
        <source>Edit the selected sentence</source>
        <translation>编辑所选句子</translation>
    </message>
    <message>
        <source>Split the sentence at the cursor</source>
        <translation>在光标处拆分句子</translation>
    </message>
    <message>
        <source>Join with the next sentence</source>
        <translation>与下一句合并</translation>
    </message>
    <message>
        <source>Revert the sentence to the recognised text</source>
        <translation>将句子恢复为识别原文</translation>
    </message>
    <message>
        <source>Show the recognised text</source>
        <translation>显示识别原文</translation>
    </message>
    <message>
        <source>Undo the glossary replacement at the cursor</source>
        <translation>撤销光标处的术语替换</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Find and replace</source>
        <translation>查找和替换</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Select a sentence (playback goes on where it is)</source>
        <translation>选中一句（播放保持不变）</translation>
    </message>
    <message>
        <source>Click</source>
        <translation>单击</translation>
    </message>
    <message>
        <source>Play from a sentence</source>
        <translation>从某一句开始播放</translation>
    </message>
    <message>
        <source>Ctrl+click, or double-click its time</source>
        <translation>Ctrl+单击，或双击其时间</translation>
    </message>
    <message>
        <source>Correct a sentence</source>
        <translation>修改一句</translation>
    </message>
    <message>
        <source>Double-click its text</source>
        <translation>双击其文字</translation>
    </message>
</context>
<context>
    <name>TranscriptPane</name>
    <message>
        <source>Transcript</source>
        <translation>转写文字</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
    <message>
        <source>Copy the whole transcript text, with your corrections, to the clipboard (Ctrl+Shift+C)</source>
        <translation>将整篇转写文字（含您的修改）复制到剪贴板 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Show the file being transcribed as soon as it starts, and keep its newest sentence in view</source>
        <translation>开始转写时立即显示该文件，并让最新的句子保持可见</translation>
    </message>
    <message>
        <source>Write this transcript, with your corrections, in the formats you choose (Ctrl+E)</source>
        <translation>按您选择的格式导出此转写稿（含您的修改）（Ctrl+E）</translation>
    </message>
    <message>
        <source>Drop audio or video files onto this window, or use Add files…, then press Start. The text appears here as it is recognised; Ctrl+click a sentence (or double-click its time) to hear it, double-click its text (or F2) to correct it.</source>
        <translation>把音频或视频文件拖到此窗口，或使用“添加文件…”，然后按“开始”。文字会在识别时逐句出现在这里；Ctrl+单击某句（或双击其时间）即可收听，双击文字（或按 F2）即可修改。</translation>
    </message>
    <message>
        <source>Words the glossary replaced in this transcript (highlighted); right-click one to put the recognised words back</source>
        <translation>此转写稿中被术语表替换的词（已高亮）；右键单击可恢复为识别原文</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Summary, decisions and action items from your own language model</source>
        <translation>由您自己的语言模型生成摘要、决定和待办事项</translation>
    </message>
    <message>
        <source>No text yet: it appears here sentence by sentence while the file is transcribed.</source>
        <translation>还没有文字：转写时会在这里逐句显示。</translation>
    </message>
    <message numerus="yes">
        <source>Glossary: %n replacement(s)</source>
        <translation>
            <numerusform>术语表：%n 处替换</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TranscriptionWorker</name>
    <message>
        <source>the speech model is not loaded</source>
        <translation>语音模型未加载</translation>
    </message>
    <message>
        <source>Speakers need the speaker model (CAM++), which is not installed. Download it in Models… (Ctrl+M), or set this file's Speakers to Off (right-click it), then Retry.</source>
        <translation>区分说话人需要说话人模型（CAM++），但尚未安装。请在“模型…”（Ctrl+M）中下载，或将此文件的说话人设为关闭（右键单击它），然后重试。</translation>
    </message>
    <message>
        <source>The speaker model (CAM++) could not be loaded: %1. Verify or repair it in Models… (Ctrl+M), or set this file's Speakers to Off (right-click it), then Retry.</source>
        <translation>无法加载说话人模型（CAM++）：%1。请在“模型…”（Ctrl+M）中校验或修复，或将此文件的说话人设为关闭（右键单击它），然后重试。</translation>
    </message>
    <message>
        <source>The models could not be loaded.</source>
        <translation>无法加载模型。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play / pause (Ctrl+Space)</source>
        <translation>播放/暂停 (Ctrl+Space)</translation>
    </message>
    <message>
        <source>−5 s</source>
        <translation>−5 秒</translation>
    </message>
    <message>
        <source>Back 5 seconds (Alt+Left)</source>
        <translation>后退 5 秒 (Alt+Left)</translation>
    </message>
    <message>
        <source>+5 s</source>
        <translation>+5 秒</translation>
    </message>
    <message>
        <source>Forward 5 seconds (Alt+Right)</source>
        <translation>前进 5 秒 (Alt+Right)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Loop the current sentence (Ctrl+L)</source>
        <translation>循环当前句 (Ctrl+L)</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Playback speed (pitch kept)</source>
        <translation>播放速度（保持音高）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>VoiceBar</name>
    <message>
        <source>Recognised voices:</source>
        <translation>已认出的声音：</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Put the voice back as it was before this correction</source>
        <translation>把声音恢复到这次更正之前的样子</translation>
    </message>
    <message>
        <source>%1 was recognised from the known voices (score %2; names are given from %3). Click to undo: back to %4.</source>
        <translation>%1 是从已知声音中认出的（相似度 %2；达到 %3 才会命名）。点击撤销：恢复为 %4。</translation>
    </message>
    <message>
        <source>Learnt more of %1's voice from this transcript</source>
        <translation>已从这份转写中进一步学习 %1 的声音</translation>
    </message>
    <message>
        <source>Remembered %1's voice</source>
        <translation>已记住 %1 的声音</translation>
    </message>
</context>
<context>
    <name>VoicesDialog</name>
    <message>
        <source>Known voices</source>
        <translation>已知声音</translation>
    </message>
    <message>
        <source>Speakers with these voices are named in new transcripts with speakers on. Voices are stored only on this computer and never written into an export.</source>
        <translation>开启说话人识别时，新转写中这些声音的说话人会被自动命名。声音只保存在这台电脑上，绝不会写入任何导出文件。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名字</translation>
    </message>
    <message>
        <source>Meetings</source>
        <translation>会议数</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>合并到…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Forget all voices…</source>
        <translation>忘记所有声音…</translation>
    </message>
    <message numerus="yes">
        <source>Learnt from %n meeting(s)</source>
        <translation>
            <numerusform>学习自 %n 次会议</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename voice</source>
        <translation>重命名声音</translation>
    </message>
    <message>
        <source>New name for %1:</source>
        <translation>%1 的新名字：</translation>
    </message>
    <message>
        <source>Merge voices</source>
        <translation>合并声音</translation>
    </message>
    <message>
        <source>%1 is the same person as:</source>
        <translation>%1 和以下是同一个人：</translation>
    </message>
    <message>
        <source>Delete voice</source>
        <translation>删除声音</translation>
    </message>
    <message>
        <source>Forget %1's voice? Transcripts keep the name.</source>
        <translation>忘记 %1 的声音？转写中的名字会保留。</translation>
    </message>
    <message>
        <source>Forget all voices</source>
        <translation>忘记所有声音</translation>
    </message>
    <message>
        <source>Delete every known voice from this computer? Transcripts keep their names.</source>
        <translation>从这台电脑删除所有已知声音？转写中的名字会保留。</translation>
    </message>
    <message>
        <source>Export voices</source>
        <translation>导出声音</translation>
    </message>
    <message>
        <source>Tingxie voices (*.json)</source>
        <translation>听写声音文件 (*.json)</translation>
    </message>
    <message>
        <source>Import voices</source>
        <translation>导入声音</translation>
    </message>
</context>
<context>
    <name>WatchTab</name>
    <message>
        <source>New recordings in these folders are transcribed while Tingxie is open, each file once, when it is complete.</source>
        <translation>听写打开时，这些文件夹中的新录音在写入完成后自动转写，每个文件只转写一次。</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Next to the recording</source>
        <translation>录音所在文件夹</translation>
    </message>
    <message>
        <source>In this folder:</source>
        <translation>此文件夹：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Transcripts:</source>
        <translation>转写结果：</translation>
    </message>
    <message>
        <source>Formats:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Automatic (find how many)</source>
        <translation>自动（自动判断人数）</translation>
    </message>
    <message numerus="yes">
        <source>%n speakers</source>
        <translation>
            <numerusform>%n 位说话人</numerusform>
        </translation>
    </message>
    <message>
        <source>Speakers:</source>
        <translation>说话人：</translation>
    </message>
    <message>
        <source>None (the global glossary applies)</source>
        <translation>无（使用全局术语表）</translation>
    </message>
    <message>
        <source>Glossary:</source>
        <translation>术语表：</translation>
    </message>
    <message>
        <source>Start Tingxie at login (to watch these folders)</source>
        <translation>登录时启动听写（以监视这些文件夹）</translation>
    </message>
    <message>
        <source>Choose a folder to watch</source>
        <translation>选择要监视的文件夹</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Choose a glossary</source>
        <translation>选择术语表</translation>
    </message>
</context>
<context>
    <name>WindowEngine</name>
    <message>
        <source>The speech models are not installed yet. Download them, or import a folder copied from another computer.</source>
        <translation>语音模型尚未安装。请下载，或导入从其他电脑复制来的模型文件夹。</translation>
    </message>
    <message>
        <source>Model manager…</source>
        <translation>模型管理…</translation>
    </message>
    <message>
        <source>The speech model could not be loaded: %1</source>
        <translation>无法加载语音模型：%1</translation>
    </message>
    <message>
        <source>CUDA was requested but is not available; running on the CPU.</source>
        <translation>已选择 CUDA，但 CUDA 不可用；正在使用 CPU。</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
</context>
<context>
    <name>WindowExport</name>
    <message>
        <source>Export failed — %1</source>
        <translation>导出失败 — %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n file(s) to %1</source>
        <translation>
            <numerusform>已导出 %n 个文件到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to export: no finished transcript selected.</source>
        <translation>没有可导出的内容：未选择已完成的转写。</translation>
    </message>
</context>
<context>
    <name>WindowHistory</name>
    <message>
        <source>The job history cannot be saved this session, so unfinished files cannot be resumed after a restart: %1</source>
        <translation>本次无法保存任务历史，重启后将无法继续未完成的文件：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) stopped part-way last time. The finished part is saved and transcription continues from there.</source>
        <translation>
            <numerusform>上次有 %n 个文件未转写完。已完成的部分已保存，会从那里继续转写。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resume %n interrupted job(s)</source>
        <translation>
            <numerusform>继续 %n 个中断的任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open that transcript: %1</source>
        <translation>无法打开这份转写：%1</translation>
    </message>
    <message>
        <source>Opened %1 from the history</source>
        <translation>已从历史中打开 %1</translation>
    </message>
</context>
<context>
    <name>WindowLive</name>
    <message>
        <source>Caption strip</source>
        <translation>字幕条</translation>
    </message>
    <message>
        <source>Queued files wait: the live recording is using the speech model.</source>
        <translation>队列中的文件需等待：实时录音正在使用语音模型。</translation>
    </message>
    <message>
        <source>The live transcript stopped (%1): the recording is queued to be transcribed again.</source>
        <translation>实时转写已中断（%1）：录音已加入队列，将重新转写。</translation>
    </message>
    <message>
        <source>%1 The recording and the %2 sentence(s) transcribed until then are kept.</source>
        <translation>%1 录音以及此前已转写的 %2 句均已保留。</translation>
    </message>
    <message>
        <source>%1 transcribed while recording: %2 sentence(s).</source>
        <translation>%1 已在录音时转写完成：共 %2 句。</translation>
    </message>
</context>
<context>
    <name>WindowQueue</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Queue finished.</source>
        <translation>队列已完成。</translation>
    </message>
    <message>
        <source>Paused. Press Start to continue.</source>
        <translation>已暂停。按“开始”继续。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Cannot start: the model is not loaded.</source>
        <translation>无法开始：模型未加载。</translation>
    </message>
    <message>
        <source>Nothing to transcribe: add files first.</source>
        <translation>没有要转写的文件：请先添加文件。</translation>
    </message>
    <message>
        <source>The recording being transcribed live stays in the queue until it is stopped.</source>
        <translation>正在实时转写的录音会留在队列中，直到停止录音。</translation>
    </message>
    <message>
        <source>Remove from the queue?</source>
        <translation>从队列中移除？</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are partly transcribed. Removing them deletes the text transcribed so far.</source>
        <translation>
            <numerusform>%n 个文件已转写了一部分。移除后，已转写的文字会被删除。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowRevise</name>
    <message>
        <source>Apply text settings to this transcript…</source>
        <translation>对此转写稿应用文本设置…</translation>
    </message>
    <message>
        <source>Apply the glossary, numbers and script settings to the transcript shown, without transcribing it again</source>
        <translation>把术语表、数字和字形设置应用到当前显示的转写稿，无需重新转写</translation>
    </message>
    <message>
        <source>Finding the speakers in %1 (the transcript and your corrections stay as they are)…</source>
        <translation>正在识别 %1 中的说话人（转写内容和您的修改保持不变）…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n speaker(s). Undo with Ctrl+Z.</source>
        <translation>
            <numerusform>%1：%n 位说话人。可用 Ctrl+Z 撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: speakers removed. Undo with Ctrl+Z.</source>
        <translation>%1：已去除说话人。可用 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Speakers could not be added: %1</source>
        <translation>无法添加说话人：%1</translation>
    </message>
    <message>
        <source>The text settings changed. They apply to files transcribed from now on; the open transcript can take them too.</source>
        <translation>文本设置已更改，将用于之后转写的文件；当前打开的转写稿也可以应用。</translation>
    </message>
    <message>
        <source>Apply to this transcript</source>
        <translation>应用到此转写稿</translation>
    </message>
    <message>
        <source>The text settings could not be applied: %1</source>
        <translation>无法应用文本设置：%1</translation>
    </message>
    <message>
        <source>Nothing to change: the transcript already follows the text settings.</source>
        <translation>无需改动：转写稿已符合文本设置。</translation>
    </message>
    <message numerus="yes">
        <source>%n sentence(s) changed. Undo with Ctrl+Z.</source>
        <translation>
            <numerusform>已改动 %n 个句子。可用 Ctrl+Z 撤销。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished file(s) will be transcribed again from the start, with the current model and precision.</source>
        <translation>
            <numerusform>%n 个已完成的文件将使用当前的模型和精度从头重新转写。</numerusform>
        </translation>
    </message>
    <message>
        <source>Your %1 correction(s) are carried over to the new sentences where the times match; any that cannot be are listed when it is done. The transcript as it is now stays in History.</source>
        <translation>您的 %1 处修改会按时间带到对应的新句子中；无法带过去的会在完成后列出。当前的转写稿仍保留在历史记录中。</translation>
    </message>
    <message>
        <source>Transcribe again?</source>
        <translation>重新转写？</translation>
    </message>
    <message numerus="yes">
        <source>%n correction(s) carried over to the new transcript.</source>
        <translation>
            <numerusform>已把 %n 处修改带到新的转写稿中。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowSearch</name>
    <message>
        <source>Cannot open that transcript: %1</source>
        <translation>无法打开这份转写：%1</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>WindowWatch</name>
    <message>
        <source>Watch folders are not watched: %1</source>
        <translation>监视文件夹未能启动：%1</translation>
    </message>
    <message>
        <source>Transcribed: %1</source>
        <translation>已转写：%1</translation>
    </message>
    <message>
        <source>Could not change the login entry: %1</source>
        <translation>无法更改登录启动项：%1</translation>
    </message>
</context>
<context>
    <name>_CrashBridge</name>
    <message>
        <source>Tingxie hit an unexpected error</source>
        <translation>听写遇到意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside Tingxie. Your queue and transcripts are still there; you can keep working, but restarting is safest.</source>
        <translation>听写内部出错了。队列和转写文字都还在，可以继续使用，但最好重新启动。</translation>
    </message>
    <message>
        <source> (%1 errors so far)</source>
        <translation>（目前共 %1 个错误）</translation>
    </message>
    <message>
        <source>%1

Details are in the log file:
%2</source>
        <translation>%1

详细信息见日志文件：
%2</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Transcribing audio</source>
        <translation>正在转写音频</translation>
    </message>
</context>
</TS>