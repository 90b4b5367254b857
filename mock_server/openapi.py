"""Write the API contract (the OpenAPI document FastAPI produces) to ``docs/openapi.json``.

python -m mock_server.openapi            # rewrite docs/openapi.json
python -m mock_server.openapi --check    # exit 1 if the committed copy is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def document() -> dict[str, Any]:
    from .app import create_app
    from .settings import MockSettings

    return create_app(MockSettings()).openapi()


def render() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not CONTRACT.exists() or CONTRACT.read_text(encoding="utf-8") != text:
            print(f"{CONTRACT} is out of date: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    CONTRACT.parent.mkdir(parents=True, exist_ok=True)
    CONTRACT.write_text(text, encoding="utf-8")
    print(f"wrote {CONTRACT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
