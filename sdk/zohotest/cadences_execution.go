package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
)

// Enrolling records in cadences (crm-oas group cadences_execution): POST
// {module}/actions/enrol_in_cadences and unenrol_from_cadences with
// {"cadences_ids": [...], "ids": [...]} (the mass form alone; the emulator
// takes up to 500 ids, Zoho documents no limit). cadences_ids is mandatory
// (MANDATORY_NOT_FOUND under data). When the emulator keeps the org's
// cadences (settings/automation/cadences), an id that names none is
// INVALID_DATA and each result names the cadences; otherwise any id is
// taken, nameless. Unenrolling a record from a cadence it is not in is
// refused for that record; enrolling twice is no change. CadencesOf shows
// a record's cadences.

var cadenceModules = moduleIn(true, "Leads", "Contacts", "Accounts", "Deals")

// cadenceState is, per record, the ids of the cadences it is enrolled in.
type cadenceState struct {
	mu       sync.Mutex
	enrolled map[recordKey][]string
}

func init() {
	for _, enrol := range []bool{true, false} {
		name := "unenrol_from_cadences"
		if enrol {
			name = "enrol_in_cadences"
		}
		registerRecordAction(&recordActionSpec{
			name: name, scope: "ZohoCRM.settings.roles.ALL ZohoCRM.modules.{module}.UPDATE", maxIDs: 500, massOnly: true,
			supports: cadenceModules,
			check: func(s *Server, c *call, body map[string]json.RawMessage) bool {
				_, ok := s.cadencesOf(c, body)
				return ok
			},
			act: func(s *Server, c *call, meta *moduleMeta, id string, body map[string]json.RawMessage) recordResult {
				cadences, _ := s.cadencesOf(nil, body)
				return s.cadences.enrol(recordKeyOf(meta, id), cadences, enrol)
			},
		})
	}
}

// cadencesOf reads the body's cadences_ids as [{"id","name"}]; with c, it
// answers Zoho's error for a missing or unknown one.
func (s *Server) cadencesOf(c *call, body map[string]json.RawMessage) ([]obj, bool) {
	var ids []string
	if json.Unmarshal(body["cadences_ids"], &ids) != nil || len(ids) == 0 {
		if c != nil {
			failData(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "cadences_ids"}, {"json_path", "$.cadences_ids"}})
		}
		return nil, false
	}
	known := s.SettingsEntries("settings/automation/cadences", "")
	out := make([]obj, len(ids))
	for i, id := range ids {
		var name any
		if known != nil {
			j := slices.IndexFunc(known, func(d doc) bool { return idOf(d) == id })
			if j < 0 {
				if c != nil {
					failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "cadences_ids"}, {"json_path", "$.cadences_ids"}})
				}
				return nil, false
			}
			name = known[j]["name"]
		} else if !isDigits(id) {
			if c != nil {
				failData(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "cadences_ids"}, {"json_path", "$.cadences_ids"}})
			}
			return nil, false
		}
		out[i] = obj{{"id", id}, {"name", name}}
	}
	return out, true
}

// enrol enrols the record in the cadences, or takes it out of them.
func (st *cadenceState) enrol(key recordKey, cadences []obj, enrol bool) recordResult {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.enrolled == nil {
		st.enrolled = map[recordKey][]string{}
	}
	have := st.enrolled[key]
	if !enrol {
		for _, cd := range cadences {
			if id := cd[0].v.(string); !slices.Contains(have, id) {
				return recordError("INVALID_DATA", "the record is not enrolled in the cadence", obj{{"id", key.id}, {"cadence_id", id}})
			}
		}
	}
	for _, cd := range cadences {
		id := cd[0].v.(string)
		have = slices.DeleteFunc(slices.Clone(have), func(h string) bool { return h == id })
		if enrol {
			have = append(have, id)
		}
	}
	st.enrolled[key] = have
	message := "record unenrolled from the cadences successfully"
	if enrol {
		message = "record enrolled in the cadences successfully"
	}
	return success(obj{{"cadences", cadences}, {"id", key.id}}, message)
}

// CadencesOf returns the ids of the cadences the module's record with
// this id is enrolled in, in the order it joined them.
func (s *Server) CadencesOf(module, id string) []string {
	meta := s.mustModule("CadencesOf", module).meta.Load()
	st := &s.cadences
	st.mu.Lock()
	defer st.mu.Unlock()
	return slices.Clone(st.enrolled[recordKeyOf(meta, id)])
}
