"""The centre's words for the states its records are in, written once for the screens, exports and CLI."""

from __future__ import annotations

# A repayment plan's period: paid, overdue, or still to come.
PLAN_ROW_STATE_LABELS: dict[str, str] = {"paid": "已还", "overdue": "逾期", "due": "待还"}

# A step of a loan's progress or a node of an application's approval flow.
STEP_STATE_LABELS: dict[str, str] = {"done": "已完成", "current": "办理中", "pending": "待办理", "rejected": "未通过"}
