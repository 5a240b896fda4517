package sdk

import (
	"context"
	"net/http"
)

// FromAddress is an address the user may send mail from. Fields without a
// Go field are kept in Extra.
type FromAddress struct {
	UserName string `json:"user_name,omitempty"`
	Type     string `json:"type,omitempty"` // primary, imap, org_email...
	Email    string `json:"email"`
	ID       string `json:"id,omitempty"` // for org emails

	kept
}

func (a *FromAddress) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a FromAddress) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

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
