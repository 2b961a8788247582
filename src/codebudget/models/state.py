"""What the cache holds for a zoo model: nothing, a verified file, or a damaged one and why.

The answer comes from the file's size and the verification sidecar (see
:mod:`codebudget.models.hashing`), so listing models or loading one does not
hash gigabytes each time: a file is hashed only when it changed since it was
last hashed, and the verdict, good or bad, is remembered.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

from codebudget.models.cache import cached_path
from codebudget.models.errors import ModelNotFetchedError, ModelVerificationError
from codebudget.models.hashing import file_sha256, record_verified, verified_sha256
from codebudget.models.zoo import ModelEntry

Status = Literal["fetched", "not fetched", "corrupt"]


@dataclasses.dataclass(frozen=True)
class ModelState:
    """A zoo model's file in the cache and whether it can be loaded."""

    name: str
    path: Path
    status: Status
    problem: str = ""  # for "corrupt": what is wrong, e.g. "sha256 mismatch"

    @property
    def ok(self) -> bool:
        """True when the file is there and verified."""
        return self.status == "fetched"

    def describe(self) -> str:
        """One phrase for ``models list`` and errors, with what to do about it."""
        if self.status == "corrupt":
            return f"corrupt: {self.problem} — run `codebudget models fetch {self.name}` again"
        return self.status

    def checked_path(self) -> Path:
        """The file, or a one-line error saying why it cannot be loaded and how to fix it."""
        if self.status == "not fetched":
            raise ModelNotFetchedError(f"{self.name}: not fetched; run: codebudget models fetch {self.name}")
        if self.status == "corrupt":
            raise ModelVerificationError(f"{self.name}: {self.describe()}")
        return self.path


def model_state(entry: ModelEntry) -> ModelState:
    """The state of ``entry``'s cached file; hashes it only if it changed since it was last hashed."""
    path = cached_path(entry)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return ModelState(entry.name, path, "not fetched")
    except OSError as error:
        return ModelState(entry.name, path, "corrupt", f"unreadable ({error.strerror or error})")
    if not path.is_file():
        return ModelState(entry.name, path, "corrupt", "not a regular file")
    if size < entry.size:
        return ModelState(entry.name, path, "corrupt", f"truncated ({size} of {entry.size} bytes)")
    if size > entry.size:
        return ModelState(entry.name, path, "corrupt", f"{size} bytes, expected {entry.size}")
    sha = verified_sha256(path)
    if sha is None:
        try:
            sha = file_sha256(path)
        except OSError as error:
            return ModelState(entry.name, path, "corrupt", f"unreadable ({error.strerror or error})")
        record_verified(path, sha)
    if sha != entry.sha256:
        return ModelState(entry.name, path, "corrupt", "sha256 mismatch")
    return ModelState(entry.name, path, "fetched")
