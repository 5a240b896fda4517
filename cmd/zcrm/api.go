package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/sdk"
)

func apiCommand() *cobra.Command {
	var (
		asJSON bool
		user   string
	)
	cmd := &cobra.Command{
		Use:   "api <METHOD> <path> [json-body]",
		Short: "Call the CRM API and print the answer",
		Long: "Call {api_base_url}/crm/{api_version}/<path> and print Zoho's answer.\n\n" +
			"The path is what follows /crm/{version}/ in Zoho's documentation, such as org,\n" +
			"Leads, users?type=CurrentUser or settings/modules; a full path such as\n" +
			"/crm/v2/org works too and calls that API version.\n\n" + configHelp,
		Example: "  zcrm api GET org\n" +
			"  zcrm api GET /crm/v8/Leads?fields=Last_Name,Company\n" +
			`  zcrm api POST Leads '{"data":[{"Last_Name":"Boyle","Company":"Zylker"}]}'`,
		Args: argsBetween(2, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, version, err := apiRequest(args)
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
			var answer json.RawMessage
			resp, err := c.Do(ctx, req, &answer)
			out := cmd.OutOrStdout()
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
			if asJSON {
				if len(answer) == 0 {
					answer = json.RawMessage("null")
				}
				return writeJSON(out, apiAnswer{Status: resp.StatusCode, Body: answer})
			}
			if len(answer) == 0 {
				fmt.Fprintf(out, "%d %s (no body)\n", resp.StatusCode, http.StatusText(resp.StatusCode))
				return nil
			}
			pretty, err := json.MarshalIndent(answer, "", "  ")
			if err != nil {
				return err
			}
			fmt.Fprintln(out, string(pretty))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print one JSON object: {"status": <HTTP status>, "body": <Zoho's answer, null if none>}, or {"status", "error": {code, message, details}} when Zoho refused`)
	cmd.Flags().StringVar(&user, "user", "", "the user to call for (default: ZCRM_CURRENT_USER_EMAIL, or the only user in the store)")
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

func refusal(e *sdk.APIError) apiRefusal {
	r := apiRefusal{Status: e.StatusCode}
	r.Error.Code, r.Error.Message, r.Error.Details = e.Code, e.Message, e.Details
	if r.Error.Details == nil {
		r.Error.Details = map[string]any{}
	}
	return r
}

var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// crmPath matches a path that names the API version, as Zoho's
// documentation writes them: /crm/v2/org.
var crmPath = regexp.MustCompile(`^crm/(v[0-9]+(?:\.[0-9]+)?)/(.*)$`)

// apiRequest reads METHOD, path and body from the command line. version is
// the API version the path names, if it names one.
func apiRequest(args []string) (req *sdk.Request, version string, err error) {
	method := strings.ToUpper(args[0])
	if !slices.Contains(methods, method) {
		return nil, "", usagef("%q is not a method; one of %s", args[0], strings.Join(methods, ", "))
	}
	typed := args[1]
	if strings.HasPrefix(typed, "http://") || strings.HasPrefix(typed, "https://") {
		return nil, "", usagef("give the path without the host, such as org or /crm/v2/org: the host comes from the configuration (ZCRM_API_BASE_URL, or the data centre of the tokens)")
	}
	path, rawQuery, _ := strings.Cut(strings.TrimLeft(typed, "/"), "?")
	if m := crmPath.FindStringSubmatch(path); m != nil {
		version, path = m[1], m[2]
	} else if path == "crm" || strings.HasPrefix(path, "crm/") {
		return nil, "", usagef("%q: a path under /crm/ names the API version, as /crm/v2/org does; or give the path after it (org)", typed)
	}
	if path == "" {
		return nil, "", usagef("%q names no resource; try org, Leads or users?type=CurrentUser", typed)
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, "", usagef("the query string of %q: %v", typed, err)
	}
	req = &sdk.Request{Method: method, Path: path, Query: query}
	if len(args) == 3 {
		if !json.Valid([]byte(args[2])) {
			return nil, "", usagef("the body is not valid JSON")
		}
		req.Body = json.RawMessage(args[2])
	}
	return req, version, nil
}
