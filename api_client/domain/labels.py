"""The centre's words for the states its records are in, written once for the screens, exports and CLI."""

from __future__ import annotations

from ..i18n import N_

# Each label is a msgid: translated with ``_()`` where it is shown.

# A repayment plan's period: paid, overdue, or still to come.
PLAN_ROW_STATE_LABELS: dict[str, str] = {"paid": N_("已还"), "overdue": N_("逾期"), "due": N_("待还")}

# A step of a loan's progress or a node of an application's approval flow.
STEP_STATE_LABELS: dict[str, str] = {
    "done": N_("已完成"),
    "current": N_("办理中"),
    "pending": N_("待办理"),
    "rejected": N_("未通过"),
}
