"""The team's labelled conflict pairs (``eval/data/conflicts/``) by id, for the checker tests written per set: the id's
prefix names its file ("D7-012" → dev7.jsonl, "D-033" → dev.jsonl). Never the held-out set."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.conflicts import check_pair, clauses
from assistant.conflicts import analysis as analysis_mod
from assistant.evaluation.conflicts_eval import load_pairs

DATA = Path(__file__).resolve().parents[1] / "eval" / "data" / "conflicts"


@lru_cache(maxsize=16)
def _pairs(name: str) -> dict[str, dict]:
    return {r["id"]: r for r in load_pairs(DATA / f"{name}.jsonl")}


def pair(pair_id: str) -> dict:
    """The labelled pair ``pair_id`` ("D6-039"), read from the dev set its prefix names."""
    return _pairs("dev" + pair_id.split("-", 1)[0][1:])[pair_id]


def pair_label(pair_id: str) -> str:
    """The checker's label (conflict / no_conflict / superseded) for the labelled pair ``pair_id``."""
    r = pair(pair_id)
    return check_pair(r["a"], r["b"]).label


def clear_parses() -> None:
    """Clear the checker's parse caches (parses are cached by text), so that a switch a test turns off is seen; the
    ``fresh_parses`` fixture (conftest) calls it around a test."""
    analysis_mod.analyze.cache_clear()
    for f in vars(clauses).values():
        if hasattr(f, "cache_clear"):
            f.cache_clear()
