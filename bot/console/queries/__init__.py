"""What the console shows, read from the database as plain values.

Read-only queries shared by the pages and the JSON API, so both show the same
numbers. Changes go through the domain's service functions, never from here.
"""
