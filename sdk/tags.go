package sdk

// TagsService manages tags (/settings/tags) and tags records ({module}/actions/add_tags...).
type TagsService service
