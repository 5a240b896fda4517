package sdk_test

import (
	"bytes"
	"hash/crc32"
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestDownloadAttachmentsAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	content := bytes.Repeat([]byte("a,b,c\n"), 10_000)
	messageID := o.srv.AddMailboxEmail("Leads", o.lead, zohotest.MailboxEmail{From: "patricia@boyle.example", To: []string{o.srv.Admin().Email},
		Subject: "figures", Attachments: []zohotest.EmailFile{{Name: "figures.csv", ContentType: "text/csv", Data: content}}})
	e, _, err := o.admin.Emails.Get(ctx, "Leads", o.lead, messageID, nil)
	require.NoError(t, err)
	require.True(t, e.HasAttachment)
	file := sdk.EmailFile{OwnerID: e.Owner.ID, MessageID: messageID, ID: e.Attachments[0].ID, Name: e.Attachments[0].Name}

	d, _, err := o.admin.Emails.DownloadAttachment(ctx, "Leads", o.lead, file)
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, content, got)
	assert.Equal(t, "figures.csv", d.FileName)
	assert.Equal(t, "text/csv", d.ContentType)

	wrong := file
	wrong.Name = "other.csv"
	_, _, err = o.admin.Emails.DownloadAttachment(ctx, "Leads", o.lead, wrong)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
	wrong = file
	wrong.OwnerID = o.krisID
	_, _, err = o.admin.Emails.DownloadAttachment(ctx, "Leads", o.lead, wrong)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "user_id is the email's owner")
	_, _, err = o.kris.Emails.DownloadAttachment(ctx, "Leads", o.lead, file)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "Kris cannot see the admin's own email")
	var invalid *sdk.ValidationError
	wrong = file
	wrong.MessageID = ""
	_, _, err = o.admin.Emails.DownloadAttachment(ctx, "Leads", o.lead, wrong)
	require.ErrorAs(t, err, &invalid)
	assert.Equal(t, "MessageID", invalid.Field)
}

// A 200 MB attachment comes through the SDK as a stream: the heap grows
// by a few buffers, not by the file. The file itself sits in the
// emulator's memory before the download starts.
func TestDownloadAttachmentStreamsFlat(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	const size = 200 << 20
	data := make([]byte, size)
	for i := range data[:1<<16] {
		data[i] = byte(i * 7)
	}
	for filled := 1 << 16; filled < size; filled *= 2 {
		copy(data[filled:], data[:filled])
	}
	want := crc32.ChecksumIEEE(data)
	messageID := o.srv.AddMailboxEmail("Leads", o.lead, zohotest.MailboxEmail{From: "a@example.com", To: []string{"b@example.com"},
		Subject: "big", Attachments: []zohotest.EmailFile{{Name: "big.bin", Data: data}}})
	e, _, err := o.admin.Emails.Get(ctx, "Leads", o.lead, messageID, nil)
	require.NoError(t, err)

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, uint64(0)
	d, _, err := o.admin.Emails.DownloadAttachment(ctx, "Leads", o.lead,
		sdk.EmailFile{OwnerID: e.Owner.ID, MessageID: messageID, ID: e.Attachments[0].ID, Name: "big.bin"})
	require.NoError(t, err)
	defer d.Close()
	sum := crc32.NewIEEE()
	buf := make([]byte, 1<<20)
	var read int64
	for {
		n, err := d.Read(buf)
		sum.Write(buf[:n])
		if read/(16<<20) != (read+int64(n))/(16<<20) {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base {
				peak = max(peak, ms.HeapAlloc-base)
			}
		}
		read += int64(n)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	require.Equal(t, int64(size), read)
	assert.Equal(t, want, sum.Sum32(), "the file came whole")
	t.Logf("200 MB attachment: heap grew by %.1f MB at most while streaming", float64(peak)/(1<<20))
	assert.Less(t, peak, uint64(32<<20), "the download must stream, not gather the file")
}
