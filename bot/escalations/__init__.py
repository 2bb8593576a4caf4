"""Cases where a human must reach a senior: opening and ladder, routing, volunteer commands."""
