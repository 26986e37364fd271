"""Atomic file writes for the stages that keep files on disk (model exports, OCR / conversion caches).

Does: give a temp file beside the target, rename it over the target in one step on success (mode 644), remove it
on failure, so a reader never sees a partial file. Doesn't: lock (two writers of one target: the last rename wins,
each file whole) or write index versions (``assistant.index`` swaps whole directories).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_atomically(target: Path, suffix: str = ".tmp") -> Iterator[str]:
    """A temp file beside ``target`` to write; on success it becomes ``target`` (mode 644) in one rename, and
    on failure it is removed — readers never see a partial file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=suffix)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
