#!/usr/bin/env python3
"""Prints one Markdown table of every benchmark's headline numbers from the outputs
scripts/bench leaves in a folder (default .build/bench)."""
import re
import sys
from pathlib import Path

folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".build/bench")


def text(name):
    path = folder / name
    return path.read_text() if path.exists() else ""


def find(pattern, source, default="—"):
    match = re.search(pattern, source)
    return match.groups() if match else None


rows = []
swift, dateutil = text("swift.txt"), text("dateutil.txt")
ours = find(r"best round\s+([\d.]+) ms\s+\((\d+) occurrences/s", swift)
theirs = find(r"best round\s+([\d.]+) ms\s+\((\d+) occurrences/s", dateutil)
if ours:
    rows.append(("expansion, 3,978 national series over 2027", f"{ours[0]} ms ({int(ours[1]):,} occurrences/s)",
                 f"{int(ours[1]) / int(theirs[1]):.0f}× python-dateutil" if theirs else "—"))
processes = text("expand-processes.txt")
whole = find(r"convenectl expand --batch\s+median ([\d.]+) ms", processes)
whole_python = find(r"python-dateutil\s+median ([\d.]+) ms", processes)
if whole and whole_python:
    rows.append(("expand --batch as a whole process, same file", f"{whole[0]} vs {whole_python[0]} ms python-dateutil "
                 f"({float(whole_python[0]) / float(whole[0]):.0f}×)", "20× python-dateutil"))
schedule = text("schedule.txt")
years = re.findall(r"^\s+(\d+)×\s+(\d+)\s+\d+\s+\d+\s+\d+\s+\d+\s+(\d+) \(\s*(\d+)\)", schedule, re.M)
one = next((int(median) for scale, _, _, median in years if scale == "1"), None)
for scale, series, best, median in years:
    ratio = f", {int(median) / one:.1f}× the 1× median" if one and scale != "1" else ""
    rows.append((f"schedule a year, {scale}× ({int(series):,} series)", f"median of the rounds {median} ms (best {best}){ratio}",
                 "under 200 ms median at 1×" if scale == "1" else "within 12× of 1×"))
suggest = find(r"convenectl suggest\s+median ([\d.]+) ms, best ([\d.]+) ms, (\d+) slots tried", text("suggest.txt"))
once = find(r"convenectl schedule\s+median ([\d.]+) ms", text("suggest.txt"))
if suggest:
    rows.append(("suggest slots, stakeholder forum, 12 months (whole process)",
                 f"median {suggest[0]} ms (best {suggest[1]}), {suggest[2]} slots tried"
                 + (f"; one schedule of the months {once[0]} ms" if once else ""), "under 1 s"))
spool = text("spool.txt")
raw = find(r"raw limit.*?([\d]+) files/s", spool)
convene = find(r"Convene \(render.*?([\d]+) notifications/s", spool)
ratio = find(r"ratio\s+(\d+)%", spool)
if raw and convene:
    rows.append(("spool, fully durable vs raw disk", f"{convene[0]} vs {raw[0]} files/s ({ratio[0]}%)", "80% of raw"))
handoff = text("handoff.txt")
runs = re.findall(r"sendmail (\S+), \d+ at once\n.*?\(fully durable\)\s+(\d+) messages/s\n.*?recorded\s+(\d+) messages/s", handoff)
if runs:
    postfix = next((r for r in runs if r[0] == "/usr/sbin/sendmail"), None)
    reader = next((r for r in runs if r[0] != "/usr/sbin/sendmail"), None)
    rows.append(("hand-off to the MTA vs the spool's rate, same messages",
                 (f"{postfix[2]}/s to Postfix's sendmail" if postfix else "")
                 + (f", {reader[2]}/s to a sendmail that only reads" if reader else "")
                 + f"; spool {runs[0][1]}/s", "—"))
for name, how in (("startup.txt", "Swift runtime linked in, as packaged"), ("startup-shared.txt", "Swift runtime shared")):
    startup = text(name)
    ready = find(r"exec to READY=1: median ([\d.]+) ms, min ([\d.]+), max ([\d.]+)", startup)
    rss = find(r"idle RSS after start: median ([\d.]+) MiB", startup)
    anonymous = find(r"of which anonymous \(heap, stacks\): median ([\d.]+) MiB", startup)
    if ready:
        rows.append((f"exec to READY=1 ({how})", f"{ready[0]} ms (range {ready[1]}–{ready[2]})", "under 30 ms"))
    if rss:
        rows.append((f"idle RSS ({how})", f"{rss[0]} MiB ({anonymous[0] if anonymous else '—'} MiB anonymous)",
                     "at most 20 MiB"))
api = text("api.txt")
for clients, rate, p50, p99, nginx, ratio in re.findall(
        r"^\s*(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s*$", api, re.M):
    rows.append((f"GET /v1/schedule, {clients} clients", f"{int(rate):,} req/s, p99 {float(p99):.1f} ms "
                 f"(nginx {int(nginx):,}: {float(ratio) * 100:.0f}%)", "50% of nginx, p99 < 5 ms at 32"))
soak = text("soak.txt")
status_size = find(r"/v1/status is ([\d,]+) bytes", soak)
if status_size:
    rows.append(("national /v1/status", f"{status_size[0]} bytes", "under 4 KiB"))
walk = find(r"walked page by page: ([\d,]+) meetings in (\d+) pages; first walk (\d+) ms, again (\d+) ms", soak)
if walk:
    rows.append(("whole national month, page by page", f"{walk[0]} meetings, {walk[1]} pages: {walk[2]} ms (again {walk[3]} ms)",
                 "under 1 s"))
for kind, count, p99 in re.findall(r"^\s+(status|forum month|feed|district month|county page)\s+(\d+) requests.*?p99\s+([\d.]+) ms",
                                   soak, re.M):
    rows.append((f"national soak, 4 clients: {kind}", f"p99 {p99} ms ({count} requests)", "p99 under 50 ms"))
soak_rss = find(r"RSS MiB\s+([\d.]+) →\s+([\d.]+)\s+range ([\d.]+)–([\d.]+)", soak)
if soak_rss:
    rows.append(("national soak, RSS after warm-up", f"{soak_rss[2]}–{soak_rss[3]} MiB", "at most 150 MiB"))

print("| benchmark | measured | aim |")
print("| --- | --- | --- |")
for row in rows:
    print("| " + " | ".join(row) + " |")
