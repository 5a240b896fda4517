package sdk

// RolesService reads roles (/settings/roles).
type RolesService service
