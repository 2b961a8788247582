"""peft adapter → GGUF adapter, by llama.cpp's own converter (``convert_lora_to_gguf.py``).

The converter ships in llama-cpp-python's source distribution (its vendored llama.cpp), of the very version
installed here, so the file it writes is one this llama.cpp reads. It is fetched once from the package
registry (``pip download --no-binary``, the same place the package itself came from), and only its files are
kept: the two scripts, the ``conversion`` package and ``gguf-py``. It runs as a separate process with that
``gguf-py`` first on its path; the base model's ``config.json`` (all it needs of the base) is written from the
model transformers loaded.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from codebudget.cachedirs import user_cache
from codebudget.errors import CodebudgetError

CACHE_ENV = "CODEBUDGET_LLAMA_CPP_SOURCE"
PACKAGE = "llama-cpp-python"
KEEP = ("convert_lora_to_gguf.py", "convert_hf_to_gguf.py", "conversion/", "gguf-py/")


def converter_dir() -> Path:
    """The folder holding llama.cpp's converter for the installed llama-cpp-python, fetched when missing;
    ``$CODEBUDGET_LLAMA_CPP_SOURCE`` may name the converter's folder itself (a machine that trains but has no
    llama-cpp-python, such as a GPU box, given the converter of the machine that will run the adapter)."""
    given = os.environ.get(CACHE_ENV)
    if given and (Path(given).expanduser() / "convert_lora_to_gguf.py").is_file():
        return Path(given).expanduser()
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise CodebudgetError(f"{PACKAGE} is not installed; install it with: pip install 'codebudget[llama]'") from None
    folder = user_cache("llama.cpp", CACHE_ENV) / f"{PACKAGE}-{version}"
    if (folder / "convert_lora_to_gguf.py").exists():
        return folder
    with tempfile.TemporaryDirectory() as downloads:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                   "--disable-pip-version-check", "-d", downloads, f"{PACKAGE}=={version}"]
        done = subprocess.run(command, capture_output=True, text=True)
        archives = list(Path(downloads).glob("*.tar.gz"))
        if done.returncode != 0 or not archives:
            reason = (done.stderr.strip().splitlines() or ["no source distribution"])[-1]
            raise CodebudgetError(f"cannot fetch llama.cpp's adapter converter ({PACKAGE}=={version} source): {reason}")
        _extract(archives[0], folder)
    return folder


def _extract(archive: Path, folder: Path) -> None:
    """Keep the converter's files of the source distribution in ``folder`` (written beside it, then moved in)."""
    staging = Path(tempfile.mkdtemp(prefix=".extracting-", dir=_parent(folder)))
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/vendor/llama.cpp/", 1)
            if len(parts) == 2 and parts[1].startswith(KEEP) and (member.isfile() or member.isdir()):
                target = staging / parts[1]
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                if source is not None:
                    target.write_bytes(source.read())
    if not (staging / "convert_lora_to_gguf.py").exists():
        raise CodebudgetError(f"{archive.name} has no vendor/llama.cpp/convert_lora_to_gguf.py")
    staging.rename(folder)


def _parent(folder: Path) -> Path:
    folder.parent.mkdir(parents=True, exist_ok=True)
    return folder.parent


def to_gguf(peft_dir: Path, base_config: dict[str, Any], out: Path) -> Path:
    """Convert the peft adapter in ``peft_dir`` (trained on a model whose transformers config, as a dict, is
    ``base_config``) into the GGUF adapter file ``out``."""
    folder = converter_dir()
    # the converter reads the architecture from the config and refuses a quantised one: the weights the adapter
    # was trained on were dequantised from the GGUF file, which the config still names as their quantisation
    config = {key: value for key, value in base_config.items() if key != "quantization_config"}
    with tempfile.TemporaryDirectory() as base:
        Path(base, "config.json").write_text(json.dumps(config, indent=1, default=str))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder / "gguf-py"), str(folder)]),
               "NO_LOCAL_GGUF": ""}
        command = [sys.executable, str(folder / "convert_lora_to_gguf.py"), str(peft_dir), "--base", base,
                   "--outfile", str(out), "--outtype", "f32"]
        done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0 or not out.exists():
        lines = [line for line in (done.stderr + done.stdout).strip().splitlines() if line.strip()]
        raise CodebudgetError(f"llama.cpp's converter failed: {lines[-1] if lines else 'no output'}")
    return out
