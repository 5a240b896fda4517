// Package zohotest is an in-memory Zoho: the accounts server (OAuth) and the
// CRM REST API, served over a real socket for tests, benchmarks and demos,
// the way net/http/httptest serves a handler.
//
// No public Zoho CRM emulator exists; this one answers with Zoho's shapes
// (status codes, error envelopes, per-record results, info objects) and
// enforces Zoho's limits: a grant code is single-use and lives minutes, an
// access token an hour, a refresh token mints at most 10 access tokens in
// 10 minutes, a write takes at most 100 records, a page at most 200, and
// page-based listing stops at record 2000.
//
// # Starting one
//
//	s := zohotest.NewServer()
//	defer s.Close()
//	// accounts_url and api_base_url are both s.URL;
//	// the default OAuth client is s.ClientID / s.ClientSecret / s.RedirectURI;
//	// the default user is s.Admin() (p.boyle@zylker.com, an administrator).
//	code := s.GrantToken(s.ClientID, s.Admin().Email)
//
// POST code to s.URL+"/oauth/v2/token" (grant_type=authorization_code,
// client_id, client_secret, redirect_uri, code) to get access and refresh
// tokens, then call s.URL+"/crm/v2/users?type=CurrentUser" with the header
// "Authorization: Zoho-oauthtoken <access token>". Any version from v2 to
// v8 (v2.1 too) works in the path, and answers the way that version does.
//
// # Time
//
// The emulator has its own clock (Now, Advance, SetNow; WithClock,
// WithFrozenClock). Token and grant expiry, the refresh throttle window, the
// API credit window, page-token expiry and record timestamps read it, so a
// test expires tokens with s.Advance(time.Hour) instead of waiting.
//
// # What a test can control and observe
//
//   - Tokens: GrantToken, IssueTokens, ExpireAccessTokens,
//     RevokeRefreshToken, AccessTokensMinted, RefreshTokenInfo;
//     WithAccessTokenLifetime, WithGrantTokenLifetime, WithRefreshThrottle,
//     WithLegacyExpiresIn (expires_in_sec, and expires_in in milliseconds).
//   - Clients and users: RegisterClient, AddUser, Admin, User, Users,
//     SetConsentUser; the org: Org, SetOrg.
//   - Faults: InjectFault(Fault{...}) answers a status (with headers such as
//     Retry-After), adds latency, drops the connection or cuts the answer
//     short, before handling the request or after it (AfterHandling: the
//     write happened, the client saw a failure), for matching requests on
//     accounts or CRM paths, a number of Times or until removed; ClearFaults.
//   - Limits: WithAPICredits (a budget of CRM calls per window, past which
//     the CRM answers 429), WithConcurrencyLimit, RateLimit, SetAPICredits.
//   - Counters: token exchanges, refreshes (done and throttled),
//     revocations, user-info calls, CRM requests by path, and whether any
//     accounts request carried a secret in its query string; ResetCounters.
//   - Data: Records(module) seeds records without HTTP (Insert) and reads
//     back what the API stored (Get, List, Deleted); Module, Modules,
//     AddModule and AddField describe and extend the metadata; Link
//     relates two records (Campaigns and Leads, Products and Price_Books...).
//   - Org settings: AddTax and Taxes; AddVariable, Variables,
//     AddVariableGroup and VariableGroups; AddRole, Roles, AddProfile and
//     Profiles (a user's role or profile that does not exist is added).
//
// # The API it serves
//
// Accounts: POST /oauth/v2/token (authorization_code and refresh_token,
// parameters in the form body or the query string), POST
// /oauth/v2/token/revoke, GET /oauth/user/info, GET /oauth/v2/auth (a
// consent page that approves at once and redirects with the code).
//
// CRM, under /crm/{version}/: users (by type, by id), org, and records of
// every module (Leads, Contacts, Accounts, Deals, Products, Quotes,
// Sales_Orders, Purchase_Orders, Invoices, Tasks, Events, Calls, Campaigns,
// Vendors, Price_Books, Cases, Solutions, Notes, and any added): list with
// fields, sort_by, sort_order, page, per_page, page_token (v5+), cvid, ids,
// converted, approved and If-Modified-Since; get; create, update and upsert
// of up to 100 records with one result per record; delete; search by
// criteria, email, phone or word; the recycle bin (deleted); mass update;
// lead conversion (Leads/{id}/actions/convert); and COQL queries (POST
// coql) with LIMIT and OFFSET within each version's limits.
//
// What hangs off a record: its notes ({module}/{id}/Notes, and POST
// Notes naming each note's record; notes are records of the Notes
// module), attachments (multipart upload of a file or a link, list,
// download, delete; notes' too), its photo, its tags (add_tags and
// remove_tags, on one record or many, in the version's wire format) and
// the module's tags under settings/tags, and blueprints, which a test
// describes with AddBlueprint. Uploads are capped as Zoho caps them
// (SetUploadLimits lowers the caps).
//
// Org and settings, under the same prefix: users (create one a call,
// update, delete, search by criteria and type), org/taxes (list, get,
// create, update, delete one or many), settings/variables and
// settings/variable_groups, settings/profiles, settings/roles, and, derived
// from the module metadata, settings/modules, settings/fields,
// settings/layouts (one Standard layout a module), settings/custom_views
// (list, get, update) and settings/related_lists. Related records:
// {module}/{id}/{related_list} lists the records a lookup points from
// (Contacts of an Account, Notes by Parent_Id) or a many-to-many relation
// links (Campaigns with Leads and Contacts; Products with Leads, Accounts,
// Contacts, Deals and Price_Books), and PUT and DELETE
// {module}/{id}/{related_list}/{related_id} link and delink the latter.
//
// Handlers live one file per resource, each registering its routes with
// handleCRM from an init function; a new resource is a new file.
package zohotest
