"""Who may run which report: the one place the report windows ask.

Every entry point (menu, dialogs, statistics window, shift-end button) asks
:func:`may_run_report` before reading anything; the automatic shift-end report is part of
closing the shift, not run by someone (``domain.roles.Duty``, ``shift_report.py``). The answer comes
from the role table (``domain/roles.py``): every report needs ``Action.RUN_REPORTS``
(responsabile and above). The table below is per kind so that one kind can be opened to
a lower role later without touching the windows.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication

from ...domain.roles import Action, required_role
from ..context import AppContext
from ..i18n import enum_label


class ReportKind(enum.Enum):
    BROGLIACCIO = "brogliaccio"
    SHIFT = "shift"
    STATISTICS = "stats"
    ANNUAL = "annual"
    EXPORT = "export"


REPORT_ACTION: dict[ReportKind, Action] = {kind: Action.RUN_REPORTS for kind in ReportKind}


def may_run_report(ctx: AppContext, kind: ReportKind) -> bool:
    """True when the operator on shift may run ``kind``."""
    return ctx.may(REPORT_ACTION[kind])


def refusal_text(kind: ReportKind = ReportKind.BROGLIACCIO) -> str:
    return QCoreApplication.translate(
        "ReportPermissions", "Questo rapporto non è consentito all'operatore in turno: serve il ruolo {0}."
    ).format(enum_label(required_role(REPORT_ACTION[kind])))
