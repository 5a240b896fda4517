package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// CurrenciesService manages the org's currencies (org/currencies).
type CurrenciesService service

// MaxCurrenciesPerWrite bounds one create or update call; the SDK splits
// longer lists.
const MaxCurrenciesPerWrite = 100

// Currency is one of the org's currencies. Zoho writes exchange_rate and
// decimal_places as strings ("3.000000000", "2"), and so does Currency.
// Fields without a Go field (created_by, created_time...) are kept in
// Extra.
type Currency struct {
	ID           string          `json:"id,omitempty"`
	Name         string          `json:"name,omitempty"`     // such as "US Dollar - USD"
	ISOCode      string          `json:"iso_code,omitempty"` // such as USD
	Symbol       string          `json:"symbol,omitempty"`
	ExchangeRate string          `json:"exchange_rate,omitempty"`
	Format       *CurrencyFormat `json:"format,omitempty"`
	PrefixSymbol *bool           `json:"prefix_symbol,omitempty"`
	IsActive     *bool           `json:"is_active,omitempty"`
	IsBase       bool            `json:"is_base,omitempty"` // the home currency

	kept
}

// CurrencyFormat is how amounts of a currency are written.
type CurrencyFormat struct {
	DecimalSeparator  string `json:"decimal_separator,omitempty"`  // Period, Comma...
	ThousandSeparator string `json:"thousand_separator,omitempty"` // Comma, Period, Space...
	DecimalPlaces     string `json:"decimal_places,omitempty"`     // "2"
}

func (c *Currency) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c Currency) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// CreatedBy is who added the currency.
func (c *Currency) CreatedBy() *Lookup { return c.fields().lookup("created_by") }

// ModifiedBy is who changed it last.
func (c *Currency) ModifiedBy() *Lookup { return c.fields().lookup("modified_by") }

// CreatedTime is when it was added.
func (c *Currency) CreatedTime() time.Time { return c.fields().time("created_time") }

// ModifiedTime is when it was changed last.
func (c *Currency) ModifiedTime() time.Time { return c.fields().time("modified_time") }

// body is what a write sends: the writable fields only.
func (c *Currency) body(withID bool) map[string]any {
	m := map[string]any{}
	for k, v := range map[string]string{"name": c.Name, "iso_code": c.ISOCode, "symbol": c.Symbol, "exchange_rate": c.ExchangeRate} {
		if v != "" {
			m[k] = v
		}
	}
	if c.Format != nil {
		m["format"] = c.Format
	}
	if c.PrefixSymbol != nil {
		m["prefix_symbol"] = *c.PrefixSymbol
	}
	if c.IsActive != nil {
		m["is_active"] = *c.IsActive
	}
	if withID && c.ID != "" {
		m["id"] = c.ID
	}
	return m
}

// List returns the org's currencies; none (multi-currency off) is an
// empty slice.
func (s *CurrenciesService) List(ctx context.Context) ([]*Currency, *Response, error) {
	var body struct {
		Currencies []*Currency `json:"currencies"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "org/currencies"}, &body)
	if err != nil {
		return nil, resp, err
	}
	if body.Currencies == nil {
		body.Currencies = []*Currency{}
	}
	return body.Currencies, resp, nil
}

// Get returns one currency.
func (s *CurrenciesService) Get(ctx context.Context, id string) (*Currency, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	var body struct {
		Currencies []*Currency `json:"currencies"`
	}
	path := "org/currencies/" + url.PathEscape(id)
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &body)
	if err != nil {
		return nil, resp, err
	}
	if len(body.Currencies) == 0 {
		return nil, resp, noContent("currency", id, path)
	}
	return body.Currencies[0], resp, nil
}

// Create adds currencies (multi-currency must be on: EnableMultiCurrency);
// one result per currency in input order, the new id in ActionResult.ID.
func (s *CurrenciesService) Create(ctx context.Context, currencies []*Currency) ([]*ActionResult, *Response, error) {
	bodies := make([]map[string]any, len(currencies))
	for i, c := range currencies {
		if c == nil || c.ISOCode == "" || c.Name == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("currencies[%d]", i), Problem: "needs a Name and an ISOCode"}
		}
		bodies[i] = c.body(false)
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPost, Path: "org/currencies"}, "currencies", MaxCurrenciesPerWrite, bodies)
}

// Update changes currencies, each named by its ID; one result per
// currency in input order. The home currency changes with
// UpdateBaseCurrency.
func (s *CurrenciesService) Update(ctx context.Context, currencies []*Currency) ([]*ActionResult, *Response, error) {
	bodies := make([]map[string]any, len(currencies))
	for i, c := range currencies {
		if c == nil || c.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("currencies[%d]", i), Problem: "has no id; Update needs the id of each currency"}
		}
		bodies[i] = c.body(true)
	}
	return writeKeyedBatches(ctx, s.client, Request{Method: http.MethodPut, Path: "org/currencies"}, "currencies", MaxCurrenciesPerWrite, bodies)
}

// UpdateOne changes one currency.
func (s *CurrenciesService) UpdateOne(ctx context.Context, id string, c *Currency) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if c == nil {
		return nil, nil, &ValidationError{Field: "currency", Problem: "is nil"}
	}
	return single(s.client.keyedWrite(ctx, &Request{Method: http.MethodPut, Path: "org/currencies/" + url.PathEscape(id),
		Body: map[string]any{"currencies": []map[string]any{c.body(false)}}}, "currencies", 1))
}

// EnableMultiCurrency turns multi-currency on with base as the home
// currency (POST org/currencies/actions/enable); it cannot be turned off.
func (s *CurrenciesService) EnableMultiCurrency(ctx context.Context, base *Currency) (*ActionResult, *Response, error) {
	if base == nil || base.ISOCode == "" || base.Name == "" {
		return nil, nil, &ValidationError{Field: "base", Problem: "needs a Name and an ISOCode"}
	}
	return s.client.objectResult(ctx, &Request{Method: http.MethodPost, Path: "org/currencies/actions/enable",
		Body: map[string]any{"base_currency": base.body(false)}}, "base_currency")
}

// UpdateBaseCurrency changes the home currency (PUT
// org/currencies/actions/enable).
func (s *CurrenciesService) UpdateBaseCurrency(ctx context.Context, base *Currency) (*ActionResult, *Response, error) {
	if base == nil {
		return nil, nil, &ValidationError{Field: "base", Problem: "is nil"}
	}
	return s.client.objectResult(ctx, &Request{Method: http.MethodPut, Path: "org/currencies/actions/enable",
		Body: map[string]any{"base_currency": base.body(true)}}, "base_currency")
}

// objectResult sends a call answered {key: result} (an object, not an
// array), or {key: [result]}, with 200 or, for a refusal, 400; a refused
// result is also returned as a *RecordError.
func (c *Client) objectResult(ctx context.Context, req *Request, key string) (*ActionResult, *Response, error) {
	var body map[string]json.RawMessage
	resp, err := c.Do(ctx, req, &body)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		var failed map[string]json.RawMessage
		if json.Unmarshal(apiErr.body, &failed) == nil && failed[key] != nil && failed["code"] == nil {
			body, err = failed, nil
		}
	}
	if err != nil {
		return nil, resp, err
	}
	var one ActionResult
	var list []*ActionResult
	switch raw := body[key]; {
	case json.Unmarshal(raw, &list) == nil && len(list) > 0:
		return list[0], resp, list[0].Err()
	case json.Unmarshal(raw, &one) == nil && one.Status != "":
		return &one, resp, one.Err()
	}
	return nil, resp, fmt.Errorf("zcrm: %s %s: Zoho's answer has no %s result", req.Method, req.Path, key)
}
