"""The demo's world: its people, units, places, event types and numbering, as seeded.

``DemoWorld`` answers "who, where, what": the operators and units of the corps, the
municipalities around it with their streets, the event types by frequency, the catalog's
priority scale, callers' phone numbers, ids, HLC stamps and event numbers. The events'
stories (demo_generator.py) are told with it. Everything comes from one seeded RNG.
"""

from __future__ import annotations

import bisect
import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..domain.catalogs import Catalogs
from ..domain.enums import Channel
from . import demo_data as D

PROVINCE_CAPITALS = {"BG": "Bergamo", "BS": "Brescia", "CO": "Como", "CR": "Cremona", "LC": "Lecco",
                     "LO": "Lodi", "MB": "Monza", "MI": "Milano", "MN": "Mantova", "PV": "Pavia",
                     "SO": "Sondrio", "VA": "Varese"}


def _iso_factory() -> Callable[[int], str]:
    """ms since the epoch -> ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (as utc_now_iso), with a per-day cache."""
    days: dict[int, str] = {}

    def iso(ms: int) -> str:
        day, rem = divmod(ms, 86_400_000)
        prefix = days.get(day)
        if prefix is None:
            prefix = days[day] = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%dT")
        h, rem = divmod(rem, 3_600_000)
        m, rem = divmod(rem, 60_000)
        s, milli = divmod(rem, 1000)
        return f"{prefix}{h:02d}:{m:02d}:{s:02d}.{milli:03d}Z"

    return iso


def province_and_town(catalogs: Catalogs, station_code: str, corps: str) -> tuple[str, str]:
    by_name = {m.name.lower(): m for m in catalogs.municipalities.values()}
    tail = corps.rsplit(" di ", 1)[-1].strip().lower() if " di " in corps else ""
    if tail in by_name:
        town = by_name[tail]
        return town.province_code, town.istat
    prov = station_code[:2]
    if prov not in PROVINCE_CAPITALS:
        prov = "BG"
    return prov, by_name[PROVINCE_CAPITALS[prov].lower()].istat


class DemoWorld:
    def __init__(self, catalogs: Catalogs, *, seed: int, station_code: str, corps: str, now_ms: int):
        self.cat = catalogs
        self.rng = random.Random(seed)
        self.seed = seed
        self.station = station_code
        self.corps = corps
        self.now_ms = now_ms
        self.iso = _iso_factory()
        self.replica = uuid.uuid4().hex[:16]
        self.max_hlc = 0
        self.counters: dict[int, int] = {}
        self.year_starts: list[tuple[int, int]] = []
        self.nue_seq = 0
        self.expected = 0  # events to generate: sizes the pool of callers
        rng = self.rng
        # Operators.
        self.operators = [name for name, _role in D.OPERATORS]
        self.admin = self.operators[0]
        self.operator_rows = [
            (self.new_id(self.now_ms - 400 * 86_400_000), name, role, 1, self.iso(self.now_ms - 400 * 86_400_000))
            for name, role in D.OPERATORS]
        # Units: statuses are settled once the active events have been planned.
        self.units: list[dict[str, Any]] = []
        for kind, pattern, count in D.UNIT_PLAN:
            for i in range(1, count + 1):
                plate = None if kind in ("officer", "bicycle") else \
                    f"YA{rng.randint(100, 999)}{rng.choice('ABCDEFGHLMNPRSTVZ')}{rng.choice('ABCDEFGHLMNPRSTVZ')}"
                self.units.append({"id": self.new_id(self.now_ms - 400 * 86_400_000), "kind": kind,
                                   "call_sign": pattern.format(i), "status": "available", "plate": plate,
                                   "radio_channel": f"Canale {1 + (i % 2)}", "corps": self.corps,
                                   "notes": None, "active": 1})
        self.units[12]["status"] = "out_of_service"  # Bravo 5
        self.units[12]["notes"] = "In officina per tagliando."
        self.units[17]["status"] = "out_of_service"  # Moto 5
        # Years of the numbering (station's local time, as Events._next_number).
        first_year = datetime.fromtimestamp((self.now_ms - 3700 * 86_400_000) / 1000).year
        last_year = datetime.fromtimestamp(self.now_ms / 1000).year + 1
        for y in range(first_year, last_year + 1):
            self.year_starts.append((int(datetime(y, 1, 1).timestamp() * 1000), y))
        # Places.
        province, town = province_and_town(self.cat, self.station, self.corps)
        self.province, self.town = province, town
        others = sorted(m.istat for m in self.cat.municipalities.values()
                        if m.province_code == province and m.istat != town)
        rng.shuffle(others)
        self.places = [town, *others]
        weights = [0.0] + [1.0 / (i + 1) for i in range(len(others))]
        total_others = sum(weights) or 1.0
        cum, acc = [], 0.0
        for i, w in enumerate(weights):
            acc += 0.55 if i == 0 else 0.45 * w / total_others
            cum.append(acc)
        self.place_cum = cum
        self.centre = D.PROVINCE_CENTRES[province]
        self.streets = {istat: rng.sample(D.STREETS, k=min(len(D.STREETS), 60 if istat == town else 15))
                        for istat in self.places}
        # Types.
        codes = [c for c in D.TYPE_WEIGHTS if c in self.cat.event_types]
        acc, self.type_cum = 0.0, []
        for c in codes:
            acc += D.TYPE_WEIGHTS[c]
            self.type_cum.append(acc)
        self.type_codes = codes
        # The catalog's priority scale: least urgent first (a type's priority is sometimes
        # one level off), the most urgent level, and the urgent ones (those that alert).
        self.levels = [p.code for p in reversed(self.cat.priorities_by_urgency())]
        self.most_urgent = self.levels[-1]
        self.urgent = {p.code for p in self.cat.alerting_priorities()}
        self.type_labels = {c: self.cat.type_label(c) for c in self.cat.event_types}
        self.channel_labels = {c.value: c.label for c in Channel}
        self.channel_cum = [("phone", 0.45), ("nue112", 0.70), ("radio", 0.78), ("initiative", 0.89),
                            ("front_desk", 0.94), ("video", 1.0)]
        self.phone_pool: list[str] = []

    # ------------------------------------------------------------- primitives
    def new_id(self, ms: int) -> str:
        r = self.rng.getrandbits(74)
        value = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
        h = "%032x" % value
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hlc(self, ms: int) -> str:
        if ms > self.max_hlc:
            self.max_hlc = ms
        return f"{ms:013d}-00000-{self.replica}"

    def year_of(self, ms: int) -> int:
        i = bisect.bisect_right(self.year_starts, (ms, 10**9)) - 1
        return self.year_starts[i][1]

    def next_number(self, ms: int) -> str:
        year = self.year_of(ms)
        n = self.counters.get(year, 0) + 1
        self.counters[year] = n
        return f"{self.station}-{year}-{n:06d}"

    def pick_place(self) -> str:
        return self.places[min(bisect.bisect_left(self.place_cum, self.rng.random() * self.place_cum[-1]),
                               len(self.places) - 1)]

    def pick_type(self) -> str:
        return self.type_codes[bisect.bisect_left(self.type_cum, self.rng.random() * self.type_cum[-1])]

    def phone(self) -> str:
        """Callers repeat: a few numbers call very often, so "prior events" show up."""
        rng = self.rng
        size = max(50, self.expected // 4)
        idx = int(size * rng.random() ** 1.5)
        while idx >= len(self.phone_pool):
            if rng.random() < 0.8:
                self.phone_pool.append(f"+39 3{rng.randint(20, 93)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}")
            else:
                self.phone_pool.append(f"035 {rng.randint(200000, 999999)}")
        return self.phone_pool[idx]

    def base_event(self, ms: int, code: str | None, place: str | None, exercise: bool) -> dict[str, Any]:
        rng = self.rng
        code = code or self.pick_type()
        priority = self.cat.event_types[code].priority
        if rng.random() < 0.08:
            level = self.levels.index(priority) + rng.choice((-1, 1))
            priority = self.levels[min(len(self.levels) - 1, max(0, level))]
        place = place or self.pick_place()
        self.last_place = place
        if code in D.MAJOR_TYPES:
            self.last_major_code = code
        r = rng.random()
        channel = next(c for c, p in self.channel_cum if r <= p)
        if code.startswith("CTR."):
            channel = "video" if code == "CTR.VIDEO" else "initiative"
        nue = None
        if channel == "nue112":
            self.nue_seq += 1
            nue = f"NUE-{self.province}-{self.nue_seq:08d}"
        caller_name = caller_phone = None
        if channel in ("phone", "nue112", "front_desk"):
            caller_phone = self.phone() if channel != "front_desk" or rng.random() < 0.5 else None
            if rng.random() < 0.75:
                caller_name = f"{rng.choice(D.FIRST_NAMES)} {rng.choice(D.SURNAMES)}"
        street = rng.choice(self.streets[place])
        address = street if rng.random() < 0.1 else f"{street} {int(1 + 120 * rng.random() ** 2)}"
        lat = lon = None
        if rng.random() < 0.6:
            spread = 0.03 if place == self.town else 0.25
            lat = round(self.centre[0] + rng.uniform(-spread, spread), 5)
            lon = round(self.centre[1] + rng.uniform(-spread, spread), 5)
        template = rng.choice(D.DESCRIPTIONS.get(code) or D.DESCRIPTIONS[code.split(".")[0]])
        description = template.format(v=rng.choice(D.VEHICLES), v2=rng.choice(D.VEHICLES),
                                      c=rng.choice(D.COLOURS), n=rng.randint(2, 6), s=rng.choice(D.SURNAMES))
        if exercise:
            description = "[ESERCITAZIONE] " + description
        shared = (rng.random() < 0.7) if code.startswith(D.SHARED_PREFIXES) else (rng.random() < 0.03)
        operator = self.operators[int(len(self.operators) * rng.random() ** 1.5)]
        return {
            "id": self.new_id(ms), "number": self.next_number(ms), "received_at": self.iso(ms),
            "channel": channel, "nue_contact_id": nue, "type_code": code, "priority": priority,
            "status": "new", "municipality_istat": place,
            "municipality_name": self.cat.municipalities[place].name, "address": address,
            "lat": lat, "lon": lon, "caller_name": caller_name, "caller_phone": caller_phone,
            "description": description, "sharing": "shared" if shared else "reserved",
            "exercise": 1 if exercise else 0, "parent_id": None, "outcome": None, "first_sent_at": None,
            "closed_at": None, "created_by": operator, "created_at": self.iso(ms + rng.randint(20, 150) * 1000),
            "updated_at": None, "origin": self.replica, "corps": self.corps,
            "_hlc": self.hlc(ms), "_versions": "{}", "_ms": ms,
        }

