"""Question-file readers for evaluation: ALQAC format (JSON list or JSONL) and BEIR (queries + qrels).

What it does:
- reads a question file into ``Question`` records, NFC-normalising text and gold ids;
- validates it and raises ``DatasetError`` naming the file, the line and the item for every problem:
  empty file, bytes that are not UTF-8 (e.g. latin-1 / TCVN3), invalid JSON, missing or mistyped fields,
  duplicate ids, and (``check_articles``) gold articles that do not exist in the corpus;
- reads an ALQAC corpus file (``load_alqac_corpus``) for the baselines and for id checks;
- defines the fixed dev/test split of the ALQAC train file (see ``split_of``) and stores it once in
  ``eval/data/alqac_split.json``.

What it does not: retrieve, score or build indexes.

ALQAC question item (one JSON object)::

    {"question_id": "train_alqac25_51", "question_type": "Trắc nghiệm", "text": "…",
     "choices": {"A": "…", "B": "…"},            # optional (multiple choice)
     "relevant_articles": [{"law_id": "Luật Viên chức", "article_id": "29"}],   # [] = out of scope
     "answer": "A"}                                # optional

Required: ``question_id``, ``text``, ``relevant_articles``. ``question_type`` defaults to "Không phân loại".

BEIR: a folder with ``queries.jsonl`` (``{"_id", "text", "metadata"?}``) and ``qrels/<split>.tsv``
(``query-id  corpus-id  score``, header optional), or explicit paths. ``corpus-id`` is
``"<law_id>#<article_id>"`` (the article part of our chunk ids). Queries without positive qrels are out of
scope. ``metadata`` may carry ``question_type``, ``choices``, ``answer``.

Dev/test split (fixed, documented): ``sha1(question_id as UTF-8) interpreted as an integer, mod 10``;
``< 5`` → dev (tuning), otherwise test (reporting). The assignment of the ALQAC train file is frozen in
``eval/data/alqac_split.json``; ids found there use the stored assignment, other ids the same hash rule.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from assistant.config import PROJECT_ROOT

ArticleKey = tuple[str, str]  # (law_id, article_id)
QueryMode = Literal["text", "choices"]

DEFAULT_TYPE = "Không phân loại"
SPLIT_FILE = PROJECT_ROOT / "eval" / "data" / "alqac_split.json"
SPLIT_RULE = "sha1(question_id UTF-8) as integer % 10 < 5 → dev, else test"
_MAX_LISTED = 25


class DatasetError(ValueError):
    """A question or corpus file that cannot be used. ``problems`` lists every problem found."""

    def __init__(self, path: str | Path, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        shown = problems[:_MAX_LISTED]
        more = len(problems) - len(shown)
        body = "\n".join(f"  - {p}" for p in shown)
        if more > 0:
            body += f"\n  - … và {more} lỗi khác"
        super().__init__(f"{self.path}: tệp câu hỏi không hợp lệ ({len(problems)} lỗi)\n{body}")


@dataclass(frozen=True)
class Question:
    question_id: str
    text: str
    question_type: str = DEFAULT_TYPE
    relevant: tuple[ArticleKey, ...] = ()
    answer: str | None = None
    choices: dict[str, str] | None = field(default=None, compare=False, hash=False)
    line: int | None = None  # 1-based line where the item starts in the source file
    source: str = ""
    category: str | None = None  # out-of-scope set: off_topic, law_not_in_corpus, repealed_rule …

    @property
    def out_of_scope(self) -> bool:
        return not self.relevant

    @property
    def is_multiple_choice(self) -> bool:
        return bool(self.choices)

    def query(self, mode: QueryMode = "choices") -> str:
        """The query string. ``"choices"`` appends "A. … B. …" lines as an official would paste them."""
        if mode == "choices" and self.choices:
            opts = "\n".join(f"{k}. {v}" for k, v in self.choices.items())
            return f"{self.text}\n{opts}"
        return self.text

    def where(self) -> str:
        loc = f"dòng {self.line}" if self.line else "?"
        return f"{loc} (question_id={self.question_id})"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def without_marks(questions: list[Question]) -> list[Question]:
    """The questions as typed without Vietnamese marks ("thoi han nop ho so"): the robustness runs (``--unmarked``)."""
    from assistant.diacritics import strip_marks

    return [
        replace(q, text=strip_marks(q.text),
                choices={k: strip_marks(v) for k, v in q.choices.items()} if q.choices else q.choices)
        for q in questions
    ]


def article_docid(key: ArticleKey) -> str:
    """Document id of an article in runs/qrels: ``law_id#article_id``."""
    return f"{key[0]}#{key[1]}"


def parse_docid(docid: str) -> ArticleKey:
    law, sep, art = docid.rpartition("#")
    if not sep or not law or not art:
        raise ValueError(f"mã văn bản '{docid}' không có dạng law_id#article_id")
    return law, art


# ------------------------------------------------------------------ reading bytes
def read_text(path: Path, what: str = "tệp") -> str:
    """UTF-8 (BOM allowed) text of ``path``, NFC. Empty or non-UTF-8 files raise ``DatasetError``."""
    path = Path(path)
    if not path.exists():
        raise DatasetError(path, [f"{what} không tồn tại"])
    data = path.read_bytes()
    if not data.strip():
        raise DatasetError(path, [f"{what} rỗng (0 câu hỏi)"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise DatasetError(
            path,
            [
                f"dòng {line}, cột {col} (byte {e.start}): không phải UTF-8 (byte 0x{data[e.start]:02x}); "
                "có thể tệp được lưu bằng latin-1/cp1258/TCVN3 — hãy lưu lại dưới dạng UTF-8"
            ],
        ) from None
    if not text.strip():
        raise DatasetError(path, [f"{what} rỗng (0 câu hỏi)"])
    return nfc(text)


def _iter_json_items(text: str, path: Path) -> Iterator[tuple[int, int, Any]]:
    """Yield (item index, 1-based line, value) for a JSON list, a {"questions": [...]} object or JSONL."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        dec = json.JSONDecoder()
        pos = text.index("[") + 1
        line = text.count("\n", 0, pos) + 1
        last = pos
        idx = 0
        n = len(text)
        while True:
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            if pos >= n:
                raise DatasetError(path, [f"dòng {text.count(chr(10)) + 1}: JSON bị cắt cụt (thiếu ']')"])
            if text[pos] == "]":
                rest = text[pos + 1 :].strip()
                if rest:
                    ln = line + text.count("\n", last, pos)
                    raise DatasetError(path, [f"dòng {ln}: có dữ liệu thừa sau ']'"])
                return
            if idx > 0:
                if text[pos] != ",":
                    ln = line + text.count("\n", last, pos)
                    raise DatasetError(path, [f"dòng {ln}: JSON không hợp lệ, thiếu dấu ',' giữa các câu hỏi"])
                pos += 1
                while pos < n and text[pos] in " \t\r\n":
                    pos += 1
            line += text.count("\n", last, pos)
            last = pos
            try:
                value, end = dec.raw_decode(text, pos)
            except json.JSONDecodeError as e:
                raise DatasetError(
                    path, [f"dòng {e.lineno}, cột {e.colno} (câu hỏi #{idx + 1}): JSON không hợp lệ: {e.msg}"]
                ) from None
            yield idx, line, value
            idx += 1
            pos = end
    elif stripped.startswith("{") and (obj := _single_object(text, path)) is not None:
        # one JSON object: {"questions": [...]} or a single question
        items = obj.get("questions") if isinstance(obj, dict) and isinstance(obj.get("questions"), list) else [obj]
        for i, v in enumerate(items):
            yield i, 1, v
    else:  # JSONL
        idx = 0
        for ln, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as e:
                raise DatasetError(path, [f"dòng {ln}, cột {e.colno}: JSON không hợp lệ: {e.msg}"]) from None
            yield idx, ln, value
            idx += 1


def _single_object(text: str, path: Path) -> Any | None:
    """The value if ``text`` is exactly one JSON object, None if it looks like JSONL (extra data)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":
            return None
        raise DatasetError(path, [f"dòng {e.lineno}, cột {e.colno}: JSON không hợp lệ: {e.msg}"]) from None


def _as_id(v: Any) -> str | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and v.strip():
        return nfc(v.strip())
    return None


def _parse_alqac_item(idx: int, line: int, item: Any, path: Path, problems: list[str]) -> Question | None:
    where = f"dòng {line} (câu hỏi #{idx + 1}"
    if not isinstance(item, dict):
        problems.append(f"{where}): phải là một đối tượng JSON, gặp {type(item).__name__}")
        return None
    qid = _as_id(item.get("question_id", item.get("id")))
    if qid:
        where += f", question_id={qid}"
    where += ")"
    bad = len(problems)
    if qid is None:
        problems.append(f"{where}: thiếu trường 'question_id' (hoặc rỗng)")
    text = item.get("text", item.get("question"))
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: thiếu trường 'text' (hoặc rỗng)")
    qtype = item.get("question_type", DEFAULT_TYPE)
    if not isinstance(qtype, str) or not qtype.strip():
        problems.append(f"{where}: 'question_type' phải là chuỗi không rỗng")
    rel_raw = item.get("relevant_articles")
    relevant: list[ArticleKey] = []
    if "relevant_articles" not in item:
        problems.append(f"{where}: thiếu trường 'relevant_articles' (dùng [] cho câu hỏi ngoài phạm vi)")
    elif not isinstance(rel_raw, list):
        problems.append(f"{where}: 'relevant_articles' phải là danh sách")
    else:
        for j, ra in enumerate(rel_raw):
            if not isinstance(ra, dict):
                problems.append(f"{where}: relevant_articles[{j}] phải là đối tượng {{law_id, article_id}}")
                continue
            law, art = _as_id(ra.get("law_id")), _as_id(ra.get("article_id"))
            if law is None:
                problems.append(f"{where}: relevant_articles[{j}] thiếu 'law_id'")
            if art is None:
                problems.append(f"{where}: relevant_articles[{j}] thiếu 'article_id'")
            if law and art and (law, art) not in relevant:
                relevant.append((law, art))
    choices = item.get("choices")
    if choices is not None:
        if not isinstance(choices, dict) or not choices or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in choices.items()
        ):
            problems.append(f"{where}: 'choices' phải là đối tượng {{\"A\": \"…\", …}} không rỗng")
            choices = None
        else:
            choices = {nfc(k.strip()): nfc(v.strip()) for k, v in choices.items()}
    answer = item.get("answer")
    if answer is not None and not isinstance(answer, str):
        answer = str(answer)
    if len(problems) > bad:
        return None
    return Question(
        question_id=qid or "",
        text=nfc(text.strip()),
        question_type=nfc(qtype.strip()),
        relevant=tuple(relevant),
        answer=nfc(answer.strip()) if isinstance(answer, str) else None,
        choices=choices or None,
        line=line,
        source=str(path),
    )


def _check_duplicates(questions: list[Question], problems: list[str]) -> None:
    seen: dict[str, Question] = {}
    for q in questions:
        if q.question_id in seen:
            problems.append(f"{q.where()}: question_id trùng với {seen[q.question_id].where()}")
        else:
            seen[q.question_id] = q


def load_alqac_questions(path: Path) -> list[Question]:
    path = Path(path)
    text = read_text(path, "tệp câu hỏi")
    problems: list[str] = []
    out: list[Question] = []
    for idx, line, item in _iter_json_items(text, path):
        q = _parse_alqac_item(idx, line, item, path, problems)
        if q is not None:
            out.append(q)
    if not out and not problems:
        problems.append("tệp không có câu hỏi nào")
    _check_duplicates(out, problems)
    if problems:
        raise DatasetError(path, problems)
    return out


def _find_qrels(folder: Path) -> Path:
    qdir = folder / "qrels"
    for name in ("test.tsv", "dev.tsv", "train.tsv"):
        if (qdir / name).exists():
            return qdir / name
    tsvs = sorted(qdir.glob("*.tsv")) if qdir.exists() else sorted(folder.glob("*.tsv"))
    if not tsvs:
        raise DatasetError(folder, ["không tìm thấy tệp qrels (qrels/test.tsv)"])
    return tsvs[0]


def load_beir(queries: Path, qrels: Path | None = None) -> list[Question]:
    """BEIR queries.jsonl + qrels tsv. ``queries`` may be the BEIR folder itself."""
    queries = Path(queries)
    if queries.is_dir():
        folder = queries
        qrels = qrels or _find_qrels(folder)
        queries = folder / "queries.jsonl"
    if qrels is None:
        qrels = _find_qrels(queries.parent)
    qtext = read_text(queries, "tệp queries")
    problems: list[str] = []
    raw: list[tuple[int, dict[str, Any]]] = []
    for idx, line, item in _iter_json_items(qtext, queries):
        if not isinstance(item, dict):
            problems.append(f"dòng {line} (truy vấn #{idx + 1}): phải là một đối tượng JSON")
            continue
        qid, text = _as_id(item.get("_id")), item.get("text")
        if qid is None:
            problems.append(f"dòng {line} (truy vấn #{idx + 1}): thiếu trường '_id'")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"dòng {line} (truy vấn #{idx + 1}, _id={qid}): thiếu trường 'text'")
        if qid is not None and isinstance(text, str) and text.strip():
            raw.append((line, item))
    rel: dict[str, list[ArticleKey]] = {}
    rtext = read_text(qrels, "tệp qrels")
    reader = csv.reader(io.StringIO(rtext), delimiter="\t")
    for ln, row in enumerate(reader, start=1):
        if not row or not any(c.strip() for c in row):
            continue
        if ln == 1 and row[0].strip().lower() in ("query-id", "query_id", "qid"):
            continue
        if len(row) < 2:
            problems.append(f"{qrels.name} dòng {ln}: cần 'query-id<TAB>corpus-id<TAB>score', gặp {row!r}")
            continue
        qid, docid = nfc(row[0].strip()), nfc(row[1].strip())
        score_s = row[2].strip() if len(row) > 2 else "1"
        try:
            score = float(score_s)
        except ValueError:
            problems.append(f"{qrels.name} dòng {ln}: score '{score_s}' không phải số")
            continue
        try:
            key = parse_docid(docid)
        except ValueError as e:
            problems.append(f"{qrels.name} dòng {ln}: {e}")
            continue
        lst = rel.setdefault(qid, [])
        if score > 0 and key not in lst:
            lst.append(key)
    ids = {nfc(str(item["_id"]).strip()) for _, item in raw}
    for qid in rel:
        if qid not in ids:
            problems.append(f"{qrels.name}: query-id '{qid}' không có trong {queries.name}")
    out: list[Question] = []
    for line, item in raw:
        qid = nfc(str(item["_id"]).strip())
        meta = item.get("metadata") if isinstance(item.get("metadata"), dict) else {}
        choices = meta.get("choices") if isinstance(meta.get("choices"), dict) else None
        out.append(
            Question(
                question_id=qid,
                text=nfc(item["text"].strip()),
                question_type=nfc(str(meta.get("question_type") or DEFAULT_TYPE)),
                relevant=tuple(rel.get(qid, [])),
                answer=str(meta["answer"]) if meta.get("answer") is not None else None,
                choices={nfc(k): nfc(str(v)) for k, v in choices.items()} if choices else None,
                line=line,
                source=str(queries),
            )
        )
    if not out and not problems:
        problems.append("tệp không có truy vấn nào")
    _check_duplicates(out, problems)
    if problems:
        raise DatasetError(queries, problems)
    return out


def load_questions(path: Path, qrels: Path | None = None) -> list[Question]:
    """Any supported question file: BEIR folder / queries.jsonl+qrels, ALQAC JSON list or JSONL."""
    path = Path(path)
    if path.is_dir() or qrels is not None or (path.name == "queries.jsonl" and _has_qrels(path.parent)):
        return load_beir(path, qrels)
    return load_alqac_questions(path)


def _has_qrels(folder: Path) -> bool:
    return (folder / "qrels").is_dir()


OUT_OF_SCOPE_FILE = PROJECT_ROOT / "eval" / "data" / "out_of_scope.jsonl"
OUT_OF_SCOPE_TYPE = "Ngoài phạm vi"


def load_out_of_scope(path: Path = OUT_OF_SCOPE_FILE) -> list[Question]:
    """Out-of-scope / unanswerable questions (JSONL or JSON list: ``id``, ``text``, ``category``?).

    Every item becomes a Question with no gold article (the answer eval expects a refusal).
    """
    path = Path(path)
    text = read_text(path, "tệp câu hỏi ngoài phạm vi")
    problems: list[str] = []
    out: list[Question] = []
    for idx, line, item in _iter_json_items(text, path):
        where = f"dòng {line} (câu hỏi #{idx + 1})"
        if not isinstance(item, dict):
            problems.append(f"{where}: phải là một đối tượng JSON")
            continue
        qid = _as_id(item.get("id", item.get("question_id")))
        qtext = item.get("text", item.get("question"))
        if qid is None:
            problems.append(f"{where}: thiếu trường 'id'")
        if not isinstance(qtext, str) or not qtext.strip():
            problems.append(f"{where}: thiếu trường 'text'")
        if qid is None or not isinstance(qtext, str) or not qtext.strip():
            continue
        cat = item.get("category")
        out.append(Question(question_id=qid, text=nfc(qtext.strip()), question_type=OUT_OF_SCOPE_TYPE,
                            relevant=(), line=line, source=str(path),
                            category=nfc(str(cat)) if cat else None))
    _check_duplicates(out, problems)
    if problems:
        raise DatasetError(path, problems)
    return out


def check_articles(questions: Iterable[Question], known: set[ArticleKey], path: str | Path = "") -> None:
    """Raise ``DatasetError`` if a gold article is not in ``known`` (the corpus' (law_id, article_id) set)."""
    problems: list[str] = []
    known_laws = {law for law, _ in known}
    for q in questions:
        for law, art in q.relevant:
            if (law, art) in known:
                continue
            if law not in known_laws:
                problems.append(f"{q.where()}: law_id '{law}' không có trong kho văn bản")
            else:
                problems.append(f"{q.where()}: không có Điều '{art}' của '{law}' trong kho văn bản")
    if problems:
        src = path or next((q.source for q in questions), "")  # type: ignore[arg-type]
        raise DatasetError(src, problems)


# ------------------------------------------------------------------ ALQAC corpus
def is_alqac_corpus(path: Path) -> bool:
    path = Path(path)
    if not path.is_file() or path.suffix.lower() != ".json":
        return False
    with open(path, "rb") as f:
        head = f.read(4096).decode("utf-8", errors="ignore").lstrip("\ufeff \n\r\t")
    return head.startswith("[") and '"law_id"' in head and '"articles"' in head


def load_alqac_corpus(path: Path) -> list[tuple[str, str, str]]:
    """(law_id, article_id, text) for every article of an ALQAC corpus file, NFC."""
    path = Path(path)
    data = json.loads(read_text(path, "tệp kho văn bản"))
    out: list[tuple[str, str, str]] = []
    problems: list[str] = []
    if not isinstance(data, list):
        raise DatasetError(path, ["kho ALQAC phải là danh sách {law_id, articles}"])
    for i, law in enumerate(data):
        if not isinstance(law, dict) or _as_id(law.get("law_id")) is None or not isinstance(law.get("articles"), list):
            problems.append(f"mục #{i + 1}: cần {{law_id, articles: [...]}}")
            continue
        lid = _as_id(law["law_id"]) or ""
        for j, a in enumerate(law["articles"]):
            aid = _as_id(a.get("article_id")) if isinstance(a, dict) else None
            if aid is None:
                problems.append(f"'{lid}' điều #{j + 1}: thiếu article_id")
                continue
            out.append((lid, aid, nfc(str(a.get("text") or ""))))
    if problems:
        raise DatasetError(path, problems)
    return out


# ------------------------------------------------------------------ dev/test split
def split_of(question_id: str) -> Literal["dev", "test"]:
    """Fixed split rule: sha1(question_id) % 10 < 5 → dev, else test."""
    h = int(hashlib.sha1(question_id.encode("utf-8")).hexdigest(), 16)
    return "dev" if h % 10 < 5 else "test"


def make_split(questions: Iterable[Question]) -> dict[str, Any]:
    dev, test = [], []
    for q in questions:
        (dev if split_of(q.question_id) == "dev" else test).append(q.question_id)
    return {"rule": SPLIT_RULE, "source": "alqac2025/train.json", "n_dev": len(dev), "n_test": len(test),
            "dev": dev, "test": test}


def write_split(questions: Iterable[Question], path: Path = SPLIT_FILE, overwrite: bool = False) -> Path:
    """Save the split once. An existing file is kept (the split is frozen) unless ``overwrite``."""
    path = Path(path)
    if path.exists() and not overwrite:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(make_split(questions), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """question_id → "dev" | "test" from the saved split file ({} if absent)."""
    path = Path(path)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {qid: "dev" for qid in data.get("dev", [])}
    out.update({qid: "test" for qid in data.get("test", [])})
    return out


def select_split(
    questions: list[Question], split: str | None, split_file: Path = SPLIT_FILE
) -> list[Question]:
    """Questions of ``split`` ("dev" / "test"); ``None`` or "all" keeps every question."""
    if split in (None, "", "all"):
        return list(questions)
    if split not in ("dev", "test"):
        raise ValueError(f"split phải là 'dev', 'test' hoặc 'all', không phải {split!r}")
    saved = load_split(split_file)
    return [q for q in questions if saved.get(q.question_id, split_of(q.question_id)) == split]
