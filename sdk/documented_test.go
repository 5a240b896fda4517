package sdk_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// Each group's documented answers (testdata/crm-oas/{group}.json, made
// from the response schemas of Zoho's OpenAPI description by
// internal/ledger/gen, each leaf a value of its own) are decoded by the
// group's typed calls with nothing lost: every leaf is found in what the
// call returns, through its typed fields or Extra.

// documentedCall makes the typed call whose answer is being checked and
// returns what it decoded (and the response, whose paging counts too).
type documentedCall func(c *sdk.Client) (any, *sdk.Response, error)

// checkDocumented replays each documented answer of group to the call
// given for it: every answer of the file must have one.
func checkDocumented(t *testing.T, group string, calls map[string]documentedCall) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "crm-oas", group+".json"))
	require.NoError(t, err)
	var file struct {
		Source  string                     `json:"source"`
		Answers map[string]json.RawMessage `json:"answers"`
	}
	require.NoError(t, json.Unmarshal(b, &file))
	require.NotEmpty(t, file.Source)
	keys := make([]string, 0, len(file.Answers))
	for k := range file.Answers {
		keys = append(keys, k)
		require.Contains(t, calls, k, "no typed call is checked against the documented answer %q", k)
	}
	for k := range calls {
		require.Contains(t, file.Answers, k, "no documented answer %q in %s", k, group)
	}
	sort.Strings(keys)
	rs, c := replayClient(t, "v8")
	for _, key := range keys {
		t.Run(key, func(t *testing.T) {
			status, err := strconv.Atoi(key[strings.LastIndex(key, " ")+1:])
			require.NoError(t, err)
			answer := numericPlaceholders(t, file.Answers[key])
			rs.queue(status, answer)
			got, resp, err := calls[key](c)
			require.NoError(t, err)
			var info *sdk.PageInfo
			if resp != nil {
				info = resp.Info
			}
			for _, missing := range lostLeaves(t, answer, got, info) {
				t.Errorf("%s: lost %s", key, missing)
			}
		})
	}
}

// lostLeaves returns the leaves (key=value) of answer found in none of got.
func lostLeaves(t *testing.T, answer []byte, got ...any) []string {
	t.Helper()
	var want any
	require.NoError(t, json.Unmarshal(answer, &want))
	have := map[string]bool{}
	for _, g := range got {
		b, err := json.Marshal(g)
		require.NoError(t, err)
		var v any
		require.NoError(t, json.Unmarshal(b, &v))
		leaves("", v, func(l string) { have[l] = true })
	}
	var lost []string
	leaves("", want, func(l string) {
		if !have[l] {
			lost = append(lost, l)
		}
	})
	sort.Strings(lost)
	return lost
}

// leaves calls f with key=value for each scalar under v, key being the
// name of the object key that holds it (array items keep their array's).
func leaves(key string, v any, f func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			leaves(k, val, f)
		}
	case []any:
		for _, item := range x {
			leaves(key, item, f)
		}
	default:
		b, _ := json.Marshal(x)
		f(fmt.Sprintf("%s=%s", key, b))
	}
}

// unwrap turns a typed call's (T, *Response, error) into a documentedCall's.
func unwrap[T any](v T, resp *sdk.Response, err error) (any, *sdk.Response, error) {
	return v, resp, err
}

// numericTexts are keys crm-oas types as strings whose values are
// numbers Zoho sends as numbers or digits ("count": 694, "count": "3"),
// so the SDK reads them as numbers: their placeholders ("count 2") become
// the digits they end with.
var numericTexts = map[string]bool{"count": true}

func numericPlaceholders(t *testing.T, answer json.RawMessage) json.RawMessage {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(answer, &v))
	var fix func(any)
	fix = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				if s, ok := val.(string); ok && numericTexts[k] {
					x[k] = s[strings.LastIndex(s, " ")+1:]
					continue
				}
				fix(val)
			}
		case []any:
			for _, item := range x {
				fix(item)
			}
		}
	}
	fix(v)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
