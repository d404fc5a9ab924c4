"""Renderers: each formats a Bilan (json, html, pdf, xlsx) and never queries the database."""
