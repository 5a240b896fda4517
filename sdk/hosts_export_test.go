package sdk

// UploadBaseFor exposes the upload host choice to the tests.
func UploadBaseFor(cfg Config, api string) string { return cfg.uploadBaseFor(api) }
