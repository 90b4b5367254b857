"""The ledger's 业务明细类型: the wire codes and their Chinese names (the screens, exports and ``--type``)."""

from __future__ import annotations

LEDGER_TYPE_LABELS: dict[str, str] = {
    "remit": "汇缴",
    "back_pay": "补缴",
    "withdraw": "提取",
    "interest": "结息",
    "transfer_in": "转入",
    "transfer_out": "转出",
    "adjust": "调账",
}


def ledger_type_code(text: str) -> str | None:
    """The wire code for a type given by its code or its Chinese name (``提取`` → ``withdraw``)."""
    word = text.strip()
    if word in LEDGER_TYPE_LABELS:
        return word
    return next((code for code, label in LEDGER_TYPE_LABELS.items() if label == word), None)
