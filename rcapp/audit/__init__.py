"""Audit log: who changed what, when, with the value before and after."""
