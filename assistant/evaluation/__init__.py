"""Evaluation harness: question-file readers, ranking metrics, retrieval/answer evals, reports.

Modules: ``datasets`` (ALQAC / BEIR readers, validation, dev/test split), ``metrics`` (ranx-based
ranking metrics with explicit handling of dropped and out-of-scope questions), ``baselines`` (plain BM25,
langchain default FAISS pipeline), ``retrieval_eval``, ``answer_eval``, ``report`` (Markdown + HTML),
``conflicts_eval`` (conflict checker; owned separately), ``provenance`` (which code a run imported: its
checkout, commit and uncommitted changes, recorded in every metrics.json). Nothing here is imported by the
serving path.
"""
