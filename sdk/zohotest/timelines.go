package zohotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A record's timeline (crm-oas group timelines, GET
// {module}/{record_id}/__timeline): what the emulator's writes did to the
// record, most recent first unless sort_order=asc. Cheaply kept: a
// record's creation is read off the record itself; only an edit that
// changed a field of its own (the versions before and after, whose fields
// are compared when the timeline is read) and a restore from the recycle
// bin (its deletion and its restore) are noted, where the record store
// tells of its changes (recordChanged), so a composite request rolled back
// leaves none. include_inner_details adds field_history's data_type and
// field_label; filters select by action, source or done_by.id.

func init() {
	handleCRM("GET", "{module}/{record_id}/__timeline", "ZohoCRM.modules.{module}.READ", (*Server).listTimeline)
}

// timelineState holds the events noted, by record.
type timelineState struct {
	mu       sync.Mutex
	byRecord map[timelineKey][]timelineEvent
	seq      int64
}

type timelineKey struct{ module, id string }

// timelineEvent is one thing done to a record.
type timelineEvent struct {
	id        string
	action    string // updated, deleted, restored
	at        time.Time
	by        []byte  // {"name","id"[,"email"]}
	prev, cur *record // updated: the versions before and after
}

// note adds an event to a record's timeline.
func (t *timelineState) note(module, id string, e timelineEvent) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byRecord == nil {
		t.byRecord = map[timelineKey][]timelineEvent{}
	}
	t.seq++
	e.id = strconv.FormatInt(7_000_000_000_000_000_000+t.seq, 10)
	key := timelineKey{strings.ToLower(module), id}
	t.byRecord[key] = append(t.byRecord[key], e)
}

func (t *timelineState) events(module, id string) []timelineEvent {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.byRecord[timelineKey{strings.ToLower(module), id}])
}

// noteChange notes an edit that changed a field of the record's own; the
// record store calls it for every change it tells of.
func (t *timelineState) noteChange(module, event string, prev, cur *record) {
	if event != "edit" || prev == nil || cur == nil || !ownFieldsDiffer(prev, cur) {
		return
	}
	t.note(module, cur.id, timelineEvent{action: "updated", at: cur.modified, by: cur.modifiedBy, prev: prev, cur: cur})
}

func ownFieldsDiffer(prev, cur *record) bool {
	if len(prev.own) != len(cur.own) {
		return true
	}
	for _, f := range cur.own {
		old, ok := findField(prev.own, f.name)
		if !ok || !bytes.Equal(old.raw, f.raw) {
			return true
		}
	}
	return false
}

func (s *Server) listTimeline(c *call) {
	ms, meta, ok := s.module(c)
	if !ok {
		return
	}
	page, perPage, filters, ok := pagedFilters(c)
	if !ok {
		return
	}
	if by := c.query("sort_by"); by != "" && by != "audited_time" {
		failParam(c.w, "sort_by")
		return
	}
	desc := c.query("sort_order") != "asc"
	id := c.param("record_id")
	ms.mu.RLock()
	r := ms.byID[id]
	ms.mu.RUnlock()
	if r == nil {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 1}})
		return
	}
	events := append([]timelineEvent{{id: "9" + r.id, action: "added", at: r.created, by: r.createdBy}}, s.timelines.events(meta.APIName, id)...)
	inner := c.query("include_inner_details")
	recordRef := obj{{"id", r.id}, {"name", r.displayName(meta)}, {"module", obj{{"api_name", meta.APIName}, {"id", meta.ID}}}}
	var entries []obj
	for _, e := range events {
		if !s.matchValues(filters, map[string]any{"action": e.action, "source": "api", "done_by.id": byID(e.by)}) {
			continue
		}
		entries = append(entries, obj{{"id", e.id}, {"action", e.action}, {"audited_time", s.formatTime(e.at)},
			{"done_by", json.RawMessage(e.by)}, {"source", "api"}, {"record", recordRef},
			{"field_history", fieldHistory(meta, e, inner)}})
	}
	if desc {
		slices.Reverse(entries)
	}
	if len(entries) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	start, end := pageOf(len(entries), page, perPage)
	writeJSON(c.w, http.StatusOK, obj{{"__timeline", entries[start:end]}, {"info", pageInfo(perPage, end-start, page, end < len(entries))}})
}

// fieldHistory is what an update changed, field by field (nil for other
// events).
func fieldHistory(meta *moduleMeta, e timelineEvent, inner string) any {
	if e.prev == nil {
		return nil
	}
	var out []obj
	for _, f := range e.cur.own {
		old, had := findField(e.prev.own, f.name)
		if had && bytes.Equal(old.raw, f.raw) {
			continue
		}
		var before any
		if had {
			before = json.RawMessage(old.raw)
		}
		h := obj{{"api_name", f.name}}
		if spec, ok := meta.field(f.name); ok {
			h = append(h, kv{"id", spec.ID})
			if strings.Contains(inner, "field_history.field_label") {
				h = append(h, kv{"field_label", spec.Label})
			}
			if strings.Contains(inner, "field_history.data_type") {
				h = append(h, kv{"data_type", spec.DataType})
			}
		}
		out = append(out, append(h, kv{"_value", obj{{"new", json.RawMessage(f.raw)}, {"old", before}}}))
	}
	return out
}

// byID is the id of a user's lookup.
func byID(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	id, _ := lookupID(makeField("done_by", b))
	return id
}
