"""Scoring parts the HTML benchmarks share: the bench folder's scorer, and the F1 of the
article text under a chosen set of chrome rules (for the cross-fit rows and `--ablate` of
`benchmarks/html_bench.py`, which also prints the cost line, timed on text-distinct copies).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path

from cleaners.errors import CleanError
from cleaners.extract.html import ALL_RULES, article_text, parse_page


def load_score(bench_dir: Path):
    spec = importlib.util.spec_from_file_location("bench_score", bench_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rule_scorer(folder: Path, limit: int | None = None) -> Callable[[frozenset[str]], dict]:
    """F1 / precision / recall of the article text with a set of chrome rules, over a bench
    folder (AEB layout; readability pages not readerable skipped); pages parsed once."""
    score = load_score(folder.parent)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = [i for i in sorted(truth) if truth[i].get("readerable", True)][:limit]
    parsed = {}
    for doc_id in ids:
        raw = gzip.decompress((folder / "html" / f"{doc_id}.html.gz").read_bytes())
        try:
            meta, body, page = parse_page(raw.decode("utf-8", errors="replace"), url=None)
            parsed[doc_id] = ([meta.title or "", meta.description or ""], meta.url, body, page)
        except CleanError:
            pass

    def scores(rules: frozenset[str]) -> dict:
        texts = {i: "" for i in ids}
        for i, (headlines, url, body, page) in parsed.items():
            texts[i] = article_text(
                deepcopy(body), headlines=headlines, url=url, rules=rules, page=page
            )
        return score.aeb_corpus((truth[i]["articleBody"], texts[i]) for i in ids)

    return scores


def ablate(folder: Path, limit: int | None) -> str:
    """F1 with each chrome rule switched off in turn (one extraction per page)."""
    scores = rule_scorer(folder, limit)
    rows = ["| rules | F1 | precision | recall |", "|---|---|---|---|"]
    variants = {"all rules": ALL_RULES, "no rules": frozenset()}
    variants |= {f"all but {rule}": ALL_RULES - {rule} for rule in sorted(ALL_RULES)}
    for name, rules in variants.items():
        res = scores(rules)
        rows.append(f"| {name} | {res['f1']:.4f} | {res['precision']:.4f} | {res['recall']:.4f} |")
    return "\n".join(rows) + "\n\nArticle text only (no normalization), pages decoded as UTF-8."
