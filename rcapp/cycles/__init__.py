"""Reporting cycles: the yearly round the secretariat opens, runs and closes."""
