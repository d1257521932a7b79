"""Bundled data, countries, schema, validation and the store."""
