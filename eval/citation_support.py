"""Citation precision as the issue defines it ("cited articles are gold or support the answer"), beside the strict one.

Reads the ``answers.jsonl`` written by ``assistant eval answers`` and a JSONL file of hand labels, one object a line:
``{"question_id", "law_id", "article_id", "supports": true|false, "why": "<one short sentence>"}`` for cited
articles that are not gold (criteria: ``eval/data/README.md``). For the answered in-scope questions (not refused,
no error; the same set and averaging as ``citation_precision`` in ``assistant/evaluation/answer_eval.py``) it computes

- strict precision  = mean of |cited ∩ gold| / |cited|,
- lenient precision = mean of |cited ∩ (gold ∪ labelled supporting)| / |cited|,

where an answer with no citation scores 0 in both. The strict figure is recomputed from ``cited``/``gold`` and
checked against each row's ``citation_precision`` (and ``metrics.json`` beside the answers file, when present).

Every non-gold cited article must have a label: if some have none, the script lists them and exits with code 2,
unless ``--allow-missing`` (then they count as not supporting and the report says how many). Labels for pairs that
are not non-gold citations of an answered question are listed as unused (they do not count). ``--articles`` (the
ALQAC ``corpus.json`` or an index's ``chunks.jsonl``) adds the start of each cited article to the Markdown report and
checks that every labelled article exists. Writes ``<out>.json`` and ``<out>.md``.

It does not label anything, does not judge whether an answer is right, and never replaces the strict metric.

    python eval/citation_support.py eval/reports/answers-test-afternoon/answers.jsonl \\
        eval/data/citation_support_alqac_test.jsonl --articles ../shared/data/alqac2025/corpus.json \\
        --out eval/reports/citation-support-alqac-test
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

Key = tuple[str, str, str]  # (question_id, law_id, article_id)
EXCERPT_CHARS = 160


class InputError(ValueError):
    """Bad input file; the message names the file and the problem."""


def _nfc(s: Any) -> str:
    return unicodedata.normalize("NFC", str(s)).strip()


def _jsonl(path: Path) -> list[tuple[int, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: không tìm thấy tệp") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: không phải UTF-8 ({e})") from None
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            raise InputError(f"{path}, dòng {n}: JSON không hợp lệ ({e.msg})") from None
    if not out:
        raise InputError(f"{path}: tệp rỗng")
    return out


def load_answers(path: Path) -> list[dict[str, Any]]:
    """Rows of an ``assistant eval answers`` answers.jsonl, checked for the fields this script reads."""
    rows = []
    for n, r in _jsonl(path):
        need = ("question_id", "in_scope", "refused", "error", "gold", "cited")
        miss = [k for k in need if not isinstance(r, dict) or k not in r]
        if miss:
            raise InputError(f"{path}, dòng {n}: thiếu trường {', '.join(miss)} (không phải answers.jsonl của 'assistant eval answers'?)")
        r["_line"] = n
        rows.append(r)
    return rows


def load_labels(path: Path) -> dict[Key, dict[str, Any]]:
    """Labels keyed by (question_id, law_id, article_id), NFC; duplicates and mistyped fields are errors."""
    out: dict[Key, dict[str, Any]] = {}
    for n, obj in _jsonl(path):
        if not isinstance(obj, dict):
            raise InputError(f"{path}, dòng {n}: mỗi dòng phải là một đối tượng JSON")
        for k in ("question_id", "law_id", "article_id", "why"):
            if not isinstance(obj.get(k), str) or not obj[k].strip():
                raise InputError(f"{path}, dòng {n}: trường '{k}' phải là chuỗi không rỗng")
        if not isinstance(obj.get("supports"), bool):
            raise InputError(f"{path}, dòng {n}: trường 'supports' phải là true hoặc false")
        key = (_nfc(obj["question_id"]), _nfc(obj["law_id"]), _nfc(obj["article_id"]))
        if key in out:
            raise InputError(f"{path}, dòng {n}: nhãn trùng cho {key[0]} / {key[1]} Điều {key[2]} (đã có ở dòng {out[key]['line']})")
        out[key] = {"supports": obj["supports"], "why": _nfc(obj["why"]), "line": n}
    return out


def load_articles(path: Path) -> dict[tuple[str, str], str]:
    """Article texts from the ALQAC ``corpus.json`` (list of {law_id, articles}) or an index's ``chunks.jsonl``.

    For chunks, an article's text is its article-level chunk (``clause`` null) when there is one, else its chunks
    joined in file order.
    """
    if path.suffix == ".jsonl":
        whole: dict[tuple[str, str], str] = {}
        parts: dict[tuple[str, str], list[str]] = {}
        for n, c in _jsonl(path):
            if not isinstance(c, dict) or not all(k in c for k in ("law_id", "article_id", "text")):
                raise InputError(f"{path}, dòng {n}: đoạn (chunk) thiếu law_id, article_id hoặc text")
            key = (_nfc(c["law_id"]), _nfc(c["article_id"]))
            if c.get("clause") is None and key not in whole:
                whole[key] = c["text"]
            parts.setdefault(key, []).append(c["text"])
        return {k: whole.get(k) or "\n".join(v) for k, v in parts.items()}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: không tìm thấy tệp") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: không đọc được JSON ({e})") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: phải là danh sách {{law_id, articles}} (corpus.json của ALQAC) hoặc tệp chunks.jsonl")
    out = {}
    for i, law in enumerate(data):
        if not isinstance(law, dict) or "law_id" not in law or not isinstance(law.get("articles"), list):
            raise InputError(f"{path}: phần tử {i} thiếu law_id hoặc articles")
        for a in law["articles"]:
            out[(_nfc(law["law_id"]), _nfc(a["article_id"]))] = a["text"]
    return out


def _pairs(xs: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for x in xs or []:
        p = (_nfc(x[0]), _nfc(x[1]))
        if p not in out:
            out.append(p)
    return out


def compute(rows: list[dict[str, Any]], labels: dict[Key, dict[str, Any]]) -> dict[str, Any]:
    """Strict and lenient precision over answered in-scope rows, the label counts and the unlabelled pairs."""
    answered = [r for r in rows if r["in_scope"] and not r["refused"] and not r["error"]]
    per_q: list[dict[str, Any]] = []
    used: set[Key] = set()
    missing: list[dict[str, str]] = []
    mismatch: list[str] = []
    decided: Counter[tuple[bool, str]] = Counter()
    for r in answered:
        qid = _nfc(r["question_id"])
        gold = set(_pairs(r["gold"]))
        cited = _pairs(r["cited"])
        hits = sum(1 for c in cited if c in gold)
        ok = hits
        pairs = []
        for law, art in cited:
            if (law, art) in gold:
                continue
            key = (qid, law, art)
            lab = labels.get(key)
            if lab is None:
                missing.append({"question_id": qid, "law_id": law, "article_id": art})
            else:
                used.add(key)
                ok += 1 if lab["supports"] else 0
            if lab is not None:
                state = ("no gold label" if r.get("gold_label") is None else "no decided label" if r.get("label") is None
                         else "right" if r.get("label") == r.get("gold_label") else "wrong")
                decided[(lab["supports"], state)] += 1
            pairs.append({"law_id": law, "article_id": art,
                          "supports": None if lab is None else lab["supports"], "why": None if lab is None else lab["why"]})
        strict = hits / len(cited) if cited else 0.0
        lenient = ok / len(cited) if cited else 0.0
        stored = r.get("citation_precision")
        if stored is not None and abs(stored - strict) > 1e-9:
            mismatch.append(f"{qid}: {stored} ≠ {strict}")
        per_q.append({"question_id": qid, "type": r.get("type"), "n_cited": len(cited), "n_gold_cited": hits,
                      "strict": strict, "lenient": lenient, "non_gold": pairs})
    if mismatch:
        raise InputError("độ chính xác trích dẫn tính lại khác giá trị trong answers.jsonl: " + "; ".join(mismatch[:5]))

    def mean(xs: list[float]) -> float | None:
        return sum(xs) / len(xs) if xs else None

    def block(qs: list[dict[str, Any]]) -> dict[str, Any]:
        return {"n_answered": len(qs), "citation_precision_strict": mean([q["strict"] for q in qs]),
                "citation_precision_lenient": mean([q["lenient"] for q in qs]),
                "n_perfect_strict": sum(1 for q in qs if q["strict"] == 1.0),
                "n_perfect_lenient": sum(1 for q in qs if q["lenient"] == 1.0)}

    labelled = [labels[k] for k in used]
    out = block(per_q)
    out.update({
        "n_in_scope": sum(1 for r in rows if r["in_scope"]),
        "n_cited": sum(q["n_cited"] for q in per_q),
        "n_cited_gold": sum(q["n_gold_cited"] for q in per_q),
        "n_non_gold_cited": sum(len(q["non_gold"]) for q in per_q),
        "n_questions_with_non_gold": sum(1 for q in per_q if q["non_gold"]),
        "n_labelled": len(labelled),
        "n_supports_yes": sum(1 for x in labelled if x["supports"]),
        "n_supports_no": sum(1 for x in labelled if not x["supports"]),
        "n_unlabelled": len(missing),
        "labels_by_answer_label": {("supports" if k[0] else "does_not_support") + ": " + k[1]: v
                                   for k, v in sorted(decided.items())},
        "unlabelled": missing,
        "unused_labels": [{"question_id": k[0], "law_id": k[1], "article_id": k[2]} for k in labels if k not in used],
    })
    types = sorted({q["type"] or "" for q in per_q})
    out["per_type"] = {t: block([q for q in per_q if (q["type"] or "") == t]) for t in types}
    out["questions"] = per_q
    return out


def _suffixed(out: Path, suffix: str) -> Path:
    return out.with_name(out.name + suffix)


def _f(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}"


def write_reports(res: dict[str, Any], out: Path, articles: dict[tuple[str, str], str] | None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    _suffixed(out, ".json").write_text(json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8")
    c = res["config"]
    L = [
        "# Citation precision: strict (gold only) vs lenient (gold or supporting)",
        "",
        f"Answers: `{c['answers']}`; labels: `{c['labels']}`; article texts: `{c['articles'] or '–'}`.",
        "Mean over answered in-scope questions of |cited ∩ gold| / |cited| (strict, `assistant eval answers`) and",
        "|cited ∩ (gold ∪ supporting)| / |cited| (lenient, the issue's definition); no citation scores 0.",
        "Supporting = hand label `supports: true` (criteria in `eval/data/README.md`). The strict figure is the reported one.",
        "",
        "| | strict | lenient |",
        "|---|---|---|",
        f"| citation precision | **{_f(res['citation_precision_strict'])}** | **{_f(res['citation_precision_lenient'])}** |",
        f"| answers whose every citation counts | {res['n_perfect_strict']} / {res['n_answered']} | {res['n_perfect_lenient']} / {res['n_answered']} |",
        "",
        f"- Answered in-scope questions: {res['n_answered']} (of {res['n_in_scope']} in scope); cited articles: {res['n_cited']}, "
        f"of which gold {res['n_cited_gold']}, not gold {res['n_non_gold_cited']} (in {res['n_questions_with_non_gold']} answers).",
        f"- Labelled non-gold pairs: {res['n_labelled']} — supports **yes {res['n_supports_yes']}**, **no {res['n_supports_no']}**; "
        f"unlabelled: {res['n_unlabelled']}" + (" (counted as not supporting: --allow-missing)" if res["n_unlabelled"] else "") + "; "
        f"unused labels: {len(res['unused_labels'])}.",
        "- A label judges the article against the gold answer, not against the label the system decided; labelled pairs by "
        "the system's decided label (Đúng/Sai, letter) vs gold: "
        + (", ".join(f"{k} {v}" for k, v in res["labels_by_answer_label"].items()) or "–") + ".",
        "",
        "## By question type",
        "",
        "| type | answered | strict | lenient |",
        "|---|---|---|---|",
    ]
    for t, b in res["per_type"].items():
        L.append(f"| {t or '–'} | {b['n_answered']} | {_f(b['citation_precision_strict'])} | {_f(b['citation_precision_lenient'])} |")
    L += ["", "## Non-gold cited articles", "",
          "| question | article | supports | why | article starts |", "|---|---|---|---|---|"]
    for q in res["questions"]:
        for p in q["non_gold"]:
            text = (articles or {}).get((p["law_id"], p["article_id"])) or ""
            text = " ".join(text.split())[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
            sup = {True: "yes", False: "no", None: "**unlabelled**"}[p["supports"]]
            cell = lambda s: (s or "").replace("|", "\\|")  # noqa: E731
            L.append(f"| {q['question_id']} | Điều {p['article_id']} {p['law_id']} | {sup} | {cell(p['why'])} | {cell(text)} |")
    _suffixed(out, ".md").write_text("\n".join(L) + "\n", encoding="utf-8")


def run(answers: Path, labels_path: Path, out: Path | None, articles_path: Path | None = None,
        allow_missing: bool = False) -> dict[str, Any]:
    """Compute, check and (when ``out``) write the reports; raise ``InputError`` on bad input or missing labels."""
    rows = load_answers(answers)
    labels = load_labels(labels_path)
    articles = load_articles(articles_path) if articles_path else None
    if articles is not None:
        absent = [k for k in labels if (k[1], k[2]) not in articles]
        if absent:
            raise InputError(f"{labels_path}: {len(absent)} nhãn trỏ tới điều không có trong {articles_path}: "
                             + "; ".join(f"{q} / {law} Điều {a}" for q, law, a in absent[:5]))
    res = compute(rows, labels)
    if res["unlabelled"] and not allow_missing:
        lines = "\n".join(f"  {m['question_id']}\t{m['law_id']}\tĐiều {m['article_id']}" for m in res["unlabelled"])
        raise InputError(f"{labels_path}: {len(res['unlabelled'])} điều được trích dẫn (không phải điều đúng) chưa có nhãn "
                         f"trong {answers} (thêm nhãn hoặc dùng --allow-missing):\n{lines}")
    metrics = answers.parent / "metrics.json"
    reported = None
    if metrics.exists():
        reported = json.loads(metrics.read_text(encoding="utf-8")).get("citation_precision")
        if reported is not None and res["citation_precision_strict"] is not None \
                and abs(reported - res["citation_precision_strict"]) > 1e-9:
            raise InputError(f"{metrics}: citation_precision {reported} khác giá trị tính lại {res['citation_precision_strict']}")
    res = {"config": {"answers": str(answers), "labels": str(labels_path),
                      "articles": str(articles_path) if articles_path else None, "allow_missing": allow_missing,
                      "metrics_json_citation_precision": reported}, **res}
    if out is not None:
        write_reports(res, out, articles)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("answers", type=Path, help="answers.jsonl from 'assistant eval answers'")
    ap.add_argument("labels", type=Path, help="JSONL of {question_id, law_id, article_id, supports, why}")
    ap.add_argument("--out", type=Path, required=True, help="report path without suffix (writes .json and .md)")
    ap.add_argument("--articles", type=Path, help="ALQAC corpus.json or an index's chunks.jsonl (article excerpts + checks)")
    ap.add_argument("--allow-missing", action="store_true", help="count unlabelled non-gold citations as not supporting")
    a = ap.parse_args(argv)
    try:
        res = run(a.answers, a.labels, a.out, a.articles, a.allow_missing)
    except InputError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    print(f"citation precision strict {_f(res['citation_precision_strict'])} | lenient {_f(res['citation_precision_lenient'])} "
          f"(answered {res['n_answered']}; non-gold cited {res['n_non_gold_cited']}: supports yes {res['n_supports_yes']}, "
          f"no {res['n_supports_no']}, unlabelled {res['n_unlabelled']}) → {_suffixed(a.out, '.json')}, {_suffixed(a.out, '.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
