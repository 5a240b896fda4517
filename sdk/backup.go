package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// BackupService backs up the org's data (crm-oas group backup,
// /crm/bulk/{version}/backup): Schedule a backup, now or recurring, follow
// it (Get, Wait), read its download URLs (URLs) once it has completed and
// download its files (Download: streamed, resumable from an offset), read
// what happened to past backups (History, HistoryAll), or Cancel one
// scheduled. OAuth scope: ZohoCRM.bulk.backup.ALL (or .CREATE, .READ,
// .UPDATE).
type BackupService service

// Backup is the org's backup as Zoho describes it. Fields without a Go
// field are kept in Extra.
type Backup struct {
	ID string `json:"id,omitempty"`
	// RRule repeats the backup (an iCalendar rule: "FREQ=MONTHLY;
	// INTERVAL=1;BYMONTHDAY=1"); empty for a backup done once.
	RRule         string    `json:"rrule,omitempty"`
	StartDate     time.Time `json:"start_date,omitzero"`
	ScheduledDate time.Time `json:"scheduled_date,omitzero"`
	// Status is SCHEDULED, IN PROGRESS, COMPLETED or CANCELLED.
	Status    string   `json:"status,omitempty"`
	Requester *UserRef `json:"requester,omitempty"`

	kept
}

func (b *Backup) UnmarshalJSON(data []byte) error { return decodeKept(data, b) }
func (b Backup) MarshalJSON() ([]byte, error)     { return encodeKept(&b) }

// Done reports whether the backup has ended: completed, failed or
// cancelled.
func (b *Backup) Done() bool { return jobEnded(b.Status) || b.Status == "CANCELLED" }

// BackupURLs are where the files of the last completed backup are
// downloaded from (Download), until ExpiryDate.
type BackupURLs struct {
	DataLinks       []string  `json:"data_links,omitempty"`
	AttachmentLinks []string  `json:"attachment_links,omitempty"`
	ExpiryDate      time.Time `json:"expiry_date,omitzero"`

	kept
}

func (u *BackupURLs) UnmarshalJSON(b []byte) error { return decodeKept(b, u) }
func (u BackupURLs) MarshalJSON() ([]byte, error)  { return encodeKept(&u) }

// BackupEvent is one step of a backup in the history.
type BackupEvent struct {
	ID         string    `json:"id,omitempty"`
	LogTime    time.Time `json:"log_time,omitzero"`
	Action     string    `json:"action,omitempty"`
	RepeatType string    `json:"repeat_type,omitempty"`
	Count      int       `json:"count,omitempty"`
	FileName   string    `json:"file_name,omitempty"`
	State      string    `json:"state,omitempty"`
	DoneBy     *UserRef  `json:"done_by,omitempty"`

	kept
}

func (e *BackupEvent) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e BackupEvent) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// backupAt is the backup resource of the client's API version.
func backupAt[T any](c *Client, key string) keyed[T] {
	return keyed[T]{path: "/crm/bulk/" + c.APIVersion() + "/backup", key: key, what: "backup", base: BaseAPIRoot}
}

// Schedule schedules a backup: now when rrule is empty, else as the rule
// repeats it. It returns Zoho's result, whose ID names the backup; a
// backup scheduled or running already is refused.
func (s *BackupService) Schedule(ctx context.Context, rrule string) (*ActionResult, *Response, error) {
	body := map[string]any{}
	if rrule != "" {
		body["rrule"] = rrule
	}
	return backupAt[Backup](s.client, "backup").action(ctx, s.client, http.MethodPost, "", nil, map[string]any{"backup": body})
}

// Get returns the org's latest backup (scheduled, running or done); an
// org never backed up is an APIError of code NO_CONTENT.
func (s *BackupService) Get(ctx context.Context) (*Backup, *Response, error) {
	return backupAt[Backup](s.client, "backup").one(ctx, s.client, nil)
}

// Wait polls the backup until it has ended (Done) and returns its last
// state.
func (s *BackupService) Wait(ctx context.Context, opts *WaitOptions) (*Backup, *Response, error) {
	return job[Backup, *Backup]{what: "backup"}.wait(ctx, "", opts, s.Get)
}

// URLs returns the download URLs of the last completed backup; none is an
// APIError of code NO_CONTENT.
func (s *BackupService) URLs(ctx context.Context) (*BackupURLs, *Response, error) {
	k := backupAt[BackupURLs](s.client, "urls")
	k.path += "/urls"
	return k.one(ctx, s.client, nil)
}

// History returns one page of the backups' history, newest first.
func (s *BackupService) History(ctx context.Context, opts *ListOptions) ([]*BackupEvent, *Response, error) {
	k := backupAt[BackupEvent](s.client, "history")
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return k.listAt(ctx, s.client, "history", o.with())
}

// HistoryAll iterates over the whole history, from the page opts names.
func (s *BackupService) HistoryAll(ctx context.Context, opts *ListOptions) iter.Seq2[*BackupEvent, error] {
	var start ListOptions
	if opts != nil {
		start = *opts
	}
	return paginate(ctx, start, func(o ListOptions) ([]*BackupEvent, *Response, error) {
		return s.History(ctx, &o)
	})
}

// Cancel cancels the scheduled backup with this id; a running one cannot
// be.
func (s *BackupService) Cancel(ctx context.Context, id string) (*ActionResult, *Response, error) {
	return backupAt[Backup](s.client, "backup").actionOn(ctx, s.client, http.MethodPut, id, "cancel", nil, nil)
}

// Download opens a file of a backup from one of its URLs (BackupURLs),
// streamed: read it, then close it. From offset > 0 it asks for the rest
// of the file only (Range: bytes=offset-), to resume a download cut off:
// Download.Size is then what is left.
func (s *BackupService) Download(ctx context.Context, fileURL string, offset int64) (*Download, *Response, error) {
	return s.client.downloadFrom(ctx, fileURL, offset, "backup file")
}

// downloadFrom opens the file at a URL Zoho handed out (a download
// host's), from offset when > 0, and checks that a ranged answer starts
// there.
func (c *Client) downloadFrom(ctx context.Context, fileURL string, offset int64, what string) (*Download, *Response, error) {
	if strings.TrimSpace(fileURL) == "" {
		return nil, nil, &ValidationError{Field: "url", Problem: "is empty"}
	}
	if offset < 0 {
		return nil, nil, &ValidationError{Field: "offset", Problem: "is negative"}
	}
	req := &Request{Method: http.MethodGet, Path: fileURL, Base: BaseAbsolute}
	if offset > 0 {
		req.Header = http.Header{"Range": {"bytes=" + strconv.FormatInt(offset, 10) + "-"}}
	}
	d, resp, err := c.downloadRequest(ctx, req, what)
	if err != nil || offset == 0 {
		return d, resp, err
	}
	var from int64 = -1
	if resp.StatusCode == http.StatusPartialContent {
		_, _ = fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes %d-", &from)
	}
	if from != offset {
		d.Close()
		return nil, resp, fmt.Errorf("zcrm: %s: the host did not answer the range from %d (status %d)", what, offset, resp.StatusCode)
	}
	return d, resp, nil
}
