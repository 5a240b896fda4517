package zohotest

import "net/http"

// apiError is Zoho's request-level error envelope, keys in Zoho's order:
// {"code","details","message","status":"error"} (payloads/05_common_errors.json).
type apiError struct {
	Code    string `json:"code"`
	Details obj    `json:"details"`
	Message string `json:"message"`
	Status  string `json:"status"`
}

// recordResult is one entry of data[] in the answer to a write of several
// records: a success or a per-record error (payloads 22-25).
type recordResult struct {
	Code    string `json:"code"`
	Details obj    `json:"details"`
	Message string `json:"message"`
	Status  string `json:"status"`
}

// upsertResult is a successful upsert entry: it adds duplicate_field (null
// when the record was inserted without a match) and action (payload 24).
type upsertResult struct {
	Code           string  `json:"code"`
	DuplicateField *string `json:"duplicate_field"`
	Action         string  `json:"action"`
	Details        obj     `json:"details"`
	Message        string  `json:"message"`
	Status         string  `json:"status"`
}

// fail answers a request-level error.
func fail(w http.ResponseWriter, status int, code, message string, details obj) {
	if details == nil {
		details = obj{}
	}
	writeJSON(w, status, apiError{Code: code, Details: details, Message: message, Status: "error"})
}

// failData answers a request-level error the way some endpoints do, wrapped
// in data[] like a per-record error (payloads 05 LIMIT_EXCEEDED, 23, 26).
func failData(w http.ResponseWriter, status int, code, message string, details obj) {
	if details == nil {
		details = obj{}
	}
	writeJSON(w, status, obj{{"data", []recordResult{{Code: code, Details: details, Message: message, Status: "error"}}}})
}

func recordError(code, message string, details obj) recordResult {
	if details == nil {
		details = obj{}
	}
	return recordResult{Code: code, Details: details, Message: message, Status: "error"}
}

// Request-level errors the CRM answers with, bodies as in the reference.

func failInvalidToken(w http.ResponseWriter) {
	fail(w, http.StatusUnauthorized, "INVALID_TOKEN", "invalid oauth token", nil)
}

func failAuthentication(w http.ResponseWriter) {
	fail(w, http.StatusUnauthorized, "AUTHENTICATION_FAILURE", "Authentication failed", nil)
}

func failScope(w http.ResponseWriter) {
	fail(w, http.StatusUnauthorized, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", nil)
}

func failURL(w http.ResponseWriter) {
	fail(w, http.StatusNotFound, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", nil)
}

func failMethod(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one", nil)
}

func failModule(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{{"resource_path_index", 0}})
}

// failParam answers INVALID_DATA for a bad query parameter.
func failParam(w http.ResponseWriter, param string) {
	fail(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"param_name", param}})
}

// failPathID answers INVALID_DATA for an id in the URL path that cannot be
// one (resource_path_index counts segments after /crm/{version}/).
func failPathID(w http.ResponseWriter, index int) {
	fail(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", obj{{"resource_path_index", index}})
}

func failBody(w http.ResponseWriter) {
	fail(w, http.StatusBadRequest, "INVALID_DATA", "either the request body or parameters is in wrong format", nil)
}

func failInternal(w http.ResponseWriter) {
	fail(w, http.StatusInternalServerError, "INTERNAL_ERROR", "Internal Server Error", nil)
}
