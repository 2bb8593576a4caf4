"""The coordinators' console: pages behind a login and the same data as JSON.

Accounts, sessions, CSRF and the audit log live here; the pages and the API
read through small query modules and change things through the domain's own
service functions, so no business rule sits in a route or a template.
"""
