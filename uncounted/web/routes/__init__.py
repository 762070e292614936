"""The web application's pages, one module per area, each with ``register(app, shell)``."""
