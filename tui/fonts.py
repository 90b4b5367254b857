"""The one Chinese font gjj uses for what leaves the terminal: embedded (as a subset) in every PDF, and served
to the browser page of ``gjj serve``.

It must be TrueType (reportlab embeds TrueType outlines, not the CFF outlines of Noto CJK's .ttc) and its
licence must allow embedding. WenQuanYi Zen Hei (Debian ``fonts-wqy-zenhei``: GPL with a font-embedding
exception) is the one ``make tools`` installs and the README names; the others below are looked for too,
then any TrueType Chinese font fontconfig knows of.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from api_client.i18n import N_

PACKAGE = "fonts-wqy-zenhei"
# A message (shown with _()); the package is named in it as PACKAGE says.
MISSING = N_(
    "找不到可嵌入 PDF 的中文字体，无法生成 PDF。请安装文泉驿正黑字体"
    "（Debian/Ubuntu：sudo apt install fonts-wqy-zenhei），然后重试。"
)


@dataclass(frozen=True)
class CjkFont:
    path: Path
    index: int  # the face in a .ttc collection
    family: str  # the name a browser's local() finds it by


# Debian's TrueType Chinese fonts whose licences allow embedding, best first.
KNOWN = (
    CjkFont(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0, "WenQuanYi Zen Hei"),
    CjkFont(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0, "WenQuanYi Micro Hei"),
    CjkFont(Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0, "AR PL UMing CN"),
    CjkFont(Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0, "AR PL UKai CN"),
)


def _fontconfig_candidates() -> list[CjkFont]:
    """TrueType fonts with Chinese that fontconfig lists (other distributions, fonts installed by hand)."""
    if shutil.which("fc-list") is None:
        return []
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh:fontformat=TrueType", "file", "index", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    found = []
    for line in sorted(listed.splitlines()):
        # /usr/share/fonts/x.ttc: Family,Other:index=0
        path, _, rest = line.partition(": ")
        family, _, index = rest.rpartition(":index=")
        if path and index.isdigit():
            found.append(CjkFont(Path(path), int(index), family.split(",")[0]))
    return found


def candidates() -> list[CjkFont]:
    return [font for font in KNOWN if font.path.exists()] + _fontconfig_candidates()


def find_cjk_font() -> CjkFont | None:
    """The first of the fonts above that is installed, or None."""
    found = candidates()
    return found[0] if found else None
