package sdk

import (
	"context"
	"iter"
)

// InventoryTemplatesService reads the org's inventory templates (crm-oas
// group inventory_templates, settings/inventory_templates): the layouts
// of the documents of Quotes, Sales Orders, Purchase Orders and Invoices,
// which email drafts attach. OAuth scope: ZohoCRM.templates.inventory.READ
// (or ZohoCRM.templates.READ).
type InventoryTemplatesService service

// InventoryTemplate is an inventory template of a module. Fields without
// a Go field are kept in Extra.
type InventoryTemplate struct {
	TemplateInfo
	Active bool `json:"active"`

	kept
}

func (t *InventoryTemplate) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t InventoryTemplate) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

var inventoryTemplates = keyed[InventoryTemplate]{path: "settings/inventory_templates", key: "inventory_templates", what: "inventory template"}

// List returns one page of inventory templates (none is an empty slice).
func (s *InventoryTemplatesService) List(ctx context.Context, opts *TemplateListOptions) ([]*InventoryTemplate, *Response, error) {
	return inventoryTemplates.list(ctx, s.client, opts.values())
}

// All iterates over the inventory templates of every page.
func (s *InventoryTemplatesService) All(ctx context.Context, opts *TemplateListOptions) iter.Seq2[*InventoryTemplate, error] {
	return inventoryTemplates.all(ctx, s.client, opts.values())
}

// Get returns the inventory template with this id, with its content.
func (s *InventoryTemplatesService) Get(ctx context.Context, id string) (*InventoryTemplate, *Response, error) {
	return inventoryTemplates.get(ctx, s.client, id, nil)
}
