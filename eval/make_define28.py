"""Definition questions in varied forms over Pháp điển (helper h-define2): ``eval/data/phapdien_define28.json``.

A blind set written before any change to the definition lookup (``assistant/definitions.py``). Every term is drawn at
random (seed 28) from defining khoản of definitions articles ("Giải thích từ ngữ" / "… được hiểu như sau:",
"<n>. <term> là …", the pool of ``make_define26.py``), one đề mục file at a time (a file drawn first, then one of its
defining khoản), never a term of define26. Each item tests one way a definition question departs from "<term> là gì?":

* ``embedded`` (8): the term inside a longer, chatty question ("Cho tôi hỏi … là gì vậy?");
* ``unmarked`` (8): the whole question typed without diacritics;
* ``wording`` (6): other wordings and word orders ("Pháp luật định nghĩa … như thế nào?", "Định nghĩa của … trong
  luật là gì?", "… nghĩa là gì?", "Hiểu thế nào về …?");
* ``shorter`` (8): the question names a defined term without its trailing modifier ("người lao động nước ngoài" for
  "Người lao động nước ngoài làm việc tại Việt Nam là …"): the term cut before a linking word (của, tại, trong, …),
  the cut form defined nowhere. Gold: every article defining a term that starts with the cut form (at most 3);
* ``longer`` (6): the question adds a modifier found after the term in the corpus ("… nước ngoài", "… cấp tỉnh"): a
  defined term followed in some text by one of ``MODIFIERS``, the longer phrase defined nowhere and no defined term
  starting with it. Gold: the articles defining the term;
* ``abbrev`` (4): the abbreviation a definition gives in brackets ("Chỉ số phát triển giới (GDI) là …" → "GDI là
  gì?"). Gold: that article;
* ``several`` (8): a term defined by definitions articles of two or more documents; 4 asked plainly (gold: every
  such article), 4 naming one document ("Theo Nghị định số …, X là gì?"; gold: that document's article).

Gold is the article whose line defines the term (law_id = đề mục file, article_id). ``kind`` records the variant.

    ASSISTANT_INDEXES_DIR=/work/main/indexes PYTHONPATH=. python eval/make_define28.py
"""
from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

from assistant.config import get_settings
from assistant.index import Index

OUT = Path(__file__).resolve().parent / "data" / "phapdien_define28.json"
D26 = Path(__file__).resolve().parent / "data" / "phapdien_define26.json"
DEF_TITLE = re.compile(r"^\s*(giải thích từ ngữ|giải thích thuật ngữ)\s*\.?\s*$", re.I)
KHOAN_TERM = re.compile(r"^\s*\d+\s*\.\s*\*?\s*([^\n:;,()]{3,60}?)\s*\*?\s+(?:là|được hiểu là)\s+\S")
ABBR_LINE = re.compile(r"^\s*\d+[a-zđ]?\s*[.)]\s*\*?([^:;()\n]{3,80}?)\*?\s*\(([^)]{1,60})\)\s*\*?\s*(?:là|được hiểu là)\s")
CUT_WORDS = ("của", "tại", "quy định", "trong", "cho", "theo", "làm", "về", "đối với", "thuộc", "trên", "để", "từ")
MODIFIERS = ("nước ngoài", "trong nước", "Việt Nam", "cấp tỉnh", "cấp huyện", "cấp xã", "nhà nước", "tư nhân",
             "công lập", "quốc tế", "địa phương", "trung ương", "điện tử", "quân đội", "công an")
EMBEDDED = ("cho tôi hỏi {l} là gì vậy?", "Mình đang làm hồ sơ, không rõ {l} là gì ạ?",
            "Anh chị cho em hỏi thế nào là {l} nhỉ?", "Cho hỏi {l} được hiểu như thế nào theo quy định hiện nay?",
            "Xin hỏi luật sư, {l} là gì ạ?", "Tôi thấy văn bản nhắc đến {l}, vậy {l} là gì?",
            "Cho mình hỏi khái niệm {l} với ạ", "Em chưa hiểu {l} là gì, mong được giải đáp")
WORDING = ("Pháp luật định nghĩa {l} như thế nào?", "Định nghĩa của {l} trong luật là gì?", "{t} nghĩa là gì?",
           "Hiểu thế nào về {l}?", "{t} được định nghĩa ra sao?", "Thuật ngữ {l} có nghĩa là gì?")
PLAIN = ("{t} là gì?", "Thế nào là {l}?", "{t} được hiểu như thế nào?", "Khái niệm {l} là gì?")


def _clean(term: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*“”\"]", "", term).strip(" .'"))


def _unmark(s: str) -> str:
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in s if unicodedata.category(c) != "Mn"))


def _low(term: str) -> str:
    return term if term[:2].isupper() or term.split()[0].isupper() else term[0].lower() + term[1:]


def _doc(chunk) -> str:  # noqa: ANN001
    """"Nghị định số 13/2023/NĐ-CP" from "Điều 14 Nghị định số 13/2023/NĐ-CP"."""
    return re.sub(r"^Điều \S+ ", "", chunk.source_citation or "")


def main() -> None:
    ch = Index.open("phapdien", get_settings()).chunks
    art = {(c.law_id, c.article_id): c for c in ch if c.clause is None}
    done = {a["text"] for a in json.loads(D26.read_text(encoding="utf-8"))}
    done_terms = {re.sub(r"^(thế nào là|khái niệm|cho tôi hỏi) ", "", t.lower()).split(" là gì")[0]
                  .split(" được hiểu")[0].rstrip("?") for t in done}
    defs: dict[str, set] = {}    # folded term → {(law_id, article_id)}
    term_of: dict = {}           # (key, law_id, article_id) → (term as written, khoản text, chunk)
    abbrs = []                   # (abbreviation, term, law_id, article_id, line)
    for c in ch:
        if c.clause is None:
            continue
        a = art.get((c.law_id, c.article_id))
        if a is None or not (DEF_TITLE.match(a.article_title or "") or "được hiểu như sau" in a.text[:300]):
            continue
        m = KHOAN_TERM.match(c.text.replace("*", ""))
        if m:
            term = _clean(m.group(1))
            if 2 <= len(term.split()) <= 10 and term[0].isalpha():
                key = term.lower()
                defs.setdefault(key, set()).add((c.law_id, c.article_id))
                term_of.setdefault((key, c.law_id, c.article_id), (term, c.text, c))
        for line in c.text.replace("*", "").split("\n"):
            m = ABBR_LINE.match(line)
            if m:
                # the abbreviation of the whole term: the bracket is it, or ends "- X" / "viết tắt là X"
                ab = re.search(r"(?:^|\s-\s|viết tắt là\s)([A-ZĐ][A-ZĐ0-9]{1,9})\s*$", m.group(2).strip())
                if ab:
                    abbrs.append((ab.group(1), _clean(m.group(1)), c.law_id, c.article_id, line))
    keys = sorted(k for k in defs if k not in done_terms)
    by_file: dict[str, list[str]] = {}
    for k in keys:
        for law, _ in defs[k]:
            by_file.setdefault(law, []).append(k)
    rng = random.Random(28)
    used: set[str] = set()
    used_files: set[str] = set()

    def draw(ok) -> tuple[str, tuple]:  # noqa: ANN001
        """A đề mục file at random (each file once while any is left), then one of its terms passing ``ok``."""
        files = sorted(by_file)
        rng.shuffle(files)
        files.sort(key=lambda f: f in used_files)
        for f in files:
            cands = sorted({k for k in by_file[f] if k not in used and ok(k)})
            if cands:
                k = rng.choice(cands)
                used.add(k)
                used_files.add(f)
                return k, next(g for g in sorted(defs[k]) if g[0] == f)
        raise RuntimeError("pool empty")

    def item(text, gold, kind, answer):  # noqa: ANN001
        return {"question_type": "Tự luận", "text": text,
                "relevant_articles": [{"law_id": l, "article_id": a} for l, a in sorted(gold)],
                "answer": re.sub(r"\s+", " ", answer.replace("*", ""))[:300], "kind": kind}

    out = []
    for n, tpl in enumerate(EMBEDDED):
        k, g = draw(lambda k: len(k.split()) <= 6)
        term, text, _ = term_of[(k, *g)]
        out.append(item(tpl.format(l=_low(term)), defs[k], "embedded", text))
    for n in range(8):
        k, g = draw(lambda k: len(k.split()) <= 6)
        term, text, _ = term_of[(k, *g)]
        q = PLAIN[n % len(PLAIN)].format(t=term[0].upper() + term[1:], l=_low(term))
        out.append(item(_unmark(q).lower() if n % 2 else _unmark(q), defs[k], "unmarked", text))
    for tpl in WORDING:
        k, g = draw(lambda k: len(k.split()) <= 6)
        term, text, _ = term_of[(k, *g)]
        out.append(item(tpl.format(t=term[0].upper() + term[1:], l=_low(term)), defs[k], "wording", text))

    def cut(k: str) -> str | None:
        w = k.split()
        for i in range(2, len(w)):
            if any(" ".join(w[i:i + len(cw.split())]) == cw for cw in CUT_WORDS):
                head = " ".join(w[:i])
                longer = [t for t in defs if t.startswith(head + " ")]
                if head not in defs and 1 <= len(longer) <= 3 and len(head.split()) >= 2:
                    return head
                return None
        return None

    for n in range(8):
        k, g = draw(lambda k: len(k.split()) >= 4 and cut(k) is not None)
        head = cut(k)
        term, text, _ = term_of[(k, *g)]
        head_w = term[: len(head)]
        gold = set().union(*(defs[t] for t in defs if t.startswith(head + " ")))
        out.append(item(PLAIN[n % len(PLAIN)].format(t=head_w[0].upper() + head_w[1:], l=_low(head_w)), gold,
                        "shorter", text))
    full = "\n".join(c.text for c in ch if c.clause is None).lower()
    mods = [m.lower() for m in MODIFIERS]

    seen_before: set[str] = set()  # "<1–4 words> <modifier>" phrases of the corpus
    for m in mods:
        for x in re.finditer(rf"((?:\w+ ){{1,4}}){re.escape(m)}(?!\w)", full):
            w = x.group(1).split()
            seen_before.update(" ".join(w[i:] + [m]) for i in range(len(w)))

    def longer(k: str) -> str | None:
        if len(k.split()) > 4:
            return None
        for m in mods:
            p = f"{k} {m}"
            if p in defs or any(t.startswith(p) for t in defs):
                continue
            if p in seen_before:
                return p
        return None

    cand_long = {k for k in keys if len(k.split()) <= 4}
    for n in range(6):
        k, g = draw(lambda k: k in cand_long and longer(k) is not None)
        p = longer(k)
        term, text, _ = term_of[(k, *g)]
        asked = term + " " + MODIFIERS[mods.index(p[len(k) + 1:])]
        out.append(item(PLAIN[n % len(PLAIN)].format(t=asked[0].upper() + asked[1:], l=_low(asked)), defs[k],
                        "longer", text))
    abbrs = sorted({a[0]: a for a in sorted(abbrs)}.values())
    abbrs = [a for a in abbrs if len(a[0]) >= 3]  # a two-letter abbreviation is too ambiguous to ask alone
    for a in rng.sample(abbrs, 4):
        out.append(item(f"{a[0]} là gì?", {(a[2], a[3])}, "abbrev", a[4]))

    def docs_of(k: str) -> dict[str, tuple]:
        return {_doc(term_of[(k, *g)][2]): g for g in sorted(defs[k])}

    several = sorted(k for k in keys if len(docs_of(k)) >= 2 and len(k.split()) <= 6 and k not in used)
    for n, k in enumerate(rng.sample(several, 8)):
        used.add(k)
        g0 = sorted(defs[k])[0]
        term, text, _ = term_of[(k, *g0)]
        if n % 2 == 0:
            out.append(item(PLAIN[n // 2 % len(PLAIN)].format(t=term[0].upper() + term[1:], l=_low(term)), defs[k],
                            "several", text))
        else:
            d = docs_of(k)
            doc = rng.choice(sorted(d))
            g = d[doc]
            term, text, _ = term_of[(k, *g)]
            out.append(item(f"Theo {doc}, {_low(term)} là gì?", {g}, "several-named", text))
    for n, it in enumerate(out, 1):
        it["question_id"] = f"pd_define28_{n:03d}"
    out = [{"question_id": it.pop("question_id"), **it} for it in out]
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(out), "→", OUT, "; defined terms", len(defs), "files", len(by_file), "abbreviations", len(abbrs),
          "several", len(several))


if __name__ == "__main__":
    main()
