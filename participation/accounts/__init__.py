"""Organiser accounts: login, roles, tenant scoping."""
