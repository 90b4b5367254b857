"""Where exports go and how they are printed: one entry point for the screens and ``gjj export``."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from api_client.i18n import N_, _

from .document import Document, ExportError, Progress, Written

SUFFIXES = {".xlsx": N_("Excel 表格"), ".pdf": N_("PDF 文档")}


__all__ = ["ExportError"]  # defined with the document (pdf.py raises it too), named here for the callers


def export_folder(configured: str | None) -> Path:
    """The configured export folder, or 公积金导出 in the platform's documents folder (named in the
    language in use: "Provident fund exports" in English)."""
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_documents_path

    return user_documents_path() / _("公积金导出")


def check_target(path: Path, export_folder: Path | None = None) -> str | None:
    """Why ``path`` cannot take an export (in the language in use), or None.

    The export folder itself is created when missing; any other folder must already exist (a typo
    should not leave new folders behind).
    """
    if path.suffix.lower() not in SUFFIXES:
        return _("文件名应以 .xlsx（Excel）或 .pdf（打印版）结尾")
    if path.exists() and path.is_dir():
        return _("这是一个文件夹，请给出文件名")
    folder = path.parent
    if not folder.exists():
        if export_folder is None or folder.resolve() != export_folder.expanduser().resolve():
            return _("文件夹 {folder} 不存在").format(folder=folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return _("无法创建导出文件夹 {folder}：{reason}").format(folder=folder, reason=exc.strerror or exc)
    if not folder.is_dir():
        return _("{folder} 不是文件夹").format(folder=folder)
    return None


def resolve_target(text: str, folder: Path, *, kiosk: bool = False) -> tuple[Path | None, str | None]:
    """The file a person typed: relative names go into the export folder; a kiosk allows only a name."""
    name = text.strip()
    if not name:
        return None, _("请输入文件名")
    typed = Path(name).expanduser()
    if kiosk and (typed.is_absolute() or len(typed.parts) > 1):
        return None, _("自助终端只能保存到导出文件夹，请只填写文件名")
    path = typed if typed.is_absolute() else folder / typed
    problem = check_target(path, folder)
    return (None, problem) if problem else (path, None)


async def write(
    document: Document,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    stage: Callable[[str], None] | None = None,
    export_folder: Path | None = None,
) -> Written:
    """Write ``document`` as .xlsx or .pdf, chosen by the file name; ``stage`` hears what is happening."""
    problem = check_target(path, export_folder)
    if problem:
        raise ExportError(problem)
    try:
        if path.suffix.lower() == ".pdf":
            from .pdf import write_pdf

            return await write_pdf(document, path, progress=progress, cancel=cancel, stage=stage)
        from .xlsx import write_xlsx

        await write_xlsx(document, path, progress=progress, cancel=cancel)
        return Written(path, None)
    except OSError as exc:
        raise ExportError(_("无法写入 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from None


@dataclass(frozen=True)
class PrintResult:
    printed: bool
    message: str


# How long ``lp`` may take to accept a job before the printer is given up on (a hung CUPS queue).
PRINT_TIMEOUT = 30.0


async def send_to_printer(path: Path, printer: str | None, *, timeout: float | None = None) -> PrintResult:
    """Print a PDF with ``lp`` when a printer is configured and lp exists; otherwise say where the PDF is.

    ``lp`` runs as a child process the event loop waits on (the screen stays live); it is killed when it
    takes longer than ``timeout`` seconds or when the caller is cancelled (【取消】 on the print dialog).
    """
    lp = shutil.which("lp")
    if not printer:
        return PrintResult(False, _("未配置打印机，打印版已保存到 {path}").format(path=path))
    if lp is None:
        return PrintResult(False, _("本机没有 lp 打印命令，打印版已保存到 {path}").format(path=path))
    limit = PRINT_TIMEOUT if timeout is None else timeout
    try:
        process = await asyncio.create_subprocess_exec(
            lp,
            "-d",
            printer,
            "-t",
            path.stem,
            str(path),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
    except OSError as exc:
        return PrintResult(
            False,
            _("无法连接打印机 {printer}（{reason}），打印版已保存到 {path}").format(
                printer=printer, reason=exc.strerror or exc, path=path
            ),
        )
    try:
        out, err = await asyncio.wait_for(process.communicate(), limit)
    except TimeoutError:
        return PrintResult(
            False,
            _("打印机 {printer} 在 {seconds} 秒内没有响应，已放弃打印，打印版已保存到 {path}").format(
                printer=printer, seconds=f"{limit:g}", path=path
            ),
        )
    finally:
        if process.returncode is None:  # timed out or cancelled: the job is not left hanging
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(Exception):
                await asyncio.shield(process.wait())
    stdout = out.decode(errors="replace")
    stderr = err.decode(errors="replace")
    if process.returncode != 0:
        reason = (stderr or stdout).strip().splitlines()[-1:] or [_("未知原因")]
        return PrintResult(
            False,
            _("打印机 {printer} 拒绝了打印任务（{reason}），打印版已保存到 {path}").format(
                printer=printer, reason=reason[0], path=path
            ),
        )
    job = stdout.strip()
    if job:
        return PrintResult(True, _("已发送到打印机 {printer}（{job}）").format(printer=printer, job=job))
    return PrintResult(True, _("已发送到打印机 {printer}").format(printer=printer))
