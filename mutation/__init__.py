"""A small AST mutation runner for the hand-written `polling/` and `uploads/` (`make mutation`)."""
