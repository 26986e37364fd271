"""OCR accuracy and speed on rendered "scanned" Quyết định pages (JSON + Markdown report).

The pages come from tests/scanned_docs.py (matplotlib's DejaVu Serif, 13 pt, A4 at 200 dpi, tilted 0.4°,
blurred, speckled; image-only PDF). Each is loaded through the real path (``assistant.loaders.load``: pdftoppm at
``ocr_dpi`` → optional median despeckle → ``tesseract -l vie``) with an empty cache, and compared with the text
it was rendered from: character error rate (Levenshtein / reference length, whitespace runs → one space,
reading order of the two-column header = left cell then right cell per line), whether legal.parse finds the
same articles (number + title), Tesseract's mean word confidence, and the wall time of the OCR per page.

Pages turned 90°/180° check the orientation detection. Document "qd15" was looked at while choosing the settings (despeckle on); "qd21" was not. Seeds vary the
noise. Usage: python eval/bench_ocr.py --out eval/reports/ocr   (needs tesseract-ocr-vie and poppler-utils)
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import scanned_docs as sd  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.legal import parse  # noqa: E402
from assistant.loaders import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("eval/reports/ocr"))
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    docs = {
        "qd15": (sd.QD_PAGE1, sd.QD_ARTICLES, "dev (seen while choosing settings)"),
        "qd21": (sd.word_page(), sd.WORD_ARTICLES, "held-out"),
    }
    rows = []
    turned: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        tmpd = Path(tmp)
        for name, (page, arts, role) in docs.items():
            ref = sd.source_text(page)
            for seed in range(args.seeds):
                pdf = tmpd / f"{name}-{seed}.pdf"
                sd.render_page(page, seed=seed).save(pdf, "PDF", resolution=sd.DPI)
                for despeckle in (True, False):
                    s = Settings(cache_dir=tmpd / f"cache-{name}-{seed}-{despeckle}", ocr_despeckle=despeckle)
                    t0 = time.perf_counter()
                    (raw,) = load(pdf, settings=s)
                    wall = time.perf_counter() - t0
                    found = [(a.number, a.title) for a in parse(raw).articles]
                    rows.append({
                        "doc": name, "role": role, "seed": seed, "despeckle": despeckle,
                        "cer": round(sd.char_error_rate(ref, raw.text), 5),
                        "articles_ok": found == arts, "articles_found": found,
                        "confidence": raw.meta["ocr_confidence"][0] if raw.meta.get("ocr_pages") else None,
                        "ocr_seconds_per_page": raw.meta.get("ocr_seconds"), "load_seconds": round(wall, 2),
                        "ref_chars": len(" ".join(ref.split())),
                    })
                    print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
            for turn in (90, 180):  # put on the scanner sideways / upside down (default settings)
                pdf = tmpd / f"{name}-turned{turn}.pdf"
                sd.render_page(page, seed=0).rotate(turn, expand=True).save(pdf, "PDF", resolution=sd.DPI)
                t0 = time.perf_counter()
                (raw,) = load(pdf, settings=Settings(cache_dir=tmpd / f"cache-{name}-turn{turn}"))
                wall = time.perf_counter() - t0
                found = [(a.number, a.title) for a in parse(raw).articles]
                turned.append({"doc": name, "turned_ccw": turn, "cer": round(sd.char_error_rate(ref, raw.text), 5),
                               "articles_ok": found == arts, "rotated_back": raw.meta.get("ocr_rotated"),
                               "ocr_seconds_per_page": raw.meta.get("ocr_seconds"), "load_seconds": round(wall, 2)})
                print(json.dumps(turned[-1], ensure_ascii=False), flush=True)
    tver = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    summary = {}
    for name in docs:
        for despeckle in (True, False):
            sel = [r for r in rows if r["doc"] == name and r["despeckle"] == despeckle]
            summary[f"{name}/despeckle={despeckle}"] = {
                "mean_cer": round(sum(r["cer"] for r in sel) / len(sel), 5),
                "max_cer": max(r["cer"] for r in sel),
                "articles_ok": f"{sum(r['articles_ok'] for r in sel)}/{len(sel)}",
                "mean_ocr_seconds_per_page": round(sum(r["ocr_seconds_per_page"] for r in sel) / len(sel), 2),
            }
    out = {"tesseract": tver, "machine": platform.platform(), "settings": {"ocr_dpi": Settings().ocr_dpi,
           "ocr_lang": Settings().ocr_lang}, "summary": summary, "runs": rows, "turned": turned,
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "metrics.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    lines = [f"# OCR on rendered scanned pages ({out['date']})", "",
             f"{tver}, `ocr_dpi` {out['settings']['ocr_dpi']}, lang `{out['settings']['ocr_lang']}`, "
             f"{args.seeds} noise seeds per document; one page each; empty cache. Command: "
             f"`python eval/bench_ocr.py --out {args.out}`.", "",
             "| document | despeckle | mean CER | max CER | articles parsed right | OCR s/page (render+recognise) |",
             "|---|---|---|---|---|---|"]
    for key, v in summary.items():
        name, desp = key.split("/")
        lines.append(f"| {name} ({docs[name][2]}) | {desp.split('=')[1]} | {v['mean_cer']:.2%} | {v['max_cer']:.2%} | "
                     f"{v['articles_ok']} | {v['mean_ocr_seconds_per_page']} |")
    lines += ["", "Pages put on the scanner turned (seed 0, default settings: orientation detection when the first "
              "reading's confidence is below 70):", "",
              "| document | turned (counter-clockwise) | turned back | CER | articles parsed right | OCR s/page |",
              "|---|---|---|---|---|---|"]
    for r in turned:
        lines.append(f"| {r['doc']} | {r['turned_ccw']}° | {r['rotated_back']} | {r['cer']:.2%} | {r['articles_ok']} | "
                     f"{r['ocr_seconds_per_page']} |")
    lines += ["", "Per run: `metrics.json`."]
    (args.out / "report.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
