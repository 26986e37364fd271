"""The semantic "same matter" fallback: the e5 clause encoder hook (``set_clause_encoder``; loaded once from
``assistant.embeddings`` unless ASSISTANT_CONFLICT_SEMANTIC=0), the cosine of two clauses with their numbers masked
(``clause_similarity``, vectors cached), and the gates ``numeric.detect_numeric`` applies before asking it (few
shared words, no case marker, not a template swap: a slot of ≤ 3 words, not a reworded passage; the same kind of limit).

Does not decide a clash by itself. The encoder function and the vector cache (``_encoder_state``, ``_sim_cache``)
live here only: every reader imports them from this module.
Provenance: the template-swap slot from dev5 (tests/test_conflicts_dev5.py).
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable

import numpy as np

from assistant.conflicts.analysis import Analysis, _substitution, _without_exceptions
from assistant.conflicts.quantities import Quantity

# The lexical check (``analysis._same_scope``) fails when two provisions restate one matter in other words ("đăng
# nhập và nộp hồ sơ trực tuyến" vs "sử dụng tài khoản định danh điện tử để thực hiện thủ tục hành chính"). Only once a
# detector has found a clash (two comparable values that disagree) are the two clauses embedded with the e5 query
# encoder, their numbers masked, and a cosine at or above SEMANTIC_MIN counts as "same matter". Threshold chosen on
# dev + dev2 with sample conflict e in view (its clauses: 0.921), so treat it as fitted.
SEMANTIC_MIN = float(os.environ.get("ASSISTANT_CONFLICT_SEMANTIC_MIN", "0.90"))
_NUM_MASK_RE = re.compile(r"\d+(?:[.,]\d+)*")
_encoder_state: dict[str, Any] = {}
_sim_cache: dict[str, np.ndarray] = {}


def set_clause_encoder(encode: Callable[[list[str]], np.ndarray] | None) -> None:
    """Use ``encode`` (texts → L2-normalised vectors) for the semantic same-matter check; None disables it."""
    _encoder_state["fn"] = encode
    _sim_cache.clear()


def _clause_encoder() -> Callable[[list[str]], np.ndarray] | None:
    """The e5 query encoder the retriever uses, loaded once; None (lexical only) when unavailable or disabled
    with ASSISTANT_CONFLICT_SEMANTIC=0. Never raises."""
    if "fn" not in _encoder_state:
        fn = None
        if os.environ.get("ASSISTANT_CONFLICT_SEMANTIC", "1") != "0":
            try:
                from assistant.embeddings import get_embedder

                fn = get_embedder().embed_queries
            except Exception:
                fn = None
        _encoder_state["fn"] = fn
    return _encoder_state["fn"]


# Gates, measured on the whole Pháp điển subset (legal documents only): with no gate (any word overlap, case markers
# allowed) the labelled dev sets gain recall (dev…dev4 together R 0.80 → 0.88) but the batch's numeric findings grow
# from 90 to 870, led by template look-alikes ("… hạng III … từ đủ 09 năm", "trong thời hạn 07 ngày kể từ ngày nhận
# đủ hồ sơ" of two procedures) that e5 cosine cannot tell apart. Gated to clause pairs sharing few words and no case
# marker, 138 findings still came from the fallback, none real in a sample of 12 — hence ``_paraphrase_expected``
# (check_pair): the fallback runs only when one side is not a ranked legal document.
# Both gates stay for unranked legal texts (a Nghị quyết of the Hội đồng Thẩm phán, a Sắc lệnh, a bare Pháp điển
# provision): without them the Pháp điển batch gained 4 findings there, none real (án treo vs tha tù trước thời hạn).
SEMANTIC_MAX_OVERLAP = 0.4
# a case marker names a special case; "sau khi", "kể từ khi" only anchor a time limit
_CASE_MARK_RE = re.compile(r"(?<!\w)(?:nếu|(?<!sau )(?<!từ )khi|trường hợp|trừ|đối với|theo quy định tại)(?!\w)")
# When one side is a plain retelling (a handbook, guide, Q&A page or unidentified text: ``_plain_retelling``) the two
# gates cost recall and guarded nothing the other checks do not: a retelling shares most of the law's words ("đối với
# dự án nhóm A" → "của các dự án nhóm A", overlap 0.85) and restates its case in plain words ("công dân khi thay đổi
# chỗ ở" → "người dân đã chuyển về nơi ở mới"); on dev…dev4 they blocked 9 real clashes and 1 false one. What is kept
# there is the lexical rule's own test for templates: a clause pair that shares most words (TEMPLATE_OVERLAP) but has
# a word of one in the place of a word of the other ("Hội đồng thành viên …" / "Ban kiểm soát … có từ 03 đến 05
# thành viên") names two subjects, whatever e5 says.
TEMPLATE_OVERLAP = 0.7
# a template slot is a few words ("Hội đồng thành viên" / "Ban kiểm soát"); a longer block told in other words
# ("có hiệu lực" / "do Ban Quản lý … cấp có giá trị sử dụng … kể từ ngày ký") is a retelling, not a swapped subject
TEMPLATE_SLOT = 3
# a template's slot sits at the same place in both clauses: the words before it are the same ("Hội đồng thành viên
# của công ty … có từ 03 đến 07" / "Ban kiểm soát của công ty … có từ 03 đến 05"; "Công dân nữ …" / "Công dân nam …").
# A swap after differently worded openings is a retelling with its words reordered or a verb told otherwise ("Thời hạn
# cai nghiện ma túy bắt buộc đối với người nghiện ma túy …" / "Người nghiện ma túy … bị đưa vào cơ sở cai nghiện …",
# "thẩm định" / "hồ sơ đề nghị thẩm duyệt"), not two subjects (h-conf16: pooled dev…dev16 +6 TP / +0 FP, five files)
TEMPLATE_SLOT_ALIGNED = True


def _lexical_overlap(an_a: Analysis, span_a: tuple[int, int], an_b: Analysis, span_b: tuple[int, int]) -> float:
    """Shared content words of two clauses over the smaller clause's (0 when either is empty)."""
    ca, cb = _without_exceptions(an_a, span_a), _without_exceptions(an_b, span_b)
    return len(ca & cb) / min(len(ca), len(cb)) if ca and cb else 0.0


def _template_swap(an_a: Analysis, span_a: tuple[int, int], an_b: Analysis, span_b: tuple[int, int]) -> bool:
    """Two clauses of one template with a word of one standing in the place of a word of the other: most content
    words shared (≥ TEMPLATE_OVERLAP) and a substitution ("Hội đồng thành viên" / "Ban kiểm soát") — two subjects."""
    return (_lexical_overlap(an_a, span_a, an_b, span_b) >= TEMPLATE_OVERLAP
            and _substitution(an_a, span_a, an_b, span_b, max_block=TEMPLATE_SLOT, slot=TEMPLATE_SLOT_ALIGNED))


# kinds of limit: "trong thời hạn 15 ngày", "chậm nhất 15 ngày", "không quá 15 ngày" and "là 15 ngày" all set the
# most that is allowed; "từ đủ 18 tuổi", "ít nhất" the least; a range is a range
_BOUND_FAMILY = {"eq": "upper", "max": "upper", "deadline": "upper", "min": "lower", "range": "range"}


def _workday_span_differs(qa: Quantity, qb: Quantity) -> bool:
    """Working days against calendar days ("07 ngày làm việc" / "mười lăm ngày"): a clash only when no calendar span of
    that many working days can match — fewer calendar days than working days, or more than the working days with
    their weekends (× 7/5) and a few holidays (+ 3). False for any other pair of units."""
    if {qa.cat, qb.cat} != {"duration", "workday"}:
        return False
    w, d = (qa, qb) if qa.cat == "workday" else (qb, qa)
    return d.hi < w.hi or d.hi > w.hi * 1.4 + 3


def _age_floor(qa: Quantity, qb: Quantity) -> bool:
    """An age stated as a value against an age floor ("Tuổi … vào học lớp một là 06 tuổi" / "… phải đủ bảy tuổi"): the
    value is the age at which the rule starts to apply, so it is compared with the floor (they clash when the value
    lies below it; ``_agree``)."""
    return qa.cat == qb.cat == "age" and {qa.bound, qb.bound} == {"eq", "min"}


def _same_limit_kind(qa: Quantity, qb: Quantity) -> bool:
    return _BOUND_FAMILY.get(qa.bound, qa.bound) == _BOUND_FAMILY.get(qb.bound, qb.bound)


def _masked(text_lc: str) -> str:
    return _NUM_MASK_RE.sub("N", text_lc).strip()


def clause_similarity(ta: str, tb: str) -> float | None:
    """Cosine of the e5 query embeddings of two clauses with their numbers masked; None without an encoder.
    Vectors are cached by text. Each clause is encoded alone: a batch pads its texts to one length, which moves the
    vector in the last digits, so a clause's vector (and a finding's confidence) would depend on which clause it
    happened to be encoded with — on the order pairs are checked in (a resumed or parallel batch run)."""
    enc = _clause_encoder()
    if enc is None:
        return None
    ka, kb = _masked(ta), _masked(tb)
    for k in dict.fromkeys((ka, kb)):
        if k not in _sim_cache:
            try:
                v = np.asarray(enc([k]), dtype=np.float32)[0]
            except Exception:
                return None
            _sim_cache[k] = v / (np.linalg.norm(v) or 1.0)
    return float(_sim_cache[ka] @ _sim_cache[kb])
