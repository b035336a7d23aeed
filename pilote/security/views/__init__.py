"""Pages of the security module: incidents, measures, access review, charter, territory."""
