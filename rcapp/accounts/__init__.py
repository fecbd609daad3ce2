"""Accounts: users, their roles, login and invitations."""
