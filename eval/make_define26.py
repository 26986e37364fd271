"""Definition questions over Pháp điển (helper h-define): ``eval/data/phapdien_define26.json``.

Terms drawn at random (seed 26) from the Pháp điển index's chunks: 21 from definitions khoản ("Giải thích từ ngữ" /
"… được hiểu như sau:" articles, "<n>. <term> là …") and 5 from "<term> là …" sentences that open a khoản of another
article. Gold: every article of the collection whose definitions khoản / sentence defines that very term. The
question wording rotates over the ways officials ask ("X là gì?", "Thế nào là X?", "X được hiểu như thế nào?",
"Khái niệm X", "Cho tôi biết X là gì"). Written before any system run on it.

    ASSISTANT_INDEXES_DIR=/work/main/indexes PYTHONPATH=. python eval/make_define26.py
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from assistant.config import get_settings
from assistant.index import Index

OUT = Path(__file__).resolve().parent / "data" / "phapdien_define26.json"
DEF_TITLE = re.compile(r"^\s*(giải thích từ ngữ|giải thích thuật ngữ)\s*\.?\s*$", re.I)
# outside a definitions article, only a sentence whose predicate opens like a definition ("… là việc / hoạt động /
# người …"), not "… là cơ sở để …", "… bị coi là …"
DEF_HEAD = re.compile(r"\s+là\s+(?:việc|hoạt động|quá trình|người|tổ chức|cá nhân|khả năng|hành vi|văn bản|tài sản|"
                      r"hình thức|phương thức|nơi|khoản tiền|số tiền|giấy|loại|sự|các|công trình|chế độ)\s")
KHOAN_TERM = re.compile(r"^\s*\d+\s*\.\s*\*?\s*([^\n:;,()]{3,60}?)\s*\*?\s+là\s+\S")
TEMPLATES = ("{t} là gì?", "Thế nào là {l}?", "{t} được hiểu như thế nào?", "Khái niệm {l} là gì?",
             "Cho tôi hỏi {l} là gì?")


def _clean(term: str) -> str:
    return re.sub(r"\s+", " ", term.replace("*", "").strip(" .“”\"'"))


def main() -> None:
    ch = Index.open("phapdien", get_settings()).chunks
    art_title = {}
    for c in ch:
        if c.clause is None:
            art_title[(c.law_id, c.article_id)] = (c.article_title, c.text)
    defs: dict[str, set] = {}   # folded term → {(law_id, article_id)}
    other: dict[str, set] = {}
    text_of: dict = {}
    for c in ch:
        if c.clause is None:
            continue
        m = KHOAN_TERM.match(c.text)
        if not m:
            continue
        term = _clean(m.group(1))
        if len(term.split()) < 2 or len(term.split()) > 9 or not term[0].isalpha():
            continue
        title, body = art_title.get((c.law_id, c.article_id), ("", ""))
        is_def = bool(DEF_TITLE.match(title or "")) or "được hiểu như sau" in body[:300]
        if not is_def and (not DEF_HEAD.search(c.text[: m.end() + 30]) or term.split()[0].lower() in ("bị", "được", "đối", "trường", "trong", "khi", "nếu")):
            continue
        key = term.lower()
        (defs if is_def else other).setdefault(key, set()).add((c.law_id, c.article_id))
        text_of.setdefault((key, c.law_id, c.article_id), (term, c.text))
    rng = random.Random(26)
    picks = [(k, "def") for k in rng.sample(sorted(defs), 21)]
    picks += [(k, "other") for k in rng.sample(sorted(k for k in other if k not in defs), 5)]
    out = []
    for n, (key, kind) in enumerate(picks, 1):
        gold = sorted((defs if kind == "def" else other)[key])
        term, text = text_of[(key, *gold[0])]
        low = term[0].lower() + term[1:] if not term[:2].isupper() else term
        tpl = TEMPLATES[(n - 1) % len(TEMPLATES)]
        out.append({"question_id": f"pd_define26_{n:03d}", "question_type": "Tự luận",
                    "text": tpl.format(t=term[0].upper() + term[1:], l=low),
                    "relevant_articles": [{"law_id": l, "article_id": a} for l, a in gold],
                    "answer": re.sub(r"\s+", " ", text.replace("*", ""))[:300], "kind": kind})
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(out), "→", OUT, "; defined terms", len(defs), "other", len(other))


if __name__ == "__main__":
    main()
