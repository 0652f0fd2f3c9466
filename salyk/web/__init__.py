"""The server-rendered, mobile-first web cabinet (Jinja2 templates, ky/ru)."""
