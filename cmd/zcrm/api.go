package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
)

func apiCommand() *cobra.Command {
	var (
		asJSON  bool
		user    string
		headers []string
		file    string
		output  string
	)
	cmd := &cobra.Command{
		Use:   "api <METHOD> <path> [json-body]",
		Short: "Call the CRM API and print the answer",
		Long: "Call {api_base_url}/crm/{api_version}/<path> and print Zoho's answer.\n\n" +
			"The path is what follows /crm/{version}/ in Zoho's documentation, such as org,\n" +
			"Leads, users?type=CurrentUser or settings/modules; a full path works too:\n" +
			"/crm/v2/org calls that API version, /crm/bulk/v8/read and /crm/email/v8/... the bulk\n" +
			"and email APIs, and /crm/v8/upload the file upload host of bulk writes (with --file).\n" +
			"A download URL Zoho gave (bulk write results, backups) is fetched as it is, with\n" +
			"--output; the access token only goes to the user's own hosts or Zoho's.\n\n" + configHelp,
		Example: "  zcrm api GET org\n" +
			"  zcrm api GET /crm/v8/Leads?fields=Last_Name,Company\n" +
			`  zcrm api POST Leads '{"data":[{"Last_Name":"Boyle","Company":"Zylker"}]}'` + "\n" +
			`  zcrm api POST /crm/bulk/v8/read '{"query":{"module":{"api_name":"Leads"}}}'` + "\n" +
			"  zcrm api --output leads.zip GET /crm/bulk/v8/read/<job-id>/result\n" +
			"  zcrm api --file leads.zip -H 'feature: bulk-write' -H 'X-CRM-ORG: <zgid>' POST /crm/v8/upload",
		Args: argsBetween(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, version, err := apiRequest(args, headers, file)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			c, _, err := connect(ctx, func(cfg *sdk.Config) {
				if version != "" {
					cfg.APIVersion = version
				}
			})
			if err != nil {
				return err
			}
			defer c.Close()
			if user != "" {
				c = c.ForUser(user)
			}
			out := cmd.OutOrStdout()
			resp, err := c.DoStream(ctx, req)
			if err != nil {
				var apiErr *sdk.APIError
				if asJSON && errors.As(err, &apiErr) {
					// Zoho answered: that is the output, and the exit code says it was a refusal.
					if werr := writeJSON(out, refusal(apiErr)); werr != nil {
						return werr
					}
				}
				return err
			}
			defer resp.Body.Close()
			if output != "" {
				return saveAnswer(out, resp, output, asJSON)
			}
			return printAnswer(out, resp, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print one JSON object: {"status": <HTTP status>, "body": <Zoho's answer, null if none>}, or {"status", "error": {code, message, details}} when Zoho refused; with --output {"status", "output", "bytes", "content_type"}`)
	cmd.Flags().StringVar(&user, "user", "", "the user to call for (default: ZCRM_CURRENT_USER_EMAIL, or the only user in the store)")
	cmd.Flags().StringArrayVarP(&headers, "header", "H", nil, `a header to send, "Name: value" (repeatable), such as 'If-Modified-Since: 2024-05-01T00:00:00+00:00'`)
	cmd.Flags().StringVar(&file, "file", "", "send this file as the multipart form field \"file\", as Zoho's uploads take it (attachments, photos, files, bulk write ZIPs)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the answer's body as it is to this file (- for stdout): for downloads, such as ZIPs and attachments")
	return cmd
}

// apiAnswer and apiRefusal are the --json output of zcrm api.
type apiAnswer struct {
	Status int             `json:"status"`
	Body   json.RawMessage `json:"body"` // null when Zoho sent none
}

type apiRefusal struct {
	Status int `json:"status"`
	Error  struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	} `json:"error"`
}

// apiSaved is the --json output of zcrm api --output.
type apiSaved struct {
	Status      int    `json:"status"`
	Output      string `json:"output"`
	Bytes       int64  `json:"bytes"`
	ContentType string `json:"content_type"`
}

func refusal(e *sdk.APIError) apiRefusal {
	r := apiRefusal{Status: e.StatusCode}
	r.Error.Code, r.Error.Message, r.Error.Details = e.Code, e.Message, e.Details
	if r.Error.Details == nil {
		r.Error.Details = map[string]any{}
	}
	return r
}

// printAnswer prints a JSON answer, indented or wrapped for --json. An
// answer that is not JSON is refused: it belongs in a file.
func printAnswer(out io.Writer, resp *sdk.Response, asJSON bool) error {
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("reading Zoho's answer: %w", err)
	}
	if len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		kind := resp.Header.Get("Content-Type")
		if kind == "" {
			kind = "not JSON"
		}
		return fmt.Errorf("the answer (%d %s, %s, %d bytes) is not JSON: save it with --output <file>", resp.StatusCode, http.StatusText(resp.StatusCode), kind, len(body))
	}
	if asJSON {
		if len(bytes.TrimSpace(body)) == 0 {
			body = []byte("null")
		}
		return writeJSON(out, apiAnswer{Status: resp.StatusCode, Body: body})
	}
	if len(bytes.TrimSpace(body)) == 0 {
		_, err := fmt.Fprintf(out, "%d %s (no body)\n", resp.StatusCode, http.StatusText(resp.StatusCode))
		return err
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, body, "", "  "); err != nil {
		return err
	}
	pretty.WriteByte('\n')
	_, err = pretty.WriteTo(out)
	return err
}

// saveAnswer writes the answer's body to path (stdout for -).
func saveAnswer(out io.Writer, resp *sdk.Response, path string, asJSON bool) error {
	dst := out
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		dst = f
	}
	n, err := io.Copy(dst, resp.Body)
	if err != nil {
		return fmt.Errorf("saving Zoho's answer to %s: %w", path, err)
	}
	if f, ok := dst.(*os.File); ok && path != "-" {
		if err := f.Close(); err != nil {
			return err
		}
	}
	if asJSON && path != "-" {
		return writeJSON(out, apiSaved{Status: resp.StatusCode, Output: path, Bytes: n, ContentType: resp.Header.Get("Content-Type")})
	}
	return nil
}

var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

var (
	// versioned matches a path that names the API version, as Zoho's
	// documentation writes them: /crm/v2/org.
	versioned = regexp.MustCompile(`^crm/(v[0-9]+(?:\.[0-9]+)?)/(.*)$`)
	// grouped matches the APIs that live beside the versioned CRM:
	// /crm/bulk/v8/read, /crm/email/v8/settings/compose.
	grouped = regexp.MustCompile(`^crm/[a-z]+/v[0-9]+(?:\.[0-9]+)?/.+$`)
	// uploaded matches the file upload host's path: /crm/v8/upload.
	uploaded = regexp.MustCompile(`^crm/v[0-9]+(?:\.[0-9]+)?/upload$`)
)

// apiRequest reads METHOD, path and body from the command line, with the
// headers and the file of the flags. version is the API version the path
// names, if it names one.
func apiRequest(args, headers []string, file string) (req *sdk.Request, version string, err error) {
	method := strings.ToUpper(args[0])
	if !slices.Contains(methods, method) {
		return nil, "", usagef("%q is not a method; one of %s", args[0], strings.Join(methods, ", "))
	}
	req, version, err = apiTarget(args[1])
	if err != nil {
		return nil, "", err
	}
	req.Method = method
	if req.Header, err = parseHeaders(headers); err != nil {
		return nil, "", err
	}
	switch {
	case len(args) == 3 && file != "":
		return nil, "", usagef("give a JSON body or --file, not both")
	case len(args) == 3:
		if !json.Valid([]byte(args[2])) {
			return nil, "", usagef("the body is not valid JSON")
		}
		req.Body = json.RawMessage(args[2])
	case file != "":
		if req.RawBody, req.ContentType, err = multipartFile(file); err != nil {
			return nil, "", err
		}
	}
	return req, version, nil
}

// apiTarget reads where a path typed on the command line goes.
func apiTarget(typed string) (*sdk.Request, string, error) {
	if strings.HasPrefix(typed, "http://") || strings.HasPrefix(typed, "https://") {
		u, err := url.Parse(typed)
		if err != nil {
			return nil, "", usagef("%q: %v", typed, err)
		}
		if u.Path == "/crm" || strings.HasPrefix(u.Path, "/crm/") {
			return nil, "", usagef("give the path without the host, such as org or /crm/v2/org: the host comes from the configuration (ZCRM_API_BASE_URL, or the data centre of the tokens)")
		}
		// A download URL Zoho gave: the SDK sends the token to the user's
		// own hosts and Zoho's only.
		return &sdk.Request{Base: sdk.BaseAbsolute, Path: typed}, "", nil
	}
	path, rawQuery, _ := strings.Cut(strings.TrimLeft(typed, "/"), "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, "", usagef("the query string of %q: %v", typed, err)
	}
	req := &sdk.Request{Query: query}
	var version string
	switch m := versioned.FindStringSubmatch(path); {
	case uploaded.MatchString(path):
		req.Base, req.Path = sdk.BaseUpload, "/"+path
	case m != nil:
		version, req.Path = m[1], m[2]
	case grouped.MatchString(path):
		req.Base, req.Path = sdk.BaseAPIRoot, "/"+path
	case path == "crm" || strings.HasPrefix(path, "crm/"):
		return nil, "", usagef("%q: a path under /crm/ names the API version, as /crm/v2/org and /crm/bulk/v8/read do; or give the path after it (org)", typed)
	default:
		req.Path = path
	}
	if req.Path == "" {
		return nil, "", usagef("%q names no resource; try org, Leads or users?type=CurrentUser", typed)
	}
	return req, version, nil
}

// parseHeaders reads "Name: value" headers.
func parseHeaders(lines []string) (http.Header, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	h := http.Header{}
	for _, line := range lines {
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, usagef("header %q: write it as \"Name: value\"", line)
		}
		if strings.EqualFold(name, "Authorization") {
			return nil, usagef("header %q: the SDK sends the Authorization header itself", name)
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, nil
}

// multipartFile is a multipart form with the file in the field "file",
// as Zoho's uploads take it.
func multipartFile(path string) ([]byte, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("--file: %w", err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", filepath.Base(path))
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(data); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return body.Bytes(), w.FormDataContentType(), nil
}
