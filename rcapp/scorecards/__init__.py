"""Scorecards: read an answers file, score it, and print the scorecard (`rcapp score`)."""
