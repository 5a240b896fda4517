package bulk

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/zcrm-go/zcrm/sdk"
)

// WriteOperation is what a bulk write does with each row.
type WriteOperation string

// Bulk write operations.
const (
	Insert WriteOperation = "insert"
	Update WriteOperation = "update"
	Upsert WriteOperation = "upsert"
)

// WriteState is a bulk write job's (or resource's, or file's) status.
// Bulk write writes "INPROGRESS" without a space and ends badly in
// "FAILED" (bulk read differs).
type WriteState string

// Bulk write states.
const (
	WriteAdded      WriteState = "ADDED"
	WriteInProgress WriteState = "INPROGRESS"
	WriteCompleted  WriteState = "COMPLETED"
	WriteSkipped    WriteState = "SKIPPED"
	WriteFailed     WriteState = "FAILED"
)

// Done reports whether the job has ended.
func (s WriteState) Done() bool { return s == WriteCompleted || s == WriteFailed || s == WriteSkipped }

// WriteRequest describes an import.
type WriteRequest struct {
	Module    string // API name; required
	Operation WriteOperation
	// FindBy matches rows to records: "id" or a unique field. Required for
	// Update and Upsert; on Insert it skips rows that match.
	FindBy string
	// Columns are the field API names of the CSV's columns, in order. For
	// WriteRecords they pick what is written of each record (required);
	// for WriteCSV the file's header is used when they are empty.
	Columns []string
	// IgnoreEmpty leaves fields of empty cells untouched instead of
	// clearing them.
	IgnoreEmpty bool
	Callback    *Callback
}

// FieldMapping maps a CSV column to a field.
type FieldMapping struct {
	APIName      string        `json:"api_name"`
	Index        *int          `json:"index,omitempty"`
	FindBy       string        `json:"find_by,omitempty"`
	Format       string        `json:"format,omitempty"`
	DefaultValue *DefaultValue `json:"default_value,omitempty"`
	Module       *Module       `json:"module,omitempty"`
	// ParentColumnIndex links a child row to its parent's column.
	ParentColumnIndex *int `json:"parent_column_index,omitempty"`
}

// DefaultValue fills empty cells of a mapped column.
type DefaultValue struct {
	Value any `json:"value"`
}

// WriteResource is one file of a job and where it goes.
type WriteResource struct {
	Status        WriteState     `json:"status,omitempty"`
	Type          string         `json:"type"`
	Code          string         `json:"code,omitempty"`
	Module        Module         `json:"module"`
	FileID        string         `json:"file_id,omitempty"`
	FileNames     []string       `json:"file_names,omitempty"`
	FindBy        string         `json:"find_by,omitempty"`
	FieldMappings []FieldMapping `json:"field_mappings,omitempty"`
	File          *WriteFile     `json:"file,omitempty"`
}

// WriteFile is a resource's file and its counts, once processed.
type WriteFile struct {
	Status       WriteState `json:"status"`
	Name         string     `json:"name"`
	AddedCount   int        `json:"added_count"`
	SkippedCount int        `json:"skipped_count"`
	UpdatedCount int        `json:"updated_count"`
	TotalCount   int        `json:"total_count"`
}

// WriteJob is a bulk write job's details: a flat object, unlike bulk
// read's data[] envelope.
type WriteJob struct {
	Status            WriteState      `json:"status,omitempty"`
	CharacterEncoding string          `json:"character_encoding,omitempty"`
	Resource          []WriteResource `json:"resource"`
	ID                string          `json:"id,omitempty"`
	Result            *struct {
		DownloadURL string `json:"download_url"`
	} `json:"result,omitempty"`
	CreatedBy   *User          `json:"created_by,omitempty"`
	Operation   WriteOperation `json:"operation"`
	CreatedTime string         `json:"created_time,omitempty"`
	Callback    *Callback      `json:"callback,omitempty"`
	IgnoreEmpty bool           `json:"ignore_empty,omitempty"`
}

// RowResult is what became of one input row.
type RowResult struct {
	Index    int    // the row's place in the input, from 0
	Status   string // added, updated, skipped or unprocessed
	RecordID string
	Errors   []RowError
}

// OK reports whether the row was written.
func (r RowResult) OK() bool { return r.Status == "added" || r.Status == "updated" }

// Err is the row's errors, or nil.
func (r RowResult) Err() error {
	if r.OK() {
		return nil
	}
	if len(r.Errors) == 0 {
		return fmt.Errorf("zcrm: bulk write row %d: %s", r.Index, r.Status)
	}
	errs := make([]error, len(r.Errors))
	for i, e := range r.Errors {
		errs[i] = fmt.Errorf("zcrm: bulk write row %d: %s", r.Index, e)
	}
	return errors.Join(errs...)
}

// RowError is one error of a row: Zoho's code and the columns at fault.
type RowError struct {
	Code    string
	Columns []string
}

func (e RowError) String() string {
	if len(e.Columns) == 0 {
		return e.Code
	}
	return e.Code + " (" + strings.Join(e.Columns, ", ") + ")"
}

// parseRowErrors reads Zoho's ERRORS cell: CODE-col1,col2:CODE-col.
func parseRowErrors(cell string) []RowError {
	if cell == "" {
		return nil
	}
	var out []RowError
	for _, part := range strings.Split(cell, ":") {
		code, cols, _ := strings.Cut(part, "-")
		e := RowError{Code: code}
		if cols != "" {
			e.Columns = strings.Split(cols, ",")
		}
		out = append(out, e)
	}
	return out
}

// WriteReport is the outcome of an import: its jobs, and one result per
// input row, in input order.
type WriteReport struct {
	Jobs []*WriteJob
	Rows []RowResult
}

// Failed returns the rows that were not written.
func (r *WriteReport) Failed() []RowResult {
	var out []RowResult
	for _, row := range r.Rows {
		if !row.OK() {
			out = append(out, row)
		}
	}
	return out
}

func (r *WriteRequest) validate(needColumns bool) error {
	switch {
	case r == nil || r.Module == "":
		return &sdk.ValidationError{Field: "Module", Problem: "bulk write needs a module"}
	case r.Operation != Insert && r.Operation != Update && r.Operation != Upsert:
		return &sdk.ValidationError{Field: "Operation", Problem: fmt.Sprintf("%q is not insert, update or upsert", r.Operation)}
	case r.Operation != Insert && r.FindBy == "":
		return &sdk.ValidationError{Field: "FindBy", Problem: string(r.Operation) + " needs FindBy (id or a unique field)"}
	case needColumns && len(r.Columns) == 0:
		return &sdk.ValidationError{Field: "Columns", Problem: "name the fields to write"}
	case len(r.Columns) > 200:
		return &sdk.ValidationError{Field: "Columns", Problem: "Zoho maps at most 200 fields"}
	}
	return nil
}

// WriteRecords imports records: their Columns are streamed as CSV into
// ZIP files of at most 25,000 rows, each uploaded and run as a job (500
// credits each), one after another. The report has a result per record,
// in input order. An error from records stops the import; the report then
// holds the rows of the jobs that ran.
func (s *Service) WriteRecords(ctx context.Context, r *WriteRequest, records iter.Seq2[sdk.Record, error], opts *WaitOptions) (*WriteReport, error) {
	if err := r.validate(true); err != nil {
		return nil, err
	}
	next, stop := iter.Pull2(records)
	defer stop()
	row := make([]string, len(r.Columns))
	rows := func() ([]string, error) {
		rec, err, ok := next()
		if !ok {
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		for i, col := range r.Columns {
			row[i] = Cell(rec[col])
		}
		return row, nil
	}
	return s.write(ctx, r, r.Columns, rows, opts)
}

// WriteCSV imports a CSV whose header row names fields by API name (or
// whose columns r.Columns names), splitting it as WriteRecords does.
func (s *Service) WriteCSV(ctx context.Context, r *WriteRequest, csvFile io.Reader, opts *WaitOptions) (*WriteReport, error) {
	if err := r.validate(false); err != nil {
		return nil, err
	}
	cr := csv.NewReader(csvFile)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("zcrm: bulk write: reading the CSV header: %w", err)
	}
	columns := r.Columns
	if len(columns) == 0 {
		columns = append([]string(nil), header...)
	}
	rows := func() ([]string, error) {
		row, err := cr.Read()
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("zcrm: bulk write: %w", err)
		}
		return row, err
	}
	return s.write(ctx, r, columns, rows, opts)
}

// Cell writes a record's value as a bulk CSV cell, as WriteRecords does:
// lookups by id, lists joined by ";", numbers exactly.
func Cell(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case *sdk.Lookup:
		if t == nil {
			return ""
		}
		return t.ID
	case sdk.Lookup:
		return t.ID
	case map[string]any:
		return Cell(t["id"])
	case sdk.Record:
		return Cell(t["id"])
	case []string:
		return strings.Join(t, ";")
	case []any:
		parts := make([]string, len(t))
		for i, p := range t {
			parts[i] = Cell(p)
		}
		return strings.Join(parts, ";")
	}
	return fmt.Sprint(v)
}

func (s *Service) write(ctx context.Context, r *WriteRequest, columns []string, rows func() ([]string, error), opts *WaitOptions) (*WriteReport, error) {
	report := &WriteReport{}
	zgid, err := s.orgID(ctx)
	if err != nil {
		return report, err
	}
	for part := 1; ; part++ {
		file, n, err := s.zipChunk(columns, rows, part)
		if file == nil {
			return report, err
		}
		job, jerr := s.runChunk(ctx, r, columns, zgid, file, part, len(report.Rows), n, opts)
		removeTemp(file)
		if job != nil {
			report.Jobs = append(report.Jobs, job.job)
			report.Rows = append(report.Rows, job.rows...)
		}
		if jerr != nil {
			return report, jerr
		}
		if err != nil { // the input ended (EOF) or failed after this chunk
			if errors.Is(err, io.EOF) {
				return report, nil
			}
			return report, err
		}
	}
}

func removeTemp(f *os.File) {
	name := f.Name()
	f.Close()
	os.Remove(name)
}

// zipChunk writes up to maxFileRecords rows as part-N.csv into a ZIP in a
// temporary file. It returns no file when there are no rows; err is
// io.EOF when the input ended.
func (s *Service) zipChunk(columns []string, rows func() ([]string, error), part int) (*os.File, int, error) {
	first, err := rows()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		return nil, 0, err
	}
	f, ferr := os.CreateTemp("", "zcrm-bulk-write-*.zip")
	if ferr != nil {
		return nil, 0, fmt.Errorf("zcrm: bulk write: %w", ferr)
	}
	zw := zip.NewWriter(f)
	w, ferr := zw.Create(chunkName(part))
	if ferr != nil {
		removeTemp(f)
		return nil, 0, fmt.Errorf("zcrm: bulk write: %w", ferr)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(columns)
	n := 0
	row := first
	for {
		if len(row) != len(columns) {
			removeTemp(f)
			return nil, 0, fmt.Errorf("zcrm: bulk write: row %d has %d cells for %d columns", n, len(row), len(columns))
		}
		if werr := cw.Write(row); werr != nil {
			removeTemp(f)
			return nil, 0, fmt.Errorf("zcrm: bulk write: %w", werr)
		}
		n++
		if n == s.maxFileRecords {
			break
		}
		if row, err = rows(); err != nil {
			break
		}
	}
	cw.Flush()
	if ferr := errors.Join(cw.Error(), zw.Close()); ferr != nil {
		removeTemp(f)
		return nil, 0, fmt.Errorf("zcrm: bulk write: %w", ferr)
	}
	return f, n, err
}

func chunkName(part int) string { return "part-" + strconv.Itoa(part) + ".csv" }

type chunkResult struct {
	job  *WriteJob
	rows []RowResult
}

// runChunk uploads one ZIP, runs its job and reads its per-row results.
func (s *Service) runChunk(ctx context.Context, r *WriteRequest, columns []string, zgid string, file *os.File, part, offset, n int, opts *WaitOptions) (*chunkResult, error) {
	fileID, err := s.Upload(ctx, zgid, file, chunkName(part)+".zip")
	if err != nil {
		return nil, err
	}
	mappings := make([]FieldMapping, len(columns))
	for i, c := range columns {
		mappings[i] = FieldMapping{APIName: c, Index: &i}
	}
	job := &WriteJob{
		Operation: r.Operation, Callback: r.Callback, IgnoreEmpty: r.IgnoreEmpty,
		Resource: []WriteResource{{Type: "data", Module: moduleFor(r.Module, s.v2()), FileID: fileID,
			FileNames: []string{chunkName(part)}, FindBy: r.FindBy, FieldMappings: mappings}},
	}
	id, _, err := s.CreateWrite(ctx, job)
	if err != nil {
		return nil, err
	}
	done, err := s.WaitWrite(ctx, id, opts)
	if err != nil {
		return &chunkResult{job: done}, err
	}
	rows, err := s.writeResults(ctx, done, offset, n)
	return &chunkResult{job: done, rows: rows}, err
}

// orgID is the org's zgid, which uploads name in X-CRM-ORG.
func (s *Service) orgID(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.zgid != "" {
		return s.zgid, nil
	}
	org, _, err := s.client.Org.Get(ctx)
	if err != nil {
		return "", fmt.Errorf("zcrm: bulk write: reading the org id for X-CRM-ORG: %w", err)
	}
	s.zgid = org.ZGID
	return s.zgid, nil
}

// Upload sends a ZIP to the file upload host of the user's data centre
// (scope ZohoFiles.files.ALL) and returns its file id. zgid is the org id
// (Org.ZGID). The file is streamed, and sent again whole on a retry.
func (s *Service) Upload(ctx context.Context, zgid string, zipFile *os.File, name string) (string, error) {
	info, err := zipFile.Stat()
	if err != nil {
		return "", fmt.Errorf("zcrm: bulk write upload: %w", err)
	}
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	if _, err := mw.CreateFormFile("file", name); err != nil {
		return "", err
	}
	prefix := append([]byte(nil), head.Bytes()...)
	head.Reset()
	_ = mw.Close()
	suffix := head.Bytes()
	size := info.Size()
	req := &sdk.Request{
		Method: http.MethodPost, Base: sdk.BaseUpload, Path: "/crm/" + s.version() + "/upload",
		Header:      http.Header{"Feature": {"bulk-write"}, "X-Crm-Org": {zgid}},
		ContentType: mw.FormDataContentType(), ContentLength: int64(len(prefix)) + size + int64(len(suffix)),
		GetBody: func() (io.ReadCloser, error) {
			return io.NopCloser(io.MultiReader(bytes.NewReader(prefix), io.NewSectionReader(zipFile, 0, size), bytes.NewReader(suffix))), nil
		},
	}
	var ans struct {
		Status  string         `json:"status"`
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	}
	resp, err := s.client.Do(ctx, req, &ans)
	if err != nil {
		return "", err
	}
	id, _ := ans.Details["file_id"].(string)
	if ans.Status != "success" || id == "" {
		// Zoho has answered upload errors with HTTP 200.
		return "", &sdk.APIError{StatusCode: resp.StatusCode, Code: ans.Code, Message: ans.Message, Details: ans.Details, Method: http.MethodPost, Path: req.Path}
	}
	return id, nil
}

// CreateWrite creates a bulk write job from its resources (the file ids
// of uploads) and returns its id. Zoho charges 500 credits a job.
func (s *Service) CreateWrite(ctx context.Context, job *WriteJob) (string, *sdk.Response, error) {
	var ans struct {
		Status  string `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
		Details struct {
			ID string `json:"id"`
		} `json:"details"`
	}
	resp, err := s.client.Do(ctx, &sdk.Request{Method: http.MethodPost, Base: sdk.BaseAPIRoot, Path: s.path("write"), Body: job}, &ans)
	if err != nil {
		return "", resp, err
	}
	if ans.Details.ID == "" {
		return "", resp, fmt.Errorf("zcrm: bulk write: Zoho's answer names no job (%s %s)", ans.Code, ans.Message)
	}
	return ans.Details.ID, resp, nil
}

// WriteJob returns a bulk write job's details.
func (s *Service) WriteJob(ctx context.Context, id string) (*WriteJob, *sdk.Response, error) {
	if id == "" {
		return nil, nil, &sdk.ValidationError{Field: "id", Problem: "empty job id"}
	}
	var job WriteJob
	resp, err := s.client.Do(ctx, &sdk.Request{Base: sdk.BaseAPIRoot, Path: s.path("write/" + id)}, &job)
	if err != nil {
		return nil, resp, err
	}
	return &job, resp, nil
}

// WaitWrite polls the job until it ends; FAILED is a *JobFailedError.
func (s *Service) WaitWrite(ctx context.Context, id string, opts *WaitOptions) (*WriteJob, error) {
	var job *WriteJob
	err := wait(ctx, id, opts, func() (bool, error) {
		j, _, err := s.WriteJob(ctx, id)
		if err != nil {
			return false, err
		}
		job = j
		opts.polled(string(j.Status))
		return j.Status.Done(), nil
	})
	if err == nil && job.Status == WriteFailed {
		e := &JobFailedError{JobID: id, Operation: string(job.Operation)}
		for _, r := range job.Resource {
			if r.Code != "" {
				e.Code = r.Code
			}
		}
		err = e
	}
	return job, err
}

// writeResults downloads a job's result ZIP and reads its n rows, which
// stand for the input rows from offset on.
func (s *Service) writeResults(ctx context.Context, job *WriteJob, offset, n int) ([]RowResult, error) {
	if job.Result == nil || job.Result.DownloadURL == "" {
		return nil, fmt.Errorf("zcrm: bulk write job %s (%s) has no result to download", job.ID, job.Status)
	}
	req := &sdk.Request{Base: sdk.BaseAbsolute, Path: job.Result.DownloadURL}
	if strings.HasPrefix(job.Result.DownloadURL, "/") {
		req.Base = sdk.BaseAPIRoot
	}
	resp, err := s.client.DoStream(ctx, req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	f, err := os.CreateTemp("", "zcrm-bulk-result-*.zip")
	if err != nil {
		return nil, err
	}
	defer removeTemp(f)
	size, err := io.Copy(f, resp.Body)
	if err != nil {
		return nil, fmt.Errorf("zcrm: bulk write job %s: downloading the result: %w", job.ID, err)
	}
	zr, err := zip.NewReader(f, size)
	if err != nil || len(zr.File) == 0 {
		return nil, fmt.Errorf("zcrm: bulk write job %s: the result is not a ZIP with a CSV: %v", job.ID, err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	cr := csv.NewReader(rc)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("zcrm: bulk write job %s: the result CSV: %w", job.ID, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	st, okS := col["STATUS"]
	rid, okR := col["RECORD_ID"]
	errs, okE := col["ERRORS"]
	if !okS || !okR || !okE {
		return nil, fmt.Errorf("zcrm: bulk write job %s: the result CSV lacks STATUS, RECORD_ID or ERRORS", job.ID)
	}
	rows := make([]RowResult, 0, n)
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rows, fmt.Errorf("zcrm: bulk write job %s: the result CSV: %w", job.ID, err)
		}
		rows = append(rows, RowResult{Index: offset + len(rows), Status: strings.ToLower(row[st]), RecordID: row[rid], Errors: parseRowErrors(row[errs])})
	}
	// Rows Zoho did not report (a job that stopped) are unprocessed.
	for len(rows) < n {
		rows = append(rows, RowResult{Index: offset + len(rows), Status: "unprocessed"})
	}
	return rows, nil
}
