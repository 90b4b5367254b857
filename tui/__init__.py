"""The gjj terminal app: the App, the CLI entry points, config, keymap, theme and shared widgets."""
