#!/usr/bin/env python3
"""Load generator for the control API: requests per second and latency over Unix sockets.

Run by Benchmarks/api-bench.sh, which starts convened and an nginx serving the same
bytes from a file; this script sends `GET PATH` over HTTP/1.1 keep-alive connections,
N concurrent clients per round, each client waiting for the full response (read by its
Content-Length) before sending the next request: no pipelining. wrk and most load
tools cannot connect to a Unix socket, hence Python's asyncio.

Read the numbers with care: the client is one Python process on the same (small)
machine. At high rates Python itself is the bottleneck and shares the CPU with the
server under test, so the nginx column is closer to this client's ceiling than to
nginx's; a convened/nginx ratio near 1 then says "as fast as this client can measure",
not "as fast as nginx". Latencies include the client's own scheduling delay.

Usage: api_bench.py --target NAME=SOCKET [--target NAME=SOCKET ...] [--path /v1/schedule]
                    [--clients 1,8,32] [--duration 5] [--warmup 0.5]
"""

import argparse
import asyncio
import statistics
import sys
import time


class ServerGone(Exception):
    """The server closed the connection or answered something that is not HTTP/1.1."""


async def exchange(reader, writer, request):
    """Sends one request and reads its whole response; returns (status, body, keep_alive)."""
    writer.write(request)
    await writer.drain()
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError) as error:
        raise ServerGone(f"connection closed before a response: {error}") from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ServerGone(f"not an HTTP response: {lines[0]!r}")
    length = None
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "connection" and value.strip().lower() == "close":
            keep_alive = False
        elif name == "transfer-encoding" and "chunked" in value.lower():
            raise ServerGone("chunked responses are not read by this client")
    if length is None:
        raise ServerGone("a response without Content-Length")
    body = await reader.readexactly(length)
    return int(parts[1]), body, keep_alive


async def client(socket, request, start, stop, latencies, failures):
    """One keep-alive client: request, full response, repeat until `stop`; latencies
    of requests sent after `start` (the warm-up) are recorded."""
    reader = writer = None
    loop = asyncio.get_running_loop()
    while loop.time() < stop:
        if writer is None:
            reader, writer = await asyncio.open_unix_connection(socket, limit=1 << 22)
        sent = time.perf_counter()
        began = loop.time()
        try:
            status, _, keep_alive = await exchange(reader, writer, request)
        except ServerGone as error:
            failures.append(str(error))
            writer.close()
            writer = None
            continue
        elapsed = time.perf_counter() - sent
        if began >= start:
            if status == 200:
                latencies.append(elapsed)
            else:
                failures.append(f"status {status}")
        if not keep_alive:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def measure(socket, path, clients, duration, warmup):
    """Requests per second and latencies of `clients` concurrent clients for `duration` s."""
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n".encode()
    loop = asyncio.get_running_loop()
    start = loop.time() + warmup
    stop = start + duration
    latencies, failures = [], []
    await asyncio.gather(*(client(socket, request, start, stop, latencies, failures) for _ in range(clients)))
    return latencies, failures


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


async def first_body(socket, path):
    reader, writer = await asyncio.open_unix_connection(socket, limit=1 << 22)
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    try:
        return await exchange(reader, writer, request)
    finally:
        writer.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", action="append", required=True, metavar="NAME=SOCKET",
                        help="a server to measure; the first is compared with the second")
    parser.add_argument("--path", default="/v1/schedule")
    parser.add_argument("--clients", default="1,8,32", help="comma-separated concurrency levels")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per level and server")
    parser.add_argument("--warmup", type=float, default=0.5, help="seconds run but not measured first")
    arguments = parser.parse_args()
    targets = [tuple(target.split("=", 1)) for target in arguments.target]
    levels = [int(level) for level in arguments.clients.split(",")]

    bodies = {}
    for name, socket in targets:
        status, body, _ = asyncio.run(first_body(socket, arguments.path))
        if status != 200:
            sys.exit(f"{name}: GET {arguments.path} answered {status}")
        bodies[name] = body
        print(f"{name}: GET {arguments.path} -> 200, {len(body)} bytes")
    if len({bytes(body) for body in bodies.values()}) > 1:
        print("note: the servers' bodies differ", file=sys.stderr)

    results = {}
    for level in levels:
        for name, socket in targets:
            latencies, failures = asyncio.run(
                measure(socket, arguments.path, level, arguments.duration, arguments.warmup))
            latencies.sort()
            results[(level, name)] = (len(latencies) / arguments.duration,
                                      percentile(latencies, 0.50) * 1000, percentile(latencies, 0.99) * 1000)
            if failures:
                print(f"{name}, {level} clients: {len(failures)} failures, first: {failures[0]}", file=sys.stderr)
            mean = statistics.fmean(latencies) * 1000 if latencies else float("nan")
            print(f"  {name:>9} {level:>3} clients: {len(latencies)} requests, mean {mean:.3f} ms", file=sys.stderr)

    names = [name for name, _ in targets]
    header = ["clients"]
    for name in names:
        header += [f"{name} req/s", "p50 ms", "p99 ms"]
    if len(names) >= 2:
        header.append(f"{names[0]}/{names[1]}")
    rows = []
    for level in levels:
        row = [str(level)]
        for name in names:
            rate, p50, p99 = results[(level, name)]
            row += [f"{rate:.0f}", f"{p50:.3f}", f"{p99:.3f}"]
        if len(names) >= 2:
            first, second = results[(level, names[0])][0], results[(level, names[1])][0]
            row.append(f"{first / second:.2f}" if second else "-")
        rows.append(row)
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    print()
    for row in [header] + rows:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
