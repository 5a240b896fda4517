package file

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/zcrm-go/zcrm/pluginproto"
)

// ZohoV8FileName is the token file of Zoho's v8 SDKs when
// token_persistence_path names a folder: the name their documentation
// gives it.
const ZohoV8FileName = "sdk_tokens.txt"

// zohoColumns are the columns of the token file (FileStore) of Zoho's v8
// SDKs for Python, Java and Node, in their order. Files written before
// api_domain existed have the first nine; those SDKs add the tenth.
var zohoColumns = []string{"id", "user_name", "client_id", "client_secret", "refresh_token", "access_token", "grant_token", "expiry_time", "redirect_url", "api_domain"}

// The columns by index.
const (
	zID = iota
	zUserName
	zClientID
	zClientSecret
	zRefreshToken
	zAccessToken
	zGrantToken
	zExpiryTime
	zRedirectURL
	zAPIDomain
	zColumns
)

// zohoRow is one line of the file, every column as text. The columns zcrm
// does not use (client_secret, grant_token, redirect_url) are kept as
// found and written back unchanged.
type zohoRow [zColumns]string

// zohoFile is a token file of Zoho's v8 SDKs: a header line, then one
// comma-separated line per token, no quoting unless a value needs it. A
// row is found as those SDKs find it: by user_name (and here by client_id
// too, see pluginproto.ClientMatch), or, for a row saved without a user
// name, by client_id and refresh_token.
type zohoFile struct {
	rows []zohoRow
}

// notZohoFile is the error for a file that is not one of Zoho's token
// files. It never quotes the file's content, which holds tokens and client
// secrets.
func notZohoFile(path, problem string) error {
	return fmt.Errorf("%s is not a token file of Zoho's v8 SDKs: %s; fix or move it", path, problem)
}

// parseZohoFile reads a token file of Zoho's v8 SDKs. Empty content is an
// empty store. Lines may end in \n (Node) or \r\n (Python's csv module);
// values in quotes (Python's csv module, when a value needs them) are read
// as csv reads them.
func parseZohoFile(path string, data []byte) (*zohoFile, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return &zohoFile{}, nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if n := len(header); err != nil || (n != zColumns && n != zColumns-1) || !slices.Equal(header, zohoColumns[:n]) {
		problem := "its first line is not the header " + strings.Join(zohoColumns, ",")
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			problem += " (it looks like zcrm's own JSON token file, which token_store_layout left empty reads)"
		}
		return nil, notZohoFile(path, problem)
	}
	f := &zohoFile{}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			return nil, notZohoFile(path, describeCSVError(err))
		}
		line, _ := r.FieldPos(0)
		if len(record) > zColumns {
			return nil, notZohoFile(path, fmt.Sprintf("line %d has %d values, more than its %d columns (a value with a comma that its writer did not quote?)", line, len(record), zColumns))
		}
		if len(record) == 1 && strings.TrimSpace(record[0]) == "" {
			continue // a blank line
		}
		var row zohoRow
		copy(row[:], record)
		if _, err := pluginproto.ParseExpiryText(row[zExpiryTime]); err != nil {
			return nil, notZohoFile(path, fmt.Sprintf("line %d: expiry_time %s", line, err))
		}
		f.rows = append(f.rows, row)
	}
}

// describeCSVError says where csv stopped, without the text it read.
func describeCSVError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	if errors.Is(err, io.EOF) {
		return "it is empty of lines"
	}
	return err.Error()
}

func zohoKey(r zohoRow) (string, string) { return r[zUserName], r[zClientID] }

func (f *zohoFile) get(user, clientID string) (pluginproto.Tokens, bool) {
	i := bestMatch(f.rows, zohoKey, user, clientID)
	if i < 0 {
		return pluginproto.Tokens{}, false
	}
	r := f.rows[i]
	expiry, _ := pluginproto.ParseExpiryText(r[zExpiryTime]) // checked by parseZohoFile
	return pluginproto.Tokens{
		UserIdentifier: r[zUserName],
		AccessToken:    r[zAccessToken],
		RefreshToken:   r[zRefreshToken],
		ExpiryTime:     expiry,
		APIDomain:      r[zAPIDomain],
		ClientID:       r[zClientID],
	}, true
}

// save updates the row that serves the user and t.ClientID, else the row a
// Zoho SDK saved without a user name for this client and refresh token,
// else adds a row numbered after the highest id. Other rows of the user
// and client go, so that get finds what was saved.
func (f *zohoFile) save(t pluginproto.Tokens) {
	i := bestMatch(f.rows, zohoKey, t.UserIdentifier, t.ClientID)
	if i < 0 && t.ClientID != "" && t.RefreshToken != "" {
		i = slices.IndexFunc(f.rows, func(r zohoRow) bool {
			return r[zUserName] == "" && r[zClientID] == t.ClientID && r[zRefreshToken] == t.RefreshToken
		})
	}
	if i < 0 {
		f.rows = append(f.rows, zohoRow{zID: f.nextID()})
		i = len(f.rows) - 1
	}
	r := &f.rows[i]
	r[zUserName] = t.UserIdentifier
	if t.ClientID != "" {
		r[zClientID] = t.ClientID
	}
	r[zRefreshToken] = t.RefreshToken
	r[zAccessToken] = t.AccessToken
	r[zExpiryTime] = pluginproto.FormatExpiryText(t.ExpiryTime)
	r[zAPIDomain] = t.APIDomain
	kept := f.rows[:0]
	for j, r := range f.rows {
		if j == i || !matching(r[zUserName], r[zClientID], t.UserIdentifier, t.ClientID) {
			kept = append(kept, r)
		}
	}
	f.rows = kept
}

// nextID numbers a new row as Zoho's SDKs do: one more than the highest
// numeric id.
func (f *zohoFile) nextID() string {
	var highest int64
	for _, r := range f.rows {
		if n, err := strconv.ParseInt(strings.TrimSpace(r[zID]), 10, 64); err == nil && n > highest {
			highest = n
		}
	}
	return strconv.FormatInt(highest+1, 10)
}

func (f *zohoFile) remove(user, clientID string) bool {
	n := len(f.rows)
	f.rows = slices.DeleteFunc(f.rows, func(r zohoRow) bool { return matching(r[zUserName], r[zClientID], user, clientID) })
	return len(f.rows) < n
}

// list gives the rows that have a user name: zcrm finds tokens by user.
func (f *zohoFile) list() []pluginproto.TokenInfo {
	var infos []pluginproto.TokenInfo
	for _, r := range f.rows {
		if r[zUserName] == "" {
			continue
		}
		expiry, _ := pluginproto.ParseExpiryText(r[zExpiryTime])
		infos = append(infos, pluginproto.TokenInfo{UserIdentifier: r[zUserName], ExpiryTime: expiry, ClientID: r[zClientID]})
	}
	return infos
}

// encode writes the header and the rows as Zoho's Node SDK does (lines
// ending in \n, values unquoted), quoting only a value that needs it (a
// comma, a quote, a line break), as Python's csv module does.
func (f *zohoFile) encode() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(zohoColumns); err != nil {
		return nil, err
	}
	for _, r := range f.rows {
		if err := w.Write(r[:]); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
