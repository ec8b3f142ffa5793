#!/usr/bin/env python3
"""`convenectl expand --batch` beside python-dateutil, each as a whole process (start,
read the batch, expand every rule over the year, print every instance, exit), on the
same file, with the output going to a file and compared byte for byte.

    expand_processes.py --convenectl BIN --python VENV_PYTHON BATCH_FILE [--year 2027]
                        [--zone Europe/London] [--runs 9]

Prints each side's median and best wall time over the runs and the ratio of the medians.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command, out_path, runs):
    times = []
    for _ in range(runs):
        with open(out_path, "wb") as out:
            began = time.perf_counter()
            subprocess.run(command, stdout=out, check=True)
            times.append(time.perf_counter() - began)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--convenectl", required=True)
    parser.add_argument("--python", required=True)
    parser.add_argument("batch")
    parser.add_argument("--year", type=int, default=2027)
    parser.add_argument("--zone", default="Europe/London")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    swift = [args.convenectl, "expand", "--batch", args.batch, "--from", f"{args.year}-01-01",
             "--to", f"{args.year}-12-31", "--tz", args.zone]
    python = [args.python, os.path.join(here, "dateutil_expand.py"), args.batch, "--year", str(args.year),
              "--zone", args.zone, "--print"]
    with tempfile.TemporaryDirectory() as work:
        swift_out, python_out = os.path.join(work, "convenectl.txt"), os.path.join(work, "dateutil.txt")
        swift_times = timed(swift, swift_out, args.runs)
        python_times = timed(python, python_out, max(3, args.runs // 3))
        with open(swift_out, "rb") as a, open(python_out, "rb") as b:
            same = a.read() == b.read()
        with open(swift_out, "rb") as a:
            lines = sum(1 for _ in a)
    if not same:
        sys.exit("expand as whole processes: the two printed different instances")
    swift_median, python_median = statistics.median(swift_times), statistics.median(python_times)
    print(f"expand as whole processes: {lines} instances printed, the same bytes from both")
    print(f"  convenectl expand --batch  median {swift_median * 1000:.1f} ms, best {min(swift_times) * 1000:.1f} ms"
          f" ({len(swift_times)} runs)")
    print(f"  python-dateutil            median {python_median * 1000:.1f} ms, best {min(python_times) * 1000:.1f} ms"
          f" ({len(python_times)} runs)")
    print(f"  speed-up                   {python_median / swift_median:.1f}x (medians)")


if __name__ == "__main__":
    main()
