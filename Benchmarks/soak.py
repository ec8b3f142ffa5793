#!/usr/bin/env python3
"""Soak run: convened on the national-scale configuration on an accelerated test clock,
with control-socket clients asking all the while; samples RSS, open descriptors,
threads, the spool and request latency every interval and prints them, then a summary.

    soak.py --convened BIN --config DIR/convened.toml --work DIR [--minutes 10]
            [--rate 21600] [--clients 4] [--interval 10] [--start 2027-01-04T08:00:00Z]
            [--warmup 3]

Only the standard library; run by scripts/soak.
"""
import argparse
import http.client
import json
import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=30):
        super().__init__("convened", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


class Client(threading.Thread):
    """One coordinator's tool: a keep-alive connection asking, about ten times a second, for
    one of: the status, a forum's month, a forum's calendar feed, a district's month, or the
    whole county's month walked page by page (each page timed on its own)."""

    KINDS = ("status", "forum month", "feed", "district month", "county page")

    def __init__(self, socket_path, forums, districts, stop, seed):
        super().__init__(daemon=True)
        self.socket_path, self.forums, self.districts, self.stop = socket_path, forums, districts, stop
        self.random = random.Random(seed)
        self.latencies = []  # (kind, seconds)
        self.errors = 0
        self.lock = threading.Lock()
        self.connection = UnixConnection(socket_path)

    def take(self):
        with self.lock:
            taken, self.latencies = self.latencies, []
            errors, self.errors = self.errors, 0
        return taken, errors

    def get(self, kind, path):
        """One timed request; the decoded JSON when it was JSON, else None."""
        began = time.monotonic()
        body, ok = None, False
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            body = response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = UnixConnection(self.socket_path)
        elapsed = time.monotonic() - began
        with self.lock:
            if ok:
                self.latencies.append((kind, elapsed))
            else:
                self.errors += 1
        if ok and path.startswith("/v1/") and not path.endswith(".ics"):
            return json.loads(body)
        return None

    def walk(self, kind, path):
        """Every page of a schedule listing, each timed."""
        cursor = None
        while not self.stop.is_set():
            page = self.get(kind, path + (f"&cursor={urllib.parse.quote(cursor, safe='')}" if cursor else ""))
            cursor = page and page.get("next_cursor")
            if not cursor:
                return

    def run(self):
        months = [f"2027-{m:02d}" for m in range(1, 13)]
        while not self.stop.is_set():
            forum = self.random.choice(self.forums)
            month = self.random.choice(months)
            kind = self.random.choice(self.KINDS)
            if kind == "status":
                self.get(kind, "/v1/status")
            elif kind == "forum month":
                self.walk(kind, f"/v1/forums/{forum}/schedule?month={month}")
            elif kind == "feed":
                self.get(kind, f"/v1/forums/{forum}/calendar.ics")
            elif kind == "district month":
                self.walk(kind, f"/v1/schedule?month={month}&district={self.random.choice(self.districts)}")
            else:
                self.walk(kind, f"/v1/schedule?month={month}")
            self.stop.wait(0.1)


def walk_month(connection, month):
    """Every page of the whole schedule of `month`, in turn: (meetings, pages, seconds)."""
    cursor, meetings, pages = None, 0, 0
    began = time.monotonic()
    while True:
        query = f"month={month}" + (f"&cursor={urllib.parse.quote(cursor, safe='')}" if cursor else "")
        connection.request("GET", f"/v1/schedule?{query}")
        page = json.loads(connection.getresponse().read())
        meetings, pages = meetings + len(page["occurrences"]), pages + 1
        cursor = page.get("next_cursor")
        if not cursor:
            return meetings, pages, time.monotonic() - began


def process_sample(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    rss = int(fields["VmRSS"].split()[0]) / 1024
    anon = int(fields.get("RssAnon", "0 kB").split()[0]) / 1024
    return rss, anon, len(os.listdir(f"/proc/{pid}/fd")), int(fields["Threads"])


def spool_count(spool):
    total = 0
    try:
        for forum in os.scandir(spool):
            try:
                total += sum(1 for _ in os.scandir(os.path.join(forum.path, "new")))
            except FileNotFoundError:
                pass
    except FileNotFoundError:
        pass
    return total


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def slope(xs, ys):
    """Least-squares slope of ys over xs."""
    if len(xs) < 2:
        return 0.0
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / spread if spread else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--convened", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=int, default=21600)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--start", default="2027-01-04T08:00:00Z")
    parser.add_argument("--warmup", type=float, default=3,
                        help="minutes left out of the summary while the planning window fills")
    options = parser.parse_args()

    work = os.path.abspath(options.work)
    state, spool, sock, clock = (os.path.join(work, n) for n in ("state", "spool", "control.sock", "clock"))
    os.makedirs(state, exist_ok=True)
    with open(clock, "w") as f:
        f.write(f"{options.start} x{options.rate}\n")
    clock_start = datetime.strptime(options.start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    # As the shipped unit runs it (MALLOC_ARENA_MAX=1), unless the caller says otherwise.
    environment = dict(os.environ, CONVENE_TEST_CLOCK=clock, SWIFT_BACKTRACE="enable=no")
    environment.setdefault("MALLOC_ARENA_MAX", "1")
    log = open(os.path.join(work, "convened.log"), "w")
    began = time.monotonic()
    daemon = subprocess.Popen([options.convened, "--config", options.config, "--state-dir", state,
                               "--spool-dir", spool, "--socket", sock, "--log-to", "stderr", "--log-level", "notice"],
                              stdout=log, stderr=subprocess.STDOUT, env=environment)
    try:
        status = None
        while status is None:
            if daemon.poll() is not None:
                sys.exit(f"convened exited with {daemon.returncode}; see {work}/convened.log")
            try:
                connection = UnixConnection(sock, timeout=5)
                connection.request("GET", "/v1/status")
                status = json.loads(connection.getresponse().read())
            except (OSError, http.client.HTTPException, ValueError):
                time.sleep(0.05)
        forums, districts, cursor = [], set(), None
        while True:
            connection.request("GET", "/v1/forums" + (f"?cursor={urllib.parse.quote(cursor, safe='')}" if cursor else ""))
            page = json.loads(connection.getresponse().read())
            forums += [f["id"] for f in page["forums"]]
            districts |= {f["district"] for f in page["forums"]}
            cursor = page.get("next_cursor")
            if not cursor:
                break
        connection.request("GET", "/v1/status")
        status_size = len(connection.getresponse().read())
        districts = sorted(districts)
        walks = [walk_month(connection, "2027-03") for _ in range(2)]
        print(f"whole national month 2027-03 walked page by page: {walks[0][0]:,} meetings in {walks[0][1]} pages; "
              f"first walk {walks[0][2] * 1000:.0f} ms, again {walks[1][2] * 1000:.0f} ms", flush=True)
        print(f"ready after {time.monotonic() - began:.1f} s: {status['forums']} forums, {status['series']} series; "
              f"clock {options.start} at {options.rate}x ({options.rate / 86400 * 60:.1f} simulated days a minute); "
              f"{options.clients} clients; /v1/status is {status_size:,} bytes", flush=True)

        stop = threading.Event()
        clients = [Client(sock, forums, districts, stop, seed) for seed in range(options.clients)]
        for client in clients:
            client.start()
        header = ("elapsed", "simulated", "rss_mib", "anon_mib", "fds", "threads", "spool_files", "requests",
                  "errors", "p50_ms", "p99_ms", "max_ms")
        print("\t".join(header), flush=True)
        samples = []
        by_kind = {kind: [] for kind in Client.KINDS}  # after the warm-up
        started = time.monotonic()
        next_sample = started + options.interval
        while time.monotonic() - started < options.minutes * 60:
            stop.wait(max(0, next_sample - time.monotonic()))
            next_sample += options.interval
            if daemon.poll() is not None:
                sys.exit(f"convened exited with {daemon.returncode} during the soak; see {work}/convened.log")
            latencies, errors = [], 0
            for client in clients:
                taken, failed = client.take()
                latencies += [seconds for _, seconds in taken]
                errors += failed
                if time.monotonic() - started > options.warmup * 60:
                    for kind, seconds in taken:
                        by_kind[kind].append(seconds)
            rss, anon, fds, threads = process_sample(daemon.pid)
            elapsed = time.monotonic() - started
            simulated = clock_start + timedelta(seconds=(time.monotonic() - began) * options.rate)
            row = (elapsed, simulated.strftime("%Y-%m-%d %H:%M"), rss, anon, fds, threads, spool_count(spool),
                   len(latencies), errors, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000,
                   max(latencies, default=float("nan")) * 1000)
            samples.append(row)
            print(f"{row[0]:.0f}\t{row[1]}\t{row[2]:.1f}\t{row[3]:.1f}\t{row[4]}\t{row[5]}\t{row[6]}\t{row[7]}\t"
                  f"{row[8]}\t{row[9]:.2f}\t{row[10]:.2f}\t{row[11]:.1f}", flush=True)
        stop.set()
        for client in clients:
            client.join()
    finally:
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=120)
        print(f"convened stopped with exit status {code}")

    # Memory grows while the planning window (this month and three ahead) fills with
    # what was sent about its meetings, then should stay: the warm-up is left out, and
    # the rest is summed up by its range and its trend (least squares, per minute).
    per_minute = max(1, int(60 / options.interval))
    warm = [r for r in samples if r[0] > options.warmup * 60] or samples
    early, late = warm[:per_minute], warm[-per_minute:]
    print(f"\nsummary after a {options.warmup:g}-minute warm-up ({len(warm)} samples, {warm[0][1]} → {warm[-1][1]}; "
          f"first minute → last minute, range, trend):")
    for name, index in (("RSS MiB", 2), ("anonymous MiB", 3), ("open descriptors", 4), ("threads", 5),
                        ("p99 latency ms", 10)):
        # A sample in which no request finished has no latency (NaN): left out.
        def values(rows):
            return [r for r in rows if not math.isnan(r[index])] or [(0, "", 0.0) + (0.0,) * 9]
        first = statistics.median(r[index] for r in values(early))
        last = statistics.median(r[index] for r in values(late))
        low, high = min(r[index] for r in values(warm)), max(r[index] for r in values(warm))
        trend = slope([r[0] / 60 for r in values(warm)], [r[index] for r in values(warm)])
        print(f"  {name:18} {first:9.1f} → {last:9.1f}   range {low:.1f}–{high:.1f}   trend {trend:+.2f}/min")
    for kind, values in by_kind.items():
        if values:
            print(f"  {kind:18} {len(values):6} requests   p50 {percentile(values, 0.5) * 1000:8.2f} ms   "
                  f"p99 {percentile(values, 0.99) * 1000:8.2f} ms   max {max(values) * 1000:8.1f} ms")
    print(f"  during the warm-up RSS went {samples[0][2]:.1f} → {warm[0][2]:.1f} MiB")
    print(f"  requests answered  {sum(r[7] for r in samples)}, failed {sum(r[8] for r in samples)}")
    print(f"  notifications in the spool {samples[-1][6]}; simulated {samples[0][1]} → {samples[-1][1]}")
    if code != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
