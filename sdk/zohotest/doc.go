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
// # Data centres
//
// Zoho runs separate data centres (DCs): US, EU, IN, AU, JP, CA, SA, CN, each
// with its own accounts server and API domain; a user lives in one, and
// each DC is a CRM org of its own. NewMultiDC emulates several:
//
//	m := zohotest.NewMultiDC(zohotest.WithDataCenters("us", "eu", "in"))
//	defer m.Close()
//	for _, dc := range m.DataCenters() { // Location, Name, AccountsURL, APIURL
//		...
//	}
//	hans := m.AddUser("eu", zohotest.User{FirstName: "Hans", LastName: "Müller", Email: "hans@zylker.eu"})
//	m.DC("eu").Records("Leads").Insert(map[string]any{"Last_Name": "Iyer", "Company": "Zylker"})
//	m.SetRedirectURI(m.ClientID, app.URL+"/callback") // the web app under test
//
// m.DC(location) is that DC's *Server, with all of the API below (users,
// records, tokens, Counters, faults). Each DC's accounts server answers on
// AccountsURL and serves only /oauth/; its CRM on APIURL serves only /crm/,
// so a test proves where each request went with the DC's Counters
// (m.Counters() has them all, by location). Token answers carry the DC's
// APIURL as api_domain. Every DC starts with an administrator of its own
// (p.boyle@zylker.com in the US, k.becker@zylker.eu in the EU,
// a.sharma@zylker.in in India...), and AddUser refuses an email another DC
// holds.
//
// The DCs share one clock (m.Advance, m.SetNow; a DC's Advance is every
// DC's) and one client registry: RegisterClient(MultiDCClient{...})
// registers one client id in every DC (or those of Locations), with one
// secret for all of them or, with PerDCSecrets, one per DC (the API
// console's Multi-DC setting). m.ClientID and m.ClientSecret are a client
// registered at creation with one secret. m.ExpireAccessTokens expires every
// DC's tokens; m.GrantToken and m.IssueTokens mint in the user's DC.
//
// A DC knows only its own grant codes, tokens and client secrets, and
// answers others as Zoho does: a grant code or refresh token of another DC
// is invalid_code (HTTP 200, as every token error); another DC's client
// secret, or a client not enabled in this DC, is invalid_client; an access
// token of another DC gets 401 INVALID_TOKEN from the CRM and
// invalid_token from user info; revoking another DC's token is 400
// invalid_token. GET /oauth/serverinfo maps location codes to accounts
// servers (China only to itself, as it is separate at Zoho).
//
// # The consent page
//
// GET {accounts}/oauth/v2/auth checks client_id, redirect_uri (the client's
// registered one) and response_type=code, answering 400 with no redirect
// when one is wrong, then shows an HTML page: the app's name, the scopes it
// asks for, an email field (id "email", with the emulator's users as
// suggestions) and the buttons Accept (id "accept") and Reject (id
// "reject"). The form posts back to the same path with a random page token
// that answers once and lives 30 minutes of the emulator's clock; a
// replayed, forged or expired one gets 403. An unknown email shows the page
// again with an error.
//
// As at Zoho, the login may start at one accounts server (the app's) and
// end in the user's DC: Accept mints the grant code in the user's DC and
// redirects (302) to redirect_uri, keeping its own query, with
// code, location (the user's DC, lowercase), accounts-server (that DC's
// accounts URL) and state (when one was sent), URL-encoded:
// ?code=1000...&location=eu&accounts-server=http%3A%2F%2F127.0.0.1%3A40123&state=....
// Reject redirects with error=access_denied, location and accounts-server
// of the DC that showed the page, and state (Zoho's exact refusal is
// unconfirmed; read error first). ConsentsAccepted and ConsentsRejected
// count the answers at the DC that showed the page.
//
// Tests without a browser skip the page: m.SetConsentUser(email) approves
// at once for that user, in their DC (empty brings the page back).
// NewServer approves at once for Admin, as it always did, unless
// WithConsentPage; Server.SetConsentUser picks the user.
//
// zcrm emulator --dcs us,eu,in serves a MultiDC on fixed ports (WithBasePort)
// and prints Describe (the URLs, the client and a user of each DC) with
// the ZCRM_ variables that point an application at every DC.
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
//     RevokeRefreshToken, RevokeAccessTokens (every access token of a user
//     at once, as Zoho does on a password change; refresh tokens stay
//     good), AccessTokensMinted, RefreshTokenInfo;
//     WithAccessTokenLifetime, WithGrantTokenLifetime, WithRefreshThrottle,
//     WithLegacyExpiresIn (expires_in_sec, and expires_in in milliseconds).
//   - Clients and users: RegisterClient, SetRedirectURI, WithRedirectURI,
//     AddUser, Admin, User, Users, SetConsentUser, WithConsentPage; the
//     org: Org, SetOrg.
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
// /oauth/v2/token/revoke, GET /oauth/user/info, GET /oauth/serverinfo,
// GET and POST /oauth/v2/auth (the consent page, above).
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
