"""Where exports go and how they are printed: one entry point for the screens and ``gjj export``."""

from __future__ import annotations

import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from .document import Document, Progress

SUFFIXES = {".xlsx": "Excel 表格", ".pdf": "PDF 文档"}


class ExportError(Exception):
    """A file could not be written; the message says which and why, in Chinese."""


def export_folder(configured: str | None) -> Path:
    """The configured export folder, or 公积金导出 in the platform's documents folder."""
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_documents_path

    return user_documents_path() / "公积金导出"


def check_target(path: Path) -> str | None:
    """Why ``path`` cannot take an export (in Chinese), or None."""
    if path.suffix.lower() not in SUFFIXES:
        return "文件名应以 .xlsx（Excel）或 .pdf（打印版）结尾"
    if path.exists() and path.is_dir():
        return "这是一个文件夹，请给出文件名"
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"无法创建文件夹 {folder}：{exc.strerror or exc}"
    if not folder.is_dir():
        return f"{folder} 不是文件夹"
    return None


async def write(document: Document, path: Path, *, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> Path:
    """Write ``document`` as .xlsx or .pdf, chosen by the file name."""
    problem = check_target(path)
    if problem:
        raise ExportError(problem)
    try:
        if path.suffix.lower() == ".pdf":
            from .pdf import write_pdf

            return await write_pdf(document, path, progress=progress, cancel=cancel)
        from .xlsx import write_xlsx

        return await write_xlsx(document, path, progress=progress, cancel=cancel)
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：{exc.strerror or exc}") from None


@dataclass(frozen=True)
class PrintResult:
    printed: bool
    message: str


def send_to_printer(path: Path, printer: str | None) -> PrintResult:
    """Print a PDF with ``lp`` when a printer is configured and lp exists; otherwise say where the PDF is."""
    lp = shutil.which("lp")
    if not printer:
        return PrintResult(False, f"未配置打印机，打印版已保存到 {path}")
    if lp is None:
        return PrintResult(False, f"本机没有 lp 打印命令，打印版已保存到 {path}")
    try:
        done = subprocess.run([lp, "-d", printer, "-t", path.stem, str(path)], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return PrintResult(False, f"无法连接打印机 {printer}（{exc}），打印版已保存到 {path}")
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["未知原因"]
        return PrintResult(False, f"打印机 {printer} 拒绝了打印任务（{reason[0]}），打印版已保存到 {path}")
    job = done.stdout.strip()
    return PrintResult(True, f"已发送到打印机 {printer}" + (f"（{job}）" if job else ""))
