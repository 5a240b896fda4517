package sdk

import (
	"context"
	"net/http"
	"time"
)

// RecordLockingConfigurationsService manages how a module's records are
// locked (crm-oas group record_locking_configuration,
// /settings/record_locking_configurations?module=): by hand, by rules
// whose criteria lock records on create or edit, or both, and what a lock
// forbids. Records are locked and unlocked by RecordLocking. OAuth scope:
// ZohoCRM.settings.record_locking_configurations.ALL (or .READ, .CREATE,
// .UPDATE, .DELETE).
type RecordLockingConfigurationsService service

// RecordLockingConfiguration is a module's record locking. Fields without
// a Go field are kept in Extra.
type RecordLockingConfiguration struct {
	ID string `json:"id,omitempty"`
	// LockType is manual, automatic (by LockingRules) or both.
	LockType     string         `json:"lock_type,omitempty"`
	LockingRules []*LockingRule `json:"locking_rules,omitempty"`
	// LockedFor is all_profiles or all_profiles_except_excluded_profile
	// (then LockExcludedProfiles may still edit locked records).
	LockedFor            string    `json:"locked_for,omitempty"`
	LockExcludedProfiles []*NameID `json:"lock_excluded_profiles,omitempty"`
	// ExcludedFields stay editable on a locked record.
	ExcludedFields     []*FieldRef `json:"excluded_fields,omitempty"`
	LockForPortalUsers *bool       `json:"lock_for_portal_users,omitempty"`
	// RestrictedActions, RestrictedCommunications and
	// RestrictedCustomButtons are what a lock forbids beyond editing.
	RestrictedActions        []string  `json:"restricted_actions,omitempty"`
	RestrictedCommunications []string  `json:"restricted_communications,omitempty"`
	RestrictedCustomButtons  []*NameID `json:"restricted_custom_buttons,omitempty"`
	FeatureType              string    `json:"feature_type,omitempty"`
	SystemDefined            bool      `json:"system_defined,omitempty"`
	CreatedBy                *Lookup   `json:"created_by,omitempty"`
	ModifiedBy               *Lookup   `json:"modified_by,omitempty"`
	CreatedTime              time.Time `json:"created_time,omitzero"`
	ModifiedTime             time.Time `json:"modified_time,omitzero"`

	kept
}

func (r *RecordLockingConfiguration) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r RecordLockingConfiguration) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

// The lock types of a record locking configuration.
const (
	LockManual    = "manual"
	LockAutomatic = "automatic"
	LockBoth      = "both"
)

// LockingRule locks the records that match Criteria when they are created
// or edited, and those already matching if LockExistingRecords.
type LockingRule struct {
	ID                  string    `json:"id,omitempty"`
	Name                string    `json:"name,omitempty"`
	Criteria            *Criteria `json:"criteria,omitempty"`
	LockExistingRecords *bool     `json:"lock_existing_records,omitempty"`
	// Delete removes the rule, on update.
	Delete *bool `json:"_delete,omitempty"`

	kept
}

func (r *LockingRule) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r LockingRule) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

var recordLockingConfigurations = keyed[RecordLockingConfiguration]{path: "settings/record_locking_configurations",
	key: "record_locking_configurations", what: "record locking configuration"}

// List returns a module's record locking configurations; featureType, if
// not empty, keeps those of one feature.
func (s *RecordLockingConfigurationsService) List(ctx context.Context, module, featureType string) ([]*RecordLockingConfiguration, *Response, error) {
	return inModule(recordLockingConfigurations, module).list(ctx, s.client, query("feature_type", featureType))
}

// Get returns the record locking configuration of a module with this id.
func (s *RecordLockingConfigurationsService) Get(ctx context.Context, module, id string) (*RecordLockingConfiguration, *Response, error) {
	return inModule(recordLockingConfigurations, module).get(ctx, s.client, id, nil)
}

// Create adds record locking configurations to a module (each with a
// lock type, and rules unless it is manual) and returns one result per
// configuration in input order.
func (s *RecordLockingConfigurationsService) Create(ctx context.Context, module string, cs ...*RecordLockingConfiguration) ([]*ActionResult, *Response, error) {
	return inModule(recordLockingConfigurations, module).write(ctx, s.client, http.MethodPost, "", nil, cs)
}

// Update changes record locking configurations of a module, each named by
// its ID, and returns one result per configuration in input order.
func (s *RecordLockingConfigurationsService) Update(ctx context.Context, module string, cs ...*RecordLockingConfiguration) ([]*ActionResult, *Response, error) {
	return inModule(recordLockingConfigurations, module).write(ctx, s.client, http.MethodPut, "", nil, cs)
}

// UpdateOne changes the record locking configuration of a module with
// this id.
func (s *RecordLockingConfigurationsService) UpdateOne(ctx context.Context, module, id string, c *RecordLockingConfiguration) (*ActionResult, *Response, error) {
	return inModule(recordLockingConfigurations, module).writeOne(ctx, s.client, http.MethodPut, id, nil, c)
}

// Delete deletes record locking configurations of a module by id, one
// result per id in input order.
func (s *RecordLockingConfigurationsService) Delete(ctx context.Context, module string, ids ...string) ([]*ActionResult, *Response, error) {
	return inModule(recordLockingConfigurations, module).delete(ctx, s.client, ids)
}
