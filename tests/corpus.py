"""Reader for the hostile-input corpora in tests/data (format: tests/data/README.md).

One value a line; ``#`` lines and empty lines are skipped; values are escaped
with ``\\n \\r \\t \\xHH \\uHHHH \\UHHHHHHHH``; ``@repeat:UNIT:COUNT[:PREFIX[:SUFFIX]]``
builds long values; ``@bytes:`` lines are raw bytes, possibly invalid UTF-8.
"""

import codecs
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _unescape(text):
    return text.encode("ascii", "backslashreplace").decode("unicode_escape")


def decode_line(line):
    """The value a corpus line stands for: ``str``, or ``bytes`` for ``@bytes:`` lines."""
    if line.startswith("@repeat:"):
        fields = line[len("@repeat:") :].split(":")
        unit, count = _unescape(fields[0]), int(fields[1])
        prefix = _unescape(fields[2]) if len(fields) > 2 else ""
        suffix = _unescape(fields[3]) if len(fields) > 3 else ""
        return prefix + unit * count + suffix
    if line.startswith("@bytes:"):
        return codecs.escape_decode(line[len("@bytes:") :].encode("ascii"))[0]
    return _unescape(line)


def load(name):
    """Every value of ``tests/data/<name>``, in file order."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [decode_line(line) for line in text.split("\n") if line and not line.startswith("#")]


def load_text(name):
    """Only the values that are text (``@bytes:`` lines left out)."""
    return [value for value in load(name) if isinstance(value, str)]
