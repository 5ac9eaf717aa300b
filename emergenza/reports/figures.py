"""Summary figures shared by every report: medians, percentiles, response times.

Definitions (the README repeats them):
- median: the middle value (mean of the two middle values for an even count);
- 90th percentile: nearest rank, the smallest value with at least 90 % of the values
  at or below it (always a value that occurred);
- response times, per event: received -> first unit sent (``first_sent_at``), first unit
  sent -> first unit on scene, first unit on scene -> last unit cleared (only events with
  no unit still engaged). Negative intervals (clock errors between stations) are left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (``pct`` in 0-100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return float(ordered[rank - 1])


@dataclass(frozen=True)
class DurationStats:
    count: int
    median_s: float | None
    p90_s: float | None

    @classmethod
    def of(cls, values: Iterable[float | None]) -> DurationStats:
        kept = [float(v) for v in values if v is not None and v >= 0]
        return cls(len(kept), median(kept), percentile(kept, 90))


RESPONSE_LABELS = (
    ("to_sent", "Ricezione → prima unità inviata"),
    ("to_scene", "Invio → prima unità sul posto"),
    ("on_scene", "Sul posto → ultima unità libera"),
)


@dataclass(frozen=True)
class ResponseTimes:
    to_sent: DurationStats
    to_scene: DurationStats
    on_scene: DurationStats

    @classmethod
    def of(cls, rows: Iterable[tuple[float | None, float | None, float | None]]) -> ResponseTimes:
        """From (to_sent, to_scene, on_scene) seconds per event."""
        a, b, c = [], [], []
        for x, y, z in rows:
            a.append(x)
            b.append(y)
            c.append(z)
        return cls(DurationStats.of(a), DurationStats.of(b), DurationStats.of(c))

    def items(self) -> list[tuple[str, DurationStats]]:
        return [(label, getattr(self, name)) for name, label in RESPONSE_LABELS]


def share(part: float, whole: float) -> float | None:
    """Percentage (0-100) or None when there is no whole."""
    return 100.0 * part / whole if whole else None


def nice_step(top: float) -> float:
    """Gridline step of a chart whose largest bar is ``top``: 1, 2 or 5 times a power of
    ten, about five lines; never below 1 once the bars reach 5 (whole counts)."""
    if top <= 0:
        return 1.0
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(max(factor * power, 1.0)) if top >= 5 else float(factor * power)
    return float(10 * power)
