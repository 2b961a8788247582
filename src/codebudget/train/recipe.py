"""What a training run is: its hyperparameters, one frozen record, and the key that names its work."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Literal

DEVICES = ("cpu", "cuda")
DTYPES = ("bf16", "fp32")


@dataclasses.dataclass(frozen=True)
class Recipe:
    """LoRA hyperparameters (seed 003's by default: 3 epochs, lr 1e-4, max length 512, alpha 32, dropout 0.1,
    rank 16, batch 8) and how the pair is put to the model (``prompt_style``).

    ``target_modules`` None takes peft's default for the architecture (attention's query and value
    projections for Llama and Qwen2). ``plan_weight`` is CodePLAN's mixing weight λ of its two objectives for
    pairs with plans: a plan token's loss counts 2λ, a code token's 2(1 − λ) (0.5: every token alike). ``device`` is where it runs, not what it learns: it is recorded, not
    part of :meth:`key`.
    """

    rank: int = 16
    alpha: float = 32.0
    dropout: float = 0.1
    target_modules: tuple[str, ...] | None = None
    epochs: int = 3
    learning_rate: float = 1e-4
    max_length: int = 512
    batch_size: int = 8
    seed: int = 0
    prompt_style: str = "body"
    dtype: Literal["bf16", "fp32"] = "bf16"
    device: Literal["cpu", "cuda"] = "cpu"
    plan_weight: float = 0.5

    def __post_init__(self) -> None:
        checks = [(self.rank >= 1, "rank must be at least 1"), (self.alpha > 0, "alpha must be positive"),
                  (0 <= self.dropout < 1, "dropout must be in [0, 1)"), (self.epochs >= 1, "epochs must be at least 1"),
                  (self.learning_rate > 0, "the learning rate must be positive"),
                  (self.max_length >= 32, "the maximum length must be at least 32 tokens"),
                  (self.batch_size >= 1, "the batch size must be at least 1"),
                  (self.dtype in DTYPES, f"dtype must be one of {', '.join(DTYPES)}"),
                  (self.device in DEVICES, f"device must be one of {', '.join(DEVICES)}"),
                  (0 <= self.plan_weight <= 1, "the plan weight must be in [0, 1]")]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    def hyperparameters(self) -> dict:
        """Every field that changes what is learnt."""
        fields = dataclasses.asdict(self)
        fields.pop("device")
        if self.plan_weight == 0.5:  # the default weighs nothing: recipes from before it keep their keys
            fields.pop("plan_weight")
        fields["target_modules"] = list(self.target_modules) if self.target_modules else None
        return fields

    def key(self, base_sha256: str, data_sha256: str) -> str:
        """The name of this recipe's work on that model and data: where its checkpoints live, what a second
        ``train`` of the same recipe finds."""
        payload = json.dumps({"base": base_sha256, "data": data_sha256, **self.hyperparameters()}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]
