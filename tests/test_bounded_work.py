"""Heavy answers do not starve light ones: while several clients fetch the heaviest answers from a real
``gjj-mock`` process, ``/me/account`` keeps answering. Timings are printed, not asserted (the machine is
shared); ``python -m bench contention`` measures them properly."""

from __future__ import annotations

from bench import contention


def test_a_light_request_keeps_answering_while_heavy_ones_run(mock_process) -> None:
    result = contention.run(mock_process, heavy_clients=6, light=40, max_seconds=30)
    print(
        "\n" + f"light alone {result['alone_ms']}, under load {result['loaded_ms']}, heavy {result['heavy_requests']}"
    )
    assert result["heavy_failed"] == []
    assert result["loaded_ms"]["n"] >= 1 and result["heavy_requests"] >= 1
