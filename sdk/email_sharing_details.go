package sdk

import "context"

// EmailSharingDetails says whose emails of a record are shared and which
// kinds of emails can be seen (crm-oas group email_sharing_details).
// Fields without a Go field are kept in Extra.
type EmailSharingDetails struct {
	// ShareFromUsers are the users who share their emails of the record.
	ShareFromUsers []EmailSharer `json:"share_from_users,omitempty"`
	// AvailableTypes are whose emails the record's emails can be shown
	// with: emails_sent_from_crm, all_contacts_emails,
	// all_imap_shared_users, all_emails...
	AvailableTypes []string `json:"available_types,omitempty"`

	kept
}

func (d *EmailSharingDetails) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d EmailSharingDetails) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// EmailSharer is a user who shares their emails; Type is their mailbox's
// kind (imap, pop).
type EmailSharer struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
	Type string `json:"_type,omitempty"`
}

var emailSharingDetails = keyed[EmailSharingDetails]{path: "{}/{}/__emails_sharing_details", key: "__emails_sharing_details", what: "email sharing details"}

// SharingDetails reports how the emails of a record are shared (GET
// {module}/{id}/__emails_sharing_details). OAuth scope:
// ZohoCRM.modules.emails.READ with the module's READ (crm-oas names
// ZohoCRM.settings.emails.ALL).
func (s *EmailsService) SharingDetails(ctx context.Context, module, recordID string) (*EmailSharingDetails, *Response, error) {
	if err := requireRecord(module, recordID); err != nil {
		return nil, nil, err
	}
	return emailSharingDetails.in(module, recordID).one(ctx, s.client, nil)
}
