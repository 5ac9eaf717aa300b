"""A snapshot page decoded a slice at a time (sync/slices.py): the same page as decoding the
whole text, the event loop run between slices, and anything else decoded whole."""

from __future__ import annotations

import asyncio
import json

import pytest

from emergenza.sync import slices
from emergenza.sync.protocol import ProtocolError, validate_snapshot_response
from tests.support.stations import run_to_end

HLC = "1767225600000-00003-BNA"


def _change(i: int) -> str:
    kind = "events" if i % 2 == 0 else "journal"
    fields = {"id": f"0190aaaa-{i:04d}", "description": "Incendio è, tetto\n(2° piano)", "n": [1, 2]}
    return json.dumps({"entity": kind, "entity_id": f"0190aaaa-{i:04d}", "fields": fields, "hlc": HLC,
                       "change_id": f"p1.{i}", "origin": "server"}, ensure_ascii=False, separators=(",", ":"))


def _laid_out(lines: list[str], rest: str = '"cursor":7,"next":["journal","0190aaaa-0003"]}') -> bytes:
    """As the server writes a page (server/snapshot_api.py): one change per line."""
    return ('{"changes":[\n' + ",\n".join(lines) + "\n]," + rest).encode()


def _decode(content: bytes, per: int):
    return run_to_end(slices.snapshot_page(content, per=per))


def _whole(content: bytes):
    return validate_snapshot_response(json.loads(content))


@pytest.mark.parametrize("n", [0, 1, 2, 7, 12])
@pytest.mark.parametrize("per", [1, 2, 5, 500])
def test_a_laid_out_page_is_the_page_the_whole_text_gives(n, per):
    content = _laid_out([_change(i) for i in range(n)])
    assert _decode(content, per) == _whole(content)
    assert len(_decode(content, per)["changes"]) == n


def test_the_event_loop_runs_between_slices():
    content = _laid_out([_change(i) for i in range(100)])
    ticks = 0

    async def ticker(stop: asyncio.Event) -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0)

    async def main() -> int:
        stop = asyncio.Event()
        task = asyncio.create_task(ticker(stop))
        await asyncio.sleep(0)
        before = ticks
        page = await slices.snapshot_page(content, per=10)
        during = ticks - before
        stop.set()
        await task
        assert len(page["changes"]) == 100
        return during

    assert run_to_end(main()) >= 9  # a turn of the loop after each of the ten slices


def test_a_compact_page_is_decoded_whole():
    text = json.dumps({"changes": [json.loads(_change(i)) for i in range(3)], "cursor": 3, "next": None})
    assert _decode(text.encode(), 1) == _whole(text.encode())


# Pages laid out almost as the server does, some of them not JSON at all: read in slices
# they must give what the whole text gives, or be refused as it is.
ODD = {
    "newline inside a change": _laid_out([_change(0), '{"entity":"events","entity_id":"0190aaaa-0001",'
                                          '"fields":{"a":[1,\n2]},"hlc":"' + HLC + '","change_id":"p.1",'
                                          '"origin":"server"}', _change(2)]),
    "comma before the end": ('{"changes":[\n' + _change(0) + ",\n" + _change(1) + ",\n],"
                             '"cursor":7,"next":null}').encode(),
    "two commas": ('{"changes":[\n' + _change(0) + ",,\n" + _change(1) + '\n],"cursor":7,"next":null}').encode(),
    "empty line between": ('{"changes":[\n' + _change(0) + ",\n\n" + _change(1) + '\n],"cursor":7,"next":null}'
                           ).encode(),
    "empty line at the end": ('{"changes":[\n' + _change(0) + ",\n" + _change(1) + ',\n\n],"cursor":7,"next":null}'
                              ).encode(),
    "nothing after the changes": ('{"changes":[\n' + _change(0) + "\n],}").encode(),
    "changes given twice": _laid_out([_change(0)], '"cursor":7,"next":null,"changes":[]}'),
    "two changes on a line": _laid_out([_change(0) + "," + _change(1), _change(2)]),
    "not a list of changes": _laid_out(["1", "2"]),
    "cut short": _laid_out([_change(0), _change(1)])[:-40],
}


def _outcome(fn):
    try:
        return fn()
    except ValueError:  # ProtocolError and the decoders' errors
        return "refused"


@pytest.mark.parametrize("name", list(ODD))
@pytest.mark.parametrize("per", [1, 2, 3])
def test_an_odd_page_reads_as_its_whole_text(name, per):
    content = ODD[name]
    assert _outcome(lambda: _decode(content, per)) == _outcome(lambda: _whole(content))


def test_a_bad_change_in_a_slice_is_named():
    bad = json.loads(_change(3))
    bad["entity"] = "segreti"
    content = _laid_out([_change(0), _change(1), json.dumps(bad)])
    with pytest.raises(ProtocolError, match="entità sconosciuta: 'segreti'"):
        _decode(content, 2)
