package sdk

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type keptInner struct {
	Shared string `json:"shared"`
	Deep   int    `json:"deep,omitempty"`
}

type keptSample struct {
	ID      string         `json:"id,omitempty"`
	Count   int            `json:"count"`
	Active  bool           `json:"active,omitempty"`
	Value   any            `json:"value,omitempty"`
	When    time.Time      `json:"when,omitzero"`
	Ref     *NameID        `json:"ref,omitempty"`
	Skipped string         `json:"-"`
	Tags    []string       `json:"tags,omitempty"`
	Nested  *keptSampleSub `json:"nested,omitempty"`
	keptInner
	kept
}

type keptSampleSub struct {
	Name string `json:"name"`
	kept
}

func (s *keptSample) UnmarshalJSON(b []byte) error    { return decodeKept(b, s) }
func (s keptSample) MarshalJSON() ([]byte, error)     { return encodeKept(&s) }
func (s *keptSampleSub) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s keptSampleSub) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

func TestKeptTypesKeepWhatTheyHaveNoFieldFor(t *testing.T) {
	in := `{"id":"7","COUNT":3,"value":12345678901234567890,"ref":{"id":"1","name":"n","extra_in_ref":1},
		"shared":"embedded","-":"dash key","nested":{"name":"x","_pin":true},"unknown":{"a":[1,2]},"Skipped":"s"}`
	var v keptSample
	require.NoError(t, json.Unmarshal([]byte(in), &v))
	assert.Equal(t, "7", v.ID)
	assert.Equal(t, 3, v.Count, "keys match case-insensitively, as encoding/json does")
	assert.Equal(t, json.Number("12345678901234567890"), v.Value, "untyped numbers keep their text")
	assert.Equal(t, "embedded", v.Shared)
	assert.Empty(t, v.Skipped, `a json:"-" field takes nothing`)
	assert.JSONEq(t, `{"a":[1,2]}`, string(v.Extra()["unknown"]))
	assert.JSONEq(t, `"dash key"`, string(v.Extra()["-"]))
	assert.JSONEq(t, `"s"`, string(v.Extra()["Skipped"]))
	assert.JSONEq(t, `true`, string(v.Nested.Extra()["_pin"]))

	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"7","count":3,"value":12345678901234567890,"ref":{"id":"1","name":"n"},
		"shared":"embedded","-":"dash key","nested":{"name":"x","_pin":true},"unknown":{"a":[1,2]},"Skipped":"s"}`, string(out),
		"typed fields, then what Zoho sent besides; omitempty and omitzero as encoding/json")

	v.SetExtra(map[string]json.RawMessage{"id": json.RawMessage(`"ignored"`), "more": json.RawMessage(`1`)})
	v.Count = 0
	out, err = json.Marshal(&v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"7","count":0,"value":12345678901234567890,"ref":{"id":"1","name":"n"},
		"shared":"embedded","nested":{"name":"x","_pin":true},"more":1}`, string(out), "typed fields win; zero sent without omitempty")
}

func TestKeptTypesReadNumbersIntoTextAsTheirText(t *testing.T) {
	var v keptSample
	require.NoError(t, json.Unmarshal([]byte(`{"id":4150868000000224005,"nested":{"name":-1.50}}`), &v))
	assert.Equal(t, "4150868000000224005", v.ID, "no float rounding")
	assert.Equal(t, "-1.50", v.Nested.Name)
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"4150868000000224005","count":0,"shared":"","nested":{"name":"-1.50"}}`, string(out))
	require.Error(t, json.Unmarshal([]byte(`{"id":true}`), &v), "other kinds are still refused")
}

func TestKeptTypesDecodeNullAndRefuseWrongTypes(t *testing.T) {
	v := keptSample{ID: "kept"}
	require.NoError(t, json.Unmarshal([]byte(`null`), &v))
	assert.Equal(t, "kept", v.ID)
	err := json.Unmarshal([]byte(`{"count":"three"}`), &v)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "count")
	require.Error(t, json.Unmarshal([]byte(`[1]`), &v))
}
