"""The core every feature builds on: the bot (composition root), command tree, settings, errors, UI base classes, options, clock, paths. Core imports no feature (except app, which wires them)."""
