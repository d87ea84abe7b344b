"""Stories on AEB's 181 pages: which pages would share a story? (They are unrelated
articles, so every pair listed is a false merge unless the two report the same event.)

    PYTHONPATH=. python benchmarks/stories_aeb.py --aeb-dir ../shared/bench/aeb
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import defaultdict
from pathlib import Path

from cleaners import Article, clean
from crossdoc import Doc, Linker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import PAGES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb-dir", type=PAGES, required=True)
    args = parser.parse_args()
    members: dict[str, list[Article]] = defaultdict(list)
    with Linker(":memory:") as linker:
        articles = []
        for path in sorted((args.aeb_dir / "html").glob("*.html.gz")):
            article = clean(gzip.decompress(path.read_bytes()), source_path=path.name)
            if isinstance(article, Article):
                articles.append(article)
                linker.add(
                    Doc(
                        id=article.id,
                        text=article.text,
                        run="1",
                        source_path=article.source_path,
                        content_hash=article.content_hash,
                        title=article.title,
                        language=article.language,
                        when=article.published,
                    )
                )
        for article in articles:
            members[linker.links_of(article.id).story_id].append(article)
        counts = linker.counts()
    shared = [group for group in members.values() if len(group) > 1]
    print(
        f"{len(articles)} pages, {counts['stories']} stories, "
        f"{sum(len(g) for g in shared)} pages in {len(shared)} shared stories\n"
    )
    print("| story | page | title |")
    print("|---|---|---|")
    for number, group in enumerate(shared, 1):
        for article in group:
            print(f"| {number} | {article.source_path} | {(article.title or '')[:70]} |")


if __name__ == "__main__":
    main()
