"""Which provisions an extractive answer cites, in which order (``_select``): the retriever's top in-force
hit, binding provisions before guidance, near ties by legal force, amending provisions after the amended one,
further provisions only when nearly as strong; steps of a guide (``_select_steps``); one more provision that clashes
on the value asked (``_add_clashing``).

Does not write the answer text (``extractive``).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answering.cited_conflicts import find_cited_conflicts
from assistant.answering.collection import _amender_keys, _provision_key, binding_rank, is_guidance, provision_refs
from assistant.answering.followup import _ASKS_RE
from assistant.answering.passages import (MAX_QUOTE_CHARS, VALUE_CUES, VALUE_UNIT_REL_COVERAGE, Passage, _units,
                                         best_passage, states_value)
from assistant.answering.prepared import RETRIEVE_K, Prepared
from assistant.answering.question import term_asked
from assistant.answering.regimes import REGIME_CHECK_K, _groups_named, subject_mismatch
from assistant.answering.scope import guiding_kind, guiding_rank, names_place
from assistant.answering.terms import _coverage, _nfc, _terms
from assistant.records import Chunk, Hit

MAX_CITATIONS = 3

# Extractive selection: a further provision is cited only if it was retrieved nearly as strongly as the
# first one (fused score ≥ SECONDARY_REL_FUSED × top) and its best passage covers the question nearly as
# well (coverage ≥ SECONDARY_MIN_COVERAGE and ≥ SECONDARY_REL_COVERAGE × the first one's).
# Tuned on ALQAC dev (citation precision 0.899 / recall 0.906, 1.08 citations per answer).
SECONDARY_MIN_COVERAGE = 0.5
SECONDARY_REL_COVERAGE = 0.95
SECONDARY_REL_FUSED = 0.8
# … and only if the retriever's reranker scores it within this margin of the first one (rerank score units):
# further citations the reranker ranks far below the first were almost never gold. Tuning sets (P / R), none →
# 3.0 → 2.0 → 1.5: ALQAC dev 0.906/0.926 → 0.920/0.926 → 0.920/0.917 → 0.920/0.912; Pháp điển training
# questions 0.697/0.739 → 0.723/0.739 → 0.753/0.739 → 0.772/0.739. 2.0: most of the precision, little recall lost.
SECONDARY_MAX_RERANK_MARGIN = 2.0
# … and within this narrower margin for a provision of another legal document of the same force as a cited one
# (``_parallel_document``: another law beside a law on ALQAC, another đề mục's Luật beside a Luật on Pháp điển). Two
# documents of one rank that are not one document mostly govern two regimes written with the same sentence
# (``doc_relations``); reranked a little below the first, such a provision is the parallel rule of the other regime,
# not part of the answer ("… niêm yết bản chính ở đâu?": Điều 179 Bộ luật Tố tụng dân sự first, Điều 108 Luật Tố tụng
# hành chính 1.04 below; "Người bị tạm giữ khiếu nại lần đầu …": the Luật Thi hành tạm giữ, tạm giam first, the Luật
# Khiếu nại 1.34 and 1.60 below). A decree, circular or local act beside a law (the sample's Quyết định 1234 beside
# Nghị định 42) keeps the wider margin: it details or applies the same rule. Training questions (phapdien_train …
# train4): such seconds were right 2 times, at margins 0.43 and 0.55, and wrong 6 times (4 of them beside a right
# first), at 0.03, 0.67 and 1.34–1.61; 0.75 keeps both right ones and drops 4 of the 6 wrong ones.
SECONDARY_OTHER_DOC_MAX_RERANK_MARGIN = 0.75
# A statement to judge or options to choose (exam kinds): a further provision whose best passage covers the question
# clearly better than the first one's (coverage ≥ the first's + COVERS_BETTER_GAIN and ≥ COVERS_BETTER_MIN_COVERAGE),
# retrieved nearly as strongly (SECONDARY_REL_FUSED) and reranked at most COVERS_BETTER_MAX_RERANK_MARGIN below the
# first, is cited too (one such at most): the reranker ranked the provision the statement retells second ("… cha mẹ không
# có nghĩa vụ phải bồi thường thiệt hại": Điều 74 first, Điều 37 «… 5. Nghĩa vụ bồi thường thiệt hại do con gây ra …»
# second, 2.25 below). Not for open questions: on the Pháp điển training questions such further provisions were almost
# never gold (0 of 15 at these thresholds).
COVERS_BETTER_GAIN = 0.1
COVERS_BETTER_MIN_COVERAGE = 0.3
COVERS_BETTER_MAX_RERANK_MARGIN = 3.0
# A provision of another document that states a different value of the kind asked (deadline, fee, age, penalty)
# is cited (and the clash flagged) when its passage covers the question at least this much (the refusal
# threshold, MIN_COVERAGE): the clash check itself requires the two passages to be about the same matter.
CLASH_MIN_COVERAGE = 0.40

# The provision cited first is the retriever's first in-force hit. (Until 27/11 the answer layer re-sorted the
# first 3 hits by fused score + lexical coverage of the question; since retrieval has its own feature reranker that
# only cost accuracy: ALQAC dev P / R 0.905 / 0.920 → 0.906 / 0.926, Pháp điển training questions 0.693 / 0.713 →
# 0.697 / 0.739 without it.)

# When the top hit is guidance (handbook, FAQ, hướng dẫn: not a legal normative document), a binding
# provision retrieved with fused score ≥ BINDING_MIN_REL_FUSED × top is cited before it when its passage
# covers the question at least BINDING_REL_SCORE × as well (coverage + cue bonus) as the guidance passage.
BINDING_MIN_REL_FUSED = 0.7
LOCAL_RANK = 7  # ``binding_rank`` of a local document (a province's Quyết định): binds only in that province
# a legal provision that clashes with the handbook / FAQ passage an answer leads with (``_add_clashing``): the clash
# found between them is the evidence that they speak of the same matter, so a weaker retrieval score suffices than for
# a provision merely preferred over the guide ("Học sinh 15 tuổi có tự nộp hồ sơ trực tuyến được không?": the guide
# says 16 tuổi and ranks first, the Law's "từ đủ 14 tuổi" scores 0.69 × the guide's)
GUIDE_CLASH_MIN_REL_FUSED = 0.5
# … and one that states the very figure the guide's quote states ("3.000 đồng/trang" in both): that agreement is
# the same kind of evidence as a clash, so the same weaker retrieval score suffices (the sample's follow-up "phí bao
# nhiêu?": the decree's fee article scores 0.70 × the guide's, 0.697 or 0.703 depending on the query encoder's
# rounding)
GUIDE_AGREE_MIN_REL_FUSED = GUIDE_CLASH_MIN_REL_FUSED
BINDING_REL_SCORE = 0.6
BINDING_BAND = 0.85  # among binding candidates scoring ≥ BINDING_BAND × the best, the highest legal force wins
# Near tie in retrieval: a further provision whose fused score is ≥ TIE_REL_FUSED × top's is cited when its
# passage covers the question ≥ SECONDARY_REL_COVERAGE × as well, even below SECONDARY_MIN_COVERAGE.
TIE_REL_FUSED = 0.95
# a provision stating the value asked replaces a first one that states none when its passage covers the question at
# least this share as well (``_value_answer``): the share a value unit needs inside one provision
VALUE_SWAP_REL_COVERAGE = VALUE_UNIT_REL_COVERAGE


def _amending_hit(chunk: Chunk, hits: list[tuple[Hit, bool | None]], amenders: dict[str, Hit]) -> Hit | None:
    """The in-force provision that amended ``chunk`` ("Điều 1 Nghị định số 87/2025/NĐ-CP"): a retrieved one,
    else the one :func:`_collection_amenders` found in the collection."""
    for key in _amender_keys(chunk):
        for h, inf in hits:
            if inf is not False and _provision_key(h.chunk) == key:
                return h
    return amenders.get(chunk.id)


# "Ai có thẩm quyền quyết định …?", "Cơ quan nào có thẩm quyền cấp …?": "có thẩm quyền" frames the who asked, it is
# not the matter; kept, its words favour a unit naming an unnamed body ("4. Bộ trưởng … các cấp bậc còn lại hoặc báo cáo
# cấp có thẩm quyền quyết định.") over the one stating who decides the case asked ("1. … Chỉ huy trưởng Bộ Chỉ huy quân
# sự cấp tỉnh quyết định giải ngạch sĩ quan dự bị cấp úy.")
_WHO_FRAME_RE = re.compile(r"\b(ai|(?:cơ quan|cấp|người|đơn vị|chủ thể) nào)\s+có\s+thẩm\s+quyền\b", re.I)


def _question_terms(p: Prepared) -> tuple[set[str], set[str]]:
    """Terms passages are matched against: the question stem (without the frame of a who asked, ``_WHO_FRAME_RE``),
    plus the options of a multiple-choice question."""
    stem = _WHO_FRAME_RE.sub(r"\1", p.info.stem) if "who" in p.info.cues else p.info.stem
    return _terms(stem if p.info.kind != "choice" else stem + " " + " ".join(p.info.choices.values()))


# an open question asking for several things of a list ("Thẩm phán có các quyền nào?", "những hành vi nào bị cấm?",
# "hồ sơ gồm gì?"): the whole list is the answer, never one of its điểm (``passages.dominant_point``)
_PLURAL_ASK_RE = re.compile(r"\b(?:các|những)\s+(?:\w+\s+){0,3}?(?:gì|nào)\b|\bgồm\b", re.I)


def _point_policy(p: Prepared) -> dict[str, bool]:
    """How ``passages.best_passage`` quotes a list of điểm for this question: ``one_point``, one điểm may answer it (a
    statement to judge, an open question not asking for several things, ``_PLURAL_ASK_RE``); ``whole_points``, options
    to choose from, which span the list: a điểm that won is quoted with every other."""
    stem = p.info.stem or p.standalone
    one = p.info.kind == "yesno" or (p.info.kind == "open" and not _PLURAL_ASK_RE.search(stem))
    return {"one_point": one, "whole_points": p.info.kind == "choice"}


def _quoted(hit: Hit, qterms: tuple[set[str], set[str]], p: Prepared) -> Passage:
    """``best_passage`` of ``hit`` for the question ``p``, its list of điểm quoted as ``_point_policy`` says."""
    return best_passage(hit, qterms, p.info.cues, **_point_policy(p))


def _covers_better(p: Prepared, c: Passage, top: Passage, lead: Hit) -> bool:
    """Is ``c`` a provision a statement to judge (or the options) retells clearly better than the first provision
    ``top`` does, retrieved nearly as strongly and not reranked far below ``lead`` (``COVERS_BETTER_*``)?"""
    if p.info.kind not in ("yesno", "choice"):
        return False
    a, b = lead.scores.get("rerank"), c.hit.scores.get("rerank")
    if a is None or b is None or a - b > COVERS_BETTER_MAX_RERANK_MARGIN:
        return False
    return (float(c.hit.score) >= SECONDARY_REL_FUSED * max(float(top.hit.score), 1e-9)
            and c.coverage >= max(COVERS_BETTER_MIN_COVERAGE, top.coverage + COVERS_BETTER_GAIN))


def _far_below(h: Hit, top: Hit, margin: float = SECONDARY_MAX_RERANK_MARGIN) -> bool:
    """Does the retriever's reranker score ``h`` more than ``margin`` (``SECONDARY_MAX_RERANK_MARGIN``) below
    ``top``?"""
    a, b = top.scores.get("rerank"), h.scores.get("rerank")
    return a is not None and b is not None and a - b > margin


def _parallel_document(c: Passage, chosen: list[Passage]) -> bool:
    """Is ``c`` a provision of a legal document (not a guide, rank known) not cited yet, of the same legal force
    (``binding_rank``) as a provision cited already?"""
    r = binding_rank(c.hit.chunk)
    return (r < 8 and all(x.hit.chunk.doc_id != c.hit.chunk.doc_id for x in chosen)
            and any(binding_rank(x.hit.chunk) == r for x in chosen))


# Near ties are cited by legal force (a Luật before its Nghị định, before its Thông tư) — but not a provision of the first
# one's own document (a Pháp điển đề mục holds the Luật with its decrees and circulars on one matter) that the reranker
# scores more than this below the first: there the reranker has told the rule from the detail asked ("Ai cấp giấy phép
# hoạt động cho điểm sơ cấp cứu chữ thập đỏ?": Thông tư 17/2014 Điều 5, the answer, first; Nghị định 03/2011 Điều 12,
# 1.04 below, no longer before it). Training questions (phapdien_train … train8): the provision cited first changes in
# 7 answers, to the right one in 3 (a wrong decree led them), never away from a right one (3 with no right provision,
# 1 with both right); the one answer a reordered decree led rightly had it 0.37 below.
TIE_SAME_DOC_MAX_RERANK_MARGIN = 0.5


def _outranked_in_document(c: Passage, top: Passage) -> bool:
    """Is ``c`` a provision of higher legal force than the first one ``top``, of the same document, that the
    reranker scores more than ``TIE_SAME_DOC_MAX_RERANK_MARGIN`` below it? (Then it is not cited before ``top``.)"""
    return (c is not top and c.hit.chunk.doc_id == top.hit.chunk.doc_id
            and binding_rank(c.hit.chunk) < binding_rank(top.hit.chunk)
            and _far_below(c.hit, top.hit, TIE_SAME_DOC_MAX_RERANK_MARGIN))


# articles on a text's scope or its terms: they say what the text covers or what a word means, not a rule. Cited as a
# further provision only when the question asks that (scope: "phạm vi", "áp dụng", "đối tượng"; a definition: "là gì")
_SCOPE_TITLE_RE = re.compile(r"phạm vi điều chỉnh|đối tượng áp dụng|đối tượng điều chỉnh", re.I)
_DEFINITIONS_TITLE_RE = re.compile(r"giải thích từ ngữ|giải thích thuật ngữ", re.I)
# a question about what a text covers: its scope article answers it ("Luật Lý lịch tư pháp quy định về những nội dung
# gì?")
_SCOPE_Q_RE = re.compile(r"phạm vi|áp dụng|đối tượng|điều chỉnh|quy định (?:về )?(?:những )?(?:nội dung|vấn đề) (?:gì|nào)"
                         r"|quy định về (?:những )?(?:gì|điều gì)")


def _defining_passage(cands: list[Passage], cues: list[str]) -> Passage | None:
    """The first candidate whose quote holds the line defining the term a definition question asks (cue
    "defines:<term>", ``question.term_asked``; ``definitions.defines``), or None."""
    from assistant.definitions import defines

    term = term_asked(cues)
    if not term:
        return None
    # the term as asked first, then another form of it (``definitions.term_matches``)
    for loose in (False, True):
        found = next((c for c in cands if defines(re.split(r"\n| … ", c.quote), term, loose)), None)
        if found is not None:
            return found
    return None


def _framing_article(chunk: Chunk, question: str, cues: list[str]) -> bool:
    """Is ``chunk`` a scope or definitions article that the question does not ask about?"""
    title = _nfc(chunk.article_title or "")
    if _SCOPE_TITLE_RE.search(title):
        return not _SCOPE_Q_RE.search(question.lower())
    if _DEFINITIONS_TITLE_RE.search(title):
        return "definition" not in cues
    return False


def _tells_value(quote: str, cue: str, cues: list[str], qterms: tuple[set[str], set[str]]) -> bool:
    """``states_value``, where a fee or fine asked as an amount ("lệ phí … giảm bao nhiêu?") is stated as a sum of money
    or as a share of another amount ("bằng 50% mức thu lệ phí đối với hồ sơ nộp trực tiếp")."""
    return states_value(quote, cue, cues, qterms) or (
        cue in ("fee", "penalty") and "amount" in cues and states_value(quote, "percent", cues, qterms))


def _value_answer(p: Prepared, cands: list[Passage], top: Passage) -> Passage | None:
    """A value asked alone (deadline, age, fee, penalty, a share or a count: "… thì giấy phép còn giá trị bao lâu?",
    "… ít nhất mấy người?") and the first provision's passage states none as a number: a provision retrieved nearly
    as strongly (``SECONDARY_REL_FUSED``, not reranked far below, among the first ``REGIME_CHECK_K``) whose passage
    states one and covers the question at least ``VALUE_SWAP_REL_COVERAGE`` × as well answers instead ("Điều kiện tổ chức trại sáng tác" has no validity period;
    "Cấp giấy phép tổ chức trại sáng tác" says "có hiệu lực trong thời gian 12 tháng"). Open questions only."""
    q_stem = (p.info.stem or p.standalone).lower()
    if p.info.kind != "open" or len(_ASKS_RE.findall(q_stem)) > 1:
        return None
    asked = [c for c in p.info.cues if c in VALUE_CUES or c in ("count", "percent")]
    qterms = _question_terms(p)
    if not asked or any(states_value(top.quote, c, p.info.cues, qterms) for c in asked):
        return None
    top_score = max(float(top.hit.score), 1e-9)
    return next((c for c in cands[1:REGIME_CHECK_K] if c.hit.chunk.doc_id == top.hit.chunk.doc_id
                 and any(states_value(c.quote, cue, p.info.cues, qterms) for cue in asked)
                 and float(c.hit.score) >= SECONDARY_REL_FUSED * top_score and not _far_below(c.hit, top.hit)
                 and c.coverage >= VALUE_SWAP_REL_COVERAGE * top.coverage), None)


# article titles that announce the answer to a kind of question: the dossier ("Hồ sơ thực hiện trợ cấp …"), the
# deadline ("Thời hạn giải quyết …"), the fee ("Lệ phí …"). ("Who" is left out: "đơn vị nào chủ trì …" is rarely
# answered by an article titled "Thẩm quyền …" — Pháp điển train2.)
_ASK_TITLE_RES = {
    "dossier": re.compile(r"^(?:thành phần )?hồ sơ\b|^giấy tờ\b", re.I),
    "time": re.compile(r"^thời hạn\b", re.I),
    "fee": re.compile(r"^(?:lệ phí|phí|mức thu)\b", re.I),
}
# the dossier itself asked ("cần nộp giấy tờ gì?", "hồ sơ gồm những gì?"), not a question that merely mentions one
# ("danh sách, hồ sơ gửi về đâu?")
_DOSSIER_ASK_RE = re.compile(r"(?:giấy tờ|hồ sơ|tài liệu)\s+(?:gì|nào)|(?:gồm|cần|nộp|kèm|có)\s+(?:những\s+)?(?:gì|giấy tờ|hồ "
                             r"sơ)\b|những giấy tờ|thành phần hồ sơ")


def asked_title_re(info: Any, standalone: str) -> re.Pattern[str] | None:
    """The title pattern of an article written for the one thing an open question asks (the dossier: "Hồ sơ …" when
    the dossier itself is asked, ``_DOSSIER_ASK_RE``), or None."""
    q_stem = (info.stem or standalone).lower()
    if info.kind != "open" or len(_ASKS_RE.findall(q_stem)) > 1:
        return None
    if "dossier" in info.cues and _DOSSIER_ASK_RE.search(q_stem):
        return _ASK_TITLE_RES["dossier"]
    return None


def _titled_answer(p: Prepared, cands: list[Passage], top: Passage) -> Passage | None:
    """One thing asked (the dossier, the deadline, the fee) and the first provision's title does not announce it
    while a provision of the same đề mục retrieved nearly as strongly (fused score ≥ ``SECONDARY_REL_FUSED`` × the
    first's, among the first ``REGIME_CHECK_K``; the title is the evidence, so the reranker margin is not applied) is
    titled for it ("… cần nộp giấy tờ gì?": "Hồ sơ thực hiện trợ cấp xã hội hàng tháng …" rather than "Thủ tục thực
    hiện, điều chỉnh, thôi hưởng trợ cấp …"): that one answers first. Open questions asking one thing only."""
    q_stem = (p.info.stem or p.standalone).lower()
    if p.info.kind != "open" or len(_ASKS_RE.findall(q_stem)) > 1:
        return None
    asked = [c for c in p.info.cues if c in _ASK_TITLE_RES]
    if len(asked) != 1 or (asked[0] == "dossier" and not _DOSSIER_ASK_RE.search(q_stem)):
        return None
    rx = _ASK_TITLE_RES[asked[0]]
    top_title = _nfc(top.hit.chunk.article_title or "").strip()
    if rx.search(top_title):
        return None
    top_score = max(float(top.hit.score), 1e-9)
    q_bi = _terms(q_stem)[1]
    named = q_bi & _terms(top_title)[1]  # what the question asks about, named by the first provision's title
    return next((c for c in cands[1:REGIME_CHECK_K] if c.hit.chunk.doc_id == top.hit.chunk.doc_id
                 and rx.search(_nfc(c.hit.chunk.article_title or "").strip())
                 and float(c.hit.score) >= SECONDARY_REL_FUSED * top_score
                 # "Giấy phép … được cấp lại … thì thời hạn … là bao lâu?": the first provision is titled "Cấp lại
                 # giấy phép", the other "Thời hạn của giấy phép" (of a licence first granted): the title naming the
                 # question's matter ("cấp lại") outweighs the one naming only the kind of answer
                 and named <= _terms(c.hit.chunk.article_title or "")[1]), None)


_FIGURE_RE = re.compile(r"\d[\d.,]*\d")  # a figure of two digits or more ("3.000", "15", "0,5")


def _same_figure(a: str, b: str) -> bool:
    """The two quotes state a common figure of two digits or more ("3.000 đồng/trang" in both)."""
    return bool(set(_FIGURE_RE.findall(a)) & set(_FIGURE_RE.findall(b)))


def _local_act_not_asked(chunk: Chunk, question: str) -> bool:
    """``chunk`` is a province's own act (``LOCAL_RANK``) and ``question`` names no province or city: the act binds only
    there, so it does not lead over a national guide (it is cited after, its clash flagged)."""
    return binding_rank(chunk) == LOCAL_RANK and not names_place(question)


def _select(p: Prepared) -> list[Passage]:
    """Provisions to cite, in citation order.

    1. The retriever's top in-force hit; if it is guidance, the best binding provision among the next hits goes first
       when retrieved nearly as strongly (``BINDING_MIN_REL_FUSED``) and its passage scores
       ≥ ``BINDING_REL_SCORE`` × the guidance passage (and states the same kind of value: deadline, fee…) —
       unless the guidance quote names its legal basis and the collection holds it in force: that goes first.
    2. Further provisions only when retrieved nearly as strongly, covering the question nearly as well and
       not reranked far below the first (``SECONDARY_*``), at most ``MAX_CITATIONS``.
    3. A cited provision amended by a retrieved provision brings the amending provision right after it.
    4. Binding provisions first (Luật > Nghị định > Thông tư > local documents > guidance), retrieval order
       within a rank. An expired provision is never preferred: it is cited last (and flagged) only when it
       was the strongest hit, e.g. the question names the expired document.
    """
    qterms = _question_terms(p)
    if p.steps:
        return _select_steps(p, qterms)
    # a provision the text keeps only as a trace of its repeal ("(Bị bãi bỏ)": ``Validity.repealed``) is never quoted;
    # the answer says it was repealed when the question is about it (``_asked_repealed``)
    quotable = [x for x in p.ordered if not x[0].chunk.validity.repealed]
    live = [x for x in quotable if x[1] is not False] or quotable
    cands = [_quoted(h, qterms, p) for h, _ in live[:RETRIEVE_K]]
    # Only questions (FAQ headings, self-test lists): nothing to quote.
    cands = [c for c in cands if not c.quote.rstrip().endswith("?")] or cands
    if not cands:
        stub = _asked_repealed(p, qterms, None)
        return [stub] if stub is not None else []
    top = cands[0]
    q_text = p.info.stem or p.standalone
    definer = _defining_passage(cands, p.info.cues)
    if definer is not None:
        # "Thế nào là khiếu nại?": the provision whose quoted line defines the term asked answers, before a provision
        # that uses the term more ("Rút khiếu nại") — the checks below move a better-fitting provision first, never this
        cands = [definer] + [c for c in cands if c is not definer]
        top = definer
    elif p.info.kind == "open" and _framing_article(top.hit.chunk, q_text, p.info.cues):
        # the strongest hit says what the text covers ("Đối tượng áp dụng", "Giải thích từ ngữ"), which was not asked:
        # a rule retrieved nearly as strongly (``BINDING_MIN_REL_FUSED``, not reranked far below) answers instead
        # (open questions only: a statement to judge often restates a definition)
        rule = next((c for c in cands[1:REGIME_CHECK_K] if not _framing_article(c.hit.chunk, q_text, p.info.cues)
                     and float(c.hit.score) >= BINDING_MIN_REL_FUSED * max(float(top.hit.score), 1e-9)
                     and not _far_below(c.hit, top.hit)), None)
        if rule is not None:
            cands = [rule] + [c for c in cands if c is not rule]
            top = rule
    gap = subject_mismatch(p.info.stem or p.standalone, top.hit.chunk) if definer is None else None
    if gap is not None:
        # the best provision is for another regime ("viên chức", "khiếu nại") while a close one names the one asked
        asked = gap[0]
        match = next((c for c in cands[1:REGIME_CHECK_K] if set(asked) & set(_groups_named(c.hit.chunk))
                      and float(c.hit.score) >= SECONDARY_REL_FUSED * max(float(top.hit.score), 1e-9)), None)
        if match is not None:
            cands = [match] + [c for c in cands if c is not match]
            top = match
    value = (_value_answer(p, cands, top) or _titled_answer(p, cands, top)) if definer is None else None
    if value is not None:
        cands = [value] + [c for c in cands if c is not value]
        top = value
    keys = {(top.hit.chunk.law_id, top.hit.chunk.article_id)}
    q_stem = p.info.stem or p.standalone
    top_fits = subject_mismatch(q_stem, top.hit.chunk) is None
    top_score = max(float(top.hit.score), 1e-9)
    binding: Passage | None = None
    if is_guidance(top.hit.chunk):
        # the guidance quote names its legal basis: cite that provision first
        # (only a provision retrieval also returned: a guide's intro names the fee article, which does not make it
        # the answer to "các bước …")
        named = p.basis.get(top.hit.chunk.id, {})
        retrieved = {_provision_key(h.chunk) for h, _ in live}
        basis = next((named[k] for k in provision_refs(top.quote) if k in named and k in retrieved), None)
        if basis is not None:
            binding = _quoted(basis, qterms, p)
        need = top.cues & VALUE_CUES  # the guidance quote states a deadline / fee / age: so must the provision
        ok = [c for c in cands[1:] if not is_guidance(c.hit.chunk) and not _local_act_not_asked(c.hit.chunk, q_stem)
              and float(c.hit.score) >= (GUIDE_AGREE_MIN_REL_FUSED if need and _same_figure(top.quote, c.quote)
                                         else BINDING_MIN_REL_FUSED) * top_score
              and c.score >= BINDING_REL_SCORE * top.score and need <= c.cues]
        # the guide states the asked value as a number ("Trực tuyến toàn trình | 50% mức thu"): a provision that only
        # names the matter ("được giảm phí, lệ phí theo quy định của Chính phủ") does not answer "giảm bao nhiêu?" —
        # those stating a number are preferred, when there are any
        told = {cue for cue in need if _tells_value(top.quote, cue, p.info.cues, qterms)}
        if told and (valued := [c for c in ok if any(_tells_value(c.quote, cue, p.info.cues, qterms) for cue in told)]):
            ok = valued
        if ok and binding is None:
            best = max(c.score for c in ok)
            band = [c for c in ok if c.score >= BINDING_BAND * best]  # about as relevant: higher legal force wins
            binding = min(band, key=lambda c: (binding_rank(c.hit.chunk), -c.score))
    chosen = [binding, top] if binding else [top]
    if binding:
        keys.add((binding.hit.chunk.law_id, binding.hit.chunk.article_id))
        if top.coverage < SECONDARY_REL_COVERAGE * binding.coverage:
            chosen = [binding]  # the guidance top answers the question less well than the provision: not cited
    # the margin is measured from the best-scored provision actually cited (a guidance top not cited does not count)
    lead = max(chosen, key=lambda c: c.hit.scores.get("rerank", float("-inf"))).hit
    # a value asked alone ("… thì bao lâu được cấp?"); not when the question also asks another thing ("xin cấp lại ở
    # đâu và bao lâu thì có?": a provision saying where is an answer too)
    asked_values = {cue for cue in p.info.cues if cue in VALUE_CUES} if (
        p.info.kind == "open" and len(_ASKS_RE.findall(q_stem.lower())) <= 1) else set()
    better_left = 1  # further provisions cited only because they cover the statement better (``_covers_better``)
    for c in cands[1:5]:
        if len(chosen) >= MAX_CITATIONS:
            break
        key = (c.hit.chunk.law_id, c.hit.chunk.article_id)
        better = bool(better_left) and _covers_better(p, c, top, lead)
        if key in keys or (_far_below(c.hit, lead) and not better):
            continue
        if not better and _parallel_document(c, chosen) and _far_below(c.hit, lead, SECONDARY_OTHER_DOC_MAX_RERANK_MARGIN):
            continue  # another document of the same force reranked below the first: a parallel rule, not the answer
        if top_fits and subject_mismatch(q_stem, c.hit.chunk) is not None:
            continue  # the first provision is for the regime asked; one for another regime adds nothing
        if _framing_article(c.hit.chunk, q_stem, p.info.cues):
            continue  # "Phạm vi điều chỉnh", "Giải thích từ ngữ" after the rule: not asked, adds nothing
        if asked_values and top.cues & asked_values and not c.cues & asked_values:
            continue  # a value is asked (deadline, fee, age, penalty) and the first quote states one: this one does not
        rel = float(c.hit.score) / top_score
        rel_cov = c.coverage >= SECONDARY_REL_COVERAGE * top.coverage
        near = not _far_below(c.hit, lead) and (
            (rel >= SECONDARY_REL_FUSED and c.coverage >= SECONDARY_MIN_COVERAGE and rel_cov) or (
                rel >= TIE_REL_FUSED and rel_cov))
        if near or better:
            chosen.append(c)
            keys.add(key)
            if not near:
                better_left -= 1
    # Citation order: the binding provision preferred over a guidance top first; binding before guidance;
    # provisions in a near tie with the top by legal force (Luật > Nghị định > Thông tư > local), the rest
    # in retrieval order; an amending provision right after the amended one.
    # a guiding text asked ("… theo nghị định hướng dẫn …"): its provisions first, whatever the law's force
    guided = guiding_kind(q_stem)

    def sort_key(c: Passage) -> tuple[int, ...]:
        tie = float(c.hit.score) >= TIE_REL_FUSED * top_score and not _outranked_in_document(c, top)
        if definer is not None:  # a definition question: the provision defining the term first, whatever its force
            return (int(c is not top), int(is_guidance(c.hit.chunk)), 0 if tie else 1,
                    binding_rank(c.hit.chunk) if tie else 0, c.hit.rank or 0)
        return (guiding_rank(c.hit.chunk, guided), int(c is not binding), int(is_guidance(c.hit.chunk)), 0 if tie else 1,
                binding_rank(c.hit.chunk) if tie else 0, int(c is not top), c.hit.rank or 0)

    order: list[tuple[tuple[float, ...], Passage]] = [(tuple(map(float, sort_key(c))), c) for c in chosen]
    for k_, c in list(order):
        am = _amending_hit(c.hit.chunk, live, p.amenders)
        if am is not None and (am.chunk.law_id, am.chunk.article_id) not in keys:
            order.append(((*k_[:-1], k_[-1] + 0.5), _quoted(am, qterms, p)))
            keys.add((am.chunk.law_id, am.chunk.article_id))
    order.sort(key=lambda t: t[0])
    out = [c for _, c in order]
    stub = _asked_repealed(p, qterms, top)
    if stub is not None:  # said first when its title is what the question asks about, else after the quotes
        out.insert(0 if stub.coverage >= REPEALED_LEAD_COVERAGE else len(out), stub)
        keys.add((stub.hit.chunk.law_id, stub.hit.chunk.article_id))
    if p.only_expired:
        return out
    # Expired provisions: never first; cited last (flagged) when the strongest hit overall, or when they
    # pass the same secondary thresholds as in-force ones.
    for h, inf in p.ordered[:8]:
        if inf is not False or len(out) >= MAX_CITATIONS + 1 or (h.chunk.law_id, h.chunk.article_id) in keys:
            continue
        if h.chunk.validity.repealed:
            continue  # nothing to quote; said by ``_asked_repealed`` when asked
        c = _quoted(h, qterms, p)
        strongest = h is (p.hits[0] if p.hits else None)
        if strongest or (h.rank or 99) <= 5 and float(h.score) >= SECONDARY_REL_FUSED * top_score and (
                not _far_below(h, top.hit)) and (
                c.coverage >= SECONDARY_MIN_COVERAGE and c.coverage >= SECONDARY_REL_COVERAGE * top.coverage):
            out.append(c)
            keys.add((h.chunk.law_id, h.chunk.article_id))
    return out


# A provision kept only as a trace of its repeal whose title covers the question at least this much is what the question
# asks about: the answer says first that it was repealed ("Kinh doanh dịch vụ đòi nợ cần điều kiện gì?" 0.76 against
# the title "Điều kiện về an ninh, trật tự đối với kinh doanh dịch vụ đòi nợ"); below, it is said after the quotes
# ("Kinh doanh karaoke cần điều kiện gì về an ninh, trật tự?" 0.68: karaoke is not named). Set on these two questions,
# not tuned on an evaluation set.
REPEALED_LEAD_COVERAGE = 0.75


def _asked_repealed(p: Prepared, qterms: tuple[set[str], set[str]], top: Passage | None) -> Passage | None:
    """The repealed provision the question is about, as a passage with nothing quoted (the answer says it was
    repealed, :func:`validity.repeal_notice`): the retriever's strongest hit is a provision the text keeps only as a
    trace of its repeal (``Validity.repealed``) and its title covers the question at least as well as the first quoted
    passage ``top`` (None: nothing else to quote) covers it. Its coverage is its title's. A repealed khoản (a khoản
    chunk) is said whatever its title covers, after the quotes when there are any."""
    h = p.hits[0] if p.hits else None
    if h is None or not h.chunk.validity.repealed:
        return None
    cov = _coverage(qterms, _terms(h.chunk.article_title or ""))
    if h.chunk.clause:
        # a repealed khoản ("10. (được bãi bỏ)"): its article's title does not say the question is about that khoản,
        # so it never leads; being the strongest hit, it is said after the quotes (its article's other khoản stay in
        # force and may be what is quoted)
        cov = min(cov, top.coverage, REPEALED_LEAD_COVERAGE - 1e-9) if top is not None else cov
    elif top is not None and cov < top.coverage:
        return None
    return Passage(hit=h, quote="", score=cov, coverage=cov)


def _select_steps(p: Prepared, qterms: tuple[set[str], set[str]]) -> list[Passage]:
    """"Các bước …?" answered by a guide written step by step: every step in order, each quoted whole (cut at
    ``MAX_QUOTE_CHARS``), then the best legal provision retrieved nearly as strongly as the top, as the legal basis."""
    out = []
    for h in p.steps:
        text = " ".join(_units(h.chunk))
        if len(text) > MAX_QUOTE_CHARS:
            text = text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
        out.append(Passage(hit=h, quote=text, score=0.0, coverage=_coverage(qterms, _terms(text))))
    ids = {h.chunk.id for h in p.steps}
    live = [h for h, inf in p.ordered if inf is not False]
    top_score = max((float(h.score) for h in live[:1]), default=0.0)
    basis = next((h for h in live[:RETRIEVE_K] if h.chunk.id not in ids and not is_guidance(h.chunk)
                  and float(h.score) >= BINDING_MIN_REL_FUSED * top_score), None)
    if basis is not None:
        out.append(_quoted(basis, qterms, p))
    return out


# an obligation asked of an act ("… có phải nộp bản sao có chứng thực không?", "… có bắt buộc …không?"; not "có phải là
# … không?", which asks what a thing is): with a permission asked (cue "permission"), a norm question for ``_add_clashing``
_OBLIGATION_Q_RE = re.compile(r"\b(?:có phải|có bắt buộc|có buộc phải|có cần)\b(?!\s+là\b)[^?]*\bkhông\s*\??\s*$")


def _add_clashing(passages: list[Passage], p: Prepared) -> list[Passage]:
    """Cite one more retrieved provision when it clashes with a cited one on the value the question asks for.

    An official asking for a deadline, fee, age or penalty must be warned when another in-force legal document
    among the retrieved provisions (``RETRIEVE_K``) states a different value, even if it ranked lower than the
    cited ones. Only for value questions, only in-force non-guidance provisions of a document not cited yet,
    whose best passage states a value of the kind asked and covers the question at least
    ``CLASH_MIN_COVERAGE``; the clash must be found between the quoted passages
    (:func:`find_cited_conflicts`). At most one provision is added, cited last — except when the answer leads
    with a guidance passage (handbook, FAQ) that the provision clashes with, and the provision was retrieved at
    least ``GUIDE_CLASH_MIN_REL_FUSED`` × as strongly: then it is cited first, quoting the clause of the clash,
    whatever its coverage.
    """
    asked = set(p.info.cues) & VALUE_CUES
    norm = not asked and p.info.kind == "open" and (
        "permission" in p.info.cues or bool(_OBLIGATION_Q_RE.search((p.info.stem or p.standalone).lower())))
    if not passages or not (asked or norm) or p.only_expired:
        return passages
    qterms = _question_terms(p)
    cited_docs = {ps.hit.chunk.doc_id for ps in passages}
    top_score = max(float(passages[0].hit.score), 1e-9)
    for h, inf in p.ordered[:RETRIEVE_K]:
        ch = h.chunk
        if inf is False or ch.doc_id in cited_docs or is_guidance(ch):
            continue
        if norm:
            # may / must one do it: a provision of another legal document saying the opposite of a cited one on that
            # act ("không được yêu cầu nộp bản sao có chứng thực …" / "… vẫn phải nộp bản sao có chứng thực …")
            c = _quoted(h, qterms, p)
            if c.coverage < CLASH_MIN_COVERAGE or c.quote.rstrip().endswith("?"):
                continue
            if any(f.label == "conflict" and f.kind == "modality"
                   for ps in passages if not is_guidance(ps.hit.chunk)
                   for f in find_cited_conflicts([ps.hit.chunk, ch], p.as_of, quotes=[ps.quote, c.quote])):
                return [*passages, c]
            continue
        guide = _guidance_clash(passages[0], ch, p) if (
            is_guidance(passages[0].hit.chunk) and float(h.score) >= GUIDE_CLASH_MIN_REL_FUSED * top_score) else None
        if guide is not None:
            # a handbook / FAQ the answer quotes states another value than a legal document: the legal
            # provision is cited first, quoting the clause where they clash
            c = best_passage(h, qterms, p.info.cues, at=guide)
            if asked & c.cues:
                if _local_act_not_asked(ch, p.info.stem or p.standalone):
                    return [*passages, c]  # the clash is shown, after the answer
                return [c, *passages]
        c = _quoted(h, qterms, p)
        if not (asked & c.cues) or c.coverage < CLASH_MIN_COVERAGE or c.quote.rstrip().endswith("?"):
            continue
        for ps in passages:
            if is_guidance(ps.hit.chunk):
                continue
            found = find_cited_conflicts([ps.hit.chunk, ch], p.as_of, quotes=[ps.quote, c.quote])
            if any(f.label == "conflict" for f in found):
                return [*passages, c]
    return passages


def _guidance_clash(guide: Passage, ch: Chunk, p: Prepared) -> int | None:
    """Where (offset in ``ch.text``) the legal provision ``ch`` clashes with the quoted guidance passage
    ``guide``, as :func:`find_cited_conflicts` sees them (the whole provision against the quote); None if not."""
    found = find_cited_conflicts([ch, guide.hit.chunk], p.as_of, quotes=[_nfc(ch.text), guide.quote])
    spans = next((f.spans_a for f in found if f.label == "conflict" and f.spans_a), None)
    return spans[0][0] if spans else None
