package sdk_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// property is the emulator's module with a field of every data type,
// written by hand as a program would (zcrm gen writes the same kind).
type property struct {
	ID                 string                      `json:"id,omitempty"`
	Name               string                      `json:"Name,omitzero"`
	Description        string                      `json:"Description,omitzero"`
	ListingNotes       string                      `json:"Listing_Notes,omitzero"`
	ContactEmail       string                      `json:"Contact_Email,omitzero"`
	Phone              string                      `json:"Phone,omitzero"`
	ListingURL         string                      `json:"Listing_URL,omitzero"`
	Status             string                      `json:"Status,omitzero"`
	Features           crmtype.MultiSelect[string] `json:"Features,omitzero"`
	ListedOn           crmtype.Date                `json:"Listed_On,omitzero"`
	InspectionAt       crmtype.DateTime            `json:"Inspection_At,omitzero"`
	Rooms              crmtype.Int                 `json:"Rooms,omitzero"`
	LandRegistryNumber crmtype.Int                 `json:"Land_Registry_Number,omitzero"`
	FloorArea          crmtype.Decimal             `json:"Floor_Area,omitzero"`
	Price              crmtype.Decimal             `json:"Price,omitzero"`
	Commission         crmtype.Decimal             `json:"Commission,omitzero"`
	Furnished          crmtype.Bool                `json:"Furnished,omitzero"`
	Account            crmtype.Lookup              `json:"Account,omitzero"`
	Agent              crmtype.Lookup              `json:"Agent,omitzero"`
	Owner              crmtype.Lookup              `json:"Owner,omitzero"`
	AssociatedAgents   []agentLink                 `json:"Associated_Agents,omitzero"`
	InterestedContacts []contactLink               `json:"Interested_Contacts,omitzero"`
	RoomsList          []roomRow                   `json:"Rooms_List,omitzero"`
	FloorPlan          []crmtype.File              `json:"Floor_Plan,omitzero"`
	Photos             []crmtype.Image             `json:"Photos,omitzero"`
	RecordImage        string                      `json:"Record_Image,omitzero"`
	Consent            crmtype.Lookup              `json:"Data_Processing_Basis_Details,omitzero"`
	PropertyCode       string                      `json:"Property_Code,omitzero" zcrm:"readonly"`
	PricePerRoom       crmtype.Decimal             `json:"Price_Per_Room,omitzero" zcrm:"readonly"`
	TotalRoomArea      crmtype.Decimal             `json:"Total_Room_Area,omitzero" zcrm:"readonly"`
	CreatedTime        crmtype.DateTime            `json:"Created_Time,omitzero" zcrm:"readonly"`
}

type roomRow struct {
	ID         string          `json:"id,omitempty"`
	RoomName   string          `json:"Room_Name,omitzero"`
	Area       crmtype.Decimal `json:"Area,omitzero"`
	Floor      crmtype.Int     `json:"Floor,omitzero"`
	MeasuredOn crmtype.Date    `json:"Measured_On,omitzero"`
}

type agentLink struct {
	ID    string         `json:"id,omitempty"`
	Agent crmtype.Lookup `json:"Associated_Agents,omitzero"`
}

type contactLink struct {
	ID      string         `json:"id,omitempty"`
	Contact crmtype.Lookup `json:"Interested_Contact,omitzero"`
}

type typesOrg struct {
	srv     *zohotest.Server
	c       *sdk.Client
	account string
	contact string
	agent   zohotest.User
	fileID  string
	imageID string
}

func newTypesOrg(t *testing.T) typesOrg {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	o := typesOrg{srv: srv, c: c}
	o.account = srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	o.contact = srv.Records("Contacts").Insert(map[string]any{"Last_Name": "Boyle"})[0]
	o.agent = srv.AddUser(zohotest.User{Email: "agent@example.com", FirstName: "Ann", LastName: "Agent"})
	results, _, err := c.Files.Upload(testCtx(t), []sdk.FileUpload{
		{Name: "plan.pdf", Content: strings.NewReader("%PDF-1.4 plan")},
		{Name: "front.jpg", Content: strings.NewReader("jpeg bytes")},
	}, nil)
	require.NoError(t, err)
	o.fileID, o.imageID = results[0].ID(), results[1].ID()
	return o
}

// the edge values of every data type.
func (o typesOrg) edgeProperty() property {
	return property{
		Name: "12 Elm Street", Description: "Two floors", ListingNotes: "<p>Sunny <b>garden</b></p>",
		ContactEmail: "sales@example.com", Phone: "+1 555 0100", ListingURL: "https://example.com/12-elm",
		Status: "Off-Market (Private)", Features: crmtype.MultiSelect[string]{},
		ListedOn:           crmtype.Date{Year: 2024, Month: time.May, Day: 1},
		InspectionAt:       crmtype.DateTimeOf(time.Date(2024, 12, 31, 23, 59, 59, 0, time.FixedZone("", -(3*3600+30*60)))),
		Rooms:              crmtype.IntOf(0),
		LandRegistryNumber: crmtype.IntOf(math.MaxInt64),
		FloorArea:          "182.25", Price: "1234567890123.4567891234", Commission: "2.5",
		Furnished:          crmtype.BoolOf(false),
		Account:            crmtype.Lookup{ID: o.account},
		Agent:              crmtype.Lookup{ID: o.agent.ID},
		AssociatedAgents:   []agentLink{{Agent: crmtype.Lookup{ID: o.agent.ID}}},
		InterestedContacts: []contactLink{{Contact: crmtype.Lookup{ID: o.contact}}},
		RoomsList: []roomRow{
			{RoomName: "Kitchen", Area: "20.5", Floor: crmtype.IntOf(0), MeasuredOn: crmtype.Date{Year: 2024, Month: time.April, Day: 30}},
			{RoomName: "Attic", Area: "12", Floor: crmtype.IntOf(2)},
		},
		FloorPlan:   []crmtype.File{{FileID: o.fileID}},
		Photos:      []crmtype.Image{{File: crmtype.File{FileID: o.imageID}, Description: "Front"}},
		RecordImage: "photo-ref-1",
		Consent:     crmtype.Lookup{ID: "4150868000000999001"},
	}
}

func checkEdgeValues(t *testing.T, o typesOrg, got *property) {
	t.Helper()
	assert.Equal(t, "Off-Market (Private)", got.Status)
	assert.Equal(t, "<p>Sunny <b>garden</b></p>", got.ListingNotes)
	assert.NotNil(t, got.Features, "an empty multi-select comes back empty, not null")
	assert.Empty(t, got.Features)
	assert.Equal(t, "2024-05-01", got.ListedOn.String(), "a date-only date")
	assert.Equal(t, "2024-12-31T23:59:59-03:30", got.InspectionAt.String(), "a negative offset kept")
	assert.Equal(t, crmtype.IntOf(0), got.Rooms, "zero is sent and kept")
	assert.Equal(t, crmtype.IntOf(math.MaxInt64), got.LandRegistryNumber, "a bigint of 2^63-1")
	assert.Equal(t, crmtype.Decimal("1234567890123.4567891234"), got.Price, "a currency with many decimals, no float rounding")
	assert.Equal(t, crmtype.BoolOf(false), got.Furnished)
	assert.Equal(t, crmtype.Lookup{ID: o.account, Name: "Zylker"}, got.Account, "a lookup with id and name")
	assert.Equal(t, o.agent.ID, got.Agent.ID)
	assert.NotEmpty(t, got.Agent.Name)
	require.Len(t, got.AssociatedAgents, 1)
	assert.Equal(t, o.agent.ID, got.AssociatedAgents[0].Agent.ID)
	assert.NotEmpty(t, got.AssociatedAgents[0].ID, "a link gets its id")
	require.Len(t, got.InterestedContacts, 1)
	assert.Equal(t, crmtype.Lookup{ID: o.contact, Name: "Boyle"}, got.InterestedContacts[0].Contact)
	require.Len(t, got.RoomsList, 2)
	assert.NotEmpty(t, got.RoomsList[0].ID, "a subform row gets its id")
	assert.Equal(t, crmtype.Decimal("20.5"), got.RoomsList[0].Area)
	assert.Equal(t, "2024-04-30", got.RoomsList[0].MeasuredOn.String())
	require.Len(t, got.FloorPlan, 1)
	assert.Equal(t, "plan.pdf", got.FloorPlan[0].FileName)
	assert.NotEmpty(t, got.FloorPlan[0].ID)
	require.Len(t, got.Photos, 1)
	assert.Equal(t, "Front", got.Photos[0].Description)
	assert.Equal(t, "photo-ref-1", got.RecordImage)
	assert.Equal(t, "4150868000000999001", got.Consent.ID)
	assert.Equal(t, "PR-1001", got.PropertyCode, "Zoho numbers the record")
	assert.Equal(t, crmtype.Decimal("32.5"), got.TotalRoomArea, "the rollup summary is Zoho's")
	assert.False(t, got.CreatedTime.IsZero())
}

// Every data type through the emulator, typed: written from T, read back
// into T with the edge values intact.
func TestEveryFieldTypeRoundTripsTyped(t *testing.T) {
	o := newTypesOrg(t)
	ctx := testCtx(t)
	props := sdk.Typed[property](o.c, zohotest.PropertiesModule)
	results, _, err := props.Create(ctx, []property{o.edgeProperty()}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	got, _, err := props.Get(ctx, results[0].ID(), nil)
	require.NoError(t, err)
	checkEdgeValues(t, o, got)

	// The price per room is a formula: with rooms, Zoho works it out.
	got.Rooms = crmtype.IntOf(4)
	got.Price = "1000000"
	// Update the first room, leave the second out (Zoho deletes it), add one.
	kitchen := got.RoomsList[0].ID
	got.RoomsList = []roomRow{{ID: kitchen, RoomName: "Kitchen-Diner"}, {RoomName: "Cellar", Floor: crmtype.IntOf(-1)}}
	results, _, err = props.Update(ctx, []property{*got}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	again, _, err := props.Get(ctx, got.ID, nil)
	require.NoError(t, err)
	require.Len(t, again.RoomsList, 2, "the row left out is deleted")
	assert.Equal(t, kitchen, again.RoomsList[0].ID)
	assert.Equal(t, "Kitchen-Diner", again.RoomsList[0].RoomName)
	assert.Equal(t, crmtype.Decimal("20.5"), again.RoomsList[0].Area, "a row updated by id keeps the cells it was not given")
	assert.Equal(t, "Cellar", again.RoomsList[1].RoomName)
	assert.Equal(t, crmtype.IntOf(-1), again.RoomsList[1].Floor)
	assert.Equal(t, crmtype.Decimal("250000"), again.PricePerRoom)
	assert.Equal(t, "PR-1001", again.PropertyCode, "read-only fields were not sent and are unchanged")

	// Zero rows left: every row deleted.
	again.RoomsList = []roomRow{}
	results, _, err = props.Update(ctx, []property{*again}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	last, _, err := props.Get(ctx, got.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, last.RoomsList)

	// A row id the record does not have is refused.
	last.RoomsList = []roomRow{{ID: "999", RoomName: "Ghost"}}
	results, _, err = props.Update(ctx, []property{*last}, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err(), sdk.ErrInvalidData)
}

// The same through sdk.Record: its accessors read each type exactly.
func TestEveryFieldTypeRoundTripsAsRecord(t *testing.T) {
	o := newTypesOrg(t)
	ctx := testCtx(t)
	rec, err := sdk.NewRecord(o.edgeProperty())
	require.NoError(t, err)
	results, _, err := o.c.Records.Create(ctx, zohotest.PropertiesModule, []sdk.Record{rec}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	r, _, err := o.c.Records.Get(ctx, zohotest.PropertiesModule, results[0].ID(), nil)
	require.NoError(t, err)

	d, _ := r.Date("Listed_On")
	assert.Equal(t, "2024-05-01", d.String())
	dt, _ := r.DateTime("Inspection_At")
	assert.Equal(t, "2024-12-31T23:59:59-03:30", dt.String())
	n, ok := r.Int("Land_Registry_Number")
	assert.True(t, ok)
	assert.Equal(t, int64(math.MaxInt64), n)
	price, _ := r.Decimal("Price")
	assert.Equal(t, crmtype.Decimal("1234567890123.4567891234"), price)
	assert.NotNil(t, r.MultiSelect("Features"))
	assert.Equal(t, "Zylker", r.Lookup("Account").Name)
	assert.Len(t, r.Rows("Rooms_List"), 2)
	assert.Equal(t, "plan.pdf", r.Files("Floor_Plan")[0].FileName)
	assert.Equal(t, "Front", r.Images("Photos")[0].Description)
	var back property
	require.NoError(t, r.Decode(&back))
	checkEdgeValues(t, o, &back)
}

// Zoho's answers to wrongly typed values: INVALID_DATA naming the field
// and the type it expects, record by record.
func TestWronglyTypedValuesGetZohosAnswer(t *testing.T) {
	o := newTypesOrg(t)
	ctx := testCtx(t)
	cases := map[string]any{
		"Rooms":                "three",
		"Land_Registry_Number": "9223372036854775808",
		"Price":                "12,50",
		"Furnished":            "yes",
		"Listed_On":            "01/05/2024",
		"Inspection_At":        "2024-05-01",
		"Features":             "Pool",
		"Status":               "Demolished",
		"Account":              true,
		"Agent":                map[string]any{"id": "12"},
		"Rooms_List":           map[string]any{"Room_Name": "Hall"},
		"Floor_Plan":           []any{map[string]any{"File_Id__s": "unknown"}},
		"Interested_Contacts":  []any{map[string]any{"Interested_Contact": map[string]any{"id": "1"}}},
	}
	var names []string
	var recs []sdk.Record
	for name, v := range cases {
		names = append(names, name)
		recs = append(recs, sdk.Record{"Name": "Wrong " + name, "Status": "Available", name: v})
	}
	results, _, err := o.c.Records.Create(ctx, zohotest.PropertiesModule, recs, nil)
	require.NoError(t, err)
	for i, r := range results {
		var recErr *sdk.RecordError
		require.True(t, errors.As(r.Err(), &recErr), "%s: %v", names[i], r.Err())
		assert.Equal(t, "INVALID_DATA", recErr.Code, names[i])
		assert.Equal(t, names[i], recErr.Field(), names[i])
	}
	assert.Zero(t, o.srv.Records(zohotest.PropertiesModule).Len())
}
