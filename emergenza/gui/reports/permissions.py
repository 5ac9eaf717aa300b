"""Who may run which report: the one place where it will be checked.

Roles come with the station issue; until then every operator on shift may run every
report. Every entry point (menu, dialogs, statistics window, shift-end button, the
automatic shift-end report) asks :func:`may_run_report` before reading anything.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication

from ..context import AppContext


class ReportKind(enum.Enum):
    BROGLIACCIO = "brogliaccio"
    SHIFT = "shift"
    STATISTICS = "stats"
    ANNUAL = "annual"
    EXPORT = "export"


def may_run_report(ctx: AppContext, kind: ReportKind) -> bool:
    """True when the operator on shift may run ``kind`` (for now: everyone may)."""
    del ctx, kind  # the station issue will look at ctx.operator.role here
    return True


def refusal_text() -> str:
    return QCoreApplication.translate("ReportPermissions", "Questo rapporto non è consentito all'operatore in turno.")
