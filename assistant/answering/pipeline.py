"""Core pipeline and public entry points: open the collection's retriever, prepare a question (restore
marks, rewrite a follow-up, analyse, retrieve, decide refusal, validity order, amenders, steps) and compose the
answer extractively or with an LLM: ``answer``, ``astream`` (SSE events), ``build_chain`` (langchain Runnable),
``warm_up``.

Does not build indexes or rank documents (``assistant.retrieval``).
"""

from __future__ import annotations

import asyncio
import inspect
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import MISSING, fields, replace
from datetime import date
from typing import Any, AsyncIterator

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.collection import _collection_amenders, _collection_table, _guidance_basis, _provisions
from assistant.answering.confidence import confidence_features, confident
from assistant.answering.extractive import _extractive
from assistant.answering.followup import is_followup, rewrite_followup, rewrite_with_llm
from assistant.answering.llm import _llm, _llm_finish, _llm_messages, _llm_provisions, get_chat_model, llm_failed
from assistant.answering.parts import Ask, ask_covered, split_asks
from assistant.answering.prepared import RETRIEVE_K, Prepared, Request
from assistant.answering.procedures import (
    _OUTLINE_CACHE,
    _STEPS_CACHE,
    _guide_steps,
    _sections,
    _step_sections,
    _whole_procedure_articles,
    procedure_outline,
    whole_article_first,
)
from assistant.answering.question import analyze_question, passive_of, term_asked
from assistant.answering.listed import LISTED_ONLY_REASON, listed_match
from assistant.answering.refusal import LOW_RELEVANCE_REASON, _refusal, plain_reason, suggestion_hits
from assistant.answering.regimes import regime_gap
from assistant.answering.selection import _framing_article, asked_title_re
from assistant.answering.scope import (
    GUIDING_K, _TITLE_CACHE, _doc_refs, _known_docs, guiding_first, guiding_kind, guiding_rank, local_rule_gap,
    names_held_document, related_to_held, sanction_gap, scope_refusal, source_first, with_law_number,
)
from assistant.answering.status import (
    _DOCS_CACHE, _ENDERS_CACHE, _by_number, _enders, named_document, overview_hits, signer_sentence, status_order,
    status_sentence,
)
from assistant.answering.terms import _nfc
from assistant.answering.validity import _RELATIONS_CACHE, _in_force, source_law_name, superseded_hint
from assistant.doc_relations import DocumentRelations, SupersededHint
from assistant.questions import validity_ask
from assistant.records import Answer, Hit
from assistant.rerank import exam_style
from assistant.story import neutral_text, split_story

_RETRIEVERS: dict[str, Any] = {}
_RETRIEVER_LOCK = threading.Lock()


def _open_retriever(collection: str) -> Any:
    with _RETRIEVER_LOCK:
        if collection not in _RETRIEVERS:
            from assistant.retrieval import HybridRetriever

            _RETRIEVERS[collection] = HybridRetriever.open(collection)
        return _RETRIEVERS[collection]


def _search(retriever: Any, query: str, k: int) -> list[Hit]:
    # No as_of filter on purpose: HybridRetriever drops provisions not in force on as_of, but the answer
    # must be able to fall back to (and flag) expired provisions when nothing in force matches; in-force
    # preference is applied here (see _prepare).
    return list(retriever.search(query, k=k))


def warm_up(retriever: Any) -> None:
    """Build what the first question to a collection would otherwise wait for (≈ 1.5 s on Pháp điển's 42,847
    chunks): the tables over its chunks (document names and years for the scope rule, provisions by number,
    document relations, step sections, procedure sections, documents by number and the provisions ending them) and
    one search (query encoder, keyword index)."""
    if _collection_table(retriever, _TITLE_CACHE, _doc_refs) is None:
        return
    _provisions(retriever)
    _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    _collection_table(retriever, _STEPS_CACHE, _step_sections)
    _collection_table(retriever, _OUTLINE_CACHE, _sections)
    _collection_table(retriever, _DOCS_CACHE, _by_number)
    _collection_table(retriever, _ENDERS_CACHE, _enders)
    if hasattr(retriever, "definitions"):
        retriever.definitions()  # the terms the collection defines (definition questions; ≈ 0.7 s on Pháp điển)
    _search(retriever, "thời hạn giải quyết hồ sơ", RETRIEVE_K)


def _collection_name(retriever: Any) -> str | None:
    try:
        return str(retriever.index.collection)
    except (AttributeError, KeyError, TypeError):
        return None


def _prepare(
    question: str, *, retriever: Any, history: Any, as_of: date | None, chat_model: Any | None,
    k: int, choices: dict[str, str] | None, split: bool = True,
) -> Prepared:
    as_of = as_of or date.today()
    question = _nfc(question).strip()
    # typed without Vietnamese marks ("thoi han nop ho so")? restored from the collection's own text first, so
    # that every later step (follow-ups, kinds of question, clause choice, refusal) reads real words
    restore = getattr(retriever, "restore_marks", None)
    asked = restore(question) if restore is not None and question else question
    if history and chat_model is not None and is_followup(asked):
        standalone = rewrite_with_llm(asked, history, chat_model)
    else:
        standalone = rewrite_followup(asked, history)
    info = analyze_question(standalone, choices)
    asks = split_asks(standalone) if split and chat_model is None and info.kind == "open" else None
    if asks:
        # two things asked ("… gồm những gì và nộp ở đâu?"): each ask prepared on its own (one retrieval each, two for
        # an ask the subject led astray; the whole question is not retrieved); answered when at least one ask is
        # (extractive mode only)
        with ThreadPoolExecutor(max_workers=len(asks)) as pool:  # the asks retrieved side by side
            subs = list(pool.map(lambda a: _prepare_ask(a, retriever=retriever, as_of=as_of, k=k), asks))
        base = next((s for s in subs if not s.refused), None)
        if base is not None:
            return replace(base, question=question, standalone=standalone, info=info,
                           parts=[(a.text, s) for a, s in zip(asks, subs)])
        # no ask answerable on its own: the question as a whole, as for one ask (answered, or refused, as before)
    # a question told as a story ("Anh Nguyễn Văn A sinh ngày … quê ở xã Thanh Cao … Anh A đã đủ tuổi kết hôn, đúng
    # hay sai?"): its refusal confidence is measured on the ask (the last sentence: the question or the statement
    # judged) without its placeholders (names, places, dates: no words of any provision); the story's other words are
    # mostly no words of the provision either. The retriever drops the placeholders from the query too
    # (retrieval.prepare_query) but searches with the whole story.
    told = split_story(info.stem) if info.stem else None
    judged = neutral_text(told.ask) if told is not None else info.stem
    # a held law named without its number ("Theo Bộ luật Lao động, …", "Luật Nuôi con nuôi còn hiệu lực không?"): searched
    # and read for its status with the number, as when the question gives it
    numbered = with_law_number(standalone, retriever) if info.kind == "open" else standalone
    query = numbered
    if info.kind == "choice":  # the options as pasted lines ("A. …"), so the retriever sees an exam question
        query = info.stem + "\n" + "\n".join(f"{k}. {v}" for k, v in sorted(info.choices.items()))
    hits = _search(retriever, query, k) if standalone else []
    feats = confidence_features(judged or standalone, hits)
    hits = guiding_first(standalone, hits)  # "… theo nghị định hướng dẫn …": that text's provisions first
    hits = source_first(numbered, hits)  # "Theo Bộ luật Lao động (số 45/2019/QH14), …": that law's provisions first
    docs = _known_docs(retriever, hits) if hits else []
    relations = lambda: _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)  # noqa: E731
    scope, held = scope_refusal(standalone, docs, relations) if hits else (None, ())
    # "Thông tư 05/2019/TT-VPCP còn áp dụng không?": the document an open question about a document's own validity
    # names. Found once, here: it decides the refusal below, and the step-by-step expansion further down cannot
    # change it (named_document reads only the hits' document numbers and types, and _whole_procedure_articles
    # swaps a khoản for its own whole article: same document number and type).
    named = named_document(numbered, hits, retriever) if hits and info.kind == "open" else None
    # "Ai ký Quyết định 1234/QĐ-UBND?": what the collection records of the document (issuer, date), its own provisions
    signer = signer_sentence(standalone, retriever) if hits and info.kind == "open" and named is None else None
    if named is None and signer is None and hits and info.kind == "open" and validity_ask(standalone) and (
            kind := guiding_kind(standalone)):
        # "Nghị định hướng dẫn Luật … có hiệu lực từ ngày nào?": the validity of the text that guides it (the first
        # provision of that kind whose title says it guides), answered as for a text named by its number
        lead = next((h for h in hits[:GUIDING_K] if guiding_rank(h.chunk, kind) == 0 and h.chunk.doc_number), None)
        named = lead.chunk.doc_number if lead is not None else None
    if signer is not None:
        named = signer[0]
    if scope:  # the more specific reason first
        ok, why = False, scope
    elif not hits:
        ok, why = False, "không có kết quả tìm kiếm"
    elif names_held_document(numbered, docs):
        # "Thông tư 05/2019/TT-VPCP còn áp dụng không?": in scope by construction; a question about the document's
        # own validity is answered from what the collection records for it (status_sentence), any other question
        # needs lexical coverage.
        if named is not None:
            ok, why = True, ""
        else:
            ok, why = confident({k: v for k, v in feats.items() if k == "coverage"})
    else:
        # split=False: one ask of a two-part question (``_prepare_ask``), where a sure reranker lifts no veto
        ok, why = confident(feats, exam=exam_style(query), collection=_collection_name(retriever), whole=split)
        if not ok and info.kind == "open" and defines_asked_term(hits[0].chunk, info.cues):
            # "Thế nào là khiếu nại?" and the first hit has the line "Khiếu nại là …": the collection defines the very
            # term asked, however few of the question's words the rest of the article shares
            ok, why = True, ""
    if ok and not scope:
        gap = regime_gap(info.stem or standalone, hits) or local_rule_gap(info.stem or standalone, info.cues, hits)
        if gap:
            ok, why = False, gap
    if hits and not scope and info.kind == "open" and (fine := sanction_gap(info.stem or standalone, hits)):
        # a fine asked, none set by the provisions found: said whether answered or refused for low relevance ("Vượt
        # đèn đỏ bị phạt bao nhiêu?" where no sanctioning decree is held)
        ok, why = False, fine
    if not scope and hits and info.kind == "open" and named is None and (
            scope_article := overview_hits(standalone, retriever)) is not None:
        # "Quyết định 1234/QĐ-UBND quy định những gì?": what the document says it covers (its "Phạm vi điều chỉnh")
        ok, why, hits = True, "", scope_article
    if ok and "steps" in info.cues:
        hits = _whole_procedure_articles(retriever, hits)
    elif ok and (title_re := asked_title_re(info, standalone)) is not None:
        hits = _whole_procedure_articles(retriever, hits, title_re)
    elif ok and passive_of(info.cues) is not None and info.kind == "open":
        # "Viên chức bị đơn phương chấm dứt hợp đồng khi nào?": the retriever's best chunk of an article may be the
        # khoản where the subject acts ("5. Viên chức … có quyền đơn phương chấm dứt …"); the passage is chosen among
        # all its khoản, where the other party's act is preferred (``passages.PASSIVE_AGENT_PENALTY``)
        hits = whole_article_first(retriever, hits)
    named = named if ok else None
    if named is not None:  # "Thông tư 05/2019/TT-VPCP còn áp dụng không?": what ends it, then its own provisions
        hits = status_order(hits, named, retriever, as_of)
    # Multiple-choice/yes-no questions from an exam are in scope by construction of their wording only if
    # retrieval agrees; same threshold for all kinds.
    flags = [(h, _in_force(h, as_of)) for h in hits]
    in_force = [x for x in flags if x[1] is not False]
    expired = [x for x in flags if x[1] is False]
    ordered = in_force + expired if in_force else expired
    amenders = _collection_amenders(retriever, hits[:RETRIEVE_K], as_of) if ok else {}
    basis = _guidance_basis(retriever, hits[:RETRIEVE_K], as_of) if ok else {}
    superseded: dict[str, SupersededHint] = {}
    names: dict[str, str] = {}
    if ok:
        extra = [h.chunk for h in amenders.values()] + [h.chunk for b in basis.values() for h in b.values()]
        for ch in [h.chunk for h in hits[:RETRIEVE_K]] + extra:
            hint = superseded_hint(retriever, ch, as_of)
            if hint is not None:
                superseded[ch.id] = hint
            name = source_law_name(retriever, ch)
            if name:
                names[ch.id] = name
    listed = None
    if ok and hits and info.kind == "open" and _framing_article(hits[0].chunk, info.stem or standalone, info.cues):
        # the best held article only frames its đề mục ("Phạm vi điều chỉnh": "Nghị định này quy định lộ trình …")
        # while an article the Pháp điển lists by title only matches the question better than any retrieved title
        # ("Kế hoạch thực hiện lộ trình …"): the answer is in that article, whose text is not held — said, not quoted
        listed = listed_match(info.stem or standalone, hits, retriever)
        if listed is not None:
            ok, why = False, LISTED_ONLY_REASON
    # a version not held ("Luật Cư trú năm 2020 …", the 2006 law held): only the held law of that name and its texts are
    # suggested, not another law sharing the words ("… cư trú của người nước ngoài …"), or none
    pool = [h for h in hits if related_to_held(h, held, relations())] if scope and held else hits
    suggested = suggestion_hits(info.stem or standalone, pool, feats) if not ok else []
    # refused for low relevance (no scope or regime reason): is its best match an article held by title only?
    if listed is None and not ok and plain_reason(why or None) != (why or None):
        listed = listed_match(info.stem or standalone, hits, retriever)
    for h in suggested:  # named as answers name them ("Điều 13 Luật Viên chức số 58/2010/QH12")
        name = source_law_name(retriever, h.chunk)
        if name:
            names[h.chunk.id] = name
    steps = _guide_steps(retriever, [h for h, inf in ordered if inf is not False]) if (
        ok and "steps" in info.cues) else []
    live_top = next((h for h, inf in ordered if inf is not False), None)
    outline = procedure_outline(retriever, live_top.chunk) if (
        ok and "steps" in info.cues and not steps and live_top is not None) else None
    return Prepared(
        question=question, standalone=standalone, as_of=as_of, info=info, hits=hits, features=feats,
        refused=not ok, refusal_reason=why or None, ordered=ordered, only_expired=bool(hits) and not in_force,
        amenders=amenders, basis=basis, superseded=superseded, steps=steps, outline=outline, names=names,
        suggested=suggested, listed=listed,
        status=(signer[1] if signer is not None else status_sentence(named, hits, retriever, as_of)) if (
            named is not None) else None, named=named,
    )


# the provisions of an ask's retrieval that may answer it (first cited, or swapped in for the value asked): one of them
# must speak to what it asks (:func:`ask_covered`)
ASK_CHECK_K = 3


def _prepare_ask(ask: Ask, *, retriever: Any, as_of: date, k: int) -> Prepared:
    """One ask of a two-part question, prepared as a question of its own. Retrieved with the question's subject when it
    lacks one (``Ask.query``); then quoted for what it asks (its own analysis: the clause that says where, not the one
    sharing most words with the subject), and answered only if the provision found speaks to what it asks
    (:func:`ask_covered`), else retrieved as asked (an ask naming its own subject: "… , còn kết quả giải quyết được trả
    ở đâu?")."""
    p = _prepare(ask.query, retriever=retriever, history=None, as_of=as_of, chat_model=None, k=k, choices=None,
                 split=False)
    if ask.query == ask.text:
        return p
    if not p.refused and any(ask_covered(ask, h.chunk.text) for h, inf in p.ordered[:ASK_CHECK_K] if inf is not False):
        return replace(p, info=analyze_question(ask.text))
    alone = _prepare(ask.text, retriever=retriever, history=None, as_of=as_of, chat_model=None, k=k, choices=None,
                     split=False)
    if alone.refused and not p.refused:
        return replace(p, refused=True, refusal_reason=LOW_RELEVANCE_REASON)
    return alone


def _takes_request(fn: Any) -> Any:
    """``fn(question, **options)`` shown by ``inspect.signature`` and ``help`` with :class:`Request`'s fields as its
    keyword arguments, as if written out."""
    params = [inspect.Parameter("question", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation="str")]
    params += [inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, annotation=f.type,
                                 default=inspect.Parameter.empty if f.default is MISSING else f.default)
               for f in fields(Request) if f.name != "question"]
    fn.__signature__ = inspect.signature(fn).replace(parameters=params)
    return fn


def _start(req: Request, *, streaming: bool = False) -> tuple[Prepared, Any]:
    """The question prepared, and the chat model of LLM mode: what ``answer``, ``astream`` and ``build_chain`` share.
    The retriever is ``req.retriever``, else the collection's; the chat model ``req.chat_model``, else (LLM mode) the
    one the settings configure (``streaming``: for ``astream``)."""
    retriever = req.retriever if req.retriever is not None else _open_retriever(req.collection)
    chat_model = req.chat_model
    if req.llm and chat_model is None:
        chat_model = get_chat_model(streaming=streaming)
    p = _prepare(req.question, retriever=retriever, history=req.history, as_of=req.as_of,
                 chat_model=chat_model if req.llm else None, k=req.k, choices=req.choices)
    return p, chat_model


@_takes_request
def answer(question: str, **options: Any) -> Answer:
    """Answer one question; the keyword arguments (``collection`` required) are :class:`Request`'s fields."""
    req = Request(question=question, **options)
    p, chat_model = _start(req)
    return _llm(p, chat_model) if req.llm else _extractive(p)


# a piece that ends on a clause or item number ("[1]: “2.", "… sau đây: a)") belongs to the text after it
_ENUMERATOR_END_RE = re.compile(r"(?:^|[\s“\"(:])(?:\d+[a-zđ]?|[a-zđ])[.)]$")


def _sentences(text: str) -> list[str]:
    """The answer text cut into the sentences streamed one by one; joined as the widget joins them (a space before a
    piece, unless it starts with its line break: "\\n2. Nộp ở đâu?") they give the text back."""
    out: list[str] = []
    for x in re.split(r"(?<=[.!?”)])(?:[^\S\n]+(?=[A-ZĐÀ-Ỹ(\[“])|[^\S\n]*(?=\n))", text):
        if not x:
            continue
        if out and _ENUMERATOR_END_RE.search(out[-1]):
            out[-1] += " " + x
        else:
            out.append(x)
    return out


@_takes_request
def astream(question: str, **options: Any) -> AsyncIterator[dict[str, Any]]:
    """Events for SSE: sentence* (extractive) | token* (LLM) | refusal, then citation*, conflict*, done; the keyword
    arguments are :func:`answer`'s (:class:`Request`), checked when called, as an ``async def`` would.

    ``done.data`` is the full ``Answer`` as a JSON-able dict; in LLM mode its ``text`` is the verified text
    (fabricated citation markers removed), which clients should display in place of the streamed tokens.
    """
    return _events(Request(question=question, **options))


async def _events(req: Request) -> AsyncIterator[dict[str, Any]]:
    llm = req.llm
    p, chat_model = await asyncio.to_thread(_start, req, streaming=True)
    if p.refused:
        ans = _refusal(p, mode="llm" if llm else "extractive")
        yield {"event": "refusal", "data": {"text": ans.text, "reason": ans.refusal_reason, "suggestions": ans.suggestions}}
    elif llm:
        hits = _llm_provisions(p)
        buf: list[str] = []
        try:
            async for chunk in chat_model.astream(_llm_messages(p, hits)):
                tok = str(getattr(chunk, "content", chunk) or "")
                if tok:
                    buf.append(tok)
                    yield {"event": "token", "data": tok}
        except Exception as e:  # noqa: BLE001 - the endpoint failed: one clear error naming the setting
            raise llm_failed(e) from e
        ans = _llm_finish(p, hits, "".join(buf))
    else:
        ans = await asyncio.to_thread(_extractive, p)
        for s in _sentences(ans.text):
            yield {"event": "sentence", "data": s}
    for c in ans.citations:
        yield {"event": "citation", "data": c.model_dump(mode="json")}
    for cf in ans.conflicts:
        yield {"event": "conflict", "data": cf.model_dump(mode="json")}
    yield {"event": "done", "data": ans.model_dump(mode="json")}


def build_chain(
    retriever: Any,
    *,
    llm: bool = False,
    chat_model: Any | None = None,
    k: int = RETRIEVE_K,
    collection: str = "",
) -> Runnable:
    """A Runnable: {"question", "history"?, "as_of"?, "collection"?, "choices"?} (or a plain str) → Answer.

    Two steps: prepare (rewrite follow-up, retrieve, confidence, validity ordering) | compose (extractive
    or LLM with citation verification).
    """
    if llm and chat_model is None:
        chat_model = get_chat_model()

    def _prep(inp: Any) -> Prepared:
        if isinstance(inp, str):
            inp = {"question": inp}
        as_of = inp.get("as_of")
        if isinstance(as_of, str):
            as_of = date.fromisoformat(as_of)
        return _start(Request(question=inp["question"], collection=collection, history=inp.get("history"),
                              as_of=as_of, llm=llm, retriever=retriever, chat_model=chat_model, k=k,
                              choices=inp.get("choices")))[0]

    def _compose(p: Prepared) -> Answer:
        return _llm(p, chat_model) if llm else _extractive(p)

    return (RunnableLambda(_prep) | RunnableLambda(_compose)).with_config(run_name="legal_answer")


def defines_asked_term(chunk: Any, cues: list[str]) -> bool:
    """Does a line of ``chunk`` define the term a definition question asks (cue "defines:<term>",
    ``question.term_asked``; ``definitions.defines``)?"""
    from assistant.definitions import defines

    term = term_asked(cues)
    return bool(term) and defines((line for line in chunk.text.split("\n") if " là " in line), term)
