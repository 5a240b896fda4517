package sdk

import "context"

// The currencies Zoho supports, which the org may add (crm-oas group
// available_currencies, GET org/currencies/actions/available_currencies),
// are read by CurrenciesService.Available. OAuth scope:
// ZohoCRM.settings.currencies.READ (or .ALL).

// AvailableCurrency is a currency Zoho supports, with its default format.
// Fields without a Go field are kept in Extra.
type AvailableCurrency struct {
	ISOCode      string `json:"iso_code,omitempty"`
	DisplayName  string `json:"display_name,omitempty"`  // "US Dollar"
	DisplayValue string `json:"display_value,omitempty"` // "USD - US Dollar"
	Symbol       string `json:"symbol,omitempty"`
	// DecimalPlaces ("2"), DecimalSeparator and ThousandSeparator ("Period",
	// "Comma") are the format a currency added with no format takes.
	DecimalPlaces     string `json:"decimal_places,omitempty"`
	DecimalSeparator  string `json:"decimal_separator,omitempty"`
	ThousandSeparator string `json:"thousand_separator,omitempty"`

	kept
}

func (a *AvailableCurrency) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a AvailableCurrency) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

var availableCurrencies = keyed[AvailableCurrency]{path: "org/currencies/actions/available_currencies",
	key: "available_currencies", what: "available currency"}

// Available returns every currency Zoho supports (crm-oas group
// available_currencies): those the org may add with Create, by ISO code.
func (s *CurrenciesService) Available(ctx context.Context) ([]*AvailableCurrency, *Response, error) {
	return availableCurrencies.list(ctx, s.client, nil)
}
