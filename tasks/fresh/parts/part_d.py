"""Fresh tasks, part_d: small algorithms and input validation."""


# _raises(call, exception="ValueError"), the hidden test that ``call`` raises, is given by build.py


TASKS = [
    # ------------------------------------------------------------------ algorithms
    {
        "name": "topo_order_tasks",
        "category": "algorithms",
        "prompt": '''def topo_order_tasks(deps: dict[str, list[str]]) -> list[str]:
    """Return an order in which to run tasks so that each runs after its prerequisites.

    ``deps`` maps a task name to the list of tasks that must run before it. A
    prerequisite that is not itself a key is a task with no prerequisites; a
    prerequisite may be listed more than once. Every task (keys and
    prerequisites) appears exactly once in the result. Whenever several tasks
    are ready to run (all their prerequisites done), the alphabetically smallest
    one runs next. Raise ValueError if the prerequisites form a cycle (a task
    that depends on itself counts as a cycle).

    >>> topo_order_tasks({"deploy": ["build", "test"], "test": ["build"]})
    ['build', 'test', 'deploy']
    """
''',
        "body": '''    import heapq
    pending = {}
    users = {}
    for task, before in deps.items():
        pending.setdefault(task, set())
        for other in before:
            pending.setdefault(other, set())
            pending[task].add(other)
            users.setdefault(other, set()).add(task)
    ready = [task for task, before in pending.items() if not before]
    heapq.heapify(ready)
    order = []
    while ready:
        task = heapq.heappop(ready)
        order.append(task)
        for user in users.get(task, ()):
            pending[user].discard(task)
            if not pending[user]:
                heapq.heappush(ready, user)
    if len(order) != len(pending):
        raise ValueError("the prerequisites form a cycle")
    return order
''',
        "hidden_tests": [
            'assert topo_order_tasks({}) == []',
            'assert topo_order_tasks({"x": []}) == ["x"]',
            'assert topo_order_tasks({"app": ["lib"]}) == ["lib", "app"]',
            'assert topo_order_tasks({"c": ["a", "a"], "b": []}) == ["a", "b", "c"]',
            'assert topo_order_tasks({"z": [], "m": ["z"], "a": ["z"]}) == ["z", "a", "m"]',
            'assert topo_order_tasks({"b": [], "c": [], "a": ["b"]}) == ["b", "a", "c"]',
            'assert topo_order_tasks({"d": ["b", "c"], "b": ["a"], "c": ["a"]}) == ["a", "b", "c", "d"]',
            _raises('topo_order_tasks({"a": ["b"], "b": ["a"]})'),
            _raises('topo_order_tasks({"a": ["a"]})'),
            _raises('topo_order_tasks({"a": [], "b": ["c"], "c": ["d"], "d": ["b"]})'),
        ],
    },
    {
        "name": "grid_shortest_steps",
        "category": "algorithms",
        "prompt": '''def grid_shortest_steps(grid: list[str], start: tuple[int, int], goal: tuple[int, int]) -> int:
    """Return the fewest moves from ``start`` to ``goal`` on a grid, or -1 if unreachable.

    ``grid`` is a list of equal-length strings; "#" is a wall and any other
    character is open floor. Positions are (row, column) pairs counted from 0.
    Each move goes one cell up, down, left or right (no diagonals, no wrapping
    around the edges) and must stay inside the grid on open floor. Raise
    ValueError if ``start`` or ``goal`` is outside the grid (negative indices
    are outside too) or on a wall. When ``start == goal`` the answer is 0.

    >>> grid_shortest_steps(["..#", "...", "#.."], (0, 0), (2, 2))
    4
    """
''',
        "body": '''    from collections import deque

    def is_open(row, col):
        return 0 <= row < len(grid) and 0 <= col < len(grid[row]) and grid[row][col] != "#"

    if not is_open(*start) or not is_open(*goal):
        raise ValueError("start and goal must be open cells inside the grid")
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        (row, col), steps = queue.popleft()
        if (row, col) == goal:
            return steps
        for nxt in ((row + 1, col), (row - 1, col), (row, col + 1), (row, col - 1)):
            if is_open(*nxt) and nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, steps + 1))
    return -1
''',
        "hidden_tests": [
            'assert grid_shortest_steps(["."], (0, 0), (0, 0)) == 0',
            'assert grid_shortest_steps([".#.", ".#.", ".#."], (0, 0), (0, 2)) == -1',
            'assert grid_shortest_steps([".....", "####.", ".....", ".####", "....."], (0, 0), (4, 4)) == 16',
            'assert grid_shortest_steps([".....", "####.", ".....", ".####", "....."], (4, 4), (0, 0)) == 16',
            'assert grid_shortest_steps(["...", "...", "..."], (1, 1), (1, 1)) == 0',
            'assert grid_shortest_steps(["a.b", "#c#"], (0, 0), (1, 1)) == 2',
            'assert grid_shortest_steps(["....", "....", "...."], (2, 3), (0, 0)) == 5',
            _raises('grid_shortest_steps(["..", "#."], (1, 0), (0, 0))'),
            _raises('grid_shortest_steps(["..", ".#"], (0, 0), (1, 1))'),
            _raises('grid_shortest_steps(["..", ".."], (-1, 0), (0, 0))'),
            _raises('grid_shortest_steps(["..", ".."], (0, 0), (0, -1))'),
            _raises('grid_shortest_steps(["..", ".."], (2, 0), (0, 0))'),
            _raises('grid_shortest_steps(["..", ".."], (0, 0), (0, 2))'),
        ],
    },
    {
        "name": "bracket_pairs",
        "category": "algorithms",
        "prompt": '''def bracket_pairs(text: str) -> list[tuple[int, int]]:
    """Return the index pairs of matching brackets in ``text``.

    The brackets are (), [] and {}; every other character is ignored. Each pair
    is (index of the opening bracket, index of the closing bracket), and the
    list is ordered by closing index. Raise ValueError if a closing bracket has
    no unclosed opening bracket before it, if it does not match the most recent
    unclosed opening bracket, or if any opening bracket is left unclosed.

    >>> bracket_pairs("f(a[0], {b})")
    [(3, 5), (8, 10), (1, 11)]
    """
''',
        "body": '''    closers = {")": "(", "]": "[", "}": "{"}
    stack = []
    pairs = []
    for index, char in enumerate(text):
        if char in "([{":
            stack.append((char, index))
        elif char in closers:
            if not stack or stack[-1][0] != closers[char]:
                raise ValueError(f"unmatched {char!r} at index {index}")
            pairs.append((stack.pop()[1], index))
    if stack:
        raise ValueError("unclosed bracket")
    return pairs
''',
        "hidden_tests": [
            'assert bracket_pairs("") == []',
            'assert bracket_pairs("no brackets") == []',
            'assert bracket_pairs("()") == [(0, 1)]',
            'assert bracket_pairs("[{}]()") == [(1, 2), (0, 3), (4, 5)]',
            'assert bracket_pairs("x[()]") == [(2, 3), (1, 4)]',
            _raises('bracket_pairs(")")'),
            _raises('bracket_pairs("a)(")'),
            _raises('bracket_pairs("(]")'),
            _raises('bracket_pairs("{[}]")'),
            _raises('bracket_pairs("((")'),
            _raises('bracket_pairs("(()")'),
        ],
    },
    {
        "name": "assign_meeting_rooms",
        "category": "algorithms",
        "prompt": '''def assign_meeting_rooms(meetings: list[tuple[int, int]]) -> list[int]:
    """Give each meeting a room number, reusing rooms as soon as they are free.

    Each meeting is a (start, end) pair of minutes; it occupies its room from
    start up to, but not including, end, so a meeting may start in a room at
    the very minute the previous one there ends. Handle the meetings in order
    of start time (equal starts: in input order) and give each the
    lowest-numbered room that is free for it, opening a new room (numbered
    from 0 upwards) when none is. Return the room of each meeting, in the order
    of the input list. Raise ValueError if any meeting has start >= end.

    >>> assign_meeting_rooms([(9, 10), (9, 11), (10, 12)])
    [0, 1, 0]
    """
''',
        "body": '''    for start, end in meetings:
        if start >= end:
            raise ValueError(f"meeting ends before it starts: {(start, end)}")
    order = sorted(range(len(meetings)), key=lambda i: meetings[i][0])
    free_at = []
    rooms = [None] * len(meetings)
    for i in order:
        start, end = meetings[i]
        for room, time in enumerate(free_at):
            if time <= start:
                free_at[room] = end
                rooms[i] = room
                break
        else:
            rooms[i] = len(free_at)
            free_at.append(end)
    return rooms
''',
        "hidden_tests": [
            'assert assign_meeting_rooms([]) == []',
            'assert assign_meeting_rooms([(0, 5)]) == [0]',
            'assert assign_meeting_rooms([(1, 2), (2, 3)]) == [0, 0]',
            'assert assign_meeting_rooms([(10, 11), (9, 10)]) == [0, 0]',
            'assert assign_meeting_rooms([(1, 5), (1, 3)]) == [0, 1]',
            'assert assign_meeting_rooms([(0, 3), (0, 2), (0, 1), (5, 6)]) == [0, 1, 2, 0]',
            'assert assign_meeting_rooms([(0, 10), (0, 3), (0, 5), (4, 6)]) == [0, 1, 2, 1]',
            'assert assign_meeting_rooms([(5, 9), (0, 4), (3, 6)]) == [0, 0, 1]',
            _raises('assign_meeting_rooms([(3, 3)])'),
            _raises('assign_meeting_rooms([(1, 2), (5, 4)])'),
        ],
    },
    {
        "name": "dispense_coins",
        "category": "algorithms",
        "prompt": '''def dispense_coins(amount: int, stock: dict[int, int]) -> dict[int, int]:
    """Pay out ``amount`` from a till holding ``stock``, largest coins first.

    ``stock`` maps a coin value to how many of that coin the till holds. Go
    through the coin values from largest to smallest and take as many of each
    as fit into what is still to be paid, without exceeding the stock. Return
    a dict mapping each coin value used to the number taken (coins not used are
    left out, so an amount of 0 gives {}). Raise ValueError if ``amount`` is
    negative or if this greedy payout leaves something unpaid (even when some
    other combination of the coins would have worked).

    >>> dispense_coins(65, {50: 1, 20: 5, 5: 3})
    {50: 1, 5: 3}
    """
''',
        "body": '''    paid = {}  # a negative amount pays no coin, so it is left unpaid below
    for coin in sorted(stock, reverse=True):
        count = min(stock[coin], amount // coin)
        if count > 0:
            paid[coin] = count
            amount -= count * coin
    if amount != 0:
        raise ValueError("the till cannot pay this amount greedily")
    return paid
''',
        "hidden_tests": [
            'assert dispense_coins(0, {}) == {}',
            'assert dispense_coins(0, {5: 2}) == {}',
            'assert dispense_coins(1, {1: 1}) == {1: 1}',
            'assert dispense_coins(30, {20: 1, 10: 5}) == {20: 1, 10: 1}',
            'assert dispense_coins(40, {20: 1, 10: 5}) == {20: 1, 10: 2}',
            'assert dispense_coins(12, {1: 10, 5: 10}) == {5: 2, 1: 2}',
            'assert dispense_coins(7, {5: 1, 2: 1, 10: 0}) == {5: 1, 2: 1}',
            _raises('dispense_coins(6, {5: 1, 3: 2})'),
            _raises('dispense_coins(3, {})'),
            _raises('dispense_coins(-5, {5: 1})'),
        ],
    },
    {
        "name": "suggest_command",
        "category": "algorithms",
        "prompt": '''def suggest_command(word: str, commands: list[str], max_distance: int) -> str | None:
    """Suggest the known command closest to a mistyped ``word`` ("did you mean").

    The distance between two strings is their Levenshtein edit distance: the
    fewest single-character insertions, deletions and substitutions that turn
    one into the other, comparing characters case-sensitively. Return the
    command with the smallest distance to ``word`` if that distance is at most
    ``max_distance``; among equally close commands return the one listed first.
    Return None if no command is close enough (or ``commands`` is empty).

    >>> suggest_command("stauts", ["status", "stash", "commit"], 2)
    'status'
    """
''',
        "body": '''    def distance(a, b):
        previous = list(range(len(b) + 1))
        for i, char_a in enumerate(a, 1):
            current = [i]
            for j, char_b in enumerate(b, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1,
                                   previous[j - 1] + (char_a != char_b)))
            previous = current
        return previous[-1]

    best = None
    best_distance = max_distance + 1
    for command in commands:
        d = distance(word, command)
        if d < best_distance:
            best, best_distance = command, d
    return best
''',
        "hidden_tests": [
            'assert suggest_command("", ["ab", "c"], 1) == "c"',
            'assert suggest_command("", ["abc"], 3) == "abc"',
            'assert suggest_command("", ["abc"], 2) is None',
            'assert suggest_command("ab", ["abcd"], 1) is None',
            'assert suggest_command("abcd", ["ab"], 1) is None',
            'assert suggest_command("ab", [""], 1) is None',
            'assert suggest_command("ab", [""], 2) == ""',
            'assert suggest_command("checkout", ["checkout"], 0) == "checkout"',
            'assert suggest_command("chekout", ["checkout"], 1) == "checkout"',
            'assert suggest_command("chekout", ["checkout"], 0) is None',
            'assert suggest_command("pulll", ["pull", "push"], 1) == "pull"',
            'assert suggest_command("pash", ["pull", "push"], 1) == "push"',
            'assert suggest_command("bat", ["cat", "bar"], 1) == "cat"',
            'assert suggest_command("abc", ["xyz"], 2) is None',
            'assert suggest_command("abc", ["xyz"], 3) == "xyz"',
            'assert suggest_command("Push", ["push"], 0) is None',
            'assert suggest_command("anything", [], 5) is None',
            'assert suggest_command("kitten", ["sitting", "mitten"], 3) == "mitten"',
            'assert suggest_command("kitten", ["sitting"], 3) == "sitting"',
            'assert suggest_command("kitten", ["sitting"], 2) is None',
            'assert suggest_command("flaw", ["lawn"], 2) == "lawn"',
            'assert suggest_command("ab", ["ba", "abcd"], 2) == "ba"',
        ],
    },
    {
        "name": "rle_compress_runs",
        "category": "algorithms",
        "prompt": '''def rle_compress_runs(text: str) -> str:
    """Run-length encode ``text`` in the compact "a3bc2" style.

    Each maximal run of one repeated character becomes the character followed
    by the length of the run in decimal, except that a length of 1 is left out.
    Raise ValueError if ``text`` contains a digit 0-9 (the result would be
    ambiguous).

    >>> rle_compress_runs("aaabcc")
    'a3bc2'
    """
''',
        "body": '''    import itertools
    if any(char in "0123456789" for char in text):
        raise ValueError("digits cannot be run-length encoded")
    parts = []
    for char, run in itertools.groupby(text):
        length = len(list(run))
        parts.append(char if length == 1 else f"{char}{length}")
    return "".join(parts)
''',
        "hidden_tests": [
            'assert rle_compress_runs("") == ""',
            'assert rle_compress_runs("a") == "a"',
            'assert rle_compress_runs("ab") == "ab"',
            'assert rle_compress_runs("aa") == "a2"',
            'assert rle_compress_runs("zzzzzzzzzzzz") == "z12"',
            'assert rle_compress_runs("aabbaa") == "a2b2a2"',
            'assert rle_compress_runs("aAa") == "aAa"',
            'assert rle_compress_runs("  x") == " 2x"',
            'assert rle_compress_runs("\\u00e9\\u00e9\\u00e9") == "\\u00e93"',
            _raises('rle_compress_runs("a1")'),
            _raises('rle_compress_runs("0")'),
        ],
    },
    {
        "name": "rle_expand_runs",
        "category": "algorithms",
        "prompt": '''def rle_expand_runs(encoded: str) -> str:
    """Decode run-length text such as "a3bc2" back to "aaabcc".

    Each character that is not a digit 0-9 may be followed by a decimal count
    saying how many times it repeats; without a count it appears once. A count
    must be at least 1 and has no leading zero. Raise ValueError if the text
    starts with a digit, or a count is 0 or starts with "0".

    >>> rle_expand_runs("a3bc2")
    'aaabcc'
    >>> rle_expand_runs("x12")
    'xxxxxxxxxxxx'
    """
''',
        "body": '''    parts = []
    index = 0
    while index < len(encoded):
        char = encoded[index]
        if char in "0123456789":
            raise ValueError(f"a count without a character at index {index}")
        index += 1
        start = index
        while index < len(encoded) and encoded[index] in "0123456789":
            index += 1
        digits = encoded[start:index]
        if digits.startswith("0"):
            raise ValueError(f"bad count {digits!r}")
        parts.append(char * int(digits or "1"))
    return "".join(parts)
''',
        "hidden_tests": [
            'assert rle_expand_runs("") == ""',
            'assert rle_expand_runs("ab") == "ab"',
            'assert rle_expand_runs("a1") == "a"',
            'assert rle_expand_runs("a2b") == "aab"',
            'assert rle_expand_runs("a10") == "aaaaaaaaaa"',
            'assert rle_expand_runs(" 3-2") == "   --"',
            'assert rle_expand_runs("\\u00e92") == "\\u00e9\\u00e9"',
            _raises('rle_expand_runs("3a")'),
            _raises('rle_expand_runs("a0")'),
            _raises('rle_expand_runs("a05")'),
            _raises('rle_expand_runs("ab02")'),
        ],
    },
    {
        "name": "rate_limit_decisions",
        "category": "algorithms",
        "prompt": '''def rate_limit_decisions(timestamps: list[int], limit: int, window: int) -> list[bool]:
    """Decide for each request whether a sliding-window rate limiter accepts it.

    ``timestamps`` are request times in seconds, in non-decreasing order. A
    request at time t is accepted if fewer than ``limit`` earlier *accepted*
    requests have times in the window (t - window, t], that is, strictly after
    t - window; rejected requests do not count. Return one bool per request.
    Raise ValueError if ``limit`` or ``window`` is less than 1.

    >>> rate_limit_decisions([0, 1, 2, 10], 2, 10)
    [True, True, False, True]
    """
''',
        "body": '''    from collections import deque
    if limit < 1 or window < 1:
        raise ValueError("limit and window must be at least 1")
    accepted = deque()
    decisions = []
    for t in timestamps:
        while accepted and accepted[0] <= t - window:
            accepted.popleft()
        if len(accepted) < limit:
            accepted.append(t)
            decisions.append(True)
        else:
            decisions.append(False)
    return decisions
''',
        "hidden_tests": [
            'assert rate_limit_decisions([], 1, 1) == []',
            'assert rate_limit_decisions([0, 5], 1, 5) == [True, True]',
            'assert rate_limit_decisions([0, 4], 1, 5) == [True, False]',
            'assert rate_limit_decisions([3, 3, 3], 2, 1) == [True, True, False]',
            'assert rate_limit_decisions([0, 1, 2, 3], 1, 2) == [True, False, True, False]',
            'assert rate_limit_decisions([0, 1, 2, 3, 4], 2, 3) == [True, True, False, True, True]',
            'assert rate_limit_decisions([0, 1, 100], 1, 1) == [True, True, True]',
            _raises('rate_limit_decisions([1], 0, 5)'),
            _raises('rate_limit_decisions([1], 5, 0)'),
        ],
    },
    {
        "name": "first_fit_bins",
        "category": "algorithms",
        "prompt": '''def first_fit_bins(sizes: list[int], capacity: int) -> list[list[int]]:
    """Pack item sizes into bins of ``capacity`` using the first-fit rule.

    Items are placed in the given order; each goes into the first (earliest
    opened) bin that still has room for it, or into a new bin at the end if
    none has. A bin may be filled exactly to capacity. Return the bins as lists
    of the sizes they hold, in order of placement. Raise ValueError if
    ``capacity`` is not positive, or a size is not positive or is larger than
    ``capacity``.

    >>> first_fit_bins([4, 8, 1, 4, 2], 10)
    [[4, 1, 4], [8, 2]]
    """
''',
        "body": '''    if capacity <= 0:
        raise ValueError("capacity must be positive")
    bins = []
    loads = []
    for size in sizes:
        if size <= 0 or size > capacity:
            raise ValueError(f"bad item size {size}")
        for index, load in enumerate(loads):
            if load + size <= capacity:
                bins[index].append(size)
                loads[index] += size
                break
        else:
            bins.append([size])
            loads.append(size)
    return bins
''',
        "hidden_tests": [
            'assert first_fit_bins([], 5) == []',
            'assert first_fit_bins([5], 5) == [[5]]',
            'assert first_fit_bins([1, 1], 1) == [[1], [1]]',
            'assert first_fit_bins([3, 3, 3], 6) == [[3, 3], [3]]',
            'assert first_fit_bins([5, 5, 1], 5) == [[5], [5], [1]]',
            'assert first_fit_bins([5, 7, 3, 2], 10) == [[5, 3, 2], [7]]',
            'assert first_fit_bins([6, 5, 4, 5], 10) == [[6, 4], [5, 5]]',
            _raises('first_fit_bins([], 0)'),
            _raises('first_fit_bins([1], -1)'),
            _raises('first_fit_bins([0], 5)'),
            _raises('first_fit_bins([2, -1], 5)'),
            _raises('first_fit_bins([6], 5)'),
        ],
    },
    {
        "name": "install_order",
        "category": "algorithms",
        "prompt": '''def install_order(packages: dict[str, list[str]], target: str) -> list[str]:
    """Return the packages to install, dependencies first, in order to install ``target``.

    ``packages`` maps every known package to its direct dependencies, in the
    order they are declared. Resolve depth-first: before a package, install
    each of its dependencies in declared order (each after its own
    dependencies), skipping any package already in the list. The result ends
    with ``target`` and holds only packages that ``target`` needs. Raise
    KeyError if ``target`` or a needed dependency is not in ``packages``, and
    ValueError if needed packages depend on each other in a cycle.

    >>> install_order({"app": ["web", "db"], "web": ["db"], "db": []}, "app")
    ['db', 'web', 'app']
    """
''',
        "body": '''    order = []
    visiting = set()

    def visit(name):
        if name in order:
            return
        if name in visiting:
            raise ValueError(f"dependency cycle through {name!r}")
        dependencies = packages[name]  # KeyError for an unknown package
        visiting.add(name)
        for dependency in dependencies:
            visit(dependency)
        visiting.discard(name)
        order.append(name)

    visit(target)
    return order
''',
        "hidden_tests": [
            'assert install_order({"a": []}, "a") == ["a"]',
            'assert install_order({"x": ["z", "y"], "y": [], "z": []}, "x") == ["z", "y", "x"]',
            'assert install_order({"app": ["b", "c"], "b": ["d"], "c": ["d"], "d": [], "extra": []}, "app") == ["d", "b", "c", "app"]',
            'assert install_order({"a": ["b"], "b": ["c"], "c": []}, "b") == ["c", "b"]',
            'assert install_order({"a": [], "b": ["c"], "c": ["b"]}, "a") == ["a"]',
            'assert install_order({"a": [], "b": ["missing"]}, "a") == ["a"]',
            _raises('install_order({"a": []}, "b")', "KeyError"),
            _raises('install_order({"a": ["b"]}, "a")', "KeyError"),
            _raises('install_order({"a": ["b"], "b": ["a"]}, "a")'),
            _raises('install_order({"a": ["a"]}, "a")'),
            _raises('install_order({"a": ["b"], "b": ["c"], "c": ["b"]}, "a")'),
        ],
    },
    {
        "name": "sort_versions",
        "category": "algorithms",
        "prompt": '''def sort_versions(versions: list[str]) -> list[str]:
    """Sort version strings such as "1.10.2" and "2.0-rc1" in ascending order.

    A version is one or more dot-separated non-negative integers (ASCII
    digits), optionally followed by "-" and a non-empty pre-release tag.
    Numbers compare numerically, segment by segment; when one version has fewer
    segments, the missing ones count as 0 (so "1.0" and "1" are equal). A
    version with a pre-release tag sorts before the same version without one;
    two tags compare as plain strings. Equal versions keep their input order.
    Raise ValueError for a string that does not follow this format.

    >>> sort_versions(["1.10", "1.9", "1.0.1", "2.0-rc1", "2.0"])
    ['1.0.1', '1.9', '1.10', '2.0-rc1', '2.0']
    """
''',
        "body": '''    def key(version):
        core, dash, tag = version.partition("-")
        parts = core.split(".")
        if not all(part and all(c in "0123456789" for c in part) for part in parts) or (dash and not tag):
            raise ValueError(f"bad version {version!r}")
        numbers = [int(part) for part in parts]
        while numbers and numbers[-1] == 0:
            numbers.pop()
        return numbers, not dash, tag

    return sorted(versions, key=key)
''',
        "hidden_tests": [
            'assert sort_versions([]) == []',
            'assert sort_versions(["1.0", "1", "1.0.0"]) == ["1.0", "1", "1.0.0"]',
            'assert sort_versions(["1.0.0", "1.0", "1"]) == ["1.0.0", "1.0", "1"]',
            'assert sort_versions(["0.1", "0", "0.0.1"]) == ["0", "0.0.1", "0.1"]',
            'assert sort_versions(["1.1", "1"]) == ["1", "1.1"]',
            'assert sort_versions(["2.0", "2.0-beta", "2.0-alpha", "1.99"]) == ["1.99", "2.0-alpha", "2.0-beta", "2.0"]',
            'assert sort_versions(["10.0", "9.0", "1.1"]) == ["1.1", "9.0", "10.0"]',
            'assert sort_versions(["1.2-rc1", "1.1"]) == ["1.1", "1.2-rc1"]',
            'assert sort_versions(["1.1", "1.0.1"]) == ["1.0.1", "1.1"]',
            _raises('sort_versions(["1..2"])'),
            _raises('sort_versions(["1.a"])'),
            _raises('sort_versions([""])'),
            _raises('sort_versions(["1.0-"])'),
            _raises('sort_versions(["v1.0"])'),
            _raises('sort_versions(["1.+2"])'),
        ],
    },
    {
        "name": "min_team_difference",
        "category": "algorithms",
        "prompt": '''def min_team_difference(skills: list[int]) -> int:
    """Split players into two teams whose sizes differ by at most one and return
    the smallest possible absolute difference between the teams' skill totals.

    ``skills`` holds one integer rating per player (ratings may be negative or
    repeated). No players gives 0; a single player forms a team alone against
    an empty team. Raise ValueError if there are more than 16 players.

    >>> min_team_difference([1, 2, 3, 4])
    0
    >>> min_team_difference([10, 1, 1])
    8
    """
''',
        "body": '''    import itertools
    if len(skills) > 16:
        raise ValueError("too many players")
    total = sum(skills)
    return min(abs(total - 2 * sum(team))
               for team in itertools.combinations(skills, len(skills) // 2))
''',
        "hidden_tests": [
            'assert min_team_difference([]) == 0',
            'assert min_team_difference([7]) == 7',
            'assert min_team_difference([-3]) == 3',
            'assert min_team_difference([5, -5]) == 10',
            'assert min_team_difference([3, 3]) == 0',
            'assert min_team_difference([2, 2, 2]) == 2',
            'assert min_team_difference([1, 1, 1, 1, 1, 10]) == 9',
            'assert min_team_difference([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) == 0',
            'assert min_team_difference([100] + [1] * 15) == 99',
            _raises('min_team_difference([1] * 17)'),
        ],
    },
    {
        "name": "count_regions_by_char",
        "category": "algorithms",
        "prompt": '''def count_regions_by_char(grid: list[str]) -> dict[str, int]:
    """Count the connected regions of each character in a grid of strings.

    Two cells belong to the same region when they hold the same character and
    are joined by a chain of such cells, each step going up, down, left or
    right (not diagonally, and not wrapping around the edges). Rows may have
    different lengths; a cell exists only where its row has a character.
    Return a dict mapping each character that occurs to its number of regions.

    >>> count_regions_by_char(["aab", "bab"])
    {'a': 1, 'b': 2}
    """
''',
        "body": '''    seen = set()
    counts = {}
    for row, line in enumerate(grid):
        for col, char in enumerate(line):
            if (row, col) in seen:
                continue
            counts[char] = counts.get(char, 0) + 1
            seen.add((row, col))
            stack = [(row, col)]
            while stack:
                r, c = stack.pop()
                for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if (0 <= nr < len(grid) and 0 <= nc < len(grid[nr])
                            and (nr, nc) not in seen and grid[nr][nc] == char):
                        seen.add((nr, nc))
                        stack.append((nr, nc))
    return counts
''',
        "hidden_tests": [
            'assert count_regions_by_char([]) == {}',
            'assert count_regions_by_char([""]) == {}',
            'assert count_regions_by_char(["x"]) == {"x": 1}',
            'assert count_regions_by_char(["ab", "ba"]) == {"a": 2, "b": 2}',
            'assert count_regions_by_char(["a.a", "aaa"]) == {"a": 1, ".": 1}',
            'assert count_regions_by_char(["a.a", "...", "aaa"]) == {"a": 3, ".": 1}',
            'assert count_regions_by_char(["a.a", "b.a", "a.a"]) == {"a": 3, ".": 1, "b": 1}',
            'assert count_regions_by_char(["ab", "a", "ab"]) == {"a": 1, "b": 2}',
            'assert count_regions_by_char(["a", "b", "a"]) == {"a": 2, "b": 1}',
            'assert count_regions_by_char(["aaaa"]) == {"a": 1}',
        ],
    },
    {
        "name": "free_time_slots",
        "category": "algorithms",
        "prompt": '''def free_time_slots(busy: list[tuple[int, int]], day_start: int, day_end: int, min_length: int) -> list[tuple[int, int]]:
    """Return the free (start, end) gaps of at least ``min_length`` minutes in a day.

    ``busy`` holds (start, end) intervals in minutes, each with start < end, in
    any order, possibly overlapping or touching each other and possibly reaching
    outside the day. The free time is every minute between ``day_start`` and
    ``day_end`` not covered by a busy interval (an interval covers start up to,
    but not including, end). Return the maximal free gaps whose length
    (end - start) is at least ``min_length``, in time order. Raise ValueError if
    ``day_start`` > ``day_end`` or ``min_length`` < 1.

    >>> free_time_slots([(540, 600), (570, 630), (720, 780)], 480, 1020, 30)
    [(480, 540), (630, 720), (780, 1020)]
    """
''',
        "body": '''    if day_start > day_end or min_length < 1:
        raise ValueError("bad day bounds or minimum length")
    slots = []
    cursor = day_start
    for start, end in sorted(busy):
        gap_end = min(start, day_end)
        if gap_end - cursor >= min_length:
            slots.append((cursor, gap_end))
        cursor = max(cursor, end)
    if day_end - cursor >= min_length:
        slots.append((cursor, day_end))
    return slots
''',
        "hidden_tests": [
            'assert free_time_slots([], 0, 60, 1) == [(0, 60)]',
            'assert free_time_slots([], 0, 60, 60) == [(0, 60)]',
            'assert free_time_slots([], 0, 60, 61) == []',
            'assert free_time_slots([], 5, 5, 1) == []',
            'assert free_time_slots([(0, 100), (900, 2000)], 480, 1020, 1) == [(480, 900)]',
            'assert free_time_slots([(10, 20), (20, 30)], 0, 40, 1) == [(0, 10), (30, 40)]',
            'assert free_time_slots([(10, 20), (25, 30)], 10, 30, 5) == [(20, 25)]',
            'assert free_time_slots([(10, 20), (25, 30)], 10, 30, 6) == []',
            'assert free_time_slots([(0, 50), (10, 20)], 0, 60, 1) == [(50, 60)]',
            'assert free_time_slots([(30, 40), (10, 20)], 0, 50, 1) == [(0, 10), (20, 30), (40, 50)]',
            'assert free_time_slots([(40, 100)], 0, 60, 1) == [(0, 40)]',
            'assert free_time_slots([(0, 55)], 0, 60, 5) == [(55, 60)]',
            _raises('free_time_slots([], 10, 5, 1)'),
            _raises('free_time_slots([], 0, 10, 0)'),
        ],
    },
    {
        "name": "pagination_links",
        "category": "algorithms",
        "prompt": '''def pagination_links(current: int, total: int, radius: int) -> list[int | None]:
    """Return the page numbers a pager shows, with None marking a gap.

    Pages are numbered 1 to ``total``. Show page 1, page ``total``, and every
    page from current - radius to current + radius that exists, in increasing
    order without repeats. Wherever one or more pages are left out between
    two shown pages, put a single None between them. Raise ValueError if
    ``radius`` is negative or ``current`` is not between 1 and ``total``
    (so also when ``total`` < 1).

    >>> pagination_links(6, 12, 1)
    [1, None, 5, 6, 7, None, 12]
    >>> pagination_links(2, 5, 1)
    [1, 2, 3, None, 5]
    """
''',
        "body": '''    if radius < 0 or not 1 <= current <= total:
        raise ValueError("bad pager arguments")
    links = []
    for page in range(1, total + 1):
        if page in (1, total) or abs(page - current) <= radius:
            if links and page - links[-1] > 1:
                links.append(None)
            links.append(page)
    return links
''',
        "hidden_tests": [
            'assert pagination_links(1, 1, 0) == [1]',
            'assert pagination_links(1, 10, 0) == [1, None, 10]',
            'assert pagination_links(10, 10, 2) == [1, None, 8, 9, 10]',
            'assert pagination_links(1, 10, 2) == [1, 2, 3, None, 10]',
            'assert pagination_links(4, 10, 1) == [1, None, 3, 4, 5, None, 10]',
            'assert pagination_links(3, 10, 1) == [1, 2, 3, 4, None, 10]',
            'assert pagination_links(5, 5, 10) == [1, 2, 3, 4, 5]',
            'assert pagination_links(2, 3, 0) == [1, 2, 3]',
            _raises('pagination_links(0, 5, 1)'),
            _raises('pagination_links(6, 5, 1)'),
            _raises('pagination_links(1, 5, -1)'),
            _raises('pagination_links(1, 0, 0)'),
        ],
    },
    {
        "name": "batch_by_limits",
        "category": "algorithms",
        "prompt": '''def batch_by_limits(sizes: list[int], max_items: int, max_total: int) -> list[list[int]]:
    """Split a stream of payload sizes into consecutive batches for an upload API.

    Keep the input order. Start a new batch whenever adding the next size to
    the current batch would make it hold more than ``max_items`` sizes or make
    its sum exceed ``max_total``. A single size larger than ``max_total`` goes
    into a batch of its own. Return the list of batches (no sizes give []).
    Raise ValueError if ``max_items`` < 1 or ``max_total`` < 1.

    >>> batch_by_limits([3, 4, 2, 8, 1], 3, 9)
    [[3, 4, 2], [8, 1]]
    """
''',
        "body": '''    if max_items < 1 or max_total < 1:
        raise ValueError("limits must be at least 1")
    batches = []
    for size in sizes:
        if batches and len(batches[-1]) < max_items and sum(batches[-1]) + size <= max_total:
            batches[-1].append(size)
        else:
            batches.append([size])
    return batches
''',
        "hidden_tests": [
            'assert batch_by_limits([], 1, 1) == []',
            'assert batch_by_limits([5], 1, 1) == [[5]]',
            'assert batch_by_limits([1, 1], 1, 10) == [[1], [1]]',
            'assert batch_by_limits([1, 1], 5, 1) == [[1], [1]]',
            'assert batch_by_limits([1, 1, 1], 2, 100) == [[1, 1], [1]]',
            'assert batch_by_limits([1, 1, 1, 1, 1], 2, 100) == [[1, 1], [1, 1], [1]]',
            'assert batch_by_limits([2, 3, 5], 10, 5) == [[2, 3], [5]]',
            'assert batch_by_limits([2, 3, 1], 10, 6) == [[2, 3, 1]]',
            'assert batch_by_limits([10, 1, 1], 5, 4) == [[10], [1, 1]]',
            'assert batch_by_limits([1, 10, 1], 5, 4) == [[1], [10], [1]]',
            _raises('batch_by_limits([1], 0, 5)'),
            _raises('batch_by_limits([1], 5, 0)'),
        ],
    },
    {
        "name": "percentile_nearest_rank",
        "category": "algorithms",
        "prompt": '''def percentile_nearest_rank(values: list[int], percent: int) -> int:
    """Return the ``percent``-th percentile of ``values`` by the nearest-rank method.

    Sort the values; with n values the result is the value at the smallest
    1-based rank r such that r * 100 >= percent * n, except that this rank is
    never below 1 (so percent 0 gives the smallest value). ``percent`` is an
    integer. Raise ValueError if ``values`` is empty or ``percent`` is outside
    0 to 100.

    >>> percentile_nearest_rank([15, 20, 35, 40, 50], 40)
    20
    """
''',
        "body": '''    if not values or not 0 <= percent <= 100:
        raise ValueError("need values and a percent from 0 to 100")
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]
''',
        "hidden_tests": [
            'assert percentile_nearest_rank([5], 0) == 5',
            'assert percentile_nearest_rank([5], 100) == 5',
            'assert percentile_nearest_rank([3, 1, 2], 0) == 1',
            'assert percentile_nearest_rank([3, 1, 2], 100) == 3',
            'assert percentile_nearest_rank(list(range(1, 11)), 10) == 1',
            'assert percentile_nearest_rank(list(range(1, 11)), 11) == 2',
            'assert percentile_nearest_rank(list(range(10, 0, -1)), 90) == 9',
            'assert percentile_nearest_rank(list(range(1, 11)), 91) == 10',
            'assert percentile_nearest_rank([4, 3, 2, 1], 50) == 2',
            'assert percentile_nearest_rank([1, 2, 3, 4], 51) == 3',
            'assert percentile_nearest_rank([7, 7, 1], 50) == 7',
            'assert percentile_nearest_rank(list(range(101)), 1) == 1',
            _raises('percentile_nearest_rank([], 50)'),
            _raises('percentile_nearest_rank([1], -1)'),
            _raises('percentile_nearest_rank([1], 101)'),
        ],
    },
    {
        "name": "diff_dict_keys",
        "category": "algorithms",
        "prompt": '''def diff_dict_keys(old: dict, new: dict) -> dict[str, list]:
    """Compare two flat dicts and report which keys were added, removed or changed.

    Return {"added": [...], "removed": [...], "changed": [...]}: the keys only
    in ``new``, the keys only in ``old``, and the keys in both whose values are
    not equal (by ==). Each list is sorted; all three entries are always present.

    >>> diff_dict_keys({"a": 1, "b": 2, "c": 3}, {"b": 2, "c": 4, "d": 5})
    {'added': ['d'], 'removed': ['a'], 'changed': ['c']}
    """
''',
        "body": '''    return {
        "added": sorted(key for key in new if key not in old),
        "removed": sorted(key for key in old if key not in new),
        "changed": sorted(key for key in old if key in new and old[key] != new[key]),
    }
''',
        "hidden_tests": [
            'assert diff_dict_keys({}, {}) == {"added": [], "removed": [], "changed": []}',
            'assert diff_dict_keys({"x": 1}, {}) == {"added": [], "removed": ["x"], "changed": []}',
            'assert diff_dict_keys({}, {"y": 1, "x": 2}) == {"added": ["x", "y"], "removed": [], "changed": []}',
            'assert diff_dict_keys({"x": 1}, {"x": 1}) == {"added": [], "removed": [], "changed": []}',
            'assert diff_dict_keys({"x": 1}, {"x": 1.0}) == {"added": [], "removed": [], "changed": []}',
            'assert diff_dict_keys({"x": None}, {"x": 0}) == {"added": [], "removed": [], "changed": ["x"]}',
            'assert diff_dict_keys({"b": 1, "a": 1}, {}) == {"added": [], "removed": ["a", "b"], "changed": []}',
            'assert diff_dict_keys({"k": [1], "j": 0}, {"k": [1, 2], "j": 1}) == {"added": [], "removed": [], "changed": ["j", "k"]}',
        ],
    },
    {
        "name": "bucket_histogram",
        "category": "algorithms",
        "prompt": '''def bucket_histogram(values: list[int], width: int) -> dict[int, int]:
    """Count values into buckets of ``width``, keyed by each bucket's lower bound.

    A value v falls in the bucket that starts at the largest multiple of
    ``width`` that is <= v (so with width 10, 10 is in bucket 10 and -1 in
    bucket -10). Return a dict from bucket start to count that holds only
    non-empty buckets, with its keys in increasing order. Raise ValueError if
    ``width`` < 1.

    >>> bucket_histogram([3, 14, 17, 20, -1], 10)
    {-10: 1, 0: 1, 10: 2, 20: 1}
    """
''',
        "body": '''    if width < 1:
        raise ValueError("width must be at least 1")
    counts = {}
    for value in values:
        start = value // width * width
        counts[start] = counts.get(start, 0) + 1
    return dict(sorted(counts.items()))
''',
        "hidden_tests": [
            'assert bucket_histogram([], 5) == {}',
            'assert bucket_histogram([0], 1) == {0: 1}',
            'assert bucket_histogram([2, 2, 3], 1) == {2: 2, 3: 1}',
            'assert bucket_histogram([5, 5, 5], 5) == {5: 3}',
            'assert bucket_histogram([4], 5) == {0: 1}',
            'assert bucket_histogram([-5, -6], 5) == {-5: 1, -10: 1}',
            'assert list(bucket_histogram([25, 3, 11, 29], 10).items()) == [(0, 1), (10, 1), (20, 2)]',
            _raises('bucket_histogram([1], 0)'),
            _raises('bucket_histogram([1], -3)'),
        ],
    },
    {
        "name": "rank_with_ties",
        "category": "algorithms",
        "prompt": '''def rank_with_ties(scores: dict[str, int]) -> list[tuple[int, str, int]]:
    """Rank players by score for a leaderboard, sharing ranks on ties.

    Return (rank, name, score) tuples ordered by score, highest first, then by
    name in ascending order. Ranks follow "standard competition" ranking: players
    with equal scores share a rank and the next rank skips accordingly
    (1, 2, 2, 4).

    >>> rank_with_ties({"ann": 30, "bob": 50, "cid": 30, "dan": 10})
    [(1, 'bob', 50), (2, 'ann', 30), (2, 'cid', 30), (4, 'dan', 10)]
    """
''',
        "body": '''    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    ranked = []
    for position, (name, score) in enumerate(ordered, 1):
        rank = ranked[-1][0] if ranked and ranked[-1][2] == score else position
        ranked.append((rank, name, score))
    return ranked
''',
        "hidden_tests": [
            'assert rank_with_ties({}) == []',
            'assert rank_with_ties({"x": 0}) == [(1, "x", 0)]',
            'assert rank_with_ties({"b": 5, "a": 5, "c": 5}) == [(1, "a", 5), (1, "b", 5), (1, "c", 5)]',
            'assert rank_with_ties({"c": 1, "a": 3, "b": 2}) == [(1, "a", 3), (2, "b", 2), (3, "c", 1)]',
            'assert rank_with_ties({"z": 1, "y": 2, "x": 2, "w": 3}) == [(1, "w", 3), (2, "x", 2), (2, "y", 2), (4, "z", 1)]',
            'assert rank_with_ties({"a": -1, "b": 0}) == [(1, "b", 0), (2, "a", -1)]',
            'assert rank_with_ties({"c": 1, "b": 1, "a": 9}) == [(1, "a", 9), (2, "b", 1), (2, "c", 1)]',
        ],
    },
    {
        "name": "compress_int_ranges",
        "category": "algorithms",
        "prompt": '''def compress_int_ranges(numbers: list[int]) -> str:
    """Describe a set of integers compactly, as in "pages 1-3,5".

    Sort the numbers and drop duplicates; then write each maximal run of
    consecutive integers as "first-last" (or just the number for a run of
    one), joining the runs with commas and no spaces. No numbers give "".

    >>> compress_int_ranges([5, 1, 2, 3, 9, 8])
    '1-3,5,8-9'
    """
''',
        "body": '''    ordered = sorted(set(numbers))
    parts = []
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[index], ordered[end]
        parts.append(str(first) if first == last else f"{first}-{last}")
        index = end + 1
    return ",".join(parts)
''',
        "hidden_tests": [
            'assert compress_int_ranges([]) == ""',
            'assert compress_int_ranges([7]) == "7"',
            'assert compress_int_ranges([7, 7]) == "7"',
            'assert compress_int_ranges([0]) == "0"',
            'assert compress_int_ranges([2, 1]) == "1-2"',
            'assert compress_int_ranges([1, 3]) == "1,3"',
            'assert compress_int_ranges([-3, -2, -1, 1]) == "-3--1,1"',
            'assert compress_int_ranges([10, 9, 8, 1]) == "1,8-10"',
            'assert compress_int_ranges([4, 5, 6, 7, 5]) == "4-7"',
        ],
    },
    {
        "name": "lru_miss_count",
        "category": "algorithms",
        "prompt": '''def lru_miss_count(capacity: int, accesses: list[str]) -> int:
    """Count the misses when ``accesses`` go through an LRU cache of ``capacity`` keys.

    The cache starts empty. Accessing a key that is in the cache is a hit and
    makes it the most recently used key. Accessing any other key is a miss:
    the key is added, and if the cache then holds more than ``capacity`` keys
    the least recently used one is evicted. A capacity of 0 caches nothing.
    Raise ValueError if ``capacity`` is negative.

    >>> lru_miss_count(2, ["a", "b", "a", "c", "b", "a"])
    5
    """
''',
        "body": '''    from collections import OrderedDict
    if capacity < 0:
        raise ValueError("capacity must not be negative")
    cache = OrderedDict()
    misses = 0
    for key in accesses:
        if key in cache:
            cache.move_to_end(key)
        else:
            misses += 1
            cache[key] = True
            if len(cache) > capacity:
                cache.popitem(last=False)
    return misses
''',
        "hidden_tests": [
            'assert lru_miss_count(3, []) == 0',
            'assert lru_miss_count(0, ["a", "a"]) == 2',
            'assert lru_miss_count(1, ["a", "a", "b", "a"]) == 3',
            'assert lru_miss_count(2, ["a", "b", "a", "c", "a"]) == 3',
            'assert lru_miss_count(2, ["a", "b", "c", "a"]) == 4',
            'assert lru_miss_count(3, ["a", "b", "c", "a", "b", "c"]) == 3',
            _raises('lru_miss_count(-1, [])'),
        ],
    },
    {
        "name": "allocate_largest_remainder",
        "category": "algorithms",
        "prompt": '''def allocate_largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split the integer ``total`` (say, cents) in proportion to ``weights``.

    Each share starts as floor(total * weight / sum of weights). The units
    still left over are then handed out one each to the shares with the
    largest remainders of that division (ties: lower index first), so the
    shares add up to ``total``. Raise ValueError if ``total`` is negative,
    ``weights`` is empty, a weight is negative, or all weights are 0.

    >>> allocate_largest_remainder(100, [1, 1, 1])
    [34, 33, 33]
    """
''',
        "body": '''    if total < 0 or not weights or min(weights) < 0 or sum(weights) == 0:
        raise ValueError("bad total or weights")
    weight_sum = sum(weights)
    shares = [total * weight // weight_sum for weight in weights]
    remainders = [total * weight % weight_sum for weight in weights]
    leftover = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: -remainders[i])
    for i in order[:leftover]:
        shares[i] += 1
    return shares
''',
        "hidden_tests": [
            'assert allocate_largest_remainder(0, [1, 2]) == [0, 0]',
            'assert allocate_largest_remainder(10, [1]) == [10]',
            'assert allocate_largest_remainder(10, [0, 1]) == [0, 10]',
            'assert allocate_largest_remainder(5, [1, 1]) == [3, 2]',
            'assert allocate_largest_remainder(7, [1, 2, 4]) == [1, 2, 4]',
            'assert allocate_largest_remainder(10, [1, 2, 4]) == [1, 3, 6]',
            'assert allocate_largest_remainder(1, [1, 1, 1]) == [1, 0, 0]',
            'assert allocate_largest_remainder(2, [1, 1, 1]) == [1, 1, 0]',
            _raises('allocate_largest_remainder(-1, [1])'),
            _raises('allocate_largest_remainder(5, [])'),
            _raises('allocate_largest_remainder(5, [2, -1])'),
            _raises('allocate_largest_remainder(5, [0, 0])'),
        ],
    },
    {
        "name": "backoff_delays",
        "category": "algorithms",
        "prompt": '''def backoff_delays(base: int, factor: int, cap: int, attempts: int) -> list[int]:
    """Return the waits in seconds before each retry of an exponential backoff.

    The wait before retry k (k = 0, 1, ..., attempts - 1) is base * factor**k,
    but never more than ``cap``. Raise ValueError if ``base`` < 1,
    ``factor`` < 1, ``cap`` < ``base`` or ``attempts`` < 0.

    >>> backoff_delays(1, 2, 10, 6)
    [1, 2, 4, 8, 10, 10]
    """
''',
        "body": '''    if base < 1 or factor < 1 or cap < base or attempts < 0:
        raise ValueError("bad backoff settings")
    delays = []
    delay = base
    for _ in range(attempts):
        delays.append(min(delay, cap))
        delay *= factor
    return delays
''',
        "hidden_tests": [
            'assert backoff_delays(1, 1, 1, 0) == []',
            'assert backoff_delays(3, 3, 100, 1) == [3]',
            'assert backoff_delays(5, 1, 5, 3) == [5, 5, 5]',
            'assert backoff_delays(2, 3, 50, 5) == [2, 6, 18, 50, 50]',
            'assert backoff_delays(1, 2, 8, 5) == [1, 2, 4, 8, 8]',
            _raises('backoff_delays(0, 2, 10, 3)'),
            _raises('backoff_delays(1, 0, 10, 3)'),
            _raises('backoff_delays(5, 2, 4, 3)'),
            _raises('backoff_delays(1, 2, 10, -1)'),
        ],
    },
    # ------------------------------------------------------------------ validation
    {
        "name": "normalize_ipv4",
        "category": "validation",
        "prompt": '''def normalize_ipv4(text: str) -> str:
    """Validate a dotted-quad IPv4 address and return it without surrounding whitespace.

    Whitespace around the address is ignored. The address must have exactly
    four parts separated by dots; each part is made only of ASCII digits 0-9,
    has a value from 0 to 255, and has no leading zero (the single digit "0"
    is fine). Return the four parts joined by dots. Raise ValueError for
    anything else.

    >>> normalize_ipv4("  192.168.0.1 ")
    '192.168.0.1'
    """
''',
        "body": '''    parts = text.strip().split(".")
    if len(parts) != 4:
        raise ValueError(f"expected four parts: {text!r}")
    for part in parts:
        if not part or any(c not in "0123456789" for c in part):
            raise ValueError(f"not a decimal number: {part!r}")
        if len(part) > 1 and part[0] == "0":
            raise ValueError(f"leading zero: {part!r}")
        if int(part) > 255:
            raise ValueError(f"out of range: {part!r}")
    return ".".join(parts)
''',
        "hidden_tests": [
            'assert normalize_ipv4("0.0.0.0") == "0.0.0.0"',
            'assert normalize_ipv4("255.255.255.255") == "255.255.255.255"',
            'assert normalize_ipv4("10.0.0.10") == "10.0.0.10"',
            'assert normalize_ipv4("\\t8.8.8.8\\n") == "8.8.8.8"',
            _raises('normalize_ipv4("256.1.1.1")'),
            _raises('normalize_ipv4("1.2.3")'),
            _raises('normalize_ipv4("1.2.3.4.5")'),
            _raises('normalize_ipv4("01.2.3.4")'),
            _raises('normalize_ipv4("1.2.3.00")'),
            _raises('normalize_ipv4("1..2.3")'),
            _raises('normalize_ipv4("1.2.3.+4")'),
            _raises('normalize_ipv4("1.2.3. 4")'),
            _raises('normalize_ipv4("a.b.c.d")'),
            _raises('normalize_ipv4("")'),
        ],
    },
    {
        "name": "expand_ipv6_lite",
        "category": "validation",
        "prompt": '''def expand_ipv6_lite(text: str) -> str:
    """Expand an IPv6 address (without an embedded IPv4 part) to its full form.

    The address is groups of 1 to 4 hex digits (either case) separated by ":".
    One "::" may stand for one or more groups of zeros; then fewer than eight
    groups are written. Without "::" exactly eight groups are required. Return
    all eight groups, each padded with leading zeros to 4 lowercase hex digits,
    joined by ":". Raise ValueError for anything else (such as two "::", an empty
    group, a group of more than 4 digits, a non-hex character, or the wrong
    number of groups).

    >>> expand_ipv6_lite("2001:DB8::1")
    '2001:0db8:0000:0000:0000:0000:0000:0001'
    """
''',
        "body": '''    def groups(part):
        if part == "":
            return []
        found = part.split(":")
        for group in found:
            if not 1 <= len(group) <= 4 or any(c not in "0123456789abcdefABCDEF" for c in group):
                raise ValueError(f"bad group {group!r}")
        return found

    pieces = text.split("::")
    if len(pieces) == 2:
        left, right = groups(pieces[0]), groups(pieces[1])
        missing = 8 - len(left) - len(right)
        if missing < 1:
            raise ValueError("too many groups around '::'")
        found = left + ["0"] * missing + right
    else:
        found = groups(text)  # a second "::" leaves an empty group here
        if len(found) != 8:
            raise ValueError("an address without '::' needs eight groups")
    return ":".join(group.lower().zfill(4) for group in found)
''',
        "hidden_tests": [
            'assert expand_ipv6_lite("::") == ":".join(["0000"] * 8)',
            'assert expand_ipv6_lite("::1") == "0000:0000:0000:0000:0000:0000:0000:0001"',
            'assert expand_ipv6_lite("1::") == "0001:0000:0000:0000:0000:0000:0000:0000"',
            'assert expand_ipv6_lite("fe80::1:2") == "fe80:0000:0000:0000:0000:0000:0001:0002"',
            'assert expand_ipv6_lite("1:2:3:4:5:6:7:8") == "0001:0002:0003:0004:0005:0006:0007:0008"',
            'assert expand_ipv6_lite("ABCD:EF01:2345:6789:abcd:ef01:2345:6789") == "abcd:ef01:2345:6789:abcd:ef01:2345:6789"',
            'assert expand_ipv6_lite("1:2:3:4:5:6:7::") == "0001:0002:0003:0004:0005:0006:0007:0000"',
            'assert expand_ipv6_lite("::2:3:4:5:6:7:8") == "0000:0002:0003:0004:0005:0006:0007:0008"',
            'assert expand_ipv6_lite("a:bc::def") == "000a:00bc:0000:0000:0000:0000:0000:0def"',
            _raises('expand_ipv6_lite("1:2:3:4:5:6:7")'),
            _raises('expand_ipv6_lite("1:2:3:4:5:6:7:8:9")'),
            _raises('expand_ipv6_lite("1::2::3")'),
            _raises('expand_ipv6_lite("12345::1")'),
            _raises('expand_ipv6_lite("g::1")'),
            _raises('expand_ipv6_lite("1:2:3:4:5:6:7::8")'),
            _raises('expand_ipv6_lite("1:2:3:4:5:6:7:")'),
            _raises('expand_ipv6_lite(":1:2:3:4:5:6:7")'),
            _raises('expand_ipv6_lite(":::")'),
            _raises('expand_ipv6_lite("")'),
        ],
    },
    {
        "name": "normalize_email_lite",
        "category": "validation",
        "prompt": '''def normalize_email_lite(address: str) -> str:
    """Validate a plain e-mail address and return it with the domain in lowercase.

    Rules: exactly one "@". The local part (before it) is 1 to 64 characters
    from ASCII letters, digits and . _ % + -, does not start or end with "."
    and has no "..". The domain (after it) is two or more labels separated by
    "."; each label is 1 to 63 characters of ASCII letters, digits and "-" and
    does not start or end with "-"; the last label has at least 2 characters,
    all letters. The local part keeps its case. Raise ValueError if any rule
    is broken.

    >>> normalize_email_lite("Jane.Doe+news@Example.COM")
    'Jane.Doe+news@example.com'
    """
''',
        "body": '''    import string
    # No "@" leaves the local part empty; a second "@" stays in the local part,
    # whose allowed characters exclude it.
    local, _, domain = address.rpartition("@")
    local_chars = string.ascii_letters + string.digits + "._%+-"
    if not 1 <= len(local) <= 64 or any(c not in local_chars for c in local):
        raise ValueError(f"bad local part {local!r}")
    if local[0] == "." or local[-1] == "." or ".." in local:
        raise ValueError(f"misplaced dot in {local!r}")
    labels = domain.split(".")
    if len(labels) < 2:
        raise ValueError("the domain needs at least two labels")
    label_chars = string.ascii_letters + string.digits + "-"
    for label in labels:
        if not 1 <= len(label) <= 63 or any(c not in label_chars for c in label):
            raise ValueError(f"bad domain label {label!r}")
        if label[0] == "-" or label[-1] == "-":
            raise ValueError(f"label starts or ends with '-': {label!r}")
    if len(labels[-1]) < 2 or not labels[-1].isalpha():
        raise ValueError("bad top-level domain")
    return local + "@" + domain.lower()
''',
        "hidden_tests": [
            'assert normalize_email_lite("a@b.io") == "a@b.io"',
            'assert normalize_email_lite("USER_1%x@Mail.Example.CO.uk") == "USER_1%x@mail.example.co.uk"',
            'assert normalize_email_lite("a.b-c@x-y.com") == "a.b-c@x-y.com"',
            'assert normalize_email_lite("x" * 64 + "@" + "d" * 63 + ".org") == "x" * 64 + "@" + "d" * 63 + ".org"',
            'assert normalize_email_lite("ab.c@x1.com") == "ab.c@x1.com"',
            _raises('normalize_email_lite("x" * 65 + "@example.com")'),
            _raises('normalize_email_lite("a@" + "d" * 64 + ".org")'),
            _raises('normalize_email_lite("plainaddress")'),
            _raises('normalize_email_lite("@example.com")'),
            _raises('normalize_email_lite("a@b@c.com")'),
            _raises('normalize_email_lite("a b@x.com")'),
            _raises('normalize_email_lite("\\u00fc@x.com")'),
            _raises('normalize_email_lite(".a@x.com")'),
            _raises('normalize_email_lite("a.@x.com")'),
            _raises('normalize_email_lite("a..b@x.com")'),
            _raises('normalize_email_lite("a@localhost")'),
            _raises('normalize_email_lite("a@x..com")'),
            _raises('normalize_email_lite("a@-x.com")'),
            _raises('normalize_email_lite("a@x-.com")'),
            _raises('normalize_email_lite("a@x_y.com")'),
            _raises('normalize_email_lite("a@x.c")'),
            _raises('normalize_email_lite("a@x.c0m")'),
        ],
    },
    {
        "name": "normalize_hex_colour",
        "category": "validation",
        "prompt": '''def normalize_hex_colour(text: str) -> str:
    """Validate a CSS-style hex colour and return it as "#rrggbb" in lowercase.

    Accept "#" followed by exactly 3 or 6 hex digits (either case); the short
    form "#abc" means "#aabbcc". Raise ValueError for anything else, including
    a missing "#", surrounding spaces, and the 4- and 8-digit forms.

    >>> normalize_hex_colour("#1A2b3C")
    '#1a2b3c'
    >>> normalize_hex_colour("#F0a")
    '#ff00aa'
    """
''',
        "body": '''    digits = text[1:]
    if (not text.startswith("#") or len(digits) not in (3, 6)
            or any(c not in "0123456789abcdefABCDEF" for c in digits)):
        raise ValueError(f"not a hex colour: {text!r}")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()
''',
        "hidden_tests": [
            'assert normalize_hex_colour("#000") == "#000000"',
            'assert normalize_hex_colour("#FFFFFF") == "#ffffff"',
            'assert normalize_hex_colour("#09c") == "#0099cc"',
            'assert normalize_hex_colour("#123456") == "#123456"',
            _raises('normalize_hex_colour("123456")'),
            _raises('normalize_hex_colour("#12")'),
            _raises('normalize_hex_colour("#1234")'),
            _raises('normalize_hex_colour("#12345")'),
            _raises('normalize_hex_colour("#1234567")'),
            _raises('normalize_hex_colour("#12345678")'),
            _raises('normalize_hex_colour("#ggg")'),
            _raises('normalize_hex_colour(" #abc")'),
            _raises('normalize_hex_colour("#")'),
            _raises('normalize_hex_colour("")'),
        ],
    },
    {
        "name": "isbn10_is_valid",
        "category": "validation",
        "prompt": '''def isbn10_is_valid(text: str) -> bool:
    """Return whether ``text`` is a valid ISBN-10.

    Hyphens and spaces anywhere in ``text`` are ignored. What remains must be
    9 ASCII digits followed by a check character that is a digit or "X"/"x"
    (worth 10). With the ten values d1 to d10, the ISBN is valid when
    10*d1 + 9*d2 + 8*d3 + ... + 2*d9 + 1*d10 is divisible by 11. Return False,
    never raise, for any other input.

    >>> isbn10_is_valid("0-306-40615-2")
    True
    >>> isbn10_is_valid("0306406153")
    False
    """
''',
        "body": '''    chars = text.replace("-", "").replace(" ", "")
    if len(chars) != 10 or any(c not in "0123456789" for c in chars[:9]):
        return False
    if chars[9] in "Xx":
        last = 10
    elif chars[9] in "0123456789":
        last = int(chars[9])
    else:
        return False
    total = last + sum((10 - i) * int(c) for i, c in enumerate(chars[:9]))
    return total % 11 == 0
''',
        "hidden_tests": [
            'assert isbn10_is_valid("080442957X") is True',
            'assert isbn10_is_valid("080442957x") is True',
            'assert isbn10_is_valid("0 8044 2957 X") is True',
            'assert isbn10_is_valid("0306406152") is True',
            'assert isbn10_is_valid("1000000001") is True',
            'assert isbn10_is_valid("1000000000") is False',
            'assert isbn10_is_valid("0306406151") is False',
            'assert isbn10_is_valid("0804429579") is False',
            'assert isbn10_is_valid("030640615") is False',
            'assert isbn10_is_valid("03064061522") is False',
            'assert isbn10_is_valid("03064061X2") is False',
            'assert isbn10_is_valid("X306406152") is False',
            'assert isbn10_is_valid("030640615A") is False',
            'assert isbn10_is_valid("030640615_") is False',
            'assert isbn10_is_valid("") is False',
        ],
    },
    {
        "name": "isbn13_check_digit",
        "category": "validation",
        "prompt": '''def isbn13_check_digit(first12: str) -> int:
    """Return the check digit that completes the first 12 digits of an ISBN-13.

    Hyphens are ignored; what remains must be exactly 12 ASCII digits, otherwise
    raise ValueError. Weight the digits 1, 3, 1, 3, ... from the left and add
    the products; the check digit is (10 - total % 10) % 10.

    >>> isbn13_check_digit("978-0-306-40615")
    7
    """
''',
        "body": '''    digits = first12.replace("-", "")
    if len(digits) != 12 or any(c not in "0123456789" for c in digits):
        raise ValueError(f"need 12 digits: {first12!r}")
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(digits))
    return (10 - total % 10) % 10
''',
        "hidden_tests": [
            'assert isbn13_check_digit("978186197271") == 2',
            'assert isbn13_check_digit("978-3-16-148410") == 0',
            'assert isbn13_check_digit("000000000000") == 0',
            'assert isbn13_check_digit("000000000001") == 7',
            'assert isbn13_check_digit("100000000000") == 9',
            'assert isbn13_check_digit("010000000000") == 7',
            'assert isbn13_check_digit("979000000000") == 1',
            _raises('isbn13_check_digit("97803064061")'),
            _raises('isbn13_check_digit("9780306406157")'),
            _raises('isbn13_check_digit("97803064061a")'),
            _raises('isbn13_check_digit("978 030640615")'),
            _raises('isbn13_check_digit("")'),
        ],
    },
    {
        "name": "iban_lite_is_valid",
        "category": "validation",
        "prompt": '''def iban_lite_is_valid(text: str) -> bool:
    """Check the format and checksum of an IBAN (country-specific lengths are not checked).

    Spaces are ignored and letters may be in either case. Without the spaces,
    the IBAN is 2 letters, then 2 digits, then letters and digits, 15 to 34
    characters in all (ASCII only). To check it, move the first four characters
    to the end, replace every letter by two digits (A=10, B=11, ..., Z=35) and
    read the result as an integer: the IBAN is valid when that integer modulo
    97 is 1. Return False, never raise, for any other input.

    >>> iban_lite_is_valid("GB82 WEST 1234 5698 7654 32")
    True
    """
''',
        "body": '''    import string
    chars = text.replace(" ", "").upper()
    allowed = string.ascii_uppercase + string.digits
    if not 15 <= len(chars) <= 34 or any(c not in allowed for c in chars):
        return False
    if not chars[:2].isalpha() or not chars[2:4].isdigit():
        return False
    rearranged = chars[4:] + chars[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
''',
        "hidden_tests": [
            'assert iban_lite_is_valid("DE89370400440532013000") is True',
            'assert iban_lite_is_valid("gb82 west 1234 5698 7654 32") is True',
            'assert iban_lite_is_valid("NO9386011117947") is True',
            'assert iban_lite_is_valid("MT84MALT011000012345MTLCAST001S") is True',
            'assert iban_lite_is_valid("ZZ17A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1") is True',
            'assert iban_lite_is_valid("GB82WEST12345698765433") is False',
            'assert iban_lite_is_valid("DE88370400440532013000") is False',
            'assert iban_lite_is_valid("XY331234567890") is False',
            'assert iban_lite_is_valid("ZZ10A1A1A1A1A1A1A1A1A1A1A1A1A1A1A1B") is False',
            'assert iban_lite_is_valid("G123ABCD1234567890Z") is False',
            'assert iban_lite_is_valid("1B75ABCDEFGHIJK") is False',
            'assert iban_lite_is_valid("GBA1XXXXXXXXXXXX52") is False',
            'assert iban_lite_is_valid("GB1AXXXXXXXXXXXX94") is False',
            'assert iban_lite_is_valid("GB82-WEST-1234-5698-7654-32") is False',
            'assert iban_lite_is_valid("GB82 WEST 1234 5698 7654 3\\u00b2") is False',
            'assert iban_lite_is_valid("") is False',
        ],
    },
    {
        "name": "password_policy_violations",
        "category": "validation",
        "prompt": '''def password_policy_violations(password: str, username: str) -> list[str]:
    """Check a password against the sign-up policy and list the rules it breaks.

    The rules, checked and reported in this order, by code:
    "length": fewer than 12 or more than 64 characters;
    "lower": no lowercase letter (a character c with c.islower());
    "upper": no uppercase letter (a character c with c.isupper());
    "digit": no character among 0123456789;
    "symbol": no character that is neither alphanumeric (c.isalnum()) nor whitespace;
    "username": ``username`` is not empty and occurs in the password, ignoring case;
    "repeat": some character occurs 3 or more times in a row.
    Return the codes of the broken rules (an empty list when the password is fine).

    >>> password_policy_violations("Tr0ub4dor&3x", "alice")
    []
    >>> password_policy_violations("aaab", "")
    ['length', 'upper', 'digit', 'symbol', 'repeat']
    """
''',
        "body": '''    codes = []
    if not 12 <= len(password) <= 64:
        codes.append("length")
    if not any(c.islower() for c in password):
        codes.append("lower")
    if not any(c.isupper() for c in password):
        codes.append("upper")
    if not any(c in "0123456789" for c in password):
        codes.append("digit")
    if not any(not c.isalnum() and not c.isspace() for c in password):
        codes.append("symbol")
    if username and username.lower() in password.lower():
        codes.append("username")
    if any(password[i] == password[i + 1] == password[i + 2] for i in range(len(password) - 2)):
        codes.append("repeat")
    return codes
''',
        "hidden_tests": [
            'assert password_policy_violations("", "") == ["length", "lower", "upper", "digit", "symbol"]',
            'assert password_policy_violations("Abcdefgh1!x", "bob") == ["length"]',
            'assert password_policy_violations("Abcdefgh1!xy", "bob") == []',
            'assert password_policy_violations("Ab1!" + "xy" * 30, "bob") == []',
            'assert password_policy_violations("Ab1!" + "xy" * 30 + "z", "bob") == ["length"]',
            'assert password_policy_violations("ABCDEFGH123!", "bob") == ["lower"]',
            'assert password_policy_violations("abcdefgh123!", "bob") == ["upper"]',
            'assert password_policy_violations("Abcdefghijk!", "bob") == ["digit"]',
            'assert password_policy_violations("Abcdefgh1234 ", "bob") == ["symbol"]',
            'assert password_policy_violations("MyALICEisGr8!", "alice") == ["username"]',
            'assert password_policy_violations("Xyz123!Abcde", "") == []',
            'assert password_policy_violations("Abcdefg1!zzz", "bob") == ["repeat"]',
            'assert password_policy_violations("Paaba55word!", "bob") == []',
            'assert password_policy_violations("Abcdefgh1!xx", "bob") == []',
            'assert password_policy_violations("111", "1") == ["length", "lower", "upper", "symbol", "username", "repeat"]',
        ],
    },
    {
        "name": "parse_port_number",
        "category": "validation",
        "prompt": '''def parse_port_number(value: object) -> int:
    """Validate a TCP port given as an int or a string and return it as an int.

    A string may have whitespace around it and must otherwise be ASCII digits
    only (no sign; leading zeros are fine). The port must be from 1 to 65535.
    Raise TypeError if ``value`` is neither an int nor a str (a bool counts as
    neither), and ValueError for a malformed string or an out-of-range port.

    >>> parse_port_number(" 8080 ")
    8080
    """
''',
        "body": '''    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"a port must be an int or a str, not {type(value).__name__}")
    if isinstance(value, str):
        text = value.strip()
        if not text or any(c not in "0123456789" for c in text):
            raise ValueError(f"not a port number: {value!r}")
        value = int(text)
    if not 1 <= value <= 65535:
        raise ValueError(f"port out of range: {value}")
    return value
''',
        "hidden_tests": [
            'assert parse_port_number(1) == 1',
            'assert parse_port_number(65535) == 65535',
            'assert parse_port_number("1") == 1',
            'assert parse_port_number("0080") == 80',
            'assert parse_port_number("65535") == 65535',
            _raises('parse_port_number(0)'),
            _raises('parse_port_number("0")'),
            _raises('parse_port_number(65536)'),
            _raises('parse_port_number("65536")'),
            _raises('parse_port_number(-1)'),
            _raises('parse_port_number("")'),
            _raises('parse_port_number("+80")'),
            _raises('parse_port_number("8 0")'),
            _raises('parse_port_number(True)', "TypeError"),
            _raises('parse_port_number(80.0)', "TypeError"),
            _raises('parse_port_number(None)', "TypeError"),
            _raises('parse_port_number(b"80")', "TypeError"),
        ],
    },
    {
        "name": "validate_username",
        "category": "validation",
        "prompt": '''def validate_username(name: str) -> str:
    """Validate a username and return it in lowercase.

    A username is 3 to 20 characters long, made of ASCII letters, digits and
    "_"; it starts with a letter, does not end with "_" and contains no "__".
    Letters may be given in either case. Raise ValueError if any rule is broken.

    >>> validate_username("Ada_Lovelace")
    'ada_lovelace'
    """
''',
        "body": '''    import string
    allowed = string.ascii_letters + string.digits + "_"
    if not 3 <= len(name) <= 20 or any(c not in allowed for c in name):
        raise ValueError(f"bad length or character: {name!r}")
    if name[0] not in string.ascii_letters or name.endswith("_") or "__" in name:
        raise ValueError(f"bad username: {name!r}")
    return name.lower()
''',
        "hidden_tests": [
            'assert validate_username("abc") == "abc"',
            'assert validate_username("a1b") == "a1b"',
            'assert validate_username("Zy9") == "zy9"',
            'assert validate_username("a_b_c") == "a_b_c"',
            'assert validate_username("A" * 20) == "a" * 20',
            _raises('validate_username("ab")'),
            _raises('validate_username("a" * 21)'),
            _raises('validate_username("")'),
            _raises('validate_username("1abc")'),
            _raises('validate_username("_abc")'),
            _raises('validate_username("abc_")'),
            _raises('validate_username("a__b")'),
            _raises('validate_username("ab-c")'),
            _raises('validate_username("ab\\u00e7")'),
        ],
    },
    {
        "name": "validate_config_schema",
        "category": "validation",
        "prompt": '''def validate_config_schema(config: dict, schema: dict) -> list[str]:
    """Check a config dict against a schema and return the error messages.

    ``schema`` maps each allowed key to a spec dict with "type" (a Python type)
    and, optionally, "required" (a bool, False when absent). The messages are:
    "missing: KEY" for a required key absent from ``config``; "type: KEY" for a
    key present in both whose value is not an instance of the spec's type (a
    bool value never counts as an int, though it does count as a bool);
    "unknown: KEY" for a key of ``config`` that is not in ``schema``. Return all
    the messages sorted alphabetically; an empty list means the config is valid.

    >>> validate_config_schema({"port": "80", "debug": True}, {"port": {"type": int, "required": True}, "host": {"type": str, "required": True}})
    ['missing: host', 'type: port', 'unknown: debug']
    """
''',
        "body": '''    errors = []
    for key, spec in schema.items():
        if key not in config:
            if spec.get("required", False):
                errors.append(f"missing: {key}")
            continue
        value = config[key]
        expected = spec["type"]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is int):
            errors.append(f"type: {key}")
    for key in config:
        if key not in schema:
            errors.append(f"unknown: {key}")
    return sorted(errors)
''',
        "hidden_tests": [
            'assert validate_config_schema({}, {}) == []',
            'assert validate_config_schema({"a": 1}, {}) == ["unknown: a"]',
            'assert validate_config_schema({}, {"a": {"type": int}}) == []',
            'assert validate_config_schema({}, {"a": {"type": int, "required": True}}) == ["missing: a"]',
            'assert validate_config_schema({}, {"a": {"type": int, "required": False}}) == []',
            'assert validate_config_schema({"n": True}, {"n": {"type": int}}) == ["type: n"]',
            'assert validate_config_schema({"flag": False}, {"flag": {"type": bool, "required": True}}) == []',
            'assert validate_config_schema({"x": 1.5}, {"x": {"type": float, "required": True}}) == []',
            'assert validate_config_schema({"x": 1}, {"x": {"type": float}}) == ["type: x"]',
            'assert validate_config_schema({"n": 3}, {"n": {"type": int, "required": True}}) == []',
            'assert validate_config_schema({"name": None}, {"name": {"type": str}}) == ["type: name"]',
            'assert validate_config_schema({"z": 1, "b": 2}, {"y": {"type": int, "required": True}, "a": {"type": str, "required": True}}) == ["missing: a", "missing: y", "unknown: b", "unknown: z"]',
        ],
    },
    {
        "name": "to_e164_lite",
        "category": "validation",
        "prompt": '''def to_e164_lite(phone: str, country_code: str) -> str:
    """Normalise a phone number to E.164 form: "+" followed by 8 to 15 digits.

    First remove every space, hyphen, dot and parenthesis. If the number then
    starts with "+", the digits after it already include the country code. If
    it starts with "00" (an international prefix), the digits after the "00"
    include the country code. Otherwise it is a national number: drop one
    leading "0" if there is one and put ``country_code`` in front. Raise
    ValueError if ``country_code`` is not 1 to 3 ASCII digits, or if the result
    is not 8 to 15 ASCII digits after the "+" (so any other character left
    in the number is an error).

    >>> to_e164_lite("(030) 1234-5678", "49")
    '+493012345678'
    >>> to_e164_lite("+1 415.555.0100", "44")
    '+14155550100'
    """
''',
        "body": '''    if not 1 <= len(country_code) <= 3 or any(c not in "0123456789" for c in country_code):
        raise ValueError(f"bad country code {country_code!r}")
    number = phone
    for char in " -.()":
        number = number.replace(char, "")
    if number.startswith("+"):
        digits = number[1:]
    elif number.startswith("00"):
        digits = number[2:]
    else:
        digits = country_code + (number[1:] if number.startswith("0") else number)
    if not 8 <= len(digits) <= 15 or any(c not in "0123456789" for c in digits):
        raise ValueError(f"bad phone number {phone!r}")
    return "+" + digits
''',
        "hidden_tests": [
            'assert to_e164_lite("0044 20 7946 0958", "1") == "+442079460958"',
            'assert to_e164_lite("20 7946 0958", "44") == "+442079460958"',
            'assert to_e164_lite("020 7946 0958", "44") == "+442079460958"',
            'assert to_e164_lite("030 1234567", "7") == "+7301234567"',
            'assert to_e164_lite("12345", "358") == "+35812345"',
            'assert to_e164_lite("+12345678", "1") == "+12345678"',
            'assert to_e164_lite("+123456789012345", "1") == "+123456789012345"',
            'assert to_e164_lite("0012345678", "1") == "+12345678"',
            _raises('to_e164_lite("+1234567", "1")'),
            _raises('to_e164_lite("+1234567890123456", "1")'),
            _raises('to_e164_lite("001234567", "1")'),
            _raises('to_e164_lite("555-0100 ext 2", "1")'),
            _raises('to_e164_lite("+49 30 1234/5678", "49")'),
            _raises('to_e164_lite("+", "1")'),
            _raises('to_e164_lite("0301234567", "")'),
            _raises('to_e164_lite("0301234567", "1234")'),
            _raises('to_e164_lite("0301234567", "4a")'),
            _raises('to_e164_lite("0301234567", "+49")'),
        ],
    },
    {
        "name": "normalize_uuid",
        "category": "validation",
        "prompt": '''def normalize_uuid(text: str) -> str:
    """Validate a UUID string and return it in canonical lowercase 8-4-4-4-12 form.

    The input is 32 hex digits (either case), written either with no hyphens
    or with hyphens exactly in the canonical places (after the 8th, 12th, 16th
    and 20th digit), and optionally wrapped in one pair of braces "{...}". No
    other characters, whitespace included, are allowed; the version and variant
    bits are not checked. Raise ValueError for anything else.

    >>> normalize_uuid("{123E4567-E89B-12D3-A456-426614174000}")
    '123e4567-e89b-12d3-a456-426614174000'
    """
''',
        "body": '''    inner = text
    if inner.startswith("{") and inner.endswith("}"):
        inner = inner[1:-1]
    if len(inner) == 36:
        if any(inner[i] != "-" for i in (8, 13, 18, 23)):
            raise ValueError(f"misplaced hyphens: {text!r}")
        inner = inner.replace("-", "")  # any other hyphen makes it too short
    if len(inner) != 32 or any(c not in "0123456789abcdefABCDEF" for c in inner):
        raise ValueError(f"not a UUID: {text!r}")
    h = inner.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
''',
        "hidden_tests": [
            'assert normalize_uuid("0123456789ABCDEF0123456789ABCDEF") == "01234567-89ab-cdef-0123-456789abcdef"',
            'assert normalize_uuid("01234567-89ab-cdef-0123-456789abcdef") == "01234567-89ab-cdef-0123-456789abcdef"',
            'assert normalize_uuid("{0123456789abcdef0123456789abcdef}") == "01234567-89ab-cdef-0123-456789abcdef"',
            _raises('normalize_uuid("0123456789-ab-cdef-0123-456789abcdef")'),
            _raises('normalize_uuid("012345678-9ab-cdef-0123-456789abcdef")'),
            _raises('normalize_uuid("01234567-89ab-cdef-0123-456789abcde-")'),
            _raises('normalize_uuid("01234567-89abcdef0123456789abcdef")'),
            _raises('normalize_uuid("0123456789abcdef0123456789abcde")'),
            _raises('normalize_uuid("0123456789abcdef0123456789abcdef0")'),
            _raises('normalize_uuid("0123456789abcdef0123456789abcdeg")'),
            _raises('normalize_uuid(" 0123456789abcdef0123456789abcdef")'),
            _raises('normalize_uuid("{01234567-89ab-cdef-0123-456789abcdef")'),
            _raises('normalize_uuid("{0123456789abcdef0123456789abcdef0")'),
            _raises('normalize_uuid("{{0123456789abcdef0123456789abcdef}}")'),
            _raises('normalize_uuid("")'),
        ],
    },
    {
        "name": "parse_date_strict",
        "category": "validation",
        "prompt": '''import datetime


def parse_date_strict(text: str, pattern: str) -> tuple[int, int, int]:
    """Parse ``text`` as a date laid out by ``pattern``; return (year, month, day).

    Read ``pattern`` from left to right: at each position, "YYYY" is the year
    field, else "MM" the month field, else "DD" the day field, and anything
    else is a single literal character. A field matches exactly as many ASCII
    digits as its width (4 or 2) at the same position of ``text``; a literal
    must appear as the same character at the same position of ``text``, and
    ``text`` must end where the pattern ends. Raise ValueError if the text does
    not match, if the pattern does not have each field exactly once, or if
    the date does not exist (for example Feb 29 in a non-leap year, month 13,
    or year 0).

    >>> parse_date_strict("29/02/2024", "DD/MM/YYYY")
    (2024, 2, 29)
    """
''',
        "body": '''    fields = {}
    pos = 0
    while pos < len(pattern):
        for token in ("YYYY", "MM", "DD"):
            if pattern.startswith(token, pos):
                chunk = text[pos:pos + len(token)]
                if len(chunk) != len(token) or any(c not in "0123456789" for c in chunk):
                    raise ValueError(f"expected {len(token)} digits at position {pos}")
                if token in fields:
                    raise ValueError(f"{token} appears twice in the pattern")
                fields[token] = int(chunk)
                pos += len(token)
                break
        else:
            if pos >= len(text) or text[pos] != pattern[pos]:
                raise ValueError(f"expected {pattern[pos]!r} at position {pos}")
            pos += 1
    if len(text) != len(pattern) or len(fields) != 3:
        raise ValueError("text too long, or a field is missing from the pattern")
    date = datetime.date(fields["YYYY"], fields["MM"], fields["DD"])
    return date.year, date.month, date.day
''',
        "hidden_tests": [
            'assert parse_date_strict("2024-02-29", "YYYY-MM-DD") == (2024, 2, 29)',
            'assert parse_date_strict("20240105", "YYYYMMDD") == (2024, 1, 5)',
            'assert parse_date_strict("01.12.1999", "DD.MM.YYYY") == (1999, 12, 1)',
            'assert parse_date_strict("2024-01-05", "YYYY-DD-MM") == (2024, 5, 1)',
            'assert parse_date_strict("day 05 of 03, 2021", "day DD of MM, YYYY") == (2021, 3, 5)',
            _raises('parse_date_strict("2023-02-29", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-13-01", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-00-10", "YYYY-MM-DD")'),
            _raises('parse_date_strict("0000-01-10", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-1-05", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-01-05 ", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-01", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-01-0", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024/01/05", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-+1-05", "YYYY-MM-DD")'),
            _raises('parse_date_strict("2024-01", "YYYY-MM")'),
            _raises('parse_date_strict("2024-01-01-01", "YYYY-MM-DD-DD")'),
        ],
    },
    {
        "name": "normalize_hostname",
        "category": "validation",
        "prompt": '''def normalize_hostname(name: str) -> str:
    """Validate a DNS host name and return it in lowercase without a trailing dot.

    One trailing "." is allowed and removed first. The rest is one or more
    labels separated by "."; each label is 1 to 63 characters of ASCII letters,
    digits and "-", and does not start or end with "-". The name without the
    trailing dot is at most 253 characters long. Raise ValueError otherwise.

    >>> normalize_hostname("API.Example.com.")
    'api.example.com'
    """
''',
        "body": '''    import string
    allowed = string.ascii_letters + string.digits + "-"
    if name.endswith("."):
        name = name[:-1]
    if len(name) > 253:
        raise ValueError("host name too long")
    for label in name.split("."):
        if not 1 <= len(label) <= 63 or any(c not in allowed for c in label):
            raise ValueError(f"bad label {label!r}")
        if label.startswith("-") or label.endswith("-"):
            raise ValueError(f"label starts or ends with '-': {label!r}")
    return name.lower()
''',
        "hidden_tests": [
            'assert normalize_hostname("localhost") == "localhost"',
            'assert normalize_hostname("A.") == "a"',
            'assert normalize_hostname("xn--bcher-kva.Example") == "xn--bcher-kva.example"',
            'assert normalize_hostname("a-b.c0m") == "a-b.c0m"',
            'assert normalize_hostname("a" * 63 + ".com") == "a" * 63 + ".com"',
            'assert normalize_hostname(".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])) == ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])',
            'assert normalize_hostname(".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61]) + ".") == ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])',
            _raises('normalize_hostname(".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 62]))'),
            _raises('normalize_hostname("a" * 64 + ".com")'),
            _raises('normalize_hostname("")'),
            _raises('normalize_hostname(".")'),
            _raises('normalize_hostname("a..b")'),
            _raises('normalize_hostname("a.b..")'),
            _raises('normalize_hostname("-a.com")'),
            _raises('normalize_hostname("a-.com")'),
            _raises('normalize_hostname("a_b.com")'),
            _raises('normalize_hostname("\\u00fc.com")'),
        ],
    },
    {
        "name": "parse_semver_strict",
        "category": "validation",
        "prompt": '''def parse_semver_strict(text: str) -> tuple[int, int, int]:
    """Parse a "MAJOR.MINOR.PATCH" version string into a tuple of three ints.

    Each of the three dot-separated parts is one or more ASCII digits with no
    leading zero ("0" itself is fine). Nothing else is allowed: no "v" prefix,
    no pre-release or build suffix, no whitespace. Raise ValueError otherwise.

    >>> parse_semver_strict("1.12.0")
    (1, 12, 0)
    """
''',
        "body": '''    parts = text.split(".")
    if len(parts) != 3:
        raise ValueError(f"need three parts: {text!r}")
    for part in parts:
        if not part or any(c not in "0123456789" for c in part) or (part[0] == "0" and len(part) > 1):
            raise ValueError(f"bad part {part!r}")
    return tuple(int(part) for part in parts)
''',
        "hidden_tests": [
            'assert parse_semver_strict("0.0.0") == (0, 0, 0)',
            'assert parse_semver_strict("10.20.30") == (10, 20, 30)',
            'assert parse_semver_strict("2.0.1") == (2, 0, 1)',
            _raises('parse_semver_strict("1.2")'),
            _raises('parse_semver_strict("1.2.3.4")'),
            _raises('parse_semver_strict("01.2.3")'),
            _raises('parse_semver_strict("1.02.3")'),
            _raises('parse_semver_strict("1.2.00")'),
            _raises('parse_semver_strict("v1.2.3")'),
            _raises('parse_semver_strict("1.2.3-rc1")'),
            _raises('parse_semver_strict(" 1.2.3")'),
            _raises('parse_semver_strict("1..3")'),
            _raises('parse_semver_strict("1.2.+3")'),
            _raises('parse_semver_strict("")'),
        ],
    },
    {
        "name": "is_valid_slug",
        "category": "validation",
        "prompt": '''def is_valid_slug(text: str, max_length: int = 50) -> bool:
    """Return whether ``text`` is a URL slug such as "my-first-post".

    A slug is one or more words of lowercase ASCII letters and digits joined
    by single hyphens (no leading, trailing or doubled hyphen), and is at most
    ``max_length`` characters long in total.

    >>> is_valid_slug("my-first-post")
    True
    >>> is_valid_slug("My-Post")
    False
    """
''',
        "body": '''    if len(text) > max_length:
        return False
    return all(word and all(c in "abcdefghijklmnopqrstuvwxyz0123456789" for c in word)
               for word in text.split("-"))
''',
        "hidden_tests": [
            'assert is_valid_slug("a") is True',
            'assert is_valid_slug("post-2024") is True',
            'assert is_valid_slug("") is False',
            'assert is_valid_slug("-a") is False',
            'assert is_valid_slug("a-") is False',
            'assert is_valid_slug("a--b") is False',
            'assert is_valid_slug("a_b") is False',
            'assert is_valid_slug(" a") is False',
            'assert is_valid_slug("\\u00e4") is False',
            'assert is_valid_slug("a" * 50) is True',
            'assert is_valid_slug("a" * 51) is False',
            'assert is_valid_slug("abc", 3) is True',
            'assert is_valid_slug("abcd", 3) is False',
            'assert is_valid_slug("a-b", 2) is False',
        ],
    },
    {
        "name": "parse_bool_setting",
        "category": "validation",
        "prompt": '''def parse_bool_setting(value: object) -> bool:
    """Interpret a configuration value as a boolean.

    A bool is returned as it is. The ints 1 and 0 mean True and False. A string,
    after stripping whitespace and ignoring case, means True if it is one of
    "1", "true", "yes", "on" and False if it is one of "0", "false", "no", "off".
    Raise ValueError for any other int or string, and TypeError for a value of
    any other type (float and None included).

    >>> parse_bool_setting(" Yes ")
    True
    >>> parse_bool_setting(0)
    False
    """
''',
        "body": '''    if isinstance(value, int):  # bools too: True == 1 and False == 0
        if value in (0, 1):
            return value == 1
        raise ValueError(f"not a boolean: {value!r}")
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("1", "true", "yes", "on"):
            return True
        if word in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"not a boolean: {value!r}")
    raise TypeError(f"cannot read a {type(value).__name__} as a boolean")
''',
        "hidden_tests": [
            'assert parse_bool_setting(True) is True',
            'assert parse_bool_setting(False) is False',
            'assert parse_bool_setting(1) is True',
            'assert parse_bool_setting("0") is False',
            'assert parse_bool_setting("1") is True',
            'assert parse_bool_setting("TRUE") is True',
            'assert parse_bool_setting("On") is True',
            'assert parse_bool_setting("off") is False',
            'assert parse_bool_setting("\\tNo\\n") is False',
            'assert parse_bool_setting("false") is False',
            _raises('parse_bool_setting(2)'),
            _raises('parse_bool_setting(-1)'),
            _raises('parse_bool_setting("y")'),
            _raises('parse_bool_setting("")'),
            _raises('parse_bool_setting(1.0)', "TypeError"),
            _raises('parse_bool_setting(None)', "TypeError"),
            _raises('parse_bool_setting([])', "TypeError"),
        ],
    },
    {
        "name": "parse_lat_lon",
        "category": "validation",
        "prompt": '''def parse_lat_lon(text: str) -> tuple[float, float]:
    """Parse a "latitude,longitude" pair in decimal degrees.

    The two numbers are separated by one comma, with optional whitespace
    around each number. Each number is an optional "-" sign, one or more ASCII
    digits, and optionally a "." followed by one or more digits (no exponent,
    no "+"). Latitude must be from -90 to 90 and longitude from -180 to 180,
    bounds included. Return (latitude, longitude) as floats. Raise ValueError
    otherwise.

    >>> parse_lat_lon("52.5200, 13.4050")
    (52.52, 13.405)
    """
''',
        "body": '''    import re
    numbers = []
    for part in text.split(","):
        part = part.strip()
        if not re.fullmatch("-?[0-9]+(?:[.][0-9]+)?", part):
            raise ValueError(f"not a decimal number: {part!r}")
        numbers.append(float(part))
    lat, lon = numbers  # ValueError unless there are exactly two numbers
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValueError("coordinates out of range")
    return lat, lon
''',
        "hidden_tests": [
            'assert parse_lat_lon("0,0") == (0.0, 0.0)',
            'assert parse_lat_lon(" -33.8688 , 151.2093 ") == (-33.8688, 151.2093)',
            'assert parse_lat_lon("90,180") == (90.0, 180.0)',
            'assert parse_lat_lon("-90,-180") == (-90.0, -180.0)',
            'assert isinstance(parse_lat_lon("1,2")[0], float)',
            _raises('parse_lat_lon("90.5,0")'),
            _raises('parse_lat_lon("-90.5,0")'),
            _raises('parse_lat_lon("0,180.5")'),
            _raises('parse_lat_lon("0,-180.5")'),
            _raises('parse_lat_lon("1e1,0")'),
            _raises('parse_lat_lon("+1,0")'),
            _raises('parse_lat_lon("1.,0")'),
            _raises('parse_lat_lon(".5,0")'),
            _raises('parse_lat_lon("1;2")'),
            _raises('parse_lat_lon("1,2,3")'),
            _raises('parse_lat_lon("")'),
        ],
    },
    {
        "name": "normalize_mac_address",
        "category": "validation",
        "prompt": '''def normalize_mac_address(text: str) -> str:
    """Validate a MAC address and return it as six lowercase hex pairs joined by ":".

    Accepted forms, with hex digits in either case: six pairs separated by ":"
    ("AA:BB:CC:DD:EE:FF"), six pairs separated by "-" ("AA-BB-CC-DD-EE-FF"),
    three groups of four separated by "." ("aabb.ccdd.eeff"), or twelve hex
    digits with no separator. Separators may not be mixed. Raise ValueError
    for anything else.

    >>> normalize_mac_address("AA-BB-CC-00-11-22")
    'aa:bb:cc:00:11:22'
    """
''',
        "body": '''    for separator, size, count in ((":", 2, 6), ("-", 2, 6), (".", 4, 3)):
        if separator in text:
            groups = text.split(separator)
            if len(groups) != count or any(len(group) != size for group in groups):
                raise ValueError(f"bad MAC address {text!r}")
            digits = "".join(groups)
            break
    else:
        digits = text
    if len(digits) != 12 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise ValueError(f"bad MAC address {text!r}")
    digits = digits.lower()
    return ":".join(digits[i:i + 2] for i in range(0, len(digits), 2))
''',
        "hidden_tests": [
            'assert normalize_mac_address("aa:bb:cc:dd:ee:ff") == "aa:bb:cc:dd:ee:ff"',
            'assert normalize_mac_address("01:23:45:67:89:AB") == "01:23:45:67:89:ab"',
            'assert normalize_mac_address("0123.4567.89AB") == "01:23:45:67:89:ab"',
            'assert normalize_mac_address("01-23-45-67-89-ab") == "01:23:45:67:89:ab"',
            'assert normalize_mac_address("0123456789ab") == "01:23:45:67:89:ab"',
            _raises('normalize_mac_address("aa:bb:cc:dd:ee")'),
            _raises('normalize_mac_address("aa:bb:cc:dd:ee:ff:00")'),
            _raises('normalize_mac_address("aaa:b:cc:dd:ee:ff")'),
            _raises('normalize_mac_address("aaa-b-cc-dd-ee-ff")'),
            _raises('normalize_mac_address("aa:bb-cc:dd:ee:ff")'),
            _raises('normalize_mac_address("aab.bccdd.eeff")'),
            _raises('normalize_mac_address("aabb.ccdd.eef")'),
            _raises('normalize_mac_address("aabb.ccdd.eeff.0011")'),
            _raises('normalize_mac_address("aabbccddeef")'),
            _raises('normalize_mac_address("aabbccddeeff0")'),
            _raises('normalize_mac_address("gg:bb:cc:dd:ee:ff")'),
            _raises('normalize_mac_address("aa bb cc dd ee ff")'),
            _raises('normalize_mac_address("")'),
        ],
    },
]
