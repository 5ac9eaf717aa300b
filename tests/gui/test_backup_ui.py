"""Automatic backups in the running app: daily, at shift end, on demand, and failures shown."""

from __future__ import annotations

import pytest

from emergenza.store import Store

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")


@pytest.fixture
def window(ctx, qtbot):
    from emergenza.gui.shell.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def scheduler(ctx, window):
    from emergenza.gui.station.backup_ui import install_backup_timer

    s = install_backup_timer(ctx, window, keep=3, start=False)
    yield s
    s.stop()


def _tags(scheduler) -> list[str]:
    return sorted(b.tag for b in scheduler.policy.backups())


def test_daily_then_shift_end_then_manual(ctx, window, scheduler, qtbot, wait_tasks):
    assert ctx.backups is scheduler
    assert scheduler.policy.folder == ctx.owner.path.parent / "backup"
    with qtbot.waitSignal(scheduler.backup_written, timeout=5000) as blocker:
        scheduler.check_now()  # never backed up: the daily copy is due
    assert blocker.args[1] == "giornaliero"
    wait_tasks(ctx)
    assert _tags(scheduler) == ["giornaliero"]
    assert "Copia di sicurezza salvata" in window.statusBar().currentMessage()

    scheduler.check_now()  # nothing due, no shift change
    wait_tasks(ctx)
    op_id = ctx.operator.id
    shift = ctx.owner.call_blocking(Store.people.start_shift, op_id)
    scheduler.check_now()  # a shift starting is not a shift end
    wait_tasks(ctx)
    assert _tags(scheduler) == ["giornaliero"]

    ctx.owner.call_blocking(Store.people.end_shift, shift["id"], operator=ctx.operator.name, allow_pending=True,
                            note="prova senza server")
    with qtbot.waitSignal(scheduler.backup_written, timeout=5000) as blocker:
        scheduler.check_now()
    assert blocker.args[1] == "fineturno"
    wait_tasks(ctx)

    action = window.findChild(type(window.actions_by_name["quit"]), "action_backup_now")
    assert action in window.menu("file").actions()
    with qtbot.waitSignal(scheduler.backup_written, timeout=5000) as blocker:
        action.trigger()
    assert blocker.args[1] == "manuale"
    wait_tasks(ctx)
    assert _tags(scheduler) == ["fineturno", "giornaliero", "manuale"]
    # Each copy is a complete, readable store.
    for b in scheduler.policy.backups():
        s = Store.open(b.path)
        try:
            assert [r["call_sign"] for r in s.units.overview()] == ["Agente 7", "Alfa 1", "Alfa 2", "Moto 1"]
        finally:
            s.close()


def test_shift_ended_makes_a_copy_at_once(ctx, scheduler, qtbot, wait_tasks):
    scheduler.check_now()
    wait_tasks(ctx)
    with qtbot.waitSignal(scheduler.backup_written, timeout=5000) as blocker:
        scheduler.shift_ended()
    assert blocker.args[1] == "fineturno"
    wait_tasks(ctx)


def test_failure_is_reported_in_italian(ctx, window, scheduler, qtbot, wait_tasks):
    scheduler.policy.folder.parent.mkdir(parents=True, exist_ok=True)
    scheduler.policy.folder.write_text("non una cartella")
    with qtbot.waitSignal(scheduler.backup_failed, timeout=5000) as blocker:
        scheduler.backup_now()
    assert blocker.args[0].startswith("Copia di sicurezza non riuscita:")
    wait_tasks(ctx)
