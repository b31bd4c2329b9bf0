"""How late a wait notices a change, against how many looks it takes, when durations jitter
±30 % (log-normal, sigma 0.3, as the emulator's realistic profile draws them) and the wait knows
the range of the last eight durations of the kind. For ionosh's schedule (first look at the
shortest, then 6 % of the time waited apart, growing past the longest) and for schedules that
spread k looks evenly over the known range. Prints the mean lateness (as a share of the median
duration) and the mean number of looks, from 20,000 draws: the trade-off behind the README's
bound for waits in a row.

    python3 bench/schedule_tradeoff.py
"""

import math
import random

SIGMA = 0.3
DRAWS = 20_000
MIN_GAP = 0.02 / 45  # 20 ms at a 45 s median


def ionosh(low, high, t):
    """The learned schedule of src/client/wait.rs (Expectation::after)."""
    if t < low:
        return max(low, t + MIN_GAP)
    beyond = max(t / high - 1.05, 0.0)
    step = min(0.06 + 0.12 * beyond, 0.25)
    return t + max(t * step, MIN_GAP)


def spread(k):
    """k looks spread evenly over the known range, then 10 % steps past it."""
    def after(low, high, t):
        if t < low:
            return max(low, t + MIN_GAP)
        gap = (high - low) / k
        if t > high:
            gap = max(gap, t * 0.1)
        return t + max(gap, MIN_GAP, t * 0.01)
    return after


def measure(after):
    random.seed(1)
    late = looks = 0.0
    for _ in range(DRAWS):
        history = [math.exp(random.gauss(0, SIGMA)) for _ in range(8)]
        low, high = min(history), max(history)
        actual = math.exp(random.gauss(0, SIGMA))
        t, n = low, 1
        while t < actual:
            t, n = after(low, high, t), n + 1
        late += t - actual
        looks += n
    return late / DRAWS, looks / DRAWS


print(f"{'schedule':<24} {'late (share)':>12} {'looks':>7}")
late, looks = measure(ionosh)
print(f"{'ionosh (6 % steps)':<24} {late:12.3f} {looks:7.2f}")
for k in (2, 3, 4, 6, 8, 10):
    late, looks = measure(spread(k))
    print(f"{f'{k} looks over the range':<24} {late:12.3f} {looks:7.2f}")
