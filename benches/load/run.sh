#!/usr/bin/env bash
# Load figures for the REST sidecar (issue #6): builds the release binary, imports MovieLens
# ml-latest-small into a throw-away SQLite database, starts `moviebot run` with the per-client
# limit raised out of the way, and drives it with wrk (64 connections, 2 threads, 20 s each).
# Needs wrk (apt-get install wrk) and the data (../shared/data or MOVIEBOT_TEST_DATA).
# Usage: benches/load/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-20}
data=${MOVIEBOT_TEST_DATA:-../shared/data}
ml=$(find "$data" -maxdepth 2 -type d -name 'ml-latest-small' | head -n 1)
[ -n "$ml" ] || { echo "no ml-latest-small under $data" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }

cargo build --release --bin moviebot -q
bin=target/release/moviebot
work=$(mktemp -d /tmp/moviebot-load.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export MOVIEBOT_DATABASE__URL="sqlite://$work/load.db"
export MOVIEBOT_SIDECAR__BIND="127.0.0.1:$port"
export MOVIEBOT_LIMITS__API_PER_SECOND=1000000 MOVIEBOT_LIMITS__API_BURST=1000000
export MOVIEBOT_LIMITS__CHAT_PER_MINUTE=100000000 MOVIEBOT_LIMITS__CHAT_BURST=1000000
export RUST_LOG=warn

"$bin" import movielens "$ml" >/dev/null
"$bin" run >"$work/run.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"

load() { # name, wrk args...
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c64 -d"${secs}s" --latency "$@" | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%'
}
# Warm every user's first page once, so the runs measure steady state.
wrk -t2 -c8 -d3s -s benches/load/users.lua "$base" >/dev/null
load "GET /api/genres (baseline: routing, middleware, JSON)" "$base/api/genres"
load "GET /api/recommendations/1" "$base/api/recommendations/1"
load "GET /api/recommendations/{1..610} (every user in turn)" -s benches/load/users.lua "$base"
load "POST /api/chat (610 users, 8 messages in turn)" -s benches/load/chat.lua "$base"
PARSE_AFRESH=1 load "POST /api/chat (same, every message parsed afresh)" -s benches/load/chat.lua "$base"
