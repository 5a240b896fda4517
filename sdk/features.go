package sdk

import (
	"context"
	"net/url"
	"strings"
)

// FeaturesService reads the features of the org's edition and how much of
// each the org uses (crm-oas group features, /__features): user licences,
// data enrichment credits, custom modules and fields... OAuth scope:
// ZohoCRM.settings.features.READ (or .ALL, ZohoCRM.settings.ALL).
type FeaturesService service

// Feature is a feature of the org's edition, with its limits and use, and
// the features it is made of (Components). Fields without a Go field are
// kept in Extra.
type Feature struct {
	APIName      string `json:"api_name,omitempty"`
	FeatureLabel string `json:"feature_label,omitempty"`
	// ModuleSupported: the feature's limits are per module, and Details
	// are those of the module the call names.
	ModuleSupported *bool           `json:"module_supported,omitempty"`
	Details         *FeatureDetails `json:"details,omitempty"`
	Components      []*Feature      `json:"components,omitempty"`

	kept
}

func (f *Feature) UnmarshalJSON(b []byte) error { return decodeKept(b, f) }
func (f Feature) MarshalJSON() ([]byte, error)  { return encodeKept(&f) }

// FeatureDetails are a feature's limits, use and what is left.
type FeatureDetails struct {
	Limits         *FeatureCount `json:"limits,omitempty"`
	UsedCount      *FeatureCount `json:"used_count,omitempty"`
	AvailableCount *FeatureCount `json:"available_count,omitempty"`

	kept
}

func (d *FeatureDetails) UnmarshalJSON(b []byte) error { return decodeKept(b, d) }
func (d FeatureDetails) MarshalJSON() ([]byte, error)  { return encodeKept(&d) }

// FeatureCount is a count in all (Total) and of the edition's own
// (EditionLimit, beside what add-ons bring).
type FeatureCount struct {
	Total        int `json:"total"`
	EditionLimit int `json:"edition_limit"`

	kept
}

func (c *FeatureCount) UnmarshalJSON(b []byte) error { return decodeKept(b, c) }
func (c FeatureCount) MarshalJSON() ([]byte, error)  { return encodeKept(&c) }

// FeatureListOptions select Features.List's features.
type FeatureListOptions struct {
	// Module gives the details of module-supported features for this
	// module (its API name).
	Module string
	// APINames are the features listed (all when empty).
	APINames []string
}

var features = keyed[Feature]{path: "__features", key: "__features", what: "feature"}

// List returns the org's features (opts may be nil); none is an empty
// slice.
func (s *FeaturesService) List(ctx context.Context, opts *FeatureListOptions) ([]*Feature, *Response, error) {
	var q url.Values
	if opts != nil {
		q = query("module", opts.Module, "api_names", strings.Join(opts.APINames, ","))
	}
	return features.list(ctx, s.client, q)
}

// Get returns the feature with this API name, with its details for module
// (its API name; "" for none) when the feature's limits are per module.
func (s *FeaturesService) Get(ctx context.Context, apiName, module string) (*Feature, *Response, error) {
	return features.get(ctx, s.client, apiName, query("module", module))
}

// UserLicenses returns the user licences feature: the licences bought,
// used and left (GET __features/user_licenses).
func (s *FeaturesService) UserLicenses(ctx context.Context) (*Feature, *Response, error) {
	return features.get(ctx, s.client, "user_licenses", nil)
}

// DataEnrichment returns the data enrichment feature: Zia's enrichment
// credits for orgs and people, bought, used and left (GET
// __features/data_enrichment).
func (s *FeaturesService) DataEnrichment(ctx context.Context) (*Feature, *Response, error) {
	return features.get(ctx, s.client, "data_enrichment", nil)
}
