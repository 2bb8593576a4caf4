"""The web app: webhooks, JSON API, coordinator and simulator pages."""
