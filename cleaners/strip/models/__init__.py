"""Fitted model files, shipped as package data (no code)."""
