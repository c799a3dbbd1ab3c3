"""Pure money domain: catalogue, economy (rates, estimates), gift-text parser, likes model, tips."""
