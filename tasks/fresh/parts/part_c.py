"""Fresh tasks, part_c: collections and numeric edge cases."""


# _raises(call, exception="ValueError"), the hidden test that ``call`` raises, is given by build.py


TASKS = [
    # ------------------------------------------------------------------ collections
    {
        "name": "group_records_by",
        "category": "collections",
        "prompt": '''def group_records_by(records: list[dict], key: str) -> dict:
    """Group dict records by the value each holds under ``key``.

    Return a dict mapping each distinct value to the list of records holding
    it. Groups appear in the order their value is first seen and records keep
    their input order inside a group. Records that lack ``key`` are skipped
    (a record whose value is None is not skipped: None is a value like any
    other). The lists hold the input dicts themselves, not copies.

    >>> group_records_by([{"t": "a", "n": 1}, {"t": "b", "n": 2}, {"t": "a", "n": 3}], "t")
    {'a': [{'t': 'a', 'n': 1}, {'t': 'a', 'n': 3}], 'b': [{'t': 'b', 'n': 2}]}
    """
''',
        "body": '''    groups = {}
    for record in records:
        if key not in record:
            continue
        groups.setdefault(record[key], []).append(record)
    return groups
''',
        "hidden_tests": [
            'assert group_records_by([], "t") == {}',
            'assert group_records_by([{"x": 1}, {"t": 2}], "t") == {2: [{"t": 2}]}',
            'assert group_records_by([{"x": 1}], "t") == {}',
            'assert group_records_by([{"t": None}, {"t": 0}, {"t": None, "k": 1}], "t") == '
            '{None: [{"t": None}, {"t": None, "k": 1}], 0: [{"t": 0}]}',
            'assert list(group_records_by([{"t": "z"}, {"t": "a"}, {"t": "m"}, {"t": "a"}], "t")) == ["z", "a", "m"]',
            'r = {"t": "q", "v": 1}\nassert group_records_by([r], "t")["q"][0] is r',
            'rows = [{"t": 1, "i": i} for i in range(5)]\n'
            'assert [r["i"] for r in group_records_by(rows, "t")[1]] == [0, 1, 2, 3, 4]',
        ],
    },
    {
        # 6/7: the surviving mutant drops the isinstance(key, str) check, which is equivalent:
        # str.join raises the same TypeError for a non-str key on every path.
        "name": "flatten_dotted_keys",
        "category": "collections",
        "prompt": '''def flatten_dotted_keys(nested: dict, sep: str = ".") -> dict:
    """Flatten nested dicts into one level, joining the keys of each path with ``sep``.

    A value that is a non-empty dict is descended into; any other value,
    including an empty dict or a list, becomes the value of the joined key.
    Keys must be strings: raise TypeError for a key of any other type, at any
    depth. The result's keys follow a depth-first walk of the input in order.

    >>> flatten_dotted_keys({"db": {"host": "x", "port": 5432}, "debug": True})
    {'db.host': 'x', 'db.port': 5432, 'debug': True}
    """
''',
        "body": '''    flat = {}

    def walk(path, mapping):
        for key, value in mapping.items():
            if not isinstance(key, str):
                raise TypeError(f"keys must be strings, got {key!r}")
            if isinstance(value, dict) and value:
                walk(path + (key,), value)
            else:
                flat[sep.join(path + (key,))] = value

    walk((), nested)
    return flat
''',
        "hidden_tests": [
            'assert flatten_dotted_keys({}) == {}',
            'assert flatten_dotted_keys({"a": {}}) == {"a": {}}',
            'assert flatten_dotted_keys({"a": {"b": [1, {"c": 2}]}}) == {"a.b": [1, {"c": 2}]}',
            'assert flatten_dotted_keys({"a": {"b": {"c": 1}}, "d": 2}, sep="/") == {"a/b/c": 1, "d": 2}',
            'assert list(flatten_dotted_keys({"z": 1, "a": {"y": 2, "b": 3}, "c": None})) == ["z", "a.y", "a.b", "c"]',
            'assert flatten_dotted_keys({"a": {"b": {}, "c": 0}}) == {"a.b": {}, "a.c": 0}',
            _raises('flatten_dotted_keys({1: "x"})', "TypeError"),
            _raises('flatten_dotted_keys({"a": {"b": {2: "x"}}})', "TypeError"),
        ],
    },
    {
        # 11/12: range(1, ...) -> range(0, ...) survives, equivalent (the empty prefix is never a key).
        "name": "unflatten_dotted_keys",
        "category": "collections",
        "prompt": '''def unflatten_dotted_keys(flat: dict[str, object], sep: str = ".") -> dict:
    """Turn a dict whose keys are ``sep``-joined paths back into nested dicts.

    The key "a.b" with value 1 becomes {"a": {"b": 1}}; values are kept as
    they are (a value that is itself a dict stays one leaf value). Keys that
    share a first segment share one nested dict, whose keys follow the order
    of the input. Raise ValueError when one key's path is a proper prefix of
    another key's path (as "a" and "a.b", in either order; "a.b" and "a.bc"
    do not conflict), or when a key has an empty segment (as "", "a..b" or "a.").

    >>> unflatten_dotted_keys({"db.host": "x", "db.port": 5432, "debug": True})
    {'db': {'host': 'x', 'port': 5432}, 'debug': True}
    """
''',
        "body": '''    paths = {}
    for key, value in flat.items():
        parts = tuple(key.split(sep))
        if "" in parts:
            raise ValueError(f"empty segment in key {key!r}")
        paths[parts] = value
    result = {}
    for parts, value in paths.items():
        for size in range(1, len(parts)):
            if parts[:size] in paths:
                raise ValueError(f"conflicting keys at {sep.join(parts[:size])!r}")
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return result
''',
        "hidden_tests": [
            'assert unflatten_dotted_keys({}) == {}',
            'assert unflatten_dotted_keys({"a.b.c": 1, "a.b.d": 2, "a.e": 3}) == {"a": {"b": {"c": 1, "d": 2}, "e": 3}}',
            'assert unflatten_dotted_keys({"a.b": 1, "a.bc": 2}) == {"a": {"b": 1, "bc": 2}}',
            'assert unflatten_dotted_keys({"a/b": 1, "c.d": 2}, sep="/") == {"a": {"b": 1}, "c.d": 2}',
            'assert unflatten_dotted_keys({"a": {"x": 1}, "b": None}) == {"a": {"x": 1}, "b": None}',
            'assert list(unflatten_dotted_keys({"z.y": 1, "a": 2, "z.b": 3})["z"]) == ["y", "b"]',
            _raises('unflatten_dotted_keys({"a": 1, "a.b": 2})'),
            _raises('unflatten_dotted_keys({"a.b": 2, "a": 1})'),
            _raises('unflatten_dotted_keys({"x.y.z": 1, "x.y": 2})'),
            _raises('unflatten_dotted_keys({"": 1})'),
            _raises('unflatten_dotted_keys({"a..b": 1})'),
            _raises('unflatten_dotted_keys({"a.": 1})'),
        ],
    },
    {
        "name": "deep_merge_dicts",
        "category": "collections",
        "prompt": '''def deep_merge_dicts(base: dict, override: dict) -> dict:
    """Return a new dict: ``base`` updated recursively by ``override``.

    For each key of override: if the override value is None, the key is
    removed from the result (no error if it is absent); else if the override
    value is a dict, it is merged by these same rules into the base value
    when that is a dict, and into an empty dict otherwise (a new key or a
    non-dict base value), so None values inside it are dropped too; else the
    override value replaces the base value. Keys only in base are kept, None
    values included. Key order: base's keys in their order, then the keys
    new in override in theirs. Neither input is modified and no dict in the
    result is a dict of an input (nested dicts are copied; other values,
    such as lists, are shared).

    >>> deep_merge_dicts({"a": 1, "b": {"x": 1, "y": 2}}, {"b": {"y": 3}, "c": 4})
    {'a': 1, 'b': {'x': 1, 'y': 3}, 'c': 4}
    """
''',
        "body": '''    def copy_dicts(value):
        if isinstance(value, dict):
            return {k: copy_dicts(v) for k, v in value.items()}
        return value

    def merge(left, right):
        result = {k: copy_dicts(v) for k, v in left.items()}
        for key, value in right.items():
            if value is None:
                result.pop(key, None)
            elif isinstance(value, dict):
                prior = left.get(key)
                result[key] = merge(prior if isinstance(prior, dict) else {}, value)
            else:
                result[key] = value
        return result

    return merge(base, override)
''',
        "hidden_tests": [
            'assert deep_merge_dicts({}, {}) == {}',
            'assert deep_merge_dicts({"a": 1, "b": 2}, {"a": None, "z": None}) == {"b": 2}',
            'assert deep_merge_dicts({"a": {"x": 1, "y": 2}}, {"a": {"x": None}}) == {"a": {"y": 2}}',
            'assert deep_merge_dicts({"a": None}, {}) == {"a": None}',
            'assert deep_merge_dicts({"a": [1, 2]}, {"a": [3]}) == {"a": [3]}',
            'assert deep_merge_dicts({"a": 5}, {"a": {"b": 1, "c": None}}) == {"a": {"b": 1}}',
            'assert deep_merge_dicts({"a": {"b": 1}}, {"a": 7}) == {"a": 7}',
            'assert deep_merge_dicts({}, {"n": {"m": None, "k": {"j": None}}}) == {"n": {"k": {}}}',
            'assert list(deep_merge_dicts({"b": 1, "a": 2}, {"c": 3, "a": 4})) == ["b", "a", "c"]',
            'base = {"a": {"b": {"c": 1}}, "l": [1]}\nover = {"a": {"b": {"d": 2}}}\n'
            'r = deep_merge_dicts(base, over)\n'
            'assert r == {"a": {"b": {"c": 1, "d": 2}}, "l": [1]}\n'
            'assert base == {"a": {"b": {"c": 1}}, "l": [1]} and over == {"a": {"b": {"d": 2}}}',
            'base = {"a": {"b": {"c": 1}}, "k": {"q": 1}}\nover = {"n": {"m": 1}}\n'
            'r = deep_merge_dicts(base, over)\n'
            'assert r["a"] is not base["a"] and r["a"]["b"] is not base["a"]["b"]\n'
            'assert r["k"] is not base["k"] and r["n"] is not over["n"]',
        ],
    },
    {
        # 7/8: "size < 1" -> "size < 0" survives, equivalent (range() with step 0 raises ValueError too).
        "name": "split_into_chunks",
        "category": "collections",
        "prompt": '''def split_into_chunks(items: list, size: int) -> list[list]:
    """Split ``items`` into consecutive lists of ``size`` items; the last one may be shorter.

    An empty list gives []. Raise ValueError when size is less than 1.

    >>> split_into_chunks([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    """
''',
        "body": '''    if size < 1:
        raise ValueError("size must be at least 1")
    return [items[start:start + size] for start in range(0, len(items), size)]
''',
        "hidden_tests": [
            'assert split_into_chunks([], 3) == []',
            'assert split_into_chunks([1, 2, 3], 1) == [[1], [2], [3]]',
            'assert split_into_chunks([1, 2, 3], 3) == [[1, 2, 3]]',
            'assert split_into_chunks([1, 2, 3], 10) == [[1, 2, 3]]',
            'assert split_into_chunks(list("abcdef"), 3) == [["a", "b", "c"], ["d", "e", "f"]]',
            'assert split_into_chunks([1, 2, 3, 4], 3) == [[1, 2, 3], [4]]',
            _raises('split_into_chunks([1, 2], 0)'),
            _raises('split_into_chunks([1, 2], -2)'),
        ],
    },
    {
        # 17/18: "step < 1" -> "step < 0" survives, equivalent (range() with step 0 raises ValueError too).
        "name": "sliding_windows",
        "category": "collections",
        "prompt": '''def sliding_windows(items: list, width: int, step: int = 1) -> list[tuple]:
    """Return the windows of ``width`` consecutive items, one starting every ``step`` items.

    Windows start at index 0, step, 2 * step, ... and only windows that fit
    entirely are returned, as tuples (so fewer than ``width`` items give []).
    Raise ValueError when width or step is less than 1.

    >>> sliding_windows([1, 2, 3, 4, 5], 3)
    [(1, 2, 3), (2, 3, 4), (3, 4, 5)]
    >>> sliding_windows([1, 2, 3, 4, 5, 6], 2, step=3)
    [(1, 2), (4, 5)]
    """
''',
        "body": '''    if width < 1 or step < 1:
        raise ValueError("width and step must be at least 1")
    return [tuple(items[start:start + width]) for start in range(0, len(items) - width + 1, step)]
''',
        "hidden_tests": [
            'assert sliding_windows([], 1) == []',
            'assert sliding_windows([1, 2, 3], 3) == [(1, 2, 3)]',
            'assert sliding_windows([1, 2], 3) == []',
            'assert sliding_windows(["a", "b", "c"], 1) == [("a",), ("b",), ("c",)]',
            'assert sliding_windows([1, 2, 3, 4, 5], 2, step=2) == [(1, 2), (3, 4)]',
            'assert sliding_windows([1, 2, 3, 4, 5, 6], 2, step=2) == [(1, 2), (3, 4), (5, 6)]',
            'assert sliding_windows([1, 2, 3], 1, step=5) == [(1,)]',
            _raises('sliding_windows([1, 2, 3], 0)'),
            _raises('sliding_windows([1, 2, 3], 2, step=0)'),
            _raises('sliding_windows([], 2, step=-1)'),
        ],
    },
    {
        "name": "dedupe_by_key",
        "category": "collections",
        "prompt": '''from typing import Callable


def dedupe_by_key(items: list, key: Callable, keep: str = "first") -> list:
    """Drop items whose ``key(item)`` repeats another item's, preserving order.

    With keep="first" the first item of each key stays; with keep="last" the
    last item of each key stays, at the position of that last occurrence.
    Raise ValueError for any other value of ``keep``. Keys are hashable.

    >>> dedupe_by_key(["apple", "avocado", "banana", "blueberry", "cherry"], key=lambda s: s[0])
    ['apple', 'banana', 'cherry']
    >>> dedupe_by_key([1, 2, 3, 4], key=lambda n: n % 2, keep="last")
    [3, 4]
    """
''',
        "body": '''    if keep not in ("first", "last"):
        raise ValueError(f"keep must be 'first' or 'last', not {keep!r}")
    if keep == "first":
        seen = set()
        result = []
        for item in items:
            k = key(item)
            if k not in seen:
                seen.add(k)
                result.append(item)
        return result
    last_position = {}
    for position, item in enumerate(items):
        last_position[key(item)] = position
    kept = set(last_position.values())
    return [item for position, item in enumerate(items) if position in kept]
''',
        "hidden_tests": [
            'assert dedupe_by_key([], key=len) == []',
            'assert dedupe_by_key([], key=len, keep="last") == []',
            'assert dedupe_by_key([("a", 1), ("b", 2), ("a", 3)], key=lambda p: p[0], keep="last") == [("b", 2), ("a", 3)]',
            'assert dedupe_by_key([("a", 1), ("b", 2), ("a", 3)], key=lambda p: p[0]) == [("a", 1), ("b", 2)]',
            'assert dedupe_by_key(["x", "y", "z"], key=str.upper) == ["x", "y", "z"]',
            'assert dedupe_by_key(["x", "y", "z"], key=str.upper, keep="last") == ["x", "y", "z"]',
            'assert dedupe_by_key(["Ab", "aB", "AB"], key=str.lower, keep="last") == ["AB"]',
            'assert dedupe_by_key([3, -3, 2, -2, 3], key=abs) == [3, 2]',
            _raises('dedupe_by_key([1, 2], key=abs, keep="middle")'),
            _raises('dedupe_by_key([], key=abs, keep="First")'),
        ],
    },
    {
        "name": "merge_time_ranges",
        "category": "collections",
        "prompt": '''def merge_time_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge half-open ranges [start, end) that overlap or touch.

    Return their union as a sorted list of disjoint ranges that do not touch
    each other. Empty ranges (start == end) are dropped. The input may be in
    any order. Raise ValueError for a range whose start is greater than its end.

    >>> merge_time_ranges([(5, 8), (1, 3), (2, 4)])
    [(1, 4), (5, 8)]
    >>> merge_time_ranges([(1, 2), (2, 3)])
    [(1, 3)]
    """
''',
        "body": '''    for start, end in ranges:
        if start > end:
            raise ValueError(f"range ({start}, {end}) ends before it starts")
    merged = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
''',
        "hidden_tests": [
            'assert merge_time_ranges([]) == []',
            'assert merge_time_ranges([(3, 3)]) == []',
            'assert merge_time_ranges([(1, 10), (2, 3), (4, 4)]) == [(1, 10)]',
            'assert merge_time_ranges([(1, 2), (3, 4)]) == [(1, 2), (3, 4)]',
            'assert merge_time_ranges([(5, 6), (0, 5)]) == [(0, 6)]',
            'assert merge_time_ranges([(-5, -1), (-2, 0), (7, 9), (7, 9)]) == [(-5, 0), (7, 9)]',
            'assert merge_time_ranges([(0, 4), (6, 6), (8, 9)]) == [(0, 4), (8, 9)]',
            'assert merge_time_ranges([(0, 4), (4, 4), (5, 6)]) == [(0, 4), (5, 6)]',
            'assert merge_time_ranges([(3, 9), (0, 1), (4, 8)]) == [(0, 1), (3, 9)]',
            _raises('merge_time_ranges([(1, 2), (5, 4)])'),
            _raises('merge_time_ranges([(0, -1)])'),
        ],
    },
    {
        "name": "free_slots",
        "category": "collections",
        "prompt": '''def free_slots(window: tuple[int, int], busy: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the parts of ``window`` that no busy range covers.

    All ranges are half-open [start, end). Busy ranges may overlap or touch
    each other, be empty, lie partly or wholly outside the window, and come in
    any order. The result is sorted, holds no empty range, and merges what
    touches (free time is never split in two at a point). Raise ValueError if
    the window or any busy range has start > end.

    >>> free_slots((9, 17), [(12, 13), (10, 11)])
    [(9, 10), (11, 12), (13, 17)]
    """
''',
        "body": '''    window_start, window_end = window
    if window_start > window_end:
        raise ValueError("the window ends before it starts")
    for start, end in busy:
        if start > end:
            raise ValueError(f"busy range ({start}, {end}) ends before it starts")
    free = []
    cursor = window_start
    for start, end in sorted(busy):
        start, end = max(start, window_start), min(end, window_end)
        if start >= end:
            continue
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < window_end:
        free.append((cursor, window_end))
    return free
''',
        "hidden_tests": [
            'assert free_slots((9, 17), []) == [(9, 17)]',
            'assert free_slots((9, 17), [(5, 20)]) == []',
            'assert free_slots((9, 17), [(9, 10)]) == [(10, 17)]',
            'assert free_slots((9, 17), [(16, 17)]) == [(9, 16)]',
            'assert free_slots((9, 17), [(1, 9), (17, 30)]) == [(9, 17)]',
            'assert free_slots((9, 17), [(12, 12)]) == [(9, 17)]',
            'assert free_slots((9, 17), [(11, 13), (10, 12), (13, 14)]) == [(9, 10), (14, 17)]',
            'assert free_slots((0, 10), [(8, 12), (-3, 2), (4, 5)]) == [(2, 4), (5, 8)]',
            'assert free_slots((5, 5), [(1, 2)]) == []',
            'assert free_slots((0, 10), [(2, 8), (3, 4)]) == [(0, 2), (8, 10)]',
            _raises('free_slots((5, 4), [])'),
            _raises('free_slots((0, 10), [(1, 2), (3, 2)])'),
        ],
    },
    {
        "name": "top_k_with_ties",
        "category": "collections",
        "prompt": '''def top_k_with_ties(scores: dict[str, int], k: int) -> list[str]:
    """Return the names with the k highest scores, plus every name tied with the k-th.

    Names are ordered by score, highest first, then alphabetically. With k
    or fewer names, all of them are returned; k = 0 gives []. Raise
    ValueError for a negative k.

    >>> top_k_with_ties({"ann": 90, "bob": 85, "cid": 85, "dan": 70}, 2)
    ['ann', 'bob', 'cid']
    """
''',
        "body": '''    if k < 0:
        raise ValueError("k must not be negative")
    ordered = sorted(scores, key=lambda name: (-scores[name], name))
    if k == 0 or not ordered:
        return []
    cutoff = scores[ordered[min(k, len(ordered)) - 1]]
    return [name for name in ordered if scores[name] >= cutoff]
''',
        "hidden_tests": [
            'assert top_k_with_ties({"a": 1}, 0) == []',
            'assert top_k_with_ties({}, 3) == []',
            'assert top_k_with_ties({"b": 1, "a": 2, "c": 3}, 5) == ["c", "a", "b"]',
            'assert top_k_with_ties({"b": 1, "a": 2, "c": 3}, 3) == ["c", "a", "b"]',
            'assert top_k_with_ties({"x": 5, "w": 5, "y": 1}, 1) == ["w", "x"]',
            'assert top_k_with_ties({"a": 3, "b": 2, "c": 1}, 2) == ["a", "b"]',
            'assert top_k_with_ties({"a": 3, "b": 2, "c": 1}, 1) == ["a"]',
            'assert top_k_with_ties({"p": -1, "q": -5, "r": -1, "s": -5}, 3) == ["p", "r", "q", "s"]',
            _raises('top_k_with_ties({"a": 1}, -1)'),
        ],
    },
    {
        "name": "invert_with_collisions",
        "category": "collections",
        "prompt": '''def invert_with_collisions(mapping: dict) -> dict:
    """Invert a dict: map each value to the list of keys that had it.

    The keys inside each list keep their order in ``mapping``, and the
    inverted dict's keys appear in the order their value is first seen. The
    values of ``mapping`` are hashable.

    >>> invert_with_collisions({"a": 1, "b": 2, "c": 1})
    {1: ['a', 'c'], 2: ['b']}
    """
''',
        "body": '''    inverted = {}
    for key, value in mapping.items():
        inverted.setdefault(value, []).append(key)
    return inverted
''',
        "hidden_tests": [
            'assert invert_with_collisions({}) == {}',
            'assert invert_with_collisions({"x": "y"}) == {"y": ["x"]}',
            'assert invert_with_collisions({"z": 0, "a": 0, "m": 0}) == {0: ["z", "a", "m"]}',
            'assert list(invert_with_collisions({1: "b", 2: "a", 3: "b", 4: "c"})) == ["b", "a", "c"]',
            'assert invert_with_collisions({1: None, 2: (1, 2), 3: None}) == {None: [1, 3], (1, 2): [2]}',
            'assert invert_with_collisions({"a": 1, "b": 2}) == {1: ["a"], 2: ["b"]}',
        ],
    },
    {
        "name": "diff_dicts",
        "category": "collections",
        "prompt": '''def diff_dicts(old: dict, new: dict) -> dict:
    """Describe how ``new`` differs from ``old``, comparing top-level keys only.

    Return {"added": ..., "removed": ..., "changed": ...}: added maps each key
    only in new to its new value, removed maps each key only in old to its
    old value, and changed maps each key in both whose values differ (by !=)
    to the pair (old_value, new_value). Each of the three dicts has its keys
    in sorted order. All keys are strings.

    >>> diff_dicts({"a": 1, "b": 2, "c": 3}, {"b": 2, "c": 4, "d": 5})
    {'added': {'d': 5}, 'removed': {'a': 1}, 'changed': {'c': (3, 4)}}
    """
''',
        "body": '''    added = {k: new[k] for k in sorted(new) if k not in old}
    removed = {k: old[k] for k in sorted(old) if k not in new}
    changed = {k: (old[k], new[k]) for k in sorted(old) if k in new and old[k] != new[k]}
    return {"added": added, "removed": removed, "changed": changed}
''',
        "hidden_tests": [
            'assert diff_dicts({}, {}) == {"added": {}, "removed": {}, "changed": {}}',
            'assert diff_dicts({"a": {"x": [1]}}, {"a": {"x": [1]}}) == {"added": {}, "removed": {}, "changed": {}}',
            'assert diff_dicts({}, {"b": 1, "a": None}) == {"added": {"a": None, "b": 1}, "removed": {}, "changed": {}}',
            'assert diff_dicts({"q": 0}, {}) == {"added": {}, "removed": {"q": 0}, "changed": {}}',
            'assert diff_dicts({"k": 1}, {"k": None}) == {"added": {}, "removed": {}, "changed": {"k": (1, None)}}',
            'r = diff_dicts({"z": 1, "b": 1, "y": 0}, {"z": 2, "b": 2, "x": 5, "c": 6})\n'
            'assert list(r["added"]) == ["c", "x"] and list(r["changed"]) == ["b", "z"] and r["removed"] == {"y": 0}',
            'r = diff_dicts({"m": 1, "c": 2, "a": 3}, {})\nassert list(r["removed"]) == ["a", "c", "m"]',
        ],
    },
    {
        "name": "pivot_records",
        "category": "collections",
        "prompt": '''def pivot_records(triples: list[tuple[str, str, object]], fill: object = None) -> dict[str, dict[str, object]]:
    """Pivot (row, column, value) triples into a table {row: {column: value}}.

    Rows appear in the order first seen. Every row gets every column that
    appears anywhere, in the order columns are first seen across all triples,
    with ``fill`` for the cells no triple gives. Raise ValueError if two
    triples give the same (row, column) cell.

    >>> pivot_records([("mon", "eggs", 3), ("mon", "milk", 1), ("tue", "milk", 2)])
    {'mon': {'eggs': 3, 'milk': 1}, 'tue': {'eggs': None, 'milk': 2}}
    """
''',
        "body": '''    rows = {}
    columns = {}
    cells = {}
    for row, column, value in triples:
        if (row, column) in cells:
            raise ValueError(f"two values for cell ({row!r}, {column!r})")
        cells[(row, column)] = value
        rows.setdefault(row, None)
        columns.setdefault(column, None)
    return {row: {column: cells.get((row, column), fill) for column in columns} for row in rows}
''',
        "hidden_tests": [
            'assert pivot_records([]) == {}',
            'assert pivot_records([("r", "c", 1)]) == {"r": {"c": 1}}',
            'assert pivot_records([("a", "x", 1), ("b", "y", 2)], fill=0) == {"a": {"x": 1, "y": 0}, "b": {"x": 0, "y": 2}}',
            'r = pivot_records([("a", "y", 1), ("b", "x", 2), ("a", "x", 3)])\n'
            'assert list(r) == ["a", "b"] and list(r["a"]) == ["y", "x"] and list(r["b"]) == ["y", "x"]\n'
            'assert r == {"a": {"y": 1, "x": 3}, "b": {"y": None, "x": 2}}',
            'assert pivot_records([("a", "x", None), ("b", "y", 1)], fill="-") == {"a": {"x": None, "y": "-"}, "b": {"x": "-", "y": 1}}',
            'assert pivot_records([("a", "x", 1), ("x", "a", 1)]) == {"a": {"x": 1, "a": None}, "x": {"x": None, "a": 1}}',
            _raises('pivot_records([("a", "x", 1), ("b", "x", 2), ("a", "x", 1)])'),
        ],
    },
    {
        "name": "simulate_lru_cache",
        "category": "collections",
        "prompt": '''def simulate_lru_cache(capacity: int, requests: list[str]) -> tuple[list[str], int]:
    """Replay ``requests`` against an LRU cache that holds at most ``capacity`` keys.

    A request for a key in the cache is a hit and makes that key the most
    recently used. Any other request is a miss: the key is inserted as the
    most recently used, after evicting the least recently used key if the
    cache is full. Return (the keys in the cache from least to most recently
    used, the number of misses). Raise ValueError if capacity is less than 1.

    >>> simulate_lru_cache(2, ["a", "b", "a", "c", "b"])
    (['c', 'b'], 4)
    """
''',
        "body": '''    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    cache = []
    misses = 0
    for key in requests:
        if key in cache:
            cache.remove(key)
        else:
            misses += 1
            if len(cache) >= capacity:
                cache.pop(0)
        cache.append(key)
    return cache, misses
''',
        "hidden_tests": [
            'assert simulate_lru_cache(3, []) == ([], 0)',
            'assert simulate_lru_cache(1, ["a", "a", "b", "a"]) == (["a"], 3)',
            'assert simulate_lru_cache(3, ["a", "b", "c"]) == (["a", "b", "c"], 3)',
            'assert simulate_lru_cache(3, ["a", "b", "c", "d"]) == (["b", "c", "d"], 4)',
            'assert simulate_lru_cache(3, ["a", "b", "c", "a", "d"]) == (["c", "a", "d"], 4)',
            'assert simulate_lru_cache(2, ["x", "x", "x"]) == (["x"], 1)',
            'assert simulate_lru_cache(5, ["a", "b", "a", "b"]) == (["a", "b"], 2)',
            _raises('simulate_lru_cache(0, ["a"])'),
            _raises('simulate_lru_cache(-1, [])'),
        ],
    },
    {
        "name": "paginate_list",
        "category": "collections",
        "prompt": '''def paginate_list(items: list, page: int, per_page: int) -> dict:
    """Return one page of ``items`` with its paging details.

    Pages are numbered from 1. The result is {"items": the page's items,
    "page": page, "total_pages": n, "has_next": bool, "has_prev": bool}.
    total_pages is the number of pages needed, but at least 1, so an empty
    list has a single empty page. Raise ValueError when per_page is less
    than 1, and IndexError when page is outside 1..total_pages.

    >>> paginate_list(["a", "b", "c", "d", "e"], 2, 2)
    {'items': ['c', 'd'], 'page': 2, 'total_pages': 3, 'has_next': True, 'has_prev': True}
    """
''',
        "body": '''    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    total_pages = max(1, -(-len(items) // per_page))
    if page < 1 or page > total_pages:
        raise IndexError(f"page {page} is outside 1..{total_pages}")
    start = (page - 1) * per_page
    return {
        "items": items[start:start + per_page],
        "page": page,
        "total_pages": total_pages,
        "has_next": page < total_pages,
        "has_prev": page > 1,
    }
''',
        "hidden_tests": [
            'assert paginate_list([], 1, 10) == {"items": [], "page": 1, "total_pages": 1, "has_next": False, "has_prev": False}',
            'assert paginate_list([1, 2, 3, 4, 5], 3, 2) == {"items": [5], "page": 3, "total_pages": 3, "has_next": False, "has_prev": True}',
            'assert paginate_list([1, 2, 3, 4], 2, 2) == {"items": [3, 4], "page": 2, "total_pages": 2, "has_next": False, "has_prev": True}',
            'assert paginate_list([1, 2, 3, 4], 1, 2) == {"items": [1, 2], "page": 1, "total_pages": 2, "has_next": True, "has_prev": False}',
            'assert paginate_list([1, 2, 3], 1, 3)["total_pages"] == 1',
            'assert paginate_list(list(range(7)), 4, 2)["items"] == [6]',
            'assert paginate_list([1, 2, 3], 3, 1) == {"items": [3], "page": 3, "total_pages": 3, "has_next": False, "has_prev": True}',
            _raises('paginate_list([], 2, 10)', "IndexError"),
            _raises('paginate_list([1, 2, 3], 0, 2)', "IndexError"),
            _raises('paginate_list([1, 2, 3, 4], 3, 2)', "IndexError"),
            _raises('paginate_list([1, 2, 3], 1, 0)'),
        ],
    },
    {
        "name": "interleave_round_robin",
        "category": "collections",
        "prompt": '''def interleave_round_robin(*lists: list) -> list:
    """Interleave lists: the first item of each (in argument order), then the second of each, and so on.

    A list that runs out simply drops out of the rotation; every item of
    every list appears exactly once (None items included). No arguments give [].

    >>> interleave_round_robin([1, 2, 3], ["a"], [True, False])
    [1, 'a', True, 2, False, 3]
    """
''',
        "body": '''    result = []
    remaining = list(lists)
    index = 0
    while remaining:
        remaining = [items for items in remaining if index < len(items)]
        for items in remaining:
            result.append(items[index])
        index += 1
    return result
''',
        "hidden_tests": [
            'assert interleave_round_robin() == []',
            'assert interleave_round_robin([1, 2, 3]) == [1, 2, 3]',
            'assert interleave_round_robin([], [], []) == []',
            'assert interleave_round_robin([], [1, 2], []) == [1, 2]',
            'assert interleave_round_robin([None, None], [0]) == [None, 0, None]',
            'assert interleave_round_robin(["a", "b"], ["c", "d"]) == ["a", "c", "b", "d"]',
            'assert interleave_round_robin([1], [2, 3, 4], [5, 6]) == [1, 2, 5, 3, 6, 4]',
        ],
    },
    {
        "name": "get_by_path",
        "category": "collections",
        "prompt": '''def get_by_path(data: object, path: str, default: object = None) -> object:
    """Fetch a value from nested dicts and lists by a dotted path such as "users.0.name".

    Each dot-separated segment is looked up in the current value: in a dict
    as a string key; in a list as an index, but only if the segment is made
    of ASCII digits alone (so no negative indices). If a step fails (a
    missing key, an index out of range, a segment that is not such an index
    for a list, or a current value that is neither a dict nor a list, such as
    a string or a tuple) return ``default``. An empty path returns ``data``.

    >>> get_by_path({"users": [{"name": "ann"}, {"name": "bob"}]}, "users.1.name")
    'bob'
    """
''',
        "body": '''    if path == "":
        return data
    current = data
    for segment in path.split("."):
        if isinstance(current, dict):
            if segment not in current:
                return default
            current = current[segment]
        elif isinstance(current, list):
            if not (segment.isascii() and segment.isdigit()):
                return default
            index = int(segment)
            if index >= len(current):
                return default
            current = current[index]
        else:
            return default
    return current
''',
        "hidden_tests": [
            'd = {"a": 1}\nassert get_by_path(d, "") is d',
            'assert get_by_path({"a": [10, 20, 30]}, "a.2") == 30',
            'assert get_by_path({"a": [10, 20, 30]}, "a.3", "none") == "none"',
            'assert get_by_path({"a": [10, 20, 30]}, "a.-1", "none") == "none"',
            'assert get_by_path({"a": [10, 20, 30]}, "a.x", "none") == "none"',
            'assert get_by_path([5, 6], "\\u0661", "none") == "none"',
            'assert get_by_path({"a": "text"}, "a.0", "none") == "none"',
            'assert get_by_path({"a": (1, 2)}, "a.0", "none") == "none"',
            'assert get_by_path({"0": "zero"}, "0") == "zero"',
            'assert get_by_path({"a": None}, "a", "d") is None',
            'assert get_by_path({"a": {"b": {}}}, "a.b.c", 7) == 7',
            'assert get_by_path([[1, [2, 3]]], "0.1.0") == 2',
            'assert get_by_path({"a": {"b": 1}}, "a.c") is None',
        ],
    },
    {
        "name": "batch_by_weight",
        "category": "collections",
        "prompt": '''def batch_by_weight(items: list[tuple[str, int]], max_weight: int) -> list[list[str]]:
    """Pack (name, weight) items, in order, into batches whose total weight is at most ``max_weight``.

    Greedy: an item joins the current batch if the batch's total stays at
    most max_weight, otherwise it starts a new batch; items are never
    reordered and no batch is empty. Return the batches as lists of names.
    Raise ValueError when max_weight is less than 1, when a weight is
    negative, or when a single item weighs more than max_weight.

    >>> batch_by_weight([("a", 4), ("b", 3), ("c", 2), ("d", 5)], 7)
    [['a', 'b'], ['c', 'd']]
    """
''',
        "body": '''    if max_weight < 1:
        raise ValueError("max_weight must be at least 1")
    batches = []
    current = []
    total = 0
    for name, weight in items:
        if weight < 0 or weight > max_weight:
            raise ValueError(f"item {name!r} has an impossible weight {weight}")
        if total + weight > max_weight:
            batches.append(current)
            current = []
            total = 0
        current.append(name)
        total += weight
    if current:
        batches.append(current)
    return batches
''',
        "hidden_tests": [
            'assert batch_by_weight([], 5) == []',
            'assert batch_by_weight([("a", 5)], 5) == [["a"]]',
            'assert batch_by_weight([("a", 2), ("b", 3), ("c", 1)], 5) == [["a", "b"], ["c"]]',
            'assert batch_by_weight([("a", 2), ("b", 4)], 5) == [["a"], ["b"]]',
            'assert batch_by_weight([("a", 5), ("b", 0), ("c", 0), ("d", 1)], 5) == [["a", "b", "c"], ["d"]]',
            'assert batch_by_weight([("a", 0), ("b", 0)], 1) == [["a", "b"]]',
            'assert batch_by_weight([("a", 1), ("b", 1), ("c", 1)], 1) == [["a"], ["b"], ["c"]]',
            'assert batch_by_weight([("a", 3), ("b", 4), ("c", 1)], 5) == [["a"], ["b", "c"]]',
            _raises('batch_by_weight([("a", 6)], 5)'),
            _raises('batch_by_weight([("a", 1), ("b", -1)], 5)'),
            _raises('batch_by_weight([], 0)'),
        ],
    },
    {
        "name": "plan_list_sync",
        "category": "collections",
        "prompt": '''def plan_list_sync(current: list[str], desired: list[str]) -> dict[str, list[str]]:
    """Plan the additions and removals that turn ``current`` into ``desired``, compared as multisets.

    Items may repeat and counts matter, but order does not. Return
    {"add": [...], "remove": [...]}: "add" holds each item as many times as
    desired has more copies of it than current, and "remove" as many times
    as current has more copies than desired. Both lists are sorted.

    >>> plan_list_sync(["a", "b", "b"], ["b", "c", "c"])
    {'add': ['c', 'c'], 'remove': ['a', 'b']}
    """
''',
        "body": '''    from collections import Counter

    have = Counter(current)
    want = Counter(desired)
    return {"add": sorted((want - have).elements()), "remove": sorted((have - want).elements())}
''',
        "hidden_tests": [
            'assert plan_list_sync([], []) == {"add": [], "remove": []}',
            'assert plan_list_sync(["x", "y"], ["y", "x"]) == {"add": [], "remove": []}',
            'assert plan_list_sync([], ["b", "a", "b"]) == {"add": ["a", "b", "b"], "remove": []}',
            'assert plan_list_sync(["z", "a", "z"], []) == {"add": [], "remove": ["a", "z", "z"]}',
            'assert plan_list_sync(["a", "a", "a"], ["a"]) == {"add": [], "remove": ["a", "a"]}',
            'assert plan_list_sync(["a"], ["a", "a", "b"]) == {"add": ["a", "b"], "remove": []}',
        ],
    },
    {
        "name": "expand_param_grid",
        "category": "collections",
        "prompt": '''def expand_param_grid(grid: dict[str, list]) -> list[dict]:
    """Expand {name: [options]} into every combination of options, as a list of dicts.

    Combinations come in the order of nested loops over the names in dict
    order, the last name varying fastest, and each dict has its keys in grid
    order. An empty grid gives [{}] (a single empty combination); a name
    with no options gives [].

    >>> expand_param_grid({"lr": [0.1, 0.01], "depth": [2, 3]})
    [{'lr': 0.1, 'depth': 2}, {'lr': 0.1, 'depth': 3}, {'lr': 0.01, 'depth': 2}, {'lr': 0.01, 'depth': 3}]
    """
''',
        "body": '''    combinations = [{}]
    for name, options in grid.items():
        combinations = [{**combination, name: option} for combination in combinations for option in options]
    return combinations
''',
        "hidden_tests": [
            'assert expand_param_grid({}) == [{}]',
            'assert expand_param_grid({"a": []}) == []',
            'assert expand_param_grid({"a": [1, 2], "b": []}) == []',
            'assert expand_param_grid({"a": [1]}) == [{"a": 1}]',
            'assert expand_param_grid({"a": [1, 2], "b": ["x"], "c": [True, False]}) == ['
            '{"a": 1, "b": "x", "c": True}, {"a": 1, "b": "x", "c": False}, '
            '{"a": 2, "b": "x", "c": True}, {"a": 2, "b": "x", "c": False}]',
            'assert [list(d) for d in expand_param_grid({"z": [1], "a": [2]})] == [["z", "a"]]',
            'assert expand_param_grid({"a": [None, None]}) == [{"a": None}, {"a": None}]',
        ],
    },
    {
        "name": "resolve_build_order",
        "category": "collections",
        "prompt": '''def resolve_build_order(deps: dict[str, list[str]]) -> list[str]:
    """Order build targets so that every target comes after all the targets it depends on.

    ``deps`` maps a target to the targets it depends on (a dependency may be
    listed more than once). A dependency that is not itself a key is a
    target with no dependencies, and is part of the result. Whenever several
    targets are ready, the alphabetically smallest comes first, so the
    answer is unique. Raise ValueError if the dependencies contain a cycle
    (including a target that depends on itself).

    >>> resolve_build_order({"app": ["lib", "utils"], "lib": ["utils"]})
    ['utils', 'lib', 'app']
    """
''',
        "body": '''    import heapq

    graph = {}
    for target, needs in deps.items():
        graph.setdefault(target, set())
        for need in needs:
            graph.setdefault(need, set())
            graph[target].add(need)
    waiting = {target: len(needs) for target, needs in graph.items()}
    dependents = {target: [] for target in graph}
    for target, needs in graph.items():
        for need in needs:
            dependents[need].append(target)
    ready = [target for target, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        target = heapq.heappop(ready)
        order.append(target)
        for dependent in dependents[target]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                heapq.heappush(ready, dependent)
    if len(order) != len(graph):
        raise ValueError("the dependencies contain a cycle")
    return order
''',
        "hidden_tests": [
            'assert resolve_build_order({}) == []',
            'assert resolve_build_order({"b": [], "a": [], "c": []}) == ["a", "b", "c"]',
            'assert resolve_build_order({"z": [], "y": ["z"], "a": ["y"], "m": []}) == ["m", "z", "y", "a"]',
            'assert resolve_build_order({"x": ["w", "w"]}) == ["w", "x"]',
            'assert resolve_build_order({"d": ["b", "c"], "b": ["a"], "c": ["a"]}) == ["a", "b", "c", "d"]',
            'assert resolve_build_order({"t": ["q", "p"], "q": ["p"]}) == ["p", "q", "t"]',
            _raises('resolve_build_order({"a": ["a"]})'),
            _raises('resolve_build_order({"a": ["b"], "b": ["a"]})'),
            _raises('resolve_build_order({"ok": [], "a": ["b"], "b": ["c"], "c": ["a"], "d": ["ok"]})'),
        ],
    },
    {
        "name": "latest_per_key",
        "category": "collections",
        "prompt": '''def latest_per_key(events: list[tuple[str, int, object]]) -> dict:
    """Keep the latest value of each key from (key, timestamp, value) events.

    For each key, the event with the greatest timestamp wins; among events
    with that same timestamp, the one later in the list wins. The result
    maps each key to its winning value, with the keys in sorted order.

    >>> latest_per_key([("a", 5, "x"), ("b", 1, "y"), ("a", 3, "z")])
    {'a': 'x', 'b': 'y'}
    """
''',
        "body": '''    best = {}
    for key, timestamp, value in events:
        if key not in best or timestamp >= best[key][0]:
            best[key] = (timestamp, value)
    return {key: best[key][1] for key in sorted(best)}
''',
        "hidden_tests": [
            'assert latest_per_key([]) == {}',
            'assert latest_per_key([("k", 0, None)]) == {"k": None}',
            'assert latest_per_key([("a", 2, "first"), ("a", 2, "second")]) == {"a": "second"}',
            'assert latest_per_key([("a", 1, "old"), ("a", 2, "new")]) == {"a": "new"}',
            'assert latest_per_key([("a", -1, "p"), ("a", -3, "q")]) == {"a": "p"}',
            'assert list(latest_per_key([("c", 1, 1), ("a", 1, 1), ("b", 1, 1)])) == ["a", "b", "c"]',
            'assert latest_per_key([("b", 9, 1), ("a", 0, 2), ("b", 10, 3), ("b", 10, 4), ("b", 5, 5)]) == {"a": 2, "b": 4}',
        ],
    },
    {
        "name": "rate_limit_decisions",
        "category": "collections",
        "prompt": '''def rate_limit_decisions(timestamps: list[int], limit: int, window: int) -> list[bool]:
    """Decide, for each request, whether a sliding-window rate limiter allows it.

    Requests arrive at the given timestamps (whole seconds, in
    non-decreasing order; equal timestamps are allowed). A request at time t
    is allowed when fewer than ``limit`` earlier *allowed* requests have
    timestamps in the interval (t - window, t]; rejected requests do not
    count. Return one bool per request. Raise ValueError if limit or window
    is less than 1, or if a timestamp is smaller than the one before it.

    >>> rate_limit_decisions([0, 1, 2, 3, 10], 3, 10)
    [True, True, True, False, True]
    """
''',
        "body": '''    from collections import deque

    if limit < 1 or window < 1:
        raise ValueError("limit and window must be at least 1")
    allowed = deque()
    decisions = []
    previous = None
    for t in timestamps:
        if previous is not None and t < previous:
            raise ValueError("timestamps must not decrease")
        previous = t
        while allowed and allowed[0] <= t - window:
            allowed.popleft()
        if len(allowed) < limit:
            allowed.append(t)
            decisions.append(True)
        else:
            decisions.append(False)
    return decisions
''',
        "hidden_tests": [
            'assert rate_limit_decisions([], 1, 1) == []',
            'assert rate_limit_decisions([5, 5, 6], 1, 1) == [True, False, True]',
            'assert rate_limit_decisions([0, 9], 1, 10) == [True, False]',
            'assert rate_limit_decisions([0, 10], 1, 10) == [True, True]',
            'assert rate_limit_decisions([0, 5, 10], 1, 10) == [True, False, True]',
            'assert rate_limit_decisions([0, 0, 0, 0], 3, 5) == [True, True, True, False]',
            'assert rate_limit_decisions([0, 5, 10, 10], 2, 10) == [True, True, True, False]',
            'assert rate_limit_decisions([1, 2, 3, 12, 13], 2, 10) == [True, True, False, True, True]',
            'assert rate_limit_decisions([-5, -5, 100], 2, 1000) == [True, True, False]',
            _raises('rate_limit_decisions([3, 2], 5, 5)'),
            _raises('rate_limit_decisions([1, 1, 2, 1], 5, 5)'),
            _raises('rate_limit_decisions([1], 0, 5)'),
            _raises('rate_limit_decisions([1], 1, 0)'),
        ],
    },
    {
        "name": "sort_records_by_spec",
        "category": "collections",
        "prompt": '''def sort_records_by_spec(records: list[dict], spec: str) -> list[dict]:
    """Sort dict records by a comma-separated list of fields, such as "dept,-salary".

    Records are compared on the first field, then the next, and so on; a
    field written with a leading "-" sorts descending. The sort is stable
    (records equal on every field keep their input order). Spaces around a
    field in the spec are ignored. Return a new list; the input is not
    modified. Raise ValueError when the spec or any field in it is empty
    (as "", "a,,b" or "-"), and KeyError when a record lacks a named field.

    >>> sort_records_by_spec([{"d": "b", "s": 1}, {"d": "a", "s": 1}, {"d": "a", "s": 3}], "d,-s")
    [{'d': 'a', 's': 3}, {'d': 'a', 's': 1}, {'d': 'b', 's': 1}]
    """
''',
        "body": '''    fields = []
    for part in spec.split(","):
        part = part.strip()
        descending = part.startswith("-")
        name = part[1:] if descending else part
        if not name:
            raise ValueError(f"empty field in spec {spec!r}")
        fields.append((name, descending))
    result = list(records)
    for name, descending in reversed(fields):
        result.sort(key=lambda record: record[name], reverse=descending)
    return result
''',
        "hidden_tests": [
            'assert sort_records_by_spec([], "a") == []',
            'rows = [{"a": 2, "i": 0}, {"a": 1, "i": 1}, {"a": 2, "i": 2}, {"a": 1, "i": 3}]\n'
            'assert [r["i"] for r in sort_records_by_spec(rows, "a")] == [1, 3, 0, 2]\n'
            'assert [r["i"] for r in sort_records_by_spec(rows, "-a")] == [0, 2, 1, 3]',
            'rows = [{"n": "bo"}, {"n": "al"}, {"n": "cy"}]\n'
            'assert sort_records_by_spec(rows, "-n") == [{"n": "cy"}, {"n": "bo"}, {"n": "al"}]\n'
            'assert rows == [{"n": "bo"}, {"n": "al"}, {"n": "cy"}]',
            'rows = [{"x": 1, "y": 2}, {"x": 0, "y": 2}, {"x": 5, "y": 1}]\n'
            'assert sort_records_by_spec(rows, " y , -x ") == [{"x": 5, "y": 1}, {"x": 1, "y": 2}, {"x": 0, "y": 2}]',
            'rows = [{"x": 1, "y": 2}, {"x": 1, "y": 3}, {"x": 0, "y": 1}]\n'
            'assert sort_records_by_spec(rows, "-x,-y") == [{"x": 1, "y": 3}, {"x": 1, "y": 2}, {"x": 0, "y": 1}]',
            _raises('sort_records_by_spec([{"a": 1}], "")'),
            _raises('sort_records_by_spec([{"a": 1, "b": 2}], "a,,b")'),
            _raises('sort_records_by_spec([{"a": 1}], "-")'),
            _raises('sort_records_by_spec([{"a": 1}, {"b": 2}], "a")', "KeyError"),
        ],
    },
    {
        "name": "rename_record_keys",
        "category": "collections",
        "prompt": '''def rename_record_keys(record: dict, renames: dict[str, str]) -> dict:
    """Return a copy of ``record`` with its keys renamed by ``renames`` (old name -> new name).

    Keys not in renames keep their name, renames of keys the record lacks
    are ignored, and the result keeps the record's key order. Renames apply
    all at once, so {"a": "b", "b": "a"} swaps two keys. Raise ValueError if
    two keys of the record would end up with the same name. The input is
    not modified.

    >>> rename_record_keys({"id": 7, "nm": "ann", "age": 30}, {"nm": "name"})
    {'id': 7, 'name': 'ann', 'age': 30}
    """
''',
        "body": '''    result = {}
    for key, value in record.items():
        new_key = renames.get(key, key)
        if new_key in result:
            raise ValueError(f"two keys would be named {new_key!r}")
        result[new_key] = value
    return result
''',
        "hidden_tests": [
            'assert rename_record_keys({}, {"a": "b"}) == {}',
            'assert rename_record_keys({"a": 1}, {}) == {"a": 1}',
            'assert rename_record_keys({"a": 1, "b": 2}, {"a": "b", "b": "a"}) == {"b": 1, "a": 2}',
            'assert list(rename_record_keys({"a": 1, "b": 2}, {"a": "b", "b": "a"})) == ["b", "a"]',
            'assert rename_record_keys({"x": 1}, {"y": "z"}) == {"x": 1}',
            'r = {"a": 1}\nassert rename_record_keys(r, {"a": "c"}) == {"c": 1} and r == {"a": 1}',
            'assert rename_record_keys({"a": 1, "b": 2}, {"a": "a"}) == {"a": 1, "b": 2}',
            _raises('rename_record_keys({"a": 1, "b": 2}, {"a": "b"})'),
            _raises('rename_record_keys({"b": 2, "a": 1}, {"a": "b"})'),
            _raises('rename_record_keys({"a": 1, "b": 2, "c": 3}, {"a": "z", "c": "z"})'),
        ],
    },
    # ------------------------------------------------------------------ numeric
    {
        # 15/17: Decimal(1) -> Decimal(2) / Decimal(0) in the quantize exponent survive, equivalent
        # (quantize reads only the exponent).
        "name": "round_decimal_string",
        "category": "numeric",
        "prompt": '''def round_decimal_string(value: str, places: int, mode: str = "half_even") -> str:
    """Round a decimal number written as a string to ``places`` decimal places, exactly.

    ``mode`` is "half_even" (a tie goes to the even last digit, banker's
    rounding) or "half_up" (a tie goes away from zero). The value may use
    exponent notation such as "1.5e3". The result shows exactly ``places``
    digits after the decimal point (and no point when places is 0), never
    uses exponent notation, and has no minus sign when it is zero. Raise
    ValueError for an unknown mode, for negative places, or for a value that
    is not a finite decimal number (such as "abc", "NaN" or "inf").

    >>> round_decimal_string("2.665", 2)
    '2.66'
    >>> round_decimal_string("2.665", 2, "half_up")
    '2.67'
    """
''',
        "body": '''    from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

    modes = {"half_even": ROUND_HALF_EVEN, "half_up": ROUND_HALF_UP}
    if mode not in modes:
        raise ValueError(f"unknown rounding mode {mode!r}")
    if places < 0:
        raise ValueError("places must not be negative")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=modes[mode])
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:f}"
''',
        "hidden_tests": [
            'assert round_decimal_string("-2.5", 0, "half_up") == "-3"',
            'assert round_decimal_string("-2.5", 0) == "-2"',
            'assert round_decimal_string("0.5", 0) == "0" and round_decimal_string("1.5", 0) == "2"',
            'assert round_decimal_string("0.125", 2) == "0.12" and round_decimal_string("0.125", 2, "half_up") == "0.13"',
            'assert round_decimal_string("2.6651", 2) == "2.67"',
            'assert round_decimal_string("3", 2) == "3.00"',
            'assert round_decimal_string("123.456", 0, "half_up") == "123"',
            'assert round_decimal_string("-0.001", 2) == "0.00"',
            'assert round_decimal_string("-0.4", 0, "half_up") == "0"',
            'assert round_decimal_string("-0.005", 2, "half_up") == "-0.01"',
            'assert round_decimal_string("1.5e2", 1) == "150.0"',
            'assert round_decimal_string("0.0000001", 3) == "0.000"',
            _raises('round_decimal_string("abc", 2)'),
            _raises('round_decimal_string("NaN", 2)'),
            _raises('round_decimal_string("inf", 2)'),
            _raises('round_decimal_string("1.5", 1, "up")'),
            _raises('round_decimal_string("1.5", -1)'),
        ],
    },
    {
        "name": "percentages_to_100",
        "category": "numeric",
        "prompt": '''def percentages_to_100(counts: list[int]) -> list[int]:
    """Turn counts into whole-number percentages of their total that add up to exactly 100.

    Use the largest remainder method: each share starts as the floor of
    100 * count / total; the points still missing to reach 100 then go, one
    each, to the shares with the largest fractional remainders, a tie going
    to the earlier position. If every count is zero, return all zeros; an
    empty list gives []. Raise ValueError for a negative count.

    >>> percentages_to_100([1, 1, 1])
    [34, 33, 33]
    """
''',
        "body": '''    if any(count < 0 for count in counts):
        raise ValueError("counts must not be negative")
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    shares = [100 * count // total for count in counts]
    remainders = [100 * count % total for count in counts]
    missing = 100 - sum(shares)
    order = sorted(range(len(counts)), key=lambda index: (-remainders[index], index))
    for index in order[:missing]:
        shares[index] += 1
    return shares
''',
        "hidden_tests": [
            'assert percentages_to_100([]) == []',
            'assert percentages_to_100([0, 0]) == [0, 0]',
            'assert percentages_to_100([7]) == [100]',
            'assert percentages_to_100([0, 3]) == [0, 100]',
            'assert percentages_to_100([1, 2]) == [33, 67]',
            'assert percentages_to_100([2, 1, 1, 0]) == [50, 25, 25, 0]',
            'assert percentages_to_100([1, 1, 1, 1, 1, 1]) == [17, 17, 17, 17, 16, 16]',
            'assert percentages_to_100([1, 8, 1]) == [10, 80, 10]',
            'assert percentages_to_100([13, 1, 2]) == [81, 6, 13]',
            _raises('percentages_to_100([-1, 2])'),
            _raises('percentages_to_100([5, -2, 10])'),
        ],
    },
    {
        "name": "clamp_to_range",
        "category": "numeric",
        "prompt": '''def clamp_to_range(value: float, low: float, high: float) -> float:
    """Return ``value`` limited to the closed range [low, high].

    A value below low gives low, one above high gives high, and any other
    value is returned unchanged. low == high is allowed. Raise ValueError
    when low > high.

    >>> clamp_to_range(15, 0, 10)
    10
    >>> clamp_to_range(-2.5, -1.0, 1.0)
    -1.0
    """
''',
        "body": '''    if low > high:
        raise ValueError(f"empty range [{low}, {high}]")
    return min(max(value, low), high)
''',
        "hidden_tests": [
            'assert clamp_to_range(5, 0, 10) == 5',
            'assert clamp_to_range(-1, 0, 10) == 0',
            'assert clamp_to_range(0, 0, 10) == 0 and clamp_to_range(10, 0, 10) == 10',
            'assert clamp_to_range(3, 3, 3) == 3 and clamp_to_range(7, 3, 3) == 3 and clamp_to_range(-7, 3, 3) == 3',
            'assert clamp_to_range(2.5, 0.5, 1.5) == 1.5',
            'assert clamp_to_range(-20, -10, -5) == -10 and clamp_to_range(-7, -10, -5) == -7',
            _raises('clamp_to_range(1, 2, 1)'),
            _raises('clamp_to_range(0, 0.5, 0.25)'),
        ],
    },
    {
        "name": "rescale_value",
        "category": "numeric",
        "prompt": '''def rescale_value(value: float, source: tuple[float, float], target: tuple[float, float],
                  clamp: bool = False) -> float:
    """Map ``value`` linearly from the range source = (a, b) onto target = (c, d), sending a to c and b to d.

    Either range may run backwards (a > b or c > d). Values outside the
    source range extrapolate, unless ``clamp`` is true: then the result is
    limited to lie between c and d. The result is a float. Raise ValueError
    when a == b.

    >>> rescale_value(5, (0, 10), (0, 100))
    50.0
    >>> rescale_value(0.25, (0, 1), (10, 20))
    12.5
    """
''',
        "body": '''    a, b = source
    c, d = target
    if a == b:
        raise ValueError("the source range is empty")
    result = c + (value - a) * (d - c) / (b - a)
    if clamp:
        result = min(max(result, min(c, d)), max(c, d))
    return float(result)
''',
        "hidden_tests": [
            'assert abs(rescale_value(2, (0, 4), (10, 20)) - 15.0) < 1e-9',
            'assert abs(rescale_value(15, (0, 10), (0, 100)) - 150.0) < 1e-9',
            'assert abs(rescale_value(-5, (0, 10), (0, 100)) + 50.0) < 1e-9',
            'assert abs(rescale_value(15, (0, 10), (0, 100), clamp=True) - 100.0) < 1e-9',
            'assert abs(rescale_value(-5, (0, 10), (0, 100), clamp=True)) < 1e-9',
            'assert abs(rescale_value(8, (10, 0), (0, 100)) - 20.0) < 1e-9',
            'assert abs(rescale_value(15, (0, 10), (100, 0), clamp=True)) < 1e-9',
            'assert abs(rescale_value(-5, (0, 10), (100, 0), clamp=True) - 100.0) < 1e-9',
            'assert abs(rescale_value(3, (1, 5), (-1, 1), clamp=True)) < 1e-9',
            'assert abs(rescale_value(3, (0, 10), (7, 7)) - 7.0) < 1e-9',
            'assert isinstance(rescale_value(1, (0, 2), (0, 4)), float)',
            _raises('rescale_value(1, (3, 3), (0, 1))'),
        ],
    },
    {
        "name": "simple_moving_averages",
        "category": "numeric",
        "prompt": '''def simple_moving_averages(values: list[float], window: int) -> list[float]:
    """Return the mean of every run of ``window`` consecutive values, in order.

    The result has len(values) - window + 1 entries, or none when there are
    fewer values than ``window``. Raise ValueError when window is less than 1.

    >>> simple_moving_averages([1, 2, 3, 4, 5], 2)
    [1.5, 2.5, 3.5, 4.5]
    """
''',
        "body": '''    if window < 1:
        raise ValueError("window must be at least 1")
    return [sum(values[start:start + window]) / window for start in range(len(values) - window + 1)]
''',
        "hidden_tests": [
            'assert simple_moving_averages([], 1) == []',
            'assert simple_moving_averages([2, 4, 9], 3) == [5.0]',
            'assert simple_moving_averages([2, 4], 3) == []',
            'assert simple_moving_averages([3, -1, 0.5], 1) == [3, -1, 0.5]',
            'assert simple_moving_averages([4, 8, 0, -4, 2], 4) == [2.0, 1.5]',
            'r = simple_moving_averages([1, 2, 2, 1], 3)\nassert len(r) == 2 and all(abs(x - 5 / 3) < 1e-9 for x in r)',
            _raises('simple_moving_averages([1, 2], 0)'),
            _raises('simple_moving_averages([1, 2], -3)'),
        ],
    },
    {
        "name": "weighted_lower_median",
        "category": "numeric",
        "prompt": '''def weighted_lower_median(values: list[float], weights: list[float]) -> float:
    """Return the weighted lower median of ``values``.

    weights[i] is the weight of values[i]. The answer is the smallest value
    v such that the weights of all values <= v add up to at least half of
    the total weight. The values need not be sorted. Raise ValueError if the
    lists differ in length, if a weight is negative, or if the total weight
    is zero (which includes empty lists).

    >>> weighted_lower_median([1, 2, 3], [1, 1, 1])
    2
    >>> weighted_lower_median([10, 20, 30], [1, 1, 2])
    20
    """
''',
        "body": '''    if len(values) != len(weights):
        raise ValueError("values and weights differ in length")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    total = sum(weights)
    if total == 0:
        raise ValueError("the total weight is zero")
    running = 0
    for value, weight in sorted(zip(values, weights)):
        running += weight
        if 2 * running >= total:
            return value
''',
        "hidden_tests": [
            'assert weighted_lower_median([1, 2], [1, 1]) == 1',
            'assert weighted_lower_median([5], [0.5]) == 5',
            'assert weighted_lower_median([30, 10, 20], [2, 1, 1]) == 20',
            'assert weighted_lower_median([1, 9], [0, 1]) == 9',
            'assert weighted_lower_median([4, 1, 7], [1, 5, 1]) == 1',
            'assert weighted_lower_median([-3, -1, 2, 8], [1, 1, 1, 3]) == 2',
            'assert weighted_lower_median([1, 2, 3, 4], [3, 0, 0, 3]) == 1',
            _raises('weighted_lower_median([], [])'),
            _raises('weighted_lower_median([1, 2], [1])'),
            _raises('weighted_lower_median([1, 2], [1, -1])'),
            _raises('weighted_lower_median([1, 2, 3], [2, -1, 2])'),
            _raises('weighted_lower_median([1, 2], [0, 0])'),
        ],
    },
    {
        # 8/10: dropping or weakening the "n < 0" check survives, equivalent (math.isqrt raises
        # ValueError for negative n itself).
        "name": "ceil_isqrt",
        "category": "numeric",
        "prompt": '''def ceil_isqrt(n: int) -> int:
    """Return the smallest integer r >= 0 with r * r >= n, exactly, even for very large n.

    Raise ValueError for a negative n.

    >>> ceil_isqrt(10)
    4
    >>> ceil_isqrt(16)
    4
    """
''',
        "body": '''    import math

    if n < 0:
        raise ValueError("n must not be negative")
    root = math.isqrt(n)
    return root if root * root == n else root + 1
''',
        "hidden_tests": [
            'assert ceil_isqrt(0) == 0',
            'assert ceil_isqrt(1) == 1',
            'assert ceil_isqrt(2) == 2',
            'assert ceil_isqrt(15) == 4 and ceil_isqrt(17) == 5',
            'assert ceil_isqrt(10 ** 40) == 10 ** 20',
            'assert ceil_isqrt(10 ** 40 + 1) == 10 ** 20 + 1',
            'assert ceil_isqrt((10 ** 20 + 1) ** 2 - 1) == 10 ** 20 + 1',
            'assert ceil_isqrt(2 ** 106 - 1) == 2 ** 53',
            _raises('ceil_isqrt(-1)'),
        ],
    },
    {
        "name": "format_in_base",
        "category": "numeric",
        "prompt": '''def format_in_base(n: int, base: int, width: int = 1) -> str:
    """Write the integer ``n`` in ``base`` (2 to 36), with the digits 0-9 and then lowercase a-z.

    The digits are left-padded with zeros to at least ``width`` digits
    (never truncated). A negative n gets a "-" in front of the padded
    digits; the sign does not count toward the width. Raise ValueError when
    base is outside 2..36 or width is less than 1.

    >>> format_in_base(255, 16)
    'ff'
    >>> format_in_base(-5, 2, width=8)
    '-00000101'
    """
''',
        "body": '''    if not 2 <= base <= 36:
        raise ValueError(f"base must be 2..36, not {base}")
    if width < 1:
        raise ValueError("width must be at least 1")
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    magnitude = abs(n)
    digits = []
    while magnitude:
        magnitude, digit = divmod(magnitude, base)
        digits.append(alphabet[digit])
    text = "".join(reversed(digits)).rjust(width, "0")
    return "-" + text if n < 0 else text
''',
        "hidden_tests": [
            'assert format_in_base(0, 10) == "0"',
            'assert format_in_base(0, 2, width=3) == "000"',
            'assert format_in_base(35, 36) == "z" and format_in_base(36, 36) == "10"',
            'assert format_in_base(5, 2) == "101" and format_in_base(-1, 2) == "-1"',
            'assert format_in_base(-255, 16) == "-ff"',
            'assert format_in_base(4095, 16, width=2) == "fff"',
            'assert format_in_base(7, 8, width=3) == "007"',
            'assert format_in_base(10 ** 20, 10) == "1" + "0" * 20',
            'assert format_in_base(1295, 36) == "zz"',
            _raises('format_in_base(5, 1)'),
            _raises('format_in_base(5, 37)'),
            _raises('format_in_base(5, 10, width=0)'),
        ],
    },
    {
        "name": "decode_bit_flags",
        "category": "numeric",
        "prompt": '''def decode_bit_flags(value: int, names: list[str]) -> list[str]:
    """Decode a bit-flag integer into the names of its set bits.

    Bit i (bit 0 being the least significant) is named names[i]. Return the
    names of the set bits in increasing bit order. Raise ValueError if value
    is negative or has a set bit at a position that has no name
    (position >= len(names)).

    >>> decode_bit_flags(5, ["read", "write", "exec"])
    ['read', 'exec']
    """
''',
        "body": '''    if value < 0:
        raise ValueError("value must not be negative")
    if value >= 1 << len(names):
        raise ValueError(f"value {value} has bits beyond the {len(names)} names")
    return [name for position, name in enumerate(names) if value >> position & 1]
''',
        "hidden_tests": [
            'assert decode_bit_flags(0, ["a", "b"]) == []',
            'assert decode_bit_flags(0, []) == []',
            'assert decode_bit_flags(7, ["a", "b", "c"]) == ["a", "b", "c"]',
            'assert decode_bit_flags(4, ["a", "b", "c"]) == ["c"]',
            'assert decode_bit_flags(1, ["a", "b", "c"]) == ["a"]',
            'assert decode_bit_flags(2 ** 40, [str(i) for i in range(41)]) == ["40"]',
            _raises('decode_bit_flags(8, ["a", "b", "c"])'),
            _raises('decode_bit_flags(1, [])'),
            _raises('decode_bit_flags(-1, ["a", "b"])'),
        ],
    },
    {
        # 11/13: "total < 0" -> "total <= 0" / "total < 1" survive, equivalent (the quotient is 0 when
        # the total is 0).
        "name": "mean_rounded_half_up",
        "category": "numeric",
        "prompt": '''def mean_rounded_half_up(values: list[int]) -> int:
    """Return the mean of the integers rounded to the nearest integer, halves rounded away from zero.

    The result must be exact for integers of any size (a mean of 2.5 gives
    3, of -2.5 gives -3). Raise ValueError for an empty list.

    >>> mean_rounded_half_up([1, 2])
    2
    >>> mean_rounded_half_up([-1, -2])
    -2
    """
''',
        "body": '''    if not values:
        raise ValueError("the mean of no values is undefined")
    total = sum(values)
    count = len(values)
    quotient, remainder = divmod(abs(total), count)
    if 2 * remainder >= count:
        quotient += 1
    return -quotient if total < 0 else quotient
''',
        "hidden_tests": [
            'assert mean_rounded_half_up([7]) == 7 and mean_rounded_half_up([-7]) == -7',
            'assert mean_rounded_half_up([-1]) == -1 and mean_rounded_half_up([1]) == 1',
            'assert mean_rounded_half_up([1, 2, 3, 4]) == 3',
            'assert mean_rounded_half_up([-1, -2, -3, -4]) == -3',
            'assert mean_rounded_half_up([1, 1, 2]) == 1 and mean_rounded_half_up([1, 2, 2]) == 2',
            'assert mean_rounded_half_up([-1, -1, -2]) == -1 and mean_rounded_half_up([-1, -2, -2]) == -2',
            'assert mean_rounded_half_up([-3, 0]) == -2 and mean_rounded_half_up([3, 0]) == 2',
            'assert mean_rounded_half_up([-1, 1]) == 0 and mean_rounded_half_up([0, 0, 0]) == 0',
            'assert mean_rounded_half_up([10 ** 30, 10 ** 30 + 1]) == 10 ** 30 + 1',
            'assert mean_rounded_half_up([10 ** 30 + 1, 10 ** 30 + 1, 10 ** 30]) == 10 ** 30 + 1',
            _raises('mean_rounded_half_up([])'),
        ],
    },
    {
        "name": "spread_stats",
        "category": "numeric",
        "prompt": '''def spread_stats(values: list[float]) -> dict:
    """Summarize numbers as {"n": count, "mean": mean, "variance": sample variance, "range": max - min}.

    The mean is sum / n. The sample variance divides the sum of squared
    deviations from the mean by n - 1; for a single value it is undefined
    and reported as None. Raise ValueError for an empty list.

    >>> spread_stats([2, 4, 6])
    {'n': 3, 'mean': 4.0, 'variance': 4.0, 'range': 4}
    """
''',
        "body": '''    if not values:
        raise ValueError("no values to summarize")
    n = len(values)
    mean = sum(values) / n
    variance = None if n < 2 else sum((x - mean) ** 2 for x in values) / (n - 1)
    return {"n": n, "mean": mean, "variance": variance, "range": max(values) - min(values)}
''',
        "hidden_tests": [
            'assert spread_stats([5]) == {"n": 1, "mean": 5.0, "variance": None, "range": 0}',
            'assert spread_stats([1, 3]) == {"n": 2, "mean": 2.0, "variance": 2.0, "range": 2}',
            'r = spread_stats([1, 2, 3, 4])\n'
            'assert r["n"] == 4 and abs(r["mean"] - 2.5) < 1e-9 and abs(r["variance"] - 5 / 3) < 1e-9 and r["range"] == 3',
            'r = spread_stats([-4, 0, 10])\n'
            'assert abs(r["mean"] - 2.0) < 1e-9 and abs(r["variance"] - 52.0) < 1e-9 and r["range"] == 14',
            'r = spread_stats([7, 7, 7, 7])\nassert r["variance"] == 0 and r["range"] == 0 and r["mean"] == 7',
            'r = spread_stats([0.5, 1.5])\nassert abs(r["variance"] - 0.5) < 1e-9 and abs(r["range"] - 1.0) < 1e-9',
            _raises('spread_stats([])'),
        ],
    },
    {
        "name": "split_into_installments",
        "category": "numeric",
        "prompt": '''def split_into_installments(total_cents: int, count: int) -> list[int]:
    """Split an amount in cents into ``count`` installments that add up exactly to total_cents.

    The installments differ by at most one cent, and the larger ones come
    first. Raise ValueError when count is less than 1 or total_cents is
    negative.

    >>> split_into_installments(1000, 3)
    [334, 333, 333]
    """
''',
        "body": '''    if count < 1 or total_cents < 0:
        raise ValueError("count must be at least 1 and the total not negative")
    base, extra = divmod(total_cents, count)
    return [base + 1] * extra + [base] * (count - extra)
''',
        "hidden_tests": [
            'assert split_into_installments(0, 3) == [0, 0, 0]',
            'assert split_into_installments(2, 3) == [1, 1, 0]',
            'assert split_into_installments(999, 3) == [333, 333, 333]',
            'assert split_into_installments(5, 1) == [5]',
            'assert split_into_installments(1001, 4) == [251, 250, 250, 250]',
            'assert split_into_installments(1003, 4) == [251, 251, 251, 250]',
            _raises('split_into_installments(100, 0)'),
            _raises('split_into_installments(-1, 2)'),
        ],
    },
    {
        "name": "percent_change_rounded",
        "category": "numeric",
        "prompt": '''def percent_change_rounded(old: float, new: float, places: int = 1) -> float:
    """Return the change from ``old`` to ``new`` as a percentage of abs(old), rounded by round(x, places).

    A rise is positive and a fall negative, also when old is negative (from
    -10 to -5 is a rise of 50.0 percent). Raise ValueError when old is 0.

    >>> percent_change_rounded(200, 150)
    -25.0
    >>> percent_change_rounded(3, 4, 2)
    33.33
    """
''',
        "body": '''    if old == 0:
        raise ValueError("no percentage change from zero")
    return round((new - old) / abs(old) * 100, places)
''',
        "hidden_tests": [
            'assert percent_change_rounded(50, 50) == 0.0',
            'assert percent_change_rounded(3, 4) == 33.3 and percent_change_rounded(6, 7) == 16.7',
            'assert percent_change_rounded(-10, -5) == 50.0',
            'assert percent_change_rounded(-10, -20) == -100.0',
            'assert percent_change_rounded(-10, 5) == 150.0',
            'assert percent_change_rounded(1, 0) == -100.0',
            'assert percent_change_rounded(7, 8, 0) == 14.0',
            'assert percent_change_rounded(3, 5, 3) == 66.667',
            _raises('percent_change_rounded(0, 5)'),
            _raises('percent_change_rounded(0, 0)'),
        ],
    },
    {
        "name": "histogram_counts",
        "category": "numeric",
        "prompt": '''def histogram_counts(values: list[float], low: float, high: float, bins: int) -> list[int]:
    """Count the values falling in each of ``bins`` equal-width bins spanning [low, high].

    With w = (high - low) / bins, bin i covers [low + i * w, low + (i + 1) * w),
    except that the last bin also includes high itself. Values below low or
    above high are ignored. Raise ValueError when bins is less than 1 or
    when low >= high.

    >>> histogram_counts([0, 1, 2, 5, 9, 10, 11], 0, 10, 5)
    [2, 1, 1, 0, 2]
    """
''',
        "body": '''    if bins < 1:
        raise ValueError("bins must be at least 1")
    if low >= high:
        raise ValueError("low must be below high")
    counts = [0] * bins
    for value in values:
        if value < low or value > high:
            continue
        index = int((value - low) * bins // (high - low))
        counts[min(index, bins - 1)] += 1
    return counts
''',
        "hidden_tests": [
            'assert histogram_counts([], 0, 10, 3) == [0, 0, 0]',
            'assert histogram_counts([0, 10], 0, 10, 1) == [2]',
            'assert histogram_counts([-1, 11, 10.5], 0, 10, 2) == [0, 0]',
            'assert histogram_counts([3, 4, 5, 6], 0, 8, 4) == [0, 1, 2, 1]',
            'assert histogram_counts([-10, -5, -0.5, 0], -10, 0, 2) == [1, 3]',
            'assert histogram_counts([0.25, 0.5, 0.75, 1.0, 0.0], 0, 1, 4) == [1, 1, 1, 2]',
            'assert histogram_counts([1.999, 2], 0, 4, 2) == [1, 1]',
            'assert histogram_counts([100, 150, 199, 200], 100, 200, 2) == [1, 3]',
            _raises('histogram_counts([1], 0, 10, 0)'),
            _raises('histogram_counts([1], 5, 5, 2)'),
            _raises('histogram_counts([1], 6, 5, 2)'),
        ],
    },
    {
        "name": "snap_to_tick",
        "category": "numeric",
        "prompt": '''def snap_to_tick(price: str, tick: str, direction: str = "nearest") -> str:
    """Snap a decimal price to a whole multiple of ``tick``, in exact decimal arithmetic.

    ``direction`` is "down" (the largest multiple <= price), "up" (the
    smallest multiple >= price) or "nearest" (the closer one; exactly
    halfway goes up, toward +infinity, also for negative prices). Price and
    tick are decimal strings. Return the result as a string with as many
    decimal places as tick has (tick "0.05" gives two, tick "25" none).
    Raise ValueError when tick is not positive or direction is unknown.

    >>> snap_to_tick("10.07", "0.05")
    '10.05'
    >>> snap_to_tick("10.07", "0.05", "up")
    '10.10'
    """
''',
        "body": '''    from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

    amount = Decimal(price)
    step = Decimal(tick)
    if step <= 0:
        raise ValueError("tick must be positive")
    ratio = amount / step
    if direction == "down":
        multiple = ratio.to_integral_value(rounding=ROUND_FLOOR)
    elif direction == "up":
        multiple = ratio.to_integral_value(rounding=ROUND_CEILING)
    elif direction == "nearest":
        multiple = (ratio + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)
    else:
        raise ValueError(f"unknown direction {direction!r}")
    return f"{(multiple * step).quantize(step):f}"
''',
        "hidden_tests": [
            'assert snap_to_tick("10.07", "0.05", "down") == "10.05"',
            'assert snap_to_tick("10.025", "0.05") == "10.05" and snap_to_tick("10.024", "0.05") == "10.00"',
            'assert snap_to_tick("-10.025", "0.05") == "-10.00" and snap_to_tick("-10.026", "0.05") == "-10.05"',
            'assert snap_to_tick("-10.07", "0.05", "down") == "-10.10" and snap_to_tick("-10.07", "0.05", "up") == "-10.05"',
            'assert [snap_to_tick("10.05", "0.05", d) for d in ("down", "up", "nearest")] == ["10.05"] * 3',
            'assert snap_to_tick("110", "25") == "100" and snap_to_tick("112.5", "25") == "125"',
            'assert snap_to_tick("3.3", "0.5", "down") == "3.0" and snap_to_tick("3.3", "0.5", "up") == "3.5"',
            'assert snap_to_tick("7", "0.01", "down") == "7.00"',
            _raises('snap_to_tick("1.00", "0")'),
            _raises('snap_to_tick("1.00", "-0.05")'),
            _raises('snap_to_tick("1.00", "0.05", "sideways")'),
        ],
    },
    {
        "name": "percentile_nearest_rank",
        "category": "numeric",
        "prompt": '''def percentile_nearest_rank(values: list[float], p: int) -> float:
    """Return the p-th percentile of ``values`` by the nearest-rank method.

    p is an integer from 0 to 100. With the n values sorted ascending, the
    answer is the value at 1-based rank ceil(p * n / 100), computed exactly,
    except that p = 0 gives the smallest value. The values need not be
    sorted. Raise ValueError for an empty list or for p outside 0..100.

    >>> percentile_nearest_rank([15, 20, 35, 40, 50], 40)
    20
    """
''',
        "body": '''    if not values:
        raise ValueError("no values")
    if p < 0 or p > 100:
        raise ValueError("p must be in 0..100")
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))
    return ordered[rank - 1]
''',
        "hidden_tests": [
            'assert percentile_nearest_rank([3, 1, 2], 100) == 3',
            'assert percentile_nearest_rank([3, 1, 2], 0) == 1',
            'assert percentile_nearest_rank([15, 20, 35, 40, 50], 1) == 15',
            'assert percentile_nearest_rank([15, 20, 35, 40, 50], 20) == 15 and percentile_nearest_rank([15, 20, 35, 40, 50], 21) == 20',
            'assert percentile_nearest_rank(list(range(10, 110, 10)), 30) == 30',
            'assert percentile_nearest_rank([50, 40, 35, 20, 15], 99) == 50',
            'assert percentile_nearest_rank([7.5], 50) == 7.5',
            'assert percentile_nearest_rank(list(range(101)), 1) == 1 and percentile_nearest_rank(list(range(101)), 50) == 50',
            _raises('percentile_nearest_rank([], 50)'),
            _raises('percentile_nearest_rank([1, 2], -1)'),
            _raises('percentile_nearest_rank([1, 2], 101)'),
        ],
    },
    {
        # 13/16: equivalent survivors: dropping or weakening the "bits < 1" check (a negative shift
        # count raises ValueError itself) and n + half -> n - half (congruent modulo 2 ** bits).
        "name": "wrap_signed",
        "category": "numeric",
        "prompt": '''def wrap_signed(n: int, bits: int = 32) -> int:
    """Wrap ``n`` into a signed two's-complement integer of ``bits`` bits, as fixed-width C arithmetic would.

    The result is the unique value in [-2 ** (bits - 1), 2 ** (bits - 1) - 1]
    that is congruent to n modulo 2 ** bits. Raise ValueError when bits is
    less than 1.

    >>> wrap_signed(2 ** 31)
    -2147483648
    >>> wrap_signed(300, 8)
    44
    """
''',
        "body": '''    if bits < 1:
        raise ValueError("bits must be at least 1")
    half = 1 << (bits - 1)
    return (n + half) % (1 << bits) - half
''',
        "hidden_tests": [
            'assert wrap_signed(127, 8) == 127 and wrap_signed(128, 8) == -128',
            'assert wrap_signed(255, 8) == -1 and wrap_signed(256, 8) == 0',
            'assert wrap_signed(-128, 8) == -128 and wrap_signed(-129, 8) == 127',
            'assert wrap_signed(2 ** 31 - 1) == 2 ** 31 - 1 and wrap_signed(-2 ** 31 - 1) == 2 ** 31 - 1',
            'assert wrap_signed(2 ** 32 + 5) == 5 and wrap_signed(-1) == -1',
            'assert wrap_signed(1, 1) == -1 and wrap_signed(0, 1) == 0 and wrap_signed(2, 1) == 0',
            'assert wrap_signed(10 ** 20, 64) == 7766279631452241920',
            _raises('wrap_signed(5, 0)'),
            _raises('wrap_signed(5, -8)'),
        ],
    },
    {
        "name": "progressive_tax_cents",
        "category": "numeric",
        "prompt": '''def progressive_tax_cents(income_cents: int, brackets: list[tuple[int | None, int]]) -> int:
    """Compute a progressive tax, in whole cents.

    ``brackets`` lists (upper_limit_cents, rate_percent) pairs with positive,
    strictly increasing upper limits, the last limit being None (no upper
    limit). Income up to the first limit is taxed at the first rate, income
    between the first and second limits at the second rate, and so on. The
    exact total is rounded down to whole cents. Raise ValueError for a
    negative income, an empty bracket list, a last limit that is not None, a
    None limit before the last, or limits that are not positive and
    strictly increasing.

    >>> progressive_tax_cents(5000000, [(1000000, 10), (4000000, 20), (None, 40)])
    1100000
    """
''',
        "body": '''    if income_cents < 0:
        raise ValueError("income must not be negative")
    if not brackets or brackets[-1][0] is not None:
        raise ValueError("the last bracket must have no upper limit")
    previous = 0
    for limit, _ in brackets[:-1]:
        if limit is None or limit <= previous:
            raise ValueError("upper limits must be positive and strictly increasing")
        previous = limit
    total = 0
    lower = 0
    for limit, rate in brackets:
        top = income_cents if limit is None else min(limit, income_cents)
        total += max(0, top - lower) * rate
        lower = limit
    return total // 100
''',
        "hidden_tests": [
            'assert progressive_tax_cents(0, [(1000, 10), (None, 50)]) == 0',
            'assert progressive_tax_cents(1000, [(1000, 10), (None, 50)]) == 100',
            'assert progressive_tax_cents(1001, [(1000, 10), (None, 50)]) == 100',
            'assert progressive_tax_cents(1002, [(1000, 10), (None, 50)]) == 101',
            'assert progressive_tax_cents(500, [(1000, 10), (2000, 20), (None, 50)]) == 50',
            'assert progressive_tax_cents(2500, [(1000, 10), (2000, 20), (None, 50)]) == 550',
            'assert progressive_tax_cents(9, [(None, 25)]) == 2',
            'assert progressive_tax_cents(1999, [(1000, 0), (None, 100)]) == 999',
            'assert progressive_tax_cents(3, [(1, 100), (None, 0)]) == 1',
            'assert progressive_tax_cents(9, [(None, 11)]) == 0 and progressive_tax_cents(3, [(None, 25)]) == 0',
            'assert progressive_tax_cents(500, [(1000, 10), (None, 100)]) == 50',
            _raises('progressive_tax_cents(-1, [(None, 10)])'),
            _raises('progressive_tax_cents(100, [])'),
            _raises('progressive_tax_cents(100, [(1000, 10), (5000, 20)])'),
            _raises('progressive_tax_cents(100, [(None, 10), (1000, 20), (None, 30)])'),
            _raises('progressive_tax_cents(100, [(2000, 10), (1000, 20), (None, 30)])'),
            _raises('progressive_tax_cents(100, [(1000, 10), (1000, 20), (None, 30)])'),
            _raises('progressive_tax_cents(100, [(0, 10), (None, 20)])'),
        ],
    },
    {
        "name": "ema_series",
        "category": "numeric",
        "prompt": '''def ema_series(values: list[float], alpha: float) -> list[float]:
    """Return the exponential moving average of ``values``, one output per value.

    The first output is the first value itself; each later output is
    alpha * value + (1 - alpha) * previous output. An empty list gives [].
    Raise ValueError unless 0 < alpha <= 1.

    >>> ema_series([10, 20, 30], 0.5)
    [10, 15.0, 22.5]
    """
''',
        "body": '''    if not 0 < alpha <= 1:
        raise ValueError("alpha must be in (0, 1]")
    averages = []
    for value in values:
        if averages:
            averages.append(alpha * value + (1 - alpha) * averages[-1])
        else:
            averages.append(value)
    return averages
''',
        "hidden_tests": [
            'assert ema_series([], 0.3) == []',
            'assert ema_series([4], 0.3) == [4]',
            'assert ema_series([1, 5, -2], 1) == [1, 5, -2]',
            'r = ema_series([0, 8, 8], 0.25)\nassert len(r) == 3 and all(abs(a - b) < 1e-9 for a, b in zip(r, [0, 2.0, 3.5]))',
            'r = ema_series([10, 0, 0, 0], 0.5)\nassert all(abs(a - b) < 1e-9 for a, b in zip(r, [10, 5.0, 2.5, 1.25])) and len(r) == 4',
            _raises('ema_series([1, 2], 0)'),
            _raises('ema_series([1, 2], 1.01)'),
            _raises('ema_series([1, 2], -0.5)'),
        ],
    },
    {
        "name": "signed_bit_width",
        "category": "numeric",
        "prompt": '''def signed_bit_width(n: int) -> int:
    """Return the fewest bits that hold ``n`` in two's complement, the sign bit included.

    So 0 and -1 need 1 bit, 1 needs 2 bits (01), 127 and -128 need 8 bits,
    and 128 needs 9. Any integer is accepted, however large.

    >>> signed_bit_width(127)
    8
    >>> signed_bit_width(-129)
    9
    """
''',
        "body": '''    if n >= 0:
        return n.bit_length() + 1
    return (-n - 1).bit_length() + 1
''',
        "hidden_tests": [
            'assert signed_bit_width(0) == 1 and signed_bit_width(-1) == 1',
            'assert signed_bit_width(1) == 2 and signed_bit_width(-2) == 2',
            'assert signed_bit_width(2) == 3 and signed_bit_width(-3) == 3',
            'assert signed_bit_width(128) == 9 and signed_bit_width(-128) == 8',
            'assert signed_bit_width(2 ** 63 - 1) == 64 and signed_bit_width(-2 ** 63) == 64',
            'assert signed_bit_width(2 ** 63) == 65 and signed_bit_width(-2 ** 63 - 1) == 65',
        ],
    },
]
