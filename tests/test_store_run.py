"""``Store.run``: short work runs on the event loop when the store is free, and waits in a worker thread
(never blocking the loop) while another request's transaction holds it."""

from __future__ import annotations

import asyncio
import threading

from mock_server.store import Store


async def test_free_store_runs_the_work_on_the_loop_thread() -> None:
    store = Store()
    thread = await store.run(threading.get_ident)
    assert thread == threading.get_ident()
    assert await store.read(lambda db: db.execute("SELECT 41 + 1").fetchone()[0]) == 42


async def test_a_held_store_does_not_block_the_event_loop() -> None:
    store = Store()
    store.create_schema()
    holding, release = threading.Event(), threading.Event()

    def long_transaction() -> None:
        with store.transaction() as db:
            db.execute("INSERT INTO captchas (id, code, expires_at) VALUES ('c1', 'K7WX', '2026-11-22T09:02:00')")
            holding.set()
            release.wait(timeout=10)

    writer = threading.Thread(target=long_transaction)
    writer.start()
    assert await asyncio.to_thread(holding.wait, 10)
    reader = asyncio.ensure_future(store.read(lambda db: db.execute("SELECT COUNT(*) FROM captchas").fetchone()[0]))
    ticks = 0
    for _ in range(5):  # the loop keeps turning while the read waits for the lock
        await asyncio.sleep(0.01)
        ticks += 1
    assert ticks == 5 and not reader.done()
    release.set()
    assert await asyncio.wait_for(reader, timeout=10) == 1  # it saw the committed transaction whole
    writer.join(timeout=10)
    assert await store.write(lambda db: db.execute("DELETE FROM captchas").rowcount) == 1
