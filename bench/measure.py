"""Runs one client command against the emulator at BASE and prints one row of figures:
wall time, the provisioning floor (how long at least one of its mutations was being provisioned,
from /_sim/stats), wall / floor, all requests, status requests (polls of /requests), the most
requests in any 60 s window and the 429s received. With --runs N the command runs N times
and the row is the run with the median wall / floor (realistic delays jitter from run to run);
with --refill each run starts with a full rate-limit bucket (120 a minute, bursts of 50), as
after a quiet minute.

    python3 bench/measure.py BASE LABEL [--runs N] [--refill] -- COMMAND...
"""

import json
import subprocess
import sys
import time
import urllib.request

base, label = sys.argv[1], sys.argv[2]
options = sys.argv[3:sys.argv.index("--")]
runs = int(options[options.index("--runs") + 1]) if "--runs" in options else 1
refill = "--refill" in options
command = sys.argv[sys.argv.index("--") + 1:]


def call(method, path):
    request = urllib.request.Request(base + path, method=method)
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def once():
    """One run: its figures, or the reason it failed."""
    if refill:
        limit = json.dumps({"rateLimit": {"perMinute": 120, "burst": 50}}).encode()
        request = urllib.request.Request(base + "/_sim/faults", data=limit, method="PUT",
                                         headers={"content-type": "application/json"})
        urllib.request.urlopen(request).read()
    call("DELETE", "/_sim/stats")
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
    stats = call("GET", "/_sim/stats")
    log = call("GET", "/_sim/stats/log")["items"]
    status = sum(r["count"] for r in stats["byRoute"]
                 if r["method"] == "GET" and (r["path"].endswith("/status") or r["path"].endswith("/requests")))
    times = sorted(entry["atMs"] for entry in log)
    peak, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 60_000:
            first += 1
        peak = max(peak, last - first + 1)
    floor = stats["provisioningMs"] / 1000
    return (wall, floor, stats["total"], status, peak, stats["byStatus"].get("429", 0)), None


rows = []
for _ in range(runs):
    row, failure = once()
    if failure is not None:
        print(f"{label:<60} failed: {failure}")
        sys.exit(0)
    rows.append(row)
rows.sort(key=lambda r: r[0] / r[1] if r[1] > 0 else r[0])
wall, floor, total, status, peak, throttled = rows[len(rows) // 2]
if runs > 1:
    label = f"{label}, median of {runs}"
ratio = f"{wall / floor:.2f}x" if floor > 0 else "-"
print(f"{label:<60} {wall:8.2f} {floor:8.2f} {ratio:>7} {total:9} {status:8} {peak:9} {throttled:5}")
