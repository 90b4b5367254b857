"""The form toolkit every form screen shares: its fields by input id, their values, the message line
(banner) for what belongs to no single field, and the steps of a multi-step flow.

- ``Form`` (a screen mixin): ``field(id)`` (the ``Field`` around an input), ``value(id)``,
  ``show_banner(text | None)``, ``show_side(label | None)`` (the way out beside 【提交】).
- ``StepFlow(Form)``: ``step`` is a reactive; setting it switches ``#flow-steps``, moves the
  ``StepBar``, names ``#flow-box`` and the ``#next`` button, clears the banner, then calls
  ``entered(step)`` (where the screen puts the focus).
- ``field_of(control)``: the ``Field`` a control sits in.

Failures are not handled here: a form's worker that fails ends up in ``FramedScreen.failed`` (the one
handler), and a refusal is shown at its field with ``field(id).set_error(...)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from textual import work
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Static

from api_client.i18n import _

from .language import SpeaksBindings
from .widgets.captcha import CaptchaView
from .widgets.fields import Field


def field_of(control: Widget) -> Field:
    """The ``Field`` a control sits in."""
    return next(ancestor for ancestor in control.ancestors if isinstance(ancestor, Field))


def captcha_problem(code: str, captcha_id: str | None) -> str | None:
    """What is wrong with a typed captcha (4 characters, and a picture to match), or None."""
    if len(code) != 4:
        return _("请输入验证码") if not code else _("验证码为 4 位")
    return None if captcha_id is not None else _("验证码还没有加载好，请稍候或按 F5")


def next_empty(inputs: Sequence[Input], current: Input) -> Input | None:
    """Enter in a form moves to the next field still empty; None means the form is ready to submit."""
    if current not in inputs:
        return None
    return next((field for field in inputs[inputs.index(current) + 1 :] if not field.value), None)


class Form(SpeaksBindings, Screen[Any]):
    """Mix in before the screen's base: ``class LoginScreen(Form, FramedScreen)``."""

    BANNER_ID: ClassVar[str] = "flow-banner"  # the message line's id
    captcha_id: str | None = None  # the captcha on screen, while it may be used

    def value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    def field(self, control_id: str) -> Field:
        return field_of(self.query_one(f"#{control_id}"))

    def refuse(self, problems: Mapping[str, str | None]) -> bool:
        """Show each problem under its control (clearing the others named); True when there is none.
        Otherwise the first control at fault gets the focus, and the bell rings. Nothing typed is cleared."""
        for control_id, message in problems.items():
            self.field(control_id).set_error(message)
        first = next((control_id for control_id, message in problems.items() if message), None)
        if first is None:
            return True
        self.query_one(f"#{first}").focus()
        self.app.bell()
        return False

    @contextmanager
    def busy(self, label: str | None, button_id: str = "next") -> Iterator[Button]:
        """While a call runs, its button cannot be pressed twice and says what is happening (``label``;
        None keeps its own). Then it is enabled again with its label back, unless the screen gave it a
        new one meanwhile (a step changed)."""
        button = self.query_one(f"#{button_id}", Button)
        saved = button.label
        button.disabled = True
        if label is not None:
            button.label = label
        shown = button.label
        try:
            yield button
        finally:
            button.disabled = False
            if button.label is shown:
                button.label = saved

    def show_banner(self, message: str | None) -> None:
        """An error that belongs to no single field (network, server, the person as a whole)."""
        banner = self.query_one(f"#{self.BANNER_ID}", Static)
        if not message and not banner.display:
            return  # nothing to clear: no update, no layout pass
        banner.remove_class("-notice")
        banner.update(message or "")
        banner.display = bool(message)

    def action_new_captcha(self) -> None:
        self.load_captcha()

    @work(exclusive=True, group="captcha", exit_on_error=False)
    async def load_captcha(self) -> None:
        """The one captcha loader: a new picture in the screen's ``CaptchaView``; a failure is said in the
        view (with F5 to try again) and in the message line."""
        self.captcha_id = None
        view = self.query_one(CaptchaView)
        self.captcha_id = await view.fetch()
        if self.captcha_id is None and view.failure:
            self.show_banner(view.failure)

    def show_side(self, label: str | None) -> None:
        """The way out a refusal offers beside 【提交】 (【直接登录】, 【忘记密码】), or none."""
        side = self.query_one("#side", Button)
        side.label = label or ""
        side.display = bool(label)


class StepFlow(Form):
    """A flow of steps in ``#flow-steps`` (a ``ContentSwitcher`` of ``STEP_IDS``); the last is the outcome."""

    # STEPS and BUTTONS are messages (N_), translated here where they are shown
    STEPS: ClassVar[Sequence[str]] = ()
    STEP_IDS: ClassVar[Sequence[str]] = ()
    BUTTONS: ClassVar[Sequence[str]] = ()  # the #next button's label on each step

    step: reactive[int] = reactive(0, init=False, always_update=True)

    def watch_step(self, step: int) -> None:
        from .widgets.steps import StepBar  # the login screen has no steps: not before its first frame

        self.query_one("#flow-steps", ContentSwitcher).current = self.STEP_IDS[step]
        # The last step is the outcome: every step is then done.
        self.query_one(StepBar).current = step if step < len(self.STEPS) - 1 else len(self.STEPS)
        self.query_one("#flow-box").border_title = _(self.STEPS[step])
        self.query_one("#next", Button).label = _(self.BUTTONS[step])
        self.show_banner(None)
        self.entered(step)

    def entered(self, step: int) -> None:
        """The step is on screen: put the focus where the member goes on."""
