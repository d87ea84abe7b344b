"""Extract stage for HTML pages: trafilatura, chrome blocks pruned, metadata."""
