"""Prompt styles: the legacy prompts unchanged, the body style's prefill, stops and whole answers."""

from __future__ import annotations

import pytest

from codebudget.backends.base import BackendError, Message
from codebudget.backends.chat_template import ChatTemplate
from codebudget.extraction import extract
from codebudget.pipeline import PipelineConfig
from codebudget.prompts import BODY, PROMPT_STYLES, WHOLE_FUNCTION, get_style, repair_messages, solve_messages
from codebudget.records import FinishReason, Problem, Sample

CHATML = ("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
          "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
TRIMMING = ("{% for m in messages %}[{{ m.role }}]{{ m.content | trim }}[end]{% endfor %}"
            "{% if add_generation_prompt %}[assistant]{% endif %}")
STUB = 'from typing import List\n\n\ndef add(a: int, b: int) -> int:\n    """Add.\n    >>> add(1, 2)\n    3\n    """\n'
PROBLEM = Problem("toy/add", STUB, "add", ("assert add(1, 2) == 3",), benchmark="toy")
PROSE = Problem("toy/prose", "Write a function add(a, b) that adds two numbers.", "add", benchmark="toy")


def _sample(text: str, finish: FinishReason = FinishReason.STOP) -> Sample:
    return Sample(text, 7, -0.1, finish, 0)


def test_the_whole_function_style_sends_the_prompts_every_stored_run_sent() -> None:
    assert WHOLE_FUNCTION.solve(PROBLEM).messages == solve_messages(PROBLEM)
    assert WHOLE_FUNCTION.repair(PROBLEM, "the answer", "code", "fails").messages == \
        repair_messages(PROBLEM, "code", "fails")
    assert WHOLE_FUNCTION.solve(PROBLEM).stop == () and WHOLE_FUNCTION.solve(PROBLEM).prefill == ""
    assert WHOLE_FUNCTION.solve(PROBLEM).answer(_sample("x")) == _sample("x")


def test_the_body_style_starts_the_answer_with_the_tasks_own_header() -> None:
    prompt = BODY.solve(PROBLEM)
    assert prompt.messages[:-1] == solve_messages(PROBLEM)  # the same question
    assert prompt.messages[-1] == Message("assistant", "```python\n" + STUB)
    assert "\n```" in prompt.stop and "\nif __name__" in prompt.stop


def test_a_continuation_becomes_the_whole_answer_and_extracts_as_the_function() -> None:
    prompt = BODY.solve(PROBLEM)
    answer = prompt.answer(_sample("    return a + b\n"))
    assert answer.text == "```python\n" + STUB + "    return a + b\n```" and answer.n_tokens == 7
    program = extract(PROBLEM, answer.text, mode="chat")
    assert program.ok and program.syntax_ok and "return a + b" in program.code and '"""Add.' in program.code


def test_a_cut_off_continuation_is_left_open() -> None:
    answer = BODY.solve(PROBLEM).answer(_sample("    return a +", FinishReason.LENGTH))
    assert not answer.text.endswith("```")
    assert not extract(PROBLEM, answer.text, mode="chat").syntax_ok


def test_a_continuation_that_closed_its_fence_itself_is_not_closed_twice() -> None:
    answer = BODY.solve(PROBLEM).answer(_sample("    return a + b\n```\nDone."))
    assert answer.text.count("```") == 2


def test_a_task_without_a_stub_is_prefilled_with_the_fence_only() -> None:
    prompt = BODY.solve(PROSE)
    assert prompt.prefill == "```python\n" and prompt.stop == ("\n```",)


def test_a_body_repair_continues_the_candidates_own_conversation() -> None:
    first = BODY.solve(PROBLEM)
    answer = first.answer(_sample("    return a - b\n")).text
    repair = BODY.repair(PROBLEM, answer, "unused extracted code", "assert add(1, 2) == 3 failed")
    roles = [m.role for m in repair.messages]
    assert roles == ["system", "user", "assistant", "user", "assistant"]
    assert repair.messages[2].content == answer and "assert add(1, 2) == 3 failed" in repair.messages[3].content
    assert repair.prefill == first.prefill
    template = ChatTemplate(CHATML)
    asked, repaired = template.render(first.messages), template.render(repair.messages)
    assert repaired.startswith(asked + "    return a - b")  # a cache of the first attempt covers the repair's prefix
    assert repaired.endswith("<|im_start|>assistant\n```python\n" + STUB)


def test_body_tests_start_with_an_assert_of_the_entry_point() -> None:
    prompt = BODY.tests(PROBLEM, 5)
    assert prompt.prefill == "```python\nassert add(" and prompt.stop == ("\n```",)


def test_a_chat_template_continues_a_final_assistant_message() -> None:
    messages = (Message("user", "hi"), Message("assistant", "```python\ndef f():\n"))
    assert ChatTemplate(CHATML).render(messages) == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n```python\ndef f():\n"
    assert ChatTemplate(TRIMMING).render(messages) == "[user]hi[end][assistant]```python\ndef f():\n"  # trimmed, restored
    hiding = ChatTemplate("{% for m in messages %}{{ m.role }}{% endfor %}")
    with pytest.raises(BackendError, match="cannot be continued; use the whole-function prompt style"):
        hiding.render(messages)


def test_styles_are_registered_and_part_of_the_run_identity() -> None:
    assert sorted(PROMPT_STYLES) == ["body", "whole-function"] and get_style("body") is BODY
    with pytest.raises(KeyError, match="unknown prompt style 'terse'; known: body, whole-function"):
        get_style("terse")
    assert PipelineConfig().prompt_style == "body"
    assert PipelineConfig(prompt_style="whole-function").hash() != PipelineConfig().hash()
    with pytest.raises(ValueError, match="unknown prompt style"):
        PipelineConfig(prompt_style="terse")
