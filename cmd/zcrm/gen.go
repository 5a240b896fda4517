package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/internal/gen"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// genFile is the name of the file zcrm gen writes in its folder.
const genFile = "zcrm_gen.go"

func genCommand() *cobra.Command {
	var (
		emulator     bool
		fromFile     string
		out          string
		pkg          string
		modules      []string
		saveMetadata string
		user         string
		asJSON       bool
	)
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Write Go types for the records of an org, from its field metadata",
		Long: "Write a Go package with one struct per module of an org (custom modules and\n" +
			"fields included), for sdk.Typed and bulk.ReadAs: json tags of the API names, the\n" +
			"crmtype value of each data type, picklist values as constants, subform rows,\n" +
			"and read-only fields marked so they are never sent. It writes " + genFile + " in\n" +
			"the --out folder. The metadata comes from the org of the configured client\n" +
			"(the ZCRM_ variables), from the emulator's org (--emulator), or from a file\n" +
			"saved earlier with --save-metadata (--from-file), which needs no network and\n" +
			"suits CI and go:generate. The same metadata always gives the same bytes.\n\n" +
			"Go names: see go doc github.com/zcrm-go/zcrm/internal/gen.\n\n" + configHelp,
		Example: "  zcrm gen --out ./crm --modules Leads,Contacts --save-metadata crm/metadata.json\n" +
			"  zcrm gen --from-file crm/metadata.json --out ./crm\n" +
			"  zcrm gen --emulator --out ./crm --modules Leads,Properties\n" +
			"  //go:generate go run github.com/zcrm-go/zcrm/cmd/zcrm gen --from-file metadata.json --out .",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if emulator && fromFile != "" {
				return usagef("give --emulator or --from-file, not both")
			}
			if pkg == "" {
				pkg = packageNameOf(out)
			}
			ctx := cmd.Context()
			var (
				md     *gen.Metadata
				source string
				err    error
			)
			switch {
			case fromFile != "":
				md, err = readMetadata(fromFile)
				source = "metadata file " + filepath.Base(fromFile)
			case emulator:
				md, err = emulatorMetadata(ctx, modules)
				source = "the zcrm emulator's org"
			default:
				md, err = liveMetadata(ctx, user, modules)
				source = "the org of the configured client"
			}
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			if saveMetadata != "" {
				if err := writeMetadata(saveMetadata, md); err != nil {
					return err
				}
			}
			code, err := gen.Generate(md, gen.Options{Package: pkg, Modules: modules, Source: source})
			if err != nil {
				return err
			}
			path := filepath.Join(out, genFile)
			if err := os.WriteFile(path, code, 0o644); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"file": path, "package": pkg, "bytes": len(code)})
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (package %s)\n", path, pkg)
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&emulator, "emulator", false, "read the metadata of the emulator's org (as zcrm emulator serves it)")
	f.StringVar(&fromFile, "from-file", "", "read the metadata from a file written by --save-metadata")
	f.StringVar(&out, "out", ".", "the folder of the package to write")
	f.StringVar(&pkg, "package", "", "the package name (default: the folder's name)")
	f.StringSliceVar(&modules, "modules", nil, "the modules to write, by API name (default: all)")
	f.StringVar(&saveMetadata, "save-metadata", "", "also write the metadata read to this file, for --from-file")
	f.StringVar(&user, "user", "", "the user whose org to read (default: the configured one)")
	f.BoolVar(&asJSON, "json", false, "print what was written as JSON")
	return cmd
}

// packageNameOf makes a package name of a folder's name.
func packageNameOf(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(abs)) {
		if unicode.IsLetter(r) || (unicode.IsDigit(r) && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "crm"
	}
	return b.String()
}

func readMetadata(path string) (*gen.Metadata, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var md gen.Metadata
	if err := json.Unmarshal(b, &md); err != nil {
		return nil, fmt.Errorf("%s is not metadata written by zcrm gen --save-metadata: %w", path, err)
	}
	if len(md.Modules) == 0 {
		return nil, fmt.Errorf("%s lists no modules", path)
	}
	return &md, nil
}

func writeMetadata(path string, md *gen.Metadata) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(md, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func liveMetadata(ctx context.Context, user string, modules []string) (*gen.Metadata, error) {
	c, _, err := connect(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if user != "" {
		c = c.ForUser(user)
	}
	return gen.Fetch(ctx, c, modules)
}

// emulatorMetadata reads the emulator's org over HTTP, as from Zoho.
func emulatorMetadata(ctx context.Context, modules []string) (*gen.Metadata, error) {
	srv := zohotest.NewServer()
	defer srv.Close()
	dir, err := os.MkdirTemp("", "zcrm-gen-tokens")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	c, err := sdk.NewClient(ctx, sdk.Config{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURI: srv.RedirectURI,
		AccountsURL: srv.URL, TokenPersistencePath: dir, APIVersion: "v8",
	})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if _, err := c.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email)); err != nil {
		return nil, err
	}
	return gen.Fetch(ctx, c, modules)
}
