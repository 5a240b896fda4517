package sdk

import "context"

// Cancelling a meeting (crm-oas group cancel_meetings, POST
// Events/{id}/actions/cancel): the meeting stays, marked cancelled, and
// Zoho can mail its participants that it is off. OAuth scope:
// ZohoCRM.modules.Events.ALL.

var cancelMeeting = recordAction{name: "cancel"}

// CancelMeeting cancels the meeting (a record of Events) with this id;
// notify has Zoho mail its participants. A refusal (a meeting cancelled
// before, say) is also the error, a *RecordError.
func (s *RecordsService) CancelMeeting(ctx context.Context, eventID string, notify bool) (*ActionResult, *Response, error) {
	return cancelMeeting.one(ctx, s.client, "Events", eventID, map[string]any{"data": []map[string]bool{{"send_cancelling_mail": notify}}})
}
