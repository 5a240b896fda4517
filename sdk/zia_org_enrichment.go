package sdk

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// ZiaOrgEnrichmentService asks Zia to enrich what the org knows of a
// company (crm-oas group zia_org_enrichment, /__zia_org_enrichment): from
// its name, an email or its website, Zia finds its size, industry,
// address, people to contact... A request is a background job: Create
// schedules it, Get reads its status and, once COMPLETED, the data found,
// and Wait polls until it has ended. Each completed request uses a credit
// of the data enrichment feature (Features.DataEnrichment). OAuth scope:
// ZohoCRM.settings.intelligence.ALL (or .READ, .CREATE).
type ZiaOrgEnrichmentService service

// OrgEnrichment is a request to enrich an org, with what Zia found.
// Fields without a Go field are kept in Extra.
type OrgEnrichment struct {
	ID string `json:"id,omitempty"`
	// Status is one of EnrichmentScheduled, EnrichmentCompleted,
	// EnrichmentFailed or EnrichmentDataNotFound.
	Status        string            `json:"status,omitempty"`
	EnrichBasedOn *OrgEnrichBasedOn `json:"enrich_based_on,omitempty"`
	EnrichedData  *EnrichedOrg      `json:"enriched_data,omitempty"`
	CreatedBy     *UserRef          `json:"created_by,omitempty"`
	CreatedTime   string            `json:"created_time,omitempty"`

	kept
}

func (e *OrgEnrichment) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e OrgEnrichment) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// Done reports whether the request has ended (completed, failed, or no
// data found).
func (e *OrgEnrichment) Done() bool { return enrichmentDone(e.Status) }

// The statuses of an enrichment request.
const (
	EnrichmentScheduled    = "SCHEDULED"
	EnrichmentCompleted    = "COMPLETED"
	EnrichmentFailed       = "FAILED"
	EnrichmentDataNotFound = "DATA_NOT_FOUND"
)

func enrichmentDone(status string) bool { return status != "" && status != EnrichmentScheduled }

// OrgEnrichBasedOn is what Zia starts from: one of them at least.
type OrgEnrichBasedOn struct {
	Name    string `json:"name,omitempty"`
	Email   string `json:"email,omitempty"`
	Website string `json:"website,omitempty"`

	kept
}

func (b *OrgEnrichBasedOn) UnmarshalJSON(data []byte) error { return decodeKept(data, b) }
func (b OrgEnrichBasedOn) MarshalJSON() ([]byte, error)     { return encodeKept(&b) }

// EnrichedOrg is what Zia found of an org. Fields without a Go field
// (other emails and contacts, sign-in pages, techno-graphic data...) are
// kept in Extra.
type EnrichedOrg struct {
	ID             string `json:"id,omitempty"`
	Name           string `json:"name,omitempty"`
	Website        string `json:"website,omitempty"`
	Logo           string `json:"logo,omitempty"`
	CEO            string `json:"ceo,omitempty"`
	Revenue        string `json:"revenue,omitempty"`
	NoOfEmployees  string `json:"no_of_employees,omitempty"`
	FoundingYear   string `json:"founding_year,omitempty"`
	OrgType        string `json:"org_type,omitempty"`
	OrgStatus      string `json:"org_status,omitempty"`
	PrimaryEmail   string `json:"primary_email,omitempty"`
	PrimaryContact string `json:"primary_contact,omitempty"`

	Industries   []*EnrichedIndustry    `json:"industries,omitempty"`
	HeadQuarters []*EnrichedAddress     `json:"head_quarters,omitempty"`
	Address      []*EnrichedAddress     `json:"address,omitempty"`
	SocialMedia  []*EnrichedSocialMedia `json:"social_media,omitempty"`

	kept
}

func (o *EnrichedOrg) UnmarshalJSON(b []byte) error { return decodeKept(b, o) }
func (o EnrichedOrg) MarshalJSON() ([]byte, error)  { return encodeKept(&o) }

// EnrichedIndustry is an industry Zia found an org (or a person's
// company) in.
type EnrichedIndustry struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`

	kept
}

func (i *EnrichedIndustry) UnmarshalJSON(b []byte) error { return decodeKept(b, i) }
func (i EnrichedIndustry) MarshalJSON() ([]byte, error)  { return encodeKept(&i) }

// EnrichedAddress is an address of an org.
type EnrichedAddress struct {
	City        string `json:"city,omitempty"`
	State       string `json:"state,omitempty"`
	Country     string `json:"country,omitempty"`
	PinCode     string `json:"pin_code,omitempty"`
	FillAddress string `json:"fill_address,omitempty"` // the whole address, one line
	kept
}

func (a *EnrichedAddress) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a EnrichedAddress) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// EnrichedSocialMedia are an org's or a person's pages on one medium
// (MediaType: linkedin, twitter...).
type EnrichedSocialMedia struct {
	MediaType string   `json:"media_type,omitempty"`
	MediaURL  []string `json:"media_url,omitempty"`

	kept
}

func (m *EnrichedSocialMedia) UnmarshalJSON(b []byte) error { return decodeKept(b, m) }
func (m EnrichedSocialMedia) MarshalJSON() ([]byte, error)  { return encodeKept(&m) }

// EnrichmentListOptions filter, sort and page the lists of enrichment
// requests.
type EnrichmentListOptions struct {
	Status    string // only requests of this status (EnrichmentCompleted...)
	SortBy    string // a key of the requests (created_time)
	SortOrder string // asc or desc
	ListOptions
}

func (o *EnrichmentListOptions) values() url.Values {
	if o == nil {
		return nil
	}
	return o.with("status", o.Status, "sort_by", o.SortBy, "sort_order", o.SortOrder)
}

var orgEnrichments = keyed[OrgEnrichment]{path: "__zia_org_enrichment", key: "__zia_org_enrichment", what: "org enrichment"}

// requestEnrichment schedules the enrichment of entry for a record of
// module (recordID "" for none) and returns Zoho's result, whose ID is
// the request's.
func requestEnrichment[T any](ctx context.Context, c *Client, k keyed[T], module, recordID string, entry *T) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	return single(k.write(ctx, c, http.MethodPost, "", query("module", module, "record_id", recordID), []*T{entry}))
}

// Create asks Zia to enrich an org from basedOn, for the org a record of
// module (Leads or Accounts) stands for (recordID; "" for none). The
// result's ID is the request's, for Get and Wait.
func (s *ZiaOrgEnrichmentService) Create(ctx context.Context, module, recordID string, basedOn *OrgEnrichBasedOn) (*ActionResult, *Response, error) {
	if basedOn == nil {
		return nil, nil, &ValidationError{Field: "enrich_based_on", Problem: "is nil"}
	}
	return requestEnrichment(ctx, s.client, orgEnrichments, module, recordID, &OrgEnrichment{EnrichBasedOn: basedOn})
}

// List returns one page of the org's enrichment requests (opts may be
// nil); none is an empty slice.
func (s *ZiaOrgEnrichmentService) List(ctx context.Context, opts *EnrichmentListOptions) ([]*OrgEnrichment, *Response, error) {
	return orgEnrichments.list(ctx, s.client, opts.values())
}

// All iterates over the requests of every page.
func (s *ZiaOrgEnrichmentService) All(ctx context.Context, opts *EnrichmentListOptions) iter.Seq2[*OrgEnrichment, error] {
	return orgEnrichments.all(ctx, s.client, opts.values())
}

// Get returns the request with this id: its status, and what Zia found.
func (s *ZiaOrgEnrichmentService) Get(ctx context.Context, id string) (*OrgEnrichment, *Response, error) {
	return orgEnrichments.get(ctx, s.client, id, nil)
}

// Wait polls the request with this id (backoff as opts says) until it has
// ended, and returns it then.
func (s *ZiaOrgEnrichmentService) Wait(ctx context.Context, id string, opts *WaitOptions) (*OrgEnrichment, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return job[OrgEnrichment, *OrgEnrichment]{what: "org enrichment"}.wait(ctx, id, opts, func(ctx context.Context) (*OrgEnrichment, *Response, error) {
		return s.Get(ctx, id)
	})
}
