package sdk

// LayoutsService reads a module's layouts (/settings/layouts).
type LayoutsService service
