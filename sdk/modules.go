package sdk

// ModulesService reads module metadata (/settings/modules).
type ModulesService service
