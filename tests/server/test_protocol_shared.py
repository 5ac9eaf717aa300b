"""The wire protocol is declared once (emergenza.sync.protocol): the server answers with
the client's limits, documents them in its OpenAPI, and keeps no copy of its own."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from emergenza.server import limits
from emergenza.sync import protocol
from emergenza.sync.protocol import MAX_CHANGES_PER_PUSH, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, PULL_PATH, PUSH_PATH
from tests.support.server_data import event_fields, new_id

ROOT = Path(__file__).resolve().parents[2] / "emergenza"


def test_limits_are_consistent():
    assert PULL_MAX_LIMIT >= PULL_DEFAULT_LIMIT == MAX_CHANGES_PER_PUSH == 1000


def test_a_pull_without_limit_gets_the_clients_default_page(server):
    a = server.station("PL Bergamo", "A")
    b = server.station("PL Bergamo", "B")
    for size in (MAX_CHANGES_PER_PUSH, 5):
        a.push([a.change("events", new_id(), event_fields()) for _ in range(size)])
    page = b.pull(0)
    assert len(page["changes"]) == PULL_DEFAULT_LIMIT and page["has_more"]
    page = b.pull(0, limit=PULL_MAX_LIMIT)
    assert len(page["changes"]) == MAX_CHANGES_PER_PUSH + 5 and not page["has_more"]


def test_the_openapi_documents_the_shared_limits(server):
    spec = server.client.get("/openapi.json").json()
    limit = next(p for p in spec["paths"][PULL_PATH]["get"]["parameters"] if p["name"] == "limit")["schema"]
    assert (limit["default"], limit["maximum"]) == (PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT)
    push_in = spec["paths"][PUSH_PATH]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    changes = spec["components"]["schemas"][push_in.rsplit("/", 1)[1]]["properties"]["changes"]
    assert changes["maxItems"] == MAX_CHANGES_PER_PUSH


def test_the_server_keeps_no_copy_of_the_protocol():
    declared = {name for name in vars(protocol) if name.isupper()}
    assert declared & set(vars(limits)) == set()


def test_the_protocol_imports_only_the_domain_and_the_standard_library():
    for module in ("protocol", "merge"):
        tree = ast.parse((ROOT / "sync" / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 2 and (node.module or "").startswith("domain"), (module, node.module)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    assert name.split(".")[0] in sys.stdlib_module_names, (module, name)


def test_the_servers_models_have_the_protocols_shapes():
    from emergenza.server import schemas

    assert tuple(schemas.Change.model_fields) == protocol.CHANGE_KEYS
    assert tuple(schemas.EnrollOut.model_fields) == protocol.ENROLL_KEYS
    for model, shape in ((schemas.PushOut, protocol.PushResponse), (schemas.PullOut, protocol.PullResponse),
                         (schemas.Clamped, protocol.Clamped)):
        assert set(model.model_fields) == set(shape.__annotations__), model
    assert set(schemas.PulledChange.model_fields) == set(protocol.CHANGE_KEYS) | {"seq"}
    assert set(schemas.EnrollIn.model_fields) == set(protocol.EnrollRequest.__annotations__)
