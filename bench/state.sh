#!/usr/bin/env bash
# The emulator's state under load: installs wrk (apt) if missing, then runs the Rust bench
# bench/state.rs (cargo bench --bench state), which starts `ionosh sim` on SQLite states of 20,
# 1k and 20k data centers and prints a table. Figures, not assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null 2>&1 || echo "wrk could not be installed: throughput columns stay empty" >&2
fi
cargo bench --locked --bench state 2>/dev/null
