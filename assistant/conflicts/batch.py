"""The batch job over a collection (``find_conflicts``): candidate pairs, ``check_pair`` on each with a resumable JSONL
checkpoint, then weighing by document relation (``relate_conflicts``), ranking, de-duplication and chains of
prevailing provisions (``rank_conflicts``, ``dedupe_conflicts``, ``annotate_chains``) into a ``ConflictReport``.

Does not write report files (``assistant.conflict_report``) nor compare provisions itself (``pair``).

Ranking by document relation (``relate_conflicts``, relation from ``assistant.doc_relations``): a finding between
documents whose titles name no link is weighted × 0.6, × 0.4 between two laws/codes/ordinances (two procedure codes,
two election laws written with the same sentence), × 0.7 between two documents of the same rank linked only by their
field (two ministries' circulars); a law and the decree/circular that details it, or two documents implementing the
same parent, keep their weight; unknown relations (bare pairs) are neutral. ``check_pair`` itself does not weigh by
relation.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Sequence

from pydantic import BaseModel, Field

from assistant.conflicts.candidates import candidate_pairs, document_key, side_from_chunk
from assistant.conflicts.findings import KIND_SHORT_VI, LLMJudge, _severity
from assistant.conflicts.pair import check_pair
from assistant.conflicts.prevail import legal_rank
from assistant.doc_relations import DocumentRelations
from assistant.records import Chunk, Conflict, ConflictSide


class ConflictReport(BaseModel):
    collection: str
    as_of: date | None = None
    n_chunks: int = 0
    n_documents: int = 0
    n_candidates: int = 0
    n_checked: int = 0
    candidate_method: str = ""
    complete: bool = True
    elapsed_s: float = 0.0
    ms_per_pair: float = 0.0
    conflicts: list[Conflict] = Field(default_factory=list)
    superseded: list[Conflict] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    source_links: dict[str, str] = Field(default_factory=dict)

    def summary(self) -> str:
        by_kind: dict[str, int] = {}
        for c in self.conflicts:
            by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
        kinds = ", ".join(f"{KIND_SHORT_VI.get(k, k)}: {v}" for k, v in sorted(by_kind.items())) or "—"
        return (
            f"Bộ sưu tập '{self.collection}': {self.n_chunks} điều khoản, {self.n_documents} văn bản, "
            f"{self.n_candidates} cặp ứng viên ({self.candidate_method}), đã kiểm tra {self.n_checked}. "
            f"Phát hiện {len(self.conflicts)} mâu thuẫn ({kinds}); {len(self.superseded)} cặp đã được thay thế/sửa đổi. "
            f"Thời gian {self.elapsed_s:.1f} s ({self.ms_per_pair:.2f} ms/cặp)."
            + ("" if self.complete else " CHƯA HOÀN TẤT — chạy lại với --resume để tiếp tục.")
        )


class CheckpointError(RuntimeError):
    """The checkpoint in the work directory cannot be used (corrupt or from another run)."""


class WorkerError(RuntimeError):
    """A worker process checking pairs failed or died; what it checked before is in the checkpoint."""


_SEV_ORDER = {"cao": 0, "trung bình": 1, "thấp": 2}

# Ranking by document relation (assistant.doc_relations): "different rules on the same matter" are usually found
# between documents that are linked (one details/guides/amends the other, or both implement the same parent). A
# finding between two documents whose titles are known and name no link is more often two regimes written with the
# same sentence (two procedure codes, two ministries' circulars). The weights scale a finding's confidence;
# "unknown" (a title missing: bare two-provision pairs, an unidentified text) is neutral.
RELATION_WEIGHT = {"same_document": 1.0, "implements": 1.0, "same_parent": 1.0, "same_field": 1.0,
                   "unrelated": 0.6, "unknown": 1.0}
# two laws/codes (or two ordinances) neither naming the other: two regimes of equal force almost always
RELATION_WEIGHT_PEER_LAWS = 0.4
# two documents of the same rank linked only by their field (no title names the other or a common parent): two
# ministries' circulars for their own sectors, a sector's decree beside the general one — usually special regimes
RELATION_WEIGHT_PEER_FIELD = 0.7
_RELATION_NOTE = {
    "implements": "Hai văn bản có quan hệ: văn bản này quy định chi tiết, hướng dẫn hoặc sửa đổi văn bản kia.",
    "same_parent": "Hai văn bản cùng quy định chi tiết, hướng dẫn một văn bản.",
    "unrelated": "Hai văn bản không dẫn chiếu nhau (theo tên văn bản): có thể là hai chế độ khác nhau dùng cùng cách viết.",
}


# a side whose document is probably no longer in force (the collection names a later law of its name, or of the law
# it details: ``DocumentRelations.superseded_hint``): the clash may no longer be live, so it ranks lower
SUPERSEDED_HINT_WEIGHT = 0.5


def relate_conflicts(items: Iterable[Conflict], relations: Any, as_of: date | None = None) -> list[Conflict]:
    """Weigh each finding by the relation of its two documents (``relations.relation(a, b)``, see
    ``assistant.doc_relations``); record the relation on the finding and say it in the explanation. Severity is
    recomputed from the new confidence (never raised above the detector's). A finding with a side whose document
    has probably lapsed (``relations.superseded_hint(number, as_of)``, as_of default today) is weighed down and says
    why."""
    out: list[Conflict] = []
    hint_of = getattr(relations, "superseded_hint", None)
    on = as_of or date.today()
    for c in items:
        rel = relations.relation(c.a, c.b)
        w = RELATION_WEIGHT.get(rel, 1.0)
        ra, rb = legal_rank(c.a), legal_rank(c.b)
        if rel == "unrelated" and ra is not None and ra == rb and ra <= 3:
            w = RELATION_WEIGHT_PEER_LAWS
        elif rel == "same_field" and ra is not None and ra == rb:
            w = RELATION_WEIGHT_PEER_FIELD
        lapsed = [(x, h) for x in (c.a, c.b) if hint_of is not None for h in [hint_of(x.number, on)] if h is not None]
        if lapsed:
            w *= SUPERSEDED_HINT_WEIGHT
        upd: dict[str, Any] = {"relation": rel}
        if w != 1.0:
            conf = round(c.confidence * w, 3)
            sev = _severity(c.kind, conf, False)
            if _SEV_ORDER.get(c.severity, 3) > _SEV_ORDER.get(sev, 3):
                sev = c.severity
            upd.update(confidence=conf, severity=sev)
        notes = [_RELATION_NOTE.get(rel)] if c.label == "conflict" else []
        notes += [f"Lưu ý hiệu lực: {x.citation}: {h.note()}" for x, h in lapsed]
        if any(notes):
            upd["explanation"] = " ".join([c.explanation, *filter(None, notes)])
        out.append(c.model_copy(update=upd))
    return out


def rank_conflicts(items: Iterable[Conflict]) -> list[Conflict]:
    return sorted(items, key=lambda c: (_SEV_ORDER.get(c.severity, 3), -c.confidence, c.a.chunk_id or "", c.b.chunk_id or ""))


def _side_key(x: ConflictSide, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """(document, clashing text) of one side of a finding."""
    doc = x.number or re.sub(r"^(?:(?:điểm \w+ )?khoản \d+ )?", "", (x.citation or "").lower())
    return doc, " | ".join(re.sub(r"\s+", " ", x.text[s:e].lower()) for s, e in spans)


def _clash_key(c: Conflict) -> tuple:
    return tuple(sorted([_side_key(c.a, c.spans_a), _side_key(c.b, c.spans_b)])) + (c.kind,)


def _winner_loser(c: Conflict) -> tuple[tuple[ConflictSide, list[tuple[int, int]]], ...]:
    """((side, spans) that prevails, (side, spans) that gives way) of a finding with a decided ``prevails``."""
    a, b = (c.a, c.spans_a), (c.b, c.spans_b)
    return (a, b) if c.prevails == "a" else (b, a)


def annotate_chains(items: Sequence[Conflict]) -> list[Conflict]:
    """When the provision that prevails in one finding loses another finding of the report (the same text of the
    same document against a document of higher force), say so in the first finding: "the provincial decision
    prevails over the guide" must not read as the last word when a Nghị định above both agrees with the guide."""
    losers: dict[tuple[str, str], Conflict] = {}
    for c in items:
        if c.prevails:
            losers.setdefault(_side_key(*_winner_loser(c)[1]), c)
    out: list[Conflict] = []
    for c in items:
        win = _winner_loser(c)[0] if c.prevails else None
        other = losers.get(_side_key(*win)) if win else None
        if other is not None and other is not c:
            top = _winner_loser(other)[0][0]
            note = (f" Lưu ý: quy định được áp dụng ở đây ({win[0].citation}) lại trái với {top.citation}, "
                    f"văn bản được ưu tiên hơn — xem phát hiện giữa hai văn bản này trong cùng báo cáo.")
            c = c.model_copy(update={"explanation": c.explanation + note})
        out.append(c)
    return out


def dedupe_conflicts(items: Sequence[Conflict]) -> list[Conflict]:
    """Drop repeats of the same clash (same two documents, same clashing text), keeping the first (best ranked).

    An index that holds an article and its khoản as separate chunks yields the same finding several times."""
    seen: set[tuple] = set()
    out: list[Conflict] = []
    for c in items:
        k = _clash_key(c)
        if k in seen:
            continue
        seen.add(k)
        out.append(c)
    return out


def _fingerprint(chunks: Sequence[Chunk], pairs: Sequence[tuple[int, int]], as_of: date | None) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(c.id.encode())
        h.update(hashlib.sha1(c.text.encode()).digest())
    h.update(json.dumps(pairs).encode())
    h.update(str(as_of).encode())
    return h.hexdigest()[:32]


def _read_checkpoint(path: Path, fingerprint: str) -> dict[tuple[int, int], dict | None]:
    done: dict[tuple[int, int], dict | None] = {}
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    # a final line without newline is a write cut short by a kill: drop it
    complete_lines = lines[:-1] if not raw.endswith(b"\n") else lines[:-1]
    truncated_tail = (not raw.endswith(b"\n")) and lines[-1] != b""
    for no, line in enumerate(complete_lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise CheckpointError(
                f"Tệp checkpoint hỏng: {path}, dòng {no}: {e}. Xóa thư mục làm việc hoặc chạy lại không dùng --resume."
            ) from None
        if no == 1:
            if obj.get("fingerprint") != fingerprint:
                raise CheckpointError(
                    f"Checkpoint {path} thuộc một lần chạy khác (dữ liệu hoặc tham số đã thay đổi). "
                    "Chạy lại không dùng --resume để làm lại từ đầu."
                )
            continue
        try:
            done[(int(obj["i"]), int(obj["j"]))] = obj.get("r")
        except (KeyError, TypeError, ValueError):
            raise CheckpointError(f"Tệp checkpoint hỏng: {path}, dòng {no}: thiếu trường i/j.") from None
    if truncated_tail:
        with open(path, "r+b") as f:
            f.truncate(len(raw) - len(lines[-1]))
    return done


# Parallel checking: the pairs still to check are cut into one contiguous range per worker process (candidates come in
# index order and most neighbours sit in the same đề mục/document, so a worker analyses mostly its own provisions: the
# analysis cache is per process); each worker sends its results back in blocks of CHECK_BLOCK pairs, which the parent
# checkpoints as they arrive. Workers are spawned (not forked: the parent may hold torch / ONNX / OpenMP thread pools).
MAX_WORKERS = 4
PARALLEL_MIN_PAIRS = 20_000
CHECK_BLOCK = 2_000
SERIAL_BLOCK = 200


def _n_workers(workers: int, n_todo: int, judge: LLMJudge | None) -> int:
    if workers <= 0:
        env = os.environ.get("ASSISTANT_CONFLICT_WORKERS", "").strip()
        if env:
            workers = int(env)
        else:
            workers = 1 if n_todo < PARALLEL_MIN_PAIRS else min(os.cpu_count() or 1, MAX_WORKERS)
    if judge is not None:  # the judge is an HTTP client configured in this process
        return 1
    return max(1, min(workers, (n_todo + CHECK_BLOCK - 1) // CHECK_BLOCK or 1))


def _check_block(block: Sequence[tuple[int, int]], sides: Sequence[ConflictSide], as_of: date | None,
                 judge: LLMJudge | None) -> list[tuple[int, int, dict | None, float]]:
    out = []
    for i, j in block:
        ts = time.perf_counter()
        c = check_pair(sides[i], sides[j], as_of=as_of, judge=judge)
        out.append((i, j, None if c.label == "no_conflict" else json.loads(c.model_dump_json()), time.perf_counter() - ts))
    return out


# a worker looks whether the batch that started it is still there every this many pairs (and while it waits to hand
# over results): a batch killed by an operator (SIGTERM/SIGKILL) runs no clean-up, and its workers went on checking
# pairs for minutes, each holding the collection (≈ 2.5 GB for Pháp điển)
PARENT_CHECK_PAIRS = 100


def _orphaned(parent: int) -> bool:
    return os.getppid() != parent


def _worker(sides: list[ConflictSide], as_of: date | None, todo: list[tuple[int, int]], queue: Any,
            block: int, parent: int | None = None) -> None:
    """A worker process: check ``todo`` and put ("ok", results) per ``block`` pairs, then ("end", None) — or
    ("error", text). Returns at once when ``parent`` (the batch's pid) is gone."""
    import queue as queue_mod

    def put(item: tuple) -> bool:
        while True:
            try:
                queue.put(item, timeout=2)
                return True
            except queue_mod.Full:
                if parent is not None and _orphaned(parent):
                    return False

    try:
        for k in range(0, len(todo), block):
            out: list = []
            for m in range(k, min(k + block, len(todo)), PARENT_CHECK_PAIRS):
                if parent is not None and _orphaned(parent):
                    return
                out += _check_block(todo[m:min(m + PARENT_CHECK_PAIRS, k + block)], sides, as_of, None)
            if not put(("ok", out)):
                return
        put(("end", None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        put(("error", traceback.format_exc()))


def _checked_blocks(todo: list[tuple[int, int]], sides: list[ConflictSide], as_of: date | None,
                    judge: LLMJudge | None, n_workers: int) -> Iterable[list[tuple[int, int, dict | None, float]]]:
    """Check ``todo`` and yield the results block by block (in ``todo``'s order with one worker; interleaved with
    several: the caller keys results by pair)."""
    if n_workers <= 1:  # checkpointed every SERIAL_BLOCK pairs (an LLM judge's answers are costly to lose)
        step = min(CHECK_BLOCK, SERIAL_BLOCK)
        for k in range(0, len(todo), step):
            yield _check_block(todo[k:k + step], sides, as_of, judge)
        return
    import multiprocessing
    import queue as queue_mod

    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue(maxsize=4 * n_workers)
    step = -(-len(todo) // n_workers)
    procs = [ctx.Process(target=_worker, args=(sides, as_of, todo[w * step:(w + 1) * step], q, CHECK_BLOCK,
                                               os.getpid()), daemon=True) for w in range(n_workers)]
    for p in procs:
        p.start()
    ended = 0
    try:
        while ended < len(procs):
            try:
                kind, payload = q.get(timeout=2)
            except queue_mod.Empty:
                dead = [p for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    raise WorkerError(f"Một tiến trình kiểm tra cặp đã dừng bất thường (mã thoát {dead[0].exitcode}); "
                                       "chạy lại với --resume để tiếp tục từ điểm kiểm tra.") from None
                continue
            if kind == "end":
                ended += 1
            elif kind == "error":
                raise WorkerError(f"Lỗi trong tiến trình kiểm tra cặp (chạy lại với --resume để tiếp tục từ điểm kiểm "
                                  f"tra):\n{payload}")
            else:
                yield payload
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join()


def find_conflicts(
    collection: str,
    *,
    as_of: date | None = None,
    resume: bool = False,
    workdir: Path,
    progress: bool = True,
    k: int = 10,
    index: Any = None,
    limit: int | None = None,
    judge: LLMJudge | None = None,
    workers: int = 1,
) -> ConflictReport:
    """Check a whole collection for conflicting provisions, with a resumable JSONL checkpoint in ``workdir``.

    ``index`` may be any object with ``chunks`` and ``vectors()`` (defaults to ``assistant.index.Index.open``).
    ``limit`` stops after that many newly checked pairs (``complete=False``): used to simulate an interruption.
    The result of an interrupted-then-resumed run is identical to an uninterrupted one.
    ``workers``: processes checking pairs; 0 = automatic (``ASSISTANT_CONFLICT_WORKERS``, else one per core, at most
    ``MAX_WORKERS``, one below ``PARALLEL_MIN_PAIRS`` pairs to check); always one with an LLM judge. The result does
    not depend on it. Workers are *spawned*: a script calling this with ``workers != 1`` must guard its entry point
    (``if __name__ == "__main__":``), as the CLI does.
    """
    t0 = time.perf_counter()
    if index is None:
        from assistant.index import Index

        index = Index.open(collection)
    chunks: list[Chunk] = list(index.chunks)
    vectors = index.vectors() if hasattr(index, "vectors") else None
    report = ConflictReport(collection=collection, as_of=as_of, n_chunks=len(chunks))
    keys = [document_key(c) for c in chunks]
    report.n_documents = len(set(keys))
    if not chunks:
        report.notes.append("Bộ sưu tập rỗng: không có điều khoản nào để kiểm tra.")
        return report
    if report.n_documents < 2:
        report.notes.append("Bộ sưu tập chỉ có một văn bản: không có cặp quy định thuộc hai văn bản khác nhau để so sánh.")
        return report
    pairs, method = candidate_pairs(chunks, vectors, k=k, doc_keys=keys)
    report.n_candidates, report.candidate_method = len(pairs), method
    sides = [side_from_chunk(c) for c in chunks]
    missing = sum(1 for s in sides if not (s.effective_from or s.issued_on))
    if missing:
        report.notes.append(
            f"{missing} điều khoản không rõ ngày hiệu lực/ban hành: coi là chưa rõ (không suy đoán), "
            "giả định đang có hiệu lực khi so sánh."
        )
    report.source_links = {c.id: c.source_path for c in chunks if c.source_path}

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    ckpt = workdir / "checkpoint.jsonl"
    fp = _fingerprint(chunks, pairs, as_of)
    done: dict[tuple[int, int], dict | None] = {}
    if resume and ckpt.exists() and ckpt.stat().st_size > 0:
        done = _read_checkpoint(ckpt, fp)
        mode = "a"
    else:
        mode = "w"
    todo = [p for p in pairs if p not in done]
    checked_now = 0
    t_pairs = 0.0
    with open(ckpt, mode, encoding="utf-8") as f:
        if mode == "w":
            f.write(json.dumps({"version": 1, "collection": collection, "fingerprint": fp, "n_pairs": len(pairs)}) + "\n")
            f.flush()
        bar = None
        if progress:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(TextColumn("Kiểm tra mâu thuẫn"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            bar.start()
            task = bar.add_task("pairs", total=len(pairs), completed=len(done))
        if limit is not None and len(todo) > limit:
            todo = todo[:limit]
            report.complete = False
        n_workers = _n_workers(workers, len(todo), judge)
        try:
            for block in _checked_blocks(todo, sides, as_of, judge, n_workers):
                for i, j, rec, dt in block:
                    f.write(json.dumps({"i": i, "j": j, "r": rec}, ensure_ascii=False) + "\n")
                    done[(i, j)] = rec
                    t_pairs += dt
                checked_now += len(block)
                f.flush()
                if bar is not None:
                    bar.advance(task, len(block))
        finally:
            f.flush()
            if bar is not None:
                bar.stop()
    report.n_checked = len(done)
    conflicts, superseded = [], []
    for rec in (done.get(p) for p in pairs):  # candidate order, however the pairs were checked
        if rec is None:
            continue
        c = Conflict.model_validate(rec)
        (conflicts if c.label == "conflict" else superseded).append(c)
    relations = DocumentRelations.from_chunks(chunks)
    conflicts = relate_conflicts(conflicts, relations, as_of)
    report.conflicts = annotate_chains(dedupe_conflicts(rank_conflicts(conflicts)))
    report.superseded = dedupe_conflicts(rank_conflicts(superseded))
    if len(report.conflicts) < len(conflicts):
        report.notes.append(
            f"{len(conflicts) - len(report.conflicts)} phát hiện trùng (cùng hai văn bản, cùng đoạn mâu thuẫn, do điều và "
            "khoản của cùng một điều đều được lập chỉ mục) đã được gộp."
        )
    report.elapsed_s = round(time.perf_counter() - t0, 3)
    report.ms_per_pair = round(1000 * t_pairs / checked_now, 3) if checked_now else 0.0
    return report
