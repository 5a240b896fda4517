package zohotest

import (
	"encoding/json"
	"net/http"
)

// Cancelling a meeting (crm-oas group cancel_meetings): POST
// Events/{id}/actions/cancel with {"data":[{"send_cancelling_mail":
// bool}]} (mandatory, a boolean) marks the meeting cancelled: its record
// gets $cancelled: true (the emulator's mark; Zoho documents none) and
// MeetingCancelled reports it. A meeting cancelled before is refused
// (INVALID_DATA with the id and a reason); no mail is sent.

func init() {
	registerRecordAction(&recordActionSpec{
		name: "cancel", scope: "ZohoCRM.modules.Events.ALL", supports: moduleIn(false, "Events"),
		check: func(s *Server, c *call, body map[string]json.RawMessage) bool {
			var data []map[string]json.RawMessage
			if json.Unmarshal(body["data"], &data) != nil || len(data) != 1 || data[0] == nil {
				failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "data"}, {"json_path", "$.data"}})
				return false
			}
			raw, given := data[0]["send_cancelling_mail"]
			var notify bool
			switch {
			case !given:
				failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found",
					obj{{"api_name", "send_cancelling_mail"}, {"json_path", "$.data[0].send_cancelling_mail"}})
				return false
			case json.Unmarshal(raw, &notify) != nil:
				failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"expected_data_type", "boolean"},
					{"api_name", "send_cancelling_mail"}, {"json_path", "$.data[0].send_cancelling_mail"}})
				return false
			}
			return true
		},
		act: func(s *Server, c *call, meta *moduleMeta, id string, _ map[string]json.RawMessage) recordResult {
			ms, _ := s.modules.get(meta.APIName)
			ms.mu.Lock()
			defer ms.mu.Unlock()
			r := ms.byID[id]
			if r == nil {
				return recordError("INVALID_DATA", "the id given seems to be invalid", obj{{"id", id}})
			}
			if f, ok := r.field(cancelledMark); ok && f.decoded() == true {
				return recordError("INVALID_DATA", "the meeting is already cancelled", obj{{"id", id}, {"reason", "already cancelled"}})
			}
			s.rewriteLocked(c, ms, meta, r, func(nr *record) { nr.props = withProp(nr.props, cancelledMark, true) })
			return successResult(id, "Meeting cancelled successfully")
		},
	})
}

// cancelledMark is the property a cancelled meeting's record has.
const cancelledMark = "$cancelled"

// withProp returns props with the $-property name set to v, in its place
// if it had one.
func withProp(props []fieldValue, name string, v any) []fieldValue {
	out := make([]fieldValue, 0, len(props)+1)
	found := false
	for _, p := range props {
		if p.name == name {
			p, found = fieldOf(name, v), true
		}
		out = append(out, p)
	}
	if !found {
		out = append(out, fieldOf(name, v))
	}
	return out
}

// MeetingCancelled reports whether the meeting (a record of Events) with
// this id was cancelled.
func (s *Server) MeetingCancelled(id string) bool {
	r, ok := s.Records("Events").Get(id)
	return ok && r[cancelledMark] == true
}
