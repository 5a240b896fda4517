package sdk

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// EnvPrefix prefixes the environment variables ConfigFromEnv reads.
const EnvPrefix = "ZCRM_"

// envNotKeys are the project's own ZCRM_ variables that are not
// configuration keys, and what reads each; the tests' own have TEST in
// their names (envForTests). ConfigFromEnv refuses any other ZCRM_
// variable that names no key, so a typo cannot silently select another
// store. A new variable of the project goes here.
var envNotKeys = map[string]string{
	"ZCRM_GRANT_TOKEN":        "the examples: a grant token to exchange",
	"ZCRM_EXAMPLE_STORE_KEY":  "plugins/example-custom: the key of its encrypted file",
	"ZCRM_EXAMPLE_STORE_PATH": "plugins/example-custom: its file",
	"ZCRM_TOKEN_STORE_PLUGIN": "pluginproto: go-plugin's handshake cookie, set for plugin processes",
	"ZCRM_PROFILE":            "cmd/zcrm: the profile of its configuration file",
}

// envForTests: ZCRM_TEST_MYSQL_DSN, ZCRM_SDK_TEST_CHILD, ZCRM_TESTPLUGIN_...
// belong to the project's tests; no configuration key has "test" in it.
func envForTests(name string) bool {
	return strings.Contains(strings.TrimPrefix(name, EnvPrefix), "TEST")
}

// ConfigFromEnv builds a Config from environment variables named after the
// dictionary keys: ZCRM_CLIENT_ID, ZCRM_CLIENT_SECRET, ZCRM_TOKEN_PERSISTENCE_PATH
// and so on. A ZCRM_ variable that names no key is an error with the closest
// key, as an unknown key is for ConfigFromMap; the project's few other
// ZCRM_ variables (ZCRM_GRANT_TOKEN, ZCRM_TEST_MYSQL_DSN, ...) are let
// through. Keep your own program's variables out of the ZCRM_ prefix.
func ConfigFromEnv() (Config, error) {
	return configFromEnviron(os.Environ())
}

// ConfigFromEnviron is ConfigFromEnv over a list of "NAME=value" entries,
// as os.Environ gives them; of two entries with one name the later wins.
// A program with settings of its own (a file, flags) gives them as
// ZCRM_ entries before os.Environ's, so the environment overrides them.
func ConfigFromEnviron(environ []string) (Config, error) {
	return configFromEnviron(environ)
}

// configFromEnviron is ConfigFromEnv over a list of "NAME=value" entries.
func configFromEnviron(environ []string) (Config, error) {
	m := map[string]string{}
	var unknown []string
	// Variables handed to a custom plugin are the plugin's, not ours.
	passed := map[string]bool{}
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, EnvPrefix+"PERSISTENCE_HANDLER_ENV="); ok {
			for _, n := range strings.Split(v, ",") {
				passed[strings.TrimSpace(n)] = true
			}
		}
	}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		if _, ours := envNotKeys[name]; ours || envForTests(name) || passed[name] {
			continue
		}
		key := strings.ToLower(strings.TrimPrefix(name, EnvPrefix))
		if _, _, ok := locationKey(key); ok && name == strings.ToUpper(name) {
			m[key] = value // ZCRM_CLIENT_SECRET_EU, ZCRM_ACCOUNTS_URL_EU: a data centre's
			continue
		}
		if _, ok := configKeys[key]; !ok || name != EnvPrefix+strings.ToUpper(key) {
			unknown = append(unknown, name)
			continue
		}
		m[key] = value
	}
	cfg, err := ConfigFromMap(m)
	if len(unknown) == 0 {
		return cfg, err
	}
	cerr, ok := err.(*ConfigError)
	if !ok {
		cerr = &ConfigError{}
	}
	sort.Strings(unknown)
	problems := make([]string, 0, len(unknown)+len(cerr.Invalid))
	for _, name := range unknown {
		problems = append(problems, unknownEnvProblem(name))
	}
	cerr.Invalid = append(problems, cerr.Invalid...)
	return Config{}, cerr
}

// unknownEnvProblem says that name is no configuration variable, and which
// one was likely meant.
func unknownEnvProblem(name string) string {
	msg := fmt.Sprintf("environment variable %s is not a configuration key", name)
	if s := suggestKey(strings.TrimPrefix(strings.ToUpper(name), EnvPrefix)); s != "" {
		msg += fmt.Sprintf(" (did you mean %s%s, key %s?)", EnvPrefix, strings.ToUpper(s), s)
	}
	return msg
}
