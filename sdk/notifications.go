package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// NotificationsService manages notification channels (/actions/watch):
// Zoho POSTs to a channel's notify_url when records of its modules are
// created, edited or deleted. Package notify receives those callbacks and
// keeps channels alive.
type NotificationsService service

// Zoho's limits on channels.
const (
	MaxChannelsPerCall    = 50
	MaxChannelTokenLength = 50
	// A channel without an expiry lives an hour; at most a day before v4,
	// a week from v4 on.
	DefaultChannelLifetime = time.Hour
)

// NotificationChannel subscribes NotifyURL to Events, such as
// "Leads.create", "Deals.edit", "Contacts.delete" or "Leads.all". Zoho
// echoes Token in every callback: make it unguessable, since it is the only
// proof a callback comes from Zoho. Fields without a Go field (and what
// Zoho adds in its answers) are kept in Extra.
type NotificationChannel struct {
	// ChannelID is a number of your choosing, Zoho's key for the channel.
	ChannelID string   `json:"channel_id"`
	Events    []string `json:"events,omitempty"`
	NotifyURL string   `json:"notify_url,omitempty"`
	Token     string   `json:"token,omitempty"`
	// ChannelExpiry is when Zoho stops calling; zero lets Zoho pick (an
	// hour). Sent to the second.
	ChannelExpiry time.Time `json:"channel_expiry,omitzero"`
	// ReturnAffectedFieldValues adds the new values of changed fields to
	// update callbacks (v4+).
	ReturnAffectedFieldValues *bool `json:"return_affected_field_values,omitempty"`
	// NotifyOnRelatedAction false stops callbacks caused by actions on
	// related records; Zoho's default is true.
	NotifyOnRelatedAction *bool `json:"notify_on_related_action,omitempty"`
	// NotificationCondition limits callbacks to changes of some fields
	// (v6+), in Zoho's field_selection form.
	NotificationCondition json.RawMessage `json:"notification_condition,omitempty"`

	// In list answers: the module a channel entry is about.
	ResourceURI  string `json:"resource_uri,omitempty"`
	ResourceID   string `json:"resource_id,omitempty"`
	ResourceName string `json:"resource_name,omitempty"`

	kept
}

// UnmarshalJSON reads channel_id, documented as a long and echoed as a
// string, as either (kept types read a number into a string field as its
// text).
func (n *NotificationChannel) UnmarshalJSON(b []byte) error { return decodeKept(b, n) }

// MarshalJSON sends the expiry to the second, as Zoho takes it.
func (n NotificationChannel) MarshalJSON() ([]byte, error) {
	if !n.ChannelExpiry.IsZero() {
		n.ChannelExpiry = n.ChannelExpiry.Truncate(time.Second)
	}
	return encodeKept(&n)
}

// MaxChannelLifetime is the longest channel_expiry the client's API
// version allows: a day before v4, a week from v4 on.
func (s *NotificationsService) MaxChannelLifetime() time.Duration {
	if s.client.apiMajor() >= 4 {
		return 7 * 24 * time.Hour
	}
	return 24 * time.Hour
}

// Enable subscribes channels (at most 50 a call); one result per channel,
// in order. Enabling a channel id again replaces it.
func (s *NotificationsService) Enable(ctx context.Context, channels ...*NotificationChannel) ([]*ActionResult, *Response, error) {
	return s.write(ctx, http.MethodPost, channels, false)
}

// Replace sets channels anew: keys left out are dropped.
func (s *NotificationsService) Replace(ctx context.Context, channels ...*NotificationChannel) ([]*ActionResult, *Response, error) {
	return s.write(ctx, http.MethodPut, channels, false)
}

// Update changes only the keys given (and not empty) of existing channels,
// such as ChannelExpiry to keep one alive.
func (s *NotificationsService) Update(ctx context.Context, channels ...*NotificationChannel) ([]*ActionResult, *Response, error) {
	return s.write(ctx, http.MethodPatch, channels, true)
}

// Renew moves the expiry of channels to lifetime from now (at most
// MaxChannelLifetime; 0 means that maximum).
func (s *NotificationsService) Renew(ctx context.Context, lifetime time.Duration, channelIDs ...string) ([]*ActionResult, *Response, error) {
	if lifetime <= 0 || lifetime > s.MaxChannelLifetime() {
		lifetime = s.MaxChannelLifetime()
	}
	// A minute short of the maximum, so clocks a little apart agree.
	expiry := s.client.core.cfg.Now().Add(lifetime - time.Minute)
	channels := make([]*NotificationChannel, len(channelIDs))
	for i, id := range channelIDs {
		channels[i] = &NotificationChannel{ChannelID: id, ChannelExpiry: expiry}
	}
	return s.Update(ctx, channels...)
}

// RemoveEvents stops some events of a channel, keeping the others.
func (s *NotificationsService) RemoveEvents(ctx context.Context, channelID string, events ...string) ([]*ActionResult, *Response, error) {
	if len(events) == 0 {
		return nil, nil, &ValidationError{Field: "events", Problem: "is empty"}
	}
	if err := checkChannelID(0, channelID); err != nil {
		return nil, nil, err
	}
	body := map[string]any{"watch": []map[string]any{{"channel_id": channelID, "events": events, "_delete_events": true}}}
	return s.client.keyedWrite(ctx, &Request{Method: http.MethodPatch, Path: "actions/watch", Body: body}, "watch", 1)
}

func (s *NotificationsService) write(ctx context.Context, method string, channels []*NotificationChannel, partial bool) ([]*ActionResult, *Response, error) {
	if len(channels) == 0 {
		return []*ActionResult{}, nil, nil
	}
	if len(channels) > MaxChannelsPerCall {
		return nil, nil, &ValidationError{Field: "channels", Problem: fmt.Sprintf("are %d; Zoho takes at most %d a call", len(channels), MaxChannelsPerCall)}
	}
	now := s.client.core.cfg.Now()
	for i, ch := range channels {
		if err := s.check(i, ch, partial, now); err != nil {
			return nil, nil, err
		}
	}
	req := &Request{Method: method, Path: "actions/watch", Body: map[string]any{"watch": channels}}
	return s.client.keyedWrite(ctx, req, "watch", len(channels))
}

func checkChannelID(i int, id string) error {
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return &ValidationError{Field: fmt.Sprintf("channels[%d].ChannelID", i), Problem: fmt.Sprintf("%q is not a number; Zoho's channel ids are numbers", id)}
	}
	return nil
}

// check refuses before sending what Zoho would refuse.
func (s *NotificationsService) check(i int, ch *NotificationChannel, partial bool, now time.Time) error {
	field := func(name string) string { return fmt.Sprintf("channels[%d].%s", i, name) }
	if ch == nil {
		return &ValidationError{Field: fmt.Sprintf("channels[%d]", i), Problem: "is nil"}
	}
	if err := checkChannelID(i, ch.ChannelID); err != nil {
		return err
	}
	if len(ch.Events) == 0 && !partial {
		return &ValidationError{Field: field("Events"), Problem: "is empty; name events such as Leads.create, Deals.edit or Contacts.all"}
	}
	for _, e := range ch.Events {
		module, op, ok := strings.Cut(e, ".")
		if !ok || module == "" || (op != "create" && op != "edit" && op != "delete" && op != "all") {
			return &ValidationError{Field: field("Events"), Problem: fmt.Sprintf("%q is not Module.create, .edit, .delete or .all", e)}
		}
	}
	if ch.NotifyURL != "" || !partial {
		u, err := url.Parse(ch.NotifyURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return &ValidationError{Field: field("NotifyURL"), Problem: fmt.Sprintf("%q is not an http(s) URL Zoho can call", ch.NotifyURL)}
		}
	}
	if len(ch.Token) > MaxChannelTokenLength {
		return &ValidationError{Field: field("Token"), Problem: fmt.Sprintf("is %d characters; Zoho keeps at most %d", len(ch.Token), MaxChannelTokenLength)}
	}
	if !ch.ChannelExpiry.IsZero() {
		switch max := s.MaxChannelLifetime(); {
		case !ch.ChannelExpiry.After(now):
			return &ValidationError{Field: field("ChannelExpiry"), Problem: "is in the past"}
		case ch.ChannelExpiry.Sub(now) > max:
			return &ValidationError{Field: field("ChannelExpiry"), Problem: fmt.Sprintf("is more than %s away, the most API version %s allows", max, s.client.core.cfg.APIVersion)}
		}
	}
	return nil
}

// NotificationListOptions filter and page the channels listed.
type NotificationListOptions struct {
	ChannelID string
	Module    string
	ListOptions
}

// List returns one page of channel entries: one per channel and module.
func (s *NotificationsService) List(ctx context.Context, opts *NotificationListOptions) ([]*NotificationChannel, *Response, error) {
	if opts == nil {
		opts = &NotificationListOptions{}
	}
	q := url.Values{}
	opts.encode(q)
	if opts.ChannelID != "" {
		q.Set("channel_id", opts.ChannelID)
	}
	if opts.Module != "" {
		q.Set("module", opts.Module)
	}
	return fetchPageUnder[*NotificationChannel](ctx, s.client, &Request{Method: http.MethodGet, Path: "actions/watch", Query: q}, "watch")
}

// All walks every channel entry, page after page.
func (s *NotificationsService) All(ctx context.Context, opts *NotificationListOptions) iter.Seq2[*NotificationChannel, error] {
	o := NotificationListOptions{}
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.ListOptions, func(lo ListOptions) ([]*NotificationChannel, *Response, error) {
		page := o
		page.ListOptions = lo
		return s.List(ctx, &page)
	})
}

// Disable stops every event of the channels.
func (s *NotificationsService) Disable(ctx context.Context, channelIDs ...string) ([]*ActionResult, *Response, error) {
	if len(channelIDs) == 0 {
		return []*ActionResult{}, nil, nil
	}
	for i, id := range channelIDs {
		if err := checkChannelID(i, id); err != nil {
			return nil, nil, err
		}
	}
	req := &Request{Method: http.MethodDelete, Path: "actions/watch", Query: url.Values{"channel_ids": {strings.Join(channelIDs, ",")}}}
	return s.client.keyedWrite(ctx, req, "watch", len(channelIDs))
}
