package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// TaxesService manages the org's taxes (/org/taxes).
type TaxesService service

// Tax is one of the org's taxes, as the Products and inventory modules
// apply them. Fields without a Go field are kept in Extra.
type Tax struct {
	ID           string `json:"id,omitempty"`
	Name         string `json:"name,omitempty"`
	DisplayLabel string `json:"display_label,omitempty"`
	// Value is the rate in percent; it is always sent, so 0 is a rate.
	Value          float64 `json:"value"`
	SequenceNumber int     `json:"sequence_number,omitempty"`

	kept
}

func (t *Tax) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t Tax) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// TaxPreference is the org's tax preference, sent with the list of taxes.
type TaxPreference struct {
	AutoPopulateTax bool `json:"auto_populate_tax"`
	ModifyTaxRates  bool `json:"modify_tax_rates"`
}

type taxesAnswer struct {
	Taxes      []*Tax         `json:"taxes"`
	Preference *TaxPreference `json:"preference"`
}

// List returns the org's taxes; an org without taxes gives an empty slice.
func (s *TaxesService) List(ctx context.Context) ([]*Tax, *Response, error) {
	taxes, _, resp, err := s.ListWithPreference(ctx)
	return taxes, resp, err
}

// ListWithPreference returns the org's taxes and its tax preference (nil
// when Zoho sends none).
func (s *TaxesService) ListWithPreference(ctx context.Context) ([]*Tax, *TaxPreference, *Response, error) {
	var answer taxesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "org/taxes"}, &answer)
	if err != nil {
		return nil, nil, resp, err
	}
	if answer.Taxes == nil {
		answer.Taxes = []*Tax{}
	}
	return answer.Taxes, answer.Preference, resp, nil
}

// Get returns the tax with this id.
func (s *TaxesService) Get(ctx context.Context, id string) (*Tax, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "org/taxes/" + url.PathEscape(id)
	var answer taxesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.Taxes) == 0 {
		return nil, resp, noContent("tax", id, path)
	}
	return answer.Taxes[0], resp, nil
}

// Create adds taxes, in batches of 100, and returns one result per tax in
// input order; a tax Zoho refuses is a failed result (see WriteErrors). A
// tax with an id or without a name is refused before anything is sent.
func (s *TaxesService) Create(ctx context.Context, taxes ...*Tax) ([]*ActionResult, *Response, error) {
	for i, t := range taxes {
		switch {
		case t == nil:
			return nil, nil, &ValidationError{Field: fmt.Sprintf("taxes[%d]", i), Problem: "is nil"}
		case t.ID != "":
			return nil, nil, &ValidationError{Field: fmt.Sprintf("taxes[%d]", i), Problem: "has an id (" + t.ID + "); use Update for existing taxes"}
		case strings.TrimSpace(t.Name) == "":
			return nil, nil, &ValidationError{Field: fmt.Sprintf("taxes[%d]", i), Problem: "has no name"}
		}
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPost, Path: "org/taxes"}, "taxes", MaxRecordsPerWrite, taxes)
}

// Update changes taxes, each identified by its ID, and returns one result
// per tax in input order. Every typed field is sent, so update a tax read
// with Get or List rather than a fresh one.
func (s *TaxesService) Update(ctx context.Context, taxes ...*Tax) ([]*ActionResult, *Response, error) {
	for i, t := range taxes {
		if t == nil || t.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("taxes[%d]", i), Problem: "has no id; Update needs the id of each tax"}
		}
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPut, Path: "org/taxes"}, "taxes", MaxRecordsPerWrite, taxes)
}

// Delete deletes taxes by id, one result per id in input order: one id is
// deleted with DELETE org/taxes/{id}, several with DELETE org/taxes?ids=
// in batches of 100.
func (s *TaxesService) Delete(ctx context.Context, ids ...string) ([]*ActionResult, *Response, error) {
	return deleteByIDs(ctx, s.client, "org/taxes", "taxes", ids)
}

// deleteByIDs deletes settings entries: one id by its path, several by
// ?ids= in batches of 100.
func deleteByIDs(ctx context.Context, c *Client, path, key string, ids []string) ([]*ActionResult, *Response, error) {
	return deleteByIDsWith(ctx, c, path, key, nil, ids)
}

// deleteByIDsWith is deleteByIDs with a query every request carries.
func deleteByIDsWith(ctx context.Context, c *Client, path, key string, q url.Values, ids []string) ([]*ActionResult, *Response, error) {
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	switch len(ids) {
	case 0:
		return []*ActionResult{}, nil, nil
	case 1:
		req := &Request{Method: http.MethodDelete, Path: path + "/" + url.PathEscape(ids[0]), Query: q}
		return c.keyedWrite(ctx, req, key, 1)
	}
	return c.batchedBy(ctx, len(ids), MaxRecordsPerWrite, false, func(lo, hi int) ([]*ActionResult, *Response, error) {
		batch := url.Values{"ids": {strings.Join(ids[lo:hi], ",")}}
		for name, vs := range q {
			batch[name] = vs
		}
		req := &Request{Method: http.MethodDelete, Path: path, Query: batch}
		return c.keyedWrite(ctx, req, key, hi-lo)
	})
}
