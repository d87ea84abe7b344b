"""Defaults shared by the flows, their deployments and the CLI (no Prefect import here)."""

DEFAULT_BATCH_SIZE = 100  # files per task
DEFAULT_CRON = "0 * * * *"  # ingest/scheduled: hourly
