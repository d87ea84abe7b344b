"""How many damaged files come back as their clean original's record, per damage class.

    PYTHONPATH=. python benchmarks/encoding.py [--aeb-dir ../shared/bench/aeb] [--limit 60]

Each variant is cleaned by the whole pipeline with three decode stages: dechrome's, and the
two baselines (charset-normalizer + ftfy + HTML unescaping; UTF-8 'replace' + ftfy). A
variant counts when its record's text and title equal those of the clean file decoded as
plain UTF-8. Row `keep` feeds correct files: a decoder that alters them fails it.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import ftfy
from charset_normalizer import from_bytes

from cleaners import Article, clean
from cleaners.decode.decoder import decode
from cleaners.decode.sniff import detect_kind, unwrap
from cleaners.document import Decoded
from cleaners.errors import CleanError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.encoding_corpus import Variant, mojibake, variants  # noqa: E402
from benchmarks.folders import PAGES  # noqa: E402

Decoder = Callable[[bytes], Decoded]
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False)  # curly quotes are not damage


def plain_utf8(raw: bytes, **_hints: object) -> Decoded:
    """The reference: a clean file is valid UTF-8 and needs no repair."""
    text = unwrap(raw).decode("utf-8")
    return Decoded(text=text, kind=detect_kind(text), encoding="utf-8")


def charset_normalizer_ftfy(raw: bytes, **_hints: object) -> Decoded:
    """Baseline: charset-normalizer's best guess, ftfy, HTML unescaping of text dumps."""
    best = from_bytes(unwrap(raw)).best()
    if best is None:
        raise CleanError("undecodable", "charset-normalizer found no encoding")
    return _ftfy_decoded(str(best), best.encoding, unescape=True)


def utf8_replace_ftfy(raw: bytes, **_hints: object) -> Decoded:
    """Baseline: UTF-8 with replacement characters, then ftfy."""
    return _ftfy_decoded(unwrap(raw).decode("utf-8", "replace"), "utf-8", unescape=False)


def _ftfy_decoded(text: str, encoding: str, *, unescape: bool) -> Decoded:
    text = ftfy.fix_text(text, config=_FTFY)
    kind = detect_kind(text)
    if unescape and kind == "text":
        text = html.unescape(text)
    return Decoded(text=text, kind=kind, encoding=encoding)


DECODERS: dict[str, Decoder] = {
    "dechrome": decode,
    "charset-normalizer+ftfy+unescape": charset_normalizer_ftfy,
    "utf-8-replace+ftfy": utf8_replace_ftfy,
}


def record(raw: bytes, decoder: Decoder) -> tuple[str | None, str] | None:
    """(title, text) of the record clean() makes with this decode stage, None if rejected."""
    with mock.patch("cleaners.pipeline.decode", decoder):
        result = clean(raw, source_path="bench")
    return (result.title, result.text) if isinstance(result, Article) else None


def aeb_variants(aeb_dir: Path, limit: int) -> Iterator[Variant]:
    """Damaged copies of real UTF-8 pages: saved as Windows-1252 under their UTF-8 meta, and
    as mojibake."""
    for path in sorted((aeb_dir / "html").glob("*.html.gz"))[:limit]:
        page = gzip.decompress(path.read_bytes())
        text = page.decode("utf-8")
        source = f"aeb/{path.name.split('.')[0]}"
        yield Variant(source, "aeb:cp1252", page, text.encode("cp1252", "xmlcharrefreplace"))
        yield Variant(source, "aeb:mojibake", page, mojibake(text, 1).encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aeb-dir", type=PAGES, help="add variants of these real pages")
    parser.add_argument("--limit", type=int, default=60, help="at most this many aeb pages")
    args = parser.parse_args()
    corpus = variants() + (list(aeb_variants(args.aeb_dir, args.limit)) if args.aeb_dir else [])
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seconds: dict[str, float] = defaultdict(float)
    references: dict[bytes, tuple[str | None, str] | None] = {}
    for variant in corpus:
        if variant.clean not in references:
            references[variant.clean] = record(variant.clean, plain_utf8)
        expected = references[variant.clean]
        counts[variant.damage]["variants"] += 1
        for name, decoder in DECODERS.items():
            start = time.perf_counter()
            ok = expected is not None and record(variant.damaged, decoder) == expected
            seconds[name] += time.perf_counter() - start
            counts[variant.damage][name] += ok
    print_table(counts)
    print("\nseconds in clean() per decoder: "
          + ", ".join(f"{name} {s:.1f}" for name, s in seconds.items()))  # fmt: skip
    clean_files = list({variant.clean: None for variant in corpus})
    damaged_files = [variant.damaged for variant in corpus if variant.damage != "keep"]
    for label, files in (("clean", clean_files), ("damaged", damaged_files)):
        print(f"dechrome decode() on {label} files: {throughput(files):.1f} MB/s")


def throughput(files: list[bytes]) -> float:
    """MB/s of dechrome's decode stage alone over these files (rejections included)."""
    start = time.perf_counter()
    for raw in files:
        with contextlib.suppress(CleanError):
            decode(raw)
    return sum(map(len, files)) / 1e6 / (time.perf_counter() - start)


def print_table(counts: dict[str, dict[str, int]]) -> None:
    """Markdown table: per damage class, variants restored exactly by each decoder."""
    names = list(DECODERS)
    print("| damage class | variants | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    total: dict[str, int] = defaultdict(int)
    for damage, row in sorted(counts.items()):
        print(f"| {damage} | {row['variants']} | " + " | ".join(str(row[n]) for n in names) + " |")
        if damage != "keep":
            for key in ["variants", *names]:
                total[key] += row[key]
    shares = (f"{total[n]} ({100 * total[n] / max(1, total['variants']):.1f}%)" for n in names)
    print(f"| **all damaged** | {total['variants']} | " + " | ".join(shares) + " |")


if __name__ == "__main__":
    main()
