"""Simplified Chinese for the model manager, model sets and model titles."""

MODELS: dict[str, str] = {
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
    # model sets
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
    # model manager intro and closing
    "Tingxie needs a speech recognition model, a voice activity detector and a punctuation model. Choose a set and "
    "download it once, or import folders copied from another computer. Everything runs offline afterwards. CPU "
    "(ONNX, smaller) is about half the download and needs no conversion; GPU / PyTorch is for an NVIDIA GPU or "
    "full precision.":
        "听写需要一个语音识别模型、一个语音端点检测模型和一个标点模型。选择一个套件并下载一次即可，"
        "也可以导入从其他电脑复制来的模型文件夹。之后一切都在本机离线运行。CPU（ONNX，较小）的下载量约为一半，"
        "且无需转换；GPU / PyTorch 适用于 NVIDIA 显卡或全精度。",
    "Close": "关闭",
    "Hide this window; downloads continue": "隐藏此窗口；下载会继续进行",
    "Downloading…": "正在下载…",
    "(optional models: about %1 MB more)": "（可选模型另需约 %1 MB）",
    # model titles
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
}
