"""Window embeddings -> speaker labels (0..k-1, numbered by first appearance).

Short recordings (up to SPECTRAL_MAX windows, ~20 min of speech) use spectral clustering as funasr's
ClusterBackend does (cosine affinity, per-row p-pruning with pval 0.022, unnormalised Laplacian, eigengap for the
count, k-means on the spectral embedding). Long ones would need an n x n affinity (9,600 windows for 2 hours:
700 MB), so they use agglomerative clustering (average linkage, cosine) on centroids of runs of at most RUN windows
inside one VAD segment: a few thousand points, bounded memory, seconds; then a few k-means steps move each window
to its nearest cluster centroid, so a run holding a turn change is split again. Afterwards, in "auto" mode, clusters whose
centroids are closer than MERGE_SIM are merged (funasr's merge_by_cos, 0.78) and clusters of fewer than
TINY_WINDOWS windows join their nearest neighbour; "fixed" mode gives exactly n labels whenever there are n windows.
"""
from __future__ import annotations

import numpy as np
import scipy.linalg
from sklearn.cluster import AgglomerativeClustering, KMeans

from models.speakers.options import SpeakerOptions

SPECTRAL_MAX = 1600  # windows; eigh of a 1,600^2 matrix takes about a second
PVAL = 0.022  # funasr SpectralCluster: keep the top 2.2 % similarities of each row
MERGE_SIM = 0.78  # funasr ClusterBackend merge_thr
AHC_SIM = 0.5  # average-linkage cosine similarity above which runs are one speaker (long recordings, "auto")
RUN = 8  # windows per run in the long-recording path (6.75 s)
TINY_WINDOWS = 2  # clusters smaller than this (one 1.5 s window) are noise, not a speaker
REFINE_ROUNDS = 3  # window reassignment passes after AHC on run centroids
SEED = 0


def cluster(vectors: np.ndarray, options: SpeakerOptions, runs: np.ndarray | None = None) -> np.ndarray:
    """Labels for (n, dim) unit vectors. runs: an id per window that groups windows the long path may average
    (same VAD segment); None treats all windows as one segment."""
    n = int(vectors.shape[0])
    if n == 0 or not options.enabled:
        return np.zeros(n, dtype=np.int64)
    fixed = options.mode == "fixed"
    lo, hi = (options.n, options.n) if fixed else (options.min_n, options.max_n)
    lo, hi = min(lo, n), min(hi, n)
    if hi <= 1:
        return np.zeros(n, dtype=np.int64)
    x = _unit(vectors.astype(np.float64))
    if n <= SPECTRAL_MAX:
        labels = _spectral(x, lo, hi, fixed)
    else:
        labels = _agglomerative(x, runs if runs is not None else np.zeros(n, dtype=np.int64), lo, hi, fixed)
    if not fixed:
        labels = _merge(x, labels, lo)
    return relabel(labels)


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _spectral(x: np.ndarray, lo: int, hi: int, fixed: bool) -> np.ndarray:
    n = x.shape[0]
    a = x @ x.T
    keep = max(1, n - int((1 - max(PVAL, 6.0 / n)) * n))  # funasr: at least 6 neighbours on small inputs
    drop = np.argsort(a, axis=1)[:, : n - keep]
    np.put_along_axis(a, drop, 0.0, axis=1)
    a = 0.5 * (a + a.T)
    np.fill_diagonal(a, 0.0)
    lap = np.diag(np.abs(a).sum(axis=1)) - a
    lam, vecs = scipy.linalg.eigh(lap)
    if fixed:
        k = lo
    else:
        gaps = np.diff(lam[lo - 1: hi + 1])
        k = int(np.argmax(gaps)) + lo if gaps.size else lo
    return KMeans(n_clusters=k, n_init=10, random_state=SEED).fit_predict(vecs[:, :k])


def _agglomerative(x: np.ndarray, runs: np.ndarray, lo: int, hi: int, fixed: bool) -> np.ndarray:
    """AHC on run centroids; every window takes its run's label."""
    unit_of = np.zeros(x.shape[0], dtype=np.int64)
    centroids, start, u = [], 0, 0
    for i in range(1, x.shape[0] + 1):  # runs: consecutive windows of one segment, at most RUN of them
        if i == x.shape[0] or runs[i] != runs[start] or i - start >= RUN:
            unit_of[start:i] = u
            centroids.append(x[start:i].mean(axis=0))
            start, u = i, u + 1
    c = _unit(np.stack(centroids))
    if c.shape[0] <= lo:
        return unit_of if fixed or c.shape[0] > 1 else np.zeros_like(unit_of)
    if fixed:
        ahc = AgglomerativeClustering(n_clusters=lo, metric="cosine", linkage="average")
    else:
        ahc = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                      distance_threshold=1.0 - AHC_SIM)
    unit_labels = ahc.fit_predict(c)
    if not fixed and not lo <= unit_labels.max() + 1 <= hi:
        k = min(max(unit_labels.max() + 1, lo), hi)
        unit_labels = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(c)
    return _refine(x, unit_labels[unit_of])


def _refine(x: np.ndarray, labels: np.ndarray, rounds: int = REFINE_ROUNDS) -> np.ndarray:
    """Move each window to its nearest cluster centroid (k-means steps): a run that held a turn change had one
    label for both voices. Memory n x k, not n x n."""
    for _ in range(rounds):
        k = int(labels.max()) + 1
        cent = _unit(np.stack([x[labels == i].mean(axis=0) if np.any(labels == i) else np.zeros(x.shape[1])
                               for i in range(k)]))
        new = np.argmax(x @ cent.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def _merge(x: np.ndarray, labels: np.ndarray, lo: int) -> np.ndarray:
    """Merge near-identical clusters (centroid cosine >= MERGE_SIM) and tiny ones, never below lo clusters."""
    labels = relabel(labels)
    while labels.max() + 1 > max(lo, 1):
        k = labels.max() + 1
        sizes = np.bincount(labels, minlength=k)
        cent = _unit(np.stack([x[labels == i].mean(axis=0) for i in range(k)]))
        sim = cent @ cent.T
        np.fill_diagonal(sim, -np.inf)
        tiny = np.flatnonzero(sizes < TINY_WINDOWS)
        if tiny.size:
            a = int(tiny[0])
            b = int(np.argmax(sim[a]))
        else:
            a, b = np.unravel_index(int(np.argmax(sim)), sim.shape)
            if sim[a, b] < MERGE_SIM:
                break
        labels = relabel(np.where(labels == a, b, labels))
    return labels


def relabel(labels: np.ndarray) -> np.ndarray:
    """0, 1, 2... in order of first appearance (speaker 1 is whoever speaks first)."""
    mapping: dict[int, int] = {}
    out = np.empty(len(labels), dtype=np.int64)
    for i, v in enumerate(np.asarray(labels).tolist()):
        out[i] = mapping.setdefault(int(v), len(mapping))
    return out
