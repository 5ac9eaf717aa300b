"""Fixed records of one event, its assignments and units (as the store and the server
hold them), the golden files made from them, and small document helpers."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

DATA = Path(__file__).parent / "data"
CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"

EVENT = {
    "id": "01a2276b-0000-7000-8000-000000000001", "number": "BG01-2026-000123",
    "received_at": "2026-03-29T00:58:00.000Z", "created_at": "2026-03-29T00:58:10.250Z",
    "updated_at": "2026-03-29T01:05:00.123Z", "channel": "nue112", "nue_contact_id": "NUE123",
    "type_code": "INC.FERITI", "priority": "red", "status": "on_scene", "municipality_istat": "016024",
    "municipality_name": "Bergamo", "address": "Via Roma 1", "lat": 45.6983, "lon": 9.6773,
    "caller_name": "Giulia Bianchi", "caller_phone": "+39 347 1234567",
    "description": "Scontro tra due auto all'incrocio, un ferito cosciente.", "sharing": "shared", "exercise": 0,
    "corps": "Polizia Locale di Bergamo", "closed_at": None, "outcome": None,
}
UNITS = {
    "r1": {"id": "r1", "kind": "car", "call_sign": "Alfa 1", "plate": "YA123AB", "corps": EVENT["corps"]},
    "r2": {"id": "r2", "kind": "motorbike", "call_sign": "Moto 2", "plate": None, "corps": EVENT["corps"]},
    "r3": {"id": "r3", "kind": "patrol", "call_sign": "Bravo 3", "plate": None, "corps": EVENT["corps"]},
}
ASSIGNMENTS = [
    {"id": "a1", "event_id": EVENT["id"], "resource_id": "r1", "status": "on_scene",
     "requested_at": "2026-03-29T00:59:00.000Z", "sent_at": "2026-03-29T00:59:00.000Z",
     "en_route_at": "2026-03-29T01:00:00.000Z", "on_scene_at": "2026-03-29T01:04:00.000Z", "cleared_at": None},
    {"id": "a2", "event_id": EVENT["id"], "resource_id": "r2", "status": "sent",
     "requested_at": "2026-03-29T01:01:00.000Z", "sent_at": "2026-03-29T01:01:00.000Z",
     "en_route_at": None, "on_scene_at": None, "cleared_at": None},
    {"id": "a3", "event_id": EVENT["id"], "resource_id": "r3", "status": "cleared",
     "requested_at": "2026-03-29T00:59:30.000Z", "sent_at": "2026-03-29T00:59:30.000Z",
     "en_route_at": None, "on_scene_at": None, "cleared_at": "2026-03-29T01:03:00.000Z"},
]


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def xml(text: str | bytes) -> etree._Element:
    return etree.fromstring(text.encode() if isinstance(text, str) else text)


def cap_text(doc: bytes | etree._Element, path: str) -> str | None:
    """Text of ``info/area/areaDesc``-style paths in the CAP namespace."""
    root = xml(doc) if isinstance(doc, bytes) else doc
    return root.findtext("/".join(f"{{{CAP_NS}}}{p}" for p in path.split("/")))


def edit_cap(doc: bytes, path: str, *, text: str | None = None, remove: bool = False) -> bytes:
    root = xml(doc)
    node = root.find("/".join(f"{{{CAP_NS}}}{p}" for p in path.split("/")))
    assert node is not None, path
    if remove:
        node.getparent().remove(node)
    else:
        node.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
