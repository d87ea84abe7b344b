"""Cross-document links: near-duplicates and stories, kept incrementally on disk.

No orchestration here: `Linker(path).add(Doc(...))` works in a notebook as in a flow. A
document is added once, after cleaning; it gets the id of the earliest near copy of its
text (`near_duplicate_of`) and the id of its story (`story_id`), and earlier documents may
be re-linked (a group or story found to be younger than another one merges into it).
"""

from crossdoc.linker import Doc, Linker, Links

__all__ = ["Doc", "Linker", "Links"]
