package sdk

// QueryService runs COQL queries (POST /coql).
type QueryService service
