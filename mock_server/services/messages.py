"""消息 and 已阅: messages pushed to the member (Zaozhuang manual, chapter 2).

Viewing a message does not mark it read; 标为已阅 does. A deleted message leaves both lists (it is kept
with the status ``deleted`` and never shown again).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from ..problems import not_found, validation
from .applications import check_page


def _item(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "business": row["business"],
        "content": row["content"],
        "channel": row["channel"],
        "sent_at": row["sent_at"],
        "status": row["status"],
    }


def list_messages(db: sqlite3.Connection, member_id: int, status: str, page: int, page_size: int) -> dict[str, Any]:
    """Newest first."""
    if status not in ("unread", "read"):
        raise validation("status 应为 unread（消息）或 read（已阅）", field="status")
    check_page(page, page_size)
    total = db.execute(
        "SELECT COUNT(*) FROM messages WHERE member_id = ? AND status = ?", (member_id, status)
    ).fetchone()[0]
    rows = db.execute(
        "SELECT * FROM messages WHERE member_id = ? AND status = ? ORDER BY sent_at DESC, id DESC LIMIT ? OFFSET ?",
        (member_id, status, page_size, (page - 1) * page_size),
    ).fetchall()
    return {"items": [_item(row) for row in rows], "total": total, "page": page, "page_size": page_size}


def message_row(db: sqlite3.Connection, member_id: int, message_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute(
        "SELECT * FROM messages WHERE id = ? AND member_id = ? AND status != 'deleted'", (message_id, member_id)
    ).fetchone()
    if row is None:
        raise not_found("该消息不存在或已删除")
    return row


def get_message(db: sqlite3.Connection, member_id: int, message_id: int) -> dict[str, Any]:
    return _item(message_row(db, member_id, message_id))


def mark_read(db: sqlite3.Connection, member_id: int, message_id: int) -> dict[str, Any]:
    """Move a message to 已阅 (marking a read message again changes nothing)."""
    message_row(db, member_id, message_id)
    db.execute("UPDATE messages SET status = 'read' WHERE id = ?", (message_id,))
    return _item(message_row(db, member_id, message_id))


def delete(db: sqlite3.Connection, member_id: int, message_id: int) -> None:
    message_row(db, member_id, message_id)
    db.execute("UPDATE messages SET status = 'deleted' WHERE id = ?", (message_id,))
