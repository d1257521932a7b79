"""The model layer: pure functions from data and parameters to results. No I/O here."""
