package sdk

import (
	"context"
	"net/http"
	"time"
)

// AuditLogExportService exports the org's audit log (crm-oas group
// audit_log_export, settings/audit_log_export): Create an export of the
// entries its criteria select (audited_time between two times, required;
// action, done_by), follow it (Get, Wait, List), then Download its file,
// streamed, once it has completed. OAuth scope:
// ZohoCRM.settings.audit_logs.ALL (or .CREATE, .READ).
type AuditLogExportService service

// AuditLogExport is an export of the audit log. Fields without a Go field
// are kept in Extra.
type AuditLogExport struct {
	ID string `json:"id,omitempty"`
	// Criteria select the entries exported, such as
	// MatchAll(Where("audited_time", "between", []string{from, to}),
	// Where("action", "in", []string{"added", "deleted"})).
	Criteria *Criteria `json:"criteria,omitempty"`
	// Status is SCHEDULED, IN PROGRESS or COMPLETED.
	Status        string   `json:"status,omitempty"`
	CreatedBy     *Lookup  `json:"created_by,omitempty"`
	DownloadLinks []string `json:"download_links,omitempty"`
	// JobStartTime, JobEndTime: when the export ran; ExpiryDate: until
	// when its links serve the file.
	JobStartTime time.Time `json:"job_start_time,omitzero"`
	JobEndTime   time.Time `json:"job_end_time,omitzero"`
	ExpiryDate   time.Time `json:"expiry_date,omitzero"`

	kept
}

func (e *AuditLogExport) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e AuditLogExport) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// Done reports whether the export has ended.
func (e *AuditLogExport) Done() bool { return jobEnded(e.Status) }

var auditLogExports = keyed[AuditLogExport]{path: "settings/audit_log_export", key: "audit_log_export", what: "audit log export"}

// Create schedules an export of the audit log entries criteria select
// and returns Zoho's result (code SCHEDULED), whose ID names the export.
// A refusal is also the error.
func (s *AuditLogExportService) Create(ctx context.Context, criteria *Criteria) (*ActionResult, *Response, error) {
	if criteria == nil {
		return nil, nil, &ValidationError{Field: "criteria", Problem: "is nil"}
	}
	return single(auditLogExports.write(ctx, s.client, http.MethodPost, "", nil, []*AuditLogExport{{Criteria: criteria}}))
}

// List returns the org's exports, newest first (none: an empty slice).
func (s *AuditLogExportService) List(ctx context.Context) ([]*AuditLogExport, *Response, error) {
	return auditLogExports.list(ctx, s.client, nil)
}

// Get returns the export with this id; an id that names none is an
// APIError of code NO_CONTENT.
func (s *AuditLogExportService) Get(ctx context.Context, id string) (*AuditLogExport, *Response, error) {
	return auditLogExports.get(ctx, s.client, id, nil)
}

// Wait polls the export with this id until it has ended and returns its
// last state.
func (s *AuditLogExportService) Wait(ctx context.Context, id string, opts *WaitOptions) (*AuditLogExport, *Response, error) {
	return job[AuditLogExport, *AuditLogExport]{what: "audit log export"}.wait(ctx, id, opts, func(ctx context.Context) (*AuditLogExport, *Response, error) {
		return s.Get(ctx, id)
	})
}

// Download opens the file of a completed export from one of its
// DownloadLinks, streamed: read it, then close it.
func (s *AuditLogExportService) Download(ctx context.Context, link string) (*Download, *Response, error) {
	return s.client.downloadFrom(ctx, link, 0, "audit log file")
}
