"""Streaming a passed-through answer as it is written: what is sent is always a prefix of the final answer, and
the final answer is sent whole, whatever the stop strings and however the text grows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from codebudget.serve.live import LiveTexts, held_back
from codebudget.serve.protocol import delta_chunk

alphabet = st.sampled_from(list("ab`\n#x"))


def test_held_back_is_the_longest_end_that_starts_a_stop():
    assert held_back("code\n``", ("```",)) == 2
    assert held_back("code\n`", ("```",)) == 1
    assert held_back("code\n", ("```",)) == 0
    assert held_back("abc", ("cd", "bcx")) == 2
    assert held_back("abc", ()) == 0


@given(st.text(alphabet, max_size=60), st.lists(st.text(alphabet, min_size=1, max_size=4), max_size=3),
       st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_what_is_streamed_is_a_prefix_and_ends_as_the_final_answer(written, stops, steps):
    """The decoder's text grows by a few characters a step and is cut at the first stop string (as
    ``SequenceState`` does); the server reads it between steps."""
    live = LiveTexts(stops)
    final, sent, at = None, "", 0
    for size in steps:
        at = min(len(written), at + size)
        text = written[:at]
        hits = [i for i in (text.find(s) for s in stops) if i >= 0]
        if hits:
            final = text[: min(hits)]
            live.update(0, final)
        else:
            live.update(0, text)
        sent += live.new_parts().get(0, "")
        if final is not None:
            break
    final = text if final is None else final
    assert final.startswith(sent)
    assert sent + live.rest(0, final) == final


def test_chunks_follow_the_apis_shapes():
    base = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m"}
    assert delta_chunk(base, True, 1, "hi")["choices"] == [{"index": 1, "delta": {"content": "hi"}, "finish_reason": None}]
    assert delta_chunk(base, True, 0, "", "stop")["choices"] == [{"index": 0, "delta": {}, "finish_reason": "stop"}]
    assert delta_chunk(base, False, 0, "hi")["choices"] == [{"index": 0, "text": "hi", "finish_reason": None}]
