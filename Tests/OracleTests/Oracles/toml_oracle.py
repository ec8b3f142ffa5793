"""TOML oracle for the differential tests of ConveneTOML.

Reads JSON lines {"id": ..., "toml": ...} on stdin and prints, for each, a JSON
line {"id": ..., "result": R} where R is the document in toml-test's tagged JSON
form ({"type": "integer", "value": "42"}, tables as objects, arrays as lists), or
the string "invalid" if Python's tomllib rejects it.

Two adjustments bring tomllib to what TOML 1.0 asks of Convene's parser:
- a UTF-8 byte order mark at the start is allowed (tomllib.loads rejects it);
- integers must fit in 64 bits (tomllib returns Python's unbounded ints).
Date-times are written canonically: six fraction digits and a numeric offset,
so that both sides render "Z" and "+00:00" alike.
"""

import datetime
import json
import math
import sys
import tomllib

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class OutOfRange(Exception):
    pass


def clock(t):
    return f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"


def day(d):
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def tagged(value):
    if isinstance(value, bool):
        return {"type": "bool", "value": "true" if value else "false"}
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise OutOfRange(value)
        return {"type": "integer", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": "nan" if math.isnan(value) else repr(value)}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, datetime.datetime):
        text = day(value) + "T" + clock(value)
        offset = value.utcoffset()
        if offset is None:
            return {"type": "datetime-local", "value": text}
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        minutes = abs(minutes)
        return {"type": "datetime", "value": f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"}
    if isinstance(value, datetime.date):
        return {"type": "date-local", "value": day(value)}
    if isinstance(value, datetime.time):
        return {"type": "time-local", "value": clock(value)}
    if isinstance(value, list):
        return [tagged(element) for element in value]
    if isinstance(value, dict):
        return {key: tagged(element) for key, element in value.items()}
    raise TypeError(type(value))


def main():
    for line in sys.stdin.buffer.read().decode("utf-8").split("\n"):
        if not line.strip():
            continue
        document = json.loads(line)
        text = document["toml"]
        if text.startswith("\ufeff"):
            text = text[1:]
        try:
            result = tagged(tomllib.loads(text))
        except (tomllib.TOMLDecodeError, OutOfRange):
            result = "invalid"
        print(json.dumps({"id": document["id"], "result": result}))


main()
