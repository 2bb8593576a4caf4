"""Errors the shell raises when the caller (a coordinator, a script) misuses it."""


class HejsanError(Exception):
    """Base for errors that carry a message meant for a person to read."""


class ConfigError(HejsanError):
    """The config file or environment is wrong; the message names the key."""


class NotFoundError(HejsanError):
    """A senior, volunteer, event or case with that id does not exist."""
