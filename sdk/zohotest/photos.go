package zohotest

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// A record's photo: POST {module}/{id}/photo (multipart "file": PNG, JPEG,
// GIF or BMP, at most 10 MB), GET (the image, or 204 without one), DELETE.
// Answers as in Zoho's v2 and v7 docs (payload 30's notes); the bytes are
// kept in memory.

func init() {
	handleCRM("POST", "{module}/{id}/photo", "ZohoCRM.modules.{module}.CREATE ZohoCRM.modules.{module}.UPDATE", (*Server).uploadPhoto)
	handleCRM("GET", "{module}/{id}/photo", "ZohoCRM.modules.{module}.READ", (*Server).downloadPhoto)
	handleCRM("DELETE", "{module}/{id}/photo", "ZohoCRM.modules.{module}.DELETE", (*Server).deletePhoto)
}

type photo struct {
	fileName    string
	contentType string
	data        []byte
}

// Standard modules without photos; the others (Leads, Contacts, Accounts,
// Deals, Products, Vendors) and custom modules have one.
var noPhotoModules = map[string]bool{
	"quotes": true, "sales_orders": true, "purchase_orders": true, "invoices": true,
	"tasks": true, "events": true, "calls": true, "campaigns": true,
	"price_books": true, "cases": true, "solutions": true, "notes": true,
}

// photoImageTypes are the formats Zoho takes, as net/http sniffs them.
var photoImageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/bmp": true}

// photoParent resolves the record, refusing modules without photos.
func (s *Server) photoParent(c *call) (recordKey, bool) {
	if noPhotoModules[strings.ToLower(c.param("module"))] {
		fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the given module is not supported in api", obj{})
		return recordKey{}, false
	}
	_, meta, rec, ok := s.parentRecord(c)
	if !ok {
		return recordKey{}, false
	}
	return recordKeyOf(meta, rec.id), true
}

func (s *Server) uploadPhoto(c *call) {
	key, ok := s.photoParent(c)
	if !ok {
		return
	}
	s.storePhoto(c, key)
}

// storePhoto reads the request's image and keeps it as key's photo,
// answering Zoho's success (or its refusal of the image).
func (s *Server) storePhoto(c *call, key recordKey) {
	p, ok := s.readPhoto(c)
	if !ok {
		return
	}
	s.sub.mu.Lock()
	if s.sub.photos == nil {
		s.sub.photos = map[recordKey]*photo{}
	}
	s.sub.photos[key] = p
	s.sub.mu.Unlock()
	writeJSON(c.w, http.StatusOK, obj{{"code", "SUCCESS"}, {"details", obj{}}, {"message", "photo uploaded successfully"}, {"status", "success"}})
}

// readPhoto reads an uploaded image, answering what is wrong with it.
func (s *Server) readPhoto(c *call) (*photo, bool) {
	_, limit := s.uploadLimits()
	up, err := readUpload(c.r, limit)
	if err != nil {
		failUpload(c, err)
		return nil, false
	}
	if !up.hasFile {
		fail(c.w, http.StatusBadRequest, "MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "file"}})
		return nil, false
	}
	ct := http.DetectContentType(up.data)
	if !photoImageTypes[ct] {
		// Zoho takes PNG, JPEG, JPG, GIF and BMP (upload-image.html); the
		// answer to anything else is the emulator's.
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the file is not a PNG, JPEG, GIF or BMP image", obj{{"api_name", "file"}})
		return nil, false
	}
	return &photo{fileName: up.fileName, contentType: ct, data: up.data}, true
}

func (s *Server) downloadPhoto(c *call) {
	key, ok := s.photoParent(c)
	if !ok {
		return
	}
	s.sub.mu.Lock()
	p := s.sub.photos[key]
	s.sub.mu.Unlock()
	if p == nil {
		writeEmpty(c.w, http.StatusNoContent) // crm-oas v8: 204 without a photo
		return
	}
	servePhoto(c, p)
}

// servePhoto writes a photo's bytes.
func servePhoto(c *call, p *photo) {
	h := c.w.Header()
	h.Set("Content-Type", p.contentType)
	if p.fileName != "" {
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": p.fileName}))
	}
	h.Set("Content-Length", strconv.Itoa(len(p.data)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(p.data)
}

func (s *Server) deletePhoto(c *call) {
	key, ok := s.photoParent(c)
	if !ok {
		return
	}
	s.sub.mu.Lock()
	p := s.sub.photos[key]
	delete(s.sub.photos, key)
	s.sub.mu.Unlock()
	if p == nil {
		// Zoho's answer for a record without a photo is unconfirmed.
		fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the record has no photo", obj{{"resource_path_index", 2}})
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"code", "SUCCESS"}, {"details", obj{}}, {"message", "Photo deleted"}, {"status", "success"}})
}
