"""LLM mode: the chat model of the configured OpenAI-compatible endpoint (``get_chat_model``), the messages
(provisions as delimited data, ``assistant.prompts``), and verification of its answer: every [n] checked against the
provisions given and quoted spans against the cited chunk (``verify_llm_text``); invalid ones are dropped.

Does not retrieve or decide refusal.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answering.cited_conflicts import _as_cited, find_cited_conflicts
from assistant.answering.passages import best_passage
from assistant.answering.prepared import Prepared
from assistant.answering.refusal import LLM_REFUSAL_REASON, REFUSAL_TEXT, _refusal, _suggestions
from assistant.answering.terms import _nfc, _terms
from assistant.answering.validity import _in_force, citation_status, validity_notes
from assistant.chunking import display_citation
from assistant.llm_errors import LLM_FAILED_PUBLIC, LLM_NOT_CONFIGURED, LLM_NOT_CONFIGURED_PUBLIC, LLMUnavailable
from assistant.records import Answer, Citation, Hit

_CITE_RE = re.compile(r"\[(\d{1,3})\]")
_QUOTE_RE = re.compile(r"“([^”]{8,})”|\"([^\"]{8,})\"")


def llm_failed(e: BaseException) -> LLMUnavailable:
    """The error to raise when a call to the configured endpoint fails (connection refused, timeout, HTTP error)."""
    from assistant.config import get_settings

    url = get_settings().llm_base_url
    reason = str(e).strip().rstrip(".") or type(e).__name__
    return LLMUnavailable(f"Không gọi được LLM tại {url} (ASSISTANT_LLM_BASE_URL): {type(e).__name__}: {reason}. "
                          "Kiểm tra máy chủ LLM, hoặc hỏi không dùng --llm (trả lời trích xuất).", LLM_FAILED_PUBLIC)


def get_chat_model(settings: Any | None = None, *, streaming: bool = False) -> Any:
    """ChatOpenAI for the configured OpenAI-compatible endpoint; raises :class:`LLMUnavailable` (a RuntimeError)
    when not configured."""
    from assistant.config import get_settings

    s = settings or get_settings()
    if not s.llm_base_url or not s.llm_model:
        raise LLMUnavailable(LLM_NOT_CONFIGURED, LLM_NOT_CONFIGURED_PUBLIC)
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=s.llm_base_url, model=s.llm_model, api_key=s.llm_api_key or "not-needed",
        timeout=s.llm_timeout_s, temperature=0, max_retries=1, streaming=streaming,
    )


def _llm_provisions(p: Prepared, n: int = 5) -> list[Hit]:
    """The provisions given to the model: the first ``n`` in in-force order, without those the text keeps only as a
    trace of their repeal (``Validity.repealed``: nothing to quote; their validity notes say so) unless nothing else
    was retrieved."""
    kept = [h for h, _ in p.ordered if not h.chunk.validity.repealed]
    return (kept or [h for h, _ in p.ordered])[:n]


def _llm_messages(p: Prepared, hits: list[Hit]) -> list[Any]:
    from assistant.prompts import build_messages

    provs = []
    notes: list[str] = []
    for i, h in enumerate(hits, 1):
        inf = _in_force(h, p.as_of)
        provs.append((i, display_citation(h.chunk, source_name=p.names.get(h.chunk.id)), h.chunk.text, citation_status(h.chunk, p.as_of, inf, p.hint(h.chunk))))
        notes.extend(validity_notes(h.chunk, p.as_of, i, p.hint(h.chunk), p.names.get(h.chunk.id)))
    return build_messages(p.standalone, provs, as_of=p.as_of, notes=notes)


def _norm_for_match(s: str) -> str:
    s = _nfc(s).lower()
    s = re.sub(r"[\s\u00a0]+", " ", s)
    return s.strip(" .,;:…")


def _quote_in(quote: str, text: str) -> bool:
    t = _norm_for_match(text)
    pos = 0
    for part in re.split(r"\.{3}|…", quote):
        part = _norm_for_match(part)
        if not part:
            continue
        i = t.find(part, pos)
        if i < 0:
            return False
        pos = i + len(part)
    return True


def verify_llm_text(text: str, hits: list[Hit]) -> tuple[str, list[int], list[str], dict[int, str]]:
    """Check every [n] in an LLM answer against the provisions it was given.

    Returns (cleaned text, valid numbers in order, dropped descriptions, number → verified quote).
    A marker is dropped when n is not a given provision, or when its sentence quotes a span that does not
    occur in provision n.
    """
    valid: list[int] = []
    dropped: list[str] = []
    quotes: dict[int, str] = {}
    sentences = re.split(r"(?<=[.!?\n])\s+", text)
    out_sents = []
    for sent in sentences:
        nums = [int(x) for x in _CITE_RE.findall(sent)]
        sent_quotes = [a or b for a, b in _QUOTE_RE.findall(sent)]
        bad: set[int] = set()
        for n in nums:
            if not 1 <= n <= len(hits):
                bad.add(n)
                dropped.append(f"[{n}]: không có điều khoản số {n} trong kết quả tra cứu")
                continue
            chunk_text = hits[n - 1].chunk.text
            for qt in sent_quotes:
                if not _quote_in(qt, chunk_text) and not any(_quote_in(qt, hits[m - 1].chunk.text) for m in nums if m != n and 1 <= m <= len(hits)):
                    bad.add(n)
                    dropped.append(f"[{n}]: đoạn trích “{qt[:80]}” không có trong {hits[n - 1].chunk.citation}")
                    break
            else:
                if n not in bad:
                    if n not in valid:
                        valid.append(n)
                    for qt in sent_quotes:
                        if _quote_in(qt, chunk_text):
                            quotes.setdefault(n, qt)
        if bad:
            sent = _CITE_RE.sub(lambda m: "" if int(m.group(1)) in bad else m.group(0), sent)
            sent = re.sub(r"\s+([.,;:])", r"\1", sent)
        out_sents.append(sent)
    cleaned = " ".join(s for s in out_sents if s is not None).strip()
    # De-duplicate dropped descriptions, keep order
    seen: list[str] = []
    for d in dropped:
        if d not in seen:
            seen.append(d)
    return cleaned, valid, seen, quotes


def _llm_finish(p: Prepared, hits: list[Hit], raw: str) -> Answer:
    raw = _nfc(raw).strip()
    cleaned, valid, dropped, quotes = verify_llm_text(raw, hits)
    qterms = _terms(p.standalone)
    cits: list[Citation] = []
    renum: dict[int, int] = {}
    for n in valid:
        h = hits[n - 1]
        inf, hint = _in_force(h, p.as_of), p.hint(h.chunk)
        quote = quotes.get(n) or best_passage(h, qterms, p.info.cues).quote
        renum[n] = n
        cits.append(
            Citation(
                number=n, chunk_id=h.chunk.id, citation=display_citation(h.chunk, quote, p.names.get(h.chunk.id)),
                quote=quote,
                in_force=None if hint is not None and inf else inf,
                status=citation_status(h.chunk, p.as_of, inf, hint, quote), law_id=h.chunk.law_id,
                article_id=h.chunk.article_id,
            )
        )
    chunks = [hits[n - 1].chunk for n in valid]
    conflicts = _as_cited(find_cited_conflicts(chunks, p.as_of), cits)
    notes = [x for n in valid for x in validity_notes(hits[n - 1].chunk, p.as_of, n, p.hint(hits[n - 1].chunk),
                                                      p.names.get(hits[n - 1].chunk.id))]
    refused = cleaned.startswith(REFUSAL_TEXT[:40]) and not cits
    return Answer(
        question=p.question, text=cleaned, citations=cits, conflicts=conflicts, validity_notes=notes,
        refused=refused, refusal_reason=LLM_REFUSAL_REASON if refused else None,
        suggestions=_suggestions(p) if refused else [], standalone_query=p.standalone, mode="llm",
        dropped_citations=dropped,
    )


def _llm(p: Prepared, chat_model: Any) -> Answer:
    if p.refused:
        return _refusal(p, mode="llm")
    hits = _llm_provisions(p)
    try:
        out = chat_model.invoke(_llm_messages(p, hits))
    except Exception as e:  # noqa: BLE001 - any failure of the endpoint: one clear error naming the setting
        raise llm_failed(e) from e
    return _llm_finish(p, hits, str(getattr(out, "content", out)))
