#!/usr/bin/env bash
# The benchmark, one command: bench/run.sh. Builds ionosh in release mode, installs the official
# SDKs (ionoscloud 6.1.13, the classic ionosenterprise 5.4.0) into target/bench-venv, and runs
# every client against one emulator per delay profile, with the API's advertised rate limit
# (120 requests a minute, bursts of 50):
#   fixed      every mutation takes FIXED_MS (default 1000), and clients are not told
#   realistic  what each kind typically takes on the real API, with jitter, times SCALE (0.2)
# For each: the component and composite builds (ionosh on its first run, with an empty wait
# history, and once it has learned; ionoscloud; the classic SDK), the queued build (the
# component build's tree with every part sent at once and one wait_all; ionosh only), twenty servers with wait_all
# and one after the other; then one 30 s wait with each client; then cold start and memory.
# Columns: wall time, the provisioning floor read from the emulator (how long at least one
# mutation was being provisioned: no client can finish sooner), wall / floor, all requests,
# status requests, the most requests in any 60 s window, 429s. Every row is the run with the
# median wall / floor of RUNS runs (default 3): realistic delays jitter from run to run. Figures,
# not assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
FIXED_MS=${FIXED_MS:-1000}
SCALE=${SCALE:-0.2}
RUNS=${RUNS:-3}

cargo build --release --locked --quiet
bin=$PWD/target/release/ionosh
venv=target/bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check ionoscloud==6.1.13 ionosenterprise==5.4.0
py=$PWD/$venv/bin/python

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# start_sim NAME ARGS...: starts an emulator with its state in $work/NAME.db and the API's rate
# limit; sets $url and $base.
start_sim() {
  local name=$1
  shift
  "$bin" sim --listen 127.0.0.1:0 --state "$work/$name.db" "$@" >"$work/$name.out" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/$name.out" ] && break; sleep 0.1; done
  url=$(head -n 1 "$work/$name.out")
  base=${url%/cloudapi/v6}
  # A contract without limits: the runs add up to hundreds of cores, more than a default one allows.
  curl -sf -X POST "$base/_sim/contract" -H 'content-type: application/json' \
    -d '{"coresPerContract": 1000000, "ramPerContract": 1000000000, "hddLimitPerContract": 1000000000, "ssdLimitPerContract": 1000000000}' >/dev/null
  refill
}
# refill: a full rate-limit bucket (120 a minute, bursts of 50), so each run starts as after a
# quiet minute rather than right behind the run before.
refill() {
  curl -sf -X PUT "$base/_sim/faults" -H 'content-type: application/json' \
    -d '{"rateLimit": {"perMinute": 120, "burst": 50}}' >/dev/null
}
export IONOS_USERNAME=bench@example.com IONOS_PASSWORD=bench
# measure LABEL -- COMMAND...: one row of figures, the median of $RUNS runs (bench/measure.py),
# each starting with a full rate-limit bucket.
measure() { local label=$1; shift; python3 bench/measure.py "$base" "$label" --runs "$RUNS" --refill "$@"; }
# ionosh_run STATE ARGS...: ionosh with its wait history in STATE.
ionosh_run() { local state=$1; shift; refill; XDG_STATE_HOME=$state "$bin" "$@"; }
header() {
  printf "%-60s %8s %8s %7s %9s %8s %9s %5s\n" "$1" "wall (s)" "floor" "ratio" "requests" "status" "peak/60s" "429s"
}

echo "ionosh $("$bin" --version | awk '{print $2}') vs ionoscloud 6.1.13 and ionosenterprise 5.4.0; $(nproc) cores"
for profile in fixed realistic; do
  echo
  if [ "$profile" = fixed ]; then
    start_sim "$profile" --delay-profile unannounced --delay-ms "$FIXED_MS"
    header "fixed delay, $FIXED_MS ms per mutation"
  else
    start_sim "$profile" --delay-profile realistic --time-scale "$SCALE"
    header "realistic delays, time scale $SCALE"
  fi
  export IONOS_API_URL=$url
  learned=$work/learned-$profile
  for build in component queued composite; do
    # Each first run starts with an empty wait history.
    measure "$build build: ionosh, first run" -- sh -c "rm -rf '$work/cold' && XDG_STATE_HOME='$work/cold' '$bin' run 'scripts/${build}_build.rhai'"
    for _ in 1 2 3; do ionosh_run "$learned" run "scripts/${build}_build.rhai" >/dev/null 2>&1; done
    measure "$build build: ionosh, learned (after 3 runs)" -- env XDG_STATE_HOME="$learned" "$bin" run "scripts/${build}_build.rhai"
    # The queued build makes the component build's tree: the SDKs' rows are those above.
    [ "$build" = queued ] && continue
    measure "$build build: ionoscloud" -- sh -c "cd bench && '$py' ${build}_build.py '$url'"
    measure "$build build: ionosenterprise (classic)" -- sh -c "cd bench && '$py' ${build}_build_classic.py '$base/cloudapi/v5'"
  done
  ionosh_run "$learned" run bench/twenty_servers.rhai -- mode=all >/dev/null 2>&1
  measure "20 servers, wait_all: ionosh" -- env XDG_STATE_HOME="$learned" "$bin" run bench/twenty_servers.rhai -- mode=all
  measure "20 servers, one after the other: ionosh" -- env XDG_STATE_HOME="$learned" "$bin" run bench/twenty_servers.rhai -- mode=sequential
done

echo
start_sim thirty --delay-profile unannounced --delay-ms 30000
export IONOS_API_URL=$url
header "one 30 s wait (a data center)"
measure "one wait: ionosh, first run" -- sh -c "rm -rf '$work/cold' && XDG_STATE_HOME='$work/cold' '$bin' run bench/one_wait.rhai"
measure "one wait: ionoscloud" -- sh -c "cd bench && '$py' one_wait.py '$url'"
measure "one wait: ionosenterprise (classic)" -- sh -c "cd bench && '$py' one_wait_classic.py '$base/cloudapi/v5'"

echo
row() { printf "%-46s %8s %10s %12s %s\n" "$@"; }
row "cold start and memory" "wall (s)" "" "peak (MB)" ""
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
