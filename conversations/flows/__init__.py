"""One module per conversation flow; `conversations.engine.step` routes to them."""
