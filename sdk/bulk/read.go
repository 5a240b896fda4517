package bulk

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"os"
	"strings"

	"github.com/zcrm-go/zcrm/sdk"
)

// ReadState is a bulk read job's state. Bulk read writes "IN PROGRESS"
// with a space and ends badly in "FAILURE" (bulk write differs).
type ReadState string

// Bulk read job states.
const (
	ReadAdded      ReadState = "ADDED"
	ReadQueued     ReadState = "QUEUED"
	ReadInProgress ReadState = "IN PROGRESS"
	ReadCompleted  ReadState = "COMPLETED"
	ReadFailure    ReadState = "FAILURE"
)

// Done reports whether the job has ended, well or badly.
func (s ReadState) Done() bool { return s == ReadCompleted || s == ReadFailure }

// ReadRequest describes an export.
type ReadRequest struct {
	Module string // API name, such as "Leads"; required
	// Fields are the columns (dots for lookups: "Owner.last_name"); none
	// means every field. Zoho always adds id.
	Fields []string
	// Criteria filters the records; see Where, And, Or and FromSearch.
	Criteria *Criteria
	// CVID exports a custom view; Criteria are ANDed with its filter.
	CVID string
	// FileType is "csv" (the default) or "ics" (Events only).
	FileType string
	// Page is the first page (200,000 records each), default 1.
	Page int
	// Callback has Zoho POST the job's details to a URL when it ends.
	Callback *Callback
}

// ReadQuery is a job's query as Zoho echoes it (and as it is sent).
type ReadQuery struct {
	Module    *Module   `json:"module,omitempty"`
	Fields    []string  `json:"fields,omitempty"`
	CVID      string    `json:"cvid,omitempty"`
	Criteria  *Criteria `json:"criteria,omitempty"`
	Page      int       `json:"page,omitempty"`
	PageToken string    `json:"page_token,omitempty"`
}

// ReadJob is a bulk read job's details.
type ReadJob struct {
	ID          string      `json:"id"`
	Operation   string      `json:"operation"`
	State       ReadState   `json:"state"`
	Result      *ReadResult `json:"result,omitempty"`
	Query       *ReadQuery  `json:"query,omitempty"`
	CreatedBy   *User       `json:"created_by,omitempty"`
	CreatedTime string      `json:"created_time,omitempty"`
	FileType    string      `json:"file_type,omitempty"`
	Callback    *Callback   `json:"callback,omitempty"`
}

// ReadResult is where a job's page is and what follows it. Zoho's samples
// show a result on unfinished jobs too: only State says a job is done.
type ReadResult struct {
	Page          int    `json:"page"`
	PerPage       int    `json:"per_page"`
	Count         int    `json:"count"`
	DownloadURL   string `json:"download_url"` // relative to the API domain
	MoreRecords   bool   `json:"more_records"`
	NextPageToken string `json:"next_page_token,omitempty"` // v7+
	// ErrorMessage is why a job ended in FAILURE.
	ErrorMessage *JobError `json:"error_message,omitempty"`
}

// MarshalJSON writes a failure's result as Zoho does: the error alone.
func (r ReadResult) MarshalJSON() ([]byte, error) {
	type plain ReadResult
	if r.DownloadURL == "" && r.ErrorMessage != nil {
		return json.Marshal(struct {
			ErrorMessage *JobError `json:"error_message"`
		}{r.ErrorMessage})
	}
	return json.Marshal(plain(r))
}

// JobError is Zoho's error envelope inside a job.
type JobError struct {
	Status  string         `json:"status"`
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"`
}

type readBody struct {
	Callback *Callback `json:"callback,omitempty"`
	Query    ReadQuery `json:"query"`
	FileType string    `json:"file_type,omitempty"`
}

type readAnswer struct {
	Data []struct {
		Status  string   `json:"status"`
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Details *ReadJob `json:"details"`
	} `json:"data"`
}

func (s *Service) path(rest string) string { return "/crm/bulk/" + s.version() + "/" + rest }

// CreateRead starts an export of one page of records. Zoho charges 50
// credits a job.
func (s *Service) CreateRead(ctx context.Context, r *ReadRequest) (*ReadJob, *sdk.Response, error) {
	if r == nil || r.Module == "" {
		return nil, nil, &sdk.ValidationError{Field: "Module", Problem: "bulk read needs a module"}
	}
	if r.FileType == "ics" && len(r.Fields) > 0 {
		return nil, nil, &sdk.ValidationError{Field: "Fields", Problem: "an ICS export takes no fields"}
	}
	m := moduleFor(r.Module, s.v2())
	q := ReadQuery{Module: &m, Fields: r.Fields, CVID: r.CVID, Page: r.Page}
	if r.Criteria != nil {
		c := r.Criteria.forVersion(s.v2())
		q.Criteria = &c
	}
	return s.createRead(ctx, readBody{Callback: r.Callback, Query: q, FileType: r.FileType})
}

// CreateReadNext starts the export of the page after job's: from v7 with
// Zoho's next_page_token (kept 24 hours, for the same user), before v7
// with the next page number. It is ErrNoMorePages if job's page was the last.
func (s *Service) CreateReadNext(ctx context.Context, job *ReadJob, callback *Callback) (*ReadJob, *sdk.Response, error) {
	if job == nil || job.Result == nil || !job.Result.MoreRecords {
		return nil, nil, ErrNoMorePages
	}
	if major(s.version()) >= 7 {
		if job.Result.NextPageToken == "" {
			return nil, nil, fmt.Errorf("zcrm: bulk read job %s has more records but no next_page_token", job.ID)
		}
		return s.createRead(ctx, readBody{Callback: callback, Query: ReadQuery{PageToken: job.Result.NextPageToken}})
	}
	if job.Query == nil || job.Query.Module == nil {
		return nil, nil, fmt.Errorf("zcrm: bulk read job %s: its query is unknown; fetch it with ReadJob", job.ID)
	}
	q := *job.Query
	q.Page = max(job.Result.Page, q.Page, 1) + 1
	return s.createRead(ctx, readBody{Callback: callback, Query: q, FileType: job.FileType})
}

// ErrNoMorePages: the job's page was the last.
var ErrNoMorePages = errors.New("zcrm: bulk read: no more pages")

func (s *Service) createRead(ctx context.Context, body readBody) (*ReadJob, *sdk.Response, error) {
	var ans readAnswer
	resp, err := s.client.Do(ctx, &sdk.Request{Method: http.MethodPost, Base: sdk.BaseAPIRoot, Path: s.path("read"), Body: body}, &ans)
	if err != nil {
		return nil, resp, err
	}
	if len(ans.Data) == 0 || ans.Data[0].Details == nil || ans.Data[0].Details.ID == "" {
		return nil, resp, fmt.Errorf("zcrm: bulk read: Zoho's answer names no job")
	}
	job := ans.Data[0].Details
	if job.Query == nil {
		q := body.Query
		job.Query = &q
	}
	return job, resp, nil
}

// ReadJob returns a bulk read job's details.
func (s *Service) ReadJob(ctx context.Context, id string) (*ReadJob, *sdk.Response, error) {
	if id == "" {
		return nil, nil, &sdk.ValidationError{Field: "id", Problem: "empty job id"}
	}
	var ans struct {
		Data []*ReadJob `json:"data"`
	}
	resp, err := s.client.Do(ctx, &sdk.Request{Base: sdk.BaseAPIRoot, Path: s.path("read/" + id)}, &ans)
	if err != nil {
		return nil, resp, err
	}
	if len(ans.Data) == 0 || ans.Data[0] == nil {
		return nil, resp, fmt.Errorf("zcrm: bulk read job %s: Zoho's answer holds no job", id)
	}
	return ans.Data[0], resp, nil
}

// WaitRead polls the job (with backoff, or woken by opts.Callbacks) until
// it ends. A job that ends in FAILURE is a *JobFailedError.
func (s *Service) WaitRead(ctx context.Context, id string, opts *WaitOptions) (*ReadJob, error) {
	var job *ReadJob
	err := wait(ctx, id, opts, func() (bool, error) {
		j, _, err := s.ReadJob(ctx, id)
		if err != nil {
			return false, err
		}
		job = j
		opts.polled(string(j.State))
		return j.State.Done(), nil
	})
	if err != nil {
		return job, err
	}
	if job.State == ReadFailure {
		e := &JobFailedError{JobID: id, Operation: "read"}
		if job.Result != nil && job.Result.ErrorMessage != nil {
			e.Code, e.Message, e.Details = job.Result.ErrorMessage.Code, job.Result.ErrorMessage.Message, job.Result.ErrorMessage.Details
		}
		return job, e
	}
	return job, nil
}

// ReadFile is a downloaded bulk read result: a ZIP in a temporary file.
// Close removes it.
type ReadFile struct {
	f    *os.File
	zr   *zip.Reader
	name string
}

// Download fetches a completed job's ZIP into a temporary file.
func (s *Service) Download(ctx context.Context, job *ReadJob) (*ReadFile, error) {
	if job == nil || job.State != ReadCompleted || job.Result == nil || job.Result.DownloadURL == "" {
		return nil, fmt.Errorf("zcrm: bulk read: the job has no result to download (state %q)", stateOf(job))
	}
	req := &sdk.Request{Base: sdk.BaseAPIRoot, Path: job.Result.DownloadURL}
	if strings.HasPrefix(job.Result.DownloadURL, "https://") || strings.HasPrefix(job.Result.DownloadURL, "http://") {
		req.Base = sdk.BaseAbsolute
	}
	resp, err := s.client.DoStream(ctx, req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	f, err := os.CreateTemp("", "zcrm-bulk-read-*.zip")
	if err != nil {
		return nil, fmt.Errorf("zcrm: bulk read: %w", err)
	}
	rf := &ReadFile{f: f}
	size, err := io.Copy(f, resp.Body)
	if err == nil {
		rf.zr, err = zip.NewReader(f, size)
	}
	if err != nil {
		rf.Close()
		return nil, fmt.Errorf("zcrm: bulk read job %s: reading the result: %w", job.ID, err)
	}
	for _, zf := range rf.zr.File {
		if strings.HasSuffix(strings.ToLower(zf.Name), ".csv") || strings.HasSuffix(strings.ToLower(zf.Name), ".ics") {
			rf.name = zf.Name
			break
		}
	}
	if rf.name == "" {
		rf.Close()
		return nil, fmt.Errorf("zcrm: bulk read job %s: the result ZIP holds no CSV", job.ID)
	}
	return rf, nil
}

func stateOf(job *ReadJob) ReadState {
	if job == nil {
		return ""
	}
	return job.State
}

// Close removes the temporary file.
func (rf *ReadFile) Close() error {
	if rf.f == nil {
		return nil
	}
	name := rf.f.Name()
	err := rf.f.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	rf.f = nil
	return err
}

// Open returns the result's CSV (or ICS) file, uncompressed as it is read.
func (rf *ReadFile) Open() (io.ReadCloser, error) {
	for _, zf := range rf.zr.File {
		if zf.Name == rf.name {
			return zf.Open()
		}
	}
	return nil, fmt.Errorf("zcrm: bulk read: %s is gone from the ZIP", rf.name)
}

// Records streams the CSV's rows as records keyed by its header: every
// value is the CSV's text ("" for an empty cell).
func (rf *ReadFile) Records() iter.Seq2[sdk.Record, error] { return records(rf.Rows()) }

// Rows streams the CSV's rows without building a record for each: the
// fastest way through an export. A Row is only valid until the next.
func (rf *ReadFile) Rows() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		rc, err := rf.Open()
		if err != nil {
			yield(Row{}, err)
			return
		}
		defer rc.Close()
		csvRows(rc, yield)
	}
}

// Row is one row of an export's CSV. The iterator reuses its Values for
// the next row: keep a Record, or copy what you need.
type Row struct {
	columns *columns
	Values  []string // in the order of Header
}

type columns struct {
	names []string
	index map[string]int
}

// Header is the CSV's header: field API names, id among them.
func (r Row) Header() []string { return r.columns.names }

// Get returns a field's value, and whether the export has that column.
func (r Row) Get(field string) (string, bool) {
	i, ok := r.columns.index[field]
	if !ok || i >= len(r.Values) {
		return "", ok
	}
	return r.Values[i], true
}

// ID is the row's record id.
func (r Row) ID() string { v, _ := r.Get("id"); return v }

// Record builds the row's record, keyed by the header.
func (r Row) Record() sdk.Record {
	rec := make(sdk.Record, len(r.columns.names))
	for i, h := range r.columns.names {
		if i < len(r.Values) {
			rec[h] = r.Values[i]
		}
	}
	return rec
}

func records(rows iter.Seq2[Row, error]) iter.Seq2[sdk.Record, error] {
	return func(yield func(sdk.Record, error) bool) {
		for row, err := range rows {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(row.Record(), nil) {
				return
			}
		}
	}
}

// csvRows yields the rows of a CSV with a header; it reports whether the
// caller wants more.
func csvRows(r io.Reader, yield func(Row, error) bool) bool {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return true
	}
	if err != nil {
		return yield(Row{}, fmt.Errorf("zcrm: bulk read: the CSV header: %w", err))
	}
	cols := &columns{names: append([]string(nil), header...), index: make(map[string]int, len(header))}
	for i, h := range cols.names {
		cols.index[h] = i
	}
	for {
		values, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return yield(Row{}, fmt.Errorf("zcrm: bulk read: %w", err))
		}
		if !yield(Row{columns: cols, Values: values}, nil) {
			return false
		}
	}
}

// Read exports the records r selects, every page of them, as an iterator:
// each page is a job (50 credits) that is waited for, downloaded to a
// temporary file and streamed. Breaking out of the loop stops it.
func (s *Service) Read(ctx context.Context, r *ReadRequest, opts *WaitOptions) iter.Seq2[sdk.Record, error] {
	return records(s.ReadRows(ctx, r, opts))
}

// ReadRows is Read without a record built for each row (see Row).
func (s *Service) ReadRows(ctx context.Context, r *ReadRequest, opts *WaitOptions) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		job, _, err := s.CreateRead(ctx, r)
		for {
			if err != nil {
				yield(Row{}, err)
				return
			}
			if job, err = s.WaitRead(ctx, job.ID, opts); err != nil {
				yield(Row{}, err)
				return
			}
			if !s.yieldPage(ctx, job, yield) {
				return
			}
			if !job.Result.MoreRecords {
				return
			}
			job, _, err = s.CreateReadNext(ctx, job, r.Callback)
		}
	}
}

// yieldPage downloads a job's page and yields its rows; it reports whether
// to go on.
func (s *Service) yieldPage(ctx context.Context, job *ReadJob, yield func(Row, error) bool) bool {
	rf, err := s.Download(ctx, job)
	if err != nil {
		yield(Row{}, err)
		return false
	}
	defer rf.Close()
	rc, err := rf.Open()
	if err != nil {
		yield(Row{}, err)
		return false
	}
	defer rc.Close()
	ok := true
	more := csvRows(rc, func(row Row, err error) bool {
		if err != nil {
			ok = false
		}
		return yield(row, err) && err == nil
	})
	return ok && more
}
