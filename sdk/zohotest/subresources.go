package zohotest

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
)

// What hangs off a record besides its fields: attachments, the photo, tags
// and blueprints, kept apart from the record store (notes are records of
// the Notes module and live there). One lock guards it all; a handler that
// also locks a module's records takes this lock first.

type subresources struct {
	mu          sync.Mutex
	attachments map[recordKey][]*attachment // in upload order
	photos      map[recordKey]*photo
	tags        map[string]*moduleTags     // by lower-case module name
	blueprints  map[string][]*blueprint    // by lower-case module name
	transitions map[string]*bpTransition   // by transition id
	partial     map[recordKey]*partialSave // transitions saved partially

	// Upload limits in bytes; zero means the default.
	attachmentLimit, photoLimit int64
}

// recordKey names a record: lower-case module API name and id.
type recordKey struct{ module, id string }

func recordKeyOf(meta *moduleMeta, id string) recordKey {
	return recordKey{strings.ToLower(meta.APIName), id}
}

// Zoho's upload limits: 20 MB an attachment (the limit Zoho's file and
// attachment pages give; the v2 upload page also mentions 100 MB), 10 MB a
// photo (upload-image.html, v8).
const (
	defaultAttachmentLimit = 20 << 20
	defaultPhotoLimit      = 10 << 20
)

// SetUploadLimits changes the largest attachment and photo the emulator
// takes, in bytes (0 keeps the current limit), so a test can see Zoho's
// FILE_SIZE_MORE_THAN_ALLOWED_SIZE without sending 20 MB.
func (s *Server) SetUploadLimits(attachment, photo int64) {
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	if attachment > 0 {
		s.sub.attachmentLimit = attachment
	}
	if photo > 0 {
		s.sub.photoLimit = photo
	}
}

func (s *Server) uploadLimits() (attachment, photo int64) {
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	attachment, photo = s.sub.attachmentLimit, s.sub.photoLimit
	if attachment == 0 {
		attachment = defaultAttachmentLimit
	}
	if photo == 0 {
		photo = defaultPhotoLimit
	}
	return attachment, photo
}

// parentRecord resolves {module}/{id} of a sub-resource path, answering
// INVALID_MODULE, or INVALID_DATA for an id that names no record (the
// answer Zoho documents for attachments, payload 30).
func (s *Server) parentRecord(c *call) (*moduleStore, *moduleMeta, *record, bool) {
	ms, ok := s.modules.get(c.param("module"))
	if !ok {
		failModule(c.w)
		return nil, nil, nil, false
	}
	meta := ms.meta.Load()
	id := c.param("id")
	var r *record
	if isDigits(id) {
		ms.mu.RLock()
		r = ms.byID[id]
		ms.mu.RUnlock()
	}
	if r == nil {
		failRelatedID(c.w)
		return nil, nil, nil, false
	}
	return ms, meta, r, true
}

func failRelatedID(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", obj{{"resource_path_index", 1}})
}

// upload is a multipart/form-data request: a file part, or form fields.
type upload struct {
	fileName    string
	contentType string
	data        []byte
	hasFile     bool
	fields      map[string]string
}

// errTooLarge: the file part is larger than the limit.
var errTooLarge = errors.New("file too large")

// readUpload reads a multipart body, keeping at most limit bytes of the
// "file" part; other parts are small form fields.
func readUpload(r *http.Request, limit int64) (upload, error) {
	u := upload{fields: map[string]string{}}
	mr, err := r.MultipartReader()
	if err != nil {
		return u, err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return u, nil
		}
		if err != nil {
			return u, err
		}
		if err := readPart(&u, part, limit); err != nil {
			return u, err
		}
	}
}

func readPart(u *upload, part *multipart.Part, limit int64) error {
	defer part.Close()
	if part.FormName() == "file" && !u.hasFile {
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return err
		}
		if int64(len(data)) > limit {
			return errTooLarge
		}
		u.hasFile, u.data, u.fileName = true, data, part.FileName()
		u.contentType = part.Header.Get("Content-Type")
		return nil
	}
	v, err := io.ReadAll(io.LimitReader(part, 64<<10))
	if err != nil {
		return err
	}
	u.fields[part.FormName()] = string(v)
	return nil
}

// failUpload answers a multipart body that could not be read. The rest of
// a too large body is read first, so the client sees the answer instead
// of a connection reset while it is still sending.
func failUpload(c *call, err error) {
	if errors.Is(err, errTooLarge) {
		_, _ = io.Copy(io.Discard, io.LimitReader(c.r.Body, 512<<20))
		fail(c.w, http.StatusRequestEntityTooLarge, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
			"Please check if the size of the file is in the correct range", nil)
		return
	}
	// Code and details as crm-oas v8 attachments.json (MandatoryParamError);
	// the message is the emulator's.
	fail(c.w, http.StatusBadRequest, "INVALID_REQUEST", "the request body is not multipart/form-data", obj{{"expected_type", "multipart/form-data"}})
}
