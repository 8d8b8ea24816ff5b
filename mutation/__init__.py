"""A small AST mutation runner for the hand-written library (`make mutation`)."""
