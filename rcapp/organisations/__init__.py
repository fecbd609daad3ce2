"""Organisations: companies and chemical parks, their commitment and working groups."""
