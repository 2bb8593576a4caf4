"""Channel adapters: Telegram, Twilio SMS and the built-in simulator."""
