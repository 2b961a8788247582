"""Fresh tasks, part_a: parsing and formatting."""

TASKS = [
    # ------------------------------------------------------------------ parsing
    {
        "name": "parse_size_to_bytes",
        "category": "parsing",
        "prompt": '''def parse_size_to_bytes(text: str) -> int:
    """Return the number of bytes in a size written like "10MB", "1.5 GiB" or "512".

    A size is a non-negative decimal number (one or more ASCII digits,
    optionally followed by "." and one or more digits), then any number of
    spaces, then an optional unit. Units are case-insensitive: B is 1 byte,
    KB 1000, MB 1000**2, GB 1000**3, TB 1000**4, KiB 1024, MiB 1024**2,
    GiB 1024**3 and TiB 1024**4; no unit means bytes. Leading and trailing
    whitespace is ignored. The exact value is rounded down to a whole number of
    bytes, without floating-point error ("4.35 MB" is 4350000 bytes). Raise
    ValueError for anything else, such as an empty string, a sign or an
    unknown unit.

    >>> parse_size_to_bytes("10MB")
    10000000
    >>> parse_size_to_bytes("1.5 KiB")
    1536
    """
''',
        "body": r'''    import re
    from fractions import Fraction
    units = {"": 1, "b": 1, "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3, "tb": 1000 ** 4,
             "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3, "tib": 1024 ** 4}
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?) *([A-Za-z]*)", text.strip())
    if match is None or match.group(2).lower() not in units:
        raise ValueError(f"not a size: {text!r}")
    return int(Fraction(match.group(1)) * units[match.group(2).lower()])
''',
        "hidden_tests": [
            'assert parse_size_to_bytes("512") == 512',
            'assert parse_size_to_bytes("0") == 0',
            'assert parse_size_to_bytes(" 7 b ") == 7',
            'assert parse_size_to_bytes("2kb") == 2000',
            'assert parse_size_to_bytes("3   GB") == 3 * 10 ** 9',
            'assert parse_size_to_bytes("1TB") == 10 ** 12',
            'assert parse_size_to_bytes("3KIB") == 3072',
            'assert parse_size_to_bytes("1 mib") == 1048576',
            'assert parse_size_to_bytes("2GiB") == 2 * 1024 ** 3',
            'assert parse_size_to_bytes("1TiB") == 1024 ** 4',
            'assert parse_size_to_bytes("4.35 MB") == 4350000',
            'assert parse_size_to_bytes("1.9B") == 1',
            'assert parse_size_to_bytes("0.0009KB") == 0',
            'try:\n    parse_size_to_bytes("")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["-5MB", "+5MB", "10 XB", "MB", "1.MB", "1,5MB", "5 M B"]:\n    try:\n        parse_size_to_bytes(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_query_params",
        "category": "parsing",
        "prompt": '''def parse_query_params(query: str) -> dict[str, list[str]]:
    """Parse a URL query string such as "a=1&b=two&a=3".

    Return a dict that maps each key to the list of its values, in the order
    they appear; the keys are in the order of their first appearance. A single
    leading "?" is ignored. Pairs are separated by "&" and empty pairs are
    skipped. Only the first "=" of a pair separates the key from the value, and
    a pair without "=" has the value "". Keys and values are then decoded as in
    HTML forms: "+" is a space and "%XX" escapes are UTF-8 bytes (as
    urllib.parse.unquote_plus does). Splitting happens before decoding, so
    "%26" and "%3D" decode to a literal "&" and "=".

    >>> parse_query_params("?a=1&b=two&a=3")
    {'a': ['1', '3'], 'b': ['two']}
    """
''',
        "body": '''    from urllib.parse import unquote_plus
    result: dict[str, list[str]] = {}
    if query.startswith("?"):
        query = query[1:]
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        result.setdefault(unquote_plus(key), []).append(unquote_plus(value))
    return result
''',
        "hidden_tests": [
            'assert parse_query_params("") == {}',
            'assert parse_query_params("?") == {}',
            'assert parse_query_params("flag") == {"flag": [""]}',
            'assert parse_query_params("x=1=2") == {"x": ["1=2"]}',
            'assert parse_query_params("q=hello+world&name=J%C3%BCrgen") == {"q": ["hello world"], "name": ["J\\u00fcrgen"]}',
            'assert parse_query_params("a=1&&b=&") == {"a": ["1"], "b": [""]}',
            'assert list(parse_query_params("z=1&a=2&z=3")) == ["z", "a"]',
            'assert parse_query_params("??x=1") == {"?x": ["1"]}',
            'assert parse_query_params("%3D=%26&k=v") == {"=": ["&"], "k": ["v"]}',
        ],
    },
    {
        "name": "parse_env_lines",
        "category": "parsing",
        "prompt": '''def parse_env_lines(lines: list[str]) -> dict[str, str]:
    """Parse the lines of a .env file into a dict.

    Blank lines and lines whose first non-blank character is "#" are skipped.
    Every other line, stripped of surrounding whitespace, is "KEY=VALUE",
    optionally preceded by "export " (the word export and one space). The key
    and the value are split at the first "=" and each is stripped of
    surrounding whitespace. The key must be an ASCII letter or underscore
    followed by ASCII letters, digits or underscores. If the value is at least
    two characters long and starts and ends with the same quote character
    (' or "), that one outer pair of quotes is removed and the inside is kept
    as it is. Everything after the "=" belongs to the value, "#" included. A
    later line overrides an earlier one with the same key. Raise ValueError for
    a line without "=" or with an invalid key.

    >>> parse_env_lines(["# db", "export HOST = localhost", "PORT=5432"])
    {'HOST': 'localhost', 'PORT': '5432'}
    """
''',
        "body": r'''    import re
    result = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export "):
            stripped = stripped[len("export "):]
        key, sep, value = stripped.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) is None:
            raise ValueError(f"bad line: {line!r}")
        if len(value) >= 2 and value[0] == value[-1] in ("'", '"'):
            value = value[1:-1]
        result[key] = value
    return result
''',
        "hidden_tests": [
            'assert parse_env_lines([]) == {}',
            'assert parse_env_lines(["", "   ", "  # comment = yes"]) == {}',
            'assert parse_env_lines(["A=1", "B=2", "A=3"]) == {"A": "3", "B": "2"}',
            'assert parse_env_lines(["URL=http://x/?a=b#frag"]) == {"URL": "http://x/?a=b#frag"}',
            'assert parse_env_lines(["  _KEY_2 =  spaced  value  "]) == {"_KEY_2": "spaced  value"}',
            'assert parse_env_lines([\'A="hello world"\', "B=\'x\'", \'C=""\']) == {"A": "hello world", "B": "x", "C": ""}',
            'assert parse_env_lines([\'D="\', "E=\'abc\\"", "F=a\'"]) == {"D": \'"\', "E": "\'abc\\"", "F": "a\'"}',
            'assert parse_env_lines([\'G="say "hi""\']) == {"G": \'say "hi"\'}',
            'assert parse_env_lines(["export=yes", "export  X=1"]) == {"export": "yes", "X": "1"}',
            'try:\n    parse_env_lines(["A=1", "NOEQUALS"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["1ABC=x", "=x", "MY-KEY=1", "export", "\\u00c4B=1"]:\n    try:\n        parse_env_lines([bad])\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_page_ranges",
        "category": "parsing",
        "prompt": '''def parse_page_ranges(spec: str) -> list[int]:
    """Return the sorted, distinct page numbers selected by a spec like "1-3,5,8-9".

    Items are separated by commas. Each item is a page number N or an inclusive
    range "A-B" with A <= B; numbers are written with ASCII digits and must be
    at least 1. Spaces around an item and around its "-" are allowed. Raise
    ValueError for an empty spec or item, a page 0, a range whose start is
    greater than its end, or any other text.

    >>> parse_page_ranges("8-9, 1-3,5")
    [1, 2, 3, 5, 8, 9]
    """
''',
        "body": r'''    import re
    pages = set()
    for item in spec.split(","):
        match = re.fullmatch(r" *([0-9]+) *(?:- *([0-9]+) *)?", item)
        if match is None:
            raise ValueError(f"bad page item: {item!r}")
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if first < 1 or first > last:
            raise ValueError(f"bad page item: {item!r}")
        pages.update(range(first, last + 1))
    return sorted(pages)
''',
        "hidden_tests": [
            'assert parse_page_ranges("7") == [7]',
            'assert parse_page_ranges("1") == [1]',
            'assert parse_page_ranges("2-2") == [2]',
            'assert parse_page_ranges("3-5,4-6") == [3, 4, 5, 6]',
            'assert parse_page_ranges(" 1 - 2 ") == [1, 2]',
            'assert parse_page_ranges("1,1,1") == [1]',
            'assert parse_page_ranges("10-12,2") == [2, 10, 11, 12]',
            'try:\n    parse_page_ranges("5-4")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_page_ranges("0")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["", "1,", ",1", "0-3", "a", "1-2-3", "-1", "1..3", "1 2"]:\n    try:\n        parse_page_ranges(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_log_line",
        "category": "parsing",
        "prompt": '''def parse_log_line(line: str) -> dict[str, str]:
    """Split an application log line into its fields.

    Trailing whitespace of the line is ignored. The rest looks like
    "2024-03-05 14:07:09 WARNING [db.pool] connection slow": a date YYYY-MM-DD,
    one space, a time HH:MM:SS, one or more spaces, the level, one or more
    spaces, the logger name in square brackets (non-empty, without whitespace
    or "]"), and then, after one or more spaces, the message, which may contain
    anything and may be missing altogether. The level is a word of ASCII
    letters, case-insensitive, and must be DEBUG, INFO, WARNING (also written
    WARN), ERROR or CRITICAL. Return a dict with the keys "timestamp" (ISO form
    "YYYY-MM-DDTHH:MM:SS"), "level" (upper case, WARN given as WARNING),
    "logger" and "message" ("" when missing). Raise ValueError if the line does
    not have this shape, the level is unknown, or the date and time do not
    exist (such as 2023-02-29 or 24:00:00).

    >>> parse_log_line("2024-03-05 14:07:09 warn [db.pool] connection slow: 250ms")
    {'timestamp': '2024-03-05T14:07:09', 'level': 'WARNING', 'logger': 'db.pool', 'message': 'connection slow: 250ms'}
    """
''',
        "body": r'''    import re
    from datetime import datetime
    match = re.fullmatch(
        r"([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}:[0-9]{2}) +([A-Za-z]+) +\[([^\]\s]+)\](?: +(.*))?",
        line.rstrip())
    if match is None:
        raise ValueError(f"not a log line: {line!r}")
    date, time, level, logger, message = match.groups()
    level = level.upper()
    if level == "WARN":
        level = "WARNING"
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError(f"unknown level: {level!r}")
    stamp = datetime.strptime(f"{date} {time}", "%Y-%m-%d %H:%M:%S")
    return {"timestamp": stamp.isoformat(), "level": level, "logger": logger, "message": message or ""}
''',
        "hidden_tests": [
            'assert parse_log_line("2024-01-01 00:00:00 INFO [app]") == {"timestamp": "2024-01-01T00:00:00", "level": "INFO", "logger": "app", "message": ""}',
            'assert parse_log_line("2024-01-01 00:00:00 Debug [app]   \\n")["message"] == ""',
            'assert parse_log_line("2024-12-31 23:59:59   error   [x.y]   disk  full  ") == {"timestamp": "2024-12-31T23:59:59", "level": "ERROR", "logger": "x.y", "message": "disk  full"}',
            'assert parse_log_line("2024-02-29 12:00:00 CRITICAL [a-b] [nested] brackets")["message"] == "[nested] brackets"',
            'assert parse_log_line("2024-02-29 12:00:00 warning [w] x")["level"] == "WARNING"',
            'assert parse_log_line("2024-06-30 08:15:00 WARN [w] x y")["level"] == "WARNING"',
            'try:\n    parse_log_line("2024-01-01 00:00:00 NOTICE [app] hello")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_log_line("2023-02-29 10:00:00 INFO [app] hello")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["", "2024-01-01 24:00:00 INFO [a] x", "2024-01-01 10:00:00 INFO app x", "2024-01-01 10:00:00 INFO [] x", "2024-01-01T10:00:00 INFO [a] x", "2024-01-01 10:00:00 INFO [a]x", "2024-01-01  10:00:00 INFO [a] x", "2024-01-01 10:00:00 WARN1 [a] x", "2024-1-01 10:00:00 INFO [a] x"]:\n    try:\n        parse_log_line(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_http_headers",
        "category": "parsing",
        "prompt": '''def parse_http_headers(lines: list[str]) -> dict[str, str]:
    """Parse HTTP header lines of the form "Name: value" into a dict.

    The name is the text before the first ":" (it is not stripped); names are
    case-insensitive and are returned in lower case. The value is the text
    after the first ":", stripped of surrounding whitespace. A name
    given more than once gets its values joined with ", " in order. A line
    that starts with a space or a tab continues the value of the previous
    header line: its stripped text is appended to that header's value after
    one space. Parsing stops at the first empty line (the end of the header
    block). Raise ValueError for a line without ":", a name that is empty or
    contains whitespace, or a continuation line before any header.

    >>> parse_http_headers(["Host: example.com", "Accept: text/html", "accept: */*"])
    {'host': 'example.com', 'accept': 'text/html, */*'}
    """
''',
        "body": r'''    import re
    headers: dict[str, str] = {}
    last = None
    for line in lines:
        if line == "":
            break
        if line[0] in " \t":
            if last is None:
                raise ValueError("continuation line before any header")
            headers[last] = f"{headers[last]} {line.strip()}"
            continue
        name, colon, value = line.partition(":")
        if not colon or re.fullmatch(r"\S+", name) is None:
            raise ValueError(f"bad header line: {line!r}")
        last = name.lower()
        value = value.strip()
        headers[last] = f"{headers[last]}, {value}" if last in headers else value
    return headers
''',
        "hidden_tests": [
            'assert parse_http_headers([]) == {}',
            'assert parse_http_headers(["X-Long: part one", "   part two", "\\tpart three"]) == {"x-long": "part one part two part three"}',
            'assert parse_http_headers(["A: 1", "", "B: 2", "broken"]) == {"a": "1"}',
            'assert parse_http_headers(["Empty:"]) == {"empty": ""}',
            'assert parse_http_headers(["Time:  12:30:00 "]) == {"time": "12:30:00"}',
            'assert parse_http_headers(["A: 1", "B: x", "a: 2", " 3"]) == {"a": "1, 2 3", "b": "x"}',
            'try:\n    parse_http_headers(["no colon here"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_http_headers(["  folded: first"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [": value", "Bad Name: x", "Content-Type : x"]:\n    try:\n        parse_http_headers(["Host: a", bad])\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "extract_template_fields",
        "category": "parsing",
        "prompt": '''def extract_template_fields(template: str) -> list[str]:
    """Return the placeholder names used in a "{name}" style template.

    A placeholder is "{", a name, optionally ":" and a format spec, and "}";
    the spec runs to the first "}". A name is one or more letters, digits,
    underscores or dots. Outside placeholders, "{{" and "}}" are escaped
    literal braces (the text is scanned from left to right and a pair counts
    as an escape wherever it starts outside a placeholder). Return each name
    once, in order of first appearance. Raise ValueError for a "{" without a
    closing "}", a "}" on its own, or an empty or invalid name.

    >>> extract_template_fields("Dear {user.name}, you owe {amount:.2f} ({amount}) {{EUR}}")
    ['user.name', 'amount']
    """
''',
        "body": r'''    import re
    names = []
    i = 0
    while i < len(template):
        if template.startswith("{{", i) or template.startswith("}}", i):
            i += 2
        elif template[i] == "{":
            end = template.find("}", i)
            if end == -1:
                raise ValueError("'{' without a closing '}'")
            name = template[i + 1:end].partition(":")[0]
            if re.fullmatch(r"[\w.]+", name) is None:
                raise ValueError(f"bad placeholder name: {name!r}")
            if name not in names:
                names.append(name)
            i = end + 1
        elif template[i] == "}":
            raise ValueError("single '}'")
        else:
            i += 1
    return names
''',
        "hidden_tests": [
            'assert extract_template_fields("") == []',
            'assert extract_template_fields("no fields here") == []',
            'assert extract_template_fields("{b}{a}{b}") == ["b", "a"]',
            'assert extract_template_fields("{{{x}}}") == ["x"]',
            'assert extract_template_fields("{{not_a_field}} a}}b") == []',
            'assert extract_template_fields("{0} and {1}") == ["0", "1"]',
            'assert extract_template_fields("{x:{y}") == ["x"]',
            'assert extract_template_fields("{\\u00fcber}{a_b.c:>10}") == ["\\u00fcber", "a_b.c"]',
            'assert extract_template_fields("{z}{{") == ["z"]',
            'try:\n    extract_template_fields("open {brace")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    extract_template_fields("abc}")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["{}", "{a b}", "{a-b}", "{:>3}", "}{", "{a}}", "{"]:\n    try:\n        extract_template_fields(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_cron_field",
        "category": "parsing",
        "prompt": '''def parse_cron_field(field: str, low: int, high: int) -> list[int]:
    """Expand one field of a cron schedule into the values it matches.

    `low` and `high` are the allowed values of the field, inclusive (0 and 59
    for minutes, for instance). The field is a comma-separated list of items.
    An item is "*" (every allowed value), a number N, or a range "A-B" with
    A <= B; any of these may be followed by "/S" with a step S >= 1, which
    keeps every S-th value counting from the item's first value. "N/S" means
    the range from N to `high` with that step. Numbers are ASCII digits.
    Return the sorted list of distinct values. Raise ValueError for an empty
    item, a number outside low..high, a range with A > B, a step of 0, or any
    other text (no spaces are allowed).

    >>> parse_cron_field("*/15", 0, 59)
    [0, 15, 30, 45]
    >>> parse_cron_field("1-5,3,20-30/5", 0, 59)
    [1, 2, 3, 4, 5, 20, 25, 30]
    """
''',
        "body": r'''    import re
    values = set()
    for item in field.split(","):
        match = re.fullmatch(r"(?:(\*)|([0-9]+)(?:-([0-9]+))?)(?:/([0-9]+))?", item)
        if match is None:
            raise ValueError(f"bad cron item: {item!r}")
        star, start, end, step = match.groups()
        if star:
            first, last = low, high
        else:
            first = int(start)
            if end is not None:
                last = int(end)
            elif step is not None:
                last = high
            else:
                last = first
        size = int(step) if step is not None else 1
        if first < low or last > high or first > last or size < 1:
            raise ValueError(f"bad cron item: {item!r}")
        values.update(value for value in range(first, last + 1) if (value - first) % size == 0)
    return sorted(values)
''',
        "hidden_tests": [
            'assert parse_cron_field("*", 1, 5) == [1, 2, 3, 4, 5]',
            'assert parse_cron_field("5", 0, 59) == [5]',
            'assert parse_cron_field("0", 0, 59) == [0] and parse_cron_field("59", 0, 59) == [59]',
            'assert parse_cron_field("1", 1, 12) == [1] and parse_cron_field("12", 1, 12) == [12]',
            'assert parse_cron_field("5/20", 0, 59) == [5, 25, 45]',
            'assert parse_cron_field("1-10/3", 0, 59) == [1, 4, 7, 10]',
            'assert parse_cron_field("3-3", 0, 59) == [3]',
            'assert parse_cron_field("*/1", 1, 3) == [1, 2, 3]',
            'assert parse_cron_field("*/5", 1, 12) == [1, 6, 11]',
            'assert parse_cron_field("1-3,2-4", 0, 9) == [1, 2, 3, 4]',
            'assert parse_cron_field("7/1,0", 0, 9) == [0, 7, 8, 9]',
            'try:\n    parse_cron_field("60", 0, 59)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_cron_field("*/0", 0, 59)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_cron_field("5-3", 0, 59)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad, low, high in [("", 0, 59), ("0", 1, 12), ("13", 1, 12), ("1-70", 0, 59), ("0-5", 1, 12), ("a", 0, 59), ("1,", 0, 59), (" 1", 0, 59), ("*-5", 0, 59), ("1-5/", 0, 59), ("**", 0, 59), ("-1", 0, 59), ("70/5", 0, 59)]:\n    try:\n        parse_cron_field(bad, low, high)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_key_path",
        "category": "parsing",
        "prompt": '''def parse_key_path(path: str) -> list[str | int]:
    """Split a key path such as "servers[0].host" into its parts.

    A path is a name followed by any number of ".name" or "[index]" parts. A
    name is one or more letters, digits, underscores or hyphens; an index is
    one or more ASCII digits. Names become strings (even when they are made of
    digits) and indexes become ints. Raise ValueError for anything else: an
    empty path or name, a leading, trailing or doubled dot, an unclosed or
    empty bracket, an index that is not digits, or a path that starts with an
    index.

    >>> parse_key_path("servers[0].host")
    ['servers', 0, 'host']
    """
''',
        "body": r'''    import re
    name = r"[\w-]+"
    if re.fullmatch(rf"{name}(?:\.{name}|\[[0-9]+\])*", path) is None:
        raise ValueError(f"bad key path: {path!r}")
    return [int(index) if index else key for key, index in re.findall(rf"({name})|\[([0-9]+)\]", path)]
''',
        "hidden_tests": [
            'assert parse_key_path("a") == ["a"]',
            'assert parse_key_path("a.b.c") == ["a", "b", "c"]',
            'assert parse_key_path("a[1][22]") == ["a", 1, 22]',
            'assert parse_key_path("x.0") == ["x", "0"]',
            'assert parse_key_path("my-key_2[3].sub-key") == ["my-key_2", 3, "sub-key"]',
            'assert parse_key_path("a[007]") == ["a", 7]',
            'assert parse_key_path("\\u043a\\u043b\\u044e\\u0447.x") == ["\\u043a\\u043b\\u044e\\u0447", "x"]',
            'try:\n    parse_key_path("")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [".a", "a.", "a..b", "a[", "a[]", "a[x]", "[0]", "a[-1]", "a[0]b", "a b", "a.[0]", "a[1.5]", "a]"]:\n    try:\n        parse_key_path(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_content_type",
        "category": "parsing",
        "prompt": '''def parse_content_type(header: str) -> tuple[str, dict[str, str]]:
    """Parse a Content-Type header value like 'text/html; charset="UTF-8"'.

    The value is a media type "type/subtype", then any number of parameters,
    each introduced by ";" and written "name=value", split at the first "="
    (quoted values never contain ";"). Whitespace around the media type and
    around each parameter name and value is ignored. The media type and the
    parameter names are returned in lower case; values keep their case, and a
    value of at least two characters that starts and ends with a double quote
    loses those two quotes. Segments that are empty or only whitespace (as
    after a trailing ";") are skipped; a repeated parameter keeps its last
    value. Return (media_type, params). Raise ValueError if the media type
    does not have exactly one "/" with a non-empty type and subtype and no
    whitespace inside, or if a parameter has no "=" or an empty name.

    >>> parse_content_type('text/HTML; Charset="UTF-8"')
    ('text/html', {'charset': 'UTF-8'})
    """
''',
        "body": '''    media, *params = header.split(";")
    media = media.strip().lower()
    kind, _, sub = media.partition("/")
    if not kind or not sub or "/" in sub or any(ch.isspace() for ch in media):
        raise ValueError(f"bad media type: {media!r}")
    result = {}
    for param in params:
        if not param.strip():
            continue
        name, eq, value = param.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not eq or not name:
            raise ValueError(f"bad parameter: {param!r}")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        result[name] = value
    return media, result
''',
        "hidden_tests": [
            'assert parse_content_type("application/json") == ("application/json", {})',
            'assert parse_content_type("  Multipart/Form-Data ; Boundary=AbC ; ") == ("multipart/form-data", {"boundary": "AbC"})',
            'assert parse_content_type(\'text/plain; a=""; b="\') == ("text/plain", {"a": "", "b": \'"\'})',
            'assert parse_content_type("text/plain; a=1; A=2") == ("text/plain", {"a": "2"})',
            'assert parse_content_type("text/plain;;x=y") == ("text/plain", {"x": "y"})',
            'assert parse_content_type("text/plain; key=a=b") == ("text/plain", {"key": "a=b"})',
            'assert parse_content_type(\'text/plain; q = "a b" ; r="x; s=y"\') == ("text/plain", {"q": "a b", "r": \'"x\', "s": \'y"\'})',
            'try:\n    parse_content_type("text")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_content_type("text/html; charset")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["", "/html", "text/", "text/html/x", "text /html", "te\\txt/html", "text/html; =x", "text/html;  = x"]:\n    try:\n        parse_content_type(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_time_of_day",
        "category": "parsing",
        "prompt": '''def parse_time_of_day(text: str) -> int:
    """Return the number of minutes after midnight for a clock time.

    Two forms are accepted, with surrounding whitespace ignored. The 24-hour
    form is "H:MM" or "HH:MM" with an hour from 0 to 23 and minutes from 00 to
    59 (always two digits). The 12-hour form is an hour from 1 to 12 (one or
    two digits), optionally ":MM", then optional spaces and "am" or "pm" in
    any case; 12 am is midnight and 12 pm is noon. Digits are ASCII. Raise
    ValueError for anything else.

    >>> parse_time_of_day("09:05")
    545
    >>> parse_time_of_day("12:30 PM")
    750
    """
''',
        "body": r'''    import re
    match = re.fullmatch(r"([0-9]{1,2})(?::([0-9]{2}))? *([aApP][mM])?", text.strip())
    if match is None:
        raise ValueError(f"not a time: {text!r}")
    hour_text, minute_text, suffix = match.groups()
    hour = int(hour_text)
    minute = int(minute_text) if minute_text else 0
    if minute > 59:
        raise ValueError(f"not a time: {text!r}")
    if suffix is None:
        if minute_text is None or hour > 23:
            raise ValueError(f"not a time: {text!r}")
        return hour * 60 + minute
    if not 1 <= hour <= 12:
        raise ValueError(f"not a time: {text!r}")
    hour = hour % 12 + (12 if suffix.lower() == "pm" else 0)
    return hour * 60 + minute
''',
        "hidden_tests": [
            'assert parse_time_of_day("0:00") == 0',
            'assert parse_time_of_day("23:59") == 1439',
            'assert parse_time_of_day(" 7:30 ") == 450',
            'assert parse_time_of_day("12am") == 0',
            'assert parse_time_of_day("12:01 AM") == 1',
            'assert parse_time_of_day("1am") == 60',
            'assert parse_time_of_day("9pm") == 1260',
            'assert parse_time_of_day("11:59pm") == 1439',
            'assert parse_time_of_day("12 pm") == 720',
            'assert parse_time_of_day("01:15  Pm") == 795',
            'try:\n    parse_time_of_day("24:00")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_time_of_day("7")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["10:60", "12:5", "0am", "13pm", "", "7:30 xm", "7:30pm extra", "123:00", "-1:00", "7.30", "10:61pm", "0:60"]:\n    try:\n        parse_time_of_day(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "version_satisfies",
        "category": "parsing",
        "prompt": '''def version_satisfies(version: str, spec: str) -> bool:
    """Tell whether a version such as "1.4.2" meets a constraint such as ">=1.2, <2.0".

    Versions are one or more non-negative integers (ASCII digits) separated by
    dots, compared numerically part by part, where missing trailing parts
    count as 0 ("1.2" equals "1.2.0"). The spec is a comma-separated list of
    clauses, each an operator (==, !=, >=, <=, > or <) followed by a version,
    with whitespace allowed around the operator and the version; the version
    must satisfy every clause. A spec that is empty or only whitespace is
    satisfied by every version. Surrounding whitespace of `version` is
    ignored. Raise ValueError for a malformed version (in `version` or in any
    clause, even one after a clause that fails), an unknown or missing
    operator, or an empty clause.

    >>> version_satisfies("1.4.2", ">=1.2, <2.0")
    True
    >>> version_satisfies("2.0", ">=1.2, <2")
    False
    """
''',
        "body": r'''    import re

    def key(text):
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)*", text) is None:
            raise ValueError(f"bad version: {text!r}")
        parts = [int(part) for part in text.split(".")]
        while parts and parts[-1] == 0:
            parts.pop()
        return tuple(parts)

    current = key(version.strip())
    if not spec.strip():
        return True
    verdicts = []
    for clause in spec.split(","):
        match = re.fullmatch(r"\s*(==|!=|>=|<=|>|<)\s*(\S*)\s*", clause)
        if match is None:
            raise ValueError(f"bad clause: {clause!r}")
        op, other = match.group(1), key(match.group(2))
        verdicts.append({"==": current == other, "!=": current != other, ">=": current >= other,
                         "<=": current <= other, ">": current > other, "<": current < other}[op])
    return all(verdicts)
''',
        "hidden_tests": [
            'assert version_satisfies("1.2", "==1.2.0") is True and version_satisfies("1.2.1", "== 1.2") is False',
            'assert version_satisfies("1.0", "!=1") is False and version_satisfies("1.0.1", "!=1") is True',
            'assert version_satisfies("1.2", ">=1.2") is True and version_satisfies("1.1.9", ">=1.2") is False',
            'assert version_satisfies("1.2", "<=1.2.0") is True and version_satisfies("1.2.0.1", "<=1.2") is False',
            'assert version_satisfies("1.2", ">1.2") is False and version_satisfies("1.10", "> 1.9") is True',
            'assert version_satisfies("1.2", "<1.2") is False and version_satisfies("0.9", "<1") is True',
            'assert version_satisfies("0.9", "<0.10") is True',
            'assert version_satisfies("0", "==0.0.0") is True',
            'assert version_satisfies(" 3.0 ", "") is True and version_satisfies("3.0", "   ") is True',
            'assert version_satisfies("1.5", " >= 1.0 ,!=1.5.1,< 2") is True',
            'try:\n    version_satisfies("1.0", "<0, >=1.x")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    version_satisfies("1.x", ">=1")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for version, spec in [("1.0", "~=1.0"), ("1.0", ">=1.0,"), ("1.0", ">="), ("1..0", "==1"), ("", "==1"), ("1.0", "1.0"), ("1.0", "= 1.0"), ("1.0", "=>1.0"), ("1.0", ">=1.0,,<2"), ("1.0", "> =1"), ("1.0", ">=+1"), ("1.0", "==1_0"), ("\\u0663", "==3")]:\n    try:\n        version_satisfies(version, spec)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(spec)',
        ],
    },
    {
        "name": "parse_hemisphere_coordinates",
        "category": "parsing",
        "prompt": '''def parse_hemisphere_coordinates(text: str) -> tuple[float, float]:
    """Parse a position written like "40.7128 N, 74.0060 W" into signed degrees.

    The text is a latitude and a longitude separated by a comma, with optional
    whitespace around the comma and around the whole text. Each is a
    non-negative decimal number (ASCII digits, optionally followed by "." and
    more digits), then at most one space, then a hemisphere letter in either
    case: N or S for the latitude, E or W for the longitude. S and W make the
    value negative. The latitude must be at most 90 and the longitude at most
    180. Return (latitude, longitude) as floats. Raise ValueError for anything
    else.

    >>> parse_hemisphere_coordinates("40.7128 N, 74.0060 W")
    (40.7128, -74.006)
    """
''',
        "body": r'''    import re
    number = r"([0-9]+(?:\.[0-9]+)?)"
    match = re.fullmatch(rf"\s*{number} ?([NSns])\s*,\s*{number} ?([EWew])\s*", text)
    if match is None:
        raise ValueError(f"not a position: {text!r}")
    lat, lon = float(match.group(1)), float(match.group(3))
    if lat > 90 or lon > 180:
        raise ValueError(f"out of range: {text!r}")
    if match.group(2) in "Ss":
        lat = -lat
    if match.group(4) in "Ww":
        lon = -lon
    return lat, lon
''',
        "hidden_tests": [
            'assert parse_hemisphere_coordinates("0N,0E") == (0.0, 0.0)',
            'assert parse_hemisphere_coordinates("90 S, 180 E") == (-90.0, 180.0)',
            'assert parse_hemisphere_coordinates("  33.8688s ,151.2093e  ") == (-33.8688, 151.2093)',
            'assert parse_hemisphere_coordinates("51.5 n,\\t0.1275 w") == (51.5, -0.1275)',
            'assert parse_hemisphere_coordinates("90 N, 180 W") == (90.0, -180.0)',
            'try:\n    parse_hemisphere_coordinates("90.0001 N, 0 E")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_hemisphere_coordinates("0 N, 180.5 E")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["91 N, 0 E", "0 N, 181 W", "40 E, 74 N", "40 N 74 W", "-40 N, 74 W", "40N", "40  N, 74 W", "", "40.N, 74 W", "40 N, 74 W, 5", "40 X, 74 W"]:\n    try:\n        parse_hemisphere_coordinates(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_tag_list",
        "category": "parsing",
        "prompt": '''def parse_tag_list(text: str) -> list[str]:
    """Normalise a comma-separated list of tags typed by a user.

    Each tag is lower-cased and stripped, and every inner run of whitespace
    becomes one hyphen ("Web  Dev" becomes "web-dev"). Empty tags are dropped,
    and so is a tag that repeats an earlier one (after normalising). Return
    the tags in the order of their first appearance.

    >>> parse_tag_list("Python, web  dev,,python , Web Dev")
    ['python', 'web-dev']
    """
''',
        "body": '''    tags = []
    for raw in text.split(","):
        tag = "-".join(raw.lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags
''',
        "hidden_tests": [
            'assert parse_tag_list("") == []',
            'assert parse_tag_list(" , ,, ") == []',
            'assert parse_tag_list("a") == ["a"]',
            'assert parse_tag_list("B,a,b,A") == ["b", "a"]',
            'assert parse_tag_list("\\tMachine\\nLearning ,x") == ["machine-learning", "x"]',
            'assert parse_tag_list("c++, C#") == ["c++", "c#"]',
            'assert parse_tag_list("\\u00c4rger,\\u00e4rger") == ["\\u00e4rger"]',
            'assert parse_tag_list("a-b, a b,a  -b") == ["a-b", "a--b"]',
        ],
    },
    {
        "name": "parse_ini_sections",
        "category": "parsing",
        "prompt": '''def parse_ini_sections(lines: list[str]) -> dict[str, dict[str, str]]:
    """Parse the lines of a simple INI file into {section: {key: value}}.

    Each line is stripped of surrounding whitespace first. Empty lines and
    lines starting with "#" or ";" are skipped. A line that starts with "["
    and ends with "]" opens the section named by the text between them,
    stripped, which must not be empty; opening a section again continues it.
    Any other line is "key = value", split at the first "="; the key is
    stripped and lower-cased and must not be empty, and the value is
    stripped. A later key overrides an earlier one in the same section. Raise
    ValueError for an empty section name, a line with no "=", an empty key, or
    a key line before the first section.

    >>> parse_ini_sections(["[server]", "Host = example.org", "; note", "port=8080"])
    {'server': {'host': 'example.org', 'port': '8080'}}
    """
''',
        "body": '''    sections: dict[str, dict[str, str]] = {}
    current = None
    for line in lines:
        text = line.strip()
        if not text or text.startswith(("#", ";")):
            continue
        if text.startswith("[") and text.endswith("]"):
            name = text[1:-1].strip()
            if not name:
                raise ValueError(f"empty section name: {line!r}")
            current = sections.setdefault(name, {})
            continue
        key, eq, value = text.partition("=")
        key = key.strip().lower()
        if not eq or not key or current is None:
            raise ValueError(f"bad line: {line!r}")
        current[key] = value.strip()
    return sections
''',
        "hidden_tests": [
            'assert parse_ini_sections([]) == {}',
            'assert parse_ini_sections(["[a]"]) == {"a": {}}',
            'assert parse_ini_sections(["[a]", "x=1", "[b]", "x=2", "[a]", "y=3", "X = 4"]) == {"a": {"x": "4", "y": "3"}, "b": {"x": "2"}}',
            'assert parse_ini_sections(["  [ My Section ]  ", "  Key  =  a = b  "]) == {"My Section": {"key": "a = b"}}',
            'assert parse_ini_sections(["[s]", "#x=1", "  ;y=2", "   ", "k="]) == {"s": {"k": ""}}',
            'assert parse_ini_sections(["[s]", "[t]x=1"]) == {"s": {"[t]x": "1"}}',
            'try:\n    parse_ini_sections(["x=1", "[a]"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_ini_sections(["[]"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [["[  ]"], ["[s]", "novalue"], ["[s]", "=v"], ["[s]", " = v"], ["[s]", "[abc"]]:\n    try:\n        parse_ini_sections(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_money_to_cents",
        "category": "parsing",
        "prompt": '''def parse_money_to_cents(text: str) -> int:
    """Parse an amount of money such as "$1,234.56" into a whole number of cents.

    After stripping surrounding whitespace the amount is: an optional "-",
    an optional "$", then ASCII digits, then optionally "." and one or two
    digits. The digits before the point are either plain ("1234") or grouped
    with commas: one to three digits, then groups of exactly three digits,
    each after a comma ("1,234,567"). "12.5" means 12 dollars and 50 cents.
    Raise ValueError for anything else (for example "1,23", "1.234", "$" or
    "").

    >>> parse_money_to_cents("$1,234.56")
    123456
    >>> parse_money_to_cents("-$0.5")
    -50
    """
''',
        "body": r'''    import re
    match = re.fullmatch(r"(-?)\$?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?", text.strip())
    if match is None:
        raise ValueError(f"not an amount: {text!r}")
    sign, whole, fraction = match.groups()
    cents = int(whole.replace(",", "")) * 100 + int((fraction or "").ljust(2, "0"))
    return -cents if sign else cents
''',
        "hidden_tests": [
            'assert parse_money_to_cents("0") == 0',
            'assert parse_money_to_cents("12") == 1200',
            'assert parse_money_to_cents("1234.5") == 123450',
            'assert parse_money_to_cents("  $7.05 ") == 705',
            'assert parse_money_to_cents("-12,345,678.90") == -1234567890',
            'assert parse_money_to_cents("$0.01") == 1',
            'assert parse_money_to_cents("-0") == 0',
            'assert parse_money_to_cents("999,999") == 99999900',
            'try:\n    parse_money_to_cents("1,23")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["1.234", "$", "", "-", "1,2345", ",123", "12,345,67", "$-5", "1.", ".5", "1 000", "--1", "+1", "\\u0661\\u0662", "1,000.5.0"]:\n    try:\n        parse_money_to_cents(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_slice_notation",
        "category": "parsing",
        "prompt": '''def parse_slice_notation(text: str) -> tuple[int | None, int | None, int | None]:
    """Parse slice text such as "1:10:2", "::-1", ":5" or "3:" into (start, stop, step).

    The text has one or two colons, giving two or three parts; a missing
    third part is None. Each part, stripped of whitespace, is either empty
    (None) or an integer as accepted by int(). Raise ValueError if there is no
    colon or more than two, if a part is not an integer, or if the step is 0.

    >>> parse_slice_notation("1:10:2")
    (1, 10, 2)
    >>> parse_slice_notation("::-1")
    (None, None, -1)
    """
''',
        "body": '''    parts = text.split(":")
    if not 2 <= len(parts) <= 3:
        raise ValueError(f"not a slice: {text!r}")
    values = []
    for part in parts:
        part = part.strip()
        values.append(int(part) if part else None)
    while len(values) < 3:
        values.append(None)
    if values[2] == 0:
        raise ValueError("slice step cannot be zero")
    return tuple(values)
''',
        "hidden_tests": [
            'assert parse_slice_notation(":") == (None, None, None)',
            'assert parse_slice_notation("3:") == (3, None, None)',
            'assert parse_slice_notation(":5") == (None, 5, None)',
            'assert parse_slice_notation(" -2 : ") == (-2, None, None)',
            'assert parse_slice_notation("::") == (None, None, None)',
            'assert parse_slice_notation("0:0:1") == (0, 0, 1)',
            'assert parse_slice_notation("1:2:") == (1, 2, None)',
            'assert parse_slice_notation("::+3") == (None, None, 3)',
            'try:\n    parse_slice_notation("5")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_slice_notation("1:2:0")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["", "1:2:3:4", "a:b", "::0", "1.5:2", ":: -0", ":::"]:\n    try:\n        parse_slice_notation(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_db_url",
        "category": "parsing",
        "prompt": '''def parse_db_url(url: str) -> dict[str, str | int | None]:
    """Split a database URL like "postgres://user:secret@db.local:5432/app".

    The URL is SCHEME, "://", then the rest. The scheme must be non-empty and
    is returned in lower case. The rest is split at its first "/": after it
    comes the database name (None when empty or missing), before it the
    authority. If the authority contains "@", the user information is the
    text before its last "@"; it is split at its first ":" into the user and
    the password (None when there is no ":"), and both are percent-decoded
    (%XX escapes as UTF-8; "+" stays "+"). The remaining text is HOST or
    HOST:PORT, split at the first ":"; the host must be non-empty, and the
    port must be ASCII digits with a value from 1 to 65535. Return a dict with
    the keys "scheme", "user", "password", "host", "port" (an int) and
    "database", using None for missing parts. Raise ValueError for a missing
    "://", an empty scheme or host, or a bad port.

    >>> parse_db_url("postgres://app:s%40fe@db.local:5432/orders")
    {'scheme': 'postgres', 'user': 'app', 'password': 's@fe', 'host': 'db.local', 'port': 5432, 'database': 'orders'}
    """
''',
        "body": '''    import re
    from urllib.parse import unquote
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        raise ValueError(f"not a URL: {url!r}")
    authority, _, database = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    user = password = None
    if at:
        user, colon, secret = userinfo.partition(":")
        user = unquote(user)
        if colon:
            password = unquote(secret)
    host, colon, port_text = hostport.partition(":")
    port = None
    if colon:
        if re.fullmatch("[0-9]+", port_text) is None or not 1 <= int(port_text) <= 65535:
            raise ValueError(f"bad port: {port_text!r}")
        port = int(port_text)
    if not host:
        raise ValueError(f"no host in {url!r}")
    return {"scheme": scheme.lower(), "user": user, "password": password, "host": host, "port": port,
            "database": database or None}
''',
        "hidden_tests": [
            'assert parse_db_url("sqlite://localhost") == {"scheme": "sqlite", "user": None, "password": None, "host": "localhost", "port": None, "database": None}',
            'assert parse_db_url("MySQL://root@db:3306/") == {"scheme": "mysql", "user": "root", "password": None, "host": "db", "port": 3306, "database": None}',
            'assert parse_db_url("redis://:pw@cache:1/0") == {"scheme": "redis", "user": "", "password": "pw", "host": "cache", "port": 1, "database": "0"}',
            'assert parse_db_url("pg://u:p:q@h:65535/d/e?x=1") == {"scheme": "pg", "user": "u", "password": "p:q", "host": "h", "port": 65535, "database": "d/e?x=1"}',
            'assert parse_db_url("pg://a@b@h/x")["user"] == "a@b"',
            'assert parse_db_url("pg://us%20er+x:@h")[\"user\"] == "us er+x" and parse_db_url("pg://us%20er+x:@h")["password"] == ""',
            'assert parse_db_url("pg://h/db@x") == {"scheme": "pg", "user": None, "password": None, "host": "h", "port": None, "database": "db@x"}',
            'try:\n    parse_db_url("localhost:5432/db")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_db_url("pg://h:0")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["://h", "pg://", "pg://:5432/db", "pg://h:65536", "pg://h:", "pg://h:54a", "pg://u@/db", "pg://h:-1", "pg://h:\\u0665", "pg:/h"]:\n    try:\n        parse_db_url(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_accept_language",
        "category": "parsing",
        "prompt": '''def parse_accept_language(header: str) -> list[str]:
    """Return the language tags of an Accept-Language header, most preferred first.

    The header is a comma-separated list of items; items that are empty or
    only whitespace are skipped. An item is a tag, optionally followed by
    ";q=" and a quality; whitespace is allowed around the tag, the ";", the
    "q", the "=" and the quality, and "q" may be upper case. The quality is
    "0" or "1", optionally followed by "." and at most three digits, which
    must all be 0 after "1" (so "0.5", "1.", "1.000" and "0.001" are fine,
    "1.5", ".5" and "0.0001" are not). A missing quality means 1. Tags are
    returned in lower case, ordered by quality from highest to lowest; items
    with equal quality keep their order, and items with quality 0 are left
    out. Raise ValueError for an empty tag or an invalid quality.

    >>> parse_accept_language("fr-CH, fr;q=0.9, EN;q=0.8, de;q=0, *;q=0.5")
    ['fr-ch', 'fr', 'en', '*']
    """
''',
        "body": r'''    import re
    weighted = []
    for item in header.split(","):
        if not item.strip():
            continue
        tag, semi, param = item.partition(";")
        tag = tag.strip().lower()
        if not tag:
            raise ValueError(f"empty language tag in {header!r}")
        weight = 1000
        if semi:
            match = re.fullmatch(r"\s*[qQ]\s*=\s*(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)\s*", param)
            if match is None:
                raise ValueError(f"bad quality in {item!r}")
            weight = round(float(match.group(1)) * 1000)
        if weight > 0:
            weighted.append((weight, tag))
    weighted.sort(key=lambda pair: pair[0], reverse=True)
    return [tag for _, tag in weighted]
''',
        "hidden_tests": [
            'assert parse_accept_language("") == [] and parse_accept_language(" , ") == []',
            'assert parse_accept_language("en") == ["en"]',
            'assert parse_accept_language("en;q=1, fr") == ["en", "fr"]',
            'assert parse_accept_language("fr, en;q=1.000") == ["fr", "en"]',
            'assert parse_accept_language("a;q=0.001, b;q=0") == ["a"]',
            'assert parse_accept_language("x;q=0.5, y;q=0.75, Z") == ["z", "y", "x"]',
            'assert parse_accept_language("de ; Q = 0.3 , it;q=0.30,") == ["de", "it"]',
            'assert parse_accept_language("x;q=0., y;q=1.") == ["y"]',
            'try:\n    parse_accept_language("en;q=1.5")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_accept_language("en, ;q=0.5")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["en;q=0.0001", "en;q=", "en;q=abc", "en;x=1", "en;q=-0.1", "en;q=2", "en;q=.5", "en;q=0.5;level=1"]:\n    try:\n        parse_accept_language(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_diff_hunk_header",
        "category": "parsing",
        "prompt": '''def parse_diff_hunk_header(line: str) -> tuple[int, int, int, int]:
    """Read the line ranges of a unified-diff hunk header such as "@@ -12,5 +12,7 @@".

    The header is "@@ -A,B +C,D @@", optionally followed by a space and any
    text (such as a function name). A and C are start lines and B and D line
    counts; ",B" and ",D" may each be left out, and a missing count is 1. The
    numbers are ASCII digits. Return (A, B, C, D). Raise ValueError for
    anything else, including any change to the spacing shown.

    >>> parse_diff_hunk_header("@@ -12,5 +12,7 @@ def main():")
    (12, 5, 12, 7)
    >>> parse_diff_hunk_header("@@ -3 +3,0 @@")
    (3, 1, 3, 0)
    """
''',
        "body": r'''    import re
    match = re.fullmatch(r"@@ -([0-9]+)(?:,([0-9]+))? \+([0-9]+)(?:,([0-9]+))? @@(?: .*)?", line)
    if match is None:
        raise ValueError(f"not a hunk header: {line!r}")
    old_start, old_count, new_start, new_count = match.groups()
    return int(old_start), int(old_count or 1), int(new_start), int(new_count or 1)
''',
        "hidden_tests": [
            'assert parse_diff_hunk_header("@@ -0,0 +1 @@") == (0, 0, 1, 1)',
            'assert parse_diff_hunk_header("@@ -1 +1 @@") == (1, 1, 1, 1)',
            'assert parse_diff_hunk_header("@@ -10,2 +11 @@  x") == (10, 2, 11, 1)',
            'assert parse_diff_hunk_header("@@ -1,3 +1,3 @@ class A: @@") == (1, 3, 1, 3)',
            'assert parse_diff_hunk_header("@@ -120,17 +130,0 @@ ") == (120, 17, 130, 0)',
            'try:\n    parse_diff_hunk_header("@@ -1 +1")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["", "@@ 1 +1 @@", "@@ -1 -1 @@", "@@ -1, +1 @@", "@@ -a +1 @@", " @@ -1 +1 @@", "@@ -1 +1 @@x", "@@  -1 +1 @@", "@@ -1 +1 @@@", "@@ -1,2,3 +1 @@", "@@ -\\u0661 +1 @@"]:\n    try:\n        parse_diff_hunk_header(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_srt_timing",
        "category": "parsing",
        "prompt": '''def parse_srt_timing(line: str) -> tuple[int, int]:
    """Read the start and end of a subtitle cue from an SRT timing line, in milliseconds.

    The line is "HH:MM:SS,mmm --> HH:MM:SS,mmm": hours of two or more digits,
    minutes and seconds of two digits each from 00 to 59, and milliseconds of
    three digits; "." is accepted instead of ",". There are one or more
    spaces on each side of "-->", and surrounding whitespace is ignored.
    Digits are ASCII. The end may equal the start but must not be before it.
    Return (start, end). Raise ValueError otherwise.

    >>> parse_srt_timing("00:01:02,345 --> 00:01:05,000")
    (62345, 65000)
    """
''',
        "body": r'''    import re
    stamp = r"([0-9]{2,}):([0-5][0-9]):([0-5][0-9])[,.]([0-9]{3})"
    match = re.fullmatch(rf"{stamp} +--> +{stamp}", line.strip())
    if match is None:
        raise ValueError(f"not an SRT timing line: {line!r}")

    def millis(hours, minutes, seconds, ms):
        return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(ms)

    groups = match.groups()
    start, end = millis(*groups[:4]), millis(*groups[4:])
    if end < start:
        raise ValueError("the cue ends before it starts")
    return start, end
''',
        "hidden_tests": [
            'assert parse_srt_timing("00:00:00,000 --> 00:00:00,000") == (0, 0)',
            'assert parse_srt_timing("01:00:00.001 --> 10:59:59,999") == (3600001, 39599999)',
            'assert parse_srt_timing("  00:00:01,500  -->  00:00:02,000 \\n") == (1500, 2000)',
            'assert parse_srt_timing("100:00:00,000 --> 100:00:00,001") == (360000000, 360000001)',
            'assert parse_srt_timing("00:00:59,000 --> 00:01:00,000") == (59000, 60000)',
            'try:\n    parse_srt_timing("00:00:02,000 --> 00:00:01,999")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["", "0:00:01,000 --> 00:00:02,000", "00:60:00,000 --> 01:00:00,000", "00:00:60,000 --> 00:01:00,000", "00:00:01,00 --> 00:00:02,000", "00:00:01,000 -> 00:00:02,000", "00:00:01,000-->00:00:02,000", "00:00:01:000 --> 00:00:02,000", "00:00:01,000 --> ", "00:00:01,0000 --> 00:00:02,000"]:\n    try:\n        parse_srt_timing(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_cli_flags",
        "category": "parsing",
        "prompt": '''def parse_cli_flags(args: list[str]) -> tuple[dict[str, str | bool], list[str]]:
    """Split command-line arguments into options and positional arguments.

    The arguments are read from left to right:
    "--" ends the options, and every later argument is positional;
    "--name=value" sets the option name to the string value (split at the
    first "=", so the value may be empty or contain "=");
    "--name" sets name to True;
    "-abc" (a "-" followed by one or more characters) sets each of the
    options a, b and c to True;
    any other argument, "-" alone included, is positional.
    Setting an option again replaces its value but keeps its place in the
    dict. A long option's name must be non-empty and must not start with
    "-", and a short-option group must not contain "="; raise ValueError
    otherwise (as for "--=x", "---x" or "-a=1"). Return (options,
    positionals).

    >>> parse_cli_flags(["-vx", "--out=a.txt", "in.csv", "--", "--raw"])
    ({'v': True, 'x': True, 'out': 'a.txt'}, ['in.csv', '--raw'])
    """
''',
        "body": '''    options: dict[str, str | bool] = {}
    positionals = []
    only_positionals = False
    for arg in args:
        if only_positionals:
            positionals.append(arg)
        elif arg == "--":
            only_positionals = True
        elif arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if not name or name.startswith("-"):
                raise ValueError(f"bad option: {arg!r}")
            options[name] = value if eq else True
        elif arg.startswith("-") and len(arg) > 1:
            if "=" in arg:
                raise ValueError(f"bad option group: {arg!r}")
            for letter in arg[1:]:
                options[letter] = True
        else:
            positionals.append(arg)
    return options, positionals
''',
        "hidden_tests": [
            'assert parse_cli_flags([]) == ({}, [])',
            'assert parse_cli_flags(["-"]) == ({}, ["-"])',
            'assert parse_cli_flags(["a", "-v", "b"]) == ({"v": True}, ["a", "b"])',
            'assert parse_cli_flags(["--name=", "--k=a=b", "--flag"]) == ({"name": "", "k": "a=b", "flag": True}, [])',
            'opts, _ = parse_cli_flags(["--x=1", "--y", "--x=2"])\nassert opts == {"x": "2", "y": True} and list(opts) == ["x", "y"]',
            'assert parse_cli_flags(["-ab", "-b", "-vv"]) == ({"a": True, "b": True, "v": True}, [])',
            'assert parse_cli_flags(["--", "--", "-v"]) == ({}, ["--", "-v"])',
            'assert parse_cli_flags(["--verbose", "--verbose=no"]) == ({"verbose": "no"}, [])',
            'assert parse_cli_flags(["--a", "--", "--=", "-b=1"]) == ({"a": True}, ["--=", "-b=1"])',
            'try:\n    parse_cli_flags(["--=x"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_cli_flags(["-a=1"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [["---x"], ["ok", "--=", "x"], ["--=1"], ["--x", "-="]]:\n    try:\n        parse_cli_flags(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_byte_ranges",
        "category": "parsing",
        "prompt": '''def parse_byte_ranges(header: str, size: int) -> list[tuple[int, int]]:
    """Resolve an HTTP Range header such as "bytes=0-499,-100" for a resource of `size` bytes.

    The header is exactly "bytes=" followed by comma-separated ranges, with
    whitespace allowed around each range. A range "A-B" means bytes A to B
    inclusive (A <= B), with B lowered to size - 1 when it is larger; "A-"
    means from byte A to the end; "-N" means the last N bytes (N >= 1; all of
    them when N >= size). Numbers are ASCII digits. Return the resolved
    (first, last) pairs in the order of the header, without merging. Raise
    ValueError for a malformed header, a range with A > B, "-0", or a range
    whose first byte would be at or after `size` (so every range fails when
    size is 0).

    >>> parse_byte_ranges("bytes=0-499, 500-", 1000)
    [(0, 499), (500, 999)]
    >>> parse_byte_ranges("bytes=-100", 1000)
    [(900, 999)]
    """
''',
        "body": r'''    import re
    unit, eq, spec = header.partition("=")
    if unit != "bytes" or not eq:
        raise ValueError(f"not a byte range header: {header!r}")
    ranges = []
    for item in spec.split(","):
        match = re.fullmatch(r"\s*(?:([0-9]+)-([0-9]*)|-([0-9]+))\s*", item)
        if match is None:
            raise ValueError(f"bad range: {item!r}")
        first_text, last_text, suffix = match.groups()
        if suffix is None:
            first = int(first_text)
            last = size - 1
            if last_text:
                if int(last_text) < first:
                    raise ValueError(f"bad range: {item!r}")
                last = min(int(last_text), last)
        else:
            first, last = max(size - int(suffix), 0), size - 1
        if first >= size:
            raise ValueError(f"range not satisfiable: {item!r}")
        ranges.append((first, last))
    return ranges
''',
        "hidden_tests": [
            'assert parse_byte_ranges("bytes=0-0", 1) == [(0, 0)]',
            'assert parse_byte_ranges("bytes=999-999", 1000) == [(999, 999)]',
            'assert parse_byte_ranges("bytes=900-5000", 1000) == [(900, 999)] and parse_byte_ranges("bytes=0-999", 1000) == [(0, 999)]',
            'assert parse_byte_ranges("bytes=-1000", 1000) == [(0, 999)] and parse_byte_ranges("bytes=-5000", 1000) == [(0, 999)]',
            'assert parse_byte_ranges("bytes=-1", 1000) == [(999, 999)] and parse_byte_ranges("bytes=-999", 1000) == [(1, 999)]',
            'assert parse_byte_ranges("bytes=5-5, 5-9,0-1", 10) == [(5, 5), (5, 9), (0, 1)]',
            'assert parse_byte_ranges("bytes= 1-2 ,\\t3- ", 10) == [(1, 2), (3, 9)]',
            'try:\n    parse_byte_ranges("bytes=1000-", 1000)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_byte_ranges("bytes=500-100", 1000)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_byte_ranges("bytes=-0", 1000)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for header, size in [("bytes=1000-1000", 1000), ("bytes=-5", 0), ("bytes=0-0", 0), ("items=0-1", 10), ("bytes", 10), ("bytes=", 10), ("bytes=-", 10), ("bytes=1-2,", 10), ("bytes=a-b", 10), ("Bytes=0-1", 10), ("bytes 0-1", 10), ("bytes=1--2", 10), ("bytes=1-2-3", 10), ("bytes=0-1,5-1", 10)]:\n    try:\n        parse_byte_ranges(header, size)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(header)',
        ],
    },
    {
        "name": "parse_link_header",
        "category": "parsing",
        "prompt": '''def parse_link_header(header: str) -> dict[str, str]:
    """Map each relation type of an HTTP Link header to its URL (as used for API pagination).

    The header is a comma-separated list of links. A link is "<URL>" (the URL
    is any text without ">") followed by any number of parameters, each
    written ";" name "=" value, where the name has no whitespace, "=", ";",
    "," or '"' and the value is either a double-quoted string (any text
    without '"', so it may contain "," and ";") or a token without
    whitespace, ";", "," or '"'. Whitespace is allowed around links and
    around each ";", "," and "=". Parameter names are case-insensitive. The
    value of a "rel" parameter (quotes removed) holds one or more
    space-separated relation types; each, in lower case, maps to the link's
    URL, a later link winning. Links without rel add nothing. An empty or
    whitespace-only header gives {}. Raise ValueError for anything else that
    does not follow this shape, such as a missing "<", a parameter without
    "=", or an empty link between commas or after the last one.

    >>> parse_link_header('<https://api.x.io/items?page=2>; rel="next", <https://api.x.io/items?page=9>; rel="last"')
    {'next': 'https://api.x.io/items?page=2', 'last': 'https://api.x.io/items?page=9'}
    """
''',
        "body": r'''    import re
    link = re.compile(r'\s*<([^>]*)>((?:\s*;\s*[^\s=;,"]+\s*=\s*(?:"[^"]*"|[^\s;,"]+))*)\s*')
    param = re.compile(r'\s*;\s*([^\s=;,"]+)\s*=\s*("[^"]*"|[^\s;,"]+)')
    links: dict[str, str] = {}
    if not header.strip():
        return links
    match = link.match(header)
    while True:
        if match is None:
            raise ValueError(f"malformed Link header: {header!r}")
        url = match.group(1)
        for name, value in param.findall(match.group(2)):
            if name.lower() == "rel":
                for rel in value.strip('"').split():
                    links[rel.lower()] = url
        pos = match.end()
        if pos == len(header):
            return links
        if header[pos] != ",":
            raise ValueError(f"malformed Link header at {pos}: {header!r}")
        match = link.match(header, pos + 1)
''',
        "hidden_tests": [
            'assert parse_link_header("") == {} and parse_link_header("  ") == {}',
            'assert parse_link_header("<a>; rel=next") == {"next": "a"}',
            'assert parse_link_header(\'<a>;rel="prev  first"\') == {"prev": "a", "first": "a"}',
            'assert parse_link_header(\'  <a>; REL = "Next" ,<b>; title="x, y; z"; rel=last \') == {"next": "a", "last": "b"}',
            'assert parse_link_header("<a>; rel=next,<b>; rel=next") == {"next": "b"}',
            'assert parse_link_header("<a>; title=t") == {} and parse_link_header("<a>") == {}',
            'assert parse_link_header("<https://x/?q=1,2;3>; rel=self") == {"self": "https://x/?q=1,2;3"}',
            'assert parse_link_header("<a>; relation=x, <b>;relx=up") == {}',
            'try:\n    parse_link_header("a; rel=next")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    parse_link_header("<a>; rel=next,")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["<a> rel=next", "<a>; rel", \'<a>; rel="next\', "<a>; rel=next <b>", "<a>; =next", ",<a>; rel=next", "<a>; rel=next,,<b>; rel=last", "<a; rel=next", "<a>; rel=next; ", "<a>, x", "<a>; rel=prev;<b>; rel=next", "<a>; rel=prev x<b>; rel=next"]:\n    try:\n        parse_link_header(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "parse_git_remote_url",
        "category": "parsing",
        "prompt": '''def parse_git_remote_url(url: str) -> tuple[str, str, str]:
    """Return (host, owner, repository) from the URL of a Git remote.

    Three forms are accepted: "https://HOST/OWNER/REPO" (or "http://"),
    "ssh://HOST/OWNER/REPO" with an optional "git@" before the host, and the
    scp-like "git@HOST:OWNER/REPO". In the two "://" forms an optional
    ":PORT" (one or more ASCII digits) may follow the host; it is dropped.
    HOST, OWNER and REPO are non-empty and contain no whitespace, "/", ":"
    or "@". REPO may be followed by one "/". A ".git" at the end of REPO is
    removed, and what remains must not be empty. HOST is returned in lower
    case. Raise ValueError for anything else.

    >>> parse_git_remote_url("git@github.com:octo-org/hello-world.git")
    ('github.com', 'octo-org', 'hello-world')
    >>> parse_git_remote_url("https://GitLab.com:8443/me/tools/")
    ('gitlab.com', 'me', 'tools')
    """
''',
        "body": r'''    import re
    seg = r"[^/:@\s]+"
    forms = (rf"https?://({seg})(?::[0-9]+)?/({seg})/({seg})/?",
             rf"ssh://(?:git@)?({seg})(?::[0-9]+)?/({seg})/({seg})/?",
             rf"git@({seg}):({seg})/({seg})/?")
    for form in forms:
        match = re.fullmatch(form, url)
        if match:
            host, owner, repo = match.groups()
            if repo.endswith(".git"):
                repo = repo[:-4]
            if not repo:
                raise ValueError(f"empty repository name in {url!r}")
            return host.lower(), owner, repo
    raise ValueError(f"not a Git remote URL: {url!r}")
''',
        "hidden_tests": [
            'assert parse_git_remote_url("https://github.com/a/b") == ("github.com", "a", "b")',
            'assert parse_git_remote_url("http://host/a/b.git/") == ("host", "a", "b")',
            'assert parse_git_remote_url("ssh://git@Example.ORG:2222/team/app.git") == ("example.org", "team", "app")',
            'assert parse_git_remote_url("ssh://host/team/app") == ("host", "team", "app")',
            'assert parse_git_remote_url("git@bitbucket.org:x/y") == ("bitbucket.org", "x", "y")',
            'assert parse_git_remote_url("https://h/o/r.git.git") == ("h", "o", "r.git") and parse_git_remote_url("https://h/o/r.gitx") == ("h", "o", "r.gitx")',
            'try:\n    parse_git_remote_url("https://h/o/.git")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["https://h/o", "https://h/o/r/extra", "git@h:o", "git@h/o/r", "ftp://h/o/r", "git@h:o/r//", "ssh://git@h:/o/r", "ssh://user@h/o/r", " https://h/o/r", "git@h:22:o/r", "https://h:x/o/r", "", "https:///o/r"]:\n    try:\n        parse_git_remote_url(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    # --------------------------------------------------------------- formatting
    {
        "name": "format_bytes_human",
        "category": "formatting",
        "prompt": '''def format_bytes_human(size: int) -> str:
    """Format a byte count for people, using binary (1024-based) units.

    A size below 1024 is shown as "<size> B". Otherwise the size is divided by
    1024 for each step up through KiB, MiB, GiB, TiB and PiB, stopping at the
    first unit in which the value is below 1024 (or at PiB, the largest unit,
    however big the value is there), and shown with one decimal, as
    f"{value:.1f} {unit}" writes it. The unit is chosen before rounding, so
    1048575 bytes is "1024.0 KiB". Raise ValueError for a negative size.

    >>> format_bytes_human(1536)
    '1.5 KiB'
    >>> format_bytes_human(1000)
    '1000 B'
    """
''',
        "body": '''    if size < 0:
        raise ValueError("size cannot be negative")
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"
''',
        "hidden_tests": [
            'assert format_bytes_human(0) == "0 B" and format_bytes_human(1) == "1 B"',
            'assert format_bytes_human(1023) == "1023 B" and format_bytes_human(1024) == "1.0 KiB"',
            'assert format_bytes_human(1048575) == "1024.0 KiB"',
            'assert format_bytes_human(1048576) == "1.0 MiB"',
            'assert format_bytes_human(123456789) == "117.7 MiB"',
            'assert format_bytes_human(5 * 1024 ** 3 + 512 * 1024 ** 2) == "5.5 GiB"',
            'assert format_bytes_human(1024 ** 4) == "1.0 TiB"',
            'assert format_bytes_human(1024 ** 5 - 1) == "1024.0 TiB"',
            'assert format_bytes_human(1024 ** 5) == "1.0 PiB"',
            'assert format_bytes_human(1024 ** 7) == "1048576.0 PiB"',
            'try:\n    format_bytes_human(-1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    {
        "name": "format_duration_words",
        "category": "formatting",
        "prompt": '''def format_duration_words(seconds: int) -> str:
    """Format a number of seconds as days, hours, minutes and seconds.

    The parts are written like "2d 3h 4m 5s", largest first, separated by
    single spaces, leaving out every part that is zero; zero seconds gives
    "0s". A day is 86400 seconds. Raise ValueError for a negative number.

    >>> format_duration_words(93784)
    '1d 2h 3m 4s'
    >>> format_duration_words(3605)
    '1h 5s'
    """
''',
        "body": '''    if seconds < 0:
        raise ValueError("seconds cannot be negative")
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts) or "0s"
''',
        "hidden_tests": [
            'assert format_duration_words(0) == "0s"',
            'assert format_duration_words(1) == "1s" and format_duration_words(59) == "59s"',
            'assert format_duration_words(60) == "1m" and format_duration_words(3599) == "59m 59s"',
            'assert format_duration_words(3600) == "1h"',
            'assert format_duration_words(86399) == "23h 59m 59s"',
            'assert format_duration_words(86400) == "1d"',
            'assert format_duration_words(90061) == "1d 1h 1m 1s"',
            'assert format_duration_words(86460) == "1d 1m" and format_duration_words(864000) == "10d"',
            'try:\n    format_duration_words(-1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    {
        "name": "format_int_grouped",
        "category": "formatting",
        "prompt": '''def format_int_grouped(value: int, sep: str = ",", group: int = 3) -> str:
    """Write an integer with its digits grouped from the right.

    The digits are split into runs of `group` digits counted from the right
    (the leftmost run may be shorter) and joined with `sep`; a negative
    number keeps its "-" in front of the first run. Raise ValueError if
    `group` is less than 1.

    >>> format_int_grouped(1234567)
    '1,234,567'
    >>> format_int_grouped(-1234567, sep=" ", group=4)
    '-123 4567'
    """
''',
        "body": '''    if group < 1:
        raise ValueError("group must be at least 1")
    digits = str(abs(value))
    head = len(digits) % group or group
    runs = [digits[:head]] + [digits[i:i + group] for i in range(head, len(digits), group)]
    return ("-" if value < 0 else "") + sep.join(runs)
''',
        "hidden_tests": [
            'assert format_int_grouped(0) == "0"',
            'assert format_int_grouped(999) == "999" and format_int_grouped(1000) == "1,000"',
            'assert format_int_grouped(-1000) == "-1,000" and format_int_grouped(-12) == "-12"',
            'assert format_int_grouped(123456) == "123,456"',
            'assert format_int_grouped(1234567, ".") == "1.234.567"',
            'assert format_int_grouped(12345, "\'", 1) == "1\'2\'3\'4\'5"',
            'assert format_int_grouped(12345, ",", 5) == "12345" and format_int_grouped(123456, ",", 5) == "1,23456"',
            'assert format_int_grouped(10 ** 12, "_") == "1_000_000_000_000"',
            'assert format_int_grouped(-5, group=1) == "-5" and format_int_grouped(-1) == "-1"',
            'try:\n    format_int_grouped(1000, group=0)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    format_int_grouped(1000, group=-3)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    {
        "name": "format_ordinal",
        "category": "formatting",
        "prompt": '''def format_ordinal(n: int) -> str:
    """Return n followed by its English ordinal suffix, like "1st", "22nd" or "113th".

    The suffix is "th" when the last two digits are 11, 12 or 13; otherwise
    it is "st", "nd" or "rd" when the last digit is 1, 2 or 3, and "th" for
    any other last digit. Raise ValueError for a negative n.

    >>> format_ordinal(22)
    '22nd'
    >>> format_ordinal(113)
    '113th'
    """
''',
        "body": '''    if n < 0:
        raise ValueError("n cannot be negative")
    if n % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
''',
        "hidden_tests": [
            'assert format_ordinal(0) == "0th"',
            'assert [format_ordinal(n) for n in (1, 2, 3, 4)] == ["1st", "2nd", "3rd", "4th"]',
            'assert [format_ordinal(n) for n in (10, 11, 12, 13, 14)] == ["10th", "11th", "12th", "13th", "14th"]',
            'assert [format_ordinal(n) for n in (21, 22, 23, 24)] == ["21st", "22nd", "23rd", "24th"]',
            'assert [format_ordinal(n) for n in (100, 101, 102, 103)] == ["100th", "101st", "102nd", "103rd"]',
            'assert [format_ordinal(n) for n in (111, 112, 211, 1012)] == ["111th", "112th", "211th", "1012th"]',
            'assert format_ordinal(1001) == "1001st" and format_ordinal(1000003) == "1000003rd"',
            'try:\n    format_ordinal(-1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    # Equivalent mutant: `then > now` -> `then >= now` (equal instants always give "just now").
    {
        "name": "format_relative_time",
        "category": "formatting",
        "prompt": '''from datetime import datetime


def format_relative_time(then: datetime, now: datetime) -> str:
    """Describe `then` relative to `now` in words, like "5 minutes ago" or "in 2 days".

    Let d be the number of whole seconds between the two (the absolute
    difference, with fractions of a second dropped). Below 60 seconds the
    answer is "just now". Otherwise the amount is counted, rounding down, in
    minutes when d is below 3600, in hours when d is below 86400, in days when
    d is below 604800 (a week), and in weeks from there on. The unit is
    singular for an amount of 1 and takes an "s" otherwise. The result is
    "<amount> <unit> ago" when `then` is before `now`, and "in <amount> <unit>"
    when it is after.

    >>> format_relative_time(datetime(2024, 5, 1, 12, 0), datetime(2024, 5, 1, 15, 30))
    '3 hours ago'
    """
''',
        "body": '''    seconds = int(abs((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        amount, unit = seconds // 60, "minute"
    elif seconds < 86400:
        amount, unit = seconds // 3600, "hour"
    elif seconds < 604800:
        amount, unit = seconds // 86400, "day"
    else:
        amount, unit = seconds // 604800, "week"
    label = f"{amount} {unit}" + ("" if amount == 1 else "s")
    return f"in {label}" if then > now else f"{label} ago"
''',
        "hidden_tests": [
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base, base) == "just now"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=59), base) == "just now"\nassert format_relative_time(base + timedelta(seconds=59, microseconds=999999), base) == "just now"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=60), base) == "1 minute ago"\nassert format_relative_time(base + timedelta(seconds=60), base) == "in 1 minute"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=119), base) == "1 minute ago"\nassert format_relative_time(base - timedelta(seconds=120), base) == "2 minutes ago"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=3599), base) == "59 minutes ago"\nassert format_relative_time(base - timedelta(seconds=3600), base) == "1 hour ago"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base + timedelta(hours=2, minutes=59), base) == "in 2 hours"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=86399), base) == "23 hours ago"\nassert format_relative_time(base - timedelta(seconds=86400), base) == "1 day ago"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=604799), base) == "6 days ago"\nassert format_relative_time(base + timedelta(seconds=604800), base) == "in 1 week"',
            'from datetime import timedelta\nbase = datetime(2024, 1, 1, 12, 0, 0)\nassert format_relative_time(base - timedelta(seconds=1209599), base) == "1 week ago"\nassert format_relative_time(base - timedelta(days=14), base) == "2 weeks ago"',
            'assert format_relative_time(datetime(2024, 3, 1), datetime(2024, 1, 31)) == "in 4 weeks"',
            'assert format_relative_time(datetime(2023, 1, 1), datetime(2024, 2, 5)) == "57 weeks ago"',
        ],
    },
    {
        "name": "format_progress_bar",
        "category": "formatting",
        "prompt": '''def format_progress_bar(done: int, total: int, width: int = 20) -> str:
    """Draw a text progress bar such as "[#####-----] 50%".

    The bar has `width` cells between square brackets: done * width // total
    of them are "#" and the rest are "-". After the bar come one space and the
    percentage done * 100 // total followed by "%". Raise ValueError if total
    is not positive, width is less than 1, or done is outside 0..total.

    >>> format_progress_bar(5, 10, width=10)
    '[#####-----] 50%'
    >>> format_progress_bar(1, 3)
    '[######--------------] 33%'
    """
''',
        "body": '''    if total <= 0 or width < 1 or not 0 <= done <= total:
        raise ValueError("bad progress values")
    filled = done * width // total
    return "[" + "#" * filled + "-" * (width - filled) + f"] {done * 100 // total}%"
''',
        "hidden_tests": [
            'assert format_progress_bar(0, 10, 10) == "[----------] 0%"',
            'assert format_progress_bar(10, 10, 10) == "[##########] 100%"',
            'assert format_progress_bar(1, 1, 1) == "[#] 100%" and format_progress_bar(0, 1, 1) == "[-] 0%"',
            'assert format_progress_bar(2, 3, 5) == "[###--] 66%"',
            'assert format_progress_bar(999, 1000) == "[###################-] 99%"',
            'assert format_progress_bar(7, 8, 4) == "[###-] 87%"',
            'try:\n    format_progress_bar(0, 0)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    format_progress_bar(11, 10)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for args in [(1, -1, 5), (-1, 10, 5), (5, 10, 0), (5, 10, -2)]:\n    try:\n        format_progress_bar(*args)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(args)',
        ],
    },
    {
        "name": "format_currency_cents",
        "category": "formatting",
        "prompt": '''def format_currency_cents(cents: int, symbol: str = "$", accounting: bool = False) -> str:
    """Format an amount given in cents, like "$1,234.56".

    The whole units are grouped in threes with commas and followed by "."
    and exactly two digits of cents; `symbol` comes right before the digits.
    A negative amount is written with "-" before the symbol ("-$0.05"), or,
    when `accounting` is true, in parentheses instead ("($0.05)"). Zero is
    not negative.

    >>> format_currency_cents(123456)
    '$1,234.56'
    >>> format_currency_cents(-5, accounting=True)
    '($0.05)'
    """
''',
        "body": '''    units, rest = divmod(abs(cents), 100)
    text = f"{symbol}{units:,}.{rest:02d}"
    if cents < 0:
        return f"({text})" if accounting else f"-{text}"
    return text
''',
        "hidden_tests": [
            'assert format_currency_cents(0) == "$0.00" and format_currency_cents(0, accounting=True) == "$0.00"',
            'assert format_currency_cents(7) == "$0.07" and format_currency_cents(99) == "$0.99"',
            'assert format_currency_cents(100) == "$1.00"',
            'assert format_currency_cents(-1) == "-$0.01"',
            'assert format_currency_cents(100000000) == "$1,000,000.00"',
            'assert format_currency_cents(-123456, "\\u20ac") == "-\\u20ac1,234.56"',
            'assert format_currency_cents(-250, "", True) == "(2.50)"',
            'assert format_currency_cents(123456, "EUR ") == "EUR 1,234.56"',
            'assert format_currency_cents(-100000, accounting=True) == "($1,000.00)" and format_currency_cents(99999, "\\u00a3", True) == "\\u00a3999.99"',
        ],
    },
    {
        "name": "format_clock_duration",
        "category": "formatting",
        "prompt": '''def format_clock_duration(seconds: int) -> str:
    """Format a number of seconds like a stopwatch: "4:05" or "1:02:03".

    Below one hour the form is "M:SS" (minutes without padding, seconds as
    two digits); from one hour on it is "H:MM:SS", with the hours unpadded
    and unlimited. A negative number is written like its absolute value with
    "-" in front.

    >>> format_clock_duration(245)
    '4:05'
    >>> format_clock_duration(3723)
    '1:02:03'
    """
''',
        "body": '''    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
''',
        "hidden_tests": [
            'assert format_clock_duration(0) == "0:00"',
            'assert format_clock_duration(59) == "0:59" and format_clock_duration(60) == "1:00"',
            'assert format_clock_duration(3599) == "59:59"',
            'assert format_clock_duration(3600) == "1:00:00"',
            'assert format_clock_duration(360000) == "100:00:00"',
            'assert format_clock_duration(-1) == "-0:01"',
            'assert format_clock_duration(-3661) == "-1:01:01"',
            'assert format_clock_duration(86399) == "23:59:59"',
        ],
    },
    # Equivalent mutant: `change > 0` -> `change >= 0` (a zero change returns earlier, unsigned).
    {
        "name": "format_percent_change",
        "category": "formatting",
        "prompt": '''def format_percent_change(old: float, new: float, decimals: int = 1) -> str:
    """Describe the change from old to new as a signed percentage, like "+12.5%".

    The change is (new - old) / old * 100, written with `decimals` digits
    after the point, as f"{abs(change):.{decimals}f}" writes it, and followed
    by "%". It gets a "+" in front when it is positive and a "-" when it is
    negative, except that a change written as zero at this precision (such
    as "0.0") gets no sign at all. Raise ValueError if old is not positive.

    >>> format_percent_change(80, 100)
    '+25.0%'
    >>> format_percent_change(200, 150, decimals=0)
    '-25%'
    """
''',
        "body": '''    if old <= 0:
        raise ValueError("old must be positive")
    change = (new - old) / old * 100
    text = f"{abs(change):.{decimals}f}"
    if float(text) == 0:
        return f"{text}%"
    return ("+" if change > 0 else "-") + text + "%"
''',
        "hidden_tests": [
            'assert format_percent_change(100, 100) == "0.0%"',
            'assert format_percent_change(100, 100.04) == "0.0%" and format_percent_change(100, 99.96) == "0.0%"',
            'assert format_percent_change(100, 99.94) == "-0.1%"',
            'assert format_percent_change(100, 101) == "+1.0%" and format_percent_change(100, 99) == "-1.0%"',
            'assert format_percent_change(100, 100.5) == "+0.5%" and format_percent_change(100, 99.5) == "-0.5%"',
            'assert format_percent_change(3, 4, 2) == "+33.33%"',
            'assert format_percent_change(1, 3) == "+200.0%"',
            'assert format_percent_change(50, 0, 0) == "-100%" and format_percent_change(100, 100.6, 0) == "+1%"',
            'try:\n    format_percent_change(0, 5)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    format_percent_change(-10, 5)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    {
        "name": "format_csv_row",
        "category": "formatting",
        "prompt": '''def format_csv_row(fields: list, delimiter: str = ",") -> str:
    """Join values into one line of CSV text.

    None becomes an empty field and every other value is converted with
    str(). A field is put in double quotes, with each double quote inside it
    doubled, when it contains the delimiter, a double quote, a carriage
    return or a line feed, or when it starts or ends with a space; other
    fields are written as they are. The fields are joined with `delimiter`,
    and an empty list gives "".

    >>> format_csv_row(["id", 7, None, "a,b", 'x"y'])
    'id,7,,"a,b","x""y"'
    """
''',
        "body": r'''    out = []
    for value in fields:
        text = "" if value is None else str(value)
        if any(mark in text for mark in (delimiter, '"', "\r", "\n")) or text[:1] == " " or text[-1:] == " ":
            text = '"' + text.replace('"', '""') + '"'
        out.append(text)
    return delimiter.join(out)
''',
        "hidden_tests": [
            'assert format_csv_row([]) == ""',
            'assert format_csv_row([None]) == "" and format_csv_row([""]) == ""',
            'assert format_csv_row(["a", "b c"]) == "a,b c"',
            'assert format_csv_row([" a", "a "]) == \'" a","a "\'',
            'assert format_csv_row([\'"\']) == \'""""\'',
            'assert format_csv_row(["line1\\nline2", "x\\ry"]) == \'"line1\\nline2","x\\ry"\'',
            'assert format_csv_row(["a;b", "c,d"], ";") == \'"a;b";c,d\'',
            'assert format_csv_row([1.5, True, 0]) == "1.5,True,0"',
            'assert format_csv_row(["a\\tb", None, None]) == "a\\tb,,"',
        ],
    },
    {
        "name": "format_phone_number",
        "category": "formatting",
        "prompt": '''def format_phone_number(text: str) -> str:
    """Format a North American phone number as "(555) 123-4567".

    The input may contain ASCII digits and the characters space, "-", ".",
    "(", ")" and "+", in any arrangement; everything but the digits is
    ignored. There must be 10 digits, or 11 digits of which the first is the
    country code 1, which is dropped. Raise ValueError for any other
    character or number of digits.

    >>> format_phone_number("+1 (555) 123-4567")
    '(555) 123-4567'
    """
''',
        "body": '''    digits = "".join(ch for ch in text if ch not in " -.()+")
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a phone number: {text!r}")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        raise ValueError(f"not a phone number: {text!r}")
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
''',
        "hidden_tests": [
            'assert format_phone_number("5551234567") == "(555) 123-4567"',
            'assert format_phone_number("1234567890") == "(123) 456-7890"',
            'assert format_phone_number("15551234567") == "(555) 123-4567"',
            'assert format_phone_number("555.123.4567") == "(555) 123-4567"',
            'assert format_phone_number("1-800-555-0199") == "(800) 555-0199"',
            'assert format_phone_number("((555))--123 45.67") == "(555) 123-4567"',
            'try:\n    format_phone_number("25551234567")\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in ["555123456", "555123456789", "555-123-4567 x12", "", "555_123_4567", "\\uff15\\uff15\\uff151234567", "abcdefghij"]:\n    try:\n        format_phone_number(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "format_compact_number",
        "category": "formatting",
        "prompt": '''def format_compact_number(n: int) -> str:
    """Abbreviate an integer like "1.2K", "15M" or "3.4B".

    A number whose absolute value is below 1000 is written as it is. A larger
    one uses the largest of K (thousand), M (million), B (billion) and T
    (trillion) that is not more than its absolute value, with one decimal,
    truncated rather than rounded (1999 is "1.9K"); a decimal of 0 is left
    out ("1K", "15M"). A negative number gets "-" in front. A thousand
    trillion or more stays in T ("1500T").

    >>> format_compact_number(1234)
    '1.2K'
    >>> format_compact_number(-15300000)
    '-15.3M'
    """
''',
        "body": '''    value = abs(n)
    sign = "" if value == n else "-"
    if value < 1000:
        return str(n)
    for suffix, size in (("T", 10 ** 12), ("B", 10 ** 9), ("M", 10 ** 6), ("K", 10 ** 3)):
        if value >= size:
            whole, tenth = divmod(value * 10 // size, 10)
            return f"{sign}{whole}.{tenth}{suffix}" if tenth else f"{sign}{whole}{suffix}"
''',
        "hidden_tests": [
            'assert format_compact_number(0) == "0" and format_compact_number(999) == "999"',
            'assert format_compact_number(-999) == "-999" and format_compact_number(-1000) == "-1K"',
            'assert format_compact_number(1000) == "1K" and format_compact_number(1099) == "1K"',
            'assert format_compact_number(1100) == "1.1K" and format_compact_number(1999) == "1.9K"',
            'assert format_compact_number(999999) == "999.9K" and format_compact_number(10 ** 6) == "1M"',
            'assert format_compact_number(10 ** 9 - 1) == "999.9M" and format_compact_number(10 ** 9) == "1B"',
            'assert format_compact_number(10 ** 12 - 1) == "999.9B" and format_compact_number(10 ** 12) == "1T"',
            'assert format_compact_number(1500 * 10 ** 12) == "1500T"',
            'assert format_compact_number(25050000000) == "25B" and format_compact_number(-7770000000000) == "-7.7T"',
        ],
    },
    {
        "name": "format_path_tree",
        "category": "formatting",
        "prompt": '''def format_path_tree(paths: list[str]) -> list[str]:
    """Render slash-separated file paths as the lines of an indented tree.

    Each path is split at "/" into components, none of which may be empty.
    Every distinct entry (a component together with everything before it)
    appears once, right after its parent and indented by two spaces per
    level of depth; entries with the same parent are sorted by name in plain
    string order. An entry that has anything below it is a directory and gets
    a trailing "/". Raise ValueError for an empty component (an empty path, a
    leading or trailing "/", or "//").

    >>> format_path_tree(["src/util/io.py", "README.md", "src/main.py"])
    ['README.md', 'src/', '  main.py', '  util/', '    io.py']
    """
''',
        "body": '''    tree: dict = {}
    for path in paths:
        parts = path.split("/")
        if "" in parts:
            raise ValueError(f"empty component in {path!r}")
        node = tree
        for part in parts:
            node = node.setdefault(part, {})
    lines = []

    def walk(node, indent):
        for name in sorted(node):
            lines.append(indent + name + ("/" if node[name] else ""))
            walk(node[name], indent + "  ")

    walk(tree, "")
    return lines
''',
        "hidden_tests": [
            'assert format_path_tree([]) == []',
            'assert format_path_tree(["a"]) == ["a"]',
            'assert format_path_tree(["a/b", "a"]) == ["a/", "  b"]',
            'assert format_path_tree(["b/x", "a/y", "B/z"]) == ["B/", "  z", "a/", "  y", "b/", "  x"]',
            'assert format_path_tree(["a/b/c/d"]) == ["a/", "  b/", "    c/", "      d"]',
            'assert format_path_tree(["x/1", "x/1", "x/2"]) == ["x/", "  1", "  2"]',
            'assert format_path_tree(["d/f", "d/e/g"]) == ["d/", "  e/", "    g", "  f"]',
            'try:\n    format_path_tree(["ok", "a//b"])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [[""], ["/a"], ["a/"], ["ok", "bad/"]]:\n    try:\n        format_path_tree(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "format_diff_stat",
        "category": "formatting",
        "prompt": '''def format_diff_stat(files: int, insertions: int, deletions: int) -> str:
    """Write the summary line of a diff the way git does.

    The line starts with "<files> file changed", with "files" instead of
    "file" when files is not 1. Then come ", <n> insertion(+)" for the
    insertions and ", <n> deletion(-)" for the deletions, with "insertions"
    and "deletions" when n is not 1. The insertions part is left out when
    there are no insertions but some deletions, and the deletions part is
    left out when there are no deletions but some insertions; when both are
    0, both parts are shown. Raise ValueError if any count is negative.

    >>> format_diff_stat(3, 10, 2)
    '3 files changed, 10 insertions(+), 2 deletions(-)'
    >>> format_diff_stat(1, 1, 0)
    '1 file changed, 1 insertion(+)'
    """
''',
        "body": '''    if min(files, insertions, deletions) < 0:
        raise ValueError("counts cannot be negative")

    def counted(n, word):
        return f"{n} {word}" + ("" if n == 1 else "s")

    parts = [counted(files, "file") + " changed"]
    if insertions or not deletions:
        parts.append(counted(insertions, "insertion") + "(+)")
    if deletions or not insertions:
        parts.append(counted(deletions, "deletion") + "(-)")
    return ", ".join(parts)
''',
        "hidden_tests": [
            'assert format_diff_stat(0, 0, 0) == "0 files changed, 0 insertions(+), 0 deletions(-)"',
            'assert format_diff_stat(1, 0, 1) == "1 file changed, 1 deletion(-)"',
            'assert format_diff_stat(2, 1, 1) == "2 files changed, 1 insertion(+), 1 deletion(-)"',
            'assert format_diff_stat(1, 0, 5) == "1 file changed, 5 deletions(-)"',
            'assert format_diff_stat(5, 5, 0) == "5 files changed, 5 insertions(+)"',
            'assert format_diff_stat(1, 2, 0) == "1 file changed, 2 insertions(+)"',
            'assert format_diff_stat(12, 340, 1) == "12 files changed, 340 insertions(+), 1 deletion(-)"',
            'for args in [(-1, 0, 0), (0, -1, 0), (0, 0, -1), (3, 4, -2)]:\n    try:\n        format_diff_stat(*args)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(args)',
        ],
    },
    {
        "name": "format_name_columns",
        "category": "formatting",
        "prompt": '''def format_name_columns(names: list[str], width: int) -> list[str]:
    """Lay out names in columns the way `ls` does, filling each column from top to bottom.

    With r rows, column j holds names[j*r:(j+1)*r], so only the last column
    may be shorter. A column is as wide as its longest name, and columns are
    separated by two spaces, so a layout needs the sum of its column widths
    plus 2 for each gap between two columns. Use the smallest r, counting up
    from 1, whose layout needs at most `width` characters; when none does,
    use one name per row (r equal to the number of names). In each line,
    every name but the last is padded with spaces to its column's width, and
    the names are joined by two spaces. Return the r lines, or [] when there
    are no names.

    >>> format_name_columns(["bin", "docs", "src", "README.md", "setup.py"], 30)
    ['bin   src        setup.py', 'docs  README.md']
    """
''',
        "body": '''    if not names:
        return []
    rows = 1
    while True:
        columns = [names[start:start + rows] for start in range(0, len(names), rows)]
        widths = [max(len(name) for name in column) for column in columns]
        if sum(widths) + 2 * (len(columns) - 1) <= width or rows >= len(names):
            break
        rows += 1
    lines = []
    for row in range(rows):
        cells = [column[row] for column in columns if row < len(column)]
        padded = [cell.ljust(size) for cell, size in zip(cells[:-1], widths)]
        lines.append("  ".join(padded + cells[-1:]))
    return lines
''',
        "hidden_tests": [
            'assert format_name_columns([], 10) == []',
            'assert format_name_columns(["a"], 10) == ["a"] and format_name_columns(["abc"], 1) == ["abc"]',
            'assert format_name_columns(["a", "b", "c"], 7) == ["a  b  c"]',
            'assert format_name_columns(["a", "b", "c"], 6) == ["a  c", "b"]',
            'assert format_name_columns(["aa", "b", "cccc", "d"], 9) == ["aa  cccc", "b   d"]',
            'assert format_name_columns(["aa", "b", "cccc", "d"], 8) == ["aa  cccc", "b   d"]',
            'assert format_name_columns(["aa", "b", "cccc", "d"], 7) == ["aa    d", "b", "cccc"]',
            'assert format_name_columns(["long-name", "x"], 5) == ["long-name", "x"]',
            'assert format_name_columns(["1", "2", "3", "4", "5"], 7) == ["1  3  5", "2  4"]',
            'assert format_name_columns(["1", "2", "3", "4", "5"], 13) == ["1  2  3  4  5"] and format_name_columns(["1", "2", "3", "4", "5"], 12) == ["1  3  5", "2  4"]',
        ],
    },
    # Equivalent mutant: `width < 1` -> `width < 0` (range() raises ValueError for a step of 0 anyway).
    {
        "name": "format_hex_dump",
        "category": "formatting",
        "prompt": '''def format_hex_dump(data: bytes, width: int = 16) -> list[str]:
    """Format bytes as the lines of a hex dump, in the style of `hexdump -C`.

    Each line shows the next `width` bytes (the last line may show fewer):
    the offset of its first byte as 8 lower-case hex digits, two spaces, the
    bytes as two lower-case hex digits each, separated by single spaces and
    padded on the right with spaces to 3 * width - 1 characters, two spaces,
    then "|", the bytes as text, and "|". In the text, a byte from 32 to 126
    is the character with that code and any other byte is ".". Empty data
    gives []. Raise ValueError if width is less than 1.

    >>> format_hex_dump(b"Hello, world", 8)
    ['00000000  48 65 6c 6c 6f 2c 20 77  |Hello, w|', '00000008  6f 72 6c 64              |orld|']
    """
''',
        "body": '''    if width < 1:
        raise ValueError("width must be at least 1")
    lines = []
    for offset in range(0, len(data), width):
        chunk = data[offset:offset + width]
        hex_part = " ".join(f"{byte:02x}" for byte in chunk).ljust(3 * width - 1)
        text = "".join(chr(byte) if 32 <= byte <= 126 else "." for byte in chunk)
        lines.append(f"{offset:08x}  {hex_part}  |{text}|")
    return lines
''',
        "hidden_tests": [
            'assert format_hex_dump(b"") == [] and format_hex_dump(b"", 4) == []',
            'assert format_hex_dump(b"A") == ["00000000  41" + " " * 45 + "  |A|"]',
            'assert format_hex_dump(bytes([30, 31, 32, 33]), 4) == ["00000000  1e 1f 20 21  |.. !|"]',
            'assert format_hex_dump(bytes([126, 127, 255, 0]), 2) == ["00000000  7e 7f  |~.|", "00000002  ff 00  |..|"]',
            'assert format_hex_dump(b"abcdefghijklmnopq") == ["00000000  61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70  |abcdefghijklmnop|", "00000010  71" + " " * 45 + "  |q|"]',
            'assert format_hex_dump(b"xyz", 1) == ["00000000  78  |x|", "00000001  79  |y|", "00000002  7a  |z|"]',
            'assert format_hex_dump(b"\\tA\\xe9", 3) == ["00000000  09 41 e9  |.A.|"]',
            'try:\n    format_hex_dump(b"abc", 0)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    format_hex_dump(b"", -1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    {
        "name": "format_permission_string",
        "category": "formatting",
        "prompt": '''def format_permission_string(mode: int) -> str:
    """Render Unix permission bits the way `ls -l` does, such as "rwxr-xr--" for 0o754.

    `mode` holds permission bits only (0 to 0o7777): read, write and execute
    for the owner (0o400, 0o200, 0o100), the group (0o040, 0o020, 0o010) and
    others (0o004, 0o002, 0o001), plus setuid (0o4000), setgid (0o2000) and
    sticky (0o1000). The result has nine characters, r, w and x for owner,
    group and others, with "-" for a bit that is not set. When setuid is set,
    the owner's execute character becomes "s" if execute is set and "S" if
    not; setgid does the same for the group's; sticky does it for the
    others', with "t" and "T". Raise ValueError if mode is outside
    0..0o7777.

    >>> format_permission_string(0o754)
    'rwxr-xr--'
    >>> format_permission_string(0o4755)
    'rwsr-xr-x'
    """
''',
        "body": '''    if not 0 <= mode <= 0o7777:
        raise ValueError(f"mode out of range: {mode!r}")
    chars = []
    for shift, special, marks in ((6, 0o4000, "sS"), (3, 0o2000, "sS"), (0, 0o1000, "tT")):
        bits = mode >> shift
        chars.append("r" if bits & 4 else "-")
        chars.append("w" if bits & 2 else "-")
        execute = bits & 1
        if mode & special:
            chars.append(marks[0] if execute else marks[1])
        else:
            chars.append("x" if execute else "-")
    return "".join(chars)
''',
        "hidden_tests": [
            'assert format_permission_string(0) == "---------"',
            'assert format_permission_string(0o7777) == "rwsrwsrwt"',
            'assert format_permission_string(0o644) == "rw-r--r--" and format_permission_string(0o777) == "rwxrwxrwx"',
            'assert format_permission_string(0o111) == "--x--x--x" and format_permission_string(0o222) == "-w--w--w-" and format_permission_string(0o444) == "r--r--r--"',
            'assert format_permission_string(0o1000) == "--------T" and format_permission_string(0o1777) == "rwxrwxrwt"',
            'assert format_permission_string(0o2000) == "-----S---" and format_permission_string(0o2750) == "rwxr-s---"',
            'assert format_permission_string(0o4000) == "--S------" and format_permission_string(0o4644) == "rwSr--r--"',
            'assert format_permission_string(0o6711) == "rws--s--x"',
            'try:\n    format_permission_string(-1)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    format_permission_string(0o10000)\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
        ],
    },
    {
        "name": "format_sql_in_clause",
        "category": "formatting",
        "prompt": '''def format_sql_in_clause(values: list) -> str:
    """Render Python values as the parenthesised list of an SQL IN clause.

    None is NULL, True and False are TRUE and FALSE, an int is written with
    str(), a float with repr(), and a string in single quotes with every
    single quote inside it doubled. The items are joined by ", " inside
    parentheses. Raise ValueError for an empty list or for an infinite or
    NaN float, and TypeError for a value of any other type (bytes, lists,
    dicts and so on).

    >>> format_sql_in_clause([1, "O'Brien", None, True])
    "(1, 'O''Brien', NULL, TRUE)"
    """
''',
        "body": '''    import math
    if not values:
        raise ValueError("an IN list cannot be empty")
    items = []
    for value in values:
        if value is None:
            items.append("NULL")
        elif isinstance(value, bool):
            items.append("TRUE" if value else "FALSE")
        elif isinstance(value, int):
            items.append(str(value))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(f"cannot write {value!r} in SQL")
            items.append(repr(value))
        elif isinstance(value, str):
            items.append("'" + value.replace("'", "''") + "'")
        else:
            raise TypeError(f"cannot write a {type(value).__name__} in SQL")
    return "(" + ", ".join(items) + ")"
''',
        "hidden_tests": [
            'assert format_sql_in_clause([None]) == "(NULL)"',
            'assert format_sql_in_clause([False, 0, -7]) == "(FALSE, 0, -7)"',
            'assert format_sql_in_clause([1.5, -0.25, 1e20]) == "(1.5, -0.25, 1e+20)"',
            'assert format_sql_in_clause(["", "it\'s", "\'\'"]) == "(\'\', \'it\'\'s\', \'\'\'\'\'\')"',
            'assert format_sql_in_clause(["a,b", "\\u65e5\\u672c"]) == "(\'a,b\', \'\\u65e5\\u672c\')"',
            'try:\n    format_sql_in_clause([])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [float("inf"), float("-inf"), float("nan")]:\n    try:\n        format_sql_in_clause([1, bad])\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
            'for bad in [b"x", [1], {}, (1,)]:\n    try:\n        format_sql_in_clause(["a", bad])\n    except TypeError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
    {
        "name": "format_key_value_block",
        "category": "formatting",
        "prompt": '''def format_key_value_block(pairs: list[tuple[str, str]]) -> list[str]:
    """Align key/value pairs for display, one "key:" per line with all values in one column.

    Every key is followed by ":" and padded with spaces so that all values
    start in the same column, two characters after the longest "key:". A
    value is split into lines with str.splitlines(); its first line goes
    next to the key and each further line starts in the value column with
    only spaces before it (an empty value is treated as one empty line).
    Trailing whitespace is removed from every line. Return the lines in
    order; no pairs give [].

    >>> format_key_value_block([("name", "web"), ("replicas", "3")])
    ['name:      web', 'replicas:  3']
    """
''',
        "body": '''    if not pairs:
        return []
    column = max(len(key) for key, _ in pairs) + 3
    lines = []
    for key, value in pairs:
        parts = value.splitlines() or [""]
        lines.append((key + ":").ljust(column) + parts[0])
        lines.extend(" " * column + part for part in parts[1:])
    return [line.rstrip() for line in lines]
''',
        "hidden_tests": [
            'assert format_key_value_block([]) == []',
            'assert format_key_value_block([("a", "1")]) == ["a:  1"]',
            'assert format_key_value_block([("k", "")]) == ["k:"]',
            'assert format_key_value_block([("key", "one\\ntwo"), ("x", "y")]) == ["key:  one", "      two", "x:    y"]',
            'assert format_key_value_block([("k", "a\\r\\nb\\n")]) == ["k:  a", "    b"]',
            'assert format_key_value_block([("k", "v  "), ("kk", " w")]) == ["k:   v", "kk:   w"]',
            'assert format_key_value_block([("long_key", "1"), ("k", "2")]) == ["long_key:  1", "k:         2"]',
            'assert format_key_value_block([("k", "\\nx\\n\\ny")]) == ["k:", "    x", "", "    y"]',
        ],
    },
    {
        "name": "format_heading_numbers",
        "category": "formatting",
        "prompt": '''def format_heading_numbers(headings: list[tuple[int, str]]) -> list[str]:
    """Number the headings of a document outline, as in a table of contents.

    Each heading is (level, title), level 1 being the top. A heading's number
    is its parent's number, a dot, and its position among its parent's
    children, starting at 1 ("1", "1.1", "1.2", "2", "2.1.1", ...); top-level
    headings are simply counted. Each line is two spaces for each level
    deeper than 1 (none at level 1), the number, one space and the title.
    The first heading must be
    of level 1, and each later one at most one level deeper than the one
    before it (it may be any number of levels shallower); raise ValueError
    otherwise, and for a level below 1.

    >>> format_heading_numbers([(1, "Intro"), (2, "Goals"), (2, "Scope"), (1, "Design"), (2, "API"), (3, "Errors")])
    ['1 Intro', '  1.1 Goals', '  1.2 Scope', '2 Design', '  2.1 API', '    2.1.1 Errors']
    """
''',
        "body": '''    counters: list[int] = []
    lines = []
    for level, title in headings:
        if level < 1 or level > len(counters) + 1:
            raise ValueError(f"bad level {level} for heading {title!r}")
        del counters[level:]
        if len(counters) < level:
            counters.append(0)
        counters[-1] += 1
        lines.append("  " * (level - 1) + ".".join(map(str, counters)) + " " + title)
    return lines
''',
        "hidden_tests": [
            'assert format_heading_numbers([]) == []',
            'assert format_heading_numbers([(1, "A")]) == ["1 A"]',
            'assert format_heading_numbers([(1, "A"), (1, "B"), (1, "C")]) == ["1 A", "2 B", "3 C"]',
            'assert format_heading_numbers([(1, "A"), (2, "B"), (3, "C"), (3, "D"), (2, "E"), (1, "F"), (2, "G")]) == ["1 A", "  1.1 B", "    1.1.1 C", "    1.1.2 D", "  1.2 E", "2 F", "  2.1 G"]',
            'assert format_heading_numbers([(1, "a"), (2, "b"), (3, "c"), (4, "d"), (2, "e"), (3, "f")]) == ["1 a", "  1.1 b", "    1.1.1 c", "      1.1.1.1 d", "  1.2 e", "    1.2.1 f"]',
            'assert format_heading_numbers([(1, "Big picture"), (2, "\\u00dcbersicht")]) == ["1 Big picture", "  1.1 \\u00dcbersicht"]',
            'try:\n    format_heading_numbers([(2, "x")])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'try:\n    format_heading_numbers([(1, "a"), (3, "b")])\nexcept ValueError:\n    pass\nelse:\n    raise AssertionError("expected ValueError")',
            'for bad in [[(1, "a"), (0, "b")], [(0, "x")], [(-1, "x")], [(1, "a"), (2, "b"), (4, "c")]]:\n    try:\n        format_heading_numbers(bad)\n    except ValueError:\n        pass\n    else:\n        raise AssertionError(bad)',
        ],
    },
]
