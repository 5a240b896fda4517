package sdk

// RelatedRecordsService lists, adds and removes a record's related records ({module}/{id}/{related_list}).
type RelatedRecordsService service
