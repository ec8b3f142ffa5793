#!/usr/bin/env python3
"""Expands the same rules as `convene-bench expand` with python-dateutil, for comparison.

usage: dateutil_expand.py BATCH_FILE [--year 2027] [--zone Europe/London] [--rounds 3] [--print]

BATCH_FILE holds `DTSTART<TAB>RULE [EXDATE:...]` lines (`convene-bench expand
--write-batch` writes it). Each round expands every rule over the year and resolves
each instance in the zone, the same work the Swift benchmark measures, and the best
round's rate is printed. With --print, the instances are printed instead, once, as
`convenectl expand --batch` prints them (`LINE<TAB>RFC 3339`), for timing the two as
whole processes on the same output (Benchmarks/expand_processes.py).
"""
import argparse
import datetime
import sys
import time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr, rruleset


def load(path, numbered=False):
    rules = []
    for number, line in enumerate(open(path, encoding="utf-8"), start=1):
        if not line.strip():
            continue
        start_text, properties = line.rstrip("\n").split("\t", 1)
        start = datetime.datetime.fromisoformat(start_text)
        parts = properties.split()
        rule = (start, parts[0], [p[len("EXDATE:"):] for p in parts[1:] if p.startswith("EXDATE:")])
        rules.append((number, rule) if numbered else rule)
    return rules


def build(rules):
    built = []
    for start, rule, exdates in rules:
        parsed = rrulestr("RRULE:" + rule, dtstart=start)
        if exdates:
            combined = rruleset()
            combined.rrule(parsed)
            for value in ",".join(exdates).split(","):
                combined.exdate(datetime.datetime.strptime(value, "%Y%m%dT%H%M%S"))
            parsed = combined
        built.append(parsed)
    return built


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("batch")
    parser.add_argument("--year", type=int, default=2027)
    parser.add_argument("--zone", default="Europe/London")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--print", action="store_true")
    args = parser.parse_args()
    zone = ZoneInfo(args.zone)
    start = datetime.datetime(args.year, 1, 1)
    end = datetime.datetime(args.year + 1, 1, 1) - datetime.timedelta(microseconds=1)
    if args.print:
        numbered = load(args.batch, numbered=True)
        out = sys.stdout
        for (number, _), rule in zip(numbered, build([rule for _, rule in numbered])):
            out.write("".join(f"{number}\t{wall.replace(tzinfo=zone).isoformat()}\n"
                              for wall in rule.between(start, end, inc=True)))
        return
    rules = load(args.batch)

    parse_start = time.perf_counter()
    built = build(rules)
    parse_seconds = time.perf_counter() - parse_start

    best = None
    count = 0
    for _ in range(args.rounds):
        began = time.perf_counter()
        count = 0
        for rule in built:
            for wall in rule.between(start, end, inc=True):
                wall.replace(tzinfo=zone).timestamp()
                count += 1
        elapsed = time.perf_counter() - began
        best = elapsed if best is None else min(best, elapsed)
    print(f"python-dateutil: {len(built)} rules, year {args.year}")
    print(f"  occurrences per round     {count}")
    print(f"  best round                {best * 1000:.2f} ms  ({count / best:.0f} occurrences/s)")
    print(f"  parse all rules           {parse_seconds * 1000:.2f} ms  ({len(built) / parse_seconds:.0f} rules/s)")


if __name__ == "__main__":
    main()
