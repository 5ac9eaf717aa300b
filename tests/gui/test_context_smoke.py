from emergenza.store import Store


def test_owner_call_from_task(ctx, qtbot, wait_tasks):
    results = []
    ctx.tasks.run(ctx.owner.call(Store.units.overview), on_done=results.append)
    wait_tasks(ctx)
    assert [r["call_sign"] for r in results[0]] == ["Agente 7", "Alfa 1", "Alfa 2", "Moto 1"]
