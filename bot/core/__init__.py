"""Shared small things every layer uses: config, errors, logs, phone numbers, the shell."""
