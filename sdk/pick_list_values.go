package sdk

import (
	"context"
)

// The values of one picklist field (crm-oas group pick_list_values,
// /settings/fields/{field_id}/pick_list_values), a method of
// FieldsService. OAuth scope: ZohoCRM.settings.fields.READ.

var pickListValues = keyed[PickListValue]{path: "settings/fields/{}/pick_list_values", key: "pick_list_values", what: "field"}

// PickListValues returns the values of the picklist (or multi-select
// picklist) field with this id in module, each with its id, sequence
// number and the layouts that offer it (in Extra: layout_associations);
// for a field that uses a global picklist, the set's values in use.
func (s *FieldsService) PickListValues(ctx context.Context, module, fieldID string) ([]*PickListValue, *Response, error) {
	if err := requireID("fieldID", fieldID); err != nil {
		return nil, nil, err
	}
	return inModule(pickListValues.in(fieldID), module).list(ctx, s.client, nil)
}
