package zohotest

import (
	"strconv"
	"strings"
)

// apiVersion is the {version} segment of /crm/{version}/..., such as v2,
// v2.1 or v8. Handlers read it to answer the way that version does.
type apiVersion struct {
	major, minor int
}

// Versions the emulator answers to. Zoho's current version is v8.
const (
	minVersion = 2
	maxVersion = 8
)

// Version-dependent behaviour, keyed by the first major version that has it
// (see reference/zoho-api.md and the payloads). One place to adjust when a
// fact turns out to start elsewhere.
const (
	sinceSortInfo       = 3 // list info carries sort_by and sort_order
	sinceJSONPath       = 4 // per-record errors carry details.json_path; DUPLICATE_DATA details gain duplicate_record
	sinceMultiStatus    = 4 // mixed per-record results answer 207 (202 before)
	sincePageToken      = 5 // info.next_page_token; page_token continues past 2000 records
	sinceApprovalState  = 8 // success details carry $approval_state
	sinceFieldsRequired = 8 // GET {module} requires the fields parameter

	// Lead conversion answers {code, details: {module: {name, id}}, ...};
	// v2 answers {module: id} (reference/zoho-api.md).
	sinceConvertEnvelope = 3
	// Lead conversion takes move_attachments_to (v7 docs and crm-oas v8).
	sinceMoveAttachments = 7
	// COQL: LIMIT takes up to 2000 (200 before; documented for Zoho's v4
	// platform API), and LIMIT and OFFSET reach 100,000 records (10,000
	// before; documented for v7 and v8).
	sinceCOQLLimit2000 = 4
	sinceCOQLReach100k = 7

	// What hangs off records (notes.go, attachments.go, tags.go).
	sinceTagsBody                 = 3 // add_tags/remove_tags read a JSON body ({"tags":[...],"ids":[...]}); before, tag_names and ids in the query
	sinceTagBulkCounts            = 7 // bulk add/remove_tags answers carry success_count and locked_count (v7 sample)
	sinceTagDeleteArray           = 8 // DELETE settings/tags/{id} answers "tags" as an array (crm-oas v8); the v7 doc shows an object
	sinceNoteTitleOrContent       = 8 // a note needs a title or a content (EXPECTED_FIELD_MISSING); before, Note_Content is mandatory
	sinceUploadDetails            = 8 // attachment upload details carry times and users (v8 sample); v2's carry the id only
	sinceAttachmentFieldsRequired = 8 // GET {module}/{id}/Attachments requires fields (crm-oas v8)

	// Users carry name_format__s (name_format before), with
	// sort_order_preference__s, type__s, status_reason__s and the shift
	// keys: in the v7 docs and the v8 samples; v2's samples have
	// name_format, and the first version with __s is unconfirmed.
	sinceUserSystemKeys = 7

	// Settings answers carry the keys of Zoho's v8 samples instead of
	// v2's: custom views' access_type and shared_to (shared_type and
	// shared_details before), their users and times; layouts' and
	// sections' v8 keys; roles' __s audit keys and forecast_manager
	// (admin_user before); profiles' api_name, custom, type and times
	// (category before), and a paging info. The first version with the v8
	// keys is unconfirmed.
	sinceSettingsV8Keys = 8

	// Settings answers name modules and fields by {"api_name","id"} objects
	// instead of their API names (related_lists module, custom view fields
	// and sort_by, a lookup field's module). v2 samples have names, v8 ones
	// objects; the first version with objects is unconfirmed.
	sinceObjectRefs = 8
)

// parseVersion reads "v2", "v2.1", "v8"... and refuses anything else.
func parseVersion(s string) (apiVersion, bool) {
	num, ok := strings.CutPrefix(s, "v")
	if !ok {
		return apiVersion{}, false
	}
	majorText, minorText, hasMinor := strings.Cut(num, ".")
	major, err := strconv.Atoi(majorText)
	if err != nil || strconv.Itoa(major) != majorText || major < minVersion || major > maxVersion {
		return apiVersion{}, false
	}
	v := apiVersion{major: major}
	if hasMinor {
		minor, err := strconv.Atoi(minorText)
		if err != nil || minor < 0 || strconv.Itoa(minor) != minorText {
			return apiVersion{}, false
		}
		v.minor = minor
	}
	return v, true
}

func (v apiVersion) atLeast(major int) bool { return v.major >= major }

func (v apiVersion) String() string {
	if v.minor == 0 {
		return "v" + strconv.Itoa(v.major)
	}
	return "v" + strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor)
}
