package sdk

import (
	"fmt"
	"strings"
)

// LayoutZohoV8 is the token_store_layout of Zoho's v8 SDKs (Python, Java,
// Node): the MySQL store keeps the tokens in their oauthtoken table, the
// file store in their token file, where a service using one of those SDKs
// finds them, and the reverse.
const LayoutZohoV8 = "zoho_v8"

// zohoV8 reports whether the configuration asks for LayoutZohoV8.
func (c Config) zohoV8() bool {
	return strings.EqualFold(strings.TrimSpace(c.TokenStoreLayout), LayoutZohoV8)
}

// checkLayout checks token_store_layout and db_table_name.
func checkLayout(c Config) []string {
	var invalid []string
	layout := strings.TrimSpace(c.TokenStoreLayout)
	if layout != "" && !c.zohoV8() {
		invalid = append(invalid, fmt.Sprintf("token_store_layout: %q is not a layout; leave it empty for zcrm's own, or set %s to share the tokens with Zoho's v8 SDKs", c.TokenStoreLayout, LayoutZohoV8))
	}
	if c.DBTableName != "" && !c.zohoV8() {
		invalid = append(invalid, fmt.Sprintf("db_table_name needs token_store_layout=%s: the seed's table is always oauthtokens", LayoutZohoV8))
	}
	return invalid
}
