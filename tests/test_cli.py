"""The `assistant` command line, end to end on real inputs."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from assistant.cli import app

from legal_files import SAMPLE

runner = CliRunner()


def test_ingest_reports_each_bad_file_and_continues(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEXES_DIR", str(tmp_path / "idx"))
    from assistant.config import get_settings

    get_settings.cache_clear()
    try:
        docs = tmp_path / "docs"
        shutil.copytree(SAMPLE, docs)
        (docs / "rong.txt").write_bytes(b"")
        (docs / "hong.pdf").write_bytes(b"not a pdf at all")
        (docs / "bang.xlsx").write_bytes(b"PK\x03\x04")
        res = runner.invoke(app, ["ingest", str(docs), "--collection", "cli", "--no-dense"])
        assert res.exit_code == 0, res.output
        out = res.output
        for name in ("rong.txt", "hong.pdf", "bang.xlsx"):
            assert name in out
        assert "bỏ qua 3 tệp" in out
        strict = runner.invoke(app, ["ingest", str(docs), "--collection", "cli2", "--no-dense", "--strict"])
        assert strict.exit_code != 0
        res = runner.invoke(app, ["search", "lệ phí nộp hồ sơ trực tuyến", "--collection", "cli", "--json", "-k", "3"])
        assert res.exit_code == 0, res.output
        hits = json.loads(res.stdout)
        assert len(hits) == 3 and hits[0]["citation"] and hits[0]["rank"] == 1
        missing = runner.invoke(app, ["search", "x", "--collection", "khong-co"])
        assert missing.exit_code == 2 and "khong-co" in missing.output
    finally:
        get_settings.cache_clear()


def test_ask_json_cites_retrieved_provision(sample_collection):
    res = runner.invoke(
        app, ["ask", "Cá nhân bao nhiêu tuổi thì được tự nộp hồ sơ trực tuyến?", "-c", sample_collection, "--json"]
    )
    assert res.exit_code == 0, res.output
    ans = json.loads(res.stdout)
    assert not ans["refused"] and ans["citations"]
    assert all(c["citation"] and c["chunk_id"] for c in ans["citations"])
    assert ans["verdict"] is None  # an open question: no decided label


def test_ask_json_carries_the_decided_label(sample_collection):
    res = runner.invoke(app, ["ask", "Phí cấp bản sao điện tử từ sổ gốc là 5.000 đồng/trang, đúng hay sai?",
                              "-c", sample_collection, "--as-of", "2026-11-26", "--json"])
    assert res.exit_code == 0, res.output
    ans = json.loads(res.stdout)
    assert ans["verdict"]["kind"] == "yes_no" and ans["verdict"]["value"] == "Sai"
    assert ans["text"].startswith(f"Sai. {ans['verdict']['reason']} ")


def test_ask_refuses_off_topic(sample_collection):
    res = runner.invoke(app, ["ask", "Đội tuyển bóng đá Việt Nam đá trận tiếp theo khi nào?", "-c", sample_collection])
    assert res.exit_code == 0
    assert "Không tìm thấy căn cứ" in res.output


def test_unmarked_question_says_how_it_was_read(sample_collection):
    res = runner.invoke(app, ["ask", "Thoi han cap ban sao dien tu tu so goc la bao lau?", "-c", sample_collection])
    assert res.exit_code == 0
    assert "Câu hỏi được hiểu là: Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?" in " ".join(res.output.split())
    assert "10 ngày làm việc" in " ".join(res.output.split())
    res = runner.invoke(app, ["search", "phi cap ban sao dien tu", "-c", sample_collection, "-k", "3"])
    assert res.exit_code == 0 and "Câu hỏi được hiểu là: phí cấp bản sao điện tử" in res.output
    marked = runner.invoke(app, ["ask", "Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?", "-c", sample_collection])
    assert "được hiểu là" not in marked.output


def test_search_table_scores_follow_the_rows(sample_collection):
    """The table's score column is the one the rows are ordered by (the reranker's), so it never rises down the list."""
    res = runner.invoke(app, ["search", "Thời hạn giải quyết hồ sơ cấp bản sao điện tử", "-c", sample_collection,
                              "-k", "6"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "Điểm xếp hạng" in res.output
    rows = [line.split("│") for line in res.output.splitlines() if line.startswith("│")]
    scores = [float(r[2]) for r in rows if len(r) > 3 and r[1].strip().isdigit()]
    assert len(scores) == 6 and scores == sorted(scores, reverse=True)


def test_bad_date_is_rejected(sample_collection):
    res = runner.invoke(app, ["search", "lệ phí", "-c", sample_collection, "--as-of", "31/12/2025"])
    assert res.exit_code != 0 and "YYYY-MM-DD" in res.output


@pytest.mark.slow
def test_alqac_ask_cites_the_gold_article(shared_data, tmp_path):
    """Keyword-only ALQAC index (dense is a benchmark, not a test): a train question gets its gold Điều cited."""
    from assistant.answering import answer
    from assistant.config import Settings
    from assistant.ingest import ingest
    from assistant.retrieval import HybridRetriever

    settings = Settings(indexes_dir=tmp_path / "idx")
    rep = ingest([shared_data / "alqac2025" / "corpus.json"], "alqac", dense=False, settings=settings)
    assert rep.n_documents == 28
    retriever = HybridRetriever.open("alqac", settings=settings)
    assert sum(1 for c in retriever.chunks if "/k" not in c.id) == 3368
    q = "Viên chức bị đơn vị sự nghiệp đơn phương chấm dứt hợp đồng làm việc trong trường hợp nào?"
    ans = answer(q, collection="alqac", retriever=retriever)
    assert not ans.refused
    assert ("Luật Viên chức", "29") in {(c.law_id, c.article_id) for c in ans.citations}
    # the README's example: what befalls the viên chức is the unit's act on them (Khoản 1), not the khoản where the
    # viên chức acts (Khoản 5, "có quyền đơn phương chấm dứt hợp đồng"), which the retriever's best chunk is
    readme = answer("Viên chức bị đơn phương chấm dứt hợp đồng khi nào?", collection="alqac", retriever=retriever)
    assert readme.citations[0].citation.startswith("Khoản 1 Điều 29 Luật Viên chức"), readme.citations[0].citation
    assert "Đơn vị sự nghiệp công lập được đơn phương chấm dứt" in readme.text
