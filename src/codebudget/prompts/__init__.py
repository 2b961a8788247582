"""What the model is asked: the prompt texts, and the prompt styles that shape a request from them.

A prompt style (:data:`PROMPT_STYLES`) turns a task into the request of each
model call the pipeline makes (first attempt, repair, tests): its chat messages,
an optional start of the assistant's answer (a prefill the model continues), and
the stop strings that end it. ``whole-function`` asks for the whole function;
``body`` starts the answer with the task's own signature and docstring so that
the model writes the body only.
"""

from codebudget.prompts.styles import (
    BODY,
    LEGACY_STYLE,
    PROMPT_STYLES,
    WHOLE_FUNCTION,
    Prompt,
    PromptStyle,
    get_style,
)
from codebudget.prompts.texts import SYSTEM, TESTER, TESTS, repair_messages, solve_messages, tests_messages

__all__ = [
    "BODY",
    "LEGACY_STYLE",
    "PROMPT_STYLES",
    "SYSTEM",
    "TESTER",
    "TESTS",
    "WHOLE_FUNCTION",
    "Prompt",
    "PromptStyle",
    "get_style",
    "repair_messages",
    "solve_messages",
    "tests_messages",
]
