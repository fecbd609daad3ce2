"""Peer review of submitted assessments: assignment, item decisions, settlement, final rating."""
