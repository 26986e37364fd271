"""Command line: ``assistant ingest | search | ask | chat | serve | conflicts | collections | eval …``.

Only argument parsing, progress bars, output formatting and exit codes live here; every command calls
one stage entry point.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

app = typer.Typer(help="Trợ lý pháp luật cho cán bộ, công chức (Vietnamese legal assistant).", no_args_is_help=True)
eval_app = typer.Typer(help="Đánh giá: truy hồi, câu trả lời, mâu thuẫn.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
feedback_app = typer.Typer(help="Phản hồi của cán bộ về câu trả lời (lưu bởi API).", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")
console = Console()
err = Console(stderr=True)

STAGE_LABELS = {"tokens": "Tách từ (underthesea)", "embed": "Nhúng vector (e5)"}


def _date(s: Optional[str]) -> Optional[date]:
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise typer.BadParameter(f"Ngày không hợp lệ: {s!r} (định dạng YYYY-MM-DD)")


def _question(q: str) -> str:
    """The question as the API takes it (stripped, 1–2,000 characters), else exit 2 saying why."""
    from api.schemas import clean_question

    try:
        return clean_question(q)
    except ValueError as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục (đệ quy)"),
    collection: str = typer.Option(..., "--collection", "-c", help="Tên bộ sưu tập"),
    strict: bool = typer.Option(False, help="Dừng với lỗi nếu có bất kỳ tệp hỏng nào"),
    dense: bool = typer.Option(True, help="Xây chỉ mục vector (chậm trên CPU); --no-dense chỉ tạo chỉ mục từ khóa"),
    add: bool = typer.Option(False, "--add", help="Thêm vào bộ sưu tập hiện có thay vì thay thế"),
    force: bool = typer.Option(False, help="Nạp lại kể cả khi nguồn không đổi"),
    model: Optional[str] = typer.Option(None, help="Thư mục mô hình sentence-transformers cục bộ"),
    json_out: bool = typer.Option(False, "--json", help="In báo cáo dạng JSON"),
) -> None:
    """Nạp văn bản vào một bộ sưu tập và xây chỉ mục."""
    from assistant.ingest import IngestError, ingest as run_ingest

    tasks: dict[str, int] = {}
    with _progress() as prog:

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = prog.add_task(STAGE_LABELS.get(stage, stage), total=total or 1)
            prog.update(tasks[stage], completed=done if total else 1, total=total or 1)

        try:
            rep = run_ingest(
                paths, collection, strict=strict, dense=dense, reuse=not force, add=add, progress=progress, model=model
            )
        except (IngestError, ValueError, FileNotFoundError) as e:
            err.print(f"[red]Lỗi:[/red] {e}")
            raise typer.Exit(2)
    if json_out:
        console.print_json(json.dumps(rep.__dict__, ensure_ascii=False, default=str))
    else:
        for path, reason in rep.skipped:
            err.print(f"[yellow]Bỏ qua[/yellow] {path}: {reason}")
        for w in rep.warnings[:20]:
            err.print(f"[dim]Cảnh báo[/dim] {w}")
        if rep.reused:
            console.print(f"Bộ sưu tập '{collection}' đã cập nhật (nguồn không đổi): {rep.n_chunks} đoạn.")
        else:
            console.print(
                f"Đã nạp {len(set(rep.loaded))} tệp → {rep.n_documents} văn bản, {rep.n_chunks} đoạn; "
                f"bỏ qua {len(rep.skipped)} tệp; chỉ mục vector: {'có' if rep.dense_ready else 'chưa'}."
            )
    if strict and rep.skipped:
        raise typer.Exit(1)


def _hit_dict(h) -> dict:
    c = h.chunk
    return {
        "rank": h.rank,
        "score": round(h.score, 4),
        "scores": {k: round(v, 4) for k, v in h.scores.items()},
        "citation": c.citation,
        "chunk_id": c.id,
        "law_id": c.law_id,
        "article_id": c.article_id,
        "in_force": h.in_force,
        "title": c.article_title,
        "text": c.text,
    }


@app.command()
def search(
    query: str,
    collection: str = typer.Option(None, "--collection", "-c"),
    k: int = typer.Option(10, "-k"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Chỉ lấy quy định còn hiệu lực vào ngày (YYYY-MM-DD)"),
    doc_type: Optional[list[str]] = typer.Option(None, "--doc-type", help="Lọc theo loại văn bản"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Tìm các điều, khoản liên quan đến câu hỏi."""
    from assistant.config import get_settings
    from assistant.index import IndexNotFound
    from assistant.retrieval import HybridRetriever

    collection = collection or get_settings().default_collection
    query = _question(query)
    try:
        retriever = HybridRetriever.open(collection)
        read_as = retriever.restore_marks(query)  # shown below; search is given the restored question
        hits = retriever.search(read_as, k, as_of=_date(as_of), doc_types=doc_type)
    except (IndexNotFound, ValueError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2)
    if json_out:
        print(json.dumps([_hit_dict(h) for h in hits], ensure_ascii=False, indent=2))
        return
    if read_as != query:
        console.print(f"[dim]Câu hỏi được hiểu là: {escape(read_as)}[/dim]")
    table = Table(show_lines=True)
    # the rows follow the reranker when it ran on all of them: show its score, not the fused one it reordered
    key = "rerank" if hits and all("rerank" in h.scores for h in hits) else None
    for col in ("#", "Điểm xếp hạng" if key else "Điểm hợp nhất", "Trích dẫn", "Nội dung"):
        table.add_column(col)
    for h in hits:
        status = "" if h.in_force is not False else " [red](hết hiệu lực)[/red]"
        score = h.scores[key] if key else h.score
        table.add_row(str(h.rank), f"{score:.3f}", h.chunk.citation + status, h.chunk.text[:300])
    console.print(table)


def _print_answer(ans, question: str | None = None) -> None:
    from assistant.conflicts import KIND_SHORT_VI

    style = "yellow" if ans.refused else "green"
    if question and ans.standalone_query and ans.standalone_query.strip() != question.strip():
        console.print(f"[dim]Câu hỏi được hiểu là: {escape(ans.standalone_query)}[/dim]")
    console.print(f"[{style}]{ans.text}[/{style}]")
    if ans.citations:
        console.print("\n[bold]Căn cứ:[/bold]")
        for c in ans.citations:
            console.print(f"  [{c.number}] {c.citation} — {c.status}")
    for note in ans.validity_notes:
        console.print(f"[magenta]Lưu ý hiệu lực:[/magenta] {note}")
    for cf in ans.conflicts:
        console.print(f"[red]⚠ Mâu thuẫn ({KIND_SHORT_VI.get(cf.kind, cf.kind)}):[/red] {cf.a.citation} ↔ {cf.b.citation}. {cf.explanation} {cf.rule}")
    for s in ans.suggestions:
        if s not in ans.text:  # a refusal already names its nearest documents in the text
            console.print(f"[dim]Gợi ý: {s}[/dim]")


@app.command()
def ask(
    question: str,
    collection: str = typer.Option(None, "--collection", "-c"),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
    llm: bool = typer.Option(False, "--llm", help="Dùng LLM qua điểm cuối OpenAI-compatible đã cấu hình"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Trả lời câu hỏi, trích dẫn điều khoản (mặc định: trích xuất, không cần LLM)."""
    from assistant.answering import answer
    from assistant.config import get_settings
    from assistant.index import IndexNotFound

    collection = collection or get_settings().default_collection
    question = _question(question)
    try:
        ans = answer(question, collection=collection, as_of=_date(as_of), llm=llm)
    except (IndexNotFound, ValueError, RuntimeError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2)
    if json_out:
        print(ans.model_dump_json(indent=2))
    else:
        _print_answer(ans, question)


@app.command()
def chat(
    collection: str = typer.Option(None, "--collection", "-c"),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
    llm: bool = typer.Option(False, "--llm"),
) -> None:
    """Trò chuyện trong terminal (có hỏi tiếp nối). Gõ 'thoát' để kết thúc."""
    from assistant.answering import answer
    from assistant.config import get_settings
    from api.schemas import MAX_QUESTION_CHARS
    from assistant.index import IndexNotFound

    collection = collection or get_settings().default_collection
    history: list[tuple[str, str]] = []
    while True:
        try:
            q = console.input("[bold cyan]Hỏi:[/bold cyan] ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not q:
            continue
        if q.lower() in {"thoát", "thoat", "exit", "quit"}:
            break
        if len(q) > MAX_QUESTION_CHARS:
            err.print(f"[red]Câu hỏi quá dài (tối đa {MAX_QUESTION_CHARS} ký tự).[/red]")
            continue
        try:
            ans = answer(q, collection=collection, history=history, as_of=_date(as_of), llm=llm)
        except IndexNotFound as e:  # nothing to ask: say what to do and stop
            err.print(f"[red]{escape(str(e))}[/red]")
            raise typer.Exit(2)
        except (ValueError, RuntimeError) as e:  # this question failed (LLM endpoint down …): the next may not
            err.print(f"[red]{escape(str(e))}[/red]")
            continue
        _print_answer(ans, q)
        history.append((ans.standalone_query or q, ans.text))


@app.command()
def serve(
    collection: str = typer.Option(None, "--collection", "-c"),
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    workers: int = typer.Option(1, "--workers", "-w", min=1,
                                help="Số tiến trình phục vụ (dùng chung trạng thái qua tệp SQLite ASSISTANT_STATE_DB)"),
) -> None:
    """Chạy API + widget (FastAPI)."""
    import os

    import uvicorn

    if collection:
        os.environ["ASSISTANT_DEFAULT_COLLECTION"] = collection  # inherited by the worker processes
    console.print(f"Trang minh hoạ + widget: http://{host}:{port}/  ·  Tài liệu API: http://{host}:{port}/docs")
    # an import string (not the app object): each worker process imports api.app and builds its own app
    uvicorn.run("api.app:app", host=host, port=port, workers=workers)


@app.command()
def collections() -> None:
    """Liệt kê các bộ sưu tập đã có chỉ mục."""
    from assistant.index import list_collections, read_manifest

    table = Table()
    for col in ("Bộ sưu tập", "Văn bản", "Đoạn", "Vector", "Mô hình", "Tạo lúc"):
        table.add_column(col)
    damaged: list[str] = []
    for name in list_collections():
        try:
            m = read_manifest(name) or {}
        except (OSError, ValueError) as e:  # a damaged manifest: listed, said, the others still shown
            damaged.append(f"{name}: manifest.json không đọc được ({e})")
            table.add_row(name, "?", "?", "?", "[red]chỉ mục hỏng[/red]", "")
            continue
        table.add_row(
            name,
            str(m.get("n_documents")),
            str(m.get("n_chunks")),
            "có" if m.get("dense_ready") else "chưa",
            str(m.get("model_id")),
            str(m.get("created_at")),
        )
    console.print(table)
    for line in damaged:
        err.print(f"[red]Chỉ mục hỏng[/red] {escape(line)} — hãy nạp lại: assistant ingest <thư mục> --collection "
                  f"{escape(line.split(':', 1)[0])} --force")


@app.command()
def conflicts(
    collection: str = typer.Option(..., "--collection", "-c"),
    out: Path = typer.Option(Path("conflicts.html"), "--out", help="Báo cáo HTML"),
    csv: Optional[Path] = typer.Option(None, "--csv"),
    json_path: Optional[Path] = typer.Option(None, "--json"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Ngày xét hiệu lực (mặc định: hôm nay)"),
    resume: bool = typer.Option(False, "--resume", help="Tiếp tục từ điểm kiểm tra lần trước"),
    limit: Optional[int] = typer.Option(None, help="Chỉ xét N cặp ứng viên đầu (thử nghiệm)"),
    llm: bool = typer.Option(False, "--llm", help="Thêm bước thẩm định bằng LLM (nếu đã cấu hình)"),
    workers: int = typer.Option(0, "--workers", min=0,
                                help="Số tiến trình kiểm tra cặp (0 = tự động: mỗi lõi CPU một tiến trình)"),
) -> None:
    """Rà soát mâu thuẫn giữa các văn bản trong bộ sưu tập, xuất báo cáo."""
    from assistant.config import get_settings
    from assistant.conflict_report import write_report
    from assistant.conflicts import CheckpointError, WorkerError, find_conflicts, make_llm_judge
    from assistant.index import IndexNotFound

    workdir = get_settings().cache_dir / "conflicts" / collection
    try:
        report = find_conflicts(
            collection,
            as_of=_date(as_of) or date.today(),
            resume=resume,
            workdir=workdir,
            limit=limit,
            judge=make_llm_judge() if llm else None,
            workers=workers,
        )
    except (CheckpointError, IndexNotFound, WorkerError) as e:
        err.print(f"[red]{e}[/red]")
        raise typer.Exit(1)
    for p in write_report(report, html_path=out, csv_path=csv, json_path=json_path):
        console.print(f"Đã ghi {p}")
    console.print(report.summary())


@eval_app.command("retrieval")
def eval_retrieval(
    questions: Path = typer.Option(..., "--questions"),
    corpus: Optional[Path] = typer.Option(None, "--corpus"),
    collection: Optional[str] = typer.Option(None, "--collection"),
    out: Path = typer.Option(..., "--out"),
    baselines: str = typer.Option("bm25,langchain-faiss", "--baselines", help="Danh sách, cách nhau bởi dấu phẩy; '' để bỏ"),
    split: Optional[str] = typer.Option(None, "--split", help="dev | test (chia cố định của tệp ALQAC train)"),
    query_mode: str = typer.Option("both", "--query-mode", help="text | choices | both"),
    limit: Optional[int] = typer.Option(None, "--limit"),
    unmarked: bool = typer.Option(False, "--unmarked", help="Hỏi như gõ không dấu (bỏ dấu mọi câu hỏi)"),
) -> None:
    """Đánh giá truy hồi (Recall@k, MRR@10, nDCG@10, MAP, độ trễ) so với các baseline."""
    from assistant.evaluation.retrieval_eval import run_retrieval_eval

    if not corpus and not collection:
        raise typer.BadParameter("Cần --corpus hoặc --collection")
    _warn_code_mismatch()
    metrics = run_retrieval_eval(
        questions,
        corpus,
        collection,
        out,
        [b for b in baselines.split(",") if b.strip()],
        split=split,
        query_mode=query_mode,
        limit=limit,
        unmarked=unmarked,
    )
    _print_metrics(metrics)


@eval_app.command("answers")
def eval_answers(
    questions: Path = typer.Option(..., "--questions"),
    corpus: Optional[Path] = typer.Option(None, "--corpus"),
    collection: Optional[str] = typer.Option(None, "--collection"),
    out: Path = typer.Option(..., "--out"),
    out_of_scope: Optional[Path] = typer.Option(None, "--out-of-scope"),
    split: Optional[str] = typer.Option(None, "--split"),
    limit: Optional[int] = typer.Option(None, "--limit"),
    unmarked: bool = typer.Option(False, "--unmarked", help="Hỏi như gõ không dấu (bỏ dấu mọi câu hỏi)"),
) -> None:
    """Đánh giá câu trả lời: trích dẫn, từ chối, độ chính xác."""
    from assistant.evaluation.answer_eval import run_answer_eval

    if not corpus and not collection:
        raise typer.BadParameter("Cần --corpus hoặc --collection")
    kwargs = {"split": split, "limit": limit, "unmarked": unmarked}
    if out_of_scope:
        kwargs["out_of_scope"] = out_of_scope
    _warn_code_mismatch()
    metrics = run_answer_eval(questions, corpus, collection, out, **kwargs)
    _print_metrics(metrics)


@eval_app.command("conflicts")
def eval_conflicts(
    pairs: Path = typer.Option(..., "--pairs"),
    out: Path = typer.Option(..., "--out"),
) -> None:
    """Đánh giá bộ phát hiện mâu thuẫn trên các cặp có nhãn (JSONL)."""
    from assistant.evaluation.conflicts_eval import run

    _print_metrics(run(pairs, out))


@feedback_app.command("export")
def feedback_export(
    out: Path = typer.Option(..., "--out", help="Tệp câu hỏi JSON (định dạng ALQAC của bộ đánh giá)"),
    collection: Optional[str] = typer.Option(None, "--collection", "-c", help="Chỉ phản hồi của bộ văn bản này"),
    only_positive: bool = typer.Option(
        False, "--only-positive", help="Chỉ câu trả lời được đánh giá hữu ích (tệp chấm điểm được ngay)"),
    db: Optional[Path] = typer.Option(None, "--db", help="Tệp SQLite phản hồi (mặc định: cấu hình của API)"),
) -> None:
    """Xuất phản hồi thành tệp câu hỏi đánh giá (câu chưa hữu ích được đánh dấu needs_review)."""
    from api.feedback import FeedbackStore, export_questions
    from assistant.config import get_settings

    settings = get_settings()
    path = db or settings.feedback_db or settings.cache_dir / "feedback.sqlite"
    if not path.exists():
        err.print(f"[red]Chưa có tệp phản hồi:[/red] {path}")
        raise typer.Exit(2)
    n = export_questions(FeedbackStore(path), out, collection=collection, only_positive=only_positive)
    if n == 0:
        err.print("[yellow]Không có phản hồi nào phù hợp; tệp chứa danh sách rỗng.[/yellow]")
    console.print(f"Đã xuất {n} câu hỏi vào {out}")


def _print_metrics(metrics: dict) -> None:
    flat = {k: v for k, v in metrics.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}
    table = Table()
    table.add_column("Chỉ số")
    table.add_column("Giá trị")
    for k, v in flat.items():
        table.add_row(k, f"{v:.4f}" if isinstance(v, float) else str(v))
    console.print(table)
    code = (metrics.get("config") or {}).get("code")
    if code:
        from assistant.evaluation.provenance import describe

        console.print(describe(code), markup=False, highlight=False)


def _warn_code_mismatch() -> None:
    """Before a long eval: say so at once when PYTHONPATH asks for other code than the one imported."""
    from assistant.evaluation.provenance import pythonpath_mismatch

    wanted = pythonpath_mismatch()
    if wanted:
        from assistant.evaluation.provenance import package_root

        err.print(f"CẢNH BÁO: PYTHONPATH chỉ tới {wanted} nhưng mã được nạp từ {package_root()} (python -m đặt "
                  "thư mục hiện hành lên trước PYTHONPATH: hãy cd vào đó).", markup=False, highlight=False)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
