"""One turn of a conversation: the inbound path, a single turn, bulk planning, timer handlers."""
