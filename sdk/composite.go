package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// CompositeService sends several CRM calls as one (POST
// __composite_requests, API v3 and later).
type CompositeService service

// MaxCompositeRequests is the most sub-requests one composite request
// takes.
const MaxCompositeRequests = 5

// sinceComposite is the first API version with composite requests (v2
// answers API_NOT_SUPPORTED).
const sinceComposite = 3

// CompositeRequest is a batch of up to five CRM calls.
type CompositeRequest struct {
	// RollbackOnFail undoes every sub-request when one fails. The
	// sub-requests then run one after the other.
	RollbackOnFail bool
	// ParallelExecution runs the sub-requests at once. nil leaves Zoho's
	// default: parallel, unless RollbackOnFail is set. Zoho refuses both
	// set true; so does the SDK, before sending.
	ParallelExecution *bool
	Requests          []*SubRequest
}

// SubRequest is one call of a composite request. Refer to an earlier
// sub-request's answer with @{<sub_request_id>:<JSONPath>} in URI, Params
// or Body, such as "Leads/@{1:$.data[0].details.id}".
type SubRequest struct {
	// ID names the sub-request for references: letters, digits and _,
	// unique in the request.
	ID     string
	Method string // GET, POST, PUT, PATCH or DELETE
	// URI is the call's path, relative to /crm/{api_version}/ as in
	// Request.Path ("Leads"), or one that names its version, sent as it is
	// written ("/crm/v8/Leads", or "crm/v6/Leads" as Zoho's samples write
	// some); its version may not be above the client's.
	URI string
	// Params are the call's parameters, sent with their JSON types: a
	// page may be the number 1 or the text "1", as Zoho's samples send
	// either.
	Params  map[string]any
	Headers map[string]string // not Authorization or X-CRM-ORG
	Body    any               // encoded as JSON
}

// MarshalJSON writes the sub-request as Zoho reads it.
func (r SubRequest) MarshalJSON() ([]byte, error) {
	type wire struct {
		ID      string            `json:"sub_request_id,omitempty"`
		Method  string            `json:"method"`
		URI     string            `json:"uri"`
		Params  map[string]any    `json:"params,omitzero"` // an empty one is sent as given
		Headers map[string]string `json:"headers,omitzero"`
		Body    any               `json:"body,omitempty"`
	}
	return json.Marshal(wire{r.ID, strings.ToUpper(r.Method), r.URI, r.Params, r.Headers, r.Body})
}

// SubResponse is Zoho's answer for one sub-request. Code is SUCCESS when
// the sub-request ran, whatever it answered: StatusCode and Body are its
// own answer, which may be an error (see Err). A sub-request that did not
// run carries Zoho's code instead: ROLLBACK_PERFORMED (it ran and was
// undone), PROCESSING_STOPPED, INVALID_REFERENCE...
type SubResponse struct {
	Index   int    // position in CompositeRequest.Requests
	ID      string // the sub-request's ID
	Code    string
	Status  string
	Message string
	Details map[string]any // of a sub-request that did not run

	StatusCode int
	Headers    map[string]string
	Body       json.RawMessage
}

// Ran reports whether Zoho ran the sub-request and kept its effect.
func (r *SubResponse) Ran() bool { return r.Code == "SUCCESS" }

// OK reports whether the sub-request ran and succeeded: Zoho's own answer
// for it is below 400 and, for a write, no record in it failed.
func (r *SubResponse) OK() bool { return r.Err() == nil }

// Decode decodes the sub-request's answer body into v.
func (r *SubResponse) Decode(v any) error {
	if len(r.Body) == 0 {
		return fmt.Errorf("zcrm: composite sub-request %d answered no body", r.Index)
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	return dec.Decode(v)
}

// Records decodes the records of a read's answer (its data), such as
// Records.Get or List would return; none is an empty slice.
func (r *SubResponse) Records() ([]Record, error) {
	var page dataPage[Record]
	if len(r.Body) > 0 {
		if err := r.Decode(&page); err != nil {
			return nil, err
		}
	}
	if page.Data == nil {
		page.Data = []Record{}
	}
	return page.Data, nil
}

// Results decodes the per-record results of a write's answer (its data),
// numbered in the order of the records the sub-request sent.
func (r *SubResponse) Results() ([]*ActionResult, error) {
	var body struct {
		Data []*ActionResult `json:"data"`
	}
	if err := r.Decode(&body); err != nil {
		return nil, err
	}
	for i, res := range body.Data {
		res.Index = i
	}
	return body.Data, nil
}

// Err returns nil for a sub-request that ran and succeeded, else a
// *SubRequestError: it did not run, its answer was an error, or one of
// the records it wrote failed.
func (r *SubResponse) Err() error {
	e := &SubRequestError{Index: r.Index, ID: r.ID, StatusCode: r.StatusCode}
	if !r.Ran() {
		e.Code, e.Message, e.Details = r.Code, r.Message, r.Details
		return e
	}
	var answer struct {
		apiErrorBody
		Data []*ActionResult `json:"data"`
	}
	if len(r.Body) > 0 {
		_ = json.Unmarshal(r.Body, &answer)
	}
	if answer.Code == "" {
		for i, d := range answer.Data {
			if d.Status != "" && !d.OK() {
				d.Index = i
				e.Code, e.Message, e.Details, e.Record = d.Code, d.Message, d.Details, d.Err().(*RecordError)
				return e
			}
		}
	}
	if r.StatusCode >= 400 {
		e.Code, e.Message, e.Details = answer.Code, answer.Message, answer.Details
		return e
	}
	return nil
}

// SubRequestError is a sub-request that failed or did not run.
type SubRequestError struct {
	Index      int
	ID         string
	StatusCode int // the sub-request's own HTTP status; 0 if it did not run
	Code       string
	Message    string
	Details    map[string]any
	// Record is the first record of a write that failed, when the
	// sub-request ran and answered per record.
	Record *RecordError
}

func (e *SubRequestError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zcrm: composite sub-request %d", e.Index)
	if e.ID != "" {
		fmt.Fprintf(&b, " (%s)", e.ID)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": %d", e.StatusCode)
	}
	fmt.Fprintf(&b, " %s", e.Code)
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Record != nil {
		fmt.Fprintf(&b, " (record %d", e.Record.Index)
		if f := e.Record.Field(); f != "" {
			b.WriteString(", field " + f)
		}
		b.WriteString(")")
	}
	return b.String()
}

// Is matches the sentinel of the error's code, and ErrRolledBack for a
// sub-request Zoho undid or stopped.
func (e *SubRequestError) Is(target error) bool {
	if target == ErrRolledBack {
		return e.Code == "ROLLBACK_PERFORMED" || e.Code == "PROCESSING_STOPPED"
	}
	if s, ok := codeSentinels[e.Code]; ok && s == target {
		return true
	}
	return target == ErrNotFound && e.StatusCode == http.StatusNotFound
}

// ErrRolledBack: a composite sub-request was undone, or not run, because
// another one failed under RollbackOnFail.
var ErrRolledBack = errors.New("zcrm: composite request rolled back")

// CompositeResult is Zoho's answer to a composite request: one
// SubResponse per sub-request, in order.
type CompositeResult struct {
	Responses []*SubResponse
}

// RolledBack reports whether Zoho undid the request (RollbackOnFail and a
// sub-request failed).
func (r *CompositeResult) RolledBack() bool {
	for _, s := range r.Responses {
		if s.Code == "ROLLBACK_PERFORMED" || s.Code == "PROCESSING_STOPPED" {
			return true
		}
	}
	return false
}

// Err joins the errors of the sub-requests that failed or did not run, or
// returns nil when every one succeeded. A 200 does not say that.
func (r *CompositeResult) Err() error {
	var errs []error
	for _, s := range r.Responses {
		if err := s.Err(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

var (
	subRequestIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_]*$`)
	subRequestURI       = regexp.MustCompile(`^/crm(/.*)?/v([0-9]+)([.][0-9]+)?/.*`)
)

// validate refuses, before sending, what Zoho would refuse, and returns
// the sub-requests with absolute URIs.
func (req *CompositeRequest) validate(c *Client) ([]SubRequest, error) {
	if c.apiMajor() < sinceComposite {
		return nil, &ValidationError{Field: "api_version", Problem: fmt.Sprintf("is %s; composite requests need v%d or later (v8 is current)", c.core.cfg.APIVersion, sinceComposite)}
	}
	if req == nil || len(req.Requests) == 0 {
		return nil, &ValidationError{Field: "Requests", Problem: "is empty"}
	}
	if len(req.Requests) > MaxCompositeRequests {
		return nil, &ValidationError{Field: "Requests", Problem: fmt.Sprintf("has %d sub-requests; Zoho takes at most %d", len(req.Requests), MaxCompositeRequests)}
	}
	if req.RollbackOnFail && req.ParallelExecution != nil && *req.ParallelExecution {
		return nil, &ValidationError{Field: "ParallelExecution", Problem: "cannot be true with RollbackOnFail: Zoho refuses the two together (AMBIGUITY_DURING_PROCESSING)"}
	}
	out := make([]SubRequest, len(req.Requests))
	ids := map[string]bool{}
	for i, sr := range req.Requests {
		field := fmt.Sprintf("Requests[%d]", i)
		if sr == nil {
			return nil, &ValidationError{Field: field, Problem: "is nil"}
		}
		s := *sr
		if s.ID != "" {
			if !subRequestIDPattern.MatchString(s.ID) {
				return nil, &ValidationError{Field: field + ".ID", Problem: fmt.Sprintf("%q must start with a letter or digit and hold only letters, digits and _", s.ID)}
			}
			if ids[s.ID] {
				return nil, &ValidationError{Field: field + ".ID", Problem: fmt.Sprintf("%q names another sub-request too", s.ID)}
			}
			ids[s.ID] = true
		}
		switch strings.ToUpper(s.Method) {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		default:
			return nil, &ValidationError{Field: field + ".Method", Problem: fmt.Sprintf("%q is not GET, POST, PUT, PATCH or DELETE", s.Method)}
		}
		if strings.TrimSpace(s.URI) == "" {
			return nil, &ValidationError{Field: field + ".URI", Problem: "is empty"}
		}
		// A uri that names its version is Zoho's path, with or without its
		// leading slash; any other is relative to the client's version.
		if !strings.HasPrefix(s.URI, "/") && !subRequestURI.MatchString("/"+s.URI) {
			s.URI = "/crm/" + c.core.cfg.APIVersion + "/" + s.URI
		}
		m := subRequestURI.FindStringSubmatch("/" + strings.TrimPrefix(s.URI, "/"))
		if m == nil {
			return nil, &ValidationError{Field: field + ".URI", Problem: fmt.Sprintf("%q is not a CRM path such as /crm/v8/Leads", s.URI)}
		}
		if major, _ := strconv.Atoi(m[2]); major > c.apiMajor() {
			return nil, &ValidationError{Field: field + ".URI", Problem: fmt.Sprintf("%q calls a version above the client's %s, which Zoho refuses (NOT_ALLOWED)", s.URI, c.core.cfg.APIVersion)}
		}
		for k := range s.Headers {
			if strings.EqualFold(k, "Authorization") || strings.EqualFold(k, "X-CRM-ORG") {
				return nil, &ValidationError{Field: field + ".Headers", Problem: k + " cannot be set in a sub-request; Zoho sends the composite request's"}
			}
		}
		out[i] = s
	}
	return out, nil
}

// Do sends a composite request and returns one SubResponse per
// sub-request, in order. A composite that Zoho rolled back (a 400 whose
// body lists the sub-requests) is a result, not an error: see
// CompositeResult.RolledBack and Err. Sub-requests Zoho answered 207 for
// (some ran) come back the same way.
func (s *CompositeService) Do(ctx context.Context, req *CompositeRequest) (*CompositeResult, *Response, error) {
	subs, err := req.validate(s.client)
	if err != nil {
		return nil, nil, err
	}
	body := map[string]any{"rollback_on_fail": req.RollbackOnFail, "__composite_requests": subs}
	if req.ParallelExecution != nil {
		body["parallel_execution"] = *req.ParallelExecution
	} else if req.RollbackOnFail {
		body["parallel_execution"] = false
	}
	var answer compositeAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodPost, Path: "__composite_requests", Body: body}, &answer)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		// A rollback, or nothing ran: a 400 with one entry per sub-request.
		var failed compositeAnswer
		if json.Unmarshal(apiErr.body, &failed) == nil && len(failed.Requests) == len(subs) && anyRan(failed.Requests) {
			answer, err = failed, nil
		} else if len(failed.Requests) > 0 && apiErr.Code == "" {
			first := failed.Requests[0]
			apiErr.Code, apiErr.Message, apiErr.Details = first.Code, first.Message, first.Details.other
		}
	}
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Requests) != len(subs) {
		return nil, resp, fmt.Errorf("zcrm: composite request: Zoho answered %d sub-responses for %d sub-requests", len(answer.Requests), len(subs))
	}
	result := &CompositeResult{Responses: make([]*SubResponse, len(subs))}
	for i, e := range answer.Requests {
		sr := &SubResponse{Index: i, ID: subs[i].ID, Code: e.Code, Status: e.Status, Message: e.Message}
		if e.Details.Response != nil {
			sr.StatusCode, sr.Headers, sr.Body = e.Details.Response.StatusCode, e.Details.Response.Headers, e.Details.Response.Body
		} else {
			sr.Details = e.Details.other
		}
		result.Responses[i] = sr
	}
	return result, resp, nil
}

// anyRan: a 400 that lists sub-requests which ran or were rolled back is a
// per-sub-request answer; one with only validation errors is not.
func anyRan(entries []compositeEntry) bool {
	for _, e := range entries {
		switch e.Code {
		case "SUCCESS", "ROLLBACK_PERFORMED", "PROCESSING_STOPPED":
			return true
		}
	}
	return false
}

type compositeAnswer struct {
	Requests []compositeEntry `json:"__composite_requests"`
}

type compositeEntry struct {
	Code    string           `json:"code"`
	Status  string           `json:"status"`
	Message string           `json:"message"`
	Details compositeDetails `json:"details"`
}

// compositeDetails holds a sub-request's answer, or Zoho's details of why
// it did not run.
type compositeDetails struct {
	Response *struct {
		StatusCode int               `json:"status_code"`
		Headers    map[string]string `json:"headers"`
		Body       json.RawMessage   `json:"body"`
	} `json:"response"`
	other map[string]any
}

func (d *compositeDetails) UnmarshalJSON(b []byte) error {
	type plain compositeDetails
	if err := json.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	if d.Response == nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		return dec.Decode(&d.other)
	}
	return nil
}
