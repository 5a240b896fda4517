package bulk_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk/bulk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// listing is a struct of the kind zcrm gen writes for Properties.
type listing struct {
	ID          string                      `json:"id,omitempty"`
	Name        string                      `json:"Name,omitzero"`
	Status      string                      `json:"Status,omitzero"`
	Features    crmtype.MultiSelect[string] `json:"Features,omitzero"`
	ListedOn    crmtype.Date                `json:"Listed_On,omitzero"`
	Inspection  crmtype.DateTime            `json:"Inspection_At,omitzero"`
	Rooms       crmtype.Int                 `json:"Rooms,omitzero"`
	Registry    crmtype.Int                 `json:"Land_Registry_Number,omitzero"`
	Price       crmtype.Decimal             `json:"Price,omitzero"`
	Furnished   crmtype.Bool                `json:"Furnished,omitzero"`
	Account     crmtype.Lookup              `json:"Account,omitzero"`
	Commission  float64                     `json:"Commission,omitzero"`
	Unexported  string                      `json:"-"`
	NotExported int
}

// A bulk read fills T from each CSV row: every cell read as its field's
// type, empty cells left null, columns T lacks skipped.
func TestReadAsFillsStructsFromTheCSV(t *testing.T) {
	srv := emulator(t)
	acct := srv.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"})[0]
	ids := srv.Records(zohotest.PropertiesModule).Insert(
		map[string]any{"Name": "Elm", "Status": "Sold", "Features": []string{"Garden", "Pool"}, "Listed_On": "2024-05-01",
			"Inspection_At": "2024-12-31T23:59:59-03:30", "Rooms": 0, "Land_Registry_Number": int64(math.MaxInt64),
			"Price": 1234567890123.45, "Furnished": false, "Account": map[string]any{"id": acct, "name": "Zylker"}, "Commission": 2.5},
		map[string]any{"Name": "Oak"},
	)
	svc := bulk.New(client(t, srv, "v8"))
	var got []listing
	fields := []string{"Name", "Status", "Features", "Listed_On", "Inspection_At", "Rooms", "Land_Registry_Number", "Price", "Furnished", "Account", "Commission", "Phone"}
	for l, err := range bulk.ReadAs[listing](testCtx(t), svc, &bulk.ReadRequest{Module: zohotest.PropertiesModule, Fields: fields}, fastWait) {
		require.NoError(t, err)
		got = append(got, l)
	}
	require.Len(t, got, 2)
	elm := got[0]
	assert.Equal(t, ids[0], elm.ID)
	assert.Equal(t, crmtype.MultiSelect[string]{"Garden", "Pool"}, elm.Features)
	assert.Equal(t, crmtype.Date{Year: 2024, Month: time.May, Day: 1}, elm.ListedOn)
	assert.Equal(t, "2024-12-31T23:59:59-03:30", elm.Inspection.String())
	assert.Equal(t, crmtype.IntOf(0), elm.Rooms)
	assert.Equal(t, crmtype.IntOf(math.MaxInt64), elm.Registry)
	assert.Equal(t, crmtype.Decimal("1234567890123.45"), elm.Price)
	assert.Equal(t, crmtype.BoolOf(false), elm.Furnished)
	assert.Equal(t, acct, elm.Account.ID)
	assert.Equal(t, 2.5, elm.Commission)
	oak := got[1]
	assert.Equal(t, "Oak", oak.Name)
	assert.Equal(t, crmtype.Int{}, oak.Rooms, "an empty cell is null")
	assert.Nil(t, oak.Features)
	assert.True(t, oak.ListedOn.IsZero())
}

// A cell that is not its field's type stops the read with an error that
// names the row and the column.
func TestReadAsRefusesACellOfTheWrongType(t *testing.T) {
	srv := emulator(t)
	srv.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle", "No_of_Employees": "many"})
	type lead struct {
		LastName  string      `json:"Last_Name"`
		Employees crmtype.Int `json:"No_of_Employees"`
	}
	svc := bulk.New(client(t, srv, "v8"))
	var errs []error
	for _, err := range bulk.ReadAs[lead](testCtx(t), svc, &bulk.ReadRequest{Module: "Leads", Fields: []string{"Last_Name", "No_of_Employees"}}, fastWait) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "row 1, column No_of_Employees")
}
