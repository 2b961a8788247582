"""Which requests ask for code, and what they ask (no model)."""

from __future__ import annotations

import pytest

from codebudget.serve.detect import BadRequest, CodeAsk, body_ask, split_model, stub_at_end, stub_in_message

STUB = 'def add_all(values):\n    """The sum.\n\n    >>> add_all([1, 2])\n    3\n    """\n'


def test_a_model_suffix_asks_for_the_pipeline_and_an_ollama_tag_does_not():
    assert split_model("qwen2.5-coder-0.5b:budget=30s") == ("qwen2.5-coder-0.5b", CodeAsk(30.0))
    assert split_model("m:n=3:k=1") == ("m", CodeAsk(None, 3, 1))
    assert split_model("m:budget=1.5m:n=2") == ("m", CodeAsk(90.0, 2, None))
    assert split_model("qwen2.5-coder:0.5b") == ("qwen2.5-coder:0.5b", None)
    assert split_model("plain") == ("plain", None)
    with pytest.raises(BadRequest, match="unknown option 'x'"):
        split_model("m:x=1")
    with pytest.raises(BadRequest, match="n must be 1–64"):
        split_model("m:n=0")
    with pytest.raises(BadRequest, match="cannot read budget"):
        split_model("m:budget=soon")


def test_the_body_field_asks_too():
    assert body_ask({}) is None and body_ask({"codebudget": True}) is True and body_ask({"codebudget": False}) is False
    assert body_ask({"codebudget": {"budget": "10s", "k": 0}}) == CodeAsk(10.0, None, 0)
    with pytest.raises(BadRequest, match="must be true, false or an object"):
        body_ask({"codebudget": "yes"})


def test_a_stub_is_found_at_the_end_of_a_prompt_or_in_a_chat_message():
    assert stub_at_end("import math\n\n" + STUB, "<p>").name == "add_all"
    assert stub_at_end(STUB + "\nprint(add_all([1]))\n", "<p>") is None  # the prompt goes on after it
    assert stub_at_end("def f(x):\n    return x\n", "<p>") is None
    assert stub_at_end("Write me a poem", "<p>") is None
    fenced = f"Please finish this:\n\n```python\n{STUB}```\nThanks!"
    found = stub_in_message(fenced)
    assert found is not None and found.examples == ("assert add_all([1, 2]) == 3",)
    assert stub_in_message(STUB).name == "add_all"
    assert stub_in_message("What is a closure in Python?") is None
    assert stub_in_message("```python\nprint('hi')\n```") is None
