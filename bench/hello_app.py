"""The baseline: a bare Textual hello-world app, started the same way gjj is."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello, World")


if __name__ == "__main__":
    Hello().run()
