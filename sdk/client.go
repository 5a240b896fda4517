package sdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// Client talks to Zoho CRM for one user; ForUser gives clients for others
// that share its token store, cache and connections. Services hang off it in
// the style of go-github: client.Users.Get(ctx, id).
type Client struct {
	core *core
	user string // "" means the configured or default user

	common service

	Users          *UsersService
	Org            *OrgService
	Taxes          *TaxesService
	Variables      *VariablesService
	Profiles       *ProfilesService
	Roles          *RolesService
	Modules        *ModulesService
	Fields         *FieldsService
	Layouts        *LayoutsService
	CustomViews    *CustomViewsService
	RelatedLists   *RelatedListsService
	Records        *RecordsService
	RelatedRecords *RelatedRecordsService
	Tags           *TagsService
	Notes          *NotesService
	Attachments    *AttachmentsService
	Photos         *PhotosService
	Blueprints     *BlueprintsService
	Query          *QueryService
	Composite      *CompositeService
	Mail           *MailService
	Currencies     *CurrenciesService
	Territories    *TerritoriesService
	UserGroups     *UserGroupsService
	SharedRecords  *SharedRecordsService
	RecordLocking  *RecordLockingService
	Files          *FilesService
	Notifications  *NotificationsService
	Holidays       *HolidaysService

	// Picklists, pipelines, field dependencies and wizards.
	GlobalPicklists *GlobalPicklistsService
	Pipelines       *PipelinesService
	MapDependencies *MapDependenciesService
	Wizards         *WizardsService

	// Rules and calendars.
	AssignmentRules             *AssignmentRulesService
	ScoringRules                *ScoringRulesService
	SharingRules                *SharingRulesService
	RecordLockingConfigurations *RecordLockingConfigurationsService
	DuplicateCheckPreference    *DuplicateCheckPreferenceService
	ConversionOptions           *ConversionOptionsService
	BusinessHours               *BusinessHoursService
	ShiftHours                  *ShiftHoursService
	FiscalYear                  *FiscalYearService

	// Portals and data out (issue 16, items 5 and 6).
	Portals         *PortalsService
	PortalUserTypes *PortalUserTypesService
	PortalInvites   *PortalInvitesService
	Backup          *BackupService
	AuditLogExport  *AuditLogExportService

	// Email of a record.
	Emails             *EmailsService
	EmailDrafts        *EmailDraftsService
	EmailCompose       *EmailComposeService
	UnsubscribeLinks   *UnsubscribeLinksService
	EmailTemplates     *EmailTemplatesService
	InventoryTemplates *InventoryTemplatesService
	MailMerge          *MailMergeService

	// People and territories.
	UsersUnavailability *UsersUnavailabilityService
	UserTypeUsers       *UserTypeUsersService

	// Features and preferences.
	AppointmentPreference *AppointmentPreferenceService
	CallPreferences       *CallPreferencesService
	ServicePreference     *ServicePreferenceService
	APIs                  *APIsService
	Features              *FeaturesService
	Cadences              *CadencesService

	// Data out.
	ZiaOrgEnrichment    *ZiaOrgEnrichmentService
	ZiaPeopleEnrichment *ZiaPeopleEnrichmentService
	// Record actions.
	ContactRoles *ContactRolesService
	RecycleBin   *RecycleBinService
	Timelines    *TimelinesService
	// Services are the records of the Services module (services.go).
	Services *TypedRecords[Service]
	// RescheduleHistory are the appointments rescheduled
	// (reschedule_history.go).
	RescheduleHistory *TypedRecords[RescheduledAppointment]
}

type service struct{ client *Client }

// core is what every user's Client shares.
type core struct {
	cfg       Config
	http      HTTPDoer
	logger    hclog.Logger
	logCloser io.Closer
	oauth     *oauthClient
	store     *pluginStore
	tokens    *tokenManager
	limiter   *callLimiter

	mu          sync.Mutex
	defaultUser string

	fieldMeta fieldMetaCache // field metadata for WriteOptions.Validate

	apiRequests atomic.Int64
}

// NewClient checks cfg, starts the token store plugin it selects and returns
// a Client. Close it to end the plugin process.
func NewClient(ctx context.Context, cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	logger, logCloser, err := newLogger(cfg)
	if err != nil {
		return nil, err
	}
	lc, err := launchConfig(cfg, logger.Named("store"))
	if err != nil {
		logCloser.Close()
		return nil, err
	}
	store, err := startStore(ctx, lc, cfg.ClientID, logger.Named("store"))
	if err != nil {
		logCloser.Close()
		return nil, err
	}
	httpDoer, oauthHTTP := httpClients(cfg)
	oauth := newOAuthClient(cfg, oauthHTTP)
	c := &core{
		cfg:       cfg,
		http:      httpDoer,
		logger:    logger,
		logCloser: logCloser,
		oauth:     oauth,
		store:     store,
		tokens:    newTokenManager(cfg, oauth, store, logger.Named("tokens")),
		limiter:   newCallLimiter(cfg.MaxConcurrentCalls, cfg.MaxConcurrentComplexCalls),
	}
	logger.Info("client ready", "store", cfg.Store(), "api_version", cfg.APIVersion, "accounts_url", cfg.AccountsURL)
	return newClient(c, ""), nil
}

// NewClientFromMap is NewClient for the seed's configuration dictionary.
func NewClientFromMap(ctx context.Context, m map[string]string) (*Client, error) {
	cfg, err := ConfigFromMap(m)
	if err != nil {
		return nil, err
	}
	return NewClient(ctx, cfg)
}

func newClient(c *core, user string) *Client {
	cl := &Client{core: c, user: user}
	cl.common.client = cl
	cl.Users = (*UsersService)(&cl.common)
	cl.Org = (*OrgService)(&cl.common)
	cl.Taxes = (*TaxesService)(&cl.common)
	cl.Variables = (*VariablesService)(&cl.common)
	cl.Profiles = (*ProfilesService)(&cl.common)
	cl.Roles = (*RolesService)(&cl.common)
	cl.Modules = (*ModulesService)(&cl.common)
	cl.Fields = (*FieldsService)(&cl.common)
	cl.Layouts = (*LayoutsService)(&cl.common)
	cl.GlobalPicklists = (*GlobalPicklistsService)(&cl.common)
	cl.Pipelines = (*PipelinesService)(&cl.common)
	cl.MapDependencies = (*MapDependenciesService)(&cl.common)
	cl.Wizards = (*WizardsService)(&cl.common)
	cl.CustomViews = (*CustomViewsService)(&cl.common)
	cl.RelatedLists = (*RelatedListsService)(&cl.common)
	cl.Records = (*RecordsService)(&cl.common)
	cl.RelatedRecords = (*RelatedRecordsService)(&cl.common)
	cl.Tags = (*TagsService)(&cl.common)
	cl.Notes = (*NotesService)(&cl.common)
	cl.Attachments = (*AttachmentsService)(&cl.common)
	cl.Photos = (*PhotosService)(&cl.common)
	cl.Blueprints = (*BlueprintsService)(&cl.common)
	cl.Query = (*QueryService)(&cl.common)
	cl.Composite = (*CompositeService)(&cl.common)
	cl.Mail = (*MailService)(&cl.common)
	cl.Currencies = (*CurrenciesService)(&cl.common)
	cl.Territories = (*TerritoriesService)(&cl.common)
	cl.UserGroups = (*UserGroupsService)(&cl.common)
	cl.SharedRecords = (*SharedRecordsService)(&cl.common)
	cl.RecordLocking = (*RecordLockingService)(&cl.common)
	cl.Files = (*FilesService)(&cl.common)
	cl.Notifications = (*NotificationsService)(&cl.common)
	cl.Holidays = (*HolidaysService)(&cl.common)
	// Rules and calendars.
	cl.AssignmentRules = (*AssignmentRulesService)(&cl.common)
	cl.ScoringRules = (*ScoringRulesService)(&cl.common)
	cl.SharingRules = (*SharingRulesService)(&cl.common)
	cl.RecordLockingConfigurations = (*RecordLockingConfigurationsService)(&cl.common)
	cl.DuplicateCheckPreference = (*DuplicateCheckPreferenceService)(&cl.common)
	cl.ConversionOptions = (*ConversionOptionsService)(&cl.common)
	cl.BusinessHours = (*BusinessHoursService)(&cl.common)
	cl.ShiftHours = (*ShiftHoursService)(&cl.common)
	cl.FiscalYear = (*FiscalYearService)(&cl.common)

	// Portals and data out (issue 16, items 5 and 6).
	cl.Portals = (*PortalsService)(&cl.common)
	cl.PortalUserTypes = (*PortalUserTypesService)(&cl.common)
	cl.PortalInvites = (*PortalInvitesService)(&cl.common)
	cl.Backup = (*BackupService)(&cl.common)
	cl.AuditLogExport = (*AuditLogExportService)(&cl.common)

	// Email of a record.
	cl.Emails = (*EmailsService)(&cl.common)
	cl.EmailDrafts = (*EmailDraftsService)(&cl.common)
	cl.EmailCompose = (*EmailComposeService)(&cl.common)
	cl.UnsubscribeLinks = (*UnsubscribeLinksService)(&cl.common)
	cl.EmailTemplates = (*EmailTemplatesService)(&cl.common)
	cl.InventoryTemplates = (*InventoryTemplatesService)(&cl.common)
	cl.MailMerge = (*MailMergeService)(&cl.common)

	// People and territories.
	cl.UsersUnavailability = (*UsersUnavailabilityService)(&cl.common)
	cl.UserTypeUsers = (*UserTypeUsersService)(&cl.common)

	// Features and preferences.
	cl.AppointmentPreference = (*AppointmentPreferenceService)(&cl.common)
	cl.CallPreferences = (*CallPreferencesService)(&cl.common)
	cl.ServicePreference = (*ServicePreferenceService)(&cl.common)
	cl.APIs = (*APIsService)(&cl.common)
	cl.Features = (*FeaturesService)(&cl.common)
	cl.Cadences = (*CadencesService)(&cl.common)

	// Data out.
	cl.ZiaOrgEnrichment = (*ZiaOrgEnrichmentService)(&cl.common)
	cl.ZiaPeopleEnrichment = (*ZiaPeopleEnrichmentService)(&cl.common)
	// Record actions.
	cl.ContactRoles = (*ContactRolesService)(&cl.common)
	cl.RecycleBin = (*RecycleBinService)(&cl.common)
	cl.Timelines = (*TimelinesService)(&cl.common)
	cl.Services = Typed[Service](cl, ServicesModule)
	cl.RescheduleHistory = Typed[RescheduledAppointment](cl, RescheduleHistoryModule)
	return cl
}

// httpClients returns the API's HTTP client and one for x/oauth2, which
// needs an *http.Client.
func httpClients(cfg Config) (HTTPDoer, *http.Client) {
	if cfg.HTTPClient == nil {
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.MaxIdleConnsPerHost = 32 // many goroutines of one user reuse connections
		hc := &http.Client{Transport: transport}
		return hc, hc
	}
	if hc, ok := cfg.HTTPClient.(*http.Client); ok {
		return hc, hc
	}
	return cfg.HTTPClient, &http.Client{Transport: doerTransport{cfg.HTTPClient}}
}

type doerTransport struct{ d HTTPDoer }

func (t doerTransport) RoundTrip(r *http.Request) (*http.Response, error) { return t.d.Do(r) }

// ForUser returns a Client that makes its calls for user (the identifier
// the tokens are stored under, normally the email). It shares everything
// else with c; closing either closes both.
func (c *Client) ForUser(user string) *Client {
	return newClient(c.core, user)
}

// User returns the user the client calls for, resolving the default user
// as a call would.
func (c *Client) User(ctx context.Context) (string, error) {
	return c.resolveUser(ctx)
}

// Close ends the token store plugin and closes the log file.
func (c *Client) Close() error {
	err := c.core.store.Close()
	if cerr := c.core.logCloser.Close(); err == nil {
		err = cerr
	}
	return err
}

// resolveUser picks the user: ForUser's, current_user_email, the user whose
// grant token this client exchanged, or else the only user in the store.
func (c *Client) resolveUser(ctx context.Context) (string, error) {
	if c.user != "" {
		return c.user, nil
	}
	if c.core.cfg.CurrentUserEmail != "" {
		return c.core.cfg.CurrentUserEmail, nil
	}
	c.core.mu.Lock()
	user := c.core.defaultUser
	c.core.mu.Unlock()
	if user != "" {
		return user, nil
	}
	if soid := c.core.cfg.SOID; soid != "" {
		return soid, nil // client credentials: the org's tokens
	}
	infos, err := c.core.store.List(ctx)
	if err != nil {
		return "", fmt.Errorf("zcrm: finding the current user in the token store: %w", err)
	}
	switch len(infos) {
	case 0:
		return "", fmt.Errorf("%w: the token store is empty; exchange a grant token first (Client.GenerateTokens)", ErrNoUser)
	case 1:
		c.setDefaultUser(infos[0].UserIdentifier)
		return infos[0].UserIdentifier, nil
	}
	users := make([]string, 0, len(infos))
	for _, info := range infos {
		users = append(users, info.UserIdentifier)
	}
	sort.Strings(users)
	return "", fmt.Errorf("%w: the token store holds %d users (%s); set current_user_email or use Client.ForUser",
		ErrNoUser, len(infos), strings.Join(users, ", "))
}

func (c *Client) setDefaultUser(user string) {
	c.core.mu.Lock()
	defer c.core.mu.Unlock()
	if c.core.defaultUser == "" {
		c.core.defaultUser = user
	}
}

// IsTokenGenerated reports whether the token store holds tokens for the
// client's user, as the seed's sample checks before exchanging a grant
// token.
func (c *Client) IsTokenGenerated(ctx context.Context) (bool, error) {
	user, err := c.resolveUser(ctx)
	if errors.Is(err, ErrNoUser) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, ok := c.core.tokens.cached(user); ok {
		return true, nil
	}
	_, err = c.core.store.Get(ctx, user)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, pluginproto.ErrNotFound):
		return false, nil
	}
	return false, fmt.Errorf("zcrm: reading tokens of %s from the token store: %w", user, err)
}

// RevokeTokens revokes the user's refresh token at Zoho, then deletes the
// user's tokens from the store. If Zoho refuses, the stored tokens stay;
// if Zoho says they are invalid already (revoked elsewhere), they are
// deleted as dead.
func (c *Client) RevokeTokens(ctx context.Context) error {
	user, err := c.resolveUser(ctx)
	if err != nil {
		return err
	}
	t, err := c.core.tokens.stored(ctx, user)
	if err != nil {
		return err
	}
	if err := c.core.oauth.revoke(ctx, user, t); err != nil {
		var ae *AuthError
		if !errors.As(err, &ae) || ae.Code != "invalid_token" {
			return err
		}
		c.core.logger.Info("Zoho says the refresh token is invalid already; deleting the dead tokens", "user", user)
	}
	if err := c.deleteTokens(ctx, user); err != nil {
		return fmt.Errorf("zcrm: the refresh token of %s was revoked, but deleting it from the token store failed: %w", user, err)
	}
	c.core.logger.Info("tokens revoked and deleted", "user", user)
	return nil
}

// DeleteTokens deletes the user's tokens from the token store and the
// client's memory, without asking Zoho: for tokens that are dead already,
// or to forget a user. The refresh token stays valid at Zoho until revoked
// (RevokeTokens) or pushed out by newer ones. It is ErrNoTokens if the
// store holds none for the user.
func (c *Client) DeleteTokens(ctx context.Context) error {
	user, err := c.resolveUser(ctx)
	if err != nil {
		return err
	}
	if _, err := c.core.tokens.stored(ctx, user); err != nil {
		if errors.Is(err, ErrNoTokens) {
			c.core.tokens.forget(user)
		}
		return err
	}
	if err := c.deleteTokens(ctx, user); err != nil {
		return fmt.Errorf("%w: deleting tokens of %s: %w", ErrTokenStore, user, err)
	}
	c.core.logger.Info("tokens deleted", "user", user)
	return nil
}

// deleteTokens deletes the user's tokens from memory and the store. The
// user stays the default one, so that a call says the user has no tokens.
func (c *Client) deleteTokens(ctx context.Context, user string) error {
	c.core.tokens.forget(user)
	err := c.core.store.Delete(ctx, user)
	if errors.Is(err, pluginproto.ErrNotFound) {
		return nil // deleted by another process meanwhile
	}
	return err
}

// StoredUsers lists the users the token store holds tokens for, with the
// expiry of their access tokens; no secret is returned.
func (c *Client) StoredUsers(ctx context.Context) ([]pluginproto.TokenInfo, error) {
	return c.core.store.List(ctx)
}

// Stats counts what a Client (and every ForUser client sharing it) did.
type Stats struct {
	StoreCalls     int64 // calls to the token store plugin
	StoreRestarts  int64 // times the plugin was started again after dying
	TokenRefreshes int64 // access tokens obtained with the refresh token
	APIRequests    int64 // HTTP requests sent to the CRM API, retries included
	// TokenRenewals is how many renewals of access tokens are under way
	// now (reading the store, waiting for its refresh lock, asking Zoho).
	// A renewal goes on when the call that started it gives up, so that
	// the callers sharing it get its token.
	TokenRenewals int64
}

// Stats returns the client's counters, for monitoring and tests.
func (c *Client) Stats() Stats {
	return Stats{
		StoreCalls:     c.core.store.calls.Load(),
		StoreRestarts:  c.core.store.restarts.Load(),
		TokenRefreshes: c.core.tokens.refreshes.Load(),
		APIRequests:    c.core.apiRequests.Load(),
		TokenRenewals:  c.core.tokens.renewing.Load(),
	}
}

// TokenExpiry returns when the user's current access token expires, for
// diagnostics; it does not refresh.
func (c *Client) TokenExpiry(ctx context.Context) (time.Time, error) {
	user, err := c.resolveUser(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if t, ok := c.core.tokens.cached(user); ok {
		return t.Expiry(), nil
	}
	t, err := c.core.tokens.stored(ctx, user)
	if err != nil {
		return time.Time{}, err
	}
	return t.Expiry(), nil
}
