package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// Merging records (crm-oas group find_and_merge): POST
// {module}/{master}/actions/merge with {"merge":[{"data":[{"id",
// "_fields":[{"api_name"}]}], "master_record_fields":[{"api_name",
// "_data":[{"id"}]}]}]} merges one or two child records into the master:
// the master takes each child's value of the fields named in its _fields,
// every record linked to a child (a lookup, a note's Parent_Id) and its
// attachments move to the master, and the child is gone (from lists, and
// not in the recycle bin). It is a job (jobs.go): the answer, under
// merge, is SCHEDULED with details {id, job_id} (SUCCESS when the job
// takes no time, done before the answer). GET
// {module}/{master}/actions/merge[?job_id=] reads the job (the master's
// latest without job_id; 204 for none): job_id, status (scheduled,
// in progress, completed) and the request's data and master_record_fields
// (kept for the status; the emulator takes no items of multi-value fields
// from them).
// Errors: data and master_record_fields mandatory (MANDATORY_NOT_FOUND),
// more than two children (INVALID_DATA, maximum_length), a child that is
// the master or names no record, a field the module lacks (INVALID_DATA);
// a master that names no record is INVALID_DATA (resource_path_index).

const (
	mergeKind        = "merge"
	maxMergeChildren = 2
)

func init() {
	handleCRM(http.MethodPost, "{module}/{id}/actions/merge", "ZohoCRM.modules.{module}.ALL ZohoCRM.modules.{module}.UPDATE", (*Server).mergeRecords)
	handleCRM(http.MethodGet, "{module}/{id}/actions/merge", "ZohoCRM.modules.{module}.ALL ZohoCRM.modules.{module}.READ", (*Server).mergeStatus)
}

// mergeRequest is one merge as the body gives it.
type mergeRequest struct {
	Data []struct {
		ID     json.RawMessage `json:"id"`
		Fields []struct {
			APIName string `json:"api_name"`
		} `json:"_fields"`
	} `json:"data"`
	MasterRecordFields json.RawMessage `json:"master_record_fields"`
}

func (s *Server) mergeRecords(c *call) {
	ms, meta, master, ok := s.mergeMaster(c)
	if !ok {
		return
	}
	entries, ok := readKeyedBody(c, mergeKind, 1)
	if !ok {
		return
	}
	raw, _ := json.Marshal(entries[0])
	var req mergeRequest
	bad := func(code, message string, d obj) {
		writeJSON(c.w, http.StatusBadRequest, obj{{mergeKind, []recordResult{recordError(code, message, d)}}})
	}
	at := func(path string) obj { return obj{{"json_path", "$.merge[0]." + path}} }
	if entries[0] == nil || json.Unmarshal(raw, &req) != nil {
		bad("INVALID_DATA", "invalid data", obj{{"expected_data_type", "jsonobject"}})
		return
	}
	switch {
	case len(req.Data) == 0:
		bad("MANDATORY_NOT_FOUND", "required field not found", append(obj{{"api_name", "data"}}, at("data")...))
		return
	case len(req.Data) > maxMergeChildren:
		bad("INVALID_DATA", "invalid data", append(obj{{"api_name", "data"}, {"maximum_length", maxMergeChildren}}, at("data")...))
		return
	case len(req.MasterRecordFields) == 0 || string(req.MasterRecordFields) == "null":
		bad("MANDATORY_NOT_FOUND", "required field not found", append(obj{{"api_name", "master_record_fields"}}, at("master_record_fields")...))
		return
	}
	type child struct {
		id     string
		fields []string
	}
	children := make([]child, len(req.Data))
	for i, d := range req.Data {
		id := idText(makeField("id", d.ID))
		ms.mu.RLock()
		found := ms.byID[id] != nil
		ms.mu.RUnlock()
		if !found || id == master || slices.ContainsFunc(children[:i], func(o child) bool { return o.id == id }) {
			bad("INVALID_DATA", "invalid data", append(obj{{"api_name", "id"}}, at("data["+strconv.Itoa(i)+"].id")...))
			return
		}
		children[i].id = id
		for _, f := range d.Fields {
			if _, has := meta.field(f.APIName); !has {
				bad("INVALID_DATA", "invalid data", append(obj{{"api_name", f.APIName}}, at("data["+strconv.Itoa(i)+"]._fields")...))
				return
			}
			children[i].fields = append(children[i].fields, f.APIName)
		}
	}
	j := s.scheduleJob(mergeKind, meta.APIName+"/"+master, len(children), func() (done, failed int) {
		for _, ch := range children {
			if s.mergeInto(c, ms, meta, master, ch.id, ch.fields) {
				done++
			} else {
				failed++
			}
		}
		return done, failed
	})
	s.setJobDetail(j, obj{{"data", entries[0]["data"]}, {"master_record_fields", req.MasterRecordFields}})
	code, message := "SCHEDULED", "merge scheduled successfully"
	if s.jobRan(j) {
		code, message = "SUCCESS", "records merged successfully"
	}
	writeJSON(c.w, http.StatusCreated, obj{{mergeKind, []recordResult{{Code: code, Details: obj{{"id", master}, {"job_id", j.id}}, Message: message, Status: "success"}}}})
}

// mergeMaster resolves {module}/{id} of a merge call to an existing
// record; it answers the error itself.
func (s *Server) mergeMaster(c *call) (*moduleStore, *moduleMeta, string, bool) {
	ms, meta, ok := s.module(c)
	if !ok {
		return nil, nil, "", false
	}
	id := c.param("id")
	ms.mu.RLock()
	found := ms.byID[id] != nil
	ms.mu.RUnlock()
	if !found {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"resource_path_index", 1}})
		return nil, nil, "", false
	}
	return ms, meta, id, true
}

// mergeInto merges the child into the master: the fields named, the
// records linked and the attachments; the child is then gone. It reports
// whether both were still there.
func (s *Server) mergeInto(c *call, ms *moduleStore, meta *moduleMeta, masterID, childID string, fields []string) bool {
	ms.mu.Lock()
	master, child := ms.byID[masterID], ms.byID[childID]
	if master == nil || child == nil {
		ms.mu.Unlock()
		return false
	}
	master = s.rewriteLocked(c, ms, meta, master, func(nr *record) {
		for _, name := range fields {
			f, _ := child.field(name)
			if i := indexOfField(nr.own, name); i >= 0 {
				nr.own[i] = f
			} else if f.name != "" {
				nr.own = append(nr.own, f)
			}
		}
	})
	ms.removeLocked(childID)
	ms.mu.Unlock()
	s.moveAttachments(meta, childID, meta.APIName, master)
	s.repointLookups(c, childID, master, meta)
	return true
}

// repointLookups makes every field of every record that names the record
// with id from by {"id",...} (a lookup, a note's Parent_Id) name to
// instead.
func (s *Server) repointLookups(c *call, from string, to *record, toMeta *moduleMeta) {
	s.modules.mu.RLock()
	stores := slices.Clone(s.modules.list)
	s.modules.mu.RUnlock()
	name := nullIfEmpty(to.displayName(toMeta))
	for _, ms := range stores {
		meta := ms.meta.Load()
		ms.mu.Lock()
		for _, r := range slices.Clone(ms.order) {
			if !slices.ContainsFunc(r.own, func(f fieldValue) bool { return f.kind == kindObject && lookupIDOf(f.raw) == from }) {
				continue
			}
			s.rewriteLocked(c, ms, meta, r, func(nr *record) {
				for i, f := range nr.own {
					var v map[string]any
					if f.kind != kindObject || lookupIDOf(f.raw) != from || json.Unmarshal(f.raw, &v) != nil {
						continue
					}
					v["id"] = to.id
					if _, named := v["name"]; named {
						v["name"] = name
					}
					nr.own[i] = fieldOf(f.name, v)
				}
			})
		}
		ms.mu.Unlock()
	}
}

func (s *Server) mergeStatus(c *call) {
	_, meta, master, ok := s.mergeMaster(c)
	if !ok {
		return
	}
	owner := meta.APIName + "/" + master
	var st jobState
	if c.query("job_id") != "" {
		if st, ok = s.findJob(c, mergeKind, owner); !ok {
			return
		}
	} else {
		jobs := s.jobsOf(mergeKind, owner)
		if len(jobs) == 0 {
			writeEmpty(c.w, http.StatusNoContent)
			return
		}
		st = jobs[len(jobs)-1]
	}
	answer := obj{{"job_id", st.id}, {"status", st.phase.String()}}
	if d, ok := st.detail.(obj); ok {
		answer = append(answer, d...)
	}
	writeJSON(c.w, http.StatusOK, obj{{mergeKind, []obj{answer}}})
}
