package zohotest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Notifications (actions/watch): channels that subscribe a notify_url to
// record events, and the callbacks Zoho POSTs to it when records change
// through any API. A channel lives until its channel_expiry on the
// emulator's clock (default one hour; at most one day before v4, one week
// from v4 on); callbacks stop when it lapses. Callbacks are sent in the
// background, a few milliseconds after the change, one per channel, module
// and operation with every id changed meanwhile, as Zoho batches them.

func init() {
	handleCRM("POST", "actions/watch", "ZohoCRM.notifications.ALL ZohoCRM.notifications.CREATE ZohoCRM.notifications.WRITE", (*Server).enableNotifications)
	handleCRM("GET", "actions/watch", "ZohoCRM.notifications.ALL ZohoCRM.notifications.READ", (*Server).listNotifications)
	handleCRM("PUT", "actions/watch", "ZohoCRM.notifications.ALL ZohoCRM.notifications.UPDATE ZohoCRM.notifications.WRITE", (*Server).replaceNotifications)
	handleCRM("PATCH", "actions/watch", "ZohoCRM.notifications.ALL ZohoCRM.notifications.UPDATE ZohoCRM.notifications.WRITE", (*Server).patchNotifications)
	handleCRM("DELETE", "actions/watch", "ZohoCRM.notifications.ALL ZohoCRM.notifications.DELETE", (*Server).disableNotifications)
}

const (
	defaultChannelLifetime = time.Hour
	maxChannelTokenLength  = 50
	// callbackDelay gathers the changes of one write into one callback.
	callbackDelay = 5 * time.Millisecond
)

// maxChannelLifetime is one day before v4 and one week from v4 on.
func maxChannelLifetime(v apiVersion) time.Duration {
	if v.atLeast(4) {
		return 7 * 24 * time.Hour
	}
	return 24 * time.Hour
}

// Channel is a notification channel as the emulator keeps it.
type Channel struct {
	ID                        string
	Events                    []string // Module.create|edit|delete|all
	NotifyURL                 string
	Token                     string
	Expiry                    time.Time
	ReturnAffectedFieldValues bool
	NotifyOnRelatedAction     bool
}

func (ch *Channel) wants(module, event string) bool {
	for _, e := range ch.Events {
		m, op, _ := strings.Cut(e, ".")
		if strings.EqualFold(m, module) && (op == event || op == "all") {
			return true
		}
	}
	return false
}

func (ch *Channel) modules() []string {
	var mods []string
	for _, e := range ch.Events {
		m, _, _ := strings.Cut(e, ".")
		if !slices.ContainsFunc(mods, func(x string) bool { return strings.EqualFold(x, m) }) {
			mods = append(mods, m)
		}
	}
	return mods
}

type notificationState struct {
	// sendMu keeps callbacks in the order of the changes: one batch is
	// sent at a time, and the next is taken only when it is done.
	sendMu   sync.Mutex
	mu       sync.Mutex
	channels map[string]*Channel
	pending  map[pendingKey]*pendingCallback
	order    []pendingKey // pending's keys, first change first
	timer    *time.Timer
	client   *http.Client
	sent     int
	failed   int
	wg       sync.WaitGroup
}

type pendingKey struct{ channel, module, operation string }

type pendingCallback struct {
	ids      []string
	affected []obj
	values   []obj
}

func (ns *notificationState) initLocked() {
	if ns.channels == nil {
		ns.channels = map[string]*Channel{}
		ns.pending = map[pendingKey]*pendingCallback{}
		ns.client = &http.Client{Timeout: 10 * time.Second}
	}
}

// Channels returns the channels in force, by channel id.
func (s *Server) Channels() []Channel {
	ns := &s.notify
	ns.mu.Lock()
	defer ns.mu.Unlock()
	now := s.Now()
	var out []Channel
	for _, ch := range ns.channels {
		if now.Before(ch.Expiry) {
			c := *ch
			c.Events = slices.Clone(ch.Events)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Channel) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// CallbacksSent returns how many callbacks reached a notify_url (answered
// 2xx) and how many failed.
func (s *Server) CallbacksSent() (sent, failed int) {
	ns := &s.notify
	ns.mu.Lock()
	defer ns.mu.Unlock()
	return ns.sent, ns.failed
}

// WaitCallbacks waits until the callbacks of changes made so far are sent.
func (s *Server) WaitCallbacks() {
	time.Sleep(2 * callbackDelay)
	s.notify.wg.Wait()
}

// recordChanged is called by a module's store, under its lock, for every
// record inserted, replaced or removed: it queues the callbacks.
func (s *Server) recordChanged(module, event string, prev, cur *record) {
	s.timelines.noteChange(module, event, prev, cur)
	if event == "restore" {
		event = "create" // back from the recycle bin
	}
	ns := &s.notify
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if len(ns.channels) == 0 {
		return
	}
	now := s.Now()
	id := ""
	switch {
	case cur != nil:
		id = cur.id
	case prev != nil:
		id = prev.id
	}
	var changed []string
	values := obj{}
	if event == "edit" && prev != nil && cur != nil {
		for _, f := range cur.own {
			old, ok := findField(prev.own, f.name)
			if !ok || !bytes.Equal(old.raw, f.raw) {
				changed = append(changed, f.name)
				values = append(values, kv{f.name, json.RawMessage(f.raw)})
			}
		}
		if len(changed) == 0 {
			return // not a change anyone would be told of
		}
	}
	operation := map[string]string{"create": "insert", "edit": "update", "delete": "delete"}[event]
	for _, ch := range ns.channels {
		if !now.Before(ch.Expiry) || !ch.wants(module, event) {
			continue
		}
		key := pendingKey{ch.ID, module, operation}
		p := ns.pending[key]
		if p == nil {
			p = &pendingCallback{}
			ns.pending[key] = p
			ns.order = append(ns.order, key)
		}
		p.ids = append(p.ids, id)
		if event == "edit" {
			p.affected = append(p.affected, obj{{id, changed}})
			if ch.ReturnAffectedFieldValues {
				p.values = append(p.values, obj{{"record_id", id}, {"values", values}})
			}
		}
	}
	if len(ns.pending) > 0 && ns.timer == nil {
		ns.wg.Add(1)
		ns.timer = time.AfterFunc(callbackDelay, s.sendCallbacks)
	}
}

func (s *Server) sendCallbacks() {
	ns := &s.notify
	defer ns.wg.Done()
	ns.sendMu.Lock()
	defer ns.sendMu.Unlock()
	ns.mu.Lock()
	pending, order := ns.pending, ns.order
	ns.pending, ns.order = map[pendingKey]*pendingCallback{}, nil
	ns.timer = nil
	type delivery struct {
		url  string
		body []byte
	}
	var out []delivery
	for _, key := range order {
		p := pending[key]
		ch, ok := ns.channels[key.channel]
		if !ok {
			continue
		}
		u, err := url.Parse(ch.NotifyURL)
		if err != nil {
			continue
		}
		params := obj{}
		for k, vs := range u.Query() {
			params = append(params, kv{k, vs[len(vs)-1]})
		}
		body := obj{
			{"server_time", s.Now().UnixMilli()},
			{"query_params", params},
			{"module", key.module},
			{"resource_uri", s.apiDomainOrDefault() + "/crm/v2/" + key.module},
			{"ids", p.ids},
			{"affected_fields", nonNil(p.affected)},
		}
		if ch.ReturnAffectedFieldValues && key.operation == "update" {
			body = append(body, kv{"affected_values", nonNil(p.values)})
		}
		body = append(body, kv{"operation", key.operation}, kv{"channel_id", ch.ID}, kv{"token", ch.Token})
		b, _ := json.Marshal(body)
		out = append(out, delivery{ch.NotifyURL, b})
	}
	client := ns.client
	ns.mu.Unlock()

	for _, d := range out {
		ok := post(client, d.url, d.body)
		ns.mu.Lock()
		if ok {
			ns.sent++
		} else {
			ns.failed++
		}
		ns.mu.Unlock()
	}
}

func post(client *http.Client, u string, body []byte) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}

func nonNil(v []obj) []obj {
	if v == nil {
		return []obj{}
	}
	return v
}

func (s *Server) apiDomainOrDefault() string {
	if d := s.cfg.apiDomain; d != "" {
		return d
	}
	if s.URL != "" {
		return s.URL
	}
	return "https://www.zohoapis.com"
}

// watchEntries reads {"watch":[...]} from the body.
func watchEntries(c *call) ([]map[string]json.RawMessage, bool) {
	var body struct {
		Watch []map[string]json.RawMessage `json:"watch"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&body); err != nil || len(body.Watch) == 0 {
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"api_name", "watch"}})
		return nil, false
	}
	return body.Watch, true
}

func watchError(code, message, field string) obj {
	return obj{{"code", code}, {"details", obj{{"api_name", field}}}, {"message", message}, {"status", "error"}}
}

// channelFrom applies an entry's keys to ch; partial keeps what is not
// given. It returns the error entry for a bad key.
func (s *Server) channelFrom(c *call, e map[string]json.RawMessage, ch *Channel, partial bool) obj {
	now := s.Now()
	if raw, ok := e["events"]; ok || !partial {
		var events []string
		if !ok {
			return watchError("MANDATORY_NOT_FOUND", "required field not found", "events")
		}
		if json.Unmarshal(raw, &events) != nil || len(events) == 0 || len(events) > 50 {
			return watchError("INVALID_DATA", "invalid data", "events")
		}
		for _, ev := range events {
			m, op, found := strings.Cut(ev, ".")
			if _, known := s.modules.get(m); !found || !known || !slices.Contains([]string{"create", "edit", "delete", "all"}, op) {
				return watchError("INVALID_DATA", "invalid data", "events")
			}
		}
		ch.Events = events
	}
	if raw, ok := e["notify_url"]; ok || !partial {
		var u string
		if !ok {
			return watchError("MANDATORY_NOT_FOUND", "required field not found", "notify_url")
		}
		if json.Unmarshal(raw, &u) != nil {
			return watchError("INVALID_DATA", "invalid data", "notify_url")
		}
		if parsed, err := url.Parse(u); err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
			return watchError("INVALID_DATA", "invalid data", "notify_url")
		}
		ch.NotifyURL = u
	}
	if raw, ok := e["token"]; ok {
		var t string
		if json.Unmarshal(raw, &t) != nil || len(t) > maxChannelTokenLength {
			return watchError("INVALID_DATA", "invalid data", "token")
		}
		ch.Token = t
	} else if !partial {
		ch.Token = ""
	}
	if raw, ok := e["channel_expiry"]; ok {
		var text string
		if json.Unmarshal(raw, &text) != nil {
			return watchError("INVALID_DATA", "invalid data", "channel_expiry")
		}
		t, err := time.Parse(time.RFC3339, text)
		if err != nil || !t.After(now) || t.Sub(now) > maxChannelLifetime(c.version) {
			return watchError("INVALID_DATA", "invalid data", "channel_expiry")
		}
		ch.Expiry = t
	} else if !partial {
		ch.Expiry = now.Add(defaultChannelLifetime)
	}
	for key, field := range map[string]*bool{"return_affected_field_values": &ch.ReturnAffectedFieldValues, "notify_on_related_action": &ch.NotifyOnRelatedAction} {
		if raw, ok := e[key]; ok {
			if json.Unmarshal(raw, field) != nil {
				return watchError("INVALID_DATA", "invalid data", key)
			}
		} else if !partial {
			*field = key == "notify_on_related_action"
		}
	}
	return nil
}

func channelIDOf(e map[string]json.RawMessage) (string, bool) {
	raw, ok := e["channel_id"]
	if !ok {
		return "", false
	}
	var id any
	if json.Unmarshal(raw, &id) != nil {
		return "", false
	}
	switch v := id.(type) {
	case string:
		return v, isDigits(v)
	case float64:
		return fmt.Sprintf("%.0f", v), v > 0
	}
	return "", false
}

func (s *Server) subscribed(ch *Channel) obj {
	var events []obj
	for _, m := range ch.modules() {
		ms, _ := s.modules.get(m)
		id, name := "", m
		if ms != nil {
			meta := ms.meta.Load()
			id, name = meta.ID, meta.APIName
		}
		events = append(events, obj{
			{"channel_expiry", s.formatTime(ch.Expiry)},
			{"resource_uri", s.apiDomainOrDefault() + "/crm/v2/" + name},
			{"resource_id", id},
			{"resource_name", name},
			{"channel_id", ch.ID},
		})
	}
	return obj{{"events", events}}
}

// writeWatch answers one result per entry: 201/200 when all succeed,
// 207 when some fail, 400 when all fail.
func writeWatch(c *call, okStatus int, results []obj, failures int) {
	status := okStatus
	switch {
	case failures == len(results):
		status = http.StatusBadRequest
	case failures > 0:
		status = http.StatusMultiStatus
	}
	writeJSON(c.w, status, obj{{"watch", results}})
}

func (s *Server) enableNotifications(c *call) {
	s.writeChannels(c, http.StatusCreated, false, "Successfully subscribed for actions-watch of the given module")
}
func (s *Server) replaceNotifications(c *call) {
	s.writeChannels(c, http.StatusOK, false, "Successfully updated the subscribe details")
}
func (s *Server) patchNotifications(c *call) {
	s.writeChannels(c, http.StatusOK, true, "Successfully updated the subscribe details")
}

func (s *Server) writeChannels(c *call, okStatus int, partial bool, message string) {
	entries, ok := watchEntries(c)
	if !ok {
		return
	}
	ns := &s.notify
	ns.mu.Lock()
	defer ns.mu.Unlock()
	ns.initLocked()
	results := make([]obj, len(entries))
	failures := 0
	for i, e := range entries {
		id, ok := channelIDOf(e)
		if !ok {
			results[i] = watchError("MANDATORY_NOT_FOUND", "required field not found", "channel_id")
			failures++
			continue
		}
		ch := &Channel{ID: id}
		old, exists := ns.channels[id]
		if exists && !s.Now().Before(old.Expiry) {
			exists = false
		}
		if partial {
			if !exists {
				results[i] = watchError("INVALID_DATA", "invalid data", "channel_id")
				failures++
				continue
			}
			cp := *old
			cp.Events = slices.Clone(old.Events)
			ch = &cp
			if del, ok := e["_delete_events"]; ok && string(del) == "true" {
				var events []string
				_ = json.Unmarshal(e["events"], &events)
				ch.Events = slices.DeleteFunc(ch.Events, func(ev string) bool { return slices.Contains(events, ev) })
				delete(e, "events")
			}
		}
		if bad := s.channelFrom(c, e, ch, partial); bad != nil {
			results[i] = bad
			failures++
			continue
		}
		if len(ch.Events) == 0 {
			delete(ns.channels, id)
		} else {
			ns.channels[id] = ch
		}
		results[i] = obj{{"code", "SUCCESS"}, {"details", s.subscribed(ch)}, {"message", message}, {"status", "success"}}
	}
	writeWatch(c, okStatus, results, failures)
}

func (s *Server) listNotifications(c *call) {
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	channelID, module := c.query("channel_id"), c.query("module")
	var entries []obj
	for _, ch := range s.Channels() {
		if channelID != "" && ch.ID != channelID {
			continue
		}
		for _, m := range ch.modules() {
			if module != "" && !strings.EqualFold(module, m) {
				continue
			}
			ms, _ := s.modules.get(m)
			id := ""
			if ms != nil {
				id = ms.meta.Load().ID
			}
			var events []string
			for _, e := range ch.Events {
				if em, _, _ := strings.Cut(e, "."); strings.EqualFold(em, m) {
					events = append(events, e)
				}
			}
			entries = append(entries, obj{
				{"notify_on_related_action", ch.NotifyOnRelatedAction},
				{"channel_expiry", s.formatTime(ch.Expiry)},
				{"return_affected_field_values", ch.ReturnAffectedFieldValues},
				{"resource_uri", s.apiDomainOrDefault() + "/crm/v2/" + m},
				{"resource_id", id},
				{"notify_url", ch.NotifyURL},
				{"resource_name", m},
				{"fields", nil},
				{"notification_condition", nil},
				{"channel_id", ch.ID},
				{"events", events},
				{"token", ch.Token},
			})
		}
	}
	lo := min((page-1)*perPage, len(entries))
	hi := min(lo+perPage, len(entries))
	if hi == lo {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{
		{"watch", entries[lo:hi]},
		{"info", obj{{"per_page", perPage}, {"count", hi - lo}, {"page", page}, {"more_records", hi < len(entries)}}},
	})
}

func (s *Server) disableNotifications(c *call) {
	ids := strings.Split(c.query("channel_ids"), ",")
	if c.query("channel_ids") == "" {
		fail(c.w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", obj{{"param", "channel_ids"}})
		return
	}
	ns := &s.notify
	ns.mu.Lock()
	defer ns.mu.Unlock()
	ns.initLocked()
	results := make([]obj, len(ids))
	failures := 0
	for i, id := range ids {
		id = strings.TrimSpace(id)
		ch, ok := ns.channels[id]
		if !ok {
			results[i] = watchError("INVALID_DATA", "invalid data", "channel_id")
			failures++
			continue
		}
		delete(ns.channels, id)
		results[i] = obj{{"code", "SUCCESS"}, {"details", s.subscribed(ch)}, {"message", "Successfully unsubscribed from actions-watch"}, {"status", "success"}}
	}
	writeWatch(c, http.StatusOK, results, failures)
}
