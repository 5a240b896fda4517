package sdk

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
)

// Many calls of Zoho CRM are actions on records of a module: POST
// {module}/{id}/actions/{name} acts on one record, and where Zoho has the
// mass form, POST {module}/actions/{name} with the records' "ids" acts on
// many. Zoho answers one result per record, under "data" or a key of the
// action's own. recordAction is that shape, once; a group declares the
// action and its public methods call one or many.

// recordAction is an action Zoho takes on records.
type recordAction struct {
	name string // the path's last segment: "share_emails"
	key  string // the JSON key of the results; "data" when empty
	// maxIDs is the most ids one call of the mass form takes; longer
	// lists are split. 0: no limit the SDK knows of.
	maxIDs int
}

func (a recordAction) resultKey() string {
	if a.key == "" {
		return "data"
	}
	return a.key
}

// on returns the action's path for a record (id "" for the mass form),
// refusing an empty module.
func (a recordAction) on(module, id string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if id == "" {
		return url.PathEscape(module) + "/actions/" + a.name, nil
	}
	return url.PathEscape(module) + "/" + url.PathEscape(id) + "/actions/" + a.name, nil
}

// one acts on the record with this id, sending body as JSON (nil sends
// none), and returns its result; a refusal is also the error, a
// *RecordError.
func (a recordAction) one(ctx context.Context, c *Client, module, id string, body any) (*ActionResult, *Response, error) {
	if err := requireID("record id", id); err != nil {
		return nil, nil, err
	}
	path, err := a.on(module, id)
	if err != nil {
		return nil, nil, err
	}
	return single(c.keyedWrite(ctx, &Request{Method: http.MethodPost, Path: path, Body: body}, a.resultKey(), 1))
}

// many acts on records by id, in batches of maxIDs sent at once, each
// batch's body being fields with "ids" added, and returns one result per
// id in input order. No ids send nothing.
func (a recordAction) many(ctx context.Context, c *Client, module string, ids []string, fields map[string]any) ([]*ActionResult, *Response, error) {
	path, err := a.on(module, "")
	if err != nil {
		return nil, nil, err
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	size := a.maxIDs
	if size <= 0 {
		size = len(ids)
	}
	return c.batchedBy(ctx, len(ids), size, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		body := maps.Clone(fields)
		if body == nil {
			body = map[string]any{}
		}
		body["ids"] = ids[lo:hi]
		req := &Request{Method: http.MethodPost, Path: path, Body: body, records: hi - lo}
		return c.keyedWrite(ctx, req, a.resultKey(), hi-lo)
	})
}
