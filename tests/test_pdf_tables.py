"""Ruled tables in PDFs (helper h-pdftable): a DOCX table printed to PDF was read column by column (pypdf and
pdftotext alike), a cell per line, so a row "1 | Anh hùng … | 5 | 7,5" was lost. Pages with a ruled table are read row
by row, cells joined by " | " as the DOCX reader writes them. Fixtures: tests/fixtures/pdftable/ (made by
make_pdftable.py there) and tests/fixtures/shapes3/thong-tu-07-2026-tt-bnv-phu-luc-bang.pdf (see
tests/test_legal_shapes3.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.legal import parse
from assistant.loaders import _find_tables, _Paths, load

FIX = Path(__file__).resolve().parent / "fixtures" / "pdftable"
NAME = "thong-tu-bieu-phi-bang-qua-trang"


def _rows(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if " | " in ln]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_table_over_four_pages_reads_like_the_docx():
    """39 rows over four pages, the header row repeated on each page, rows 24 and 36 broken at a page foot, an empty
    cell in row 5. Before: a cell per line, and six pieces of rows dropped as "running footers" (rows at the foot of
    each page look alike digits aside). Now: the same rows as the DOCX, each once, the header once."""
    raw = load(FIX / f"{NAME}.pdf")[0]
    rows = _rows(raw.text)
    assert rows == _rows(load(FIX / f"{NAME}.docx")[0].text)
    assert len(rows) == 40 and rows.count("STT | Nội dung | Đơn vị | Mức thu (đồng)") == 1
    assert "24 | Cấp bản sao giấy tờ loại 24 theo yêu cầu của tổ chức, cá nhân | Bản | 24.000" in rows
    assert "5 | Cấp bản sao giấy tờ loại 5 theo yêu cầu của tổ chức, cá nhân | 5.000" in rows
    assert raw.meta["table_pages"] == [1, 2, 3, 4] and raw.meta["running_lines_removed"] == 0
    d = parse(raw)
    assert [(a.number, a.title) for a in d.articles] == [("1", "Mức thu phí"), ("2", "Hiệu lực thi hành")]
    assert d.articles[0].text.endswith("39 | Cấp bản sao giấy tờ loại 39 theo yêu cầu của tổ chức, cá nhân | Bản | 39.000")


def test_word_style_borders_are_rulings():
    """Word draws cell borders as thin filled rectangles, LibreOffice as stroked lines; a filled box (shading) and a
    clipping path are not rulings."""
    p = _Paths()
    cm = [1, 0, 0, 1, 0, 0]
    for op, args in [(b"re", [0, 0, 612, 792]), (b"W", []), (b"n", []),  # clip
                     (b"re", [80, 300, 420, 100]), (b"f", []),  # shading
                     (b"re", [80, 399.5, 420, 0.5]), (b"re", [80, 349.5, 420, 0.5]), (b"re", [80, 299.5, 420, 0.5]),
                     (b"re", [80, 300, 0.5, 100]), (b"re", [290, 300, 0.5, 100]), (b"re", [499.5, 300, 0.5, 100]),
                     (b"f", [])]:
        p(op, args, cm, cm)
    (g,) = _find_tables(p.segs, 0, 792)
    assert len(p.segs) == 6 and len(g.xs) == 3 and len(g.ys) == 3


def test_ruled_lines_that_are_not_a_table():
    """A header's short rules, an underline and one ruled box are not tables; two ruled cells are."""
    rules = [(100, 700, 200, 700), (350, 700, 480, 700), (90, 500, 520, 500)]
    assert _find_tables(rules, 0, 792) == []
    box = [(80, 400, 500, 400), (80, 300, 500, 300), (80, 400, 80, 300), (500, 400, 500, 300)]
    assert _find_tables(box, 0, 792) == []
    two = box + [(290, 400, 290, 300)]
    (g,) = _find_tables(two, 0, 792)
    assert g.xs == [80, 290, 500] and g.ys == [392, 492] and g.group == [[0, 1]]
    merged = box + [(80, 350, 500, 350), (290, 350, 290, 300)]  # top row one merged cell over two columns
    (g,) = _find_tables(merged, 0, 792)
    assert g.group == [[0, 0], [2, 3]]
