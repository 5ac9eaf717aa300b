"""The audit head anchored at the server: a head that goes backwards or changes its hash at
a seq the server already knew is flagged, kept out, logged and listed (issue 9, item 6)."""

from __future__ import annotations

import hashlib
import json

from emergenza.sync.protocol import ANCHOR_PATH
from tests.support.cli import run_server_cli


def h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def anchor(st, seq, hash_, known_seq=None, known_hash=None, expect=200):
    body = {"seq": seq, "hash": hash_, "known_seq": known_seq, "known_hash": known_hash}
    r = st.client.post(ANCHOR_PATH, json=body, headers=st.auth)
    assert r.status_code == expect, r.text
    return r.json()


def held(st):
    r = st.client.get(ANCHOR_PATH, headers=st.auth)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_growing_chain_is_anchored(server):
    st = server.station("PL Bergamo")
    assert held(st) == {"accepted": True, "seq": None, "hash": None, "reason": None}
    assert anchor(st, 5, h("5"))["accepted"] is True
    assert anchor(st, 5, h("5"), 5, h("5"))["accepted"] is True  # a sync with nothing new
    out = anchor(st, 9, h("9"), 5, h("5"))
    assert out == {"accepted": True, "seq": 9, "hash": h("9"), "reason": None}
    assert held(st)["seq"] == 9


def test_a_head_that_goes_back_is_flagged_and_not_kept(server):
    st = server.station("PL Bergamo")
    anchor(st, 9, h("9"))
    out = anchor(st, 4, h("4"))
    assert out["accepted"] is False and "indietro" in out["reason"]
    assert (out["seq"], out["hash"]) == (9, h("9"))  # the good head stays
    assert held(st)["accepted"] is False and held(st)["seq"] == 9
    assert "ancora di audit segnalata" in server.log_path.read_text()


def test_another_hash_at_a_known_seq_is_flagged(server):
    st = server.station("PL Bergamo")
    anchor(st, 7, h("7"))
    out = anchor(st, 7, h("forged"))
    assert out["accepted"] is False and "voce 7" in out["reason"] and "riscritta" in out["reason"]


def test_a_chain_recomputed_below_the_anchor_is_flagged(server):
    st = server.station("PL Bergamo")
    anchor(st, 7, h("7"))
    anchor(st, 12, h("12"), 7, h("7"))
    # History rewritten at 7 and re-hashed onward: the station's chain has another hash there now.
    out = anchor(st, 15, h("15 new"), 7, h("7 recomputed"))
    assert out["accepted"] is False and "voce 7" in out["reason"]
    assert held(st)["seq"] == 12


def test_stations_are_anchored_apart(server):
    a, b = server.station("PL Bergamo", "A"), server.station("PL Milano", "B")
    anchor(a, 30, h("a30"))
    assert anchor(b, 2, h("b2"))["accepted"] is True  # not "backwards": its own chain
    assert held(a)["seq"] == 30 and held(b)["seq"] == 2


def test_bad_requests_are_refused(server):
    st = server.station("PL Bergamo")
    anchor(st, 1, "zz", expect=422)
    anchor(st, -1, h("x"), expect=422)
    r = st.client.post(ANCHOR_PATH, json={"seq": 1, "hash": h("1")})
    assert r.status_code == 401
    observer = server.station("", "Questura", observer=True)
    anchor(observer, 1, h("1"), expect=403)


def test_the_admin_listing_shows_flagged_stations_first(server):
    good, bad = server.station("PL Bergamo", "Buona"), server.station("PL Brescia", "Riscritta")
    anchor(good, 3, h("3"))
    anchor(bad, 8, h("8"))
    anchor(bad, 8, h("other"))
    out = run_server_cli("anchors", "--db", server.db_url, check=False)
    assert out.returncode == 1, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and "Riscritta" in lines[0] and "SEGNALATA" in lines[0] and lines[1].endswith("ok")
    rows = json.loads(run_server_cli("anchors", "--db", server.db_url, "--json", check=False).stdout)
    assert [r["name"] for r in rows] == ["Riscritta", "Buona"] and rows[0]["flag_reason"]
