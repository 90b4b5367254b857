"""The centre's back office, as the seeded history and the live approval flow both see it: the steps each
business goes through and the staff who handle them."""

from __future__ import annotations

LOAN_STEPS = ("受理", "审核", "审批", "签合同", "抵押登记", "放款")
WITHDRAWAL_STEPS = ("受理", "审核", "审批", "办结")
STAFF = ("赵敏", "钱进", "孙浩", "周洁", "吴迪", "郑琳", "冯磊", "陈曦", "褚云", "卫东")
