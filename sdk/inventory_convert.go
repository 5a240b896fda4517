package sdk

import (
	"context"
	"fmt"
)

// Converting a quote or a sales order (crm-oas group inventory_convert,
// POST {module}/{id}/actions/convert): a quote into a sales order, an
// invoice or both; a sales order into an invoice. The source stays; the
// answer names each record made (Conversion.Records). OAuth scope:
// ZohoCRM.modules.ALL (crm-oas adds ZohoCRM.files.CREATE and
// ZohoFiles.files.CREATE).

// ConvertTarget is a module to make a record of.
type ConvertTarget struct {
	// Module is Sales_Orders or Invoices; Zoho names it by its id as
	// well: when ID is empty the SDK looks it up (GET
	// settings/modules/{name}).
	Module *ModuleRef
	// CarryOverTags gives the new record the source's tags.
	CarryOverTags bool
}

// convertTo is the body's convert_to.
func (s *RecordsService) convertTo(ctx context.Context, to []ConvertTarget) ([]map[string]any, error) {
	if len(to) == 0 {
		return nil, &ValidationError{Field: "to", Problem: "is empty; name Sales_Orders, Invoices or both"}
	}
	out := make([]map[string]any, len(to))
	for i, t := range to {
		if t.Module == nil || (t.Module.APIName == "" && t.Module.ID == "") {
			return nil, &ValidationError{Field: fmt.Sprintf("to[%d].Module", i), Problem: "names no module"}
		}
		ref, err := moduleIDRef(ctx, s.client, t.Module, "ConvertTarget")
		if err != nil {
			return nil, err
		}
		out[i] = map[string]any{"module": ref, "carry_over_tags": t.CarryOverTags}
	}
	return out, nil
}

// ConvertInventory converts the record with this id of module (Quotes or
// Sales_Orders) into a record of each target. A refusal (ID_ALREADY_CONVERTED,
// NOT_ALLOWED...) is an *APIError.
func (s *RecordsService) ConvertInventory(ctx context.Context, module, id string, to ...ConvertTarget) (*Conversion, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	convertTo, err := s.convertTo(ctx, to)
	if err != nil {
		return nil, nil, err
	}
	return s.convert(ctx, module, id, map[string]any{"convert_to": convertTo})
}
