package sdk

// TaxesService manages the org's taxes (/org/taxes).
type TaxesService service
