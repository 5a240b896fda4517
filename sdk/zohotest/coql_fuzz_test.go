package zohotest

import "testing"

// FuzzParseCOQL: any query text gives a query or an error, never a panic.
func FuzzParseCOQL(f *testing.F) {
	for _, q := range []string{
		"select Last_Name from Leads where Last_Name is not null limit 10",
		"select id, Account_Name.Account_Name from Contacts where (Email like '%@x.com' and Owner.email = 'a@b.c') or id in (1, 2) order by id desc limit 5, 10",
		"select Amount from Deals where Amount between 10 and 20 limit 2000 offset 4000",
		"select from where",
		"select 'unterminated from Leads",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, _ = parseCOQL(q)
	})
}

// FuzzParseCriteria: any search criteria give a criterion or an error,
// never a panic.
func FuzzParseCriteria(f *testing.F) {
	for _, c := range []string{
		"(Last_Name:equals:Boyle)",
		"((Email:starts_with:p)and(Lead_Source:equals:Web\\,Ads))",
		"((a:equals:1)or(b:in:2,3))",
		"(broken",
	} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) {
		_, _ = parseCriteria(c)
	})
}
