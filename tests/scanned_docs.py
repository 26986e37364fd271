"""Realistic "scanned" Vietnamese documents made at test time (shared by tests/test_formats.py and
eval/bench_ocr.py): a Quyết định of a provincial People's Committee rendered with PIL onto an A4 page at
200 dpi — two-column header, centred title, Điều lines in bold, wrapped paragraphs — then tilted a little,
blurred and speckled like an office scanner's output, and saved as an image-only PDF or a PNG.

The font is matplotlib's bundled DejaVu Serif (matplotlib is a project dependency), so the image, and the OCR
result measured on it, are the same on every machine.
"""

from __future__ import annotations

import os
from pathlib import Path

DPI = 200
PAGE_W, PAGE_H = int(8.27 * DPI), int(11.69 * DPI)  # A4
MARGIN_L, MARGIN_R, MARGIN_T = int(1.0 * DPI), int(0.7 * DPI), int(0.8 * DPI)

# (style, text): style "L|R" = two-column header line, "C" centred, "CB" centred bold, "B" bold, "" plain.
QD_PAGE1: list[tuple[str, str]] = [
    ("L|R", "ỦY BAN NHÂN DÂN|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("L|R", "TỈNH BẮC NINH|Độc lập - Tự do - Hạnh phúc"),
    ("L|R", "Số: 15/2025/QĐ-UBND|Bắc Ninh, ngày 12 tháng 3 năm 2025"),
    ("", ""),
    ("CB", "QUYẾT ĐỊNH"),
    ("CB", "Ban hành Quy định thời hạn giải quyết thủ tục hành chính về hộ tịch"),
    ("CB", "trên địa bàn tỉnh Bắc Ninh"),
    ("", ""),
    ("CB", "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"),
    ("", ""),
    ("", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"),
    ("", "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;"),
    ("", "Căn cứ Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ quy định chi tiết một số "
         "điều và biện pháp thi hành Luật Hộ tịch;"),
    ("", "Theo đề nghị của Giám đốc Sở Tư pháp tại Tờ trình số 45/TTr-STP ngày 05 tháng 3 năm 2025."),
    ("", ""),
    ("CB", "QUYẾT ĐỊNH:"),
    ("", ""),
    ("B", "Điều 1. Thời hạn giải quyết hồ sơ đăng ký khai sinh"),
    ("", "1. Thời hạn giải quyết hồ sơ đăng ký khai sinh là 01 ngày làm việc kể từ ngày Ủy ban nhân dân cấp xã "
         "nhận đủ hồ sơ hợp lệ."),
    ("", "2. Trường hợp cần xác minh, thời hạn được kéo dài thêm không quá 03 ngày làm việc; công chức tư pháp - "
         "hộ tịch phải thông báo bằng văn bản cho người yêu cầu."),
    ("B", "Điều 2. Trách nhiệm thi hành"),
    ("", "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp, Thủ trưởng các sở, ban, ngành và Chủ tịch "
         "Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này."),
    ("B", "Điều 3. Hiệu lực thi hành"),
    ("", "Quyết định này có hiệu lực kể từ ngày 01 tháng 4 năm 2025."),
]
QD_ARTICLES = [
    ("1", "Thời hạn giải quyết hồ sơ đăng ký khai sinh"),
    ("2", "Trách nhiệm thi hành"),
    ("3", "Hiệu lực thi hành"),
]
QD_NUMBER = "15/2025/QĐ-UBND"
# a second page that a mixed PDF carries as a text layer (the signature page)
QD_PAGE2_TEXT = ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                 "Nguyễn Văn An"]


def font_path(bold: bool = False) -> str:
    import matplotlib

    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return os.path.join(os.path.dirname(matplotlib.__file__), "mpl-data", "fonts", "ttf", name)


def source_text(page: list[tuple[str, str]] = QD_PAGE1) -> str:
    """The page's text line by line in reading order (a two-column header line = left cell, then right cell)."""
    return "\n".join(text.replace("|", " ") for _, text in page if text)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        trial = f"{cur} {w}".strip()
        if cur and draw.textlength(trial, font=font) > width:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    return lines + ([cur] if cur else [])


def render_page(page: list[tuple[str, str]] = QD_PAGE1, *, scanner: bool = True, seed: int = 0):
    """The page as a grayscale PIL image; ``scanner``: tilt 0.4°, slight blur and speckle noise."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    size = int(13 * DPI / 72)  # 13 pt, as in official documents (Nghị định 30/2020/NĐ-CP)
    regular, bold = ImageFont.truetype(font_path(), size), ImageFont.truetype(font_path(True), size)
    hsize = int(12 * DPI / 72)  # header in 12 pt
    hregular, hbold = ImageFont.truetype(font_path(), hsize), ImageFont.truetype(font_path(True), hsize)
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    width = PAGE_W - MARGIN_L - MARGIN_R
    y, step = MARGIN_T, int(size * 1.45)
    for style, text in page:
        if not text:
            y += step // 2
            continue
        if style == "L|R":
            a, b = text.split("|")
            lw = int(width * 0.4)  # left column: issuing body and number; right: national motto, place and date
            for s, x0, w in ((a, MARGIN_L, lw), (b, MARGIN_L + lw, width - lw)):
                f = hbold if s.isupper() else hregular
                draw.text((x0 + (w - draw.textlength(s, font=f)) / 2, y), s, font=f, fill=0)
            y += step
            continue
        f = bold if "B" in style else regular
        for line in _wrap(draw, text, f, width):
            x = MARGIN_L + (width - draw.textlength(line, font=f)) / 2 if "C" in style else MARGIN_L
            draw.text((x, y), line, font=f, fill=0)
            y += step
    if scanner:
        rng = np.random.default_rng(seed)
        img = img.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
        img = img.filter(ImageFilter.GaussianBlur(0.6))
        a = np.asarray(img, dtype=np.int16)
        a = a - (rng.random(a.shape) < 0.002) * 200 + rng.normal(0, 8, a.shape).astype(np.int16)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return img


def scanned_pdf(path: Path, pages: list[list[tuple[str, str]]] | None = None) -> Path:
    """An image-only PDF (what a scanner's "scan to PDF" makes): one page image per page, no text layer."""
    images = [render_page(p, seed=i) for i, p in enumerate(pages or [QD_PAGE1])]
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path


def mixed_pdf(path: Path) -> Path:
    """Page 1 scanned (image only), page 2 with a text layer (matplotlib, embedded TrueType font)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pypdf
    from matplotlib.backends.backend_pdf import PdfPages

    scan = io.BytesIO()
    render_page(QD_PAGE1).save(scan, "PDF", resolution=DPI)
    text = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(text) as pp:
        fig = plt.figure(figsize=(8.27, 11.69))
        for i, line in enumerate(QD_PAGE2_TEXT):
            fig.text(0.1, 0.9 - 0.04 * i, line, family="DejaVu Serif")
        pp.savefig(fig)
        plt.close(fig)
    w = pypdf.PdfWriter()
    for buf in (scan, text):
        buf.seek(0)
        w.append(pypdf.PdfReader(buf))
    with path.open("wb") as fh:
        w.write(fh)
    return path


def char_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance between the two texts (whitespace runs → one space) / reference length."""
    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    prev = list(range(len(hyp) + 1))
    for i, rc in enumerate(ref, 1):
        cur = [i]
        for j, hc in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc)))
        prev = cur
    return prev[-1] / max(1, len(ref))


# A Word document as vbpl.vn serves them: header in a borderless two-column table, a fee table inside an article.
WORD_HEADER = [("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 21/2025/QĐ-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBắc Ninh, ngày 02 tháng 6 năm 2025")]
WORD_BODY = [
    "QUYẾT ĐỊNH",
    "Quy định mức thu phí thẩm định hồ sơ cấp giấy phép xây dựng trên địa bàn tỉnh Bắc Ninh",
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
    "Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;",
    "Theo đề nghị của Giám đốc Sở Tài chính.",
    "QUYẾT ĐỊNH:",
    "Điều 1. Mức thu phí",
    "Mức thu phí thẩm định hồ sơ cấp giấy phép xây dựng được quy định như sau:",
    None,  # the fee table goes here
    "Điều 2. Đơn vị thu phí",
    "Ủy ban nhân dân cấp xã và Sở Xây dựng là đơn vị thu phí; được để lại 90% số tiền phí thu được.",
    "Điều 3. Hiệu lực thi hành",
    "Quyết định này có hiệu lực kể từ ngày 15 tháng 6 năm 2025.",
]
WORD_TABLE = [("Loại công trình", "Mức thu (đồng/hồ sơ)"), ("Nhà ở riêng lẻ", "75.000"), ("Công trình khác", "500.000")]
WORD_ARTICLES = [("1", "Mức thu phí"), ("2", "Đơn vị thu phí"), ("3", "Hiệu lực thi hành")]
WORD_NUMBER = "21/2025/QĐ-UBND"


def word_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    for cell, text in zip(head.rows[0].cells, WORD_HEADER[0]):
        cell.text = text
    for text in WORD_BODY:
        if text is None:
            t = d.add_table(rows=len(WORD_TABLE), cols=2)
            t.style = "Table Grid"
            for row, cells in zip(t.rows, WORD_TABLE):
                row.cells[0].text, row.cells[1].text = cells
        elif text.startswith("Điều "):
            d.add_paragraph().add_run(text).bold = True
        else:
            d.add_paragraph(text)
    d.save(path)
    return path


def soffice_convert(src: Path, fmt: str, outdir: Path, soffice: str = "soffice") -> Path:
    """Save ``src`` as ``fmt`` (doc, rtf, odt) with LibreOffice, as an office would (test fixtures only)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fixture-soffice-") as prof:
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={Path(prof).as_uri()}",
                        "--convert-to", fmt, "--outdir", str(outdir), str(src)], capture_output=True, timeout=120,
                       check=True)
    out = outdir / f"{src.stem}.{fmt}"
    assert out.is_file(), f"soffice did not write {out}"
    return out


def word_page() -> list[tuple[str, str]]:
    """The Word fixture's Quyết định 21/2025 as a page to scan (its fee table as lines): a second text, not
    looked at while choosing the OCR settings, for measuring accuracy (eval/bench_ocr.py)."""
    left, right = (c.split("\n") for c in WORD_HEADER[0])
    page: list[tuple[str, str]] = [("L|R", f"{a}|{b}") for a, b in zip(left, right)] + [("", "")]
    for text in WORD_BODY:
        if text is None:
            page += [("", f"- {a}: {b} đồng/hồ sơ;") for a, b in WORD_TABLE[1:]]
        elif text in ("QUYẾT ĐỊNH", "QUYẾT ĐỊNH:", "ỦY BAN NHÂN DÂN TỈNH BẮC NINH") or text.startswith("Quy định mức"):
            page.append(("CB", text))
        else:
            page.append(("B" if text.startswith("Điều ") else "", text))
    return page
