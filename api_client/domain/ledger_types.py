"""The ledger's 业务明细类型: the wire codes and their Chinese names (the screens, exports and ``--type``)."""

from __future__ import annotations

from ..i18n import N_

# The names are msgids: translated with ``_()`` where they are shown (the mock sends them as they are).

LEDGER_TYPE_LABELS: dict[str, str] = {
    "remit": N_("汇缴"),
    "back_pay": N_("补缴"),
    "withdraw": N_("提取"),
    "interest": N_("结息"),
    "transfer_in": N_("转入"),
    "transfer_out": N_("转出"),
    "adjust": N_("调账"),
}


def ledger_type_code(text: str) -> str | None:
    """The wire code for a type given by its code or its Chinese name (``提取`` → ``withdraw``)."""
    word = text.strip()
    if word in LEDGER_TYPE_LABELS:
        return word
    return next((code for code, label in LEDGER_TYPE_LABELS.items() if label == word), None)
