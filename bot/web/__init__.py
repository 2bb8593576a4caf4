"""The web app: the runtime, Telegram and Twilio webhooks, the simulator page, /healthz."""
