package sdk

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// fuzzSecret is the client secret every fuzzed configuration carries.
const fuzzSecret = "fuzz-client-secret-7f3a9c"

// dictionary reads "key=value" lines; the fuzzer writes them.
func dictionary(lines string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(lines, "\n") {
		k, v, _ := strings.Cut(line, "=")
		m[k] = v
	}
	return m
}

var configSeeds = []string{
	"client_id=1000.X\nclient_secret=s\nredirect_uri=https://example.com/cb\ntoken_persistence_path=/tmp/t",
	"client_id=1000.X\nclient_secret=s\nredirect_uri=https://example.com/cb\ndb_port=3307\nmysql_port=3307",
	"client_id=a\nredirect_uri=x\nsandbox=maybe\napi_version=v2.1\nlog_level=loud",
	"token_persistance_path=/tmp/t\nclient_id=\napi_base_url=ftp://x\naccounts_url=https://accounts.zoho.eu",
	"persistence_handler_checksum=00\npersistence_handler_class=token_store\nmysql_username=root\ndb_username=root",
	"client_id=1000.X\nclient_secret=s\nredirect_uri=r\napi_version=v1e5\ndb_port=65536\naccess_type=online",
}

// FuzzConfigFromMap: any dictionary gives a valid Config or a ConfigError
// (never a panic), and the client secret never reaches the error.
func FuzzConfigFromMap(f *testing.F) {
	for _, s := range configSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lines string) {
		m := dictionary(lines)
		if _, given := m["client_secret"]; given {
			m["client_secret"] = fuzzSecret
		}
		cfg, err := ConfigFromMap(m)
		if err != nil {
			var cerr *ConfigError
			if !errors.As(err, &cerr) || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("not a *ConfigError: %T %v", err, err)
			}
			if !reflect.DeepEqual(cfg, Config{}) {
				t.Fatalf("an error with a half-made configuration: %+v", cfg)
			}
			if strings.Contains(err.Error(), fuzzSecret) && !otherValueHas(m, fuzzSecret) {
				t.Fatalf("the client secret is in the error: %v", err)
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("ConfigFromMap accepted what Validate refuses: %v", err)
		}
		for k := range m {
			if _, ok := configKeys[k]; !ok {
				t.Fatalf("unknown key %q accepted", k)
			}
		}
	})
}

func otherValueHas(m map[string]string, s string) bool {
	for k, v := range m {
		if k != "client_secret" && strings.Contains(k+v, s) {
			return true
		}
	}
	return false
}

// FuzzConfigFromEnv: the environment reads as the dictionary of the same
// keys does; any other ZCRM_ variable is an error that names it.
func FuzzConfigFromEnv(f *testing.F) {
	for _, s := range configSeeds {
		f.Add(s, "")
	}
	f.Add(configSeeds[0], "ZCRM_TOKEN_PERSISTANCE_PATH")
	f.Add(configSeeds[0], "ZCRM_GRANT_TOKEN")
	f.Add(configSeeds[1], "ZCRM_client_id")
	f.Fuzz(func(t *testing.T, lines, extra string) {
		m := dictionary(lines)
		var environ []string
		known := map[string]string{}
		for k, v := range m {
			if _, ok := configKeys[k]; ok {
				known[k] = v
				environ = append(environ, EnvPrefix+strings.ToUpper(k)+"="+v)
			}
		}
		environ = append(environ, "PATH=/usr/bin", "HOME=/home/someone")
		if strings.ContainsRune(extra, '=') {
			return // not a variable name
		}
		strange := false
		if extra != "" {
			environ = append(environ, extra+"=1")
			_, ours := envNotKeys[extra]
			ours = ours || envForTests(extra)
			_, isKey := configKeys[strings.ToLower(strings.TrimPrefix(extra, EnvPrefix))]
			isKeyVariable := isKey && extra == EnvPrefix+strings.ToUpper(strings.TrimPrefix(extra, EnvPrefix))
			strange = strings.HasPrefix(extra, EnvPrefix) && !ours && !isKeyVariable
			if isKeyVariable {
				return // it would change the configuration; covered by the lines
			}
		}

		fromEnv, envErr := configFromEnviron(environ)
		fromMap, mapErr := ConfigFromMap(known)
		if strange {
			if envErr == nil || !errors.Is(envErr, ErrInvalidConfig) || !strings.Contains(envErr.Error(), extra) {
				t.Fatalf("variable %q: want an error naming it, got %v", extra, envErr)
			}
			return
		}
		if (envErr == nil) != (mapErr == nil) {
			t.Fatalf("environment %v, dictionary %v", envErr, mapErr)
		}
		if envErr != nil {
			if envErr.Error() != mapErr.Error() {
				t.Fatalf("environment %q, dictionary %q", envErr, mapErr)
			}
			return
		}
		if !reflect.DeepEqual(fromEnv, fromMap) {
			t.Fatalf("environment %+v, dictionary %+v", fromEnv, fromMap)
		}
	})
}
