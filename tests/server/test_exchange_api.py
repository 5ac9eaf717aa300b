"""``GET /v1/exchange/cap`` (Atom feed of CAP alerts) and ``GET /v1/exchange/emsi/{event}``
against a real server process (SQLite and PostgreSQL), filled by real stations syncing."""

from __future__ import annotations

import pytest
from lxml import etree

from emergenza.exchange import cap_schema, emsi
from tests.support.factories import OPERATOR, event_data
from tests.support.stations import Station

ATOM = "{http://www.w3.org/2005/Atom}"
EM = "{urn:emergenza:exchange}"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
BG, MI = "Polizia Locale di Bergamo", "Polizia Locale di Milano"


@pytest.fixture
def region(server, tmp_path, catalogs):
    """Two corps' stations synced with the server: BG has a shared event with a unit on
    it and a reserved one, MI a shared one; and an observer (Questura)."""
    made = []

    def station(name: str, corps: str) -> Station:
        st = Station(tmp_path / f"{name}.db", catalogs, name, corps)
        made.append(st)
        st.enroll(server.url, server.enrollment_code(corps, name))
        return st

    bg, mi = station("BG01", BG), station("MI01", MI)
    shared = bg.events.create(event_data(sharing="shared", type_code="INC.FERITI", lat=45.69, lon=9.67),
                              operator=OPERATOR)
    unit = bg.units.add({"kind": "car", "call_sign": "Alfa 1"}, operator=OPERATOR)
    bg.units.assign(shared["id"], unit["id"], operator=OPERATOR)
    reserved = bg.events.create(event_data(sharing="reserved"), operator=OPERATOR)
    other = mi.events.create(event_data(sharing="shared", municipality_istat="015146", type_code="PC.INCENDIO"),
                             operator=OPERATOR)
    for st in (bg, mi):
        st.sync()
    observer = server.station("", "Questura di Bergamo", observer=True)
    yield {"bg": bg, "mi": mi, "observer": observer, "shared": shared, "reserved": reserved, "other": other,
           "server": server}
    for st in made:
        st.close()


def token_of(st: Station) -> dict:
    token = st.owner.call_blocking(lambda s: s.meta.get("token"))
    return {"Authorization": f"Bearer {token}"}


def feed(server, headers: dict, **params) -> etree._Element:
    r = server.client.get("/v1/exchange/cap", params=params, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/atom+xml")
    return etree.fromstring(r.content)


def alerts(root: etree._Element) -> list[etree._Element]:
    return [entry.find(f"{ATOM}content/{CAP}alert") for entry in root.findall(f"{ATOM}entry")]


def test_the_feed_holds_the_shared_events_as_valid_cap(region):
    server, observer = region["server"], region["observer"]
    root = feed(server, observer.auth)
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id") == "urn:emergenza:exchange:cap"
    found = alerts(root)
    numbers = sorted(a.findtext(f"{CAP}incidents") for a in found)
    assert numbers == sorted([region["shared"]["number"], region["other"]["number"]])  # not the reserved one
    for alert in found:
        assert cap_schema.problems(alert) == []  # the official OASIS schema
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}content").get("type") == "application/cap+xml"
    assert entry.findtext(f"{ATOM}id").startswith("urn:emergenza:cap:emergenza%3A")
    # A station sees the same feed: shared events only, its own reserved one included nowhere.
    assert sorted(a.findtext(f"{CAP}incidents") for a in alerts(feed(server, token_of(region["bg"])))) == numbers


def test_the_cursor_gives_only_what_changed(region):
    server, observer, bg = region["server"], region["observer"], region["bg"]
    root = feed(server, observer.auth)
    cursor = int(root.findtext(f"{EM}cursor"))
    assert root.findtext(f"{EM}more") == "false"
    assert alerts(feed(server, observer.auth, cursor=cursor)) == []
    bg.events.update(region["shared"]["id"], {"description": "Due feriti, carreggiata chiusa."}, operator=OPERATOR)
    bg.events.change_status(region["reserved"]["id"], "cancelled", operator=OPERATOR)  # reserved: never in the feed
    bg.sync()
    [alert] = alerts(feed(server, observer.auth, cursor=cursor))
    assert alert.findtext(f"{CAP}msgType") == "Update"
    assert alert.findtext(f"{CAP}info/{CAP}description") == "Due feriti, carreggiata chiusa."
    assert alert.findtext(f"{CAP}references").startswith(f"emergenza:BG01,{region['shared']['number']},")


def test_pages_walk_the_whole_feed(region):
    server, observer = region["server"], region["observer"]
    seen, cursor = [], 0
    for _ in range(10):
        root = feed(server, observer.auth, cursor=cursor, limit=1)
        seen += [a.findtext(f"{CAP}incidents") for a in alerts(root)]
        cursor = int(root.findtext(f"{EM}cursor"))
        if root.findtext(f"{EM}more") == "false":
            break
        assert root.find(f"{ATOM}link[@rel='next']") is not None
    assert sorted(seen) == sorted([region["shared"]["number"], region["other"]["number"]])


def test_emsi_of_one_event_follows_the_pull_visibility(region, catalogs):
    server, observer = region["server"], region["observer"]
    shared, reserved = region["shared"], region["reserved"]
    r = server.client.get(f"/v1/exchange/emsi/{shared['id']}", headers=observer.auth)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    msg = emsi.read(r.content, catalogs, "server.xml")
    assert msg.event_key == shared["number"] and msg.event["type_code"] == "INC.FERITI"
    assert [(u.call_sign, m.status) for u, m in zip(msg.units, msg.missions, strict=True)] == [("Alfa 1", "sent")]
    by_number = server.client.get(f"/v1/exchange/emsi/{shared['number']}", params={"format": "json"},
                                  headers=observer.auth)
    assert by_number.status_code == 200 and by_number.json()["EVENT"]["ID"] == shared["number"]
    # The reserved event: its own corps' station only; anyone else is told it does not exist.
    for headers in (observer.auth, token_of(region["mi"])):
        r = server.client.get(f"/v1/exchange/emsi/{reserved['id']}", headers=headers)
        assert r.status_code == 404 and "non visibile" in r.json()["detail"]
    assert server.client.get(f"/v1/exchange/emsi/{reserved['number']}", headers=token_of(region["bg"])).status_code \
        == 200


def test_exchange_needs_a_token_and_is_in_the_openapi(region):
    server = region["server"]
    for path in ("/v1/exchange/cap", f"/v1/exchange/emsi/{region['shared']['id']}"):
        assert server.client.get(path).status_code == 401
    assert server.client.get("/v1/exchange/cap", params={"limit": 0},
                             headers=region["observer"].auth).status_code == 422
    spec = server.client.get("/openapi.json").json()
    cap_doc = spec["paths"]["/v1/exchange/cap"]["get"]
    assert "application/atom+xml" in cap_doc["responses"]["200"]["content"]
    assert "CAP 1.2" in cap_doc["responses"]["200"]["description"]
    emsi_doc = spec["paths"]["/v1/exchange/emsi/{event}"]["get"]
    assert "404" in emsi_doc["responses"] and "EMSI" in emsi_doc["responses"]["200"]["description"]



def test_a_page_never_splits_one_group_commit(region):
    """Events pushed together share their seq: a page of one still gives them all, so a
    reader following the cursor misses none of them."""
    server, observer, bg = region["server"], region["observer"], region["bg"]
    cursor = int(feed(server, observer.auth).findtext(f"{EM}cursor"))
    made = [bg.events.create(event_data(sharing="shared", address=f"Via Verdi {n}"), operator=OPERATOR)["number"]
            for n in range(3)]
    bg.sync()
    root = feed(server, observer.auth, cursor=cursor, limit=1)
    assert sorted(a.findtext(f"{CAP}incidents") for a in alerts(root)) == sorted(made)
    assert alerts(feed(server, observer.auth, cursor=int(root.findtext(f"{EM}cursor")))) == []
