"""Render chat messages with the model's own template from its GGUF metadata.

GGUF files carry their chat template as a Jinja string under
``tokenizer.chat_template``; it is rendered in a sandboxed Jinja environment
with the same variables Hugging Face tokenizers pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from codebudget.backends.base import BackendError, Message

TEMPLATE_KEY = "tokenizer.chat_template"


def _raise(message: str) -> None:
    raise TemplateError(message)


class ChatTemplate:
    """A compiled chat template and the special tokens it refers to."""

    def __init__(self, source: str, bos_token: str = "", eos_token: str = ""):
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
        env.globals["raise_exception"] = _raise
        self._template = env.from_string(source)
        self.bos_token = bos_token
        self.eos_token = eos_token

    def render(self, messages: Sequence[Message], add_generation_prompt: bool = True) -> str:
        """The prompt text for ``messages``, ending where the assistant's answer begins.

        When the last message is the assistant's, it is a prefill: the text ends with that
        message's content (not closed), so that the model continues it.
        """
        if messages and messages[-1].role == "assistant":
            return self._continuing(messages)
        return self._render(messages, add_generation_prompt)

    def _render(self, messages: Sequence[Message], add_generation_prompt: bool) -> str:
        return self._template.render(
            messages=[{"role": m.role, "content": m.content} for m in messages],
            add_generation_prompt=add_generation_prompt,
            bos_token=self.bos_token,
            eos_token=self.eos_token,
        )

    def _continuing(self, messages: Sequence[Message]) -> str:
        """The conversation rendered whole, cut right after the final assistant message's content
        (what Hugging Face calls ``continue_final_message``)."""
        content = messages[-1].content
        rendered = self._render(messages, add_generation_prompt=False)
        trailing = content[len(content.rstrip()):]  # a template that trims the message loses it; put it back
        for text, tail in ((content, ""), (content.rstrip(), trailing), (content.strip(), trailing)):
            at = rendered.rfind(text) if text else -1
            if at >= 0:
                return rendered[: at + len(text)] + tail
        raise BackendError("the model's chat template does not show the assistant's message as written, "
                           "so it cannot be continued; use the whole-function prompt style")


def from_metadata(metadata: dict[str, str], bos_token: str, eos_token: str, model: str) -> ChatTemplate:
    """The chat template stored in a GGUF file's metadata, or a one-line error."""
    source = metadata.get(TEMPLATE_KEY)
    if not source:
        raise BackendError(f"{model}: the GGUF file has no chat template; use a raw prompt (completion mode)")
    return ChatTemplate(source, bos_token, eos_token)


def from_gguf(path: Path) -> ChatTemplate:
    """The chat template of the GGUF file at ``path``, read from its header (no weights loaded)."""
    from codebudget.models.gguf import chat_template_of

    source, bos, eos = chat_template_of(path)
    return ChatTemplate(source, bos, eos)
