"""Mining (Javadoc + signature → body) pairs from Java: a made-up class, then the JDK's own sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from codebudget.errors import CodebudgetError
from codebudget.train import mine_java
from codebudget.train.clike import scan
from codebudget.train.metrics import syntax_ok_many
from codebudget.train.mine_java import MAX_BODY_LINES, jdk_sources, method_name, methods, mine

SOURCE = '''\
package demo;

/** A demo class. */
public class Demo<E> {
    /** A field, not a method. */
    private final String name = "{not a brace}";

    /**
     * Makes a demo.
     */
    public Demo() {
        this.size = 0;
    }

    /**
     * Joins the parts with a separator.
     *
     * @param parts the parts
     * @return the text, never null
     */
    @Override
    public static <T extends Comparable<? super T>> String join(List<T> parts,
                                                               char separator) throws IOException {
        StringBuilder out = new StringBuilder("{");  // a brace in a string
        for (T part : parts) {
            if (out.length() > 1) out.append(separator == '}' ? ',' : separator);
            out.append(part);
        }
        /* a comment with a } in it */
        return out.append('}').toString();
    }

    /** Not implemented here. */
    public abstract int size();

    /** Native. */
    private native long address();

    static final class Node<K> {
        /** The key. */
        K key() { return key; }
    }
}
'''


def test_documented_methods_become_pairs_and_the_rest_is_left_out() -> None:
    pairs = methods(SOURCE, "java.base/demo/Demo.java")
    assert [pair.pair_id for pair in pairs] == ["jdk:java.base/demo/Demo.java:Demo.join:21",
                                                "jdk:java.base/demo/Demo.java:Demo.Node.key:41"]
    join, key = pairs
    assert join.prompt.startswith("/**\n * Joins the parts with a separator.\n")
    assert join.prompt.endswith(
        " */\n@Override\npublic static <T extends Comparable<? super T>> String join(List<T> parts,\n"
        "                                                           char separator) throws IOException {\n"
    )
    assert join.completion.startswith('    StringBuilder out = new StringBuilder("{");')
    assert join.completion.endswith("    return out.append('}').toString();\n}\n")
    assert (join.language, join.source, join.entry_point) == ("java", "jdk", "join")
    assert key.prompt == "/** The key. */\nK key() {" and key.completion == " return key; }\n"
    assert syntax_ok_many("java", [(p.prompt, p.completion) for p in pairs]) == (True, True)


def test_method_name_reads_a_signature_and_refuses_everything_else() -> None:
    def blanked(header: str) -> str:
        return scan(header, "java").code

    assert method_name(blanked('@SuppressWarnings("unchecked")\n public <K, V> Map.Entry<K, V>[] entries(int n)')) \
        == "entries"
    assert method_name(blanked("default void forEach(Consumer<? super T> action)")) == "forEach"
    for header in ("public ArrayList(int initialCapacity)", "public class Foo extends Bar", "static",
                   "private static final Foo X = new Foo()", "public native int hashCode()", "if (x > 0)"):
        assert method_name(blanked(header)) is None, header


def test_a_missing_source_archive_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(mine_java.ENV, str(tmp_path / "src.zip"))
    with pytest.raises(CodebudgetError, match="CODEBUDGET_JDK_SRC=.*no such file"):
        jdk_sources()
    monkeypatch.delenv(mine_java.ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(mine_java, "DEBIAN_JDK", tmp_path / "jdk")
    monkeypatch.setattr(mine_java, "JVM_DIR", tmp_path)
    with pytest.raises(CodebudgetError, match="install Debian's openjdk-17-source"):
        jdk_sources()
    (tmp_path / "jdk" / "lib").mkdir(parents=True)
    (tmp_path / "jdk" / "lib" / "src.zip").write_text("not a zip")
    with pytest.raises(CodebudgetError, match="cannot read the JDK sources"):
        mine()


def test_the_jdk_gives_thousands_of_pairs_that_javac_parses() -> None:
    pairs = mine()
    assert len(pairs) >= 2000
    assert len({pair.pair_id for pair in pairs}) == len(pairs)
    assert len({pair.completion for pair in pairs}) == len(pairs)
    packages = {pair.pair_id.split(":")[1].rsplit("/", 1)[0] for pair in pairs}
    assert packages == {"java.base/java/util", "java.base/java/lang", "java.base/java/text", "java.base/java/time",
                        "java.base/java/io"}
    for pair in pairs:
        assert pair.prompt.startswith("/**") and pair.prompt.rstrip().endswith("{")
        assert pair.completion.rstrip().endswith("}") and " native " not in pair.prompt.split("*/")[-1]
        body = pair.completion.rstrip()[:-1]
        assert 1 <= sum(1 for line in body.splitlines() if line.strip()) <= MAX_BODY_LINES
    is_empty = "jdk:java.base/java/util/ArrayList.java:ArrayList.isEmpty:"
    empty = [pair for pair in pairs if pair.pair_id.startswith(is_empty)]
    assert len(empty) == 1 and "return size == 0;" in empty[0].completion
    # the miner's own javac check is real: a sample of its pairs, broken by one character, no longer parse
    sample = pairs[:: len(pairs) // 50]
    assert syntax_ok_many("java", [(p.prompt, p.completion.rstrip()[:-1]) for p in sample]) == (False,) * len(sample)
