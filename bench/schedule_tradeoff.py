"""How late a wait notices a change, against how many looks it takes, when durations jitter
±30 % (log-normal, sigma 0.3, as the emulator's realistic profile draws them) and the wait knows
the last eight durations of the kind. For ionosh's schedule (src/client/wait.rs: a log-normal
fitted to the history, looks spaced by the share of changes still going, from what a look is
worth — a second — and the width of the likely durations) at several typical durations, and
for schedules that spread k looks evenly over the range of the history. Prints the mean
lateness (as a share of the median duration) and the mean number of looks, from 20,000 draws:
the trade-off behind the README's bound for waits in a row.

    python3 bench/schedule_tradeoff.py
"""

import math
import random
from statistics import NormalDist

SIGMA = 0.3
DRAWS = 20_000
LOOK_WORTH = 1.0  # seconds
NORMAL = NormalDist()


class Fitted:
    """src/client/history.rs (History::expectation) and wait.rs (Expectation)."""

    def __init__(self, history, look_worth):
        logs = [math.log(d) for d in history]
        n = len(logs)
        mean = sum(logs) / n
        deviation = math.sqrt(sum((x - mean) ** 2 for x in logs) / max(n - 1, 1))
        spread = {1: SIGMA, 2: max(deviation, SIGMA / 2)}.get(n, deviation)
        self.median = math.exp(mean)
        self.spread = max(spread, 0.005) * math.sqrt(1 + 1 / n)
        width = 2.5 * self.spread * self.median
        self.step = min(math.sqrt(2 * look_worth / width), 0.19 / self.spread, 1.0)
        self.first_share = min(0.98 * self.step ** 1.5, NORMAL.cdf(0.1 / self.spread))

    def quantile(self, p):
        return self.median * math.exp(self.spread * NORMAL.inv_cdf(min(max(p, 1e-12), 1 - 1e-12)))

    def done_by(self, t):
        return NORMAL.cdf(math.log(t / self.median) / self.spread)

    def first(self):
        return max(self.quantile(self.first_share), 0.02)

    def after(self, t):
        done = self.done_by(t)
        if done < self.first_share:
            return max(self.quantile(self.first_share), t + 0.02)
        if done < 0.999:
            later = self.quantile(min(done + self.step * (1 - done), 0.999))
        else:
            beyond = max(t / self.quantile(0.999) - 1.05, 0.0)
            later = t * (1 + min(0.06 + 0.12 * beyond, 0.2))
        longest = min(max(t * 0.2, 0.02), 60.0)
        return min(max(later, t + min(max(t * 0.02, 0.02), longest)), t + longest)


class Spread:
    """k looks spread evenly over the history's range, then 10 % steps past it."""

    def __init__(self, history, k):
        self.low, self.high, self.k = min(history), max(history), k

    def first(self):
        return self.low

    def after(self, t):
        gap = (self.high - self.low) / self.k
        if t > self.high:
            gap = max(gap, t * 0.1)
        return t + max(gap, 0.02, t * 0.01)


def measure(schedule, median):
    random.seed(1)
    late = looks = 0.0
    for _ in range(DRAWS):
        history = [median * math.exp(random.gauss(0, SIGMA)) for _ in range(8)]
        actual = median * math.exp(random.gauss(0, SIGMA))
        wait = schedule(history)
        t, n = wait.first(), 1
        while t < actual:
            t, n = wait.after(t), n + 1
        late += t - actual
        looks += n
    return late / DRAWS / median, looks / DRAWS


print(f"{'schedule':<34} {'late (share)':>12} {'looks':>7}")
for median in (2, 9, 30, 150, 900):
    late, looks = measure(lambda h: Fitted(h, LOOK_WORTH), median)
    print(f"{f'ionosh, {median} s median':<34} {late:12.3f} {looks:7.2f}")
for k in (2, 3, 4, 6, 8, 10):
    late, looks = measure(lambda h: Spread(h, k), 30)
    print(f"{f'{k} looks over the range, 30 s':<34} {late:12.3f} {looks:7.2f}")
