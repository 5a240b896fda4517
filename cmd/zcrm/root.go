package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zcrm-go/zcrm/pluginproto"
	"github.com/zcrm-go/zcrm/sdk"
)

// Exit codes, so that a script can tell what to fix.
const (
	exitOK          = 0
	exitFailure     = 1   // anything not below: the network, Zoho's accounts server down, an emulator that cannot listen...
	exitUsage       = 2   // the command line is wrong
	exitConfig      = 3   // the ZCRM_ configuration is wrong
	exitAuth        = 4   // OAuth: no tokens, a used grant token, a revoked refresh token, a refused client
	exitAPI         = 5   // Zoho answered the API call with an error
	exitStore       = 6   // the token store plugin could not be found, started or used
	exitInterrupted = 130 // Ctrl-C, as shells report a SIGINT
)

const configHelp = `The configuration comes from ZCRM_ variables named after the configuration
keys: ZCRM_CLIENT_ID, ZCRM_CLIENT_SECRET, ZCRM_REDIRECT_URI, ZCRM_ACCOUNTS_URL,
and for the token store ZCRM_TOKEN_PERSISTENCE_PATH (file), ZCRM_DB_* (MySQL)
or ZCRM_PERSISTENCE_HANDLER_CLASS_PATH (a plugin of your own). A ZCRM_
variable that is not a key is an error. The variables override the keys of the
profile in use (zcrm login saves one; --profile or ZCRM_PROFILE chooses).`

const exitHelp = `Exit codes: 0 done, 1 failed, 2 wrong command line, 3 configuration,
4 OAuth or tokens (exchange a new grant token), 5 Zoho refused the API call,
6 token store, 130 interrupted.`

// usageError is a mistake on the command line: exit code 2, and the usage
// of the command it was made on.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// run executes the command line args and returns the process's exit code.
// Errors go to stderr, prefixed "zcrm: " once.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// Cobra reports a wrong command line (unknown command or flag, wrong
	// number of arguments) before any command's hook runs; an error after
	// that comes from the work itself.
	started := false
	root := newRootCommand(func() { started = true })
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var uerr *usageError
	if !started || errors.As(err, &uerr) {
		fmt.Fprintf(stderr, "zcrm: %s\nusage: %s\nRun '%s --help' for more.\n", message(err), cmd.UseLine(), cmd.CommandPath())
		return exitUsage
	}
	fmt.Fprintf(stderr, "zcrm: %s\n", message(err))
	return exitCode(ctx, err)
}

func newRootCommand(started func()) *cobra.Command {
	root := &cobra.Command{
		Use:   "zcrm <command>",
		Short: "The Zoho CRM SDK on the command line: an emulated Zoho, the token store, raw API calls",
		Long: "zcrm serves an emulated Zoho on a port, manages the OAuth tokens in the token\n" +
			"store, and makes raw calls to the CRM API.\n\n" + configHelp + "\n\n" + exitHelp,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		PersistentPreRun: func(*cobra.Command, []string) {
			started()
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usagef("no command given; one of: %s", commandNames(cmd))
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		if strings.Contains(err.Error(), "unknown shorthand flag") {
			// Go's flag package takes -addr; here long flags take two dashes.
			return usagef("%v (long flags take two dashes, as in --addr)", err)
		}
		return &usageError{err.Error()}
	})
	root.AddCommand(emulatorCommand(), tokensCommand(), apiCommand(), versionCommand())
	root.AddCommand(genCommand())
	root.AddCommand(exportCommand())
	root.AddCommand(importCommand())
	root.AddCommand(recordsCommand())
	root.AddCommand(queryCommand())
	root.AddCommand(modulesCommand())
	root.AddCommand(fieldsCommand())
	addSignIn(root) // login.go: zcrm login, zcrm logout, --profile
	return root
}

// commandNames lists the subcommands a person can type.
func commandNames(cmd *cobra.Command) string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return strings.Join(names, ", ")
}

// needsSubcommand is the RunE of a command that only groups others: with
// none given, or an unknown one, it is a usage error (not the help with
// exit code 0 that cobra gives).
func needsSubcommand(cmd *cobra.Command, args []string) error {
	// The usage line below the message names the command.
	if len(args) == 0 {
		return usagef("a command is needed: %s", commandNames(cmd))
	}
	return usagef("unknown command %q; one of: %s", args[0], commandNames(cmd))
}

// argsBetween accepts min to max positional arguments.
func argsBetween(min, max int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) < min:
			return usagef("missing arguments (%d given, %d needed)", len(args), min)
		case len(args) > max:
			return usagef("too many arguments (%d given, at most %d)", len(args), max)
		}
		return nil
	}
}

// message is the error's text for a person at the command line: without
// the SDK's own "zcrm: " prefix (main adds one), and naming this program's
// commands where the SDK names its Go calls.
func message(err error) string {
	msg := strings.TrimPrefix(err.Error(), "zcrm: ")
	msg = sdkToCommands.Replace(msg)
	if needsGrant(err) && !strings.Contains(msg, "zcrm tokens generate") {
		msg += "\nzcrm: then store the new tokens with: zcrm tokens generate <grant-token>"
	}
	return msg
}

// sdkToCommands turns the SDK's advice in terms of its Go API into this
// program's commands and variables.
var sdkToCommands = strings.NewReplacer(
	"Client.GenerateTokens", "zcrm tokens generate <grant-token>",
	"set current_user_email", "set ZCRM_CURRENT_USER_EMAIL",
	"use Client.ForUser", "name the user (zcrm tokens revoke <user>, zcrm api --user <user> ...)",
	"Modules.List shows them", "zcrm api GET settings/modules lists them",
)

// needsGrant: only a new grant token gets the user going again.
func needsGrant(err error) bool {
	for _, sentinel := range []error{sdk.ErrNoTokens, sdk.ErrRefreshTokenRevoked, sdk.ErrInvalidGrant} {
		if errors.Is(err, sentinel) {
			return true
		}
	}
	return false
}

func exitCode(ctx context.Context, err error) int {
	var (
		authErr *sdk.AuthError
		apiErr  *sdk.APIError
		saveErr *sdk.TokenSaveError
	)
	switch {
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, sdk.ErrInvalidConfig):
		return exitConfig
	case errors.Is(err, sdk.ErrAccountsUnavailable):
		return exitFailure // an outage: the tokens are kept, try again later
	case errors.As(err, &authErr), needsGrant(err), errors.Is(err, sdk.ErrNoUser),
		errors.Is(err, sdk.ErrUserMismatch), errors.Is(err, sdk.ErrUnknownAccountsServer):
		return exitAuth
	case errors.As(err, &apiErr):
		return exitAPI
	case errors.As(err, &saveErr), errors.Is(err, sdk.ErrTokenStore), storeFailure(err):
		return exitStore
	}
	return exitFailure
}

func storeFailure(err error) bool {
	for _, sentinel := range []error{
		pluginproto.ErrPluginNotFound, pluginproto.ErrNotExecutable, pluginproto.ErrChecksumMismatch,
		pluginproto.ErrHandshake, pluginproto.ErrUnknownName, pluginproto.ErrUnavailable,
		pluginproto.ErrPluginConfig, pluginproto.ErrUserIdentifier,
	} {
		if errors.Is(err, sentinel) {
			return true
		}
	}
	return false
}

// connect builds the SDK client from the command's profile and the ZCRM_
// environment (loadConfig, profiles.go), after adjust (when given) has
// changed the configuration. Commands call it in their RunE with their
// context, so that --help never reads the configuration.
func connect(ctx context.Context, adjust func(*sdk.Config)) (*sdk.Client, sdk.Config, error) {
	cfg, err := loadConfig(ctx)
	if err != nil {
		return nil, cfg, err
	}
	if adjust != nil {
		adjust(&cfg)
	}
	c, err := sdk.NewClient(ctx, cfg)
	return c, cfg, err
}
