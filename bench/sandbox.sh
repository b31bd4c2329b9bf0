#!/usr/bin/env bash
# The sandbox's cost: building collections in a script, ionosh (release) next to the same
# loop in Python, wall time and peak memory; and what a runaway script costs before its
# memory limit ends it. Figures, not assertions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=$PWD/target/release/ionosh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# row LABEL RHAI PYTHON: one line with seconds and peak MiB of each.
row() {
  printf '%s\n' "$2" >"$work/s.rhai"
  printf '%s\n' "$3" >"$work/s.py"
  /usr/bin/time -f "%e %M" -o "$work/t1" "$bin" run --sim-ephemeral "$work/s.rhai" >/dev/null 2>&1 || true
  /usr/bin/time -f "%e %M" -o "$work/t2" python3 "$work/s.py" >/dev/null 2>&1 || true
  read -r s1 m1 < <(tail -n 1 "$work/t1")
  read -r s2 m2 < <(tail -n 1 "$work/t2")
  printf '%-34s %10s %10s %12s %12s\n' "$1" "$s1" "$((m1 / 1024))" "$s2" "$((m2 / 1024))"
}

printf '%-34s %10s %10s %12s %12s\n' "" "ionosh s" "ionosh MiB" "python3 s" "python3 MiB"
row "100k array pushes" \
  'let a = []; for i in 0..100000 { a.push(i); } print(a.len());' \
  'a = []
for i in range(100000): a.append(i)
print(len(a))'
row "400k array pushes" \
  'let a = []; for i in 0..400000 { a.push(i); } print(a.len());' \
  'a = []
for i in range(400000): a.append(i)
print(len(a))'
row "40k small maps" \
  'let a = []; for i in 0..40000 { a.push(#{ id: i, name: "n" }); } print(a.len());' \
  'a = []
for i in range(40000): a.append({"id": i, "name": "n"})
print(len(a))'
row "100k-key map" \
  'let m = #{}; for i in 0..100000 { m[`k${i}`] = i; } print(m.len());' \
  'm = {}
for i in range(100000): m[f"k{i}"] = i
print(len(m))'

row "1M additions" \
  'let s = 0; for i in 0..1000000 { s += i * 2; } print(s);' \
  's = 0
for i in range(1000000): s += i * 2
print(s)'

# What a script at rest costs (the runtime and the in-process emulator), taken off the peaks
# of the runaway scripts: what is left is what the script held past its limit.
printf 'print(1)\n' >"$work/idle.rhai"
/usr/bin/time -f "%e %M" -o "$work/t" "$bin" run --sim-ephemeral "$work/idle.rhai" >/dev/null 2>&1 || true
read -r _ idle < <(tail -n 1 "$work/t")
printf '\nRunaway scripts ended by --max-memory (idle process: %s MiB; peak above it / limit):\n' "$((idle / 1024))"
nest=$(printf 'let x = []; for i in 0..40000 { x = [x]; }')
for limit in 256 64; do
  for script in 'let s = "x"; loop { s += s; }' 'let s = "x"; loop { s = `${s}${s}`; }' \
    'let a = [1, 2, 3, 4, 5, 6, 7, 8]; loop { a += a; }' \
    'let a = []; loop { a.push(#{ id: "0123456789abcdef" }); }'; do
    printf '%s\n' "$script" >"$work/r.rhai"
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" run --sim-ephemeral --max-memory "$limit" "$work/r.rhai" >/dev/null 2>&1 || true
    read -r s m < <(tail -n 1 "$work/t")
    above=$(((m - idle) / 1024))
    printf '  %4s MiB  %-56s %6s s %6s MiB peak, %5s MiB above idle (%s x)\n' "$limit" "$script" "$s" "$((m / 1024))" "$above" \
      "$(awk -v a="$above" -v l="$limit" 'BEGIN { printf "%.2f", a / l }')"
  done
done
printf '%s\n' "$nest" >"$work/n.rhai"
/usr/bin/time -f "%e %M" -o "$work/t" "$bin" run --sim-ephemeral "$work/n.rhai" >/dev/null 2>&1 || true
read -r s m < <(tail -n 1 "$work/t")
printf '\nNesting a value in itself 40,000 times (ended by the operation limit): %s s, %s MiB peak\n' "$s" "$((m / 1024))"
