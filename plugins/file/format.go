package file

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// FormatVersion is the version of the token file's JSON layout, written in
// its "version" field. A file of another version is refused, not rewritten.
const FormatVersion = 1

// tokenFile is the layout of zcrm_oauthtokens.txt:
//
//	{
//	  "version": 1,
//	  "users": [
//	    {
//	      "user_identifier": "user@example.com",
//	      "access_token": "1000.xxxx",
//	      "refresh_token": "1000.yyyy",
//	      "expiry_time": 1893553445000,
//	      "api_domain": "https://www.zohoapis.eu",
//	      "accounts_server": "https://accounts.zoho.eu",
//	      "client_id": "1000.XXXX"
//	    }
//	  ]
//	}
//
// accounts_server and client_id came after version 1 was first written.
// They are left out when empty, so a file without them is still version 1
// as before, reads the same (the user's data centre is then the one of
// their API domain or the configured one, and their tokens serve whichever
// client asks), and stays readable by plugins older than the fields as long
// as no user has them. A user may appear once per client id.
//
// Users are kept sorted by identifier and client id so that a file's bytes
// depend only on its content, which keeps diffs and backups readable.
type tokenFile struct {
	Version int         `json:"version"`
	Users   []userEntry `json:"users"`
}

type userEntry struct {
	UserIdentifier string `json:"user_identifier"`
	AccessToken    string `json:"access_token"`
	RefreshToken   string `json:"refresh_token"`
	ExpiryTime     int64  `json:"expiry_time"` // milliseconds since the Unix epoch
	APIDomain      string `json:"api_domain"`
	AccountsServer string `json:"accounts_server,omitempty"`
	ClientID       string `json:"client_id,omitempty"`
}

func entryFrom(t pluginproto.Tokens) userEntry {
	return userEntry{
		UserIdentifier: t.UserIdentifier,
		AccessToken:    t.AccessToken,
		RefreshToken:   t.RefreshToken,
		ExpiryTime:     t.ExpiryTime,
		APIDomain:      t.APIDomain,
		AccountsServer: t.AccountsServer,
		ClientID:       t.ClientID,
	}
}

func (e userEntry) tokens() pluginproto.Tokens {
	return pluginproto.Tokens{
		UserIdentifier: e.UserIdentifier,
		AccessToken:    e.AccessToken,
		RefreshToken:   e.RefreshToken,
		ExpiryTime:     e.ExpiryTime,
		APIDomain:      e.APIDomain,
		AccountsServer: e.AccountsServer,
		ClientID:       e.ClientID,
	}
}

// tokenTable is a token file's content, in either format: zcrm's JSON
// (tokenFile) or the CSV of Zoho's v8 SDKs (zohoFile). The store reads and
// writes it whole, under its lock.
type tokenTable interface {
	// get returns the user's tokens of clientID (see
	// pluginproto.ClientMatch).
	get(user, clientID string) (pluginproto.Tokens, bool)
	// save replaces the user's tokens of t.ClientID.
	save(t pluginproto.Tokens)
	// remove removes the user's tokens of clientID and says whether there
	// were any.
	remove(user, clientID string) bool
	list() []pluginproto.TokenInfo
	encode() ([]byte, error)
}

// bestMatch returns the index of the entry of user that best serves
// clientID (pluginproto.ClientMatch; the first of equals), or -1.
func bestMatch[E any](entries []E, key func(E) (user, clientID string), user, clientID string) int {
	best, at := 0, -1
	for i, e := range entries {
		u, c := key(e)
		if u != user {
			continue
		}
		if m := pluginproto.ClientMatch(c, clientID); m > best {
			best, at = m, i
		}
	}
	return at
}

// matching reports whether an entry of user and entryClient is one that a
// save or delete of user and clientID replaces.
func matching(entryUser, entryClient, user, clientID string) bool {
	return entryUser == user && pluginproto.ClientMatch(entryClient, clientID) > 0
}

func entryKey(e userEntry) (string, string) { return e.UserIdentifier, e.ClientID }

func (f *tokenFile) get(user, clientID string) (pluginproto.Tokens, bool) {
	i := bestMatch(f.Users, entryKey, user, clientID)
	if i < 0 {
		return pluginproto.Tokens{}, false
	}
	return f.Users[i].tokens(), true
}

func (f *tokenFile) save(t pluginproto.Tokens) {
	f.remove(t.UserIdentifier, t.ClientID)
	f.Users = append(f.Users, entryFrom(t))
}

func (f *tokenFile) remove(user, clientID string) bool {
	n := len(f.Users)
	f.Users = slices.DeleteFunc(f.Users, func(e userEntry) bool { return matching(e.UserIdentifier, e.ClientID, user, clientID) })
	return len(f.Users) < n
}

func (f *tokenFile) list() []pluginproto.TokenInfo {
	infos := make([]pluginproto.TokenInfo, 0, len(f.Users))
	for _, e := range f.Users {
		infos = append(infos, pluginproto.TokenInfo{UserIdentifier: e.UserIdentifier, ExpiryTime: e.ExpiryTime, ClientID: e.ClientID})
	}
	return infos
}

// notTokenFile is the error for a file that cannot be read as a token file.
// It never quotes the file's content, which may hold tokens.
func notTokenFile(path, problem string) error {
	return fmt.Errorf("%s is not a zcrm token file: %s; fix or move it", path, problem)
}

// rubyMarshalHeader starts every Ruby Marshal dump, the format Zoho's Ruby
// SDK writes to its zcrm_oauthtokens.txt.
var rubyMarshalHeader = []byte{0x04, 0x08}

// parseTokenFile reads a token file's content. Empty content is an empty
// store: a person may have created the file with touch.
func parseTokenFile(path string, data []byte) (*tokenFile, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return &tokenFile{Version: FormatVersion}, nil
	}
	if bytes.HasPrefix(data, rubyMarshalHeader) {
		return nil, notTokenFile(path, "it holds Ruby Marshal data, the format of Zoho's Ruby SDK, which zcrm cannot read (store the users' tokens again from new grant tokens)")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	// Refusing unknown fields keeps a misspelt field from being dropped
	// silently on the next save.
	dec.DisallowUnknownFields()
	var f tokenFile
	if err := dec.Decode(&f); err != nil {
		return nil, notTokenFile(path, describeJSONError(data, err))
	}
	if end := dec.InputOffset(); len(bytes.TrimSpace(data[end:])) > 0 {
		extra := end + int64(len(data[end:])-len(bytes.TrimLeft(data[end:], " \t\r\n")))
		return nil, notTokenFile(path, fmt.Sprintf("%s: more data after the JSON object", position(data, extra)))
	}
	switch {
	case f.Version == 0:
		return nil, notTokenFile(path, fmt.Sprintf(`it has no "version" field (expected "version": %d)`, FormatVersion))
	case f.Version != FormatVersion:
		return nil, notTokenFile(path, fmt.Sprintf("it is format version %d and this plugin reads version %d; a newer zcrm may have written it, so upgrade the plugin", f.Version, FormatVersion))
	}
	seen := make(map[[2]string]bool, len(f.Users))
	for i, e := range f.Users {
		if e.UserIdentifier == "" {
			return nil, notTokenFile(path, fmt.Sprintf(`user number %d in "users" has no "user_identifier"`, i+1))
		}
		key := [2]string{e.UserIdentifier, e.ClientID}
		if seen[key] {
			if e.ClientID != "" {
				return nil, notTokenFile(path, fmt.Sprintf("user %q appears more than once with client_id %q", e.UserIdentifier, e.ClientID))
			}
			return nil, notTokenFile(path, fmt.Sprintf("user %q appears more than once", e.UserIdentifier))
		}
		seen[key] = true
	}
	return &f, nil
}

// describeJSONError explains a decoding error, by line and column where
// encoding/json gives them. Its messages name characters, kinds and field
// names, never string values; field names are screened (describeUnknownField),
// so no token can leak through them.
func describeJSONError(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	msg := strings.TrimPrefix(err.Error(), "json: ")
	switch {
	// Both offsets count the bytes read up to and including the culprit.
	case errors.As(err, &syntax):
		return fmt.Sprintf("%s: %s", position(data, syntax.Offset-1), msg)
	case errors.As(err, &typ):
		return fmt.Sprintf("%s: %s", position(data, typ.Offset-1), describeTypeError(typ))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "it ends in the middle of the JSON (was it cut short?)"
	case strings.HasPrefix(msg, "unknown field "):
		return describeUnknownField(strings.TrimPrefix(msg, "unknown field "))
	}
	return msg
}

// fieldName matches what a person would type as a field name. Anything else
// in a field name's place may be a misplaced token, so it is not quoted.
var fieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,39}$`)

func describeUnknownField(quoted string) string {
	if name, err := strconv.Unquote(quoted); err == nil && fieldName.MatchString(name) {
		return fmt.Sprintf("unknown field %q (the fields are version, users, user_identifier, access_token, refresh_token, expiry_time, api_domain, accounts_server and client_id)", name)
	}
	return "a field name that is not a plain word (is a value where a field name belongs?)"
}

// describeTypeError says which field has a value of the wrong kind, in the
// file's terms rather than Go's.
func describeTypeError(err *json.UnmarshalTypeError) string {
	var want string
	switch err.Type.Kind() {
	case reflect.String:
		want = "a string"
	case reflect.Int, reflect.Int64:
		want = "a whole number"
	case reflect.Slice:
		want = "a list [...]"
	case reflect.Struct:
		want = "an object {...}"
	default:
		want = err.Type.Kind().String()
	}
	// Value is "string", "number", "number 1e999", ...: keep the kind only.
	got, _, _ := strings.Cut(err.Value, " ")
	if err.Field == "" {
		return fmt.Sprintf("the file should hold %s, not %s", want, got)
	}
	return fmt.Sprintf("%q should be %s, not %s", err.Field, want, got)
}

// position turns a byte offset (from 0) into "line L, column C" (from 1).
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("line %d, column %d", line, col)
}

// encode renders f for the file: indented, users sorted, no HTML escaping
// (so identifiers with < > & stay as typed), ending in a newline.
func (f *tokenFile) encode() ([]byte, error) {
	out := tokenFile{Version: FormatVersion, Users: slices.Clone(f.Users)}
	if out.Users == nil {
		out.Users = []userEntry{}
	}
	slices.SortFunc(out.Users, func(a, b userEntry) int {
		return cmp.Or(strings.Compare(a.UserIdentifier, b.UserIdentifier), strings.Compare(a.ClientID, b.ClientID))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
