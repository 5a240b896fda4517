// Package notify receives Zoho CRM's notification callbacks and keeps
// notification channels alive.
//
// Zoho POSTs a callback to a channel's notify_url when records of its
// modules are created, edited or deleted (channels are managed with
// Client.Notifications). Zoho signs nothing: the channel's token, echoed in
// every callback, is the only proof a callback is Zoho's. A Handler checks
// it in constant time against the token the application gave the channel,
// refuses anything else with 401, answers Zoho at once and hands each event
// to the application in order, from a goroutine of its own.
//
//	h := notify.NewHandler(notify.Tokens{"1000": token}, func(ctx context.Context, e notify.Event) {
//		log.Printf("%s %s: %v", e.Module, e.Operation, e.IDs)
//	})
//	defer h.Close()
//	http.Handle("/zoho/notify", h)
//
// Channels lapse at their expiry (an hour unless set; at most a day before
// API v4, a week from v4 on); a Keeper renews them before that.
package notify

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/zcrm-go/zcrm/sdk"
)

// Event is one callback: records of one module that one operation changed.
type Event struct {
	ChannelID  string
	Module     string
	Operation  string   // insert, update or delete (Zoho's events say create, edit, delete)
	IDs        []string // the records
	ServerTime time.Time
	// AffectedFields names, for an update, the fields each record changed.
	AffectedFields map[string][]string
	// AffectedValues holds, for an update of a channel that asked for them
	// (ReturnAffectedFieldValues), the new values of the changed fields.
	AffectedValues map[string]sdk.Record
	// QueryParams is the query string of the channel's notify_url.
	QueryParams map[string]string
	ResourceURI string
}

// TokenLookup returns the token the application gave a channel, and
// whether it knows the channel.
type TokenLookup interface {
	Token(channelID string) (string, bool)
}

// Tokens is a TokenLookup from a map of channel id to token.
type Tokens map[string]string

func (t Tokens) Token(channelID string) (string, bool) {
	tok, ok := t[channelID]
	return tok, ok
}

// Limits of a Handler.
const (
	maxCallbackBytes  = 4 << 20 // a callback of 100 updated records with values is far less
	DefaultQueueDepth = 1024
)

// Handler is the http.Handler for a notify_url. Make it with NewHandler;
// Close it to stop delivering.
type Handler struct {
	tokens  TokenLookup
	deliver func(context.Context, Event)

	queue     chan Event
	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// NewHandler returns a Handler that checks callbacks against tokens and
// hands their events to deliver, one at a time, in the order they came.
// Events wait in a queue of DefaultQueueDepth; when it is full the Handler
// answers 503, so that Zoho's callback is seen to fail rather than lost in
// silence. deliver's context ends when the Handler is closed.
func NewHandler(tokens TokenLookup, deliver func(context.Context, Event)) *Handler {
	ctx, cancel := context.WithCancel(context.Background())
	h := &Handler{
		tokens:  tokens,
		deliver: deliver,
		queue:   make(chan Event, DefaultQueueDepth),
		ctx:     ctx,
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	go h.run()
	return h
}

func (h *Handler) run() {
	defer close(h.done)
	for {
		select {
		case <-h.ctx.Done():
			return
		case e := <-h.queue:
			h.deliver(h.ctx, e)
		}
	}
}

// Close stops taking callbacks, delivers the events already queued and
// returns when delivery has ended or ctx is done.
func (h *Handler) Close() {
	h.closeOnce.Do(func() {
		h.cancel()
		<-h.done
		for {
			select {
			case e := <-h.queue:
				h.deliver(context.Background(), e)
			default:
				return
			}
		}
	})
}

// callback is Zoho's body, every key.
type callback struct {
	ServerTime     int64                      `json:"server_time"`
	QueryParams    map[string]json.RawMessage `json:"query_params"`
	Module         string                     `json:"module"`
	ResourceURI    string                     `json:"resource_uri"`
	IDs            []json.Number              `json:"ids"`
	AffectedFields []map[string][]string      `json:"affected_fields"`
	AffectedValues []struct {
		RecordID json.Number `json:"record_id"`
		Values   sdk.Record  `json:"values"`
	} `json:"affected_values"`
	Operation string      `json:"operation"`
	ChannelID json.Number `json:"channel_id"`
	Token     string      `json:"token"`
}

// ErrRefused is what Decode returns for a callback whose channel is
// unknown or whose token does not match.
var ErrRefused = errors.New("notify: unknown channel or wrong token")

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "notify: Zoho's callbacks are POSTs", http.StatusMethodNotAllowed)
		return
	}
	if h.ctx.Err() != nil {
		http.Error(w, "notify: closed", http.StatusServiceUnavailable)
		return
	}
	e, err := Decode(io.LimitReader(r.Body, maxCallbackBytes), h.tokens)
	switch {
	case errors.Is(err, ErrRefused):
		http.Error(w, "notify: unknown channel or wrong token", http.StatusUnauthorized)
		return
	case err != nil:
		http.Error(w, "notify: "+err.Error(), http.StatusBadRequest)
		return
	}
	select {
	case h.queue <- e:
		w.WriteHeader(http.StatusOK)
	default:
		http.Error(w, "notify: too many events waiting", http.StatusServiceUnavailable)
	}
}

// Decode reads one callback body and checks its token in constant time:
// an unknown channel or a wrong token is ErrRefused. It is the Handler
// without the HTTP, for applications that receive callbacks another way.
func Decode(body io.Reader, tokens TokenLookup) (Event, error) {
	var cb callback
	dec := json.NewDecoder(body)
	dec.UseNumber()
	if err := dec.Decode(&cb); err != nil {
		return Event{}, errors.New("the body is not Zoho's callback JSON")
	}
	want, known := tokens.Token(cb.ChannelID.String())
	// Compared even for an unknown channel, so that timing tells nothing.
	match := subtle.ConstantTimeCompare([]byte(cb.Token), []byte(want)) == 1
	if !known || !match || want == "" {
		return Event{}, ErrRefused
	}
	e := Event{
		ChannelID:   cb.ChannelID.String(),
		Module:      cb.Module,
		Operation:   cb.Operation,
		ResourceURI: cb.ResourceURI,
		ServerTime:  time.UnixMilli(cb.ServerTime),
		IDs:         make([]string, len(cb.IDs)),
		QueryParams: map[string]string{},
	}
	for i, id := range cb.IDs {
		e.IDs[i] = id.String()
	}
	for k, raw := range cb.QueryParams {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(raw)
		}
		e.QueryParams[k] = s
	}
	if len(cb.AffectedFields) > 0 {
		e.AffectedFields = map[string][]string{}
		for _, m := range cb.AffectedFields {
			for id, fields := range m {
				e.AffectedFields[id] = fields
			}
		}
	}
	if len(cb.AffectedValues) > 0 {
		e.AffectedValues = map[string]sdk.Record{}
		for _, v := range cb.AffectedValues {
			e.AffectedValues[v.RecordID.String()] = v.Values
		}
	}
	return e, nil
}
