#!/usr/bin/env python3
"""`convenectl suggest` on the shipped configuration as a whole process (read the
configuration, try every slot over the months, print the ranking), beside the same
binary scheduling the same months once (`convenectl schedule`): every slot tried is one
such placement of the whole schedule.

    suggest_bench.py --convenectl BIN [--config config/convened.toml]
                     [--series stakeholder-forum] [--from 2027-01] [--months 12] [--runs 9]

Prints the median and best wall time of each, the slots tried, and the cost per slot.
"""
import argparse
import json
import statistics
import subprocess
import time


def timed(command, runs):
    times, output = [], b""
    for _ in range(runs):
        began = time.perf_counter()
        output = subprocess.run(command, stdout=subprocess.PIPE, check=True).stdout
        times.append(time.perf_counter() - began)
    return times, output


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--convenectl", required=True)
    parser.add_argument("--config", default="config/convened.toml")
    parser.add_argument("--series", default="stakeholder-forum")
    parser.add_argument("--from", dest="first", default="2027-01")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    year, month = map(int, args.first.split("-"))
    last = (year * 12 + month - 1) + args.months - 1
    last_year, last_month = last // 12, last % 12 + 1
    days = [31, 29 if last_year % 4 == 0 and (last_year % 100 != 0 or last_year % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][last_month - 1]
    suggest = [args.convenectl, "suggest", args.series, "--config", args.config, "--from", args.first,
               "--months", str(args.months), "--json"]
    schedule = [args.convenectl, "schedule", "--config", args.config, "--from", f"{args.first}-01",
                "--to", f"{last_year}-{last_month:02d}-{days:02d}", "--json"]
    suggest_times, output = timed(suggest, args.runs)
    schedule_times, _ = timed(schedule, args.runs)
    document = json.loads(output)
    tried = document["tried"]
    top = document["suggestions"][0] if document["suggestions"] else None
    median, once = statistics.median(suggest_times), statistics.median(schedule_times)
    print(f"suggest {args.series}, {args.months} months from {args.first}, as whole processes ({args.runs} runs each):")
    print(f"  convenectl suggest   median {median * 1000:.1f} ms, best {min(suggest_times) * 1000:.1f} ms,"
          f" {tried} slots tried ({median / tried * 1e6:.0f} µs a slot)")
    print(f"  convenectl schedule  median {once * 1000:.1f} ms, best {min(schedule_times) * 1000:.1f} ms"
          f" (the same months placed once)")
    if top:
        print(f"  top suggestion       {top['when']} {top['start']}: {top['forums_able_average']} of {top['invited']}"
              f" forums on average, now {document['current']['forums_able_average']}")
    print("  aim                  under 1 s")


if __name__ == "__main__":
    main()
