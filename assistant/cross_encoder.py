"""Optional cross-encoder rescoring of the reranked top ``n`` articles (off by default).

``ASSISTANT_CROSS_ENCODER=<model dir>`` (a local sentence-transformers ``CrossEncoder`` directory, e.g. one trained by
``eval/train_cross_encoder.py``) turns it on: ``HybridRetriever.search`` scores (query, article passage) for the first
``n`` articles of the feature reranker's order and re-sorts those ``n`` by ``rerank + w · ce`` (articles the query
cites by number stay first; positions after ``n`` are untouched). ``n`` and ``w`` come from ``assistant_ce.json`` in
the model directory (written by the tuning step, chosen on tuning folds only) unless ``ASSISTANT_CROSS_ENCODER_TOP`` /
``ASSISTANT_CROSS_ENCODER_WEIGHT`` set them. Entry points: ``load_cross_encoder(path)`` → ``CrossEncoderRescorer``
(``.score(query, passages)``) and ``reorder`` (the combination rule, shared with the tuning script).

Does not retrieve, never downloads (the directory must hold the weights: local files only), and does not change
``Hit.score``; it adds ``Hit.scores["cross_encoder"]`` (the raw logit). The cost is one transformer pass per
candidate: top 5 with a 6-layer e5-small cross-encoder at 128 tokens added 155 ms p50 / 194 ms p95 per search on this
2-core CPU when quiet, ≈ 1 s under load (``eval/bench_cross_encoder.py``, ``eval/reports/bench-cross-encoder*.md``),
hence opt-in. No cross-encoder trained so far improves the ranking (``eval/reports/cross-encoder-tuning.md``).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

CONFIG_NAME = "assistant_ce.json"  # {"top": n, "weight": w, "max_length": tokens} next to the model's weights
DEFAULT_TOP = 5
DEFAULT_WEIGHT = 1.0
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.onnx")


class CrossEncoderError(RuntimeError):
    """The configured cross-encoder directory is missing or is not a model directory. (Not a ValueError: raised
    while a retriever model is built, pydantic would wrap a ValueError into a ValidationError.)"""


@dataclass
class CrossEncoderRescorer:
    model: object  # sentence_transformers.cross_encoder.CrossEncoder
    path: Path
    top: int
    weight: float

    def __post_init__(self) -> None:
        self._lock = threading.Lock()  # one forward pass at a time (the API searches from several threads)

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        """Raw relevance logits of (query, passage) pairs, higher = more relevant."""
        if not passages:
            return np.zeros(0, dtype=np.float32)
        import torch

        with self._lock:
            out = self.model.predict([(query, p) for p in passages], batch_size=max(len(passages), 1),
                                     activation_fn=torch.nn.Identity(), show_progress_bar=False,
                                     convert_to_numpy=True)
        return np.asarray(out, dtype=np.float32).reshape(-1)


def _check_dir(path: Path) -> None:
    if not path.is_dir():
        raise CrossEncoderError(f"ASSISTANT_CROSS_ENCODER: không tìm thấy thư mục mô hình cross-encoder '{path}'.")
    if not (path / "config.json").is_file() or not any((path / f).is_file() for f in _WEIGHT_FILES):
        raise CrossEncoderError(
            f"ASSISTANT_CROSS_ENCODER: thư mục '{path}' không phải là mô hình cross-encoder (thiếu config.json hoặc "
            f"tệp trọng số {' / '.join(_WEIGHT_FILES)})."
        )


@lru_cache(maxsize=2)
def load_cross_encoder(path: str, top: int | None = None, weight: float | None = None,
                       max_length: int | None = None) -> CrossEncoderRescorer:
    """Load the cross-encoder in ``path`` (local files only). ``top``/``weight``/``max_length`` override the
    directory's ``assistant_ce.json`` (defaults: top 5, weight 1, the model's own max length)."""
    p = Path(path).expanduser()
    _check_dir(p)
    cfg: dict = {}
    if (p / CONFIG_NAME).is_file():
        try:
            cfg = json.loads((p / CONFIG_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise CrossEncoderError(f"ASSISTANT_CROSS_ENCODER: tệp '{p / CONFIG_NAME}' không đọc được: {e}") from e
    from sentence_transformers.cross_encoder import CrossEncoder

    try:
        model = CrossEncoder(str(p), device="cpu", local_files_only=True,
                             max_length=max_length or cfg.get("max_length"))
    except Exception as e:  # noqa: BLE001 — any load failure is reported with the directory named
        raise CrossEncoderError(f"ASSISTANT_CROSS_ENCODER: không nạp được mô hình cross-encoder '{p}': {e}") from e
    n = int(top if top is not None else cfg.get("top", DEFAULT_TOP))
    if n < 1:
        raise CrossEncoderError(f"ASSISTANT_CROSS_ENCODER_TOP phải ≥ 1 (đang là {n}) cho mô hình '{p}'.")
    w = float(weight if weight is not None else cfg.get("weight", DEFAULT_WEIGHT))
    return CrossEncoderRescorer(model=model, path=p, top=n, weight=w)


def reorder(base: Sequence[float], ce: Sequence[float], n: int, weight: float,
            cited: Sequence[bool] | None = None) -> list[int]:
    """Positions of a ranked list after rescoring its first ``n``: those are sorted by ``base + weight · ce``
    (cited ones first, ties keep the old order); the rest stay where they are. ``ce`` covers at least the
    first ``min(n, len(base))`` positions."""
    m = min(n, len(base), len(ce))
    cited = cited or [False] * len(base)
    head = sorted(range(m), key=lambda j: (not cited[j], -(float(base[j]) + weight * float(ce[j])), j))
    return head + list(range(m, len(base)))
