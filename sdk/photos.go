package sdk

// PhotosService uploads, downloads and deletes a record's photo ({module}/{id}/photo).
type PhotosService service
