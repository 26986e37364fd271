"""The extractive answer (default, offline): citations with their status, the decided label of a
Đúng/Sai or multiple-choice question, the quoted passages with amendment, validity and regime notes, and the
conflicts among them (``_extractive``).

Does not retrieve (``pipeline``) or call an LLM (``llm``).
"""

from __future__ import annotations

import re

from assistant.answering.cited_conflicts import _as_cited, _conflict_sentence, _drop_moot, find_cited_conflicts
from assistant.answering.collection import _amends, is_guidance
from assistant.answering.matters import different_matters_note
from assistant.answering.passages import Passage
from assistant.answering.prepared import Prepared
from assistant.answering.question import term_asked
from assistant.answering.procedures import _outline_sentence
from assistant.answering.refusal import _refusal
from assistant.answering.regimes import subject_mismatch
from assistant.answering.selection import _add_clashing, _select
from assistant.answering.scope import guiding_kind, guiding_rank
from assistant.answering.status import own_effect_clause
from assistant.answering.terms import _fmt_date
from assistant.answering.validity import _in_force, _source_notes, citation_status, repeal_notice, validity_notes
from assistant.answering.verdict import age_verdict, decide_choice, judge_statement
from assistant.chunking import display_citation
from assistant.definitions import defines, definition_note, document_name, scope_note
from assistant.conflicts import pd_topic
from assistant.records import Answer, AnswerVerdict, Chunk, Citation, Conflict

_SIGNING_RE = re.compile(r"hiệu lực(?: thi hành)? (?:kể )?từ ngày (?:ký|ban hành)\b", re.I)


def _citations(passages: list[Passage], p: Prepared) -> list[Citation]:
    out = []
    for i, ps in enumerate(passages, 1):
        ch = ps.hit.chunk
        inf, hint = _in_force(ps.hit, p.as_of), p.hint(ch)
        out.append(
            Citation(
                number=i, chunk_id=ch.id, citation=display_citation(ch, ps.quote, p.names.get(ch.id)), quote=ps.quote,
                in_force=None if hint is not None and inf else inf,
                status=citation_status(ch, p.as_of, inf, hint, ps.quote), law_id=ch.law_id, article_id=ch.article_id,
            )
        )
    return out


# an ask of a two-part question for which nothing answerable was found
NO_BASIS_TEXT = ("Không tìm thấy căn cứ pháp lý cho ý này trong cơ sở dữ liệu; "
                 "vui lòng tra cứu thêm hoặc hỏi riêng ý này.")
_MARK_RE = re.compile(r"\[(\d+)\]")


def _two_part(p: Prepared) -> Answer:
    """One short paragraph per ask ("1. <ask>?" then its extractive answer), citations numbered across asks (the
    same quote of the same provision keeps its first number); an ask with no answerable provision says so."""
    cits: list[Citation] = []
    numbers: dict[tuple[str, str], int] = {}
    blocks: list[str] = []
    notes: list[str] = []
    conflicts = []
    seen_conflicts: set[frozenset[str | None]] = set()
    cited: list[list[tuple[Chunk, str]]] = []  # per answered ask: each provision it cites, with the quote
    for i, (ask, sp) in enumerate(p.parts, 1):
        if sp.refused:
            blocks.append(f"{i}. {ask}\n{NO_BASIS_TEXT}")
            continue
        a = _extractive(sp)
        held = _prepared_chunks(sp)
        cited.append([(held[c.chunk_id], c.quote) for c in a.citations if c.chunk_id in held])
        before = len(cits)
        renum: dict[int, int] = {}
        for c in a.citations:
            key = (c.chunk_id, c.quote)
            if key not in numbers:
                numbers[key] = len(cits) + 1
                cits.append(c.model_copy(update={"number": numbers[key]}))
            renum[c.number] = numbers[key]

        def mark(m: re.Match[str], renum: dict[int, int] = renum) -> str:
            return f"[{renum.get(int(m.group(1)), int(m.group(1)))}]"

        if a.citations and all(n <= before for n in renum.values()):
            # every quote this ask cites was already cited for an earlier ask
            shown = ", ".join(f"[{n}]" for n in dict.fromkeys(renum[c.number] for c in a.citations))
            blocks.append(f"{i}. {ask}\nXem quy định {shown} đã trích ở trên.")
        else:
            blocks.append(f"{i}. {ask}\n{_MARK_RE.sub(mark, a.text)}")
        renumbered = [_MARK_RE.sub(mark, n) for n in a.validity_notes]
        notes += [n for n in renumbered if n not in notes]
        for cf in a.conflicts:
            pair = frozenset((cf.a.chunk_id, cf.b.chunk_id))
            if pair not in seen_conflicts:
                seen_conflicts.add(pair)
                conflicts.append(cf)
    # the provisions cited for different asks, checked as each ask checks its own: one check per pair not already
    # compared within one ask, shown as single answers show a conflict (numbers as cited above)
    checked = {frozenset((x.id, y.id)) for group in cited for x, _ in group for y, _ in group}
    across: list[Conflict] = []
    for k, group in enumerate(cited):
        for later in cited[k + 1 :]:
            for x, qx in group:
                for y, qy in later:
                    pair = frozenset((x.id, y.id))
                    if x.id == y.id or pair in checked:
                        continue
                    checked.add(pair)
                    for cf in find_cited_conflicts([x, y], p.as_of, quotes=[qx, qy]):
                        if frozenset((cf.a.chunk_id, cf.b.chunk_id)) not in seen_conflicts:
                            seen_conflicts.add(frozenset((cf.a.chunk_id, cf.b.chunk_id)))
                            across.append(cf)
    # "the circular prevails over the guide" is moot when the circular loses to a decree cited in the same answer
    across = [c for c in _drop_moot(conflicts + across) if any(c is x for x in across)]
    if across:
        first: dict[str, int] = {}
        for c in cits:
            first.setdefault(c.chunk_id, c.number)
        across = _as_cited(across, cits)
        titles = {ch.id: ch.doc_title for group in cited for ch, _ in group if ch.doc_title}
        blocks.append(" ".join(_conflict_sentence(cf, first, titles) for cf in across))
        conflicts += across
    return Answer(
        question=p.question, text="\n".join(blocks), citations=cits, conflicts=conflicts, validity_notes=notes,
        standalone_query=p.standalone, mode="extractive",
    )


def _prepared_chunks(p: Prepared) -> dict[str, Chunk]:
    """Chunk id → chunk of every provision an answer prepared from ``p`` can cite (retrieved, amending, basis,
    steps)."""
    out: dict[str, Chunk] = {}
    for h in [*p.hits, *(h for h, _ in p.ordered), *p.amenders.values(), *p.steps,
              *(h for b in p.basis.values() for h in b.values())]:
        out.setdefault(h.chunk.id, h.chunk)
    return out


def _cited(passages: list[Passage], p: Prepared) -> tuple[list[Citation], list[Passage], list[Conflict]]:
    """The citations of ``passages`` (numbered in their order), the passages that state a rule (a repealed trace states
    none) and the conflicts among those, each side named as cited."""
    cits = _citations(passages, p)
    quoted = [ps for ps in passages if not ps.hit.chunk.validity.repealed]
    conflicts = _as_cited(find_cited_conflicts([ps.hit.chunk for ps in quoted], p.as_of,
                                               quotes=[ps.quote for ps in quoted]), cits)
    return cits, quoted, conflicts


def _prevailing_first(passages: list[Passage], conflicts: list[Conflict], p: Prepared) -> list[Passage]:
    """``passages`` with the provision that prevails over the first one moved to the front: when the first cited
    provision conflicts with another cited one and loses by the rules of the Law on Promulgation (higher legal force,
    later document, special over general), the answer states the rule that applies first ("Theo Khoản 1 Điều 9 Nghị
    định … [1]: 10 ngày làm việc … Trong khi đó, Điều 6 Thông tư … [2] lại quy định: 15 ngày … Áp dụng [1] …"), not the
    one the note then sets aside. Not for a difference across two Pháp điển đề mục (two regimes: which applies is for
    the reader to decide, ``_conflict_sentence``), not when the winner itself loses another cited conflict, and not for
    answers whose order means something else (step-by-step guides, a named document's validity). Returns
    ``passages`` itself when nothing moves."""
    if len(passages) < 2 or p.steps or p.named is not None:
        return passages
    first = passages[0].hit.chunk.id
    clashes = [c for c in conflicts if c.label == "conflict" and c.prevails]
    losers = {(c.b if c.prevails == "a" else c.a).chunk_id for c in clashes}
    for c in clashes:
        win, lose = (c.a, c.b) if c.prevails == "a" else (c.b, c.a)
        ta, tb = pd_topic(c.a), pd_topic(c.b)
        if lose.chunk_id != first or win.chunk_id in losers or (ta and tb and ta != tb):
            continue
        k = next((i for i, ps in enumerate(passages) if i and ps.hit.chunk.id == win.chunk_id), None)
        if k is not None:
            return [passages[k], *passages[:k], *passages[k + 1 :]]
    return passages


def _extractive(p: Prepared) -> Answer:
    if p.refused:
        return _refusal(p)
    if p.parts:
        return _two_part(p)
    passages = _add_clashing(_select(p), p)
    if p.named is not None:  # a question about that document's validity: its clause on entry into force
        passages = own_effect_clause(passages, p.named)
    cits, quoted, conflicts = _cited(passages, p)
    moved = _prevailing_first(passages, conflicts, p)
    if moved is not passages:  # the answer leads with the provision that applies
        passages = moved
        cits, quoted, conflicts = _cited(passages, p)
    chunks = [ps.hit.chunk for ps in passages]
    numbers = {c.chunk_id: c.number for c in cits}
    notes = [n for i, ch in enumerate(chunks, 1) for n in validity_notes(ch, p.as_of, i, p.hint(ch), p.names.get(ch.id))]

    parts: list[str] = []
    decided: AnswerVerdict | None = None  # the label decided here, first in the text and in Answer.verdict
    if p.info.kind == "yesno":
        verdict = age_verdict(p.info.stem, quoted) or judge_statement(p.info.stem, quoted, by_scope=True)
        if verdict.label:
            parts.append(f"{verdict.label}.")
            decided = AnswerVerdict(kind="yes_no", value=verdict.label, reason=verdict.reason or None)
        if verdict.reason:
            parts.append(verdict.reason)
    elif p.info.kind == "choice":
        lab = decide_choice(p.info, quoted)
        if lab:
            parts.append(f"Đáp án: {lab}.")
            decided = AnswerVerdict(kind="choice", value=lab)
    if p.status is not None:
        parts.append(p.status)
    kind = guiding_kind(p.info.stem or p.standalone)
    if kind is not None and chunks and not any(guiding_rank(ch, kind) < 2 for ch in chunks):
        # "Thời hiệu khiếu nại theo nghị định hướng dẫn là bao lâu?" where no provision of a Nghị định was found: said,
        # and the law's provisions quoted
        parts.append(f"Không tìm thấy quy định của {kind} hướng dẫn về nội dung này trong cơ sở dữ liệu; "
                     "dưới đây là quy định của văn bản khác.")
    if p.outline is not None:
        parts.append(_outline_sentence(p.outline) + "\n")
    if p.only_expired:
        parts.append(
            f"Không tìm thấy quy định đang có hiệu lực vào ngày {_fmt_date(p.as_of)}; "
            "các quy định dưới đây đã hết hiệu lực, chỉ dùng để tham khảo."
        )
    step_ids = {h.chunk.id for h in p.steps}
    hinted: set[str] = set()  # the newer laws a note in the text has named (``SupersededHint``)
    defining: list[tuple[int, str]] = []  # (number, document) of the cited provisions defining the term asked
    order = {ch.id: i for i, ch in enumerate(chunks)}
    # a provision that contradicts one cited before it is introduced as the contrary rule, not as "also"
    contrary = {later for c in conflicts if c.label == "conflict" and c.a.chunk_id in order and c.b.chunk_id in order
                for later in [max(c.a.chunk_id, c.b.chunk_id, key=order.__getitem__)]}
    for c, ch in zip(cits, chunks):
        if ch.id in contrary:
            verb = "lại nêu" if is_guidance(ch) else "lại quy định"
            lead = f"Trong khi đó, {c.citation} [{c.number}] {verb}"
        else:
            verb = "cũng nêu" if is_guidance(ch) else "cũng quy định"
            lead = f"Theo {c.citation} [{c.number}]" if c.number == 1 else f"Ngoài ra, {c.citation} [{c.number}] {verb}"
        if ch.id in step_ids:  # "Các bước theo <guide>:" then one line per step: "Bước 1 [1]: “…”"
            head = f"Các bước theo {ch.doc_title or ch.citation}:\n" if c.number == 1 else "\n"
            lead = f"{head}{ch.article_title} [{c.number}]"
        elif step_ids:
            lead = f"\nCăn cứ pháp lý: {c.citation} [{c.number}] quy định"
        amended = [cc.number for cc, x in zip(cits, chunks) if x is not ch and _amends(ch, x)]
        if amended and c.number != 1:
            lead = f"Nội dung sửa đổi của [{amended[0]}] tại {c.citation} [{c.number}]"
        if ch.validity.repealed:  # kept only as a trace of its repeal: said, not quoted
            notice = repeal_notice(ch, f"{c.citation} [{c.number}]", p.as_of)
            parts.append(notice if c.number == 1 else f"Ngoài ra, {notice}")
            continue
        q = balanced_quote(c.quote)
        end = "" if q.rstrip("”")[-1:] in ".;:!?…" else "."
        parts.append(f"{lead}: “{q}”{end}")
        if term := term_asked(p.info.cues):
            # a definition question: the form the text defines when it is not the one asked; which cited texts define it
            qlines = re.split(r"\n| … ", q)
            if defines(qlines, term):
                if not defining:
                    dnote = definition_note(qlines, term)
                    if dnote:
                        parts.append(f"({dnote})")
                defining.append((c.number, document_name(ch)))
        if c.in_force is False:
            parts.append(f"(Quy định [{c.number}] {c.status[:1].lower() + c.status[1:]}, không áp dụng.)")
        elif ch.validity.amended_by:
            detail = next((n for n in _source_notes(ch) if "sửa đổi" in n.lower()), "")
            amended = detail.rstrip(".") if detail else (
                f"Điều này đã được sửa đổi, bổ sung bởi {'; '.join(ch.validity.amended_by)}")
            parts.append(f"(Lưu ý: {amended}; áp dụng nội dung đã sửa đổi.)")
        hint = p.hint(ch) if c.in_force is not False else None
        if hint is not None and hint.newer.display() not in hinted:
            # a later law of the same name the collection names: said in the text too, once per newer law, so that the
            # warning travels with a copied answer (the notes beside it say it for every provision)
            hinted.add(hint.newer.display())
            parts.append(f"(Lưu ý: [{c.number}] {hint.note()})")
        if _SIGNING_RE.search(q) and ch.validity.effective_from and not is_guidance(ch):
            # "có hiệu lực kể từ ngày ký": the date is in the header, not in the quote
            parts.append(f"(Ngày ký, cũng là ngày có hiệu lực: {_fmt_date(ch.validity.effective_from)}.)")
        other = subject_mismatch(p.info.stem or p.standalone, ch)
        if other is not None:
            parts.append(f"(Lưu ý: quy định [{c.number}] áp dụng cho {', '.join(other[1])}, không nói về "
                         f"{', '.join(other[0])} như câu hỏi; cần đối chiếu văn bản riêng cho {', '.join(other[0])}.)")
    if snote := scope_note(defining):
        parts.append(f"({snote})")
    titles = {ch.id: ch.doc_title for ch in chunks if ch.doc_title}
    for cf in conflicts:
        parts.append(_conflict_sentence(cf, numbers, titles))
    if p.info.kind == "open" and not p.steps and p.named is None and (
            apart := different_matters_note(p.info.stem or p.standalone, p.info.cues, cits, chunks, conflicts)):
        parts.append(apart)  # values that differ by procedure, not by a conflict: which document says which
    return Answer(
        question=p.question, text=re.sub(r" ?\n ?", "\n", " ".join(parts)), citations=cits, conflicts=conflicts,
        validity_notes=notes,
        standalone_query=p.standalone, mode="extractive", verdict=decided,
    )


def balanced_quote(quote: str) -> str:
    """``quote`` as put between “ ”: without the closing marks it has no opening mark for. A passage cut from the
    text an amending article quotes ("Đối với hồ sơ nộp sau 15 giờ … tiếp theo.”") keeps the amendment's closing
    mark, which inside our quotation marks would read “… tiếp theo.””."""
    q = quote.rstrip()
    while q.endswith("”") and q.count("”") > q.count("“"):
        q = q[:-1].rstrip()
    return q
