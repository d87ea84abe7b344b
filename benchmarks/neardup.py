"""Near-duplicates: are re-crawled variants of a page found, and distinct pages never paired?

Each page of AEB and Readability (HTML) is cleaned by `cleaners.clean`; then four variants
of its HTML are made and cleaned the same way:
- drop: one paragraph (`<p>` of 15+ words, the middle one) removed;
- edit: two sentences edited (a word changed, a clause added);
- template: the article's paragraphs in another page template (menus, teasers, footer);
- re-encode: the page in windows-1252 (characters outside it as entities), meta charset
  changed to match.
Originals go into one `crossdoc.Linker` first (a distinct page must never be linked to
another), then the variants. Recall: variants whose `near_duplicate_of` is their page's
original. Precision: links that are right, over all links made. The Jaccard margin table
shows why NEAR_DUP_JACCARD sits where it does (lowest variant vs highest distinct pair,
per set: AEB for fitting, Readability held out). Readability's test pages reuse a few
texts: pages whose own texts share 30% of their shingles count as one article. The last
table compares the MinHash libraries on the same shingle sets: time per document and error
against exact Jaccard.

    PYTHONPATH=. python benchmarks/neardup.py --bench-dir ../shared/bench
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import lxml.html
import numpy as np

from cleaners import Article, clean
from crossdoc import Doc, Linker
from crossdoc.settings import NEAR_DUP_JACCARD, NUM_PERM
from crossdoc.shingles import jaccard, shingles, signature

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import bench_folder, installed  # noqa: E402

SAME_TEXT_JACCARD = 0.3  # exact shingle Jaccard at which two bench pages are one text
TEMPLATE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{title}</h1>{paragraphs}</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Markets rally as rates hold</a></li>
<li><a href="/b">Storm warning for the weekend</a></li></ul></aside></main>
<footer><p>Subscribe to our newsletter.</p><p>All rights reserved.</p></footer></body></html>"""


def _paragraphs(tree) -> list:
    return [p for p in tree.iter("p") if len(p.text_content().split()) >= 15]


def drop_paragraph(raw: bytes, _: Article) -> bytes | None:
    tree = lxml.html.fromstring(raw)
    found = _paragraphs(tree)
    if len(found) < 3:
        return None
    victim = found[len(found) // 2]
    victim.drop_tree()
    return lxml.html.tostring(tree, encoding="utf-8")


def edit_sentences(raw: bytes, _: Article) -> bytes | None:
    tree = lxml.html.fromstring(raw)
    found = _paragraphs(tree)
    if len(found) < 2:
        return None
    for paragraph in (found[0], found[-1]):
        for node in paragraph.iter():
            if node.text and len(node.text.split()) >= 6:
                words = node.text.split(" ")
                words[len(words) // 2] = "reportedly"
                node.text = " ".join(words) + " according to officials"
                break
    return lxml.html.tostring(tree, encoding="utf-8")


def new_template(_: bytes, article: Article) -> bytes:
    paragraphs = "".join(f"<p>{_escape(p)}</p>" for p in article.text.split("\n\n"))
    return TEMPLATE.format(title=_escape(article.title or ""), paragraphs=paragraphs).encode()


def reencode(raw: bytes, _: Article) -> bytes:
    text = raw.decode("utf-8", errors="replace")
    text = re.sub(r"charset=[\"']?[\w-]+", "charset=windows-1252", text, count=1, flags=re.I)
    return text.encode("cp1252", errors="xmlcharrefreplace")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


VARIANTS: dict[str, Callable[[bytes, Article], bytes | None]] = {
    "drop": drop_paragraph,
    "edit": edit_sentences,
    "template": new_template,
    "re-encode": reencode,
}


def load(bench_dir: Path, name: str) -> list[tuple[str, bytes, Article]]:
    pages = []
    for path in sorted((bench_dir / name / "html").glob("*.html.gz")):
        raw = gzip.decompress(path.read_bytes())
        article = clean(raw, source_path=f"{name}/{path.name}")
        if isinstance(article, Article):
            pages.append((f"{name}/{path.name}", raw, article))
    return pages


def shingle_set(text: str) -> set[str]:
    """All of a text's shingles at once (`shingles` yields them a piece of text at a time)."""
    return set().union(*shingles(text))


def same_text_groups(pages: list[tuple[str, bytes, Article]]) -> dict[str, int]:
    """Page id -> group: pages whose own texts share SAME_TEXT_JACCARD of their shingles
    (exactly) are one article in the truth (Readability's test pages reuse one text)."""
    sets = {article.id: shingle_set(article.text) for _, _, article in pages}
    group = {page: number for number, page in enumerate(sets)}
    for left, right in combinations(sets, 2):
        union = len(sets[left] | sets[right])
        if len(sets[left] & sets[right]) >= SAME_TEXT_JACCARD * union:
            old, new = group[right], group[left]
            group = {page: new if g == old else g for page, g in group.items()}
    return group


def evaluate(pages: list[tuple[str, bytes, Article]]) -> dict:
    """Recall per variant kind, precision, and the Jaccard margin."""
    truth = same_text_groups(pages)
    found = {kind: [0, 0] for kind in VARIANTS}  # kind -> [found, made]
    right = wrong = 0
    lowest_variant, signatures = 1.0, {}
    with Linker(":memory:") as linker:
        for _, _, article in pages:
            link = linker.add(Doc.of_record(article, "1")).near_duplicate_of
            signatures[article.id] = signature(article.text)
            right += link is not None and truth[link] == truth[article.id]
            wrong += link is not None and truth[link] != truth[article.id]
        for source, raw, article in pages:
            for kind, make in VARIANTS.items():
                variant_raw = make(raw, article)
                variant = variant_raw and clean(variant_raw, source_path=f"{source}#{kind}")
                if not isinstance(variant, Article):
                    continue
                found[kind][1] += 1
                lowest_variant = min(
                    lowest_variant, jaccard(signatures[article.id], signature(variant.text))
                )
                link = linker.add(Doc.of_record(variant, "2")).near_duplicate_of
                hit = link is not None and truth.get(link) == truth[article.id]
                found[kind][0] += hit
                right += hit
                wrong += link is not None and not hit
    distinct = [
        jaccard(signatures[a], signatures[b])
        for a, b in combinations(signatures, 2)
        if truth[a] != truth[b]
    ]
    return {
        "found": found,
        "precision": right / (right + wrong) if right + wrong else 1.0,
        "lowest_variant": lowest_variant,
        "highest_distinct": max(distinct),
        "shared_text_pages": len(truth) - len(set(truth.values())),
    }


def compare_libraries(texts: list[str]) -> list[tuple[str, float, float]]:
    """(library, ms per document, mean |estimate - exact Jaccard|) on neighbouring texts."""
    from rensa import RMinHash

    sets = [shingle_set(text) for text in texts]
    exact = [len(a & b) / len(a | b) for a, b in zip(sets, sets[1:], strict=False)]

    def with_rensa(items: set[str]) -> np.ndarray:
        minhash = RMinHash(num_perm=NUM_PERM, seed=13)
        minhash.update(list(items))
        return np.asarray(minhash.digest())

    def with_datasketch(items: set[str]) -> np.ndarray:
        from datasketch import MinHash

        minhash = MinHash(num_perm=NUM_PERM, seed=13)
        minhash.update_batch([item.encode() for item in items])
        return minhash.hashvalues

    rows = []
    libraries = [("rensa", with_rensa), ("datasketch", with_datasketch)]
    for name, compute in libraries[: 2 if installed("datasketch") else 1]:  # dev extras
        started = time.process_time()
        sigs = [compute(items) for items in sets]
        seconds = time.process_time() - started
        estimates = [float(np.mean(a == b)) for a, b in zip(sigs, sigs[1:], strict=False)]
        error = float(np.mean(np.abs(np.array(estimates) - np.array(exact))))
        rows.append((name, 1000 * seconds / len(sets), error))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--bench-dir", type=bench_folder("aeb/html", "readability/html"), required=True
    )
    args = parser.parse_args()
    sets = {name: load(args.bench_dir, name) for name in ("aeb", "readability")}
    print(f"threshold NEAR_DUP_JACCARD = {NEAR_DUP_JACCARD}, {NUM_PERM} permutations\n")
    header = " | ".join(f"recall {kind}" for kind in VARIANTS)
    print(
        f"| set | pages | {header} | recall all | precision | lowest variant J |"
        " highest distinct J |"
    )
    print("|---" * (len(VARIANTS) + 6) + "|")
    for name, pages in sets.items():
        result = evaluate(pages)
        cells = " | ".join(f"{f / n:.3f} ({f}/{n})" for f, n in result["found"].values())
        hits = sum(f for f, _ in result["found"].values())
        made = sum(n for _, n in result["found"].values())
        print(
            f"| {name} | {len(pages)} ({result['shared_text_pages']}) | {cells}"
            f" | {hits / made:.3f} | {result['precision']:.3f}"
            f" | {result['lowest_variant']:.2f} | {result['highest_distinct']:.2f} |"
        )
    texts = [article.text for pages in sets.values() for _, _, article in pages]
    print("\n| MinHash library | ms per document | mean abs error vs exact Jaccard |")
    print("|---|---:|---:|")
    for name, ms, error in compare_libraries(texts):
        print(f"| {name} | {ms:.3f} | {error:.4f} |")


if __name__ == "__main__":
    main()
