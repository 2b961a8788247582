"""Fresh tasks, part_b: text and dates."""


# _raises(call, exception="ValueError"), the hidden test that ``call`` raises, is given by build.py


TASKS = [
    # ------------------------------------------------------------------ text
    {
        "name": "make_slug",
        "category": "text",
        "prompt": '''def make_slug(text: str, max_length: int = 50) -> str:
    """Return a URL slug for text.

    First the text is decomposed with Unicode NFKD normalisation and the
    combining marks are dropped (so accents disappear), then it is lowercased.
    Every run of characters that are not ASCII letters or digits becomes a
    single "-", and leading and trailing "-" are removed. If the slug is then
    longer than max_length, it is cut to its first max_length characters and
    any "-" left at its end is removed. The result may be empty. Raise
    ValueError if max_length is less than 1.

    >>> make_slug("Héllo, World!")
    'hello-world'
    >>> make_slug("Release notes for v2.0", max_length=14)
    'release-notes'
    """
''',
        "body": r'''    import re
    import unicodedata
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:max_length].rstrip("-")
''',
        "hidden_tests": [
            'assert make_slug("") == ""',
            'assert make_slug("  --Hello--  ") == "hello"',
            'assert make_slug("Crème Brûlée 2024") == "creme-brulee-2024"',
            'assert make_slug("snake_case and CamelCase") == "snake-case-and-camelcase"',
            'assert make_slug("日本 go") == "go"',
            'assert make_slug("abc def", max_length=3) == "abc"',
            'assert make_slug("abc def", max_length=4) == "abc"',
            'assert make_slug("abc def", max_length=5) == "abc-d"',
            'assert make_slug("abc def", max_length=7) == "abc-def"',
            'assert make_slug("a", max_length=1) == "a"',
            'assert make_slug("x" * 60) == "x" * 50',
            'assert make_slug("x" * 49 + " yz") == "x" * 49',
            _raises('make_slug("abc", max_length=0)'),
            _raises('make_slug("abc", max_length=-3)'),
        ],
    },
    {
        "name": "snake_to_camel",
        "category": "text",
        "prompt": '''def snake_to_camel(name: str, upper_first: bool = False) -> str:
    """Convert a snake_case identifier to camelCase.

    Split name on underscores and drop the empty parts (so leading, trailing
    and doubled underscores disappear). The first part is lowercased; every
    later part gets its first character uppercased and the rest lowercased
    (as str.capitalize does). If upper_first is true the first part is
    capitalised the same way, giving PascalCase. Return "" when name has no
    non-empty parts.

    >>> snake_to_camel("user_id")
    'userId'
    >>> snake_to_camel("__http_status_code", upper_first=True)
    'HttpStatusCode'
    """
''',
        "body": '''    parts = [part for part in name.split("_") if part]
    if not parts:
        return ""
    head = parts[0].capitalize() if upper_first else parts[0].lower()
    return head + "".join(part.capitalize() for part in parts[1:])
''',
        "hidden_tests": [
            'assert snake_to_camel("") == ""',
            'assert snake_to_camel("___") == ""',
            'assert snake_to_camel("x") == "x"',
            'assert snake_to_camel("X") == "x"',
            'assert snake_to_camel("x", upper_first=True) == "X"',
            'assert snake_to_camel("USER_NAME") == "userName"',
            'assert snake_to_camel("a__b_") == "aB"',
            'assert snake_to_camel("get_2fa_code") == "get2faCode"',
            'assert snake_to_camel("max_retry_count", upper_first=True) == "MaxRetryCount"',
            'assert snake_to_camel("élan_vital") == "élanVital"',
        ],
    },
    {
        "name": "camel_to_snake",
        "category": "text",
        "prompt": '''def camel_to_snake(name: str) -> str:
    """Convert a camelCase or PascalCase identifier to snake_case.

    An underscore is inserted before an uppercase letter (one for which
    str.isupper is true) that is not the first character when either the
    character before it is a lowercase letter or a digit, or the character
    before it is uppercase and the character after it is lowercase (so that
    acronyms stay together). Then the whole result is lowercased. Other
    characters, including existing underscores, are kept as they are.

    >>> camel_to_snake("parseHTTPResponse")
    'parse_http_response'
    >>> camel_to_snake("Utf8Decoder")
    'utf8_decoder'
    """
''',
        "body": '''    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0:
            prev = name[i - 1]
            nxt = name[i + 1] if i + 1 < len(name) else ""
            if prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower()):
                out.append("_")
        out.append(ch.lower())
    return "".join(out)
''',
        "hidden_tests": [
            'assert camel_to_snake("") == ""',
            'assert camel_to_snake("A") == "a"',
            'assert camel_to_snake("aB") == "a_b"',
            'assert camel_to_snake("ID") == "id"',
            'assert camel_to_snake("userID") == "user_id"',
            'assert camel_to_snake("HTTPServer") == "http_server"',
            'assert camel_to_snake("ABc") == "a_bc"',
            'assert camel_to_snake("getX") == "get_x"',
            'assert camel_to_snake("XMLHttpRequest2") == "xml_http_request2"',
            'assert camel_to_snake("already_snake") == "already_snake"',
            'assert camel_to_snake("my_Var") == "my_var"',
            'assert camel_to_snake("_Private") == "_private"',
            'assert camel_to_snake("naïveÉcole") == "naïve_école"',
        ],
    },
    {
        "name": "truncate_words",
        "category": "text",
        "prompt": '''def truncate_words(text: str, limit: int, ellipsis: str = "...") -> str:
    """Shorten text to at most limit characters, cutting at a word boundary.

    If len(text) <= limit, return text unchanged. Otherwise return prefix +
    ellipsis, where prefix is the longest text[:k] such that text[k] is a
    space and len(text[:k].rstrip()) + len(ellipsis) <= limit, with its
    trailing spaces removed. If there is no such prefix, or it is empty
    after removing its trailing spaces, return ellipsis[:limit] instead.
    Raise ValueError if limit is negative.

    >>> truncate_words("The quick brown fox", 15)
    'The quick...'
    """
''',
        "body": '''    if limit < 0:
        raise ValueError("limit must not be negative")
    if len(text) <= limit:
        return text
    budget = limit - len(ellipsis)
    best = ""
    for k, ch in enumerate(text):
        if ch == " " and len(text[:k].rstrip()) <= budget:
            best = text[:k].rstrip()
    if not best:
        return ellipsis[:limit]
    return best + ellipsis
''',
        "hidden_tests": [
            'assert truncate_words("short", 10) == "short"',
            'assert truncate_words("hello world", 11) == "hello world"',
            'assert truncate_words("hello world", 10) == "hello..."',
            'assert truncate_words("hello world", 8) == "hello..."',
            'assert truncate_words("hello world", 7) == "..."',
            'assert truncate_words("hello world", 2) == ".."',
            'assert truncate_words("hello world", 0) == ""',
            'assert truncate_words("", 0) == ""',
            'assert truncate_words("one two three", 9, ellipsis=" …") == "one two …"',
            'assert truncate_words("alpha   beta gamma", 12) == "alpha..."',
            'assert truncate_words("ab cd", 4, ellipsis="") == "ab"',
            'assert truncate_words("ab cd ef", 7, ellipsis="") == "ab cd"',
            'assert truncate_words("   lead", 5) == "..."',
            _raises('truncate_words("hello", -1)'),
        ],
    },
    # Surviving mutants are equivalent: len(letters) > max_letters -> >=: at equal length the cut keeps
    #   the same letters.
    {
        "name": "name_initials",
        "category": "text",
        "prompt": '''def name_initials(full_name: str, max_letters: int = 3) -> str:
    """Return the uppercase initials of a person's name, for an avatar badge.

    Words are separated by whitespace or hyphens. Words whose letters are all
    lowercase (str.islower is true, e.g. "van", "de") are skipped, unless
    every word is like that, in which case all words are used. The initial
    of a word is its first character, uppercased. If there are more than
    max_letters initials, keep the first max_letters - 1 of them followed by
    the last one. Return "" for a name with no words. Raise ValueError if
    max_letters is less than 2.

    >>> name_initials("Ludwig van Beethoven")
    'LB'
    >>> name_initials("Jean-Paul Sartre")
    'JPS'
    """
''',
        "body": r'''    import re
    if max_letters < 2:
        raise ValueError("max_letters must be at least 2")
    words = [word for word in re.split(r"[\s-]+", full_name) if word]
    kept = [word for word in words if not word.islower()] or words
    letters = [word[0].upper() for word in kept]
    if len(letters) > max_letters:
        letters = letters[:max_letters - 1] + letters[-1:]
    return "".join(letters)
''',
        "hidden_tests": [
            'assert name_initials("") == ""',
            r'assert name_initials(" \t- ") == ""',
            'assert name_initials("cher") == "C"',
            'assert name_initials("vincent van gogh") == "VVG"',
            'assert name_initials("Mary Ann Lee Smith") == "MAS"',
            'assert name_initials("Mary Ann Lee Smith", max_letters=4) == "MALS"',
            'assert name_initials("Mary Ann Lee Smith Jones", max_letters=4) == "MALJ"',
            'assert name_initials("Ann Lee Smith") == "ALS"',
            'assert name_initials("A B C", max_letters=2) == "AC"',
            'assert name_initials("A B", max_letters=2) == "AB"',
            'assert name_initials("élodie Durand") == "D"',
            'assert name_initials("Élodie  Durand") == "ÉD"',
            _raises('name_initials("Ann Lee", max_letters=1)'),
        ],
    },
    {
        "name": "redact_emails",
        "category": "text",
        "prompt": '''def redact_emails(text: str) -> str:
    """Hide the local part of every email address in text.

    An email address is one or more ASCII letters, digits or characters from
    "._%+-", then "@", then a domain: one or more labels of ASCII letters,
    digits and hyphens separated by dots, the last label being a top-level
    domain of at least two ASCII letters. Replace the part before the "@"
    with its first character followed by "***" and keep the domain.
    Everything else in text is unchanged.

    >>> redact_emails("Contact jane.doe@example.com or bob@mail.co.uk.")
    'Contact j***@example.com or b***@mail.co.uk.'
    """
''',
        "body": r'''    import re
    pattern = r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})"
    return re.sub(pattern, lambda m: m.group(1) + "***@" + m.group(2), text)
''',
        "hidden_tests": [
            'assert redact_emails("") == ""',
            'assert redact_emails("no email here") == "no email here"',
            'assert redact_emails("a@b.io") == "a***@b.io"',
            'assert redact_emails("first.last+tag@sub.example.org") == "f***@sub.example.org"',
            'assert redact_emails("user@localhost") == "user@localhost"',
            'assert redact_emails("x@y.c") == "x@y.c"',
            'assert redact_emails("@example.com") == "@example.com"',
            'assert redact_emails("<ann@a-b.de>, <zed@c.fr>") == "<a***@a-b.de>, <z***@c.fr>"',
            'assert redact_emails("Mail: tom_99@site.com!") == "Mail: t***@site.com!"',
        ],
    },
    {
        "name": "normalize_whitespace",
        "category": "text",
        "prompt": r'''def normalize_whitespace(text: str) -> str:
    r"""Tidy the whitespace of a block of prose.

    Lines are separated by "\n". A blank line is one that is empty or holds
    only whitespace. Paragraphs are the groups of consecutive non-blank
    lines. Within a paragraph every run of whitespace (str.isspace), line
    breaks included, becomes a single space and the paragraph is stripped.
    Return the paragraphs joined by exactly one blank line ("\n\n"), or ""
    when text holds no paragraph.

    >>> normalize_whitespace("  Hello,\n   world!  \n\n\n\tBye ")
    'Hello, world!\n\nBye'
    """
''',
        "body": '''    paragraphs = []
    current = []
    for line in text.split("\\n"):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return "\\n\\n".join(" ".join(" ".join(lines).split()) for lines in paragraphs)
''',
        "hidden_tests": [
            'assert normalize_whitespace("") == ""',
            r'assert normalize_whitespace("   \n\n  \t ") == ""',
            'assert normalize_whitespace("one") == "one"',
            r'assert normalize_whitespace("a\nb") == "a b"',
            r'assert normalize_whitespace("a\n\nb") == "a\n\nb"',
            r'assert normalize_whitespace("a\n \t \nb") == "a\n\nb"',
            r'assert normalize_whitespace("\n\na  b\n\n\n\nc\n") == "a b\n\nc"',
            r'assert normalize_whitespace("x\r\n\r\ny") == "x\n\ny"',
            r'assert normalize_whitespace("p1 l1\np1 l2\n\np2") == "p1 l1 p1 l2\n\np2"',
            r'assert normalize_whitespace("a\u00a0\u00a0b") == "a b"',
        ],
    },
    {
        "name": "headline_case",
        "category": "text",
        "prompt": '''def headline_case(text: str) -> str:
    """Title-case a headline, keeping small words lowercase.

    Words are the whitespace-separated parts of text; the result joins them
    with single spaces. A word that is neither the first nor the last word
    and whose lowercase form is one of a, an, and, as, at, but, by, for, in,
    nor, of, on, or, the, to, with is written in lowercase. Every other word
    gets its first character uppercased and keeps the rest as it is.

    >>> headline_case("the lord of the rings")
    'The Lord of the Rings'
    """
''',
        "body": '''    small = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to",
             "with"}
    words = text.split()
    result = []
    for i, word in enumerate(words):
        if 0 < i < len(words) - 1 and word.lower() in small:
            result.append(word.lower())
        else:
            result.append(word[:1].upper() + word[1:])
    return " ".join(result)
''',
        "hidden_tests": [
            'assert headline_case("") == ""',
            'assert headline_case("of") == "Of"',
            'assert headline_case("of mice and men") == "Of Mice and Men"',
            'assert headline_case("what to look for") == "What to Look For"',
            'assert headline_case("THE END OF An era") == "THE END of an Era"',
            'assert headline_case("  spaced   out  ") == "Spaced Out"',
            'assert headline_case("über alles") == "Über Alles"',
            'assert headline_case("a") == "A"',
            'assert headline_case("in the end") == "In the End"',
            'assert headline_case("tom and jerry") == "Tom and Jerry"',
            'assert headline_case("go ON") == "Go ON"',
        ],
    },
    {
        "name": "extract_hashtags",
        "category": "text",
        "prompt": '''def extract_hashtags(text: str) -> list[str]:
    """Return the hashtags in text, lowercased and without their "#".

    A hashtag is "#" followed by one or more letters, digits or underscores
    (str.isalnum or "_"), of which the first is a letter; it ends before the
    first character that is not one of those. The "#" must be at the start of
    text or right after a character that is not a letter, digit, underscore
    or "#" (so "a#b" and "##b" hold no hashtag). Each tag appears once, in
    the order of its first appearance, comparing case-insensitively.

    >>> extract_hashtags("Loving #Python and #python3! #2024 #AI #ai")
    ['python', 'python3', 'ai']
    """
''',
        "body": r'''    import re
    seen = []
    for match in re.finditer(r"(?<![\w#])#([^\W\d_]\w*)", text):
        tag = match.group(1).lower()
        if tag not in seen:
            seen.append(tag)
    return seen
''',
        "hidden_tests": [
            'assert extract_hashtags("") == []',
            'assert extract_hashtags("no tags") == []',
            'assert extract_hashtags("#A #a #A") == ["a"]',
            'assert extract_hashtags("email a#b and ##b") == []',
            'assert extract_hashtags("#_x #x_1") == ["x_1"]',
            'assert extract_hashtags("(#café)") == ["café"]',
            'assert extract_hashtags("#Ünïcode") == ["ünïcode"]',
            'assert extract_hashtags("#tag,#next") == ["tag", "next"]',
            'assert extract_hashtags("#9lives #") == []',
            'assert extract_hashtags("#b #a #b") == ["b", "a"]',
            'assert extract_hashtags("#x-y") == ["x"]',
        ],
    },
    {
        "name": "word_list_diff",
        "category": "text",
        "prompt": '''def word_list_diff(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    \"\"\"Compare two word lists as multisets (repeats count, order does not).

    Return (removed, added): removed holds each word as many times as it
    occurs more often in old than in new, and added holds each word as many
    times as it occurs more often in new than in old. Both lists are sorted
    in ascending order. Words are compared exactly (case-sensitively).

    >>> word_list_diff(["a", "b", "b", "c"], ["b", "c", "c", "d"])
    (['a', 'b'], ['c', 'd'])
    \"\"\"
''',
        "body": '''    from collections import Counter
    old_counts, new_counts = Counter(old), Counter(new)
    removed = sorted((old_counts - new_counts).elements())
    added = sorted((new_counts - old_counts).elements())
    return removed, added
''',
        "hidden_tests": [
            'assert word_list_diff([], []) == ([], [])',
            'assert word_list_diff(["x"], []) == (["x"], [])',
            'assert word_list_diff([], ["y", "y"]) == ([], ["y", "y"])',
            'assert word_list_diff(["b", "a"], ["a", "b"]) == ([], [])',
            'assert word_list_diff(["Word"], ["word"]) == (["Word"], ["word"])',
            'assert word_list_diff(["z", "a", "z", "z"], ["z"]) == (["a", "z", "z"], [])',
            'assert word_list_diff(["k", "k"], ["k", "k", "k", "j"]) == ([], ["j", "k"])',
        ],
    },
    # Surviving mutants are equivalent: find("}", i + 1) -> i or i + 2: template[i] is "{", and skipping
    #   i + 1 only turns "{}" into another invalid name.
    {
        "name": "render_placeholders",
        "category": "text",
        "prompt": '''def render_placeholders(template: str, values: dict[str, object]) -> str:
    \"\"\"Fill the {name} placeholders of template.

    A placeholder is "{", a name of one or more letters, digits or
    underscores (str.isalnum or "_"), and "}"; it is replaced by
    str(values[name]). Outside placeholders, "{{" stands for a literal "{"
    and "}}" for a literal "}". Raise KeyError if a placeholder's name is
    not in values, and ValueError for any other use of "{" or "}" (a "{"
    without a closing "}", an empty or invalid name such as in "{}" or
    "{a b}", or a single "}").

    >>> render_placeholders("Hi {name}, you have {count} new {{messages}}", {"name": "Ana", "count": 3})
    'Hi Ana, you have 3 new {messages}'
    \"\"\"
''',
        "body": '''    out = []
    i = 0
    n = len(template)
    while i < n:
        ch = template[i]
        if ch == "{":
            if template.startswith("{{", i):
                out.append("{")
                i += 2
                continue
            end = template.find("}", i + 1)
            name = template[i + 1:end]
            if end == -1 or not name or not all(c.isalnum() or c == "_" for c in name):
                raise ValueError(f"bad placeholder at index {i}")
            out.append(str(values[name]))
            i = end + 1
        elif ch == "}":
            if not template.startswith("}}", i):
                raise ValueError(f"single '}}' at index {i}")
            out.append("}")
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)
''',
        "hidden_tests": [
            'assert render_placeholders("", {}) == ""',
            'assert render_placeholders("plain text", {"a": 1}) == "plain text"',
            'assert render_placeholders("{a}{b}", {"a": 1, "b": None}) == "1None"',
            'assert render_placeholders("{{{x}}}", {"x": "v"}) == "{v}"',
            'assert render_placeholders("a}}b{{c", {}) == "a}b{c"',
            'assert render_placeholders("{x_1}-{X2}", {"x_1": 1.5, "X2": "y"}) == "1.5-y"',
            'assert render_placeholders("{{name}}", {}) == "{name}"',
            'assert render_placeholders("[{é}]", {"é": 0}) == "[0]"',
            _raises('render_placeholders("{missing}", {})', "KeyError"),
            _raises('render_placeholders("{", {})'),
            _raises('render_placeholders("}", {})'),
            _raises('render_placeholders("{}", {})'),
            _raises('render_placeholders("{a b}", {"a b": 1})'),
            _raises('render_placeholders("{ab", {"ab": 1})'),
            _raises('render_placeholders("x}y}}", {})'),
        ],
    },
    {
        "name": "count_prose_words",
        "category": "text",
        "prompt": '''def count_prose_words(text: str) -> int:
    \"\"\"Count the words in text the way a word processor would.

    A word is a run of letters and digits (str.isalnum; the underscore is not
    one of them) that may contain an apostrophe (' or ’) or a hyphen only
    between two letters or digits, so "don't", "state-of-the-art" and "3-4"
    are one word each. Every other character separates words: spaces,
    punctuation, underscores, a hyphen or apostrophe that is not between two
    letters or digits (as in "a - b", "x--y" or "'quoted'").

    >>> count_prose_words("It's a state-of-the-art tool -- really!")
    5
    \"\"\"
''',
        "body": r'''    import re
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))
''',
        "hidden_tests": [
            'assert count_prose_words("") == 0',
            'assert count_prose_words("   ") == 0',
            'assert count_prose_words("---") == 0',
            'assert count_prose_words("a - b") == 2',
            'assert count_prose_words("\'quoted\'") == 1',
            'assert count_prose_words("rock\'n\'roll") == 1',
            'assert count_prose_words("x--y") == 2',
            'assert count_prose_words("snake_case") == 2',
            'assert count_prose_words("naïve café, l’été") == 3',
            'assert count_prose_words("1,000 and 3-4") == 4',
            'assert count_prose_words("word") == 1',
        ],
    },
    # Surviving mutants are equivalent: while i < n -> <=: the extra pass at i == n finds nothing; i =
    #   end + 1 -> end: the next pass starts on the ";" and skips an empty pair.
    {
        "name": "parse_key_values",
        "category": "text",
        "prompt": '''def parse_key_values(text: str) -> dict[str, str]:
    \"\"\"Parse settings written like 'name=web; port=8080; motd="hi; there"'.

    Pairs are separated by ";" and empty or all-whitespace pairs are skipped.
    A pair is a key, "=", and a value; the key (everything before the first
    "=") is stripped of surrounding whitespace and must not be empty. If the
    value's first non-whitespace character is a double quote, the value is
    everything up to the next double quote (kept exactly, and it may
    contain ";" and "="), and only whitespace may follow the closing quote
    before the next ";" or the end. Otherwise the value is everything up to
    the next ";" or the end, stripped. A later key overrides an earlier one.
    Raise ValueError for a non-empty pair without "=", an empty key, a
    quote that is never closed, or other text after a closing quote.

    >>> parse_key_values('name = web; port=8080; motd="hi; there "; ')
    {'name': 'web', 'port': '8080', 'motd': 'hi; there '}
    \"\"\"
''',
        "body": r'''    import re
    result = {}
    i, n = 0, len(text)
    while i < n:
        m = re.compile(r"[;=]").search(text, i)
        if m is None or m.group() == ";":
            end = n if m is None else m.start()
            if text[i:end].strip():
                raise ValueError(f"missing '=' in {text[i:end].strip()!r}")
            i = end + 1
            continue
        key = text[i:m.start()].strip()
        if not key:
            raise ValueError("empty key")
        j = m.end()
        while j < n and text[j].isspace():
            j += 1
        if j < n and text[j] == '"':
            close = text.find('"', j + 1)
            if close == -1:
                raise ValueError("unterminated quote")
            value = text[j + 1:close]
            end = close + 1
            while end < n and text[end].isspace():
                end += 1
            if end < n and text[end] != ";":
                raise ValueError("unexpected text after a quoted value")
        else:
            end = text.find(";", j)
            end = n if end == -1 else end
            value = text[j:end].strip()
        result[key] = value
        i = end + 1
    return result
''',
        "hidden_tests": [
            'assert parse_key_values("") == {}',
            'assert parse_key_values(" ; ;") == {}',
            'assert parse_key_values("a=1;a=2") == {"a": "2"}',
            'assert parse_key_values("a=") == {"a": ""}',
            'assert parse_key_values("a=  ") == {"a": ""}',
            'assert parse_key_values(\'a=""\') == {"a": ""}',
            'assert parse_key_values("a=b=c") == {"a": "b=c"}',
            'assert parse_key_values("my key = some value ;b=2") == {"my key": "some value", "b": "2"}',
            'assert parse_key_values(\'a="x=1;y"  ;b = 2\') == {"a": "x=1;y", "b": "2"}',
            'assert parse_key_values(\'a= "  padded  " \') == {"a": "  padded  "}',
            'assert parse_key_values("a=1;;b=2") == {"a": "1", "b": "2"}',
            'assert parse_key_values(\'a=x"y\') == {"a": \'x"y\'}',
            'assert parse_key_values(\'q="v"\') == {"q": "v"}',
            _raises('parse_key_values("novalue")'),
            _raises('parse_key_values("a=1; junk")'),
            _raises('parse_key_values("=5")'),
            _raises('parse_key_values(" = 5")'),
            _raises('parse_key_values(\'a="open\')'),
            _raises('parse_key_values(\';b="open\')'),
            _raises('parse_key_values(\'a="x" y\')'),
            _raises('parse_key_values(\'a="x"y;b=1\')'),
        ],
    },
    # Surviving mutants are equivalent: group(1) -> group(0): the extra characters are whitespace, which
    #   has no case.
    {
        "name": "split_sentences",
        "category": "text",
        "prompt": '''def split_sentences(text: str, abbreviations: tuple[str, ...] = ("Mr", "Mrs", "Dr", "e.g", "i.e", "etc")) -> list[str]:
    \"\"\"Split prose into sentences.

    A run of one or more of the characters ".", "!" and "?" ends a sentence
    when it is followed by nothing but whitespace up to the end of text, or
    by one or more whitespace characters and then an uppercase letter
    (str.isupper). Exception: a run that is a single "." does not end a
    sentence when the characters between the previous whitespace (or the
    start of text) and that "." form one of abbreviations (compared
    exactly). Each sentence runs from the end of the previous one through
    its end mark, stripped; the text after the last end mark, if it is not
    blank, is a final sentence.

    >>> split_sentences("Dr. Smith arrived at 5 p.m. today. Was it late?! No.")
    ['Dr. Smith arrived at 5 p.m. today.', 'Was it late?!', 'No.']
    \"\"\"
''',
        "body": r'''    import re
    sentences, start = [], 0
    for m in re.finditer(r"[.!?]+", text):
        rest = text[m.end():]
        following = re.match(r"\s+(\S)", rest)
        if rest.strip() and not (following and following.group(1).isupper()):
            continue
        word = re.search(r"\S*\Z", text[:m.start()]).group()
        if m.group() == "." and word in abbreviations:
            continue
        sentences.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences
''',
        "hidden_tests": [
            'assert split_sentences("") == []',
            'assert split_sentences("   ") == []',
            'assert split_sentences("Hello") == ["Hello"]',
            'assert split_sentences("One. two. Three") == ["One. two.", "Three"]',
            'assert split_sentences("Wait... What?") == ["Wait...", "What?"]',
            'assert split_sentences("Mr. Bean. Mrs. Bean.") == ["Mr. Bean.", "Mrs. Bean."]',
            'assert split_sentences("Dr. Who", abbreviations=()) == ["Dr.", "Who"]',
            'assert split_sentences("Dr! Who") == ["Dr!", "Who"]',
            'assert split_sentences("Dr.. Who") == ["Dr..", "Who"]',
            'assert split_sentences("Version 2.0 is out. Great") == ["Version 2.0 is out.", "Great"]',
            r'assert split_sentences("Hi.\nThere.  ") == ["Hi.", "There."]',
            'assert split_sentences("Oui. Élise est là.") == ["Oui.", "Élise est là."]',
            'assert split_sentences("end.Start") == ["end.Start"]',
            'assert split_sentences("I met the Dr.") == ["I met the Dr."]',
            'assert split_sentences("Use e.g. Python. Or not") == ["Use e.g. Python.", "Or not"]',
            'assert split_sentences("Go . Now") == ["Go .", "Now"]',
            'assert split_sentences("Stop! 42 is fine") == ["Stop! 42 is fine"]',
        ],
    },
    {
        "name": "mention_counts",
        "category": "text",
        "prompt": '''def mention_counts(text: str) -> dict[str, int]:
    """Count the @mentions in a chat message.

    A mention is "@" followed by a handle of 1 to 15 ASCII letters, digits or
    underscores, where the character after the handle (if any) is not one of
    those (so a run of 16 or more such characters is no mention at all). The
    "@" must be at the start of text or after a character that is not a
    letter, digit, underscore, "." or "@" (so the "@" of an email address
    is no mention). Handles are compared case-insensitively; return a dict
    from each lowercased handle to its number of mentions, in the order of
    first mention.

    >>> mention_counts("@Ann thanks! cc @bob @ann, mail ann@x.org")
    {'ann': 2, 'bob': 1}
    """
''',
        "body": r'''    import re
    counts = {}
    for match in re.finditer(r"(?<![\w.@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])", text):
        handle = match.group(1).lower()
        counts[handle] = counts.get(handle, 0) + 1
    return counts
''',
        "hidden_tests": [
            'assert mention_counts("") == {}',
            'assert mention_counts("@") == {}',
            'assert mention_counts("@a") == {"a": 1}',
            'assert mention_counts("@" + "x" * 15) == {"x" * 15: 1}',
            'assert mention_counts("@" + "x" * 16) == {}',
            'assert mention_counts("@@bob a@bob x.@bob") == {}',
            'assert mention_counts("(@Bob) @BOB\'s @_x") == {"bob": 2, "_x": 1}',
            'assert mention_counts("@zed @amy @zed") == {"zed": 2, "amy": 1}',
            'assert list(mention_counts("@zed @amy @zed")) == ["zed", "amy"]',
            'assert mention_counts("héllo@bob") == {}',
            'assert mention_counts("@bob-smith") == {"bob": 1}',
        ],
    },
    {
        "name": "find_doubled_words",
        "category": "text",
        "prompt": '''def find_doubled_words(text: str) -> list[tuple[int, str]]:
    """Find accidentally doubled words, as in "the the".

    Words are maximal runs of letters and digits (str.isalnum; underscores
    and all other characters separate words). Two consecutive words are
    doubled when they are equal ignoring case and only whitespace (spaces,
    tabs, newlines...) stands between them; "that, that" is not doubled.
    Return a (line, word) pair for the second word of each doubled pair, in
    order, where line is the 1-based number of the line holding that second
    word (lines are separated by newline characters) and word is it
    lowercased. Three equal words in a row give two pairs.

    >>> find_doubled_words("Paris in the the spring. No, no. It it is")
    [(1, 'the'), (1, 'it')]
    """
''',
        "body": r'''    import re
    found = []
    prev = None
    for match in re.finditer(r"[^\W_]+", text):
        word = match.group().lower()
        if prev is not None and prev[0] == word and not text[prev[1]:match.start()].strip():
            found.append((text.count("\n", 0, match.start()) + 1, word))
        prev = (word, match.end())
    return found
''',
        "hidden_tests": [
            'assert find_doubled_words("") == []',
            'assert find_doubled_words("one two") == []',
            'assert find_doubled_words("a a a") == [(1, "a"), (1, "a")]',
            'assert find_doubled_words("The THE") == [(1, "the")]',
            'assert find_doubled_words("that, that") == []',
            r'assert find_doubled_words("the\n\nthe") == [(3, "the")]',
            r'assert find_doubled_words("x x\ny y") == [(1, "x"), (2, "y")]',
            'assert find_doubled_words("a_a is-is") == []',
            r'assert find_doubled_words("tab\ttab 1 1") == [(1, "tab"), (1, "1")]',
            r'assert find_doubled_words("first\nsecond line line") == [(2, "line")]',
            'assert find_doubled_words("go gone") == []',
            r'assert find_doubled_words("\nhey hey") == [(2, "hey")]',
            'assert find_doubled_words("Été été") == [(1, "été")]',
        ],
    },
    {
        "name": "strip_markdown_links",
        "category": "text",
        "prompt": '''def strip_markdown_links(text: str, keep_urls: bool = False) -> str:
    """Replace Markdown links and images in text by plain text.

    A link is "[label](url)" and an image is "![alt](url)", where label and
    alt contain no "]" and url is one or more characters none of which is
    whitespace, "(" or ")". A link becomes its label, or "label (url)" when
    keep_urls is true; an image becomes its alt text whatever keep_urls
    says. When the label or alt text is empty the link or image becomes its
    url. Anything that does not match these forms is left unchanged.

    >>> strip_markdown_links("See [the docs](https://ex.com/docs) and ![logo](logo.png).")
    'See the docs and logo.'
    >>> strip_markdown_links("See [the docs](https://ex.com/docs).", keep_urls=True)
    'See the docs (https://ex.com/docs).'
    """
''',
        "body": r'''    import re

    def replace(match):
        bang, label, url = match.groups()
        if not label:
            return url
        if keep_urls and not bang:
            return f"{label} ({url})"
        return label

    return re.sub(r"(!?)\[([^\]]*)\]\(([^()\s]+)\)", replace, text)
''',
        "hidden_tests": [
            'assert strip_markdown_links("") == ""',
            'assert strip_markdown_links("no links [here]") == "no links [here]"',
            'assert strip_markdown_links("[a](b c)") == "[a](b c)"',
            'assert strip_markdown_links("[x]()") == "[x]()"',
            'assert strip_markdown_links("[](u)") == "u"',
            'assert strip_markdown_links("[](u)", keep_urls=True) == "u"',
            'assert strip_markdown_links("![](pic.png)", keep_urls=True) == "pic.png"',
            'assert strip_markdown_links("![alt](pic.png)", keep_urls=True) == "alt"',
            'assert strip_markdown_links("[a](u) [b](v)", keep_urls=True) == "a (u) b (v)"',
            'assert strip_markdown_links("[a](u) [b](v)") == "a b"',
            r'assert strip_markdown_links("[a]\n(u)") == "[a]\n(u)"',
            'assert strip_markdown_links("[a] (u)") == "[a] (u)"',
        ],
    },
    {
        "name": "quote_reply",
        "category": "text",
        "prompt": '''def quote_reply(lines: list[str], author: str) -> list[str]:
    """Quote the lines of an email for a reply.

    The result starts with the line "<author> wrote:". Then come the lines,
    each with its trailing whitespace removed; blank lines at the start and
    at the end are dropped. An empty line becomes ">", a line starting with
    ">" gets ">" in front of it, and any other line gets "> " in front of it.

    >>> quote_reply(["Hi Bob,", "", "> earlier note", "Thanks  "], "Ann")
    ['Ann wrote:', '> Hi Bob,', '>', '>> earlier note', '> Thanks']
    """
''',
        "body": '''    cleaned = [line.rstrip() for line in lines]
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    out = [f"{author} wrote:"]
    for line in cleaned:
        if not line:
            out.append(">")
        elif line.startswith(">"):
            out.append(">" + line)
        else:
            out.append("> " + line)
    return out
''',
        "hidden_tests": [
            'assert quote_reply([], "X") == ["X wrote:"]',
            'assert quote_reply(["", "  ", "a", ""], "X") == ["X wrote:", "> a"]',
            r'assert quote_reply(["  ", "\t"], "X") == ["X wrote:"]',
            'assert quote_reply([">"], "X") == ["X wrote:", ">>"]',
            'assert quote_reply([" > not quote"], "X") == ["X wrote:", ">  > not quote"]',
            'assert quote_reply(["a", "", " ", "b"], "X") == ["X wrote:", "> a", ">", ">", "> b"]',
            'assert quote_reply(["> a", ">> b"], "Y Z") == ["Y Z wrote:", ">> a", ">>> b"]',
            'assert quote_reply(["x", "y", ""], "Q") == ["Q wrote:", "> x", "> y"]',
        ],
    },
    # Surviving mutants are equivalent: default=0 -> 1 or -1: the default is used only when no line
    #   holds char, and then width is unused.
    {
        "name": "align_on_char",
        "category": "text",
        "prompt": '''def align_on_char(lines: list[str], char: str = "=") -> list[str]:
    """Line up the first occurrence of char in each line, as a code formatter does.

    Each line that contains char is split at its first occurrence into a
    left part, with trailing whitespace removed, and a right part, with
    leading whitespace removed. It becomes the left part padded with spaces
    on the right to the length of the longest such left part, then a space,
    char, a space and the right part, with trailing whitespace removed.
    Lines without char are unchanged. Raise ValueError if char is not
    exactly one character.

    >>> align_on_char(["x = 1", "longer_name=2", "# note", "y  =  3"])
    ['x           = 1', 'longer_name = 2', '# note', 'y           = 3']
    """
''',
        "body": '''    if len(char) != 1:
        raise ValueError("char must be one character")
    split = [line.split(char, 1) if char in line else None for line in lines]
    width = max((len(parts[0].rstrip()) for parts in split if parts), default=0)
    out = []
    for line, parts in zip(lines, split):
        if parts is None:
            out.append(line)
        else:
            left, right = parts[0].rstrip(), parts[1].lstrip()
            out.append(f"{left.ljust(width)} {char} {right}".rstrip())
    return out
''',
        "hidden_tests": [
            'assert align_on_char([]) == []',
            'assert align_on_char(["no equals", ""]) == ["no equals", ""]',
            'assert align_on_char(["a="]) == ["a ="]',
            'assert align_on_char(["a=b=c", "bb = d"]) == ["a  = b=c", "bb = d"]',
            'assert align_on_char(["=x", "key=v"]) == ["    = x", "key = v"]',
            'assert align_on_char(["  indent: 1", "other:2"], ":") == ["  indent : 1", "other    : 2"]',
            'assert align_on_char(["a → b", "ccc→d", "plain"], "→") == ["a   → b", "ccc → d", "plain"]',
            'assert align_on_char(["x = 1  "]) == ["x = 1"]',
            _raises('align_on_char(["a == b"], "==")'),
            _raises('align_on_char(["a = b"], "")'),
        ],
    },
    {
        "name": "smart_quotes",
        "category": "text",
        "prompt": '''def smart_quotes(text: str) -> str:
    """Replace straight quotes by typographic ones.

    A quote is opening when it is the first character of text or the
    character before it (in text as given) is whitespace or one of "(",
    "[" and "{"; otherwise it is closing. An opening double quote (")
    becomes “ and a closing one ”; an opening single quote (') becomes ‘ and
    a closing one ’ (which is also the apostrophe). Every other character
    is unchanged.

    >>> smart_quotes('"Hello," she said.')
    '“Hello,” she said.'
    >>> smart_quotes("it's 'fine'")
    'it’s ‘fine’'
    """
''',
        "body": '''    out = []
    for i, ch in enumerate(text):
        if ch in "\\"'":
            opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{"
            if ch == '"':
                out.append("“" if opening else "”")
            else:
                out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)
''',
        "hidden_tests": [
            'assert smart_quotes("") == ""',
            'assert smart_quotes("no quotes") == "no quotes"',
            'assert smart_quotes(\'"\') == "“"',
            'assert smart_quotes("\'") == "‘"',
            'assert smart_quotes(\'x"\') == "x”"',
            'assert smart_quotes("rock \'n\' roll") == "rock ‘n’ roll"',
            'assert smart_quotes("don\'t") == "don’t"',
            'assert smart_quotes(\'("a") [\\\'b\\\'] {"c"}\') == "(“a”) [‘b’] {“c”}"',
            'assert smart_quotes(\'line\\n"next"\\t"tab"\') == "line\\n“next”\\t“tab”"',
            'assert smart_quotes(\'""\') == "“”"',
            'assert smart_quotes(\'a "\') == "a “"',
        ],
    },
    {
        "name": "make_unique_names",
        "category": "text",
        "prompt": '''def make_unique_names(names: list[str]) -> list[str]:
    """Rename duplicate file names the way a file manager does.

    Go through names in order. A name not used yet (by an earlier name, as
    kept or renamed) is kept. Otherwise it gets the smallest suffix " (n)",
    n >= 1, that gives a name not used yet. The suffix goes before the
    extension, which is the part from the last "." on when that dot is not
    the first character (so ".bashrc" has no extension). Names are compared
    exactly.

    >>> make_unique_names(["a.txt", "b", "a.txt", "a.txt", "b"])
    ['a.txt', 'b', 'a (1).txt', 'a (2).txt', 'b (1)']
    """
''',
        "body": '''    used = set()
    result = []
    for name in names:
        candidate = name
        if candidate in used:
            dot = name.rfind(".")
            base, ext = (name[:dot], name[dot:]) if dot > 0 else (name, "")
            n = 1
            while f"{base} ({n}){ext}" in used:
                n += 1
            candidate = f"{base} ({n}){ext}"
        used.add(candidate)
        result.append(candidate)
    return result
''',
        "hidden_tests": [
            'assert make_unique_names([]) == []',
            'assert make_unique_names(["x"]) == ["x"]',
            'assert make_unique_names(["A.txt", "a.txt"]) == ["A.txt", "a.txt"]',
            'assert make_unique_names([".bashrc", ".bashrc"]) == [".bashrc", ".bashrc (1)"]',
            'assert make_unique_names(["b.tar.gz", "b.tar.gz"]) == ["b.tar.gz", "b.tar (1).gz"]',
            'assert make_unique_names(["a (1).txt", "a.txt", "a.txt"]) == ["a (1).txt", "a.txt", "a (2).txt"]',
            'assert make_unique_names(["a.txt", "a.txt", "a (1).txt"]) == ["a.txt", "a (1).txt", "a (1) (1).txt"]',
            'assert make_unique_names(["n", "n", "n", "n"]) == ["n", "n (1)", "n (2)", "n (3)"]',
            'assert make_unique_names(["x.", "x."]) == ["x.", "x (1)."]',
        ],
    },
    {
        "name": "reading_time_label",
        "category": "text",
        "prompt": '''def reading_time_label(text: str, words_per_minute: int = 200) -> str:
    """Return a label like "3 min read" for an article.

    Words are the whitespace-separated parts of text. The minutes are the
    number of words divided by words_per_minute, rounded up, and at least 1
    (even for a text with no words). Raise ValueError if words_per_minute is
    less than 1.

    >>> reading_time_label("word " * 401)
    '3 min read'
    """
''',
        "body": '''    if words_per_minute < 1:
        raise ValueError("words_per_minute must be at least 1")
    words = len(text.split())
    minutes = max(1, -(-words // words_per_minute))
    return f"{minutes} min read"
''',
        "hidden_tests": [
            'assert reading_time_label("") == "1 min read"',
            'assert reading_time_label("w " * 200) == "1 min read"',
            'assert reading_time_label("w " * 201) == "2 min read"',
            'assert reading_time_label("w " * 400) == "2 min read"',
            r'assert reading_time_label("a\nb\tc", words_per_minute=1) == "3 min read"',
            'assert reading_time_label("a b c d", words_per_minute=3) == "2 min read"',
            'assert reading_time_label("a b c", words_per_minute=3) == "1 min read"',
            _raises('reading_time_label("a", words_per_minute=0)'),
        ],
    },
    {
        "name": "censor_words",
        "category": "text",
        "prompt": '''def censor_words(text: str, banned: list[str]) -> str:
    """Mask the banned words in text, keeping their first letter.

    Words are the maximal runs of letters (str.isalpha). A word whose
    lowercase form equals the lowercase form of a banned word becomes its
    first character followed by one "*" for each of its other characters.
    Only whole words match ("classic" does not contain the word "ass");
    everything else in text is unchanged.

    >>> censor_words("Darn it, DARN printer!", ["darn"])
    'D*** it, D*** printer!'
    """
''',
        "body": r'''    import re
    bad = {word.lower() for word in banned}

    def mask(match):
        word = match.group()
        if word.lower() in bad:
            return word[0] + "*" * (len(word) - 1)
        return word

    return re.sub(r"[^\W\d_]+", mask, text)
''',
        "hidden_tests": [
            'assert censor_words("", ["x"]) == ""',
            'assert censor_words("keep all", []) == "keep all"',
            'assert censor_words("a classic pass", ["ass"]) == "a classic pass"',
            'assert censor_words("Heck\'s heck_yes heck2 hecks", ["HECK"]) == "H***\'s h***_yes h***2 hecks"',
            'assert censor_words("x y x", ["x"]) == "x y x"',
            'assert censor_words("Ärger und ärger", ["ärger"]) == "Ä**** und ä****"',
            'assert censor_words("foo bar baz", ["bar", "baz"]) == "foo b** b**"',
            'assert censor_words("ab", ["ab"]) == "a*"',
        ],
    },
    # Surviving mutants are equivalent: query[i + 1] -> query[i]: a "-" before whitespace then gives an
    #   empty term, dropped like the term "-".
    {
        "name": "tokenize_search_query",
        "category": "text",
        "prompt": '''def tokenize_search_query(query: str) -> tuple[list[str], list[str]]:
    """Split a search box query into (required terms, excluded terms).

    Scan query from left to right, skipping whitespace. A "-" followed by a
    character that is not whitespace marks the term that starts right after
    it as excluded. A term that starts with a double quote is a phrase: it
    ends at the next double quote, and its text is the inside with runs of
    whitespace collapsed to single spaces and stripped; the next term may
    start right after the closing quote. Any other term runs up to the next
    whitespace (quotes inside it are ordinary characters). Terms are
    lowercased; empty terms and terms equal to "-" are dropped, and each
    list keeps a term once, in order of first appearance. Raise ValueError
    for a phrase whose closing quote is missing.

    >>> tokenize_search_query('Python "web   framework" -django -"flask app"')
    (['python', 'web framework'], ['django', 'flask app'])
    """
''',
        "body": '''    include, exclude = [], []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negative = query[i] == "-" and i + 1 < n and not query[i + 1].isspace()
        if negative:
            i += 1
        if query[i] == '"':
            close = query.find('"', i + 1)
            if close == -1:
                raise ValueError("missing closing quote")
            term = " ".join(query[i + 1:close].split())
            i = close + 1
        else:
            end = i
            while end < n and not query[end].isspace():
                end += 1
            term = query[i:end]
            i = end
        term = term.lower()
        target = exclude if negative else include
        if term and term != "-" and term not in target:
            target.append(term)
    return include, exclude
''',
        "hidden_tests": [
            'assert tokenize_search_query("") == ([], [])',
            r'assert tokenize_search_query(" \t ") == ([], [])',
            'assert tokenize_search_query("a - b") == (["a", "b"], [])',
            'assert tokenize_search_query("a -") == (["a"], [])',
            'assert tokenize_search_query("-") == ([], [])',
            'assert tokenize_search_query(\'"" -""\') == ([], [])',
            'assert tokenize_search_query("Python PYTHON python") == (["python"], [])',
            'assert tokenize_search_query(\'"a   b"c\') == (["a b", "c"], [])',
            'assert tokenize_search_query("-a a -A") == (["a"], ["a"])',
            'assert tokenize_search_query(\'x"y z\') == ([\'x"y\', "z"], [])',
            'assert tokenize_search_query("--x") == ([], ["-x"])',
            'assert tokenize_search_query(\'-" Big  Cat "dog\') == (["dog"], ["big cat"])',
            _raises('tokenize_search_query(\'"open\')'),
            _raises('tokenize_search_query(\'ok -"x\')'),
        ],
    },
    {
        "name": "highlight_terms",
        "category": "text",
        "prompt": '''def highlight_terms(text: str, terms: list[str], marker: str = "**") -> str:
    """Wrap whole-word, case-insensitive matches of search terms in marker.

    Scan text from left to right. At each position, take the longest
    non-empty term that occurs there (compared case-insensitively) and has
    no letter, digit or underscore right before it or right after it in
    text; replace that occurrence by marker + the occurrence's own text +
    marker and continue after it. Positions with no such term are copied
    unchanged.

    >>> highlight_terms("New York is not York", ["york", "new york"])
    '**New York** is not **York**'
    """
''',
        "body": r'''    import re
    words = sorted({term for term in terms if term}, key=len, reverse=True)
    if not words:
        return text
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)"
    return re.sub(pattern, lambda match: marker + match.group() + marker, text, flags=re.IGNORECASE)
''',
        "hidden_tests": [
            'assert highlight_terms("", ["a"]) == ""',
            'assert highlight_terms("keep", []) == "keep"',
            'assert highlight_terms("x, y", []) == "x, y"',
            'assert highlight_terms("keep", [""]) == "keep"',
            'assert highlight_terms("Yorkshire", ["york"]) == "Yorkshire"',
            'assert highlight_terms("Yorkshire", ["york", "yorkshire"]) == "**Yorkshire**"',
            'assert highlight_terms("new_york york2 york", ["york"]) == "new_york york2 **york**"',
            'assert highlight_terms("York, YORK!", ["york"]) == "**York**, **YORK**!"',
            'assert highlight_terms("ab ab ab", ["ab", "ab ab"]) == "**ab ab** **ab**"',
            'assert highlight_terms("I like C++.", ["c++"], marker="__") == "I like __C++__."',
            'assert highlight_terms("a.b", ["a.b"]) == "**a.b**"',
            'assert highlight_terms("axb", ["a.b"]) == "axb"',
        ],
    },
    # ------------------------------------------------------------------ dates
    # Surviving mutants are equivalent: end < start -> <=: equal dates count 0 either way.
    {
        "name": "business_days_between",
        "category": "dates",
        "prompt": '''from datetime import date


def business_days_between(start: date, end: date, holidays: tuple[date, ...] = ()) -> int:
    """Count the business days from start (included) to end (excluded).

    A business day is a Monday to Friday that is not in holidays (a list, a
    tuple or a set of dates; a holiday on a weekend changes nothing). If end
    is before start, return minus the count from end to start.

    >>> business_days_between(date(2024, 3, 1), date(2024, 3, 11))
    6
    """
''',
        "body": '''    from datetime import timedelta
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    off = set(holidays)
    count = 0
    day = start
    while day < end:
        if day.weekday() < 5 and day not in off:
            count += 1
        day += timedelta(days=1)
    return sign * count
''',
        "hidden_tests": [
            'assert business_days_between(date(2024, 3, 4), date(2024, 3, 4)) == 0',
            'assert business_days_between(date(2024, 3, 2), date(2024, 3, 4)) == 0',
            'assert business_days_between(date(2024, 3, 1), date(2024, 3, 2)) == 1',
            'assert business_days_between(date(2024, 3, 3), date(2024, 3, 5)) == 1',
            'assert business_days_between(date(2024, 3, 4), date(2024, 3, 8)) == 4',
            'assert business_days_between(date(2024, 3, 4), date(2024, 3, 11)) == 5',
            'assert business_days_between(date(2024, 3, 4), date(2024, 3, 11), [date(2024, 3, 6)]) == 4',
            'assert business_days_between(date(2024, 3, 4), date(2024, 3, 11), {date(2024, 3, 9)}) == 5',
            'assert business_days_between(date(2024, 3, 4), date(2024, 3, 11), (date(2024, 3, 11),)) == 5',
            'assert business_days_between(date(2024, 3, 11), date(2024, 3, 1)) == -6',
            'assert business_days_between(date(2024, 3, 11), date(2024, 3, 4), [date(2024, 3, 6)]) == -4',
            'assert business_days_between(date(2024, 1, 1), date(2025, 1, 1)) == 262',
        ],
    },
    {
        "name": "add_months_clamped",
        "category": "dates",
        "prompt": '''from datetime import date


def add_months_clamped(d: date, months: int) -> date:
    """Return the date months calendar months after d (before it if months is negative).

    The day of the month is kept, except that it becomes the last day of the
    target month when that month is too short (January 31 plus one month is
    February 28 or 29). Raise ValueError if the result would fall outside
    the years 1 to 9999.

    >>> add_months_clamped(date(2024, 1, 31), 1).isoformat()
    '2024-02-29'
    >>> add_months_clamped(date(2024, 3, 15), -15).isoformat()
    '2022-12-15'
    """
''',
        "body": '''    import calendar
    total = d.year * 12 + d.month - 1 + months
    year, month_index = divmod(total, 12)
    month = month_index + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
''',
        "hidden_tests": [
            'assert add_months_clamped(date(2024, 1, 31), 13) == date(2025, 2, 28)',
            'assert add_months_clamped(date(2024, 3, 31), -1) == date(2024, 2, 29)',
            'assert add_months_clamped(date(2023, 3, 31), -1) == date(2023, 2, 28)',
            'assert add_months_clamped(date(2024, 3, 31), 1) == date(2024, 4, 30)',
            'assert add_months_clamped(date(2024, 5, 15), 0) == date(2024, 5, 15)',
            'assert add_months_clamped(date(2024, 1, 15), -1) == date(2023, 12, 15)',
            'assert add_months_clamped(date(2024, 12, 31), 1) == date(2025, 1, 31)',
            'assert add_months_clamped(date(2024, 1, 31), 2) == date(2024, 3, 31)',
            'assert add_months_clamped(date(2024, 10, 31), -24) == date(2022, 10, 31)',
            'assert add_months_clamped(date(2024, 11, 30), 1) == date(2024, 12, 30)',
            'assert add_months_clamped(date(2024, 1, 28), 1) == date(2024, 2, 28)',
            'assert add_months_clamped(date(1, 2, 1), -1) == date(1, 1, 1)',
            'assert add_months_clamped(date(9999, 11, 30), 1) == date(9999, 12, 30)',
            _raises('add_months_clamped(date(9999, 12, 1), 1)'),
            _raises('add_months_clamped(date(1, 1, 1), -1)'),
        ],
    },
    {
        "name": "age_on_date",
        "category": "dates",
        "prompt": '''from datetime import date


def age_on_date(birth: date, on: date) -> int:
    """Return the age in whole years, on the date on, of someone born on birth.

    The age goes up by one on each birthday. Someone born on February 29
    has their birthday on March 1 in years that are not leap years. Raise
    ValueError if on is before birth.

    >>> age_on_date(date(1990, 6, 15), date(2024, 6, 14))
    33
    """
''',
        "body": '''    if on < birth:
        raise ValueError("on is before birth")
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
''',
        "hidden_tests": [
            'assert age_on_date(date(1990, 6, 15), date(2024, 6, 15)) == 34',
            'assert age_on_date(date(1990, 6, 15), date(1990, 6, 15)) == 0',
            'assert age_on_date(date(1990, 6, 15), date(2024, 5, 15)) == 33',
            'assert age_on_date(date(1990, 6, 15), date(2024, 7, 1)) == 34',
            'assert age_on_date(date(1990, 12, 31), date(1991, 12, 30)) == 0',
            'assert age_on_date(date(1990, 12, 31), date(1991, 12, 31)) == 1',
            'assert age_on_date(date(2000, 2, 29), date(2023, 2, 28)) == 22',
            'assert age_on_date(date(2000, 2, 29), date(2023, 3, 1)) == 23',
            'assert age_on_date(date(2000, 2, 29), date(2024, 2, 29)) == 24',
            'assert age_on_date(date(2000, 2, 29), date(2024, 2, 28)) == 23',
            _raises('age_on_date(date(2000, 1, 2), date(2000, 1, 1))'),
        ],
    },
    {
        "name": "week_bounds",
        "category": "dates",
        "prompt": '''from datetime import date


def week_bounds(d: date, week_start: int = 0) -> tuple[date, date]:
    """Return the first and the last day of the week that contains d.

    Weeks last seven days and begin on the weekday week_start (0 is Monday
    ... 6 is Sunday, as date.weekday() numbers them). Raise ValueError if
    week_start is not one of 0 to 6.

    >>> [day.isoformat() for day in week_bounds(date(2024, 3, 6))]
    ['2024-03-04', '2024-03-10']
    >>> [day.isoformat() for day in week_bounds(date(2024, 3, 6), week_start=6)]
    ['2024-03-03', '2024-03-09']
    """
''',
        "body": '''    from datetime import timedelta
    if not 0 <= week_start <= 6:
        raise ValueError("week_start must be 0 to 6")
    first = d - timedelta(days=(d.weekday() - week_start) % 7)
    return first, first + timedelta(days=6)
''',
        "hidden_tests": [
            'assert week_bounds(date(2024, 3, 4)) == (date(2024, 3, 4), date(2024, 3, 10))',
            'assert week_bounds(date(2024, 3, 10)) == (date(2024, 3, 4), date(2024, 3, 10))',
            'assert week_bounds(date(2025, 1, 1)) == (date(2024, 12, 30), date(2025, 1, 5))',
            'assert week_bounds(date(2024, 3, 6), 2) == (date(2024, 3, 6), date(2024, 3, 12))',
            'assert week_bounds(date(2024, 3, 5), 2) == (date(2024, 2, 28), date(2024, 3, 5))',
            'assert week_bounds(date(2024, 3, 10), 6) == (date(2024, 3, 10), date(2024, 3, 16))',
            'assert week_bounds(date(2024, 3, 9), 6) == (date(2024, 3, 3), date(2024, 3, 9))',
            'assert week_bounds(date(2024, 3, 4), 6) == (date(2024, 3, 3), date(2024, 3, 9))',
            _raises('week_bounds(date(2024, 3, 6), 7)'),
            _raises('week_bounds(date(2024, 3, 6), -1)'),
        ],
    },
    {
        "name": "fiscal_quarter_label",
        "category": "dates",
        "prompt": '''from datetime import date


def fiscal_quarter_label(d: date, fiscal_start_month: int = 1) -> str:
    """Return the fiscal quarter of d, written "FY<year>-Q<n>".

    The fiscal year starts on the first day of fiscal_start_month (1 is
    January) and is named after the calendar year in which it ends: with
    an October start, 1 Oct 2023 to 30 Sep 2024 is FY2024, and with a
    January start each fiscal year is a calendar year. Its quarters Q1 to
    Q4 are its successive three-month blocks. Raise ValueError unless
    fiscal_start_month is one of 1 to 12.

    >>> fiscal_quarter_label(date(2023, 11, 5), fiscal_start_month=10)
    'FY2024-Q1'
    >>> fiscal_quarter_label(date(2024, 5, 1))
    'FY2024-Q2'
    """
''',
        "body": '''    if not 1 <= fiscal_start_month <= 12:
        raise ValueError("fiscal_start_month must be 1 to 12")
    offset = (d.month - fiscal_start_month) % 12
    year = d.year + 1 if fiscal_start_month > 1 and d.month >= fiscal_start_month else d.year
    return f"FY{year}-Q{offset // 3 + 1}"
''',
        "hidden_tests": [
            'assert fiscal_quarter_label(date(2024, 1, 1)) == "FY2024-Q1"',
            'assert fiscal_quarter_label(date(2024, 3, 31)) == "FY2024-Q1"',
            'assert fiscal_quarter_label(date(2024, 4, 1)) == "FY2024-Q2"',
            'assert fiscal_quarter_label(date(2024, 12, 31)) == "FY2024-Q4"',
            'assert fiscal_quarter_label(date(2024, 3, 31), 4) == "FY2024-Q4"',
            'assert fiscal_quarter_label(date(2024, 4, 1), 4) == "FY2025-Q1"',
            'assert fiscal_quarter_label(date(2024, 6, 30), 4) == "FY2025-Q1"',
            'assert fiscal_quarter_label(date(2024, 7, 1), 4) == "FY2025-Q2"',
            'assert fiscal_quarter_label(date(2024, 12, 1), 12) == "FY2025-Q1"',
            'assert fiscal_quarter_label(date(2024, 11, 30), 12) == "FY2024-Q4"',
            'assert fiscal_quarter_label(date(2024, 2, 1), 2) == "FY2025-Q1"',
            'assert fiscal_quarter_label(date(2024, 1, 31), 2) == "FY2024-Q4"',
            'assert fiscal_quarter_label(date(2024, 9, 30), 10) == "FY2024-Q4"',
            _raises('fiscal_quarter_label(date(2024, 1, 1), 0)'),
            _raises('fiscal_quarter_label(date(2024, 1, 1), 13)'),
        ],
    },
    {
        "name": "overlap_minutes",
        "category": "dates",
        "prompt": '''from datetime import datetime


def overlap_minutes(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> int:
    """Return how many whole minutes two time ranges have in common.

    Each range runs from its start to its end. The shared time is rounded
    down to whole minutes; ranges that do not overlap, or only touch, share
    0 minutes. Raise ValueError if either range ends before it starts.

    >>> overlap_minutes(datetime(2024, 5, 1, 9, 0), datetime(2024, 5, 1, 10, 30), datetime(2024, 5, 1, 10, 0), datetime(2024, 5, 1, 12, 0))
    30
    """
''',
        "body": '''    if a_end < a_start or b_end < b_start:
        raise ValueError("a range ends before it starts")
    shared = min(a_end, b_end) - max(a_start, b_start)
    return max(0, int(shared.total_seconds()) // 60)
''',
        "hidden_tests": [
            'assert overlap_minutes(datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 10), '
            'datetime(2024, 5, 1, 10), datetime(2024, 5, 1, 11)) == 0',
            'assert overlap_minutes(datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 10), '
            'datetime(2024, 5, 1, 11), datetime(2024, 5, 1, 12)) == 0',
            'assert overlap_minutes(datetime(2024, 5, 1, 11), datetime(2024, 5, 1, 12), '
            'datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 10)) == 0',
            'assert overlap_minutes(datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 18), '
            'datetime(2024, 5, 1, 9, 15), datetime(2024, 5, 1, 9, 45)) == 30',
            'assert overlap_minutes(datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 9, 1, 59), '
            'datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 10)) == 1',
            'assert overlap_minutes(datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 9, 2), '
            'datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 10)) == 2',
            'assert overlap_minutes(datetime(2024, 5, 1, 23), datetime(2024, 5, 2, 2), '
            'datetime(2024, 5, 1, 22), datetime(2024, 5, 2, 1)) == 120',
            'assert overlap_minutes(datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 9), '
            'datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 10)) == 0',
            'assert overlap_minutes(datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 10), '
            'datetime(2024, 5, 1, 9), datetime(2024, 5, 1, 9)) == 0',
            _raises('overlap_minutes(datetime(2024, 5, 1, 10), datetime(2024, 5, 1, 9), '
                    'datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 12))'),
            _raises('overlap_minutes(datetime(2024, 5, 1, 8), datetime(2024, 5, 1, 12), '
                    'datetime(2024, 5, 1, 10), datetime(2024, 5, 1, 9))'),
        ],
    },
    # Surviving mutants are equivalent: hours > 23 -> > 24: timezone() rejects a 24-hour offset with
    #   ValueError too.
    {
        "name": "iso_to_unix_seconds",
        "category": "dates",
        "prompt": '''def iso_to_unix_seconds(text: str) -> int:
    """Convert an ISO-like timestamp to whole seconds since 1970-01-01T00:00:00Z.

    Accepted forms: "YYYY-MM-DD", optionally followed by "T" or a space and
    then "HH:MM" or "HH:MM:SS", optionally followed (only when a time is
    given) by "Z" or an offset "+HH:MM" or "-HH:MM" whose hours are 00 to 23
    and minutes 00 to 59. Every field has exactly the number of digits
    shown. A missing time means midnight, missing seconds mean 0, and a
    missing offset means UTC. The offset is local time minus UTC. Raise
    ValueError for any other text, and for a date or time that does not
    exist (such as February 30 or hour 24).

    >>> iso_to_unix_seconds("1970-01-02")
    86400
    >>> iso_to_unix_seconds("2024-03-05T14:30:00+01:00")
    1709645400
    """
''',
        "body": r'''    import re
    from datetime import datetime, timedelta, timezone
    match = re.fullmatch(
        r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
        r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?)?", text)
    if match is None:
        raise ValueError(f"not a timestamp: {text!r}")
    year, month, day, hour, minute, second, zone = match.groups()
    offset = timedelta(0)
    if zone and zone != "Z":
        hours, minutes = int(zone[1:3]), int(zone[4:])
        if hours > 23 or minutes > 59:
            raise ValueError(f"bad offset: {zone}")
        offset = timedelta(hours=hours, minutes=minutes)
        if zone[0] == "-":
            offset = -offset
    moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                      tzinfo=timezone(offset))
    return (moment - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(seconds=1)
''',
        "hidden_tests": [
            'assert iso_to_unix_seconds("1970-01-01T00:00:00Z") == 0',
            'assert iso_to_unix_seconds("1969-12-31T23:59:59Z") == -1',
            'assert iso_to_unix_seconds("1969-12-31") == -86400',
            'assert iso_to_unix_seconds("2000-01-01 00:00") == 946684800',
            'assert iso_to_unix_seconds("1970-01-01T00:01") == 60',
            'assert iso_to_unix_seconds("1970-01-01T00:00-05:00") == 18000',
            'assert iso_to_unix_seconds("1970-01-01T00:00+05:30") == -19800',
            'assert iso_to_unix_seconds("1970-01-01T00:00:00+23:00") == -82800',
            'assert iso_to_unix_seconds("1970-01-01T00:00:00-00:59") == 3540',
            'assert iso_to_unix_seconds("2024-02-29T12:00:00Z") == 1709208000',
            'assert iso_to_unix_seconds("2024-02-29 12:00:00") == 1709208000',
            _raises('iso_to_unix_seconds("1970-01-01T00:00+24:00")'),
            _raises('iso_to_unix_seconds("1970-01-01T00:00-24:00")'),
            _raises('iso_to_unix_seconds("1970-01-01T00:00+05:60")'),
            _raises('iso_to_unix_seconds("2024-02-30")'),
            _raises('iso_to_unix_seconds("2024-3-05")'),
            _raises('iso_to_unix_seconds("2024-03-05T24:00")'),
            _raises('iso_to_unix_seconds("2024-03-05T10:00:60")'),
            _raises('iso_to_unix_seconds("2024-03-05Z")'),
            _raises('iso_to_unix_seconds("")'),
            _raises('iso_to_unix_seconds("2024-03-05T10:00:00+0530")'),
            _raises('iso_to_unix_seconds(" 2024-03-05")'),
        ],
    },
    {
        "name": "next_weekday_date",
        "category": "dates",
        "prompt": '''from datetime import date


def next_weekday_date(d: date, weekday: int, include_today: bool = False) -> date:
    """Return the first date after d that falls on weekday (0 is Monday ... 6 is Sunday).

    If include_today is true and d itself falls on weekday, return d.
    Raise ValueError if weekday is not one of 0 to 6.

    >>> next_weekday_date(date(2024, 3, 6), 4).isoformat()
    '2024-03-08'
    >>> next_weekday_date(date(2024, 3, 8), 4).isoformat()
    '2024-03-15'
    """
''',
        "body": '''    from datetime import timedelta
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0 to 6")
    ahead = (weekday - d.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return d + timedelta(days=ahead)
''',
        "hidden_tests": [
            'assert next_weekday_date(date(2024, 3, 10), 6) == date(2024, 3, 17)',
            'assert next_weekday_date(date(2024, 3, 10), 6, include_today=True) == date(2024, 3, 10)',
            'assert next_weekday_date(date(2024, 3, 9), 6, include_today=True) == date(2024, 3, 10)',
            'assert next_weekday_date(date(2024, 3, 9), 6) == date(2024, 3, 10)',
            'assert next_weekday_date(date(2024, 3, 5), 0) == date(2024, 3, 11)',
            'assert next_weekday_date(date(2024, 12, 31), 2) == date(2025, 1, 1)',
            'assert next_weekday_date(date(2024, 2, 28), 3, True) == date(2024, 2, 29)',
            _raises('next_weekday_date(date(2024, 3, 5), 7)'),
            _raises('next_weekday_date(date(2024, 3, 5), -1)'),
        ],
    },
    {
        "name": "month_calendar_lines",
        "category": "dates",
        "prompt": '''def month_calendar_lines(year: int, month: int, first_weekday: int = 0) -> list[str]:
    """Lay out one month as the text lines of a wall calendar.

    The first line holds the two-letter day names Mo Tu We Th Fr Sa Su,
    starting with first_weekday (0 is Monday ... 6 is Sunday) and joined by
    single spaces. Then comes one line per week, with seven columns: each
    day number right-aligned in two characters, columns joined by single
    spaces, the columns before the 1st of the month blank (two spaces), and
    trailing spaces removed; the last week stops after the month's last
    day. Raise ValueError if month is not 1 to 12 or first_weekday is not
    0 to 6.

    >>> month_calendar_lines(2024, 2)
    ['Mo Tu We Th Fr Sa Su', '          1  2  3  4', ' 5  6  7  8  9 10 11', '12 13 14 15 16 17 18', '19 20 21 22 23 24 25', '26 27 28 29']
    """
''',
        "body": '''    import calendar
    if not 0 <= first_weekday <= 6:
        raise ValueError("first_weekday must be 0 to 6")
    names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    lines = [" ".join(names[(first_weekday + i) % 7] for i in range(7))]
    lead = (calendar.weekday(year, month, 1) - first_weekday) % 7
    days = calendar.monthrange(year, month)[1]
    cells = ["  "] * lead + [f"{day:2d}" for day in range(1, days + 1)]
    for i in range(0, len(cells), 7):
        lines.append(" ".join(cells[i:i + 7]).rstrip())
    return lines
''',
        "hidden_tests": [
            'assert month_calendar_lines(2021, 2) == ["Mo Tu We Th Fr Sa Su", " 1  2  3  4  5  6  7", '
            '" 8  9 10 11 12 13 14", "15 16 17 18 19 20 21", "22 23 24 25 26 27 28"]',
            'assert month_calendar_lines(2024, 9, 6) == ["Su Mo Tu We Th Fr Sa", " 1  2  3  4  5  6  7", '
            '" 8  9 10 11 12 13 14", "15 16 17 18 19 20 21", "22 23 24 25 26 27 28", "29 30"]',
            'assert month_calendar_lines(2024, 6, 6) == ["Su Mo Tu We Th Fr Sa", "                   1", '
            '" 2  3  4  5  6  7  8", " 9 10 11 12 13 14 15", "16 17 18 19 20 21 22", "23 24 25 26 27 28 29", "30"]',
            'assert month_calendar_lines(2023, 2)[-1] == "27 28"',
            'assert month_calendar_lines(2024, 12, 3)[0] == "Th Fr Sa Su Mo Tu We"',
            'assert month_calendar_lines(2024, 12, 3)[1] == "          1  2  3  4"',
            'assert month_calendar_lines(2024, 1)[1] == " 1  2  3  4  5  6  7"',
            'assert month_calendar_lines(2024, 12)[-1] == "30 31"',
            _raises('month_calendar_lines(2024, 13)'),
            _raises('month_calendar_lines(2024, 0)'),
            _raises('month_calendar_lines(2024, 5, 7)'),
            _raises('month_calendar_lines(2024, 5, -1)'),
        ],
    },
    # Surviving mutants are equivalent: hours > 23 -> > 24: timezone() rejects a 24-hour offset with
    #   ValueError too.
    {
        "name": "convert_to_offset",
        "category": "dates",
        "prompt": '''def convert_to_offset(stamp: str, offset: str) -> str:
    """Express a timestamp with a fixed UTC offset in another fixed offset.

    stamp is written "YYYY-MM-DDTHH:MM:SS" followed by "Z" (UTC) or an
    offset; offset and the offsets in stamp are written "+HH:MM" or
    "-HH:MM" (local time minus UTC) with hours 00 to 23 and minutes 00 to
    59, every field with exactly the digits shown. Return the same instant
    as local time for offset, written "YYYY-MM-DDTHH:MM:SS" followed by
    offset exactly as given. Raise ValueError for a stamp or offset written
    any other way, or for a date or time that does not exist.

    >>> convert_to_offset("2024-03-10T23:30:00Z", "+05:30")
    '2024-03-11T05:00:00+05:30'
    """
''',
        "body": r'''    import re
    from datetime import datetime, timedelta, timezone

    def parse_offset(text):
        match = re.fullmatch(r"([+-])([0-9]{2}):([0-9]{2})", text)
        if match is None or int(match.group(2)) > 23 or int(match.group(3)) > 59:
            raise ValueError(f"bad offset: {text!r}")
        delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
        return timezone(-delta if match.group(1) == "-" else delta)

    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(Z|.+)", stamp)
    if match is None:
        raise ValueError(f"bad timestamp: {stamp!r}")
    source = timezone.utc if match.group(7) == "Z" else parse_offset(match.group(7))
    moment = datetime(*(int(part) for part in match.groups()[:6]), tzinfo=source)
    local = moment.astimezone(parse_offset(offset))
    return local.replace(tzinfo=None).isoformat() + offset
''',
        "hidden_tests": [
            'assert convert_to_offset("2024-01-01T02:00:00+00:00", "-08:00") == "2023-12-31T18:00:00-08:00"',
            'assert convert_to_offset("2024-06-01T12:00:00+02:00", "+00:00") == "2024-06-01T10:00:00+00:00"',
            'assert convert_to_offset("2024-06-01T12:00:00-03:30", "-03:30") == "2024-06-01T12:00:00-03:30"',
            'assert convert_to_offset("2024-02-28T23:59:59-01:00", "+00:00") == "2024-02-29T00:59:59+00:00"',
            'assert convert_to_offset("2024-01-01T00:00:00Z", "+23:59") == "2024-01-01T23:59:00+23:59"',
            'assert convert_to_offset("2024-01-01T00:00:00Z", "-23:59") == "2023-12-31T00:01:00-23:59"',
            'assert convert_to_offset("2024-07-04T09:15:30+09:00", "-00:45") == "2024-07-03T23:30:30-00:45"',
            _raises('convert_to_offset("2024-01-01T00:00:00Z", "+5:30")'),
            _raises('convert_to_offset("2024-01-01T00:00:00Z", "+24:00")'),
            _raises('convert_to_offset("2024-01-01T00:00:00Z", "+05:60")'),
            _raises('convert_to_offset("2024-01-01T00:00:00Z", "05:30")'),
            _raises('convert_to_offset("2024-01-01T00:00:00Z", "Z")'),
            _raises('convert_to_offset("2024-01-01T00:00:00", "+01:00")'),
            _raises('convert_to_offset("2024-01-01 00:00:00Z", "+01:00")'),
            _raises('convert_to_offset("2024-02-30T00:00:00Z", "+01:00")'),
            _raises('convert_to_offset("2024-01-01T00:00:00+24:00", "+01:00")'),
        ],
    },
    # Surviving mutants are equivalent: the bounds on n (1 -> 0, 5 -> 6) and n > 0 -> >= 0 / > -1: n ==
    #   0 and |n| == 6 land outside the month and raise ValueError anyway.
    {
        "name": "nth_weekday_of_month",
        "category": "dates",
        "prompt": '''from datetime import date


def nth_weekday_of_month(year: int, month: int, weekday: int, n: int) -> date:
    """Return the n-th given weekday of a month, such as the fourth Thursday.

    weekday is 0 for Monday ... 6 for Sunday. n is 1 to 5 to count from the
    start of the month, or -1 to -5 to count from its end (-1 is the last
    one). Raise ValueError if weekday is not 0 to 6, if n is 0 or beyond 5
    either way, or if the month has no such day (most months have only
    four of some weekdays).

    >>> nth_weekday_of_month(2024, 11, 3, 4).isoformat()
    '2024-11-28'
    >>> nth_weekday_of_month(2024, 5, 0, -1).isoformat()
    '2024-05-27'
    """
''',
        "body": '''    import calendar
    from datetime import timedelta
    if not 0 <= weekday <= 6 or not 1 <= abs(n) <= 5:
        raise ValueError("weekday must be 0 to 6 and n 1 to 5 or -1 to -5")
    if n > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        last = date(year, month, calendar.monthrange(year, month)[1])
        day = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))
    if day.month != month:
        raise ValueError("the month has no such day")
    return day
''',
        "hidden_tests": [
            'assert nth_weekday_of_month(2024, 3, 4, 5) == date(2024, 3, 29)',
            'assert nth_weekday_of_month(2024, 3, 4, -5) == date(2024, 3, 1)',
            'assert nth_weekday_of_month(2024, 3, 4, 1) == date(2024, 3, 1)',
            'assert nth_weekday_of_month(2024, 3, 4, -1) == date(2024, 3, 29)',
            'assert nth_weekday_of_month(2024, 12, 6, -1) == date(2024, 12, 29)',
            'assert nth_weekday_of_month(2024, 1, 0, 1) == date(2024, 1, 1)',
            'assert nth_weekday_of_month(2024, 7, 2, -1) == date(2024, 7, 31)',
            'assert nth_weekday_of_month(2024, 7, 2, -2) == date(2024, 7, 24)',
            'assert nth_weekday_of_month(2024, 2, 3, 5) == date(2024, 2, 29)',
            'assert nth_weekday_of_month(2024, 2, 6, 2) == date(2024, 2, 11)',
            'assert nth_weekday_of_month(2024, 3, 0, 1) == date(2024, 3, 4)',
            'assert nth_weekday_of_month(2024, 3, 2, 3) == date(2024, 3, 20)',
            _raises('nth_weekday_of_month(2024, 2, 0, 5)'),
            _raises('nth_weekday_of_month(2024, 2, 0, -5)'),
            _raises('nth_weekday_of_month(2024, 3, 4, 0)'),
            _raises('nth_weekday_of_month(2024, 3, 4, 6)'),
            _raises('nth_weekday_of_month(2024, 3, 4, -6)'),
            _raises('nth_weekday_of_month(2024, 3, 7, 1)'),
            _raises('nth_weekday_of_month(2024, 3, -1, 1)'),
        ],
    },
    {
        "name": "days_until_anniversary",
        "category": "dates",
        "prompt": '''from datetime import date


def days_until_anniversary(start: date, today: date) -> int:
    """Return the number of days from today to the next anniversary of start.

    An anniversary falls on start's month and day in each later year; it is
    0 days away when today is one (or is start itself). The anniversary of
    February 29 falls on February 28 in years that are not leap years.
    Raise ValueError if today is before start.

    >>> days_until_anniversary(date(2015, 6, 1), date(2024, 5, 30))
    2
    """
''',
        "body": '''    import calendar
    if today < start:
        raise ValueError("today is before start")

    def anniversary(year):
        if start.month == 2 and start.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, start.month, start.day)

    upcoming = anniversary(today.year)
    if upcoming < today:
        upcoming = anniversary(today.year + 1)
    return (upcoming - today).days
''',
        "hidden_tests": [
            'assert days_until_anniversary(date(2015, 6, 1), date(2015, 6, 1)) == 0',
            'assert days_until_anniversary(date(2015, 6, 1), date(2024, 6, 1)) == 0',
            'assert days_until_anniversary(date(2015, 6, 1), date(2024, 5, 31)) == 1',
            'assert days_until_anniversary(date(2020, 3, 1), date(2023, 3, 2)) == 365',
            'assert days_until_anniversary(date(2020, 3, 1), date(2022, 3, 2)) == 364',
            'assert days_until_anniversary(date(2000, 1, 1), date(2023, 12, 31)) == 1',
            'assert days_until_anniversary(date(2020, 2, 29), date(2023, 2, 28)) == 0',
            'assert days_until_anniversary(date(2020, 2, 29), date(2023, 2, 27)) == 1',
            'assert days_until_anniversary(date(2020, 2, 29), date(2023, 3, 1)) == 365',
            'assert days_until_anniversary(date(2020, 2, 29), date(2024, 2, 28)) == 1',
            'assert days_until_anniversary(date(2019, 2, 10), date(2023, 2, 1)) == 9',
            'assert days_until_anniversary(date(2020, 1, 29), date(2023, 1, 1)) == 28',
            'assert days_until_anniversary(date(2020, 2, 28), date(2024, 2, 27)) == 1',
            _raises('days_until_anniversary(date(2020, 1, 2), date(2020, 1, 1))'),
        ],
    },
    {
        "name": "iso_week_dates",
        "category": "dates",
        "prompt": '''from datetime import date


def iso_week_dates(label: str) -> tuple[date, date]:
    """Return the Monday and the Sunday of an ISO 8601 week written "YYYY-Www".

    label is a four-digit ISO year, "-W" (capital W) and a two-digit week
    number. ISO week 1 is the week (Monday to Sunday) that holds the year's
    first Thursday; a year has 52 or 53 weeks. Raise ValueError if label is
    written any other way or names a week that does not exist.

    >>> [day.isoformat() for day in iso_week_dates("2025-W01")]
    ['2024-12-30', '2025-01-05']
    """
''',
        "body": '''    import re
    from datetime import timedelta
    match = re.fullmatch(r"([0-9]{4})-W([0-9]{2})", label)
    if match is None:
        raise ValueError(f"not an ISO week: {label!r}")
    monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    return monday, monday + timedelta(days=6)
''',
        "hidden_tests": [
            'assert iso_week_dates("2024-W01") == (date(2024, 1, 1), date(2024, 1, 7))',
            'assert iso_week_dates("2020-W53") == (date(2020, 12, 28), date(2021, 1, 3))',
            'assert iso_week_dates("2026-W53") == (date(2026, 12, 28), date(2027, 1, 3))',
            'assert iso_week_dates("2021-W01") == (date(2021, 1, 4), date(2021, 1, 10))',
            'assert iso_week_dates("2024-W10") == (date(2024, 3, 4), date(2024, 3, 10))',
            _raises('iso_week_dates("2021-W53")'),
            _raises('iso_week_dates("2024-W00")'),
            _raises('iso_week_dates("2024-W54")'),
            _raises('iso_week_dates("2024-w01")'),
            _raises('iso_week_dates("2024-W1")'),
            _raises('iso_week_dates("24-W01")'),
        ],
    },
    {
        "name": "seconds_per_day",
        "category": "dates",
        "prompt": '''from datetime import datetime


def seconds_per_day(start: datetime, end: datetime) -> dict[str, int]:
    """Split the time from start to end by calendar day, for a timesheet.

    Return a dict from each day's ISO date ("YYYY-MM-DD") to the number of
    whole seconds of the range that fall on that day, days in order. A day
    is included only if some of the range falls on it: a range ending at
    midnight does not include the day that starts then, and an empty range
    gives {}. Raise ValueError if end is before start.

    >>> seconds_per_day(datetime(2024, 3, 1, 22, 30), datetime(2024, 3, 2, 0, 45))
    {'2024-03-01': 5400, '2024-03-02': 2700}
    """
''',
        "body": '''    from datetime import timedelta
    if end < start:
        raise ValueError("end is before start")
    result = {}
    cursor = start
    while cursor < end:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time(), cursor.tzinfo)
        piece_end = min(end, midnight)
        result[cursor.date().isoformat()] = int((piece_end - cursor).total_seconds())
        cursor = piece_end
    return result
''',
        "hidden_tests": [
            'assert seconds_per_day(datetime(2024, 3, 1, 9), datetime(2024, 3, 1, 9)) == {}',
            'assert seconds_per_day(datetime(2024, 3, 1, 9), datetime(2024, 3, 1, 9, 0, 1)) == {"2024-03-01": 1}',
            'assert seconds_per_day(datetime(2024, 3, 1, 23), datetime(2024, 3, 2)) == {"2024-03-01": 3600}',
            'assert seconds_per_day(datetime(2024, 3, 2), datetime(2024, 3, 2, 0, 10)) == {"2024-03-02": 600}',
            'assert seconds_per_day(datetime(2024, 2, 28, 12), datetime(2024, 3, 1, 6)) == '
            '{"2024-02-28": 43200, "2024-02-29": 86400, "2024-03-01": 21600}',
            'assert seconds_per_day(datetime(2023, 12, 31, 23, 59, 30), datetime(2024, 1, 1, 0, 0, 30)) == '
            '{"2023-12-31": 30, "2024-01-01": 30}',
            'assert list(seconds_per_day(datetime(2024, 3, 1, 12), datetime(2024, 3, 3, 12))) == '
            '["2024-03-01", "2024-03-02", "2024-03-03"]',
            _raises('seconds_per_day(datetime(2024, 3, 2), datetime(2024, 3, 1))'),
        ],
    },
    {
        "name": "working_minutes_between",
        "category": "dates",
        "prompt": '''from datetime import datetime


def working_minutes_between(start: datetime, end: datetime, open_hour: int = 9, close_hour: int = 17) -> int:
    """Count the working minutes from start to end.

    Working time is every Monday to Friday from open_hour:00 (included) to
    close_hour:00 (excluded); close_hour may be 24 for midnight. Count the
    time from start to end that is working time and return it rounded down
    to whole minutes. Raise ValueError if end is before start, or unless
    0 <= open_hour < close_hour <= 24.

    >>> working_minutes_between(datetime(2024, 3, 8, 16, 0), datetime(2024, 3, 11, 10, 30))
    150
    """
''',
        "body": '''    from datetime import timedelta
    if end < start:
        raise ValueError("end is before start")
    if not 0 <= open_hour < close_hour <= 24:
        raise ValueError("bad opening hours")
    total = timedelta()
    day = start.date()
    while day <= end.date():
        if day.weekday() < 5:
            midnight = datetime.combine(day, datetime.min.time())
            low = max(start, midnight + timedelta(hours=open_hour))
            high = min(end, midnight + timedelta(hours=close_hour))
            total += max(high - low, timedelta())
        day += timedelta(days=1)
    return int(total.total_seconds()) // 60
''',
        "hidden_tests": [
            'assert working_minutes_between(datetime(2024, 3, 4, 10), datetime(2024, 3, 4, 10)) == 0',
            'assert working_minutes_between(datetime(2024, 3, 9, 0), datetime(2024, 3, 11, 0)) == 0',
            'assert working_minutes_between(datetime(2024, 3, 4, 7), datetime(2024, 3, 4, 8, 59)) == 0',
            'assert working_minutes_between(datetime(2024, 3, 4, 17), datetime(2024, 3, 5, 9)) == 0',
            'assert working_minutes_between(datetime(2024, 3, 4, 9), datetime(2024, 3, 4, 17)) == 480',
            'assert working_minutes_between(datetime(2024, 3, 4, 0), datetime(2024, 3, 5, 0)) == 480',
            'assert working_minutes_between(datetime(2024, 3, 4, 16, 59), datetime(2024, 3, 4, 17, 30)) == 1',
            'assert working_minutes_between(datetime(2024, 3, 4, 8, 30), datetime(2024, 3, 4, 9, 1)) == 1',
            'assert working_minutes_between(datetime(2024, 3, 4, 9), datetime(2024, 3, 4, 9, 1, 59)) == 1',
            'assert working_minutes_between(datetime(2024, 3, 4), datetime(2024, 3, 11)) == 2400',
            'assert working_minutes_between(datetime(2024, 3, 4), datetime(2024, 3, 5), 8, 12) == 240',
            'assert working_minutes_between(datetime(2024, 3, 4), datetime(2024, 3, 5), 0, 24) == 1440',
            'assert working_minutes_between(datetime(2024, 3, 8, 12), datetime(2024, 3, 11, 12), 0, 24) == 1440',
            _raises('working_minutes_between(datetime(2024, 3, 4), datetime(2024, 3, 5), 9, 9)'),
            _raises('working_minutes_between(datetime(2024, 3, 4), datetime(2024, 3, 5), 9, 25)'),
            _raises('working_minutes_between(datetime(2024, 3, 4), datetime(2024, 3, 5), -1, 17)'),
            _raises('working_minutes_between(datetime(2024, 3, 5), datetime(2024, 3, 4))'),
        ],
    },
    {
        "name": "count_weekday_occurrences",
        "category": "dates",
        "prompt": '''from datetime import date


def count_weekday_occurrences(start: date, end: date, weekday: int) -> int:
    """Count the dates from start to end, both included, that fall on weekday.

    weekday is 0 for Monday ... 6 for Sunday. Raise ValueError if weekday is
    not 0 to 6 or if end is before start.

    >>> count_weekday_occurrences(date(2024, 3, 1), date(2024, 3, 31), 4)
    5
    """
''',
        "body": '''    from datetime import timedelta
    if not 0 <= weekday <= 6 or end < start:
        raise ValueError("bad weekday or range")
    first = start + timedelta(days=(weekday - start.weekday()) % 7)
    return (end - first).days // 7 + 1  # 0 when first is past end: (-6..-1) // 7 == -1
''',
        "hidden_tests": [
            'assert count_weekday_occurrences(date(2024, 3, 1), date(2024, 3, 1), 4) == 1',
            'assert count_weekday_occurrences(date(2024, 3, 1), date(2024, 3, 1), 5) == 0',
            'assert count_weekday_occurrences(date(2024, 3, 4), date(2024, 3, 10), 6) == 1',
            'assert count_weekday_occurrences(date(2024, 3, 4), date(2024, 3, 9), 6) == 0',
            'assert count_weekday_occurrences(date(2024, 3, 4), date(2024, 3, 11), 0) == 2',
            'assert count_weekday_occurrences(date(2024, 3, 4), date(2024, 3, 10), 0) == 1',
            'assert count_weekday_occurrences(date(2024, 3, 5), date(2024, 3, 18), 0) == 2',
            'assert count_weekday_occurrences(date(2024, 1, 1), date(2024, 12, 31), 0) == 53',
            'assert count_weekday_occurrences(date(2024, 1, 1), date(2024, 12, 31), 2) == 52',
            _raises('count_weekday_occurrences(date(2024, 3, 2), date(2024, 3, 1), 0)'),
            _raises('count_weekday_occurrences(date(2024, 3, 1), date(2024, 3, 9), 7)'),
            _raises('count_weekday_occurrences(date(2024, 3, 1), date(2024, 3, 9), -1)'),
        ],
    },
    # Surviving mutants are equivalent: group(1) -> group(2): both are None exactly in the "ago" form.
    {
        "name": "parse_relative_day",
        "category": "dates",
        "prompt": '''from datetime import date


def parse_relative_day(text: str, today: date) -> date:
    """Resolve a relative day expression against today.

    Accepted, case-insensitively and with any amount of whitespace between
    and around the words: "today", "tomorrow", "yesterday"; "in N day(s)"
    and "in N week(s)"; "N day(s) ago" and "N week(s) ago", where N is a
    non-negative integer written with digits and the unit may be singular
    or plural whatever N is; "next <weekday>" (the first such day strictly
    after today) and "last <weekday>" (the last such day strictly before
    today), with the weekday's full English name. Raise ValueError for
    anything else.

    >>> parse_relative_day("in 2 weeks", date(2024, 3, 8)).isoformat()
    '2024-03-22'
    >>> parse_relative_day("last Monday", date(2024, 3, 8)).isoformat()
    '2024-03-04'
    """
''',
        "body": '''    import re
    from datetime import timedelta
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    phrase = " ".join(text.lower().split())
    fixed = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if phrase in fixed:
        return today + timedelta(days=fixed[phrase])
    match = re.fullmatch(r"in ([0-9]+) (day|week)s?|([0-9]+) (day|week)s? ago", phrase)
    if match:
        amount = int(match.group(1) or match.group(3))
        unit = match.group(2) or match.group(4)
        days = amount * (7 if unit == "week" else 1)
        return today + timedelta(days=days if match.group(1) else -days)
    match = re.fullmatch(r"(next|last) ([a-z]+)", phrase)
    if match and match.group(2) in names:
        target = names.index(match.group(2))
        if match.group(1) == "next":
            return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
        return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
    raise ValueError(f"not a relative day: {text!r}")
''',
        "hidden_tests": [
            'assert parse_relative_day("Tomorrow", date(2024, 2, 28)) == date(2024, 2, 29)',
            'assert parse_relative_day("  yesterday ", date(2024, 3, 1)) == date(2024, 2, 29)',
            'assert parse_relative_day("TODAY", date(2024, 3, 1)) == date(2024, 3, 1)',
            'assert parse_relative_day("in 0 days", date(2024, 3, 8)) == date(2024, 3, 8)',
            'assert parse_relative_day("in 1 day", date(2024, 3, 8)) == date(2024, 3, 9)',
            'assert parse_relative_day("in 1 weeks", date(2024, 3, 8)) == date(2024, 3, 15)',
            'assert parse_relative_day("3 days ago", date(2024, 3, 1)) == date(2024, 2, 27)',
            'assert parse_relative_day("1   week  ago", date(2024, 3, 8)) == date(2024, 3, 1)',
            'assert parse_relative_day("10 weeks ago", date(2024, 3, 8)) == date(2023, 12, 29)',
            'assert parse_relative_day("next friday", date(2024, 3, 8)) == date(2024, 3, 15)',
            'assert parse_relative_day("next saturday", date(2024, 3, 8)) == date(2024, 3, 9)',
            'assert parse_relative_day("next Thursday", date(2024, 3, 8)) == date(2024, 3, 14)',
            'assert parse_relative_day("last friday", date(2024, 3, 8)) == date(2024, 3, 1)',
            'assert parse_relative_day("last thursday", date(2024, 3, 8)) == date(2024, 3, 7)',
            'assert parse_relative_day("LAST   Saturday", date(2024, 3, 8)) == date(2024, 3, 2)',
            _raises('parse_relative_day("next fri", date(2024, 3, 8))'),
            _raises('parse_relative_day("in -1 days", date(2024, 3, 8))'),
            _raises('parse_relative_day("2 days", date(2024, 3, 8))'),
            _raises('parse_relative_day("", date(2024, 3, 8))'),
            _raises('parse_relative_day("in 3 months", date(2024, 3, 8))'),
            _raises('parse_relative_day("next week", date(2024, 3, 8))'),
        ],
    },
    {
        "name": "date_diff_ymd",
        "category": "dates",
        "prompt": '''from datetime import date


def date_diff_ymd(start: date, end: date) -> tuple[int, int, int]:
    """Return the calendar difference from start to end as (years, months, days).

    Let shifting start by k months mean moving it k calendar months later,
    keeping its day of the month but reducing it to the last day of the
    target month when that month is shorter. Take the largest k for which
    the shifted date is not after end; return (k // 12, k % 12, the number
    of days from the shifted date to end). Raise ValueError if end is
    before start.

    >>> date_diff_ymd(date(2020, 1, 15), date(2024, 3, 20))
    (4, 2, 5)
    >>> date_diff_ymd(date(2024, 1, 31), date(2024, 3, 1))
    (0, 1, 1)
    """
''',
        "body": '''    import calendar
    if end < start:
        raise ValueError("end is before start")

    def shifted(months):
        year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
        last = calendar.monthrange(year, month_index + 1)[1]
        return date(year, month_index + 1, min(start.day, last))

    months = (end.year - start.year) * 12 + end.month - start.month
    if shifted(months) > end:
        months -= 1
    return months // 12, months % 12, (end - shifted(months)).days
''',
        "hidden_tests": [
            'assert date_diff_ymd(date(2024, 5, 20), date(2024, 5, 20)) == (0, 0, 0)',
            'assert date_diff_ymd(date(2024, 5, 20), date(2024, 5, 21)) == (0, 0, 1)',
            'assert date_diff_ymd(date(2024, 2, 29), date(2025, 2, 28)) == (1, 0, 0)',
            'assert date_diff_ymd(date(2024, 2, 29), date(2025, 2, 27)) == (0, 11, 29)',
            'assert date_diff_ymd(date(2023, 12, 31), date(2024, 1, 1)) == (0, 0, 1)',
            'assert date_diff_ymd(date(2024, 1, 31), date(2024, 2, 29)) == (0, 1, 0)',
            'assert date_diff_ymd(date(2024, 3, 31), date(2024, 4, 30)) == (0, 1, 0)',
            'assert date_diff_ymd(date(2024, 5, 10), date(2024, 6, 9)) == (0, 0, 30)',
            'assert date_diff_ymd(date(2024, 5, 10), date(2024, 6, 10)) == (0, 1, 0)',
            'assert date_diff_ymd(date(2000, 1, 1), date(2024, 12, 31)) == (24, 11, 30)',
            'assert date_diff_ymd(date(2019, 11, 30), date(2021, 1, 15)) == (1, 1, 16)',
            _raises('date_diff_ymd(date(2024, 5, 20), date(2024, 5, 19))'),
        ],
    },
    {
        "name": "round_to_slot",
        "category": "dates",
        "prompt": '''from datetime import datetime


def round_to_slot(moment: datetime, minutes: int, mode: str = "nearest") -> datetime:
    """Round a datetime to a slot boundary, for booking calendars.

    Slot boundaries are the times of day that are whole multiples of
    minutes after midnight (seconds and microseconds of moment count).
    mode "floor" gives the latest boundary at or before moment, "ceil" the
    earliest at or after it (possibly midnight of the next day), and
    "nearest" the closer of those two, the later one on a tie. Raise
    ValueError if minutes is not 1 to 1440 or does not divide 1440 evenly,
    or if mode is none of the three.

    >>> round_to_slot(datetime(2024, 3, 8, 14, 7), 15).isoformat()
    '2024-03-08T14:00:00'
    >>> round_to_slot(datetime(2024, 3, 8, 23, 50), 30, "ceil").isoformat()
    '2024-03-09T00:00:00'
    """
''',
        "body": '''    from datetime import timedelta
    if minutes < 1 or 1440 % minutes:
        raise ValueError("minutes must divide 1440")
    if mode not in ("floor", "ceil", "nearest"):
        raise ValueError(f"unknown mode: {mode!r}")
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    slot = timedelta(minutes=minutes)
    floor = midnight + (moment - midnight) // slot * slot
    ceil = floor if floor == moment else floor + slot
    if mode == "floor":
        return floor
    if mode == "ceil":
        return ceil
    return floor if moment - floor < ceil - moment else ceil
''',
        "hidden_tests": [
            'assert round_to_slot(datetime(2024, 3, 8, 14, 7, 30), 15) == datetime(2024, 3, 8, 14, 15)',
            'assert round_to_slot(datetime(2024, 3, 8, 14, 7, 29, 999999), 15) == datetime(2024, 3, 8, 14, 0)',
            'assert round_to_slot(datetime(2024, 3, 8, 14, 14, 59), 15, "floor") == datetime(2024, 3, 8, 14, 0)',
            'assert round_to_slot(datetime(2024, 3, 8, 14, 0, 0, 1), 15, "ceil") == datetime(2024, 3, 8, 14, 15)',
            'assert round_to_slot(datetime(2024, 3, 8, 14, 15), 15, "ceil") == datetime(2024, 3, 8, 14, 15)',
            'assert round_to_slot(datetime(2024, 3, 8, 14, 15), 15, "floor") == datetime(2024, 3, 8, 14, 15)',
            'assert round_to_slot(datetime(2024, 3, 8, 14, 15), 15) == datetime(2024, 3, 8, 14, 15)',
            'assert round_to_slot(datetime(2024, 3, 8, 9, 50), 45) == datetime(2024, 3, 8, 9, 45)',
            'assert round_to_slot(datetime(2024, 3, 8, 13), 1440, "floor") == datetime(2024, 3, 8)',
            'assert round_to_slot(datetime(2024, 3, 8, 13), 1440) == datetime(2024, 3, 9)',
            'assert round_to_slot(datetime(2024, 12, 31, 23, 59, 1), 1, "ceil") == datetime(2025, 1, 1)',
            'assert round_to_slot(datetime(2024, 3, 8, 10, 31), 60) == datetime(2024, 3, 8, 11)',
            _raises('round_to_slot(datetime(2024, 3, 8, 14, 7), 7)'),
            _raises('round_to_slot(datetime(2024, 3, 8, 14, 7), 0)'),
            _raises('round_to_slot(datetime(2024, 3, 8, 14, 7), 2880)'),
            _raises('round_to_slot(datetime(2024, 3, 8, 14, 7), -15)'),
            _raises('round_to_slot(datetime(2024, 3, 8, 14, 7), 15, "up")'),
        ],
    },
    {
        "name": "on_call_person",
        "category": "dates",
        "prompt": '''from datetime import date


def on_call_person(rotation_start: date, people: list[str], day: date, shift_days: int = 7) -> str:
    """Return who is on call on day in a rota.

    people take turns in list order, each for shift_days consecutive days:
    people[0] starts on rotation_start, and after the last person the list
    starts again. Days before rotation_start continue the pattern backwards
    (the day before rotation_start is the last day of the last person's
    shift). Raise ValueError if people is empty or shift_days is less
    than 1.

    >>> on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2024, 1, 15))
    'cy'
    """
''',
        "body": '''    if not people or shift_days < 1:
        raise ValueError("need people and a positive shift length")
    return people[(day - rotation_start).days // shift_days % len(people)]
''',
        "hidden_tests": [
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2024, 1, 1)) == "ann"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2024, 1, 7)) == "ann"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2024, 1, 8)) == "bob"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2024, 1, 22)) == "ann"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2023, 12, 31)) == "cy"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2023, 12, 25)) == "cy"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2023, 12, 24)) == "bob"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob"], date(2024, 1, 4), shift_days=1) == "bob"',
            'assert on_call_person(date(2024, 1, 1), ["solo"], date(2030, 6, 1)) == "solo"',
            'assert on_call_person(date(2024, 1, 1), ["a", "b", "c", "d"], date(2024, 1, 10)) == "b"',
            'assert on_call_person(date(2024, 1, 1), ["ann", "bob", "cy"], date(2024, 1, 4), 2) == "bob"',
            _raises('on_call_person(date(2024, 1, 1), [], date(2024, 1, 1))'),
            _raises('on_call_person(date(2024, 1, 1), ["ann"], date(2024, 1, 1), shift_days=0)'),
        ],
    },
]
