#!/usr/bin/env bash
# Messages handed to the MTA per second, beside the rate the same messages are written to
# the spool: through Postfix's own sendmail (each a process, through postdrop into its
# queue; the one recipient is an alias Postfix discards, bench-discard), and through a
# sendmail that only reads its input, which is the daemon's own share of the cost.
# Starts Postfix (scripts/services start-postfix) if it is not running, and stops it after.
#   Benchmarks/handoff-bench.sh BIN_DIR      (make bench-mail builds and runs it)
set -euo pipefail
bin=$1
work=.build/bench/handoff
postfix_was_running=no
/usr/sbin/postfix status >/dev/null 2>&1 && postfix_was_running=yes
scripts/services start-postfix >&2
[ "$postfix_was_running" = yes ] || trap 'scripts/services stop-postfix' EXIT
rm -rf "$work" && mkdir -p "$work/postfix/state" "$work/reader/state"
printf '#!/bin/sh\ncat >/dev/null\n' >"$work/reader.sh" && chmod +x "$work/reader.sh"
"$bin/convene-bench" handoff --state "$work/postfix/state" --spool "$work/postfix/spool" \
    --sendmail /usr/sbin/sendmail --forums 50 --meetings 10
"$bin/convene-bench" handoff --state "$work/reader/state" --spool "$work/reader/spool" \
    --sendmail "$PWD/$work/reader.sh" --forums 50 --meetings 10
