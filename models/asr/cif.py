"""The CIF predictor steps of BiCifParaformer, without the work inference throws away.

funasr's CifPredictorV3.forward (used by calc_predictor) also runs the timestamp head's upsampling CNN + BLSTM
only to compute a `token_num2` that inference ignores, and get_upsample_timestamp also integrates a
downsampled alpha sequence (another Python loop over every frame) that inference ignores. On Paraformer-large
those two account for ~15 % of decode time. These functions are the same arithmetic minus the unused branches,
so the outputs are identical (tests/test_cif.py checks it against funasr's own methods).
"""
from __future__ import annotations

import torch

from models.runtime import funasr_lite


def _mask(enc: torch.Tensor, enc_lens: torch.Tensor) -> torch.Tensor:
    funasr_lite.install()
    from funasr.models.transformer.utils.nets_utils import make_pad_mask

    return (~make_pad_mask(enc_lens, maxlen=enc.size(1))[:, None, :]).to(enc.device)


def supported(model: torch.nn.Module) -> bool:
    pred = getattr(model, "predictor", None)
    return type(pred).__name__ == "CifPredictorV3" and getattr(pred, "upsample_type", "") in ("cnn", "cnn_blstm")


def predict_tokens(model: torch.nn.Module, enc: torch.Tensor, enc_lens: torch.Tensor):
    """(acoustic_embeds, token_num, alphas, peaks) exactly as model.calc_predictor returns them."""
    funasr_lite.install()
    from funasr.models.paraformer.cif_predictor import cif

    p = model.predictor
    mask = _mask(enc, enc_lens)
    queries = p.pad(enc.transpose(1, 2))
    output = torch.relu(p.cif_conv1d(queries)).transpose(1, 2)
    alphas = torch.sigmoid(p.cif_output(output))
    alphas = torch.nn.functional.relu(alphas * p.smooth_factor - p.noise_threshold)
    mask = mask.transpose(-1, -2).float()
    alphas = (alphas * mask).squeeze(-1)
    mask = mask.squeeze(-1)
    token_num = alphas.sum(-1)
    hidden = enc
    if p.tail_threshold > 0.0:
        hidden, alphas, token_num = p.tail_process_fn(hidden, alphas, token_num, mask=mask)
    embeds, peaks = cif(hidden, alphas, p.threshold)
    if p.tail_threshold > 0.0:
        embeds = embeds[:, : torch.max(token_num).type(torch.int32).item(), :]
    return embeds, token_num, alphas, peaks


def predict_timestamps(model: torch.nn.Module, enc: torch.Tensor, enc_lens: torch.Tensor, token_num: torch.Tensor):
    """(us_alphas, us_peaks) exactly as model.calc_predictor_timestamp returns them (its last two values)."""
    funasr_lite.install()
    from funasr.models.paraformer.cif_predictor import cif_wo_hidden

    p = model.predictor
    mask = _mask(enc, enc_lens)
    context = enc.transpose(1, 2)
    source = torch.relu(p.cif_conv1d(p.pad(context))) if p.use_cif1_cnn else context
    out = p.upsample_cnn(source).transpose(1, 2)
    if p.upsample_type == "cnn_blstm":
        out, _ = p.blstm(out)
    alphas2 = torch.sigmoid(p.cif_output2(out))
    alphas2 = torch.nn.functional.relu(alphas2 * p.smooth_factor2 - p.noise_threshold2)
    mask2 = mask.repeat(1, p.upsample_times, 1).transpose(-1, -2).reshape(alphas2.shape[0], -1).unsqueeze(-1)
    alphas2 = (alphas2 * mask2).squeeze(-1)
    if token_num is not None:
        alphas2 *= (token_num / alphas2.sum(-1))[:, None].repeat(1, alphas2.size(1))
    return alphas2, cif_wo_hidden(alphas2, p.threshold - 1e-4)
