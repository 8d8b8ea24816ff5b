"""Example programs that use the public API of `amplemarket_lead_lists`."""
