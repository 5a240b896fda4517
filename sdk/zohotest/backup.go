package zohotest

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The org's data backup (crm-oas group backup, /crm/bulk/{version}/backup):
// one backup at a time, scheduled now (no rrule) or recurring (an rrule,
// FREQ=...; its first run a day later). On the emulator's clock a backup
// is SCHEDULED until its start, IN PROGRESS for SetJobTime (a second
// unless set), then COMPLETED: its download URLs (backup/urls) then name
// a data file and an attachments file on the download host (the upload
// host, UploadURL), /v2/crm/{zgid}/backup/{id}/{file}, for 7 days. Each
// file is SetExportFileSize bytes of GeneratedContent (64 KB unless set),
// served with ranges (Range: bytes=n-), to the token of a user with a
// backup scope. A second schedule meanwhile is BACKUP_ALREADY_SCHEDULED
// (INPROGRESS while one runs); a scheduled backup can be cancelled (then
// ALREADY_CANCELLED), a running one not (INPROGRESS); an id that names no
// backup is RESOURCE_NOT_FOUND. Every step is in the history.

const (
	defaultExportFileSize = 64 << 10
	exportLinkLife        = 7 * 24 * time.Hour
)

var exportStore = registerKeyed(&keyedSpec{path: "zohotest/exports", key: "exports", what: "export"})

func init() {
	const scope = "ZohoCRM.bulk.backup."
	handleCRM("POST", "bulk/backup", scope+"CREATE", (*Server).scheduleBackup)
	handleCRM("GET", "bulk/backup", scope+"READ", (*Server).getBackup)
	handleCRM("GET", "bulk/backup/urls", scope+"READ", (*Server).backupURLs)
	handleCRM("GET", "bulk/backup/history", scope+"READ", (*Server).backupHistory)
	handleCRM("PUT", "bulk/backup/{id}/actions/cancel", scope+"UPDATE", (*Server).cancelBackup)
}

// exportRun is one backup or audit log export.
type exportRun struct {
	id, kind  string // kind: "backup" or "audit_log"
	rrule     string
	requester obj
	criteria  any // of an audit log export
	created   time.Time
	start     time.Time // when it runs
	took      time.Duration
	cancelled time.Time
}

// exportPhase is where a run stands at now.
func (r *exportRun) phase(now time.Time) string {
	switch {
	case !r.cancelled.IsZero():
		return "CANCELLED"
	case now.Before(r.start):
		return "SCHEDULED"
	case now.Before(r.start.Add(r.took)):
		return "IN PROGRESS"
	}
	return "COMPLETED"
}

func (r *exportRun) ended() time.Time { return r.start.Add(r.took) }

// files are the names of the run's files: data then attachments for a
// backup.
func (r *exportRun) files() []string {
	if r.kind == "backup" {
		return []string{"Data_001.zip", "Attachments_001.zip"}
	}
	return []string{"AuditLog_" + r.id + ".csv"}
}

// fileURL is where the download host serves a file of the run.
func (s *Server) fileURL(c *call, r *exportRun, name string) string {
	base := s.UploadURL
	if base == "" {
		base = "http://" + c.r.Host
	}
	return base + "/v2/crm/" + s.Org().ZGID + "/" + r.kind + "/" + r.id + "/" + name
}

// exports is the server's runs and its file size, under the store's lock.
type exports struct {
	runs []*exportRun
	size int64
}

// withExports runs f on the server's runs under their lock.
func (s *Server) withExports(f func(e *exports)) {
	st := s.keyedStore(exportStore)
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.items[""]) == 0 {
		st.items[""] = []doc{{"exports": &exports{size: defaultExportFileSize}}}
	}
	f(st.items[""][0]["exports"].(*exports))
}

// SetExportFileSize sets the size of each file backups and audit log
// exports serve. It panics on a negative size.
func (s *Server) SetExportFileSize(n int64) {
	if n < 0 {
		panic("zohotest: SetExportFileSize: negative size")
	}
	s.withExports(func(e *exports) { e.size = n })
}

// jobTime is how long a background job takes (SetJobTime).
func (s *Server) jobTime() time.Duration {
	s.jobs.mu.Lock()
	defer s.jobs.mu.Unlock()
	if s.jobs.tookSet {
		return s.jobs.took
	}
	return defaultJobTime
}

// lastRun is the newest run of kind, or nil.
func (e *exports) lastRun(kind string) *exportRun {
	for i := len(e.runs) - 1; i >= 0; i-- {
		if e.runs[i].kind == kind {
			return e.runs[i]
		}
	}
	return nil
}

// backupAnswer answers a backup's result or refusal under "backup".
func backupAnswer(c *call, status int, code, message string, id string) {
	st := "success"
	if status != http.StatusOK {
		st = "error"
	}
	writeJSON(c.w, status, obj{{"backup", obj{{"code", code}, {"message", message}, {"status", st}, {"details", obj{{"id", id}}}}}})
}

var rrulePattern = regexp.MustCompile(`^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$`)

func (s *Server) scheduleBackup(c *call) {
	var body struct {
		Backup *struct {
			RRule *string `json:"rrule"`
		} `json:"backup"`
	}
	if !readJSON(c, &body) {
		return
	}
	if body.Backup == nil {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "backup"}, {"json_path", "$.backup"}})
		return
	}
	rrule := ""
	if body.Backup.RRule != nil {
		rrule = *body.Backup.RRule
		if !rrulePattern.MatchString(rrule) {
			writeJSON(c.w, http.StatusBadRequest, obj{{"backup", obj{{"code", "INVALID_DATA"}, {"message", "invalid data"}, {"status", "error"},
				{"details", obj{{"api_name", "rrule"}, {"json_path", "$.backup.rrule"}}}}}})
			return
		}
	}
	now, took := s.Now(), s.jobTime()
	var refused, id string
	s.withExports(func(e *exports) {
		if last := e.lastRun("backup"); last != nil {
			switch last.phase(now) {
			case "SCHEDULED":
				refused, id = "BACKUP_ALREADY_SCHEDULED", last.id
				return
			case "IN PROGRESS":
				refused, id = "INPROGRESS", last.id
				return
			}
		}
		r := &exportRun{id: s.ids.next(), kind: "backup", rrule: rrule, requester: s.requester(c), created: now, start: now, took: took}
		if rrule != "" {
			r.start = now.Add(24 * time.Hour)
		}
		e.runs = append(e.runs, r)
		id = r.id
	})
	switch refused {
	case "BACKUP_ALREADY_SCHEDULED":
		backupAnswer(c, http.StatusBadRequest, refused, "a backup is already scheduled", id)
	case "INPROGRESS":
		backupAnswer(c, http.StatusBadRequest, refused, "a backup is in progress", id)
	default:
		backupAnswer(c, http.StatusOK, "SUCCESS", "Backup scheduled successfully", id)
	}
}

// requester is the caller as a backup names them.
func (s *Server) requester(c *call) obj {
	return obj{{"id", c.user.ID}, {"name", c.user.FullName()}, {"zuid", c.user.ZUID}}
}

func (s *Server) getBackup(c *call) {
	var out obj
	now := s.Now()
	s.withExports(func(e *exports) {
		if r := e.lastRun("backup"); r != nil {
			out = obj{{"rrule", nullIfEmpty(r.rrule)}, {"id", r.id}, {"start_date", s.formatTime(r.created)},
				{"scheduled_date", s.formatTime(r.start)}, {"status", r.phase(now)}, {"requester", r.requester}}
		}
	})
	if out == nil {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"backup", out}})
}

func (s *Server) backupURLs(c *call) {
	var out obj
	now := s.Now()
	s.withExports(func(e *exports) {
		for i := len(e.runs) - 1; i >= 0 && out == nil; i-- {
			r := e.runs[i]
			if r.kind != "backup" || r.phase(now) != "COMPLETED" || !now.Before(r.ended().Add(exportLinkLife)) {
				continue
			}
			names := r.files()
			out = obj{{"data_links", []string{s.fileURL(c, r, names[0])}}, {"attachment_links", []string{s.fileURL(c, r, names[1])}},
				{"expiry_date", s.formatTime(r.ended().Add(exportLinkLife))}}
		}
	})
	if out == nil {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"urls", out}})
}

func (s *Server) backupHistory(c *call) {
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	var out []obj
	now := s.Now()
	s.withExports(func(e *exports) {
		for i := len(e.runs) - 1; i >= 0; i-- {
			r := e.runs[i]
			if r.kind != "backup" {
				continue
			}
			repeat := any(nil)
			if r.rrule != "" {
				repeat = strings.ToLower(strings.TrimPrefix(strings.SplitN(r.rrule, ";", 2)[0], "FREQ="))
			}
			entry := func(at time.Time, action, state string, count int, file any) obj {
				return obj{{"id", s.settings.metaID("backup|" + r.id + "|" + action)}, {"log_time", s.formatTime(at)}, {"action", action}, {"repeat_type", repeat},
					{"count", count}, {"file_name", file}, {"state", state}, {"done_by", r.requester}}
			}
			switch phase := r.phase(now); phase {
			case "CANCELLED":
				out = append(out, entry(r.cancelled, "BACKUP_CANCELLED", phase, 0, nil))
			case "COMPLETED":
				out = append(out, entry(r.ended(), "BACKUP_COMPLETED", phase, len(r.files()), r.files()[0]))
			}
			out = append(out, entry(r.created, "BACKUP_SCHEDULED", "SCHEDULED", 0, nil))
		}
	})
	writePage(c, "history", out, page, perPage)
}

func (s *Server) cancelBackup(c *call) {
	id := c.param("id")
	now := s.Now()
	var code string
	s.withExports(func(e *exports) {
		at := slices.IndexFunc(e.runs, func(r *exportRun) bool { return r.kind == "backup" && r.id == id })
		if at < 0 {
			code = "RESOURCE_NOT_FOUND"
			return
		}
		switch e.runs[at].phase(now) {
		case "CANCELLED":
			code = "ALREADY_CANCELLED"
		case "IN PROGRESS":
			code = "INPROGRESS"
		case "COMPLETED":
			code = "INVALID_DATA"
		default:
			e.runs[at].cancelled = now
		}
	})
	switch code {
	case "":
		backupAnswer(c, http.StatusOK, "SUCCESS", "Backup cancelled successfully", id)
	case "RESOURCE_NOT_FOUND":
		fail(c.w, http.StatusBadRequest, code, "the backup was not found", obj{{"id", id}})
	case "ALREADY_CANCELLED":
		backupAnswer(c, http.StatusBadRequest, code, "the backup is already cancelled", id)
	case "INPROGRESS":
		backupAnswer(c, http.StatusBadRequest, code, "a backup in progress cannot be cancelled", id)
	default:
		backupAnswer(c, http.StatusBadRequest, code, "a completed backup cannot be cancelled", id)
	}
}

// exportScopes are the scopes that may download a kind's files.
var exportScopes = map[string]string{"backup": "ZohoCRM.bulk.backup.READ", "audit_log": "ZohoCRM.settings.audit_logs.READ"}

// serveExportFile serves GET /v2/crm/{zgid}/{kind}/{id}/{file} on the
// download host: a completed run's file, until its link expires, with
// ranges.
func (s *Server) serveExportFile(w http.ResponseWriter, r *http.Request, zgid, kind, id, name string) {
	_, grant, ok := s.uploadUser(w, r)
	if !ok {
		return
	}
	if !grant.scopes.allows(exportScopes[kind]) {
		writeJSON(w, http.StatusForbidden, obj{{"x-error", "ACCESS_DENIED"}, {"info", "the token may not download this file"}, {"status", "error"}})
		return
	}
	now := s.Now()
	var size int64
	found := false
	s.withExports(func(e *exports) {
		for _, run := range e.runs {
			if run.kind == kind && run.id == id && run.phase(now) == "COMPLETED" && now.Before(run.ended().Add(exportLinkLife)) &&
				slices.Contains(run.files(), name) {
				found, size = true, e.size
			}
		}
	})
	if !found || zgid != s.Org().ZGID {
		fail(w, http.StatusNotFound, "RESOURCE_NOT_FOUND", "the requested resource was not found", obj{{"resource", id}})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	http.ServeContent(w, r, name, time.Time{}, &generatedFile{size: size})
}

// generatedFile is GeneratedContent(size) as an io.ReadSeeker: a seek
// restarts the stream and skips to the offset on the next read.
type generatedFile struct {
	size, pos, at int64
	r             io.Reader
}

func (g *generatedFile) Read(p []byte) (int, error) {
	if g.pos >= g.size {
		return 0, io.EOF
	}
	if g.r == nil || g.at != g.pos {
		g.r = GeneratedContent(g.size)
		if _, err := io.CopyN(io.Discard, g.r, g.pos); err != nil {
			return 0, err
		}
		g.at = g.pos
	}
	n, err := g.r.Read(p)
	g.pos += int64(n)
	g.at = g.pos
	return n, err
}

func (g *generatedFile) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += g.pos
	case io.SeekEnd:
		offset += g.size
	}
	if offset < 0 {
		return 0, errors.New("zohotest: negative position")
	}
	g.pos = offset
	return offset, nil
}
