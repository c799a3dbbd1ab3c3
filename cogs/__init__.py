"""The bot's extensions, one thin module per top-level command: parse options, call the feature's service, render."""
