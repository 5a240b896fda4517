package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

func tokensCommand() *cobra.Command {
	tokens := &cobra.Command{
		Use:   "tokens <command>",
		Short: "List, generate, revoke and delete the OAuth tokens in the token store",
		Long:  "Manage the OAuth tokens kept in the configured token store.\n\n" + configHelp,
		Args:  cobra.ArbitraryArgs,
		RunE:  needsSubcommand,
	}
	tokens.AddCommand(tokensListCommand(), tokensGenerateCommand(), tokensRevokeCommand(), tokensDeleteCommand())
	return tokens
}

func tokensListCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "The store in use and the users it holds tokens for, with access token expiry",
		Long: "Print the token store in use and the users it holds tokens for, with the\n" +
			"expiry of each access token (refreshed on the next call once past). No token is printed.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			c, cfg, err := connect(ctx, nil)
			if err != nil {
				return err
			}
			defer c.Close()
			users, err := c.StoredUsers(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				return printTokensJSON(cmd.OutOrStdout(), cfg, users)
			}
			return printTokens(cmd.OutOrStdout(), cfg, users)
		},
	}
	jsonFlag(cmd, &asJSON, `{"store": {"kind", "location"}, "users": [{"user", "access_token_expires"}]}`)
	return cmd
}

// store describes the token store a configuration selects, without secrets.
type store struct {
	Kind     sdk.StoreKind `json:"kind"`
	Location string        `json:"location"`
}

func storeOf(cfg sdk.Config) store {
	switch kind := cfg.Store(); kind {
	case sdk.StoreCustom:
		class := cfg.PersistenceHandlerClass
		if class == "" {
			class = "token_store"
		}
		return store{kind, cfg.PersistenceHandlerClassPath + " (serving " + class + ")"}
	case sdk.StoreFile:
		path := cfg.TokenPersistencePath
		if filepath.Base(path) != "zcrm_oauthtokens.txt" {
			path = filepath.Join(path, "zcrm_oauthtokens.txt")
		}
		return store{kind, path}
	default:
		return store{kind, fmt.Sprintf("%s@%s:%s/%s",
			orDefault(cfg.DBUsername, sdk.DefaultDBUsername), orDefault(cfg.DBAddress, sdk.DefaultDBAddress),
			strconv.Itoa(orDefaultPort(cfg.DBPort, sdk.DefaultDBPort)), orDefault(cfg.DBName, sdk.DefaultDBName))}
	}
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func orDefaultPort(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func printTokens(out io.Writer, cfg sdk.Config, users []pluginproto.TokenInfo) error {
	s := storeOf(cfg)
	fmt.Fprintf(out, "token store: %s, %s\n", s.Kind, s.Location)
	if len(users) == 0 {
		fmt.Fprintln(out, "no tokens stored; exchange a grant token with: zcrm tokens generate <grant-token>")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USER\tACCESS TOKEN EXPIRES")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\n", u.UserIdentifier, time.UnixMilli(u.ExpiryTime).Format(time.RFC3339))
	}
	return tw.Flush()
}

func printTokensJSON(out io.Writer, cfg sdk.Config, users []pluginproto.TokenInfo) error {
	type user struct {
		User    string    `json:"user"`
		Expires time.Time `json:"access_token_expires"`
	}
	listing := struct {
		Store store  `json:"store"`
		Users []user `json:"users"`
	}{Store: storeOf(cfg), Users: []user{}}
	for _, u := range users {
		listing.Users = append(listing.Users, user{u.UserIdentifier, time.UnixMilli(u.ExpiryTime).UTC()})
	}
	return writeJSON(out, listing)
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func tokensGenerateCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "generate <grant-token>",
		Short: "Exchange a grant token for access and refresh tokens and store them",
		Long: "Exchange a grant token (Zoho API console, Self Client; single-use, it lives a few\n" +
			"minutes) for access and refresh tokens, and store them under the user they belong to.",
		Args: argsBetween(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, _, err := connect(ctx, nil)
			if err != nil {
				return err
			}
			defer c.Close()
			user, err := c.GenerateTokens(ctx, args[0])
			if err != nil {
				return err
			}
			return report(cmd, asJSON, tokensDone{User: user, Stored: true}, "tokens stored for %s\n")
		},
	}
	jsonFlag(cmd, &asJSON, `{"user", "stored": true}`)
	return cmd
}

func tokensRevokeCommand() *cobra.Command {
	return forUserCommand(&cobra.Command{
		Use:   "revoke [user]",
		Short: "Revoke the user's refresh token at Zoho and delete the user's tokens",
		Long: "Revoke the refresh token of the user (by default the configured or only user) at\n" +
			"Zoho, then delete the user's tokens from the store. If Zoho refuses, the tokens stay;\n" +
			"'zcrm tokens delete' removes tokens Zoho no longer knows.",
	}, (*sdk.Client).RevokeTokens, tokensDone{Revoked: true, Deleted: true}, "tokens revoked and deleted for %s\n")
}

func tokensDeleteCommand() *cobra.Command {
	return forUserCommand(&cobra.Command{
		Use:   "delete [user]",
		Short: "Delete the user's tokens from the store, without asking Zoho",
		Long: "Delete the tokens of the user (by default the configured or only user) from the\n" +
			"store without calling Zoho: for tokens Zoho revoked already. To end a user's access at\n" +
			"Zoho too, use 'zcrm tokens revoke'.",
	}, (*sdk.Client).DeleteTokens, tokensDone{Deleted: true}, "tokens deleted for %s\n")
}

// tokensDone is the --json output of tokens generate, revoke and delete:
// whose tokens, and what was done to them.
type tokensDone struct {
	User    string `json:"user"`
	Stored  bool   `json:"stored"`
	Revoked bool   `json:"revoked"` // at Zoho
	Deleted bool   `json:"deleted"` // from the store
}

// report prints what a command did: done as JSON, or the line text says
// with the user's name.
func report(cmd *cobra.Command, asJSON bool, done tokensDone, text string) error {
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), done)
	}
	_, err := fmt.Fprintf(cmd.OutOrStdout(), text, done.User)
	return err
}

func jsonFlag(cmd *cobra.Command, asJSON *bool, shape string) {
	cmd.Flags().BoolVar(asJSON, "json", false, "print JSON: "+shape)
}

// forUserCommand completes cmd: it runs action for the user named in its
// argument (or the default user) and reports done for that user.
func forUserCommand(cmd *cobra.Command, action func(*sdk.Client, context.Context) error, done tokensDone, text string) *cobra.Command {
	var asJSON bool
	cmd.Args = argsBetween(0, 1)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		c, user, err := userClient(cmd, args)
		if err != nil {
			return err
		}
		defer c.Close()
		if err := action(c, cmd.Context()); err != nil {
			return err
		}
		done.User = user
		return report(cmd, asJSON, done, text)
	}
	jsonFlag(cmd, &asJSON, `{"user", "revoked", "deleted"}`)
	return cmd
}

// userClient connects and picks the user named in args, or the client's
// default user. The caller closes the client.
func userClient(cmd *cobra.Command, args []string) (*sdk.Client, string, error) {
	ctx := cmd.Context()
	c, _, err := connect(ctx, nil)
	if err != nil {
		return nil, "", err
	}
	if len(args) == 1 {
		c = c.ForUser(args[0])
	}
	user, err := c.User(ctx)
	if err != nil {
		c.Close()
		return nil, "", err
	}
	return c, user, nil
}
