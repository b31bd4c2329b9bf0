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

printf '\nRunaway scripts under --max-memory 256 (ended with an error):\n'
for script in 'let s = "x"; loop { s += s; }' 'let a = []; loop { a.push(#{ id: "0123456789abcdef" }); }'; do
  printf '%s\n' "$script" >"$work/r.rhai"
  /usr/bin/time -f "%e %M" -o "$work/t" "$bin" run --sim-ephemeral --max-memory 256 "$work/r.rhai" >/dev/null 2>&1 || true
  read -r s m < <(tail -n 1 "$work/t")
  printf '  %-60s %6s s %6s MiB peak\n' "$script" "$s" "$((m / 1024))"
done
