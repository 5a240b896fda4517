package sdk_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// Zoho's own samples of the email groups (testdata/reference/91-99, from
// its API pages): every answer decodes with no value lost, and what the
// SDK sends for a sample's request carries every value of the sample.
func TestEmailGroupsKeepZohoSamples(t *testing.T) {
	ctx := testCtx(t)
	rs, c := replayClient(t, "v8")
	sample := func(file, key string) json.RawMessage {
		b, err := os.ReadFile(filepath.Join("testdata", "reference", file))
		require.NoError(t, err)
		var samples map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(b, &samples))
		require.Contains(t, samples, key, file)
		return samples[key]
	}
	// answers replays a sample answer to a call and checks its values.
	answers := func(t *testing.T, file, key string, call documentedCall) {
		t.Helper()
		answer := sample(file, key)
		rs.queue(http.StatusOK, answer)
		got, resp, err := call(c)
		require.NoError(t, err)
		var info *sdk.PageInfo
		if resp != nil {
			info = resp.Info
		}
		for _, lost := range lostLeaves(t, answer, got, info) {
			if !strings.HasSuffix(lost, "=null") { // Zoho's null is Go's zero value
				t.Errorf("%s %s: lost %s", file, key, lost)
			}
		}
	}
	// sends checks that the request just sent carries the sample's values.
	sends := func(t *testing.T, file, key string) {
		t.Helper()
		for _, lost := range lostLeaves(t, sample(file, key), json.RawMessage(rs.lastBody())) {
			t.Errorf("%s %s: not sent: %s", file, key, lost)
		}
	}
	// entry decodes the first entry under the sample request's key.
	entry := func(file, key, under string, v any) {
		var body map[string][]json.RawMessage
		require.NoError(t, json.Unmarshal(sample(file, key), &body))
		require.NoError(t, json.Unmarshal(body[under][0], v))
	}
	t.Run("emails of a record", func(t *testing.T) {
		answers(t, "91_email_related_records.json", "sample_response_list_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.List(ctx, "Leads", "1", nil))
		})
		answers(t, "91_email_related_records.json", "sample_response_get_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Get(ctx, "Leads", "1", "abc", nil))
		})
	})
	t.Run("associate email", func(t *testing.T) {
		for _, key := range []string{"sample_request_v7_doc", "sample_request_inline_image_v7_doc", "sample_request_other_owner_v7_doc"} {
			var e sdk.AssociatedEmail
			entry("92_associate_email.json", key, "Emails", &e)
			answers(t, "92_associate_email.json", "sample_response_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
				return unwrap(c.Emails.Associate(ctx, "Deals", "1", &e))
			})
			sends(t, "92_associate_email.json", key)
		}
	})
	t.Run("unblock email", func(t *testing.T) {
		answers(t, "93_unblock_email.json", "sample_response_one_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Unblock(ctx, "Leads", "1", sdk.EmailField, sdk.SecondaryEmailField))
		})
		sends(t, "93_unblock_email.json", "sample_request_one_v7_doc")
		ids := []string{"2423488000000575001", "2423488000000569124", "2423488000000569119"}
		answers(t, "93_unblock_email.json", "sample_response_many_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.UnblockMany(ctx, "Leads", ids, sdk.EmailField, sdk.SecondaryEmailField))
		})
		sends(t, "93_unblock_email.json", "sample_request_many_v7_doc")
	})
	t.Run("email drafts", func(t *testing.T) {
		var d sdk.EmailDraft
		entry("94_email_drafts.json", "sample_request_create_v7_doc", "__email_drafts", &d)
		answers(t, "94_email_drafts.json", "sample_response_create_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Create(ctx, "Leads", "1", &d))
		})
		sends(t, "94_email_drafts.json", "sample_request_create_v7_doc")
		answers(t, "94_email_drafts.json", "sample_response_get_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Get(ctx, "Leads", "1", "d1"))
		})
		var u sdk.EmailDraft
		entry("94_email_drafts.json", "sample_request_update_v7_doc", "__email_drafts", &u)
		answers(t, "94_email_drafts.json", "sample_response_update_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Update(ctx, "Leads", "1", &u))
		})
		sends(t, "94_email_drafts.json", "sample_request_update_v7_doc")
		answers(t, "94_email_drafts.json", "sample_response_delete_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailDrafts.Delete(ctx, "Leads", "1", "d1"))
		})
	})
	t.Run("templates", func(t *testing.T) {
		answers(t, "95_email_templates.json", "sample_response_list_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.EmailTemplates.List(ctx, nil))
		})
		answers(t, "96_inventory_templates.json", "sample_response_list_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.InventoryTemplates.List(ctx, nil))
		})
	})
	t.Run("unsubscribe links", func(t *testing.T) {
		const file = "97_unsubscribe_links.json"
		answers(t, file, "sample_response_list_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.List(ctx))
		})
		for _, op := range []string{"create", "update"} {
			var l sdk.UnsubscribeLink
			entry(file, "sample_request_"+op+"_v7_doc", "unsubscribe_links", &l)
			answers(t, file, "sample_response_"+op+"_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
				if op == "create" {
					return unwrap(c.UnsubscribeLinks.Create(ctx, &l))
				}
				return unwrap(c.UnsubscribeLinks.UpdateOne(ctx, "2309216000000582123", &l))
			})
			sends(t, file, "sample_request_"+op+"_v7_doc")
		}
		answers(t, file, "sample_response_delete_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Delete(ctx, "2309216000000582097"))
		})
		answers(t, file, "sample_response_associations_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.UnsubscribeLinks.Associations(ctx))
		})
	})
	t.Run("mail merge", func(t *testing.T) {
		const file = "98_mail_merge.json"
		var m sdk.MailMergeMail
		entry(file, "sample_request_send_v7_doc", "send_mail_merge", &m)
		answers(t, file, "sample_response_send_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MailMerge.Send(ctx, "Leads", "1", &m))
		})
		sends(t, file, "sample_request_send_v7_doc")
		var s sdk.MailMergeSigning
		entry(file, "sample_request_sign_v7_doc", "sign_mail_merge", &s)
		answers(t, file, "sample_response_sign_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.MailMerge.Sign(ctx, "Leads", "1", &s))
		})
		sends(t, file, "sample_request_sign_v7_doc")
		var d sdk.MailMergeDocument
		entry(file, "sample_request_download_v7_doc", "download_mail_merge", &d)
		rs.queue(http.StatusOK, []byte("%PDF-1.4"))
		doc, _, err := c.MailMerge.Download(ctx, "Leads", "1", &d)
		require.NoError(t, err)
		require.NoError(t, doc.Close())
		sends(t, file, "sample_request_download_v7_doc")
	})
	t.Run("email sharing details", func(t *testing.T) {
		answers(t, "99_email_sharing_details.json", "sample_response_v7_doc", func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.SharingDetails(ctx, "Leads", "1"))
		})
	})
}
