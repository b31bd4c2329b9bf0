#!/usr/bin/env bash
# The benchmark, one command: bench/run.sh (DELAY_MS=1000 by default). Builds ionosh in release
# mode, installs the official ionoscloud SDK into target/bench-venv,
# starts one emulator with a realistic provisioning delay on loopback, and prints a table:
#   1. component and composite builds, ionosh vs ionoscloud (wall time, HTTP requests, peak memory)
#   2. twenty servers created and awaited, sequentially vs with wait_all
#   3. cold start and peak memory
# Figures, not assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
DELAY_MS=${DELAY_MS:-1000}

cargo build --release --locked --quiet
bin=$PWD/target/release/ionosh
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check ionoscloud==6.1.13
py=$PWD/$venv/bin/python

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# start_sim NAME DELAY_MS: starts an emulator with its state in $work/NAME.db; sets $url, $base.
start_sim() {
  "$bin" sim --listen 127.0.0.1:0 --state "$work/$1.db" --delay-ms "$2" >"$work/$1.out" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/$1.out" ] && break; sleep 0.1; done
  url=$(head -n 1 "$work/$1.out")
  base=${url%/cloudapi/v6}
}
reset() { curl -sf -X DELETE "$base/_sim/stats" >/dev/null; }
requests() { curl -sf "$base/_sim/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
export IONOS_USERNAME=bench@example.com IONOS_PASSWORD=bench

# measure LABEL COMMAND...: runs once with the stats reset; prints "seconds requests peak_kb".
measure() {
  reset
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; echo "failed: $*" >&2; exit 1; }
  read -r seconds kb <"$work/time"
  echo "$seconds $(requests) $kb"
}
row() { printf "%-44s %12s %10s %12s %s\n" "$@"; }
ratio() { python3 -c "print(f'{float($1)/float($2):.2f}x')"; }

start_sim bench "$DELAY_MS"
export IONOS_API_URL=$url
delay_s=$(python3 -c "print($DELAY_MS/1000)")

echo "ionosh $("$bin" --version | awk '{print $2}') vs ionoscloud 6.1.13; emulator delay ${DELAY_MS} ms per request; $(nproc) cores"
echo
row "what" "wall (s)" "requests" "peak (MB)" "notes"
row "----" "--------" "--------" "---------" "-----"
for build in component composite; do
  read -r is ir im < <(measure "$bin" run "scripts/${build}_build.rhai")
  read -r ps pr pm < <(cd bench && measure "$py" "${build}_build.py" "$url")
  mutations=$([ "$build" = component ] && echo 9 || echo 2)
  floor=$(python3 -c "print(f'{$mutations*$delay_s:.1f}')")
  row "$build build: ionosh" "$is" "$ir" "$((im / 1024))" "floor ${floor} s ($mutations awaited requests)"
  row "$build build: ionoscloud (Python)" "$ps" "$pr" "$((pm / 1024))" "Python/ionosh: time $(ratio "$ps" "$is"), requests $(ratio "$pr" "$ir")"
done

read -r ss sr sm < <(measure "$bin" run bench/twenty_servers.rhai -- mode=sequential)
row "20 servers, sequential waits" "$ss" "$sr" "$((sm / 1024))" "floor $(python3 -c "print(f'{21*$delay_s:.1f}')") s"
read -r ws wr wm < <(measure "$bin" run bench/twenty_servers.rhai -- mode=all)
row "20 servers, wait_all" "$ws" "$wr" "$((wm / 1024))" "sequential/wait_all: $(ratio "$ss" "$ws")"

echo "" >"$work/empty.rhai"
# cold COMMAND...: mean wall time of 10 runs (perf_counter) and the peak RSS in KB.
cold() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
runs = []
for _ in range(10):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append(time.perf_counter() - start)
print(f"{sum(runs) / len(runs):.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}
read -r cs ck < <(cold "$bin" run "$work/empty.rhai")
row "cold start: ionosh run (empty script)" "$cs" "" "$((ck / 1024))" "mean of 10"
read -r ps pk < <(cold "$py" -c "import ionoscloud")
row "cold start: python -c 'import ionoscloud'" "$ps" "" "$((pk / 1024))" "mean of 10"

echo
echo "The emulator's state under load: bench/state.sh"
