"""The record's JSON Schema, exported into the repo as `schema/article.schema.json`."""

from __future__ import annotations

import json
from pathlib import Path

from cleaners.record import SCHEMA_VERSION, Article, Rejection

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "article.schema.json"


def json_schema() -> dict:
    """JSON Schema of records and rejections, tagged with the schema version."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "dechrome records",
        "version": SCHEMA_VERSION,
        "$defs": {
            "Article": Article.model_json_schema(),
            "Rejection": Rejection.model_json_schema(),
        },
        "$ref": "#/$defs/Article",
    }


def render() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # python -m cleaners.schema > schema/article.schema.json
    print(render(), end="")
