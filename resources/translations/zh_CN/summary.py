"""Simplified Chinese for the summary panel and its settings (minutes from the user's own language model)."""

SUMMARY: dict[str, str] = {
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
}
