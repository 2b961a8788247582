"""BLEU through sacrebleu, and syntax verdicts from the real toolchains (Python's compile, javac, node)."""

from __future__ import annotations

import pytest

from codebudget.train.metrics import bleu, sentence_bleu, syntax_ok, syntax_ok_many

JAVA_HEADER = "/** The sum of a list. */\npublic static int total(List<Integer> values) {\n"
JS_HEADER = "/**\n * The sum of an array.\n */\nfunction total(values) {\n"


def test_bleu_is_100_for_the_reference_and_lower_for_a_paraphrase() -> None:
    references = ["return sum(values) / len(values)\n", "for item in items:\n    total += item\n"]
    assert bleu(references, references) == pytest.approx(100.0)
    changed = ["return sum(values) / max(len(values), 1)\n", "for x in items:\n    total = total + x\n"]
    assert 0 < bleu(changed, references) < 100
    scores = sentence_bleu(changed + references, references + references)
    assert len(scores) == 4 and scores[2] == scores[3] == pytest.approx(100.0) and scores[0] < 100
    with pytest.raises(ValueError, match="2 hypotheses but 1 references"):
        bleu(changed, references[:1])


def test_python_syntax_is_compiles_verdict() -> None:
    prompt = 'def mean(values):\n    """The mean."""\n'
    assert syntax_ok("python", prompt, "    return sum(values) / len(values)\n")
    assert syntax_ok("python", prompt, "    return undefined_name(values)\n")  # a runtime error, not a syntax one
    assert not syntax_ok("python", prompt, "    return sum(values) /\n")
    assert not syntax_ok("python", prompt, "return 1\n")  # the body must be indented under the def
    assert syntax_ok_many("python", []) == ()


def test_java_syntax_is_javacs_parser_verdict_and_unknown_names_are_not_errors() -> None:
    good = [
        "    int sum = 0;\n    for (int v : values) sum += v;\n    return sum;\n}\n",
        # semantic errors javac would report after parsing: unknown method, type mismatch, unknown type
        "    String s = 1;\n    return helperThatDoesNotExist(values, new Unknown<T>());\n}\n",
        "    return switch (values.size()) { case 0 -> 0; default -> values.get(0); };\n}\n",
    ]
    bad = [
        "    int sum = 0\n    return sum;\n}\n",  # missing ;
        "    return values.stream().mapToInt(v -> v).sum(;\n}\n",
        '    String s = "unclosed;\n    return 0;\n}\n',
        "    return 0;\n}\n}\n}\n",  # closes the class too early
    ]
    verdicts = syntax_ok_many("java", [(JAVA_HEADER, body) for body in good + bad])
    assert verdicts == (True,) * len(good) + (False,) * len(bad)
    assert syntax_ok("java", JAVA_HEADER, good[0]) and not syntax_ok("java", JAVA_HEADER, bad[0])


def test_javascript_syntax_is_nodes_parser_verdict_for_scripts_and_modules() -> None:
    good = [
        "  return values.reduce((a, b) => a + b, 0);\n}\n",
        "  return notDefinedAnywhere(values) / 2;\n}\n",  # a runtime error only
        "  const re = /[{}]+/g;\n  return `${values.length} {`.replace(re, '');\n}\n",
    ]
    bad = ["  return values.reduce((a, b) => a + , 0);\n}\n", "  return 1;\n", "  let x = ;\n}\n"]
    verdicts = syntax_ok_many("javascript", [(JS_HEADER, body) for body in good + bad])
    assert verdicts == (True,) * len(good) + (False,) * len(bad)
    module = "/** Adds. */\nexport default function add(a, b) {\n"
    assert syntax_ok("javascript", module, "  return a + b;\n}\n")
    assert not syntax_ok("javascript", module, "  return a +;\n}\n")


def test_an_unknown_language_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no syntax check for language 'cobol'"):
        syntax_ok("cobol", "", "")
