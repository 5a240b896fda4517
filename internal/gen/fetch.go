package gen

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/zcrm-go/zcrm/sdk"
)

// Fetch reads an org's metadata through c: the modules (only those named,
// when some are; else every module the API supports) with their fields,
// and the fields of the subforms they use.
func Fetch(ctx context.Context, c *sdk.Client, only []string) (*Metadata, error) {
	modules, _, err := c.Modules.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("zcrm gen: listing the modules: %w", err)
	}
	md := &Metadata{}
	byName := map[string]*Module{}
	add := func(m *Module) error {
		fields, _, err := c.Fields.List(ctx, m.APIName, nil)
		if err != nil {
			return fmt.Errorf("zcrm gen: the fields of %s: %w", m.APIName, err)
		}
		m.Fields = fields
		md.Modules = append(md.Modules, m)
		byName[m.APIName] = m
		return nil
	}
	for _, m := range modules {
		wanted := slices.Contains(only, m.APIName) || (len(only) == 0 && (m.APISupported || m.GeneratedType == "subform"))
		if !wanted {
			continue
		}
		if err := add(&Module{APIName: m.APIName, SingularLabel: m.SingularLabel, PluralLabel: m.PluralLabel, GeneratedType: m.GeneratedType}); err != nil {
			return nil, err
		}
	}
	for _, name := range only {
		if byName[name] == nil {
			return nil, fmt.Errorf("zcrm gen: the org has no module %q", name)
		}
	}
	// The subforms' rows are modules of their own, which Zoho may not list.
	for i := 0; i < len(md.Modules); i++ {
		for _, f := range md.Modules[i].Fields {
			sub := detailsOf(f).subformModule()
			if f.DataType != "subform" || sub == "" || byName[sub] != nil {
				continue
			}
			err := add(&Module{APIName: sub, GeneratedType: "subform"})
			var apiErr *sdk.APIError
			if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest {
				continue // rows Zoho describes no fields of (line items): []sdk.Record
			}
			if err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(md.Modules, func(a, b *Module) int {
		switch {
		case a.APIName < b.APIName:
			return -1
		case a.APIName > b.APIName:
			return 1
		}
		return 0
	})
	return md, nil
}
