package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/zcrm-go/zcrm/sdk"
)

// Profiles: named sets of configuration keys in a file, the way kubectl
// keeps contexts and gh its hosts, so that one person can work with
// several orgs or data centres:
//
//	# $XDG_CONFIG_HOME/zcrm/config.yaml (os.UserConfigDir)
//	current: work
//	profiles:
//	  work:
//	    client_id: 1000.XXXXXXXX
//	    accounts_url: https://accounts.zoho.eu
//	    soid: ZohoCRM.600012345
//	    token_persistence_path: /home/me/.config/zcrm/tokens/work
//	  sandbox:
//	    client_id: 1000.YYYYYYYY
//	    sandbox: "true"
//	    client_secret_env: SANDBOX_ZOHO_SECRET
//
// A profile holds the seed's configuration keys, never a secret: the
// client secret (and a MySQL password) come from the environment, as
// ZCRM_CLIENT_SECRET or from the variable a profile names with
// client_secret_env (db_password_env); the tokens live in the token store.
// The ZCRM_ variables override the profile's keys. The profile is the
// --profile flag's, else $ZCRM_PROFILE's, else the file's current one;
// with no file and none named, the environment alone configures, as
// before profiles.
//
// Commands get the configuration through connect (or loadConfig) with
// the command's context: the root command puts the --profile flag's value
// there before any command runs.

const (
	profileFlag    = "profile"
	profileEnv     = "ZCRM_PROFILE"
	defaultProfile = "default"
	configFileName = "config.yaml"
)

// configFile is the file's shape.
type configFile struct {
	Current  string                       `yaml:"current,omitempty"`
	Profiles map[string]map[string]string `yaml:"profiles,omitempty"`
}

// secretKeys may not be kept in the file; envKeys name, instead, the
// variable that holds them.
var (
	secretKeys = []string{"client_secret", "db_password", "mysql_password"}
	envKeys    = map[string]string{"client_secret_env": "client_secret", "db_password_env": "db_password"}
)

func secretKey(key string) bool {
	return slices.Contains(secretKeys, key) || strings.HasPrefix(key, "client_secret_") && envKeys[key] == ""
}

type profileKey struct{}

// addProfiles gives every command the --profile flag, and puts its value
// into the command's context for connect and loadConfig.
func addProfiles(root *cobra.Command) {
	root.PersistentFlags().String(profileFlag, "", "the profile of "+displayConfigPath()+" to use (default: $"+profileEnv+", else the file's current one)")
	before := root.PersistentPreRun
	root.PersistentPreRun = func(cmd *cobra.Command, args []string) {
		if before != nil {
			before(cmd, args)
		}
		name, _ := cmd.Flags().GetString(profileFlag)
		cmd.SetContext(context.WithValue(cmd.Context(), profileKey{}, name))
	}
}

// configPath is where the profiles live.
func configPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the configuration folder: %w", err)
	}
	return filepath.Join(dir, "zcrm", configFileName), nil
}

// displayConfigPath names the file for help texts, which must work even
// when no configuration folder can be found.
func displayConfigPath() string {
	if p, err := configPath(); err == nil {
		return p
	}
	return "$XDG_CONFIG_HOME/zcrm/" + configFileName
}

// readConfigFile reads the profiles; a missing file is an empty one.
func readConfigFile() (configFile, string, error) {
	path, err := configPath()
	if err != nil {
		return configFile{}, "", err
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return configFile{}, path, nil
	}
	if err != nil {
		return configFile{}, path, err
	}
	var f configFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return configFile{}, path, &sdk.ConfigError{Invalid: []string{fmt.Sprintf("%s does not parse: %v", path, err)}}
	}
	return f, path, nil
}

// writeConfigFile replaces the file in one rename, readable by its owner
// only (it names stores and clients, even without secrets).
func writeConfigFile(path string, f configFile) error {
	raw, err := yaml.Marshal(f)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append([]byte("# zcrm profiles: configuration keys, no secrets (see zcrm login --help)\n"), raw...)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// selection is the profile a command runs with.
type selection struct {
	name  string            // "" when none is selected and the file has none
	keys  map[string]string // its keys, as written
	path  string            // the file
	file  configFile
	given bool // named by the flag or the variable, not the file
}

// selectProfile finds the profile of ctx's command. A profile named by the
// flag or $ZCRM_PROFILE must exist unless create is set (zcrm login makes
// it).
func selectProfile(ctx context.Context, create bool) (selection, error) {
	f, path, err := readConfigFile()
	if err != nil {
		return selection{}, err
	}
	s := selection{path: path, file: f}
	name, _ := ctx.Value(profileKey{}).(string)
	if name == "" {
		name = os.Getenv(profileEnv)
	}
	s.given = name != ""
	if name == "" {
		name = f.Current
	}
	if name == "" && create {
		name = defaultProfile
	}
	if name == "" {
		return s, nil
	}
	s.name = name
	keys, ok := f.Profiles[name]
	if !ok && !create {
		known := slices.Sorted(maps.Keys(f.Profiles))
		return s, &sdk.ConfigError{Invalid: []string{fmt.Sprintf("no profile %q in %s (profiles: %s); zcrm login --profile %s makes one", name, path, orNone(known), name)}}
	}
	s.keys = maps.Clone(keys)
	if s.keys == nil {
		s.keys = map[string]string{}
	}
	return s, nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// environ turns the profile's keys into ZCRM_ entries to put before the
// process's own, so that the environment overrides the file. Secrets in the
// file and unknown keys are refused, naming the file and the profile.
func (s selection) environ() ([]string, error) {
	var env, problems []string
	known := sdk.ConfigKeys()
	for _, key := range slices.Sorted(maps.Keys(s.keys)) {
		value := s.keys[key]
		switch {
		case secretKey(key):
			instead := "client_secret_env"
			if strings.HasSuffix(key, "password") {
				instead = "db_password_env"
			}
			problems = append(problems, fmt.Sprintf("%s: keep secrets out of the file: set %s%s, or name the variable holding it with %s",
				key, sdk.EnvPrefix, strings.ToUpper(key), instead))
		case envKeys[key] != "":
			secret, ok := os.LookupEnv(value)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: the variable %s is not set", key, value))
				continue
			}
			env = append(env, sdk.EnvPrefix+strings.ToUpper(envKeys[key])+"="+secret)
		case !slices.Contains(known, key):
			problems = append(problems, unknownKeyProblem(key))
		default:
			env = append(env, sdk.EnvPrefix+strings.ToUpper(key)+"="+value)
		}
	}
	if len(problems) > 0 {
		for i, p := range problems {
			problems[i] = fmt.Sprintf("%s, profile %q: %s", s.path, s.name, p)
		}
		return nil, &sdk.ConfigError{Invalid: problems}
	}
	return env, nil
}

// unknownKeyProblem says a profile's key is none, with the SDK's guess of
// the key meant.
func unknownKeyProblem(key string) string {
	_, err := sdk.ConfigFromMap(map[string]string{key: ""})
	var cerr *sdk.ConfigError
	if errors.As(err, &cerr) && len(cerr.Unknown) == 1 {
		return strings.TrimPrefix((&sdk.ConfigError{Unknown: cerr.Unknown}).Error(), "zcrm: invalid configuration: ")
	}
	return fmt.Sprintf("unknown key %q", key)
}

// loadConfig is the configuration of ctx's command: its profile's keys,
// overridden by the ZCRM_ environment.
func loadConfig(ctx context.Context) (sdk.Config, error) {
	s, err := selectProfile(ctx, false)
	if err != nil {
		return sdk.Config{}, err
	}
	env, err := s.environ()
	if err != nil {
		return sdk.Config{}, err
	}
	return sdk.ConfigFromEnviron(append(env, os.Environ()...))
}

// effectiveKeys are the configuration keys a command runs with, the
// profile's and the environment's, without secrets: what zcrm login
// records in the profile.
func (s selection) effectiveKeys() map[string]string {
	keys := map[string]string{}
	for k, v := range s.keys {
		if !secretKey(k) {
			keys[k] = v
		}
	}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		key, ok := strings.CutPrefix(name, sdk.EnvPrefix)
		key = strings.ToLower(key)
		if ok && slices.Contains(sdk.ConfigKeys(), key) && !secretKey(key) {
			keys[key] = value
		}
	}
	return keys
}

// save writes keys as the profile and makes it the current one.
func (s selection) save(keys map[string]string) error {
	f := s.file
	if f.Profiles == nil {
		f.Profiles = map[string]map[string]string{}
	}
	f.Profiles[s.name] = keys
	f.Current = s.name
	return writeConfigFile(s.path, f)
}

// profilesCommand lists the profiles and switches the current one, as
// kubectl's get-contexts and use-context do.
func profilesCommand() *cobra.Command {
	var asJSON, useJSON bool
	profiles := &cobra.Command{
		Use:   "profiles",
		Short: "List the profiles zcrm login saved, the current one marked",
		Long: "List the profiles of " + displayConfigPath() + " (saved by zcrm login), the\n" +
			"current one marked with *; 'zcrm profiles use NAME' makes another the current one.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, path, err := readConfigFile()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				type profile struct {
					Name        string `json:"name"`
					Current     bool   `json:"current"`
					User        string `json:"user,omitempty"`
					SOID        string `json:"soid,omitempty"`
					AccountsURL string `json:"accounts_url,omitempty"`
				}
				list := []profile{}
				for _, name := range slices.Sorted(maps.Keys(f.Profiles)) {
					p := f.Profiles[name]
					list = append(list, profile{name, name == f.Current, p["current_user_email"], p["soid"], p["accounts_url"]})
				}
				return writeJSON(out, list)
			}
			if len(f.Profiles) == 0 {
				fmt.Fprintf(out, "no profiles in %s; zcrm login saves one\n", path)
				return nil
			}
			for _, name := range slices.Sorted(maps.Keys(f.Profiles)) {
				mark := " "
				if name == f.Current {
					mark = "*"
				}
				p := f.Profiles[name]
				who := p["current_user_email"]
				if who == "" {
					who = p["soid"]
				}
				fmt.Fprintf(out, "%s %-16s %-32s %s\n", mark, name, orDash(who), orDash(p["accounts_url"]))
			}
			return nil
		},
	}
	profiles.Flags().BoolVar(&asJSON, "json", false, `print the profiles as a JSON array of {"name", "current", "user", "soid", "accounts_url"}`)
	use := &cobra.Command{
		Use:   "use <name>",
		Short: "Make a profile the current one",
		Args:  argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, path, err := readConfigFile()
			if err != nil {
				return err
			}
			if _, ok := f.Profiles[args[0]]; !ok {
				return &sdk.ConfigError{Invalid: []string{fmt.Sprintf("no profile %q in %s (profiles: %s)", args[0], path, orNone(slices.Sorted(maps.Keys(f.Profiles))))}}
			}
			f.Current = args[0]
			if err := writeConfigFile(path, f); err != nil {
				return err
			}
			if useJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					Current string `json:"current"`
				}{args[0]})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "current profile: %s\n", args[0])
			return nil
		},
	}
	use.Flags().BoolVar(&useJSON, "json", false, `print the current profile as JSON: {"current"}`)
	profiles.AddCommand(use)
	return profiles
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
