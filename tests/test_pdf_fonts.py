"""Fonts that travel: every kind of PDF gjj writes embeds (a subset of) the Chinese font it uses, so a
viewer or print server without a Chinese font still shows it; without such a font, a clear message."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import signed_in
from tests.test_export import need
from tui import fonts
from tui.export import sources
from tui.export.output import ExportError, write
from tui.export.pdf import load_cjk_font

NOW = dt.datetime(2026, 11, 22, 9, 30, 0)


def fonts_of(path: Path) -> dict[str, bool]:
    """Every font the pages use → whether its outlines are in the file (pypdf, nothing of ours)."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


async def documents(client):  # type: ignore[no-untyped-def]
    loans = await client.loans()
    number = loans[0].contract_no
    return {
        "ledger": await sources.ledger_document(client, now=NOW),
        "loan": await sources.loan_document(client, number, now=NOW),
        "repayments": await sources.repayments_document(client, number, now=NOW),
        "plan": await sources.plan_document(client, number, now=NOW),
        "certificate": await sources.certificate_document(client),
    }


async def test_every_kind_of_pdf_embeds_its_chinese_font(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if fonts.find_cjk_font() is None:
        pytest.fail(f"no embeddable Chinese font: make tools installs {fonts.PACKAGE}")
    await signed_in(client)
    for kind, document in (await documents(client)).items():
        path = (await write(document, tmp_path / f"{kind}.pdf")).path
        used = fonts_of(path)
        assert used, kind
        assert all(used.values()), f"{kind}: not embedded: {[name for name, emb in used.items() if not emb]}"
        # a subset (ABCDEF+Name), of the font tui.fonts found: WenQuanYi Zen Hei where make tools ran
        assert all("+" in name for name in used), (kind, used)
        assert "张*" in PdfReader(path).pages[0].extract_text() or kind != "certificate"


async def test_pdffonts_says_emb_yes(client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdffonts = need("pdffonts")
    await signed_in(client)
    path = (await write((await documents(client))["certificate"], tmp_path / "证明.pdf")).path
    lines = subprocess.run([pdffonts, str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    rows = lines[2:]  # after the header and its rule
    assert rows and all(" yes " in row and "TrueType" in row for row in rows), lines


def test_without_an_embeddable_font_the_message_says_what_to_install(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(ExportError) as error:
        load_cjk_font([fonts.CjkFont(broken, 0, "Broken"), fonts.CjkFont(tmp_path / "none.ttc", 0, "None")])
    assert str(error.value) == fonts.MISSING
    assert "sudo apt install fonts-wqy-zenhei" in fonts.MISSING
