package sdk

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
)

// FromAddress is an address the user may send mail from. Fields without a
// Go field are kept in Extra.
type FromAddress struct {
	UserName string `json:"user_name,omitempty"`
	Type     string `json:"type,omitempty"` // primary, imap, org_email...
	Email    string `json:"email"`
	ID       string `json:"id,omitempty"` // for org emails

	rawJSON
}

func (a *FromAddress) UnmarshalJSON(b []byte) error {
	type plain FromAddress
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return err
	}
	a.keep(b)
	return nil
}

// MarshalJSON writes the typed fields and the extra fields Zoho sent.
func (a FromAddress) MarshalJSON() ([]byte, error) {
	type plain FromAddress
	return marshalWithExtra(plain(a), a.Extra())
}

// Extra returns the fields Zoho sent that FromAddress has no Go field for.
func (a *FromAddress) Extra() map[string]json.RawMessage {
	return a.extra(reflect.TypeFor[FromAddress]())
}

// Address is the address as a sender of Mail.
func (a *FromAddress) Address() MailAddress { return MailAddress{UserName: a.UserName, Email: a.Email} }

// FromAddresses lists the addresses the user may send mail from (GET
// settings/emails/actions/from_addresses).
func (s *MailService) FromAddresses(ctx context.Context) ([]*FromAddress, *Response, error) {
	var body struct {
		FromAddresses []*FromAddress `json:"from_addresses"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/emails/actions/from_addresses"}, &body)
	if err != nil {
		return nil, resp, err
	}
	if body.FromAddresses == nil {
		body.FromAddresses = []*FromAddress{}
	}
	return body.FromAddresses, resp, nil
}
