"""LoRA adapters: a content-addressed store of trained adapters that any llama.cpp model run can apply.

The store is plain files (no torch needed): each adapter is a folder named by the sha256 of its GGUF file,
holding that file, the peft folder it was converted from (where it was trained here) and its provenance;
names are aliases kept in one index. ``--adapter`` takes a name, an id (the sha256's first 16 hex digits,
or any unique prefix of 6 or more) or a path to a GGUF adapter file (copied into the store).
"""

from codebudget.adapters.store import Adapter, AdapterError, AdapterStore, adapter_store

__all__ = ["Adapter", "AdapterError", "AdapterStore", "adapter_store"]
