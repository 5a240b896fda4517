package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
)

// Writes of records: create, update, upsert, delete and mass update. Zoho
// takes at most 100 records a call (500 ids for a mass update); longer
// slices are split and the results come back one per record, in input
// order, with ActionResult.Index the record's position.

// The automation a write can trigger (WriteOptions.Trigger).
const (
	TriggerWorkflow      = "workflow"
	TriggerApproval      = "approval"
	TriggerBlueprint     = "blueprint"
	TriggerPathfinder    = "pathfinder"
	TriggerOrchestration = "orchestration"
)

// WriteOptions are the options of Create, Update and Upsert.
type WriteOptions struct {
	// External names the fields the records give by external value
	// (records_external.go): a field of the module ("External_Contact_ID",
	// by which Upsert then finds the record to update) or a lookup and the
	// external field of the record it names
	// ("Account_Name.External_Account_ID", the lookup's value then being
	// that record's external value). Sent as Zoho's X-EXTERNAL header.
	External []string
	// Trigger lists the automation Zoho runs for the written records
	// (TriggerWorkflow, TriggerApproval, TriggerBlueprint...). nil leaves
	// Zoho's default, which runs all of it; an empty, non-nil slice
	// ([]string{}) runs none.
	Trigger []string
	// LARID is the id of a lead assignment rule to apply to new records.
	LARID string
	// Validate checks every record against the module's field metadata
	// (kept by the client, see FieldsService.Cached) before anything is
	// sent: a field the module lacks, a picklist value not in the list, a
	// read-only field written, and on Create a mandatory field missing are
	// each a *ValidationError naming the record's index and the field, and
	// then no record is sent.
	Validate bool
}

// UpsertOptions are the options of Upsert.
type UpsertOptions struct {
	// DuplicateCheckFields are the fields, in order, whose value finds the
	// record to update; without them Zoho uses the module's system
	// duplicate check fields, then its unique fields.
	DuplicateCheckFields []string
	WriteOptions
}

// writeBody is {"data": [...], "trigger": [...], "lar_id": ...,
// "duplicate_check_fields": [...]}, each option only when set.
func writeBody(records any, wo *WriteOptions, duplicateCheck []string) map[string]any {
	body := map[string]any{"data": records}
	if wo != nil {
		if wo.Trigger != nil {
			body["trigger"] = wo.Trigger
		}
		if wo.LARID != "" {
			body["lar_id"] = wo.LARID
		}
	}
	if len(duplicateCheck) > 0 {
		body["duplicate_check_fields"] = duplicateCheck
	}
	return body
}

// Create inserts records, in batches of 100, and returns one result per
// record in input order. A record Zoho refuses is a failed result, not an
// error: see ActionResult.Err and WriteErrors. A record with an id is
// refused before anything is sent.
func (s *RecordsService) Create(ctx context.Context, module string, records []Record, opts *WriteOptions) ([]*ActionResult, *Response, error) {
	return writeRecords(ctx, s.client, recordWrite{method: http.MethodPost, module: module, kind: writeCreate, wo: opts}, records)
}

// Update changes records, each identified by its "id" field, in batches of
// 100; one result per record in input order. Fields a record leaves out
// keep their values. A record without an id is refused before anything is
// sent.
func (s *RecordsService) Update(ctx context.Context, module string, records []Record, opts *WriteOptions) ([]*ActionResult, *Response, error) {
	return writeRecords(ctx, s.client, recordWrite{method: http.MethodPut, module: module, kind: writeUpdate, needID: true, wo: opts}, records)
}

// Upsert updates the record that each record's duplicate check fields (or
// id) match, and inserts the others, in batches of 100; one result per
// record in input order, whose Action says which happened.
func (s *RecordsService) Upsert(ctx context.Context, module string, records []Record, opts *UpsertOptions) ([]*ActionResult, *Response, error) {
	return writeRecords(ctx, s.client, upsertWrite(module, opts), records)
}

func upsertWrite(module string, opts *UpsertOptions) recordWrite {
	w := recordWrite{method: http.MethodPost, module: module, suffix: "/upsert", kind: writeUpdate, anyID: true}
	if opts != nil {
		w.wo, w.duplicateCheck = &opts.WriteOptions, opts.DuplicateCheckFields
	}
	return w
}

// recordWrite is what a write of records is: where it goes and what it
// checks.
type recordWrite struct {
	method, module, suffix string
	kind                   writeKind
	needID                 bool // Update: every record has an id
	anyID                  bool // Upsert: with or without
	wo                     *WriteOptions
	duplicateCheck         []string
}

// writeRecords sends records, Records or structs (see record_encode.go),
// in batches of 100, after checking them as w says.
func writeRecords[T any](ctx context.Context, c *Client, w recordWrite, records []T) ([]*ActionResult, *Response, error) {
	if err := requireID("module", w.module); err != nil {
		return nil, nil, err
	}
	for i := range records {
		if err := w.checkID(i, reflect.ValueOf(&records[i]).Elem()); err != nil {
			return nil, nil, err
		}
	}
	if len(records) == 0 {
		return []*ActionResult{}, nil, nil
	}
	if err := w.wo.checkExternal(); err != nil {
		return nil, nil, err
	}
	data := func(lo, hi int) any { return records[lo:hi] }
	if _, plain := any(records).([]Record); !plain || (w.wo != nil && w.wo.Validate) {
		encoded, err := encodeRecords(records)
		if err != nil {
			return nil, nil, err
		}
		if w.wo != nil && w.wo.Validate {
			if err := c.checkRecords(ctx, w.module, encoded, w.kind); err != nil {
				return nil, nil, err
			}
		}
		data = func(lo, hi int) any { return recordsJSON(encoded[lo:hi]) }
	}
	path := url.PathEscape(w.module) + w.suffix
	header := externalHeader(w.wo.externals(w.module)...)
	return c.batchedBy(ctx, len(records), MaxRecordsPerWrite, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		req := &Request{Method: w.method, Path: path, Header: header, Body: writeBody(data(lo, hi), w.wo, w.duplicateCheck)}
		return c.doWrite(ctx, req, hi-lo)
	})
}

// checkID refuses a nil record, a record with an id on Create and one
// without on Update.
func (w recordWrite) checkID(i int, v reflect.Value) error {
	field := fmt.Sprintf("records[%d]", i)
	if (v.Kind() == reflect.Map || v.Kind() == reflect.Pointer) && v.IsNil() {
		return &ValidationError{Field: field, Index: i, Problem: "is nil"}
	}
	id := idOfRecord(v)
	switch {
	case w.anyID:
	case w.needID && id == "":
		return &ValidationError{Field: field, Index: i, Problem: "has no id; Update needs the id of each record (use Create or Upsert for new ones)"}
	case !w.needID && id != "":
		return &ValidationError{Field: field, Index: i, Problem: "has an id (" + id + "); use Update for existing records, or Upsert"}
	}
	return nil
}

// batched runs write over [lo,hi) windows of at most MaxRecordsPerWrite,
// several at once within the client's concurrency limit, and numbers the
// results by input position.
func (s *RecordsService) batched(ctx context.Context, n int, write func(lo, hi int) ([]*ActionResult, *Response, error)) ([]*ActionResult, *Response, error) {
	return s.client.batchedBy(ctx, n, MaxRecordsPerWrite, true, write)
}

// batchedBy is batched with another batch size: the one loop behind every
// write the SDK splits (records, settings entries, tags, ids). With
// concurrent, batches run several at once, up to the user's concurrency
// limit; without, one after another, for entries whose order Zoho keeps
// (taxes, variables). The results come back in input order. A batch that
// fails as a whole does not stop the others: every batch is sent (a
// sequential write stops at the first failure), the results of those that
// succeeded are returned, and the error names the entries of each batch
// that failed.
func (c *Client) batchedBy(ctx context.Context, n, size int, concurrent bool, write func(lo, hi int) ([]*ActionResult, *Response, error)) ([]*ActionResult, *Response, error) {
	batches := (n + size - 1) / size
	type outcome struct {
		results []*ActionResult
		resp    *Response
		err     error
		ran     bool
	}
	outcomes := make([]outcome, batches)
	parallel := c.core.cfg.MaxConcurrentCalls
	if parallel <= 0 || parallel > batches {
		parallel = batches
	}
	if !concurrent {
		parallel = min(1, batches)
	}
	var (
		next   atomic.Int64
		failed atomic.Bool // stops a sequential write
		wg     sync.WaitGroup
	)
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				b := int(next.Add(1) - 1)
				if b >= batches || (!concurrent && failed.Load()) || ctx.Err() != nil {
					return
				}
				lo, hi := b*size, min((b+1)*size, n)
				results, resp, err := write(lo, hi)
				if err != nil {
					failed.Store(true)
					err = fmt.Errorf("zcrm: writing entries %d to %d of %d: %w", lo, hi-1, n, err)
				}
				outcomes[b] = outcome{results: results, resp: resp, err: err, ran: true}
			}
		}()
	}
	wg.Wait()

	results := make([]*ActionResult, 0, n)
	var last *Response
	var errs []error
	for b, o := range outcomes {
		if o.resp != nil {
			last = o.resp
		}
		switch {
		case o.err != nil:
			errs = append(errs, o.err)
		case o.ran:
			for i, r := range o.results {
				r.Index = b*size + i
				results = append(results, r)
			}
		}
	}
	if err := ctx.Err(); err != nil && len(results) < n && len(errs) == 0 {
		errs = append(errs, err)
	}
	return results, last, errors.Join(errs...)
}

// doWrite sends a write of n records and returns Zoho's per-record answers,
// which come with 200, 201, 202, 207, or 400 when every record failed.
func (c *Client) doWrite(ctx context.Context, req *Request, n int) ([]*ActionResult, *Response, error) {
	req.records = n
	var body struct {
		Data []*ActionResult `json:"data"`
	}
	resp, err := c.Do(ctx, req, &body)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if results, ok := perRecordResults(apiErr.body, n); ok {
			body.Data, err = results, nil
		}
	}
	if err != nil {
		return nil, resp, err
	}
	if err := checkResults(req, body.Data, n, "records"); err != nil {
		return nil, resp, err
	}
	return body.Data, resp, nil
}

// checkResults: a write of n entries has n results, none of them null.
func checkResults(req *Request, results []*ActionResult, n int, entries string) error {
	if len(results) != n {
		return fmt.Errorf("zcrm: %s %s: Zoho answered %d results for %d %s", req.Method, req.Path, len(results), n, entries)
	}
	for i, r := range results {
		if r == nil {
			return fmt.Errorf("zcrm: %s %s: Zoho answered null as the result of entry %d", req.Method, req.Path, i)
		}
	}
	return nil
}

// perRecordResults reads an error answer that is really one failure per
// record: no top-level code, and one data entry per record sent.
func perRecordResults(body []byte, n int) ([]*ActionResult, bool) {
	var answer struct {
		Code string          `json:"code"`
		Data []*ActionResult `json:"data"`
	}
	if json.Unmarshal(body, &answer) != nil || answer.Code != "" || checkResults(&Request{}, answer.Data, n, "") != nil {
		return nil, false
	}
	return answer.Data, true
}

// Delete moves records to the recycle bin by id, in batches of 100; one
// result per id in input order.
func (s *RecordsService) Delete(ctx context.Context, module string, ids ...string) ([]*ActionResult, *Response, error) {
	return s.deleteIDs(ctx, module, nil, ids)
}

// deleteIDs deletes by ?ids= (ids, or external values the header names).
func (s *RecordsService) deleteIDs(ctx context.Context, module string, header http.Header, ids []string) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	return deleteIDsAt(ctx, s.client, Request{Method: http.MethodDelete, Path: url.PathEscape(module), Header: header}, ids)
}

// deleteIDsAt sends req with ?ids=, 100 ids a call, and returns one
// result per id in input order: the one shape of the deletes of records,
// notes, related records and attachments.
func deleteIDsAt(ctx context.Context, c *Client, req Request, ids []string) ([]*ActionResult, *Response, error) {
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
		if strings.Contains(id, ",") {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("ids[%d]", i), Problem: "contains a comma: " + id}
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return c.batchedBy(ctx, len(ids), MaxRecordsPerWrite, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		batch := req
		batch.Query = url.Values{"ids": {strings.Join(ids[lo:hi], ",")}}
		return c.doWrite(ctx, &batch, hi-lo)
	})
}

// MaxMassUpdateIDs is the most records one mass update call takes by id.
const MaxMassUpdateIDs = 500

// MassUpdate sets the same field values on many records (POST
// {module}/actions/mass_update), 500 ids a call; one result per id in input
// order. Zoho allows one field a call (three in Deals), and not email,
// lookup, multi-line or line item fields.
func (s *RecordsService) MassUpdate(ctx context.Context, module string, fields Record, ids ...string) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if len(fields) == 0 {
		return nil, nil, &ValidationError{Field: "fields", Problem: "is empty; give the field values to set"}
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.client.batchedBy(ctx, len(ids), MaxMassUpdateIDs, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		body := map[string]any{"data": []Record{fields}, "ids": ids[lo:hi]}
		return s.client.doWrite(ctx, &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/mass_update", Body: body}, hi-lo)
	})
}

// MassUpdateView schedules a mass update of every record of a custom view
// (up to 50,000) and returns the job's id, for MassUpdateStatus.
func (s *RecordsService) MassUpdateView(ctx context.Context, module, cvid string, fields Record) (string, *Response, error) {
	if err := requireID("module", module); err != nil {
		return "", nil, err
	}
	if err := requireID("cvid", cvid); err != nil {
		return "", nil, err
	}
	if len(fields) == 0 {
		return "", nil, &ValidationError{Field: "fields", Problem: "is empty; give the field values to set"}
	}
	results, resp, err := s.client.doWrite(ctx, &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/mass_update",
		Body: map[string]any{"data": []Record{fields}, "cvid": cvid}}, 1)
	if err != nil {
		return "", resp, err
	}
	if err := results[0].Err(); err != nil {
		return "", resp, err
	}
	jobID, _ := stringOf(results[0].Details["job_id"])
	if jobID == "" {
		return "", resp, fmt.Errorf("zcrm: mass update of %s view %s: Zoho's answer has no job_id", module, cvid)
	}
	return jobID, resp, nil
}

// MassUpdateJob is the state of a scheduled mass update.
type MassUpdateJob struct {
	Status          string `json:"Status"` // SCHEDULED, RUNNING, COMPLETED or FAILED
	FailedCount     int    `json:"Failed_Count"`
	UpdatedCount    int    `json:"Updated_Count"`
	NotUpdatedCount int    `json:"Not_Updated_Count"`
	TotalCount      int    `json:"Total_Count"`
}

// MassUpdateStatus reports on a job MassUpdateView scheduled.
func (s *RecordsService) MassUpdateStatus(ctx context.Context, module, jobID string) (*MassUpdateJob, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("jobID", jobID); err != nil {
		return nil, nil, err
	}
	var body struct {
		Data []*MassUpdateJob `json:"data"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: url.PathEscape(module) + "/actions/mass_update",
		Query: url.Values{"job_id": {jobID}}}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Data) == 0 {
		return nil, resp, fmt.Errorf("zcrm: mass update job %s of %s: Zoho's answer has no status", jobID, module)
	}
	return body.Data[0], resp, nil
}

// One record by the path of its id (or external value, records_external.go).

// UpdateOne changes the record with this id (PUT {module}/{id}): the
// fields rec gives replace the record's, the others are kept. A refused
// update is also the error. OAuth scope: ZohoCRM.modules.{module}.UPDATE.
func (s *RecordsService) UpdateOne(ctx context.Context, module, id string, rec Record, opts *WriteOptions) (*ActionResult, *Response, error) {
	return s.writeAt(ctx, http.MethodPut, module, External{Value: id}, "", rec, opts)
}

// Clone creates a copy of the record with this id (POST
// {module}/{id}/actions/clone), with the fields changes gives set instead
// of the record's (nil copies it as it is). Zoho leaves out of the copy
// its external, read-only and file upload fields. The copy's id is in the
// result. OAuth scope: ZohoCRM.modules.{module}.CREATE.
func (s *RecordsService) Clone(ctx context.Context, module, id string, changes Record) (*ActionResult, *Response, error) {
	return s.writeAt(ctx, http.MethodPost, module, External{Value: id}, "/actions/clone", changes, nil)
}

// writeAt sends one record to {module}/{id or external value}[suffix];
// a nil rec sends no body.
func (s *RecordsService) writeAt(ctx context.Context, method, module string, at External, suffix string, rec Record, opts *WriteOptions) (*ActionResult, *Response, error) {
	path, external, err := recordPath(module, at)
	if err != nil {
		return nil, nil, err
	}
	if err := opts.checkExternal(); err != nil {
		return nil, nil, err
	}
	if id := rec.ID(); id != "" && (at.Field != "" || id != at.Value) {
		return nil, nil, &ValidationError{Field: "record", Problem: "has an id (" + id + "); the record written is named by the call"}
	}
	req := &Request{Method: method, Path: path + suffix, Header: externalHeader(append([]string{external}, opts.externals(module)...)...)}
	switch {
	case rec != nil:
		req.Body = writeBody([]Record{rec}, opts, nil)
	case method == http.MethodPut:
		return nil, nil, &ValidationError{Field: "record", Problem: "is nil"}
	}
	return single(s.client.doWrite(ctx, req, 1))
}

// DeleteOptions are the options of deleting a record.
type DeleteOptions struct {
	// SkipWorkflows keeps Zoho from running the module's delete
	// workflows (wf_trigger=false).
	SkipWorkflows bool
}

func (o *DeleteOptions) values() url.Values {
	if o == nil || !o.SkipWorkflows {
		return nil
	}
	return url.Values{"wf_trigger": {"false"}}
}

// DeleteOne moves the record with this id to the recycle bin (DELETE
// {module}/{id}). A refusal is also the error. OAuth scope:
// ZohoCRM.modules.{module}.DELETE.
func (s *RecordsService) DeleteOne(ctx context.Context, module, id string, opts *DeleteOptions) (*ActionResult, *Response, error) {
	return s.DeleteByExternal(ctx, module, External{Value: id}, opts)
}
