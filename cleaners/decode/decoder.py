"""Decode stage: raw bytes -> Unicode text, with the repairs that were needed.

Repairs are named in `Decoded.fixes` (the record's `encoding_fixes`); docs/encoding.md lists
them. Valid UTF-8 without a BOM takes the fast path: no detection, no repair of ASCII lines.
"""

from __future__ import annotations

import codecs
import html
import re
from functools import lru_cache

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
from ftfy.chardata import CHARMAP_ENCODINGS

from cleaners.decode.badness import badness, is_bad
from cleaners.decode.charset import canonical, declared_charset, detect_legacy
from cleaners.decode.sniff import detect_kind, looks_like_html_bytes, unwrap
from cleaners.document import Decoded, SourceFormat
from cleaners.errors import CleanError
from cleaners.settings import UTF8_MAX_STRAY_SHARE

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "bom:utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "bom:utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "bom:utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "bom:utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "bom:utf-16"),
)
_UNICODE = frozenset(f"utf-{n}{end}" for n in (8, 16, 32) for end in ("", "-le", "-be", "-sig"))
# Repairs only: no quote uncurling, ligature or width folding, NFC (normalize does it).
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=True,
)
_LOOSE_STEPS = frozenset({"restore_byte_a0", "decode_inconsistent_utf8"})
_FTFY_STRICT = _FTFY._replace(**dict.fromkeys(_LOOSE_STEPS, False))
# What ftfy can repair: two characters that legacy code pages decode bytes 0x80-0xFF to
# (mojibake of a UTF-8 sequence), a control character or U+FFFD.
_HIGH = "".join(
    sorted(set().union(*(bytes(range(0x80, 0x100)).decode(e) for e in CHARMAP_ENCODINGS)))
)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_HIGH_PAIR = re.compile(f"[{re.escape(_HIGH)}][{re.escape(_HIGH)}]")
_SUSPECT = re.compile(f"{_HIGH_PAIR.pattern}|{_CONTROLS.pattern}")
_A_NBSP = re.compile("Â[ \u00a0]")
_ESCAPED_A_NBSP = "Â&nbsp;"
_MOJIBAKE_STEPS = frozenset(
    {"encode", "decode", "transcode", "restore_byte_a0", "replace_lossy_sequences"}
    | {"decode_inconsistent_utf8"}
)
# Code pages whose mojibake is undone when ftfy lets it pass, in this order (sloppy: the
# browser way, bytes a code page leaves undefined read as C1 controls).
_REREAD_CODECS = tuple(f"sloppy-windows-{page}" for page in (1252, 1250, 1251, 1253, 1254, 1257))
_MARKUP = frozenset("<>&\"'")
# Controls but tab, line feed, form feed and carriage return; U+FFFD.
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode(raw: bytes, charset: str | None = None, kind: SourceFormat | None = None) -> Decoded:
    """Decode raw bytes (gzip unwrapped) and repair them; raise CleanError if not text.

    charset: a charset named outside the bytes (HTTP Content-Type), weighed like a <meta>
    declaration: it wins unless the bytes clearly say otherwise. kind: the input kind when
    the container says it (a WET conversion is a text dump); detected if None.
    """
    data = unwrap(raw)
    if not data.strip():
        raise CleanError("empty", "no content")
    text, encoding, fixes = _to_unicode(data, canonical(charset) if charset else None)
    if _looks_binary(text):
        raise CleanError("binary", f"mostly control characters after decoding as {encoding}")
    kind = kind or detect_kind(text)
    text = _repair(text, kind, fixes)
    if not text.strip():
        raise CleanError("empty", "only whitespace after decoding")
    return Decoded(text=text, kind=kind, encoding=encoding, fixes=tuple(fixes))


def _to_unicode(data: bytes, hinted: str | None = None) -> tuple[str, str, list[str]]:
    """Text, codec name and fixes: BOM, UTF-8, UTF-8 mixed with legacy lines, legacy code
    page (hinted or declared, or detected)."""
    for bom, encoding, fix in _BOMS:
        if data.startswith(bom):
            return _decode_whole_units(data, encoding), encoding, [fix]
    nul = b"\x00" in data[:4096]
    if nul and (utf16 := _utf16_without_bom(data)):
        return utf16
    try:
        return data.decode("utf-8"), "utf-8", []  # a stray NUL too: a control, dropped later
    except UnicodeDecodeError:
        if nul:
            raise CleanError("binary", "NUL bytes in content") from None
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    declared = declared_charset(data) if looks_like_html_bytes(data) else None
    # bytes invalid as UTF-8: a Unicode declaration lies
    named = [name for name in (hinted, declared) if name and name not in _UNICODE]
    encoding = detect_legacy(data, *named)
    if encoding is None:
        raise CleanError("undecodable", "no text encoding explains these bytes")
    fixes = [] if encoding in named else [f"charset:{encoding}"]
    return data.decode(encoding, errors="replace"), encoding, fixes


def _utf16_without_bom(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text without a BOM: NULs in every other byte (the high bytes of ASCII), read
    like with a BOM. None if the NULs are not so."""
    head = data[:4096]
    for encoding, zeros, others in (
        ("utf-16-le", head[1::2], head[::2]),
        ("utf-16-be", head[::2], head[1::2]),
    ):
        if zeros.count(0) >= 0.1 * len(zeros) and others.count(0) <= 0.01 * len(others):
            return _decode_whole_units(data, encoding), encoding, [f"charset:{encoding}"]
    return None


def _decode_whole_units(data: bytes, encoding: str) -> str:
    """data in a Unicode encoding, a lone surrogate replaced; a last code unit cut short
    (a truncated file) dropped, not replaced."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(data, final=False)


def _few_strays(line: bytes) -> bool:
    """A line of UTF-8 with a few bytes that are not (a Latin-1 letter, a character cut in
    two): at most UTF8_MAX_STRAY_SHARE of them per valid non-ASCII character, which legacy
    text (nearly all its non-ASCII bytes invalid as UTF-8) never has."""
    text = line.decode("utf-8", errors="replace")
    strays = text.count("\ufffd") - line.count("\ufffd".encode())
    non_ascii = len(text) - (len(line) - len(line.translate(None, _ASCII_BYTES)))
    return strays <= UTF8_MAX_STRAY_SHARE * (non_ascii - strays)


def _stray_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: the bytes UTF-8 cannot decode, read as Windows-1252 (sloppy:
    its undefined bytes become C1 controls, which normalization drops)."""
    return error.object[error.start : error.end].decode("sloppy-windows-1252"), error.end


_STRAY_AS_CP1252 = "dechrome-stray-as-cp1252"
codecs.register_error(_STRAY_AS_CP1252, _stray_as_cp1252)
_ASCII_BYTES = bytes(range(0x80))


def _mixed_lines(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-8 with some lines in a legacy code page (files pasted together) or with a few
    stray bytes (`_few_strays`; a minified page has one line), line by line.

    A non-ASCII line valid as UTF-8 is UTF-8: legacy text almost never is. None if no
    non-ASCII line is valid UTF-8 (or UTF-8 with stray bytes).
    """
    lines = data.split(b"\n")
    legacy, strays, utf8 = [], set(), False
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            if _few_strays(line):
                strays.add(i)
            else:
                legacy.append(i)
    encoding = detect_legacy(b"\n".join(lines[i] for i in legacy)) if legacy else None
    if not (utf8 or strays) or (legacy and encoding is None):
        return None
    marked = set(legacy)
    text = "\n".join(
        line.decode(encoding, "replace")
        if i in marked and encoding
        else line.decode("utf-8", _STRAY_AS_CP1252 if i in strays else "strict")
        for i, line in enumerate(lines)
    )
    fixes = ["mixed", f"charset:{encoding}"] if legacy else []
    return text, "utf-8", fixes + (["stray_bytes"] if strays else [])


def _repair(text: str, kind: str, fixes: list[str]) -> str:
    """Line ends, mojibake (line by line); in text dumps also HTML references and NBSPs."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        fixes.append("crlf")
    if not text.isascii() or "&" in text:  # references can hold mojibake too
        text = _fix_mojibake(text, kind, fixes)
    if "&" in text:
        text = _unescape(text, kind, fixes)
    if kind == "text" and "\u00a0" in text:  # an HTML page keeps its NBSPs for the parser
        text = text.replace("\u00a0", " ")
        fixes.append("nbsp")
    return text


def _unescaped(text: str, kind: str) -> str:
    """Character references decoded (complete ones, ending in ';'). An HTML page keeps those
    of markup characters (&lt; &amp; ...) for its parser; a text dump has no markup."""

    return _ENTITY.sub(lambda match: _reference(match.group(), kind), text)


@lru_cache(maxsize=4096)  # pages repeat a few references ('&amp;' in every link) many times
def _reference(reference: str, kind: str) -> str:
    """The character(s) of one reference, or the reference itself (see `_unescaped`); none
    for a reference to no character (html.unescape makes those U+FFFD)."""
    if _names_no_character(reference):
        return ""
    value = html.unescape(reference)
    return reference if kind == "html" and _MARKUP.intersection(value) else value


def _names_no_character(reference: str) -> bool:
    """A numeric reference to NUL, a surrogate or beyond U+10FFFF."""
    if not reference.startswith("&#"):
        return False
    number = reference[2:-1]
    code = int(number[1:], 16) if number[0] in "xX" else int(number)
    return code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF


def _unescape(text: str, kind: str, fixes: list[str]) -> str:
    unescaped = _unescaped(text, kind)
    if unescaped != text and kind == "text" and "html_entities" not in fixes:
        fixes.append("html_entities")  # (in a page it is what its parser does anyway)
    return unescaped


def _fix_mojibake(text: str, kind: str, fixes: list[str]) -> str:
    """ftfy on each non-ASCII line, so damaged lines are fixed next to clean ones."""
    lines = text.split("\n")
    steps: set[str] = set()
    for i, line in enumerate(lines):
        if "&" in line or "\u00a0" in line:
            fixed, explanation = _best_reading(line, kind, fixes)
        elif line.isascii():
            continue
        else:
            fixed, explanation = _ftfy_line(line)
        if fixed != line:
            lines[i] = fixed
            steps.update(_fix_name(step) for step in explanation)
    fixes.extend(sorted(steps - set(fixes)))
    return "\n".join(lines) if steps else text


def _best_reading(line: str, kind: str, fixes: list[str]) -> tuple[str, list]:
    """The line repaired as it is and, if references or NBSPs could hide or split its
    damage ('Ã&#8217;' is mojibake of 'Ò', 'Â&nbsp;' of an NBSP; an '&nbsp;' escaped after
    the damage), repaired after decoding them (in a text dump, NBSPs become spaces anyway):
    the reading ftfy finds least bad, the plain one on a tie."""
    unescaped = _unescaped(line, kind) if "&" in line else line
    # Decoding references keeps the line's own characters side by side, so a line without a
    # suspect sequence once decoded had none before either.
    if unescaped.isascii() or not _suspect(unescaped):
        return line, []  # no reading holds anything that looks like mojibake
    fixed, explanation = _ftfy_line(line)
    best = (badness(_unescaped(_repaired_letters(line, fixed), kind)), fixed, explanation, ())
    if not best[0]:
        return fixed, explanation  # nothing left that looks like mojibake
    readings = []
    if unescaped != line:
        readings.append((unescaped, ("html_entities",)))
    if kind == "text" and "\u00a0" in unescaped:
        names = ("html_entities", "nbsp") if unescaped != line else ("nbsp",)
        readings.append((unescaped.replace("\u00a0", " "), names))
    for reading, names in readings:
        fixed, explanation = _ftfy_line(reading)
        score = badness(_unescaped(fixed, kind))
        if score < best[0]:
            best = (score, fixed, explanation, names)
    _, fixed, explanation, names = best
    fixes.extend(name for name in names if name not in fixes)
    return fixed, explanation


def _suspect(text: str) -> bool:
    """`_SUSPECT` matches somewhere in text (two searches without alternation are faster)."""
    return bool(_CONTROLS.search(text) or _HIGH_PAIR.search(text))


def _repaired_letters(line: str, fixed: str) -> str:
    """The repair as scored: an 'Â&nbsp;' the repair made ('Ã‚&nbsp;' -> 'Â&nbsp;') is a
    letter and a space, not a damaged NBSP, for the damage came before the escaping."""
    if _ESCAPED_A_NBSP in line or _ESCAPED_A_NBSP not in fixed:
        return fixed
    return fixed.replace(_ESCAPED_A_NBSP, "A&nbsp;")


def _ftfy_line(line: str) -> tuple[str, list[tuple[str, str]]]:
    """ftfy's fix of a line, but a lone 'Â ' stays a letter (a name, a French word).

    ftfy's loose heuristics read 'Â ' as a mangled NBSP; when that is all they would change
    beyond the strict fixes, the strict result is kept.
    """
    if not _suspect(line):
        return line, []
    if not _CONTROLS.search(line) and not is_bad(line):  # ftfy would change nothing either
        return _reencode(line)
    fixed, explanation = ftfy.fix_and_explain(line, config=_FTFY)
    explanation = explanation or []
    if fixed == line:
        return _reencode(line)
    if any(parameter in _LOOSE_STEPS for _, parameter in explanation):
        strict, strict_explanation = ftfy.fix_and_explain(line, config=_FTFY_STRICT)
        if fixed == _A_NBSP.sub("\u00a0", strict):
            return strict, strict_explanation or []
    return _undo_repeats(fixed, explanation)


def _undo_repeats(fixed: str, explanation: list[tuple[str, str]]) -> tuple[str, list]:
    """Mojibake applied more than once, to the fixpoint. ftfy undoes one layer when what
    is left no longer looks bad to it (rare characters: '™', '₄', Polish 'ą' seen through
    Cyrillic code pages); once a line is known to be UTF-8 read as code page X, it is
    undone again while the line, written back in X, is valid UTF-8."""
    codecs_used = [parameter for action, parameter in explanation if action == "encode"]
    if not codecs_used or explanation[-1] != ("decode", "utf-8"):
        return fixed, explanation
    again, steps = _undo_while_valid(fixed, codecs_used[-1])
    return again, explanation + steps


def _undo_while_valid(line: str, codec: str, limit: int = 3) -> tuple[str, list]:
    """line encoded in codec and decoded as UTF-8, up to limit times, while that works
    and changes it; with the steps done (ftfy's explanation format)."""
    steps: list[tuple[str, str]] = []
    for _ in range(limit):
        try:
            undone = line.encode(codec).decode("utf-8")
        except UnicodeError:
            break
        if undone == line:
            break
        line = undone
        steps += [("encode", codec), ("decode", "utf-8")]
    return line, steps


def _reencode(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Whole-line mojibake ftfy's heuristics let pass ('60,000â‚©', Latin text read as
    Windows-1251: 'Acmeв„ў'): undone while the line, written back in a code page, is valid
    UTF-8 — which correct text practically never is — and reads less like mojibake."""
    if "\ufffd" in line:  # sloppy codecs write U+FFFD as byte 0x1A
        return line, []
    suspects = len(_SUSPECT.findall(line))
    for codec in _REREAD_CODECS:
        fixed, steps = _undo_while_valid(line, codec)
        if steps and len(_SUSPECT.findall(fixed)) < suspects:
            return fixed, steps
    return line, []


def _fix_name(step: tuple[str, str]) -> str:
    """Short name of an ftfy step: 'mojibake', or the fixer's name without fix_/remove_."""
    action, parameter = step
    name = parameter if action == "apply" else action
    if name in _MOJIBAKE_STEPS:
        return "mojibake"
    return name.removeprefix("fix_").removeprefix("remove_")


def _looks_binary(text: str, limit: float = 0.05) -> bool:
    """True if a real share of the first characters are controls or U+FFFD."""
    head = text[:8192]
    bad = len(_BINARY.findall(head))
    return bad > limit * max(1, len(head))
