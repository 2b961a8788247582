"""The adapter store: folders named by their GGUF file's sha256, a name index, atomic writes."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from codebudget.cachedirs import user_data
from codebudget.errors import CodebudgetError
from codebudget.files import write_atomic
from codebudget.models.hashing import file_sha256

STORE_ENV = "CODEBUDGET_ADAPTERS"
GGUF_NAME = "adapter.gguf"
PEFT_DIR = "peft"
PROVENANCE = "provenance.json"
NAMES = "names.json"
ID_LENGTH = 16
MIN_PREFIX = 6
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")


class AdapterError(CodebudgetError):
    """An adapter that cannot be found, read or stored (one line)."""


@dataclasses.dataclass(frozen=True)
class Adapter:
    """One stored adapter: its sha256 (the GGUF file's), its folder, its names and its provenance."""

    sha256: str
    folder: Path
    names: tuple[str, ...]
    provenance: dict[str, Any] = dataclasses.field(compare=False, hash=False)

    @property
    def id(self) -> str:
        """How runs and reports name it: the sha256's first 16 hex digits."""
        return self.sha256[:ID_LENGTH]

    @property
    def gguf(self) -> Path:
        """The GGUF adapter file llama.cpp applies."""
        return self.folder / GGUF_NAME

    @property
    def peft(self) -> Path | None:
        """The peft folder (adapter_config.json, adapter_model.safetensors), where it was trained here."""
        folder = self.folder / PEFT_DIR
        return folder if folder.is_dir() else None

    @property
    def label(self) -> str:
        """Its first name, else its id."""
        return self.names[0] if self.names else self.id

    @property
    def base_sha256(self) -> str | None:
        """The sha256 of the GGUF model it was trained on, where its provenance says."""
        return self.provenance.get("base_sha256")


class AdapterStore:
    """The adapters under one folder."""

    def __init__(self, root: Path):
        self.root = root

    def _names(self) -> dict[str, str]:
        path = self.root / NAMES
        if not path.exists():
            return {}
        try:
            names = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise AdapterError(f"the adapter name index {path} cannot be read ({error})") from None
        return names if isinstance(names, dict) else {}

    def _write_names(self, names: dict[str, str]) -> None:
        write_atomic(self.root / NAMES, json.dumps(dict(sorted(names.items())), indent=1) + "\n")

    def _adapter(self, sha256: str, names: dict[str, str] | None = None) -> Adapter:
        folder = self.root / sha256
        names = self._names() if names is None else names
        try:
            provenance = json.loads((folder / PROVENANCE).read_text()) if (folder / PROVENANCE).exists() else {}
        except (OSError, json.JSONDecodeError) as error:
            raise AdapterError(f"adapter {sha256[:ID_LENGTH]}: its provenance cannot be read ({error})") from None
        return Adapter(sha256, folder, tuple(sorted(n for n, s in names.items() if s == sha256)), provenance)

    def list(self) -> list[Adapter]:
        """Every stored adapter, newest first."""
        if not self.root.is_dir():
            return []
        names = self._names()
        found = [self._adapter(p.name, names) for p in self.root.iterdir()
                 if p.is_dir() and re.fullmatch(r"[0-9a-f]{64}", p.name) and (p / GGUF_NAME).exists()]
        return sorted(found, key=lambda a: (str(a.provenance.get("finished", "")), a.sha256), reverse=True)

    def add(self, gguf: Path, provenance: dict[str, Any], peft: Path | None = None, name: str | None = None) -> Adapter:
        """Store ``gguf`` (with its peft folder and provenance) under its sha256, and name it ``name``.
        Storing the same file again keeps the first copy and adds the name."""
        if name is not None and not NAME_PATTERN.match(name):
            raise AdapterError(f"adapter name {name!r}: use letters, digits, '.', '_' or '-', starting with a letter")
        try:
            return self._add(gguf, provenance, peft, name)
        except OSError as error:
            raise AdapterError(f"cannot store the adapter in {self.root}: {error.strerror or error}") from None

    def _add(self, gguf: Path, provenance: dict[str, Any], peft: Path | None, name: str | None) -> Adapter:
        sha256 = file_sha256(gguf)
        folder = self.root / sha256
        if not (folder / GGUF_NAME).exists():
            self.root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=self.root))
            try:
                shutil.copyfile(gguf, staging / GGUF_NAME)
                if peft is not None:
                    shutil.copytree(peft, staging / PEFT_DIR)
                (staging / PROVENANCE).write_text(json.dumps({**provenance, "sha256": sha256}, indent=1, sort_keys=True))
                if folder.exists():
                    shutil.rmtree(folder)  # a folder without its GGUF file: left by nothing this store writes
                staging.rename(folder)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        if name is not None:
            names = self._names()
            names[name] = sha256
            self._write_names(names)
        return self._adapter(sha256)

    def resolve(self, spec: str) -> Adapter:
        """The adapter ``spec`` names: a name, an id or sha256 prefix (6+ hex digits), or a GGUF file (copied in)."""
        names = self._names()
        if spec in names:
            return self._checked(self._adapter(names[spec], names))
        if re.fullmatch(r"[0-9a-f]{6,64}", spec):
            matches = [p.name for p in self.root.glob(f"{spec}*") if p.is_dir() and (p / GGUF_NAME).exists()] \
                if self.root.is_dir() else []
            if len(matches) == 1:
                return self._checked(self._adapter(matches[0], names))
            if len(matches) > 1:
                raise AdapterError(f"adapter id {spec!r} is ambiguous: {len(matches)} adapters start with it")
        path = Path(spec).expanduser()
        if path.suffix.lower() == ".gguf" and path.is_file():
            return self.add(path, {"imported_from": str(path.resolve())})
        known = ", ".join(sorted(names)) or "none stored yet; train one with `codebudget train`"
        raise AdapterError(f"unknown adapter {spec!r}: not a name ({known}), an id in {self.root}, nor a .gguf file")

    def name(self, spec: str, name: str) -> Adapter:
        """Give the adapter ``spec`` names another name."""
        adapter = self.resolve(spec)
        if not NAME_PATTERN.match(name):
            raise AdapterError(f"adapter name {name!r}: use letters, digits, '.', '_' or '-', starting with a letter")
        names = self._names()
        names[name] = adapter.sha256
        try:
            self._write_names(names)
        except OSError as error:
            raise AdapterError(f"cannot name the adapter in {self.root}: {error.strerror or error}") from None
        return self._adapter(adapter.sha256)

    def _checked(self, adapter: Adapter) -> Adapter:
        """``adapter`` once its GGUF file is there and still has the sha256 it is stored under."""
        if not adapter.gguf.is_file():
            raise AdapterError(f"adapter {adapter.label}: {adapter.gguf} is missing")
        if file_sha256(adapter.gguf) != adapter.sha256:
            raise AdapterError(f"adapter {adapter.label}: {adapter.gguf} has changed since it was stored (sha256 "
                               "differs); train or import it again")
        return adapter


def adapter_store() -> AdapterStore:
    """The user's adapter store (``$CODEBUDGET_ADAPTERS``, else the user data folder's ``adapters``)."""
    return AdapterStore(user_data("adapters", STORE_ENV))
