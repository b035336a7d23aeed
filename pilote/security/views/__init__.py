"""Pages of the security module under the school: incidents, measures, access review, charter
(the académie's pages are in ``territory_views``)."""
