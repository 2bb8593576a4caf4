"""Seniors, volunteers and their addresses: register, CSV import, linking, duty windows."""
