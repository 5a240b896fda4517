package sdk

import "context"

// Record-level sharing of emails (crm-oas group record_share_email,
// {module}/[{id}/]actions/share_emails and unshare_emails): the emails of
// a record, shared with the org's other users or no longer. Zoho takes it
// for Leads, Contacts and custom modules. OAuth scope:
// ZohoCRM.modules.ALL, or ZohoCRM.modules.{module}.ALL (or .CREATE).

// MaxShareEmailsIDs is the most records one ShareMany or UnshareMany call
// takes; the SDK splits longer lists.
const MaxShareEmailsIDs = 200

var (
	shareEmails   = recordAction{name: "share_emails", maxIDs: MaxShareEmailsIDs}
	unshareEmails = recordAction{name: "unshare_emails", maxIDs: MaxShareEmailsIDs}
)

// Share shares the emails of a record with the org's other users. Emails
// shared already are refused with Zoho's ALREADY_SHARED.
func (s *EmailsService) Share(ctx context.Context, module, recordID string) (*ActionResult, *Response, error) {
	return shareEmails.one(ctx, s.client, module, recordID, nil)
}

// ShareMany shares the emails of records; one result per id in input
// order.
func (s *EmailsService) ShareMany(ctx context.Context, module string, recordIDs ...string) ([]*ActionResult, *Response, error) {
	return shareEmails.many(ctx, s.client, module, recordIDs, nil)
}

// Unshare stops sharing the emails of a record. Emails not shared are
// refused with Zoho's NOT_SHARED.
func (s *EmailsService) Unshare(ctx context.Context, module, recordID string) (*ActionResult, *Response, error) {
	return unshareEmails.one(ctx, s.client, module, recordID, nil)
}

// UnshareMany stops sharing the emails of records; one result per id in
// input order.
func (s *EmailsService) UnshareMany(ctx context.Context, module string, recordIDs ...string) ([]*ActionResult, *Response, error) {
	return unshareEmails.many(ctx, s.client, module, recordIDs, nil)
}
