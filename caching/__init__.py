"""A full-page cache for anonymous public requests, emptied as a whole on every database write
that can change a public page (issue 16). Imports no project app: the lowest layer, beside base."""
