"""The canonical record: the contract between dechrome and its users."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cleaners.document import SourceFormat
from cleaners.errors import CleanError, RejectReason

SCHEMA_VERSION = "1.2.0"  # 1.1.0: source_member, fetched_at; 1.2.0: near_duplicate_of,
# story_id (older records still read)


class Article(BaseModel):
    """One cleaned article: the body text and its metadata."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = Field(SCHEMA_VERSION, description="Version of this schema.")
    id: str = Field(
        description="Stable id: derived from source_path and source_member, same across runs."
    )
    source_path: str = Field(description="Path of the raw file, relative to the raw root.")
    source_member: str | None = Field(
        None,
        description="Member of an archive (WARC-Record-ID) or JSON Lines file (line number);"
        " null for a plain file.",
    )
    source_format: SourceFormat = Field(description="html page or plain-text dump.")
    url: str | None = Field(
        None,
        description="URL of the article: the archive member's target URI or the JSON line's"
        " url; for a plain file the page's canonical URL, if known.",
    )
    fetched_at: str | None = Field(
        None, description="When the page was fetched (WARC-Date), ISO 8601 UTC, if known."
    )
    site_name: str | None = Field(None, description="Name of the publishing site, if known.")
    title: str | None = Field(None, description="Headline.")
    authors: list[str] = Field(default_factory=list, description="Names of people in the byline.")
    published: str | None = Field(None, description="Publication date, ISO 8601.")
    language: str | None = Field(None, description="ISO 639-1 code detected from the text.")
    text: str = Field(description="Article body: normalized paragraphs joined by one blank line.")
    word_count: int = Field(ge=0, description="Number of words in text.")
    content_hash: str = Field(description="sha256 of text.")
    raw_sha256: str = Field(description="sha256 of the raw file's bytes.")
    encoding: str = Field(description="Encoding the raw bytes were decoded with.")
    encoding_fixes: list[str] = Field(default_factory=list, description="Repairs applied.")
    duplicate_of: str | None = Field(
        None, description="id of the first record (by source_path) with the same text."
    )
    source_deleted: bool = Field(False, description="The raw file is gone; record kept.")
    near_duplicate_of: str | None = Field(
        None,
        description="id of the earliest record (first ingested) whose text is a near copy.",
    )
    story_id: str | None = Field(
        None, description="Story shared by records that report the same event: a record id."
    )


class Rejection(BaseModel):
    """A raw file that did not become an article, and why."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    source_path: str
    source_member: str | None = None
    reason: RejectReason
    detail: str = ""
    raw_sha256: str | None = None

    @classmethod
    def of(
        cls,
        error: CleanError,
        source_path: str,
        source_member: str | None = None,
        raw_sha256: str | None = None,
    ) -> Rejection:
        """The rejection a CleanError stands for."""
        return cls(
            source_path=source_path,
            source_member=source_member,
            reason=error.reason,
            detail=error.detail,
            raw_sha256=raw_sha256,
        )
