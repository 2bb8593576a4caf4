"""Campaigns: scheduled check-ins and messages, their occurrences and audiences."""
