"""How well the statute parser reads article headings in PDF-like text: every ALQAC law is re-written as a statute
("Điều N. <title>" + body lines, the titles and bodies of the ALQAC split) and each paragraph wrapped at ``--width``
characters, as a PDF text layer gives it; the text is parsed as a PDF (``legal.parse``) and compared with the ALQAC
split: articles missing, articles found that are not there (or twice), titles that differ (whitespace normalised).
The same with "Điều N." alone on its line and the title on the next (separate bold runs in PDF/DOCX). A last run
breaks the line right before every "Điều N" reference in the bodies ("… quy định tại" / "Điều 6.").

    python eval/parse_pdf_wrap.py --width 70 85 --out eval/reports/parse-pdf-wrap.json
    python eval/parse_pdf_wrap.py --width 0          # no wrapping: what the harness itself changes

Width 0 shows the differences that do not come from wrapping (untitled Hiến pháp articles whose first sentence
the harness puts on the Điều line, …); subtract them. Nothing is indexed; the ALQAC corpus is read-only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "alqac2025" / "corpus.json"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/data/alqac2025/corpus.json")


_REF_AT = re.compile(r"(?<=\S )(?=Điều \d+[a-zđ]?(?:[.:]| của| Luật| Bộ luật| Nghị định| Thông tư| này))")


def run_refs(laws: list[dict]) -> dict:
    """The other direction: a line break put right before every "Điều N" reference inside an article body
    ("… quy định tại" / "Điều 5 của Luật này …", "… tại khoản 2" / "Điều 6."); counts articles missing and
    spurious (or duplicated) article numbers."""
    from assistant.legal import parse
    from assistant.records import RawDocument

    breaks = missing = spurious = 0
    for law in laws:
        ref = parse(RawDocument(doc_id=law["law_id"], source_path="-", format="alqac", text="", checksum="-",
                                articles=[(a["article_id"], a["text"]) for a in law["articles"]]))
        lines = ["QUỐC HỘI", "Luật số: 1/2020/QH14", "LUẬT", law["law_id"].upper()]
        for a in ref.articles:
            lines.append(f"Điều {a.number}. {a.title}".rstrip())
            for para in a.text.split("\n"):
                parts = _REF_AT.split(para)
                breaks += len(parts) - 1
                lines.extend(parts)
        d = parse(RawDocument(doc_id="x", source_path="x", format="pdf", text="\n".join(lines), checksum="-"))
        got = [a.number for a in d.articles if a.kind == "article"]
        known = [a.number for a in ref.articles]
        missing += len(set(known) - set(got))
        spurious += len(got) - len(set(got)) + len(set(got) - set(known))
    return {"reference_line_breaks": breaks, "missing": missing, "spurious": spurious}


def run(width: int, laws: list[dict], own_line: bool = False) -> dict:
    from assistant.legal import parse
    from assistant.records import RawDocument

    total = missing = spurious = titles = 0
    examples: list[list[str]] = []
    for law in laws:
        ref = parse(RawDocument(doc_id=law["law_id"], source_path="-", format="alqac", text="", checksum="-",
                                articles=[(a["article_id"], a["text"]) for a in law["articles"]]))
        lines = ["QUỐC HỘI", "Luật số: 1/2020/QH14", "LUẬT", law["law_id"].upper()]
        for a in ref.articles:
            head = [f"Điều {a.number}.", *([a.title] if a.title else [])] if own_line else [f"Điều {a.number}. {a.title}".rstrip()]
            for para in [*head, *a.text.split("\n")]:
                lines.extend((textwrap.wrap(para, width) or [""]) if width else [para])
        text = "\n".join(lines)
        d = parse(RawDocument(doc_id="x", source_path="x", format="pdf", text=text, checksum="-"))
        got: dict[str, object] = {}
        for a in d.articles:
            got.setdefault(a.number, a)
        known = {a.number for a in ref.articles}
        spurious += sum(1 for a in d.articles if a.number not in known) + (len(d.articles) - len(got))
        for a in ref.articles:
            total += 1
            g = got.get(a.number)
            if g is None:
                missing += 1
            elif re.sub(r"\s+", " ", g.title) != re.sub(r"\s+", " ", a.title):  # type: ignore[attr-defined]
                titles += 1
                if len(examples) < 10:
                    examples.append([law["law_id"], a.number, a.title[:80], g.title[:80]])  # type: ignore[attr-defined]
    return {"width": width, "title_on_own_line": own_line, "articles": total, "missing": missing, "spurious": spurious,
            "titles_differing": titles, "examples": examples}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, nargs="+", default=[0, 70, 85])
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    import assistant

    laws = json.loads(CORPUS.read_text(encoding="utf-8"))
    res = [run(w, laws, own) for own in (False, True) for w in a.width]
    for r in res:
        print(f"{'title on its own line, ' if r['title_on_own_line'] else ''}width {r['width']:>3}: articles {r['articles']}, missing {r['missing']}, spurious {r['spurious']}, "
              f"titles differing {r['titles_differing']}")
    refs = run_refs(laws)
    print(f"line break before each 'Điều N' reference ({refs['reference_line_breaks']}): missing {refs['missing']}, "
          f"spurious {refs['spurious']}")
    if a.out:
        a.out.write_text(json.dumps({"assistant": str(Path(assistant.__file__).parent), "runs": res, "references": refs},
                                    ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
