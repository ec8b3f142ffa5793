#!/usr/bin/env bash
# The control API under load: a release convened on the example configuration beside
# an nginx serving the very bytes convened answered, both on Unix sockets, measured by
# Benchmarks/api_bench.py at 1, 8 and 32 keep-alive clients.
#
#   Benchmarks/api-bench.sh [BIN_DIR]
#
# BIN_DIR holds a release convened (default: `swift build -c release --show-bin-path`,
# run from the repository; build it first with `swift build -c release --product convened`).
# DURATION (seconds per level and server, default 5), CLIENTS (default 1,8,32) and
# API_PATH (default /v1/schedule) tune a run. nginx is installed with apt-get if missing.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi
bin_dir=${1:-$(cd "$repo_root" && swift build -c release --show-bin-path)}
convened="$bin_dir/convened"
duration=${DURATION:-5}
clients=${CLIENTS:-1,8,32}
api_path=${API_PATH:-/v1/schedule}

if [ ! -x "$convened" ]; then
    echo "error: no convened in $bin_dir; build it with: swift build -c release --product convened" >&2
    exit 1
fi
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed" >&2; exit 1; }
done
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "==> installing nginx"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)

# Short paths: a Unix socket path may be at most 107 bytes.
work=$(mktemp -d /tmp/api-bench.XXXXXX)
convened_pid=""
nginx_pid=""
stop() {
    for pid in $nginx_pid $convened_pid; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $nginx_pid $convened_pid; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/state" "$work/spool" "$work/nginx-temp"
"$convened" --config "$repo_root/config/convened.toml" --state-dir "$work/state" --spool-dir "$work/spool" \
    --socket "$work/control.sock" --log-to stderr --log-level warning 2>"$work/convened.log" &
convened_pid=$!

echo "==> waiting for convened ($convened) to answer GET /v1/status"
for _ in $(seq 1 300); do
    if curl -sf --unix-socket "$work/control.sock" http://localhost/v1/status >"$work/status.json" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$convened_pid" 2>/dev/null; then
        echo "error: convened exited:" >&2
        cat "$work/convened.log" >&2
        exit 1
    fi
    sleep 0.1
done
[ -s "$work/status.json" ] || { echo "error: convened did not answer within 30 s" >&2; exit 1; }
# Startup writes the notifications that are due; let that settle before measuring.
sleep 2
curl -sf --unix-socket "$work/control.sock" "http://localhost$api_path" >"$work/body.json"
echo "==> convened answers GET $api_path with $(wc -c <"$work/body.json") bytes; nginx serves the same file"

cat >"$work/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    keepalive_timeout 65s;
    keepalive_requests 10000000;
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
    server {
        listen unix:$work/nginx.sock;
        location = $api_path {
            default_type application/json;
            alias $work/body.json;
        }
    }
}
EOF
"$nginx" -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" &
nginx_pid=$!
for _ in $(seq 1 100); do
    [ -S "$work/nginx.sock" ] && break
    kill -0 "$nginx_pid" 2>/dev/null || { echo "error: nginx exited:" >&2; cat "$work/nginx-error.log" >&2; exit 1; }
    sleep 0.1
done

echo "==> machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(python3 --version)"
echo "==> $duration s per level and server; convened $("$convened" --version 2>/dev/null | head -1), $("$nginx" -v 2>&1)"
# The referee is ../shared/tools/uxload.c (closed-loop keep-alive clients on epoll
# threads), built here; each level runs convened and nginx alternately, ROUNDS times.
uxload_source=${UXLOAD_SOURCE:-$repo_root/../shared/tools/uxload.c}
if [ -f "$uxload_source" ]; then
    cc -O2 -Wall -pthread -o "$work/uxload" "$uxload_source"
    rounds=${ROUNDS:-3}
    echo "==> uxload ($uxload_source), $rounds interleaved rounds per level, 2 generator threads"
    printf '%-8s %-8s %10s %9s %9s %9s %8s\n' clients server "req/s" "p50 µs" "p99 µs" "errors" "cpu s"
    for level in ${clients//,/ }; do
        for _ in $(seq 1 "$rounds"); do
            for server in convened nginx; do
                socket="$work/control.sock"; pid=$convened_pid
                [ "$server" = nginx ] && { socket="$work/nginx.sock"; pid=$nginx_pid; }
                "$work/uxload" -u "$socket" -p "$api_path" -c "$level" -t 2 -d "$duration" -P "$pid" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print("%-8s %-8s %10.0f %9.0f %9.0f %9d %8.2f" % (sys.argv[1], sys.argv[2], r["rps"], r["lat_us_p50"], r["lat_us_p99"],
      r["errors"], r.get("server_cpu_s", 0)))
' "$level" "$server"
            done
        done
    done
else
    python3 "$repo_root/Benchmarks/api_bench.py" --path "$api_path" --clients "$clients" --duration "$duration" \
        --target "convened=$work/control.sock" --target "nginx=$work/nginx.sock"
fi
