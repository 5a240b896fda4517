package sdk

// FieldsService reads a module's fields (/settings/fields).
type FieldsService service
