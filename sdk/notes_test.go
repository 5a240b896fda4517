package sdk_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// seenRequest is a CRM request as the emulator received it.
type seenRequest struct {
	Method, Path string
	Query        map[string][]string
	Body         []byte
}

// observe records the CRM requests whose path contains part, leaving them
// to the emulator.
func observe(t *testing.T, srv *zohotest.Server, part string) func() []seenRequest {
	t.Helper()
	var mu sync.Mutex
	var seen []seenRequest
	f := srv.InjectFault(zohotest.Fault{Path: "/crm/", Match: func(r *http.Request) bool {
		if !strings.Contains(r.URL.Path, part) {
			return false
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, seenRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Body: body})
		return false // observe only
	}})
	t.Cleanup(f.Remove)
	return func() []seenRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]seenRequest(nil), seen...)
	}
}

func TestNotesDecodeZohoSamples(t *testing.T) {
	type results struct {
		Data []*sdk.ActionResult `json:"data"`
	}
	for _, c := range []struct {
		name  string
		check func(t *testing.T)
	}{
		{"list v2", func(t *testing.T) {
			var page struct {
				Data []*sdk.Note   `json:"data"`
				Info *sdk.PageInfo `json:"info"`
			}
			decodeSample(t, &page, "29_notes.json", "sample_response_list_v2_doc_copy_(1_of_2_items)")
			n := page.Data[0]
			assert.Equal(t, "410888000000734003", n.ID)
			assert.Equal(t, "Demo scheduled for this Lead", n.Content)
			assert.Empty(t, n.Title)
			assert.Equal(t, "Leads", n.ParentModule)
			assert.Equal(t, "410888000000698006", n.ParentID)
			assert.Equal(t, "Patricia Boyle", n.Owner.Name)
			assert.Equal(t, "410888000000086001", n.CreatedBy.ID)
			assert.Equal(t, time.Date(2016, 9, 15, 12, 33, 9, 0, time.UTC), n.CreatedTime.UTC())
			assert.Contains(t, n.Extra(), "$approval")
			assert.True(t, page.Info.MoreRecords)
			// A read-modify-write keeps what Zoho sent.
			out, err := json.Marshal(n)
			require.NoError(t, err)
			assert.Contains(t, string(out), `"Parent_Id":{"name":null,"id":"410888000000698006"}`)
			assert.Contains(t, string(out), `"$se_module":"Leads"`)
		}},
		{"create v2", func(t *testing.T) {
			var r results
			decodeSample(t, &r, "29_notes.json", "sample_response_create_v2_doc_copy")
			assert.Equal(t, "410888000000737002", r.Data[0].ID())
			assert.Equal(t, "record added", r.Data[0].Message)
		}},
		{"create v8", func(t *testing.T) {
			var r results
			decodeSample(t, &r, "29_notes.json", "sample_response_create_201_v8_official")
			assert.Equal(t, "4876876000006021002", r.Data[0].ID())
			assert.True(t, r.Data[0].OK())
		}},
		{"v8 note without title or content", func(t *testing.T) {
			var r sdk.ActionResult
			decodeSample(t, &r, "29_notes.json", "v8_partial_error_item")
			assert.ErrorIs(t, r.Err(), sdk.ErrMandatoryNotFound)
		}},
		{"update a record's note", func(t *testing.T) {
			var r results
			decodeSample(t, &r, "44_notes_record.json", "sample_response_update_v7_doc")
			assert.Equal(t, "410888000000643123", r.Data[0].ID())
			assert.Equal(t, "record updated", r.Data[0].Message)
		}},
		{"delete", func(t *testing.T) {
			var r results
			decodeSample(t, &r, "29_notes.json", "sample_response_delete_v2_doc_copy")
			assert.Equal(t, []string{"2883756000000308033", "2883756000000308027"}, []string{r.Data[0].ID(), r.Data[1].ID()})
		}},
	} {
		t.Run(c.name, c.check)
	}
}

func TestRecordNotesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"First_Name": "Ada", "Last_Name": "Lovelace"})[0]

	results, _, err := c.Notes.Add(ctx, "Leads", lead, &sdk.Note{Title: "Call", Content: "Called, will follow up"}, &sdk.Note{Content: "Second"})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	first := results[0].ID()

	notes, _, err := c.Notes.ListByRecord(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	require.Len(t, notes, 2)
	byID := map[string]*sdk.Note{}
	for _, n := range notes {
		byID[n.ID] = n
		assert.Equal(t, "Leads", n.ParentModule)
		assert.Equal(t, lead, n.ParentID)
		assert.Equal(t, "Ada Lovelace", n.ParentName)
		assert.Equal(t, srv.Admin().ID, n.CreatedBy.ID)
	}
	assert.Equal(t, "Called, will follow up", byID[first].Content)

	res, _, err := c.Notes.Update(ctx, "Leads", lead, first, &sdk.Note{Content: "Followed up"})
	require.NoError(t, err)
	assert.Equal(t, first, res.ID())
	var all []*sdk.Note
	for n, err := range c.Notes.AllByRecord(ctx, "Leads", lead, &sdk.ListOptions{PerPage: 1}) {
		require.NoError(t, err)
		all = append(all, n)
	}
	require.Len(t, all, 2)
	for _, n := range all {
		if n.ID == first {
			assert.Equal(t, "Followed up", n.Content)
			assert.Equal(t, "Call", n.Title, "the title is kept")
		}
	}

	res, _, err = c.Notes.Delete(ctx, "Leads", lead, first)
	require.NoError(t, err)
	assert.Equal(t, "record deleted", res.Message)
	notes, _, err = c.Notes.ListByRecord(ctx, "Leads", lead, nil)
	require.NoError(t, err)
	assert.Len(t, notes, 1)

	var verr *sdk.ValidationError
	_, _, err = c.Notes.Add(ctx, "Leads", lead, &sdk.Note{})
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "notes[0]", verr.Field)
	_, _, err = c.Notes.ListByRecord(ctx, "Leads", "", nil)
	require.ErrorAs(t, err, &verr)
}

// Notes across modules: 130 notes take two calls, the parent goes in the
// shape of the configured version, and the results keep input order.
func TestNotesAcrossModulesByVersion(t *testing.T) {
	for _, version := range []string{"v2", "v8"} {
		t.Run(version, func(t *testing.T) {
			srv := emulator(t)
			cfg := fileConfig(t, srv)
			cfg.APIVersion = version
			c := readyClient(t, srv, cfg)
			ctx := testCtx(t)
			leads := srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
			deal := srv.Records("Deals").Insert(map[string]any{"Deal_Name": "D", "Stage": "Qualification"})[0]
			seen := observe(t, srv, "/Notes")

			notes := make([]*sdk.Note, 130)
			for i := range notes {
				notes[i] = &sdk.Note{Content: fmt.Sprint("note ", i), ParentModule: "Leads", ParentID: leads[i%2]}
			}
			notes[7] = &sdk.Note{Content: "on a deal", ParentModule: "Deals", ParentID: deal}
			notes[9].ParentID = "12345" // no such lead
			results, _, err := c.Notes.Create(ctx, notes)
			require.NoError(t, err)
			require.Len(t, results, 130)
			for i, r := range results {
				assert.Equal(t, i, r.Index)
			}
			require.Error(t, results[9].Err())
			assert.ErrorIs(t, results[9].Err(), sdk.ErrInvalidData)
			var re *sdk.RecordError
			require.ErrorAs(t, results[9].Err(), &re)
			assert.Equal(t, "Parent_Id", re.Field())
			assert.Len(t, seen(), 2, "100 notes a call")

			var body struct {
				Data []map[string]any `json:"data"`
			}
			require.NoError(t, json.Unmarshal(seen()[0].Body, &body))
			first := body.Data[0]
			if version == "v8" {
				assert.Equal(t, map[string]any{"module": map[string]any{"api_name": "Leads"}, "id": leads[0]}, first["Parent_Id"])
				assert.NotContains(t, first, "se_module")
			} else {
				assert.Equal(t, leads[0], first["Parent_Id"])
				assert.Equal(t, "Leads", first["se_module"])
			}

			var listed []*sdk.Note
			for n, err := range c.Notes.All(ctx, nil) {
				require.NoError(t, err)
				listed = append(listed, n)
			}
			assert.Len(t, listed, 129)
			onDeal, _, err := c.Notes.ListByRecord(ctx, "Deals", deal, nil)
			require.NoError(t, err)
			require.Len(t, onDeal, 1)
			assert.Equal(t, "on a deal", onDeal[0].Content)
			assert.Equal(t, "Deals", onDeal[0].ParentModule)

			ids := make([]string, 0, len(results))
			for _, r := range results {
				if r.OK() {
					ids = append(ids, r.ID())
				}
			}
			deleted, _, err := c.Notes.DeleteMany(ctx, ids...)
			require.NoError(t, err)
			require.NoError(t, sdk.WriteErrors(deleted))
			assert.Len(t, deleted, 129)
			assert.Zero(t, srv.Records("Notes").Len())

			var verr *sdk.ValidationError
			_, _, err = c.Notes.Create(ctx, []*sdk.Note{{Content: "orphan"}})
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "notes[0]", verr.Field)
		})
	}
}

func TestNoteAttachments(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "L"})[0]
	results, _, err := c.Notes.Add(ctx, "Leads", lead, &sdk.Note{Content: "minutes attached"})
	require.NoError(t, err)
	note := results[0].ID()

	up, _, err := c.Notes.UploadAttachment(ctx, note, "minutes.txt", strings.NewReader("we agreed on Tuesday"))
	require.NoError(t, err)
	list, _, err := c.Notes.ListAttachments(ctx, note, nil)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Notes", list[0].SEModule)
	assert.Equal(t, note, list[0].Parent().ID)

	dl, _, err := c.Notes.DownloadAttachment(ctx, note, up.ID())
	require.NoError(t, err)
	b, err := io.ReadAll(dl)
	require.NoError(t, err)
	dl.Close()
	assert.Equal(t, "we agreed on Tuesday", string(b))
	assert.Equal(t, "minutes.txt", dl.FileName)

	_, _, err = c.Notes.DeleteAttachment(ctx, note, up.ID())
	require.NoError(t, err)
	list, _, err = c.Notes.ListAttachments(ctx, note, nil)
	require.NoError(t, err)
	assert.Empty(t, list)
}

// The top-level notes by id: read, update one and many, delete one and
// many, across modules.
func TestNotesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	lead := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Lovelace"})[0]
	deal := srv.Records("Deals").Insert(map[string]any{"Deal_Name": "Engine", "Stage": "Qualification"})[0]

	created, _, err := c.Notes.Create(ctx, []*sdk.Note{
		{Title: "Call", Content: "Called", ParentModule: "Leads", ParentID: lead},
		{Content: "Quote sent", ParentModule: "Deals", ParentID: deal},
		{Content: "Nowhere", ParentModule: "Deals", ParentID: "111"},
	})
	require.NoError(t, err)
	require.Len(t, created, 3)
	require.NoError(t, sdk.WriteErrors(created[:2]))
	assert.ErrorIs(t, created[2].Err(), sdk.ErrInvalidData, "no such deal")
	call, quote := created[0].ID(), created[1].ID()

	n, _, err := c.Notes.Get(ctx, call)
	require.NoError(t, err)
	assert.Equal(t, "Called", n.Content)
	assert.Equal(t, "Leads", n.ParentModule)
	assert.Equal(t, lead, n.ParentID)
	n, _, err = c.Notes.Get(ctx, quote, "Note_Content")
	require.NoError(t, err)
	assert.Equal(t, "Quote sent", n.Content)
	assert.Empty(t, n.Title, "only the field asked for")

	r, _, err := c.Notes.UpdateOne(ctx, call, &sdk.Note{Content: "Called twice"})
	require.NoError(t, err)
	assert.Equal(t, call, r.ID())
	results, _, err := c.Notes.UpdateMany(ctx, []*sdk.Note{{ID: call, Title: "Calls"}, {ID: quote, Content: "Quote signed"}, {ID: "111", Content: "x"}})
	require.NoError(t, err)
	require.Len(t, results, 3)
	require.NoError(t, sdk.WriteErrors(results[:2]))
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such note")
	n, _, err = c.Notes.Get(ctx, call)
	require.NoError(t, err)
	assert.Equal(t, "Calls", n.Title)
	assert.Equal(t, "Called twice", n.Content, "the content is kept")
	assert.Equal(t, lead, n.ParentID, "a note stays on its record")

	var listed []string
	for n, err := range c.Notes.All(ctx, &sdk.NoteListOptions{ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		listed = append(listed, n.Content)
	}
	assert.ElementsMatch(t, []string{"Called twice", "Quote signed"}, listed)

	r, _, err = c.Notes.DeleteOne(ctx, quote)
	require.NoError(t, err)
	assert.True(t, r.OK())
	_, _, err = c.Notes.Get(ctx, quote)
	assert.Error(t, err, "deleted")
	_, _, err = c.Notes.DeleteOne(ctx, quote)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "deleted already")
	results, _, err = c.Notes.DeleteMany(ctx, call, quote)
	require.NoError(t, err)
	assert.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	assert.Zero(t, srv.Records("Notes").Len())

	before := srv.Counters().APIRequests
	var invalid *sdk.ValidationError
	_, _, err = c.Notes.UpdateMany(ctx, []*sdk.Note{{Content: "no id"}})
	assert.ErrorAs(t, err, &invalid)
	_, _, err = c.Notes.UpdateOne(ctx, call, &sdk.Note{})
	assert.ErrorAs(t, err, &invalid, "neither title nor content")
	_, _, err = c.Notes.DeleteOne(ctx, "")
	assert.ErrorAs(t, err, &invalid)
	assert.Equal(t, before, srv.Counters().APIRequests)
}

func TestNotesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	note := &sdk.Note{ID: "1", Content: "x", ParentModule: "Leads", ParentID: "2"}
	checkDocumented(t, "notes", map[string]documentedCall{
		"DELETE /crm/v8/Notes 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.DeleteMany(ctx, "1"))
		},
		"DELETE /crm/v8/Notes 202": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.DeleteMany(ctx, "1"))
		},
		"DELETE /crm/v8/Notes/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.DeleteOne(ctx, "1"))
		},
		"GET /crm/v8/Notes 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.List(ctx, nil))
		},
		"GET /crm/v8/Notes/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.Get(ctx, "1"))
		},
		"POST /crm/v8/Notes 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.Create(ctx, []*sdk.Note{note}))
		},
		"POST /crm/v8/Notes 202": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.Create(ctx, []*sdk.Note{note}))
		},
		"PUT /crm/v8/Notes 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.UpdateMany(ctx, []*sdk.Note{note}))
		},
		"PUT /crm/v8/Notes/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Notes.UpdateOne(ctx, "1", note))
		},
	})
}
