package sdk

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

// PhotosService uploads, downloads and deletes a record's photo ({module}/{id}/photo).
type PhotosService service

// MaxPhotoBytes is the largest photo Zoho takes (10 MB, PNG, JPEG, GIF or
// BMP; upload-image.html). Larger ones are refused by Zoho with
// FILE_SIZE_MORE_THAN_ALLOWED_SIZE (ErrFileTooLarge).
const MaxPhotoBytes = 10 << 20

func photoPath(module, recordID string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("record id", recordID); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(recordID) + "/photo", nil
}

// Upload sets a record's photo (Leads, Contacts, Accounts, Deals,
// Products, Vendors and custom modules have one), read from r.
func (s *PhotosService) Upload(ctx context.Context, module, recordID, fileName string, r io.Reader) (*ActionResult, *Response, error) {
	path, err := photoPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.client.uploadFile(ctx, path, fileName, r)
}

// Download opens a record's photo; close the Download when done. A record
// without a photo is an error matching ErrNotFound.
func (s *PhotosService) Download(ctx context.Context, module, recordID string) (*Download, *Response, error) {
	path, err := photoPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.client.download(ctx, path, "photo for "+module+" "+recordID)
}

// Delete removes a record's photo.
func (s *PhotosService) Delete(ctx context.Context, module, recordID string) (*ActionResult, *Response, error) {
	path, err := photoPath(module, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.client.doSingle(ctx, &Request{Method: http.MethodDelete, Path: path})
}
