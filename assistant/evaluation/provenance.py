"""Which code an evaluation ran: the imported ``assistant`` package's checkout, commit and local changes.

Why: ``python -m assistant.cli …`` puts the *current directory* first on ``sys.path``, ahead of ``PYTHONPATH``.
A "base" run started from a helper's worktree with ``PYTHONPATH=/work/main`` therefore imports the worktree's
code, not main's — a base-vs-branch comparison is then the branch against itself (or against its own edits in
progress). That happened on 28/11 (h-pdrank2: its "base" answers were its own first, uncommitted rerank change;
two runs of "main" looked non-deterministic). ``code_provenance`` records what was really imported, so every
``metrics.json`` says which code produced it, and ``pythonpath_mismatch`` names the mix-up when it happens.

What it does not do: decide which code to run, refuse to run, or look at anything but the imported package
and the ``PYTHONPATH`` environment variable (``git`` is asked read-only; no git → ``None`` fields).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import assistant

GIT_TIMEOUT_S = 10.0


def package_root() -> Path:
    """The directory holding the imported ``assistant`` package (a checkout: /work/main, a worktree …)."""
    return Path(assistant.__file__).resolve().parent.parent


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                             timeout=GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def pythonpath_mismatch(root: Path | None = None, env: dict[str, str] | None = None) -> str | None:
    """The ``PYTHONPATH`` entry that holds an ``assistant`` package other than the one imported (the run asked
    for that code and got another), else None."""
    root = (root or package_root()).resolve()
    env = os.environ if env is None else env
    for entry in (env.get("PYTHONPATH") or "").split(os.pathsep):
        if entry and (Path(entry) / "assistant" / "__init__.py").is_file():
            wanted = Path(entry).resolve()
            return None if wanted == root else str(wanted)
    return None


def code_provenance() -> dict[str, Any]:
    """``{"root", "commit", "changed", "pythonpath_mismatch"}``: the imported package's checkout, its HEAD
    commit, the files of ``assistant/`` changed and not committed (a run on edits in progress), and the
    ``PYTHONPATH`` entry that was asked for and not imported (None when they agree)."""
    root = package_root()
    status = _git(root, "status", "--porcelain", "--", "assistant")
    return {
        "root": str(root),
        "commit": _git(root, "rev-parse", "--short=12", "HEAD"),
        # "XY path" lines; the first one's leading blank (" M path") was stripped with the output's, so split on blanks
        "changed": None if status is None else sorted(line.split(maxsplit=1)[1] for line in status.splitlines()
                                                      if line.strip()),
        "pythonpath_mismatch": pythonpath_mismatch(root),
    }


def describe(prov: dict[str, Any]) -> str:
    """One line for the console: "Mã nguồn: /work/wt/x @ 3e3ecbf… (2 tệp thay đổi chưa commit)"."""
    text = f"Mã nguồn: {prov['root']} @ {prov.get('commit') or '?'}"
    if prov.get("changed"):
        text += f" ({len(prov['changed'])} tệp thay đổi chưa commit)"
    if prov.get("pythonpath_mismatch"):
        text += (f" — CẢNH BÁO: PYTHONPATH chỉ tới {prov['pythonpath_mismatch']} nhưng mã được nạp từ "
                 f"{prov['root']} (python -m đặt thư mục hiện hành lên trước PYTHONPATH: hãy cd vào đó)")
    return text
