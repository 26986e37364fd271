"""``Request``: one question and how to answer it, the arguments ``answer``, ``astream`` and ``build_chain``'s
runnable share; ``Prepared``: everything the pipeline knows about a question before the answer is composed
(standalone question, analysis, hits, confidence, in-force order, amenders, legal bases, superseded hints, steps,
names, suggestions, the asks of a two-part question), and ``RETRIEVE_K``, the number of provisions retrieved per
question.

Holds data only; the entry points in ``pipeline`` build a ``Request``, ``pipeline._prepare`` fills ``Prepared``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.answering.question import QuestionInfo
from assistant.doc_relations import SupersededHint
from assistant.records import Chunk, Hit, ListedArticle

RETRIEVE_K = 8


@dataclass(frozen=True, kw_only=True)
class Request:
    """One question and how to answer it: the keyword arguments of ``answer`` and ``astream`` (an argument added here
    is one of both, and of the runnable ``build_chain`` makes).

    ``history``: [(question, answer)] (or (role, text) pairs). ``as_of``: the date validity is read on (default:
    today). ``llm``: compose with a chat model instead of extractively. ``retriever``: anything with
    ``search(query, k=, as_of=) -> list[Hit]`` (default: HybridRetriever of ``collection``). ``chat_model``: a
    langchain chat model for LLM mode (default: ChatOpenAI from settings). ``k``: provisions retrieved.
    ``choices``: multiple-choice options when they are not written in the question text.
    """

    question: str
    collection: str
    history: list[tuple[str, str]] | None = None
    as_of: date | None = None
    llm: bool = False
    retriever: Any | None = None
    chat_model: Any | None = None
    k: int = RETRIEVE_K
    choices: dict[str, str] | None = None


@dataclass
class Prepared:
    question: str
    standalone: str
    as_of: date
    info: QuestionInfo
    hits: list[Hit]
    features: dict[str, float]
    refused: bool
    refusal_reason: str | None
    ordered: list[tuple[Hit, bool | None]]  # in-force preferred order
    only_expired: bool
    # chunk id of a retrieved, amended provision → its amending provision, found anywhere in the collection
    # when retrieval did not return it (cited next to it so the answer states the text in force)
    amenders: dict[str, Hit] = field(default_factory=dict)
    # chunk id of a retrieved guidance section → the provisions it names as its basis ("khoản 2 Điều 7 Nghị
    # định số 42/2024/NĐ-CP"), keyed (document number, article), when held in the collection and in force
    basis: dict[str, dict[tuple[str, str], Hit]] = field(default_factory=dict)
    # chunk id → why its document is probably no longer in force though its own notes do not say so
    superseded: dict[str, SupersededHint] = field(default_factory=dict)
    # a question asking for steps, answered by a guide written as "Bước 1", "Bước 2" …: every step, in order
    steps: list[Hit] = field(default_factory=list)
    # a question asking for steps whose best provision sits in a section named for a procedure ("Mục 2. TRÌNH TỰ,
    # THỦ TỤC GIẢI QUYẾT KHIẾU NẠI LẦN ĐẦU"): (the section's name, its articles of that document, in order)
    outline: tuple[str, list[Chunk]] | None = None
    # chunk id → the name of its source law ("Luật Hòa giải ở cơ sở số 35/2013/QH13"), for a Pháp điển provision
    names: dict[str, str] = field(default_factory=dict)
    # a refused question: the retrieved articles worth suggesting (:func:`suggestion_hits`)
    suggested: list[Hit] = field(default_factory=list)
    # a refused question whose best match is an article the Pháp điển lists by title with no text held
    # (:func:`listed.listed_match`): named in the refusal
    listed: ListedArticle | None = None
    # a question about a named document's validity: its status on as_of, said first (:func:`status_sentence`)
    status: str | None = None
    # the number of the document such a question names (:func:`named_document`)
    named: str | None = None
    # a question asking two things (:func:`parts.split_asks`) with at least one ask answerable: each ask as asked, with
    # what was prepared for it; the fields above are then those of the first answerable ask
    parts: list[tuple[str, "Prepared"]] = field(default_factory=list)

    def hint(self, chunk: Chunk) -> SupersededHint | None:
        return self.superseded.get(chunk.id)
