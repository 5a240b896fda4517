package sdk

// BlueprintsService reads and performs blueprint transitions ({module}/{id}/actions/blueprint).
type BlueprintsService service
