"""Decode stage: raw bytes -> Unicode text (input kind, charset, mojibake repair)."""
