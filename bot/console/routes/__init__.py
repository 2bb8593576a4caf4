"""Console pages, one module per page group; each route reads or calls a service."""
