package sdk

// RelatedListsService reads related list metadata (/settings/related_lists).
type RelatedListsService service
