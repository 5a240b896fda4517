package sdk

import (
	"context"
	"fmt"
)

// Enrolling records in cadences (crm-oas group cadences_execution, POST
// {module}/actions/enrol_in_cadences and unenrol_from_cadences): a cadence
// is a series of follow-ups (emails, calls, tasks) Zoho runs for each
// record enrolled in it. Zoho answers one result per record, whose details
// name the cadences ("cadences": [{"id","name"}]). OAuth scope, as
// crm-oas gives it: ZohoCRM.settings.roles.ALL.

var (
	enrolCadences   = recordAction{name: "enrol_in_cadences"}
	unenrolCadences = recordAction{name: "unenrol_from_cadences"}
)

func cadencesBody(cadenceIDs []string) (map[string]any, error) {
	if len(cadenceIDs) == 0 {
		return nil, &ValidationError{Field: "cadenceIDs", Problem: "is empty; Zoho requires at least one cadence"}
	}
	for i, id := range cadenceIDs {
		if err := requireID(fmt.Sprintf("cadenceIDs[%d]", i), id); err != nil {
			return nil, err
		}
	}
	return map[string]any{"cadences_ids": cadenceIDs}, nil
}

// EnrolInCadences enrols the module's records with these ids in the
// cadences with these ids; one result per record, in input order.
func (s *RecordsService) EnrolInCadences(ctx context.Context, module string, recordIDs, cadenceIDs []string) ([]*ActionResult, *Response, error) {
	body, err := cadencesBody(cadenceIDs)
	if err != nil {
		return nil, nil, err
	}
	return enrolCadences.many(ctx, s.client, module, recordIDs, body)
}

// UnenrolFromCadences takes the module's records with these ids out of the
// cadences with these ids; one result per record, in input order.
func (s *RecordsService) UnenrolFromCadences(ctx context.Context, module string, recordIDs, cadenceIDs []string) ([]*ActionResult, *Response, error) {
	body, err := cadencesBody(cadenceIDs)
	if err != nil {
		return nil, nil, err
	}
	return unenrolCadences.many(ctx, s.client, module, recordIDs, body)
}
