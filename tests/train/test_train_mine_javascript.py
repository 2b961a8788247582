"""Mining (JSDoc + header → body) pairs from JavaScript: made-up files, then the npm corpus npm really installs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codebudget.errors import CodebudgetError
from codebudget.train import mine_javascript
from codebudget.train.clike import scan
from codebudget.train.metrics import syntax_ok_many
from codebudget.train.mine_javascript import MAX_BODY_LINES, ensure_npm_corpus, functions, installed, mine

SOURCE = r"""var helper = require('./helper');

/**
 * Counts the braces in `text`.
 *
 * @param {string} text The text.
 * @returns {number} How many.
 */
function countBraces(text) {
  var re = /[{}]/g;                      // a regular expression with braces
  var label = `found ${text.match(re).length} {`;  // a template literal with one
  return text.length / 2 / (label ? 1 : 2);
}

/**
 * Wrapped in a call, as ramda writes it.
 */
var adjust = /*#__PURE__*/_curry3(function adjust(idx, fn, list) {
  return list.map(function (x, i) { return i === idx ? fn(x) : x; });
});

/** An arrow function. */
export const double = (value) => {
  return value * 2;
};

/** Not a function: an object. */
var config = {
  depth: 1
};

// Underscore documents its functions
// with line comments.
export default function identity(value) {
  return value;
}

function undocumented() {
  return 0;
}
"""


def test_documented_functions_of_every_form_become_pairs() -> None:
    pairs = {pair.entry_point: pair for pair in functions(SOURCE, "demo/index.js")}
    assert list(pairs) == ["countBraces", "adjust", "double", "identity"]
    count = pairs["countBraces"]
    assert count.pair_id == "npm:demo/index.js:countBraces"
    assert (count.language, count.source) == ("javascript", "npm")
    assert count.prompt.startswith("/**\n * Counts the braces")
    assert count.prompt.endswith("function countBraces(text) {\n")
    assert count.completion.startswith("  var re = /[{}]/g;") and count.completion.endswith("(label ? 1 : 2);\n}\n")
    assert pairs["adjust"].prompt.endswith("var adjust = /*#__PURE__*/_curry3(function adjust(idx, fn, list) {\n")
    assert pairs["adjust"].completion.endswith(" : x; });\n});\n")  # the wrapping call is closed with the body
    assert pairs["double"].completion == "  return value * 2;\n};\n"
    assert pairs["identity"].prompt == ("// Underscore documents its functions\n// with line comments.\n"
                                        "export default function identity(value) {\n")
    assert syntax_ok_many("javascript", [(p.prompt, p.completion) for p in pairs.values()]) == (True,) * 4


def test_the_scanner_tells_a_regular_expression_from_a_division() -> None:
    code = scan("var a = b / 2 / c; var r = /}/.test(s); x = `${ {a: '}'}.a }}`; /** d */", "javascript")
    assert code.code.count("}") == 1 and "b / 2 / c" in code.code  # only the object literal's brace is code
    assert [comment.doc for comment in code.comments] == [True]


@pytest.fixture(scope="module")
def corpus() -> Path:
    return ensure_npm_corpus()


def test_the_corpus_installs_once_and_gives_pairs_node_parses(corpus: Path) -> None:
    assert installed(corpus) and ensure_npm_corpus() == corpus
    pairs = mine(corpus)
    assert len(pairs) >= 800
    packages = {pair.pair_id.split(":")[1].split("/")[0] for pair in pairs}
    assert packages == {"lodash", "underscore", "date-fns", "validator", "ramda"}
    assert len({pair.pair_id for pair in pairs}) == len(pairs) == len({pair.completion for pair in pairs})
    assert not [pair for pair in pairs if "lodash/lodash.js" in pair.pair_id or ".min.js" in pair.pair_id]
    for pair in pairs:
        assert pair.prompt.rstrip().endswith("{") and "}" in pair.completion.splitlines()[-1]
        assert 1 <= sum(1 for line in pair.completion.splitlines()[:-1] if line.strip()) <= MAX_BODY_LINES
    chunk = next(pair for pair in pairs if pair.pair_id == "npm:lodash/chunk.js:chunk")
    assert chunk.prompt.endswith("function chunk(array, size, guard) {\n") and "baseSlice" in chunk.completion
    sample = pairs[:: len(pairs) // 40]
    broken = [(p.prompt, p.completion.replace("return ", "return return ", 1))
              for p in sample if "return " in p.completion]
    assert syntax_ok_many("javascript", broken) == (False,) * len(broken)


def test_a_failed_install_and_a_missing_npm_are_one_line_errors(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(mine_javascript, "PACKAGES", ("lodash@0.0.0-no-such-version",))
    with pytest.raises(CodebudgetError, match=r"npm install .* failed: No matching version found for lodash@0\.0\.0"):
        ensure_npm_corpus(tmp_path / "corpus")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CodebudgetError, match="npm is not on PATH"):
        ensure_npm_corpus(tmp_path / "corpus")
    # a folder that has the pinned packages is used as it is, npm or not
    monkeypatch.setattr(mine_javascript, "PACKAGES", ("lodash@4.17.21",))
    (tmp_path / "ready" / "node_modules" / "lodash").mkdir(parents=True)
    (tmp_path / "ready" / "node_modules" / "lodash" / "package.json").write_text(json.dumps({"version": "4.17.21"}))
    assert ensure_npm_corpus(tmp_path / "ready") == tmp_path / "ready"
