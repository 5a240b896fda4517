package sdk

import (
	"context"
	"iter"
)

// ZiaPeopleEnrichmentService asks Zia to enrich what the org knows of a
// person (crm-oas group zia_people_enrichment, /__zia_people_enrichment):
// from a name, an email, a company or social profiles, Zia finds their
// designation, company, experience, addresses... A request is a
// background job, as for orgs (ZiaOrgEnrichmentService): Create, then
// Get or Wait. OAuth scope: ZohoCRM.settings.intelligence.ALL (or .READ,
// .CREATE).
type ZiaPeopleEnrichmentService service

// PeopleEnrichment is a request to enrich a person, with what Zia found.
// Fields without a Go field are kept in Extra.
type PeopleEnrichment struct {
	ID string `json:"id,omitempty"`
	// Status is EnrichmentScheduled, EnrichmentCompleted, EnrichmentFailed
	// or EnrichmentDataNotFound.
	Status        string               `json:"status,omitempty"`
	EnrichBasedOn *PersonEnrichBasedOn `json:"enrich_based_on,omitempty"`
	EnrichedData  *EnrichedPerson      `json:"enriched_data,omitempty"`
	CreatedBy     *UserRef             `json:"created_by,omitempty"`
	CreatedTime   string               `json:"created_time,omitempty"`

	kept
}

func (e *PeopleEnrichment) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e PeopleEnrichment) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// Done reports whether the request has ended.
func (e *PeopleEnrichment) Done() bool { return enrichmentDone(e.Status) }

// PersonEnrichBasedOn is what Zia starts from: one of them at least.
type PersonEnrichBasedOn struct {
	Name    string           `json:"name,omitempty"`
	Email   string           `json:"email,omitempty"`
	Company *EnrichCompany   `json:"company,omitempty"`
	Social  *EnrichSocialIDs `json:"social,omitempty"`

	kept
}

func (b *PersonEnrichBasedOn) UnmarshalJSON(data []byte) error { return decodeKept(data, b) }
func (b PersonEnrichBasedOn) MarshalJSON() ([]byte, error)     { return encodeKept(&b) }

// EnrichCompany is the company a person works for.
type EnrichCompany struct {
	Name    string `json:"name,omitempty"`
	Website string `json:"website,omitempty"`

	kept
}

func (c *EnrichCompany) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c EnrichCompany) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// EnrichSocialIDs are a person's social profiles.
type EnrichSocialIDs struct {
	LinkedIn string `json:"linkedin,omitempty"`
	Twitter  string `json:"twitter,omitempty"`
	Facebook string `json:"facebook,omitempty"`

	kept
}

func (s *EnrichSocialIDs) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s EnrichSocialIDs) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

// EnrichedPerson is what Zia found of a person. Fields without a Go field
// (educations, skills, interests, other contacts...) are kept in Extra.
type EnrichedPerson struct {
	ID               string `json:"id,omitempty"`
	Name             string `json:"name,omitempty"`
	FirstName        string `json:"first_name,omitempty"`
	MiddleName       string `json:"middle_name,omitempty"`
	LastName         string `json:"last_name,omitempty"`
	Gender           string `json:"gender,omitempty"`
	Designation      string `json:"designation,omitempty"`
	PrimaryEmail     string `json:"primary_email,omitempty"`
	PrimaryContact   string `json:"primary_contact,omitempty"`
	SecondaryContact string `json:"secondary_contact,omitempty"`
	Website          string `json:"website,omitempty"`

	EmailInfos         []*EnrichedEmail       `json:"email_infos,omitempty"`
	CompanyInfo        *EnrichedCompany       `json:"company_info,omitempty"`
	PrimaryAddressInfo *EnrichedPlace         `json:"primary_address_info,omitempty"`
	AddressListInfo    []*EnrichedPlace       `json:"address_list_info,omitempty"`
	SocialMedia        []*EnrichedSocialMedia `json:"social_media,omitempty"`

	kept
}

func (p *EnrichedPerson) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p EnrichedPerson) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

// EnrichedEmail is an address of a person's, of a Type (work...).
type EnrichedEmail struct {
	Type  string `json:"type,omitempty"`
	Email string `json:"email,omitempty"`

	kept
}

func (e *EnrichedEmail) UnmarshalJSON(b []byte) error { return decodeKept(b, e) }
func (e EnrichedEmail) MarshalJSON() ([]byte, error)  { return encodeKept(&e) }

// EnrichedCompany is a person's company and their posts.
type EnrichedCompany struct {
	Name        string                `json:"name,omitempty"`
	Industries  []*EnrichedIndustry   `json:"industries,omitempty"`
	Experiences []*EnrichedExperience `json:"experiences,omitempty"`

	kept
}

func (c *EnrichedCompany) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c EnrichedCompany) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// EnrichedExperience is a post a person held.
type EnrichedExperience struct {
	CompanyName string `json:"company_name,omitempty"`
	Title       string `json:"title,omitempty"`
	StartDate   string `json:"start_date,omitempty"`
	EndDate     string `json:"end_date,omitempty"`
	Primary     *bool  `json:"primary,omitempty"`

	kept
}

func (x *EnrichedExperience) UnmarshalJSON(b []byte) error { return decodeKept(b, x) }
func (x EnrichedExperience) MarshalJSON() ([]byte, error)  { return encodeKept(&x) }

// EnrichedPlace is where a person lives or works.
type EnrichedPlace struct {
	Name      string `json:"name,omitempty"`
	Region    string `json:"region,omitempty"`
	Country   string `json:"country,omitempty"`
	Continent string `json:"continent,omitempty"`
	Primary   *bool  `json:"primary,omitempty"`

	kept
}

func (p *EnrichedPlace) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p EnrichedPlace) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

var peopleEnrichments = keyed[PeopleEnrichment]{path: "__zia_people_enrichment", key: "__zia_people_enrichment", what: "people enrichment"}

// Create asks Zia to enrich a person from basedOn, for the person a record
// of module (Leads or Contacts) stands for (recordID; "" for none). The
// result's ID is the request's, for Get and Wait.
func (s *ZiaPeopleEnrichmentService) Create(ctx context.Context, module, recordID string, basedOn *PersonEnrichBasedOn) (*ActionResult, *Response, error) {
	if basedOn == nil {
		return nil, nil, &ValidationError{Field: "enrich_based_on", Problem: "is nil"}
	}
	return requestEnrichment(ctx, s.client, peopleEnrichments, module, recordID, &PeopleEnrichment{EnrichBasedOn: basedOn})
}

// List returns one page of the org's people enrichment requests (opts may
// be nil); none is an empty slice.
func (s *ZiaPeopleEnrichmentService) List(ctx context.Context, opts *EnrichmentListOptions) ([]*PeopleEnrichment, *Response, error) {
	return peopleEnrichments.list(ctx, s.client, opts.values())
}

// All iterates over the requests of every page.
func (s *ZiaPeopleEnrichmentService) All(ctx context.Context, opts *EnrichmentListOptions) iter.Seq2[*PeopleEnrichment, error] {
	return peopleEnrichments.all(ctx, s.client, opts.values())
}

// Get returns the request with this id: its status, and what Zia found.
func (s *ZiaPeopleEnrichmentService) Get(ctx context.Context, id string) (*PeopleEnrichment, *Response, error) {
	return peopleEnrichments.get(ctx, s.client, id, nil)
}

// Wait polls the request with this id (backoff as opts says) until it has
// ended, and returns it then.
func (s *ZiaPeopleEnrichmentService) Wait(ctx context.Context, id string, opts *WaitOptions) (*PeopleEnrichment, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	return job[PeopleEnrichment, *PeopleEnrichment]{what: "people enrichment"}.wait(ctx, id, opts, func(ctx context.Context) (*PeopleEnrichment, *Response, error) {
		return s.Get(ctx, id)
	})
}
