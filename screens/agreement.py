"""用户注册协议: read it (it scrolls) and agree to go on to 注册, or refuse to go back to the login screen.

【同意】 opens once the text has been read to its end, as the centres' web halls do.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Button, Static

from api_client.i18n import N_, _
from tui.guest import GuestScreen

AGREEMENT_TITLE = N_("住房公积金个人网上服务大厅用户注册协议")

# (section heading, paragraphs). Written for this product; the centre is named generically.
AGREEMENT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "",
        (
            N_(
                "欢迎使用住房公积金个人网上服务大厅（以下简称“网厅”）。注册前，请您仔细阅读本协议的全部内容。"
                "选择【同意】即表示您已阅读、理解并接受本协议；如不同意，请选择【不同意】返回登录页。"
            ),
        ),
    ),
    (
        N_("一、服务内容"),
        (
            N_(
                "1. 网厅由住房公积金管理中心（以下简称“中心”）提供，供缴存职工本人查询个人账户、缴存和提取明细、"
                "贷款及还款信息，并在线办理提取、密码变更与找回、缴存证明打印等业务。"
            ),
            N_("2. 网厅展示的信息以中心业务系统的记录为准；如有疑问，请向中心服务大厅或单位经办人核实。"),
        ),
    ),
    (
        N_("二、注册条件"),
        (
            N_(
                "1. 注册人须为在中心登记的缴存职工本人，填写的姓名、证件号码须与中心登记的信息一致；"
                "信息有误的，请告知单位经办人，由单位经办人在网厅单位版上修改。"
            ),
            N_(
                "2. 注册时，短信验证码发送至您在中心预留的手机号码。没有登记手机号码的，请先到中心所属任一服务大厅登记。"
            ),
            N_("3. 职工状态为销户状态的，不允许注册。"),
            N_("4. 每位职工只需注册一次；已注册的，请直接使用证件号码或手机号登录。"),
        ),
    ),
    (
        N_("三、账户与密码安全"),
        (
            N_("1. 登录密码为 8–20 位字母和数字的组合；支付密码为 6 位数字，用于提取等资金业务。"),
            N_("2. 请妥善保管登录密码、支付密码和短信验证码，不要告诉任何人。中心工作人员不会向您索要密码或验证码。"),
            N_("3. 使用您的账户和密码进行的操作，均视为您本人的行为。发现账户被他人使用的，请立即修改密码并联系中心。"),
            N_("4. 连续 5 次输错登录密码，账户将被锁定 15 分钟。"),
            N_("5. 在公共场所（如自助终端）使用后，请及时退出登录。"),
        ),
    ),
    (
        N_("四、个人信息保护"),
        (
            N_("1. 中心依法收集和使用您的个人信息，仅用于办理住房公积金业务，除法律法规另有规定外，不向第三方提供。"),
            N_("2. 网厅对证件号码、手机号码、银行账号等个人信息做脱敏显示。"),
        ),
    ),
    (
        N_("五、用户义务"),
        (
            N_("1. 不得冒用他人身份注册或登录，不得利用网厅从事违法活动。"),
            N_("2. 不得以任何技术手段干扰网厅的正常运行。"),
        ),
    ),
    (N_("六、服务的变更与中断"), (N_("因系统维护、升级或不可抗力，网厅可能暂停服务，中心将尽可能提前公告。"),)),
    (N_("七、协议的修改"), (N_("中心可根据法律法规和业务需要修改本协议，修改后的协议在网厅公布后生效。"),)),
    (N_("八、其他"), (N_("本协议未尽事宜，按照国家和本地住房公积金管理的有关规定执行。"),)),
)


# Punctuation that may not begin a line (避头点): a line that would begin with one takes the
# previous character with it instead.
NO_LINE_START = "，。、；：！？）》」』”’…—"  # i18n: data


def fold_chinese(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` cells, at any character, never starting a line
    with closing punctuation. (Textual breaks at spaces, which Chinese text does not have.)"""
    from rich.cells import cell_len

    lines: list[str] = []
    line = ""
    for char in text:
        if line and cell_len(line + char) > width:
            if char in NO_LINE_START and len(line) > 1:
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += char
    lines.append(line)
    return lines


def fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: Chinese at any character (``fold_chinese``), a
    language written with spaces (English) between words."""
    import textwrap

    if any("\u4e00" <= char <= "\u9fff" for char in text):  # i18n: data
        return fold_chinese(text, width)
    return textwrap.wrap(text, width) or [""]


def agreement() -> list[tuple[str, list[str]]]:
    """The agreement in the interface's language: (heading, paragraphs)."""
    return [
        (_(heading) if heading else "", [_(paragraph) for paragraph in paragraphs]) for heading, paragraphs in AGREEMENT
    ]


class AgreementText(Widget):
    """The agreement, folded to the width it is given."""

    DEFAULT_CSS = """
    AgreementText { height: auto; }
    """

    def render(self) -> Content:
        width = max(10, self.content_size.width or self.size.width or 70)
        sections = []
        for heading, paragraphs in agreement():
            lines = [Content.from_markup("[b]$heading[/b]", heading=heading)] if heading else []
            for paragraph in paragraphs:
                lines.extend(Content(line) for line in fold(paragraph, width))
            sections.append(Content("\n").join(lines))
        return Content("\n\n").join(sections)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        sections = agreement()
        lines = sum(1 + (1 if heading else 0) for heading, _paragraphs in sections) - 1  # blank lines and headings
        lines += sum(len(fold(p, max(10, width))) for _heading, paragraphs in sections for p in paragraphs)
        return lines


class RegistrationAgreementScreen(GuestScreen):
    SUBTITLE = N_("用户注册协议")

    def compose_body(self) -> ComposeResult:
        with Vertical(id="agreement-box", classes="flow-box") as box:
            box.border_title = _("用户注册协议")
            with VerticalScroll(id="agreement-text"):
                yield Static(_(AGREEMENT_TITLE), classes="agreement-title")
                yield AgreementText(id="agreement-body")
                yield Static(_("—— 协议全文完 ——"), classes="agreement-end")
            yield Static(_("请阅读协议全文（↓/PgDn 翻页，End 到末尾）后选择【同意】或【不同意】"), id="agreement-hint")
            with Horizontal(classes="flow-buttons"):
                yield Button(_("同意"), id="agree", variant="primary", compact=True, disabled=True)
                yield Button(_("不同意"), id="disagree", compact=True)

    def on_mount(self) -> None:
        scroll = self.query_one("#agreement-text", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._scrolled)

    def _scrolled(self, _scroll_y: float | None = None) -> None:
        scroll = self.query_one("#agreement-text", VerticalScroll)
        agree = self.query_one("#agree", Button)
        if agree.disabled and scroll.scroll_y >= scroll.max_scroll_y - 0.5:
            agree.disabled = False
            self.query_one("#agreement-hint", Static).update(
                _("您已阅读协议全文。同意请选【同意】，不同意请选【不同意】")
            )

    @property
    def read_to_end(self) -> bool:
        return not self.query_one("#agree", Button).disabled

    @on(Button.Pressed, "#agree")
    def _agree(self) -> None:
        from .registration import RegistrationScreen

        self.app.switch_screen(RegistrationScreen())

    @on(Button.Pressed, "#disagree")
    def _disagree(self) -> None:
        self.leave()
