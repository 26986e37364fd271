"""Opt-in cross-encoder rescoring (assistant/cross_encoder.py) on the sample corpus, with a tiny cross-encoder made
here (1 layer, 32 hidden, the bundled e5 tokenizer) and trained for a few steps to prefer one candidate."""

from __future__ import annotations

import json

import numpy as np
import pytest

QUERY = "phí cấp bản sao điện tử từ sổ gốc bao nhiêu tiền một trang"


def _keys(hits):
    return [h.chunk.id for h in hits]


@pytest.fixture(scope="module")
def tiny_ce(tmp_path_factory, sample_retriever):
    """(model dir, chunk id of the candidate it was trained to put first, baseline top-10 ids)."""
    import torch
    from sentence_transformers.cross_encoder import CrossEncoder
    from transformers import AutoTokenizer, XLMRobertaConfig, XLMRobertaForSequenceClassification

    from assistant.embeddings import ensure_default_model

    base = sample_retriever.search(QUERY, 10)
    assert len(base) >= 5
    target = base[3]  # 4th of the shipped order: the cross-encoder is taught to prefer it
    passages = [sample_retriever.article_passage(sample_retriever.chunks.index(h.chunk)) for h in base[:5]]
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(str(ensure_default_model()))
    cfg = XLMRobertaConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                           intermediate_size=64, max_position_embeddings=260, num_labels=1, pad_token_id=tok.pad_token_id,
                           hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    d = tmp_path_factory.mktemp("tiny-ce")
    XLMRobertaForSequenceClassification(cfg).save_pretrained(str(d))
    tok.save_pretrained(str(d))
    ce = CrossEncoder(str(d), num_labels=1, max_length=256, device="cpu")
    opt = torch.optim.AdamW([p for p in ce.model.parameters() if p.requires_grad], lr=3e-3)
    from assistant.retrieval import prepare_query

    q = prepare_query(QUERY)
    enc = ce.tokenizer([q] * 5, passages, truncation=True, max_length=256, padding=True, return_tensors="pt")
    ce.model.train()
    for _ in range(60):
        logits = ce.model(**enc).logits.view(1, -1)
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor([3]))
        loss.backward()
        opt.step()
        opt.zero_grad()
    ce.model.eval()
    with torch.no_grad():
        logits = ce.model(**enc).logits.view(-1)
    assert int(logits.argmax()) == 3 and float(logits[3] - logits.topk(2).values[1]) > 0.5, logits  # it learnt
    ce.save_pretrained(str(d))
    (d / "assistant_ce.json").write_text(json.dumps({"top": 5, "weight": 100.0, "max_length": 256}))
    return d, target.chunk.id, _keys(base)


def test_cross_encoder_reorders_the_top_n(sample_collection, tiny_ce):
    from assistant.retrieval import HybridRetriever

    d, target, base = tiny_ce
    r = HybridRetriever.open(sample_collection, cross_encoder=str(d))
    hits = r.search(QUERY, 10)
    ids = _keys(hits)
    assert ids[0] == target != base[0]
    assert sorted(ids[:5]) == sorted(base[:5])  # only the top 5 were rescored …
    assert ids[5:] == base[5:]  # … the rest keep their place
    assert all("cross_encoder" in h.scores for h in hits[:5]) and all("cross_encoder" not in h.scores for h in hits[5:])
    assert hits[0].scores["cross_encoder"] == max(h.scores["cross_encoder"] for h in hits[:5])
    assert [h.rank for h in hits] == list(range(1, 11))
    # weight 0 from the settings: the CE is scored but the shipped order stands
    from assistant import config
    from assistant.cross_encoder import load_cross_encoder

    assert load_cross_encoder(str(d), None, 0.0).weight == 0.0
    r0 = HybridRetriever.open(sample_collection, cross_encoder=str(d))
    r0._ce = load_cross_encoder(str(d), None, 0.0)
    assert _keys(r0.search(QUERY, 10)) == base
    assert config.get_settings().cross_encoder is None


def test_off_by_default_leaves_retrieval_identical(sample_collection, sample_retriever, tiny_ce):
    from assistant.config import Settings
    from assistant.retrieval import HybridRetriever

    assert Settings().cross_encoder is None
    assert sample_retriever._ce is None
    explicit_off = HybridRetriever.open(sample_collection, cross_encoder="")
    for q in (QUERY, "Điều 9 Nghị định 42/2024/NĐ-CP quy định gì?", "thời hạn giải quyết thủ tục hành chính"):
        a, b = sample_retriever.search(q, 10), explicit_off.search(q, 10)
        assert _keys(a) == _keys(b) and [h.scores for h in a] == [h.scores for h in b]
        assert not any("cross_encoder" in h.scores for h in a)
    assert _keys(sample_retriever.search(QUERY, 10)) == tiny_ce[2]


def test_bad_model_dir_is_named(sample_collection, tmp_path, monkeypatch):
    from assistant import config
    from assistant.cross_encoder import CrossEncoderError
    from assistant.retrieval import HybridRetriever

    missing = tmp_path / "no-such-model"
    with pytest.raises(CrossEncoderError, match="no-such-model"):
        HybridRetriever.open(sample_collection, cross_encoder=str(missing))
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    (empty / "config.json").write_text("{}")
    with pytest.raises(CrossEncoderError, match="empty-dir.*trọng số"):
        HybridRetriever.open(sample_collection, cross_encoder=str(empty))
    # through the setting, as a deployment sets it
    monkeypatch.setenv("ASSISTANT_CROSS_ENCODER", str(missing))
    config.get_settings.cache_clear()
    try:
        with pytest.raises(CrossEncoderError, match=str(missing)):
            HybridRetriever.open(sample_collection)
    finally:
        monkeypatch.delenv("ASSISTANT_CROSS_ENCODER")
        config.get_settings.cache_clear()


def test_reorder_rule():
    from assistant.cross_encoder import reorder

    base = [3.0, 2.0, 1.0, 0.5, 0.1]
    ce = np.array([0.0, 0.0, 5.0, 0.0])
    assert reorder(base, ce, 4, 1.0) == [2, 0, 1, 3, 4]  # 1 + 5 beats 3; position 4 untouched
    assert reorder(base, ce, 4, 0.0) == [0, 1, 2, 3, 4]  # weight 0: the given order
    assert reorder(base, ce, 4, 1.0, cited=[False, True, False, False, False]) == [1, 2, 0, 3, 4]  # cited first
    assert reorder(base, ce, 2, 100.0) == [0, 1, 2, 3, 4]  # the CE's favourite is outside the top 2
