// Command attachments uploads a file to a new lead, lists the lead's
// attachments, downloads the file back (streamed to disk) and checks it is
// the same, then deletes the attachment and the lead.
//
// With no ZCRM_ variables it runs against an emulated Zoho; see
// examples/quickstart for the variables that point it at Zoho.
package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/zcrm-go/zcrm/examples/internal/demo"
	"github.com/zcrm-go/zcrm/sdk"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	setup, client, _, err := demo.Connect(ctx)
	if err != nil {
		return err
	}
	defer setup.Close()
	defer client.Close()

	dir, err := os.MkdirTemp("", "zcrm-attachments")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// A file of 3 MB to upload.
	upload := filepath.Join(dir, "brochure.pdf")
	sum, err := writeFile(upload, 3<<20)
	if err != nil {
		return err
	}
	fmt.Printf("1. Wrote %s (3 MB)\n", filepath.Base(upload))

	results, _, err := client.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Attachments demo", "Company": "zcrm demo"}}, nil)
	if err != nil {
		return err
	}
	if err := sdk.WriteErrors(results); err != nil {
		return err
	}
	lead := results[0].ID()
	fmt.Printf("2. Lead created: %s\n", lead)

	f, err := os.Open(upload)
	if err != nil {
		return err
	}
	res, _, err := client.Attachments.Upload(ctx, "Leads", lead, "brochure.pdf", f)
	f.Close()
	if err != nil {
		return err
	}
	fmt.Printf("3. Uploaded: attachment %s (%s)\n", res.ID(), res.Message)

	list, _, err := client.Attachments.List(ctx, "Leads", lead, nil)
	if err != nil {
		return err
	}
	for _, a := range list {
		fmt.Printf("4. Listed: %s, %d bytes, by %s\n", a.FileName, a.Size(), a.CreatedBy().Name)
	}

	dl, _, err := client.Attachments.Download(ctx, "Leads", lead, res.ID())
	if err != nil {
		return err
	}
	copyPath := filepath.Join(dir, "downloaded-"+dl.FileName)
	out, err := os.Create(copyPath)
	if err != nil {
		dl.Close()
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), dl)
	dl.Close()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	same := "identical"
	if [32]byte(h.Sum(nil)) != sum {
		same = "DIFFERENT"
	}
	fmt.Printf("5. Downloaded %s: %d bytes, %s, %s to the upload\n", dl.FileName, n, dl.ContentType, same)

	if _, _, err := client.Attachments.Delete(ctx, "Leads", lead, res.ID()); err != nil {
		return err
	}
	if _, _, err := client.Records.Delete(ctx, "Leads", lead); err != nil {
		return err
	}
	fmt.Println("6. Attachment and lead deleted")
	return nil
}

// writeFile writes size pseudo-random bytes and returns their SHA-256.
func writeFile(path string, size int) ([32]byte, error) {
	rng := rand.New(rand.NewPCG(4, 2))
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	return sha256.Sum256(data), os.WriteFile(path, data, 0o600)
}
