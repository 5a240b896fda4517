package mysql

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Defaults, as in the Zoho SDKs' configuration (db_address, db_port,
// db_username, db_password, db_name).
const (
	DefaultHost     = "127.0.0.1"
	DefaultPort     = 3306
	DefaultUser     = "root"
	DefaultDatabase = "zohooauth"
	// DefaultDialTimeout bounds connecting to the server, so a host that
	// drops packets fails a call in seconds rather than minutes.
	DefaultDialTimeout = 5 * time.Second
)

// TableName is the seed's table. With the seed's layout only the database
// name is configurable.
const TableName = "oauthtokens"

// Layout says whose table the store keeps the tokens in.
type Layout string

const (
	// LayoutSeed is the seed's table, oauthtokens(useridentifier,
	// accesstoken, refreshtoken, expirytime), of Zoho's Ruby SDK and the
	// Python and Node SDKs of its generation. The default.
	LayoutSeed Layout = ""
	// LayoutZohoV8 is the table of Zoho's current SDKs (Python, Java, Node
	// for API v8), oauthtoken(id, user_name, client_id, client_secret,
	// refresh_token, access_token, grant_token, expiry_time, redirect_url,
	// api_domain), whose name, like their DBStore's, is configurable.
	LayoutZohoV8 Layout = "zoho_v8"
)

// ZohoV8TableName is the default table of LayoutZohoV8, as in Zoho's
// DBStore.
const ZohoV8TableName = "oauthtoken"

// ParseLayout reads a token_store_layout value.
func ParseLayout(v string) (Layout, error) {
	switch l := Layout(strings.ToLower(strings.TrimSpace(v))); l {
	case LayoutSeed, LayoutZohoV8:
		return l, nil
	}
	return "", fmt.Errorf("mysql token store: token_store_layout %q is not one the MySQL store knows: leave it empty for the seed's table %s, or set %s for the table of Zoho's v8 SDKs (%s)", v, TableName, LayoutZohoV8, EnvLayout)
}

// Config says which MySQL or MariaDB server and database hold the tokens.
// Zero fields take the defaults above; an empty Password is a valid password.
type Config struct {
	// Host is db_address: one host, or several, comma-separated, each
	// host or host:port (the nodes of a cluster). The store connects to
	// the first that answers, and moves to the next when it goes down.
	Host     string // db_address
	Port     int    // db_port, for hosts given without one
	User     string // db_username
	Password string // db_password
	Database string // db_name

	// Layout (token_store_layout) chooses the table: the seed's, or that
	// of Zoho's v8 SDKs.
	Layout Layout
	// Table (db_table_name) names the table of LayoutZohoV8;
	// ZohoV8TableName when empty. The seed's table is always oauthtokens.
	Table string

	// AddPrimaryKey is the operator's consent (db_add_primary_key) for the
	// store to add an invisible auto-increment primary key to an existing
	// oauthtokens table that has none, when the server is a node of a
	// cluster (Galera, Group Replication), which needs one. Without it the
	// store leaves the table alone and logs the statement to run.
	AddPrimaryKey bool

	// DialTimeout bounds connecting; DefaultDialTimeout when zero.
	DialTimeout time.Duration
	// Logger receives retries, schema creation and driver messages. Nil
	// discards them. Nothing secret is ever logged.
	Logger hclog.Logger
}

// String describes the configuration without the password.
func (c Config) String() string {
	pw := "<empty>"
	if c.Password != "" {
		pw = "<redacted>"
	}
	return fmt.Sprintf("mysql.Config{Host:%q Port:%d User:%q Password:%s Database:%q Layout:%q Table:%q AddPrimaryKey:%t}", c.Host, c.Port, c.User, pw, c.Database, c.Layout, c.Table, c.AddPrimaryKey)
}

// GoString is String, so %#v is as safe as %v.
func (c Config) GoString() string { return c.String() }

// withDefaults fills in zero fields and checks the rest.
func (c Config) withDefaults() (Config, error) {
	if c.Host == "" {
		c.Host = DefaultHost
	}
	if c.Port == 0 {
		c.Port = DefaultPort
	}
	if c.User == "" {
		c.User = DefaultUser
	}
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.Logger == nil {
		c.Logger = hclog.NewNullLogger()
	}
	if c.Port < 1 || c.Port > 65535 {
		return c, fmt.Errorf("mysql token store: port %d is out of range (1-65535); check db_port", c.Port)
	}
	if _, err := c.Addresses(); err != nil {
		return c, err
	}
	if err := checkDatabaseName(c.Database); err != nil {
		return c, err
	}
	if _, err := ParseLayout(string(c.Layout)); err != nil {
		return c, err
	}
	switch {
	case c.Layout == LayoutZohoV8 && c.Table == "":
		c.Table = ZohoV8TableName
	case c.Layout == LayoutSeed && c.Table != "" && c.Table != TableName:
		return c, fmt.Errorf("mysql token store: db_table_name %q needs token_store_layout=%s: the seed's table is always %s", c.Table, LayoutZohoV8, TableName)
	}
	if c.Table != "" && !validIdentifier(c.Table) {
		return c, fmt.Errorf("mysql token store: table name %q is not allowed: use 1 to 64 letters, digits, '_', '$' or '-'; check db_table_name", c.Table)
	}
	return c, nil
}

// checkDatabaseName allows a conservative subset of MySQL identifiers. The
// name is spliced into SQL (it cannot be a parameter), quoted with
// backticks, so anything that could end the quote or confuse a reader of
// the schema is refused.
func checkDatabaseName(name string) error {
	if !validIdentifier(name) {
		return fmt.Errorf("mysql token store: database name %q is not allowed: use 1 to 64 letters, digits, '_', '$' or '-'; check db_name", name)
	}
	return nil
}

// validIdentifier is the subset of MySQL identifiers the store splices
// into SQL, for the database and the table.
func validIdentifier(name string) bool {
	ok := len(name) >= 1 && len(name) <= 64
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '$' || r == '-') {
			ok = false
		}
	}
	return ok
}

// quoteIdentifier quotes a checked identifier for SQL.
func quoteIdentifier(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// Address returns the addresses as host:port, comma-separated.
func (c Config) Address() string {
	addrs, err := c.Addresses()
	if err != nil {
		return c.Host
	}
	return strings.Join(addrs, ",")
}

// Addresses returns each host of Host as host:port, in order, with Port
// for those given without one. IPv6 literals take brackets: [::1]:3306.
func (c Config) Addresses() ([]string, error) {
	var addrs []string
	for _, entry := range strings.Split(c.Host, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			return nil, fmt.Errorf("mysql token store: db_address %q has an empty entry; list hosts as host[:port],host[:port]", c.Host)
		}
		host, port := entry, strconv.Itoa(c.Port)
		if h, p, err := net.SplitHostPort(entry); err == nil {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				return nil, fmt.Errorf("mysql token store: %q in db_address has a port that is not a number from 1 to 65535", entry)
			}
			host, port = h, p
		} else if strings.Count(entry, ":") == 1 {
			return nil, fmt.Errorf("mysql token store: %q in db_address is not host or host:port", entry)
		}
		if host == "" || strings.ContainsAny(host, "/ \t\r\n[]") {
			return nil, fmt.Errorf("mysql token store: host %q is not a host name or IP address; check db_address", entry)
		}
		addrs = append(addrs, net.JoinHostPort(host, port))
	}
	return addrs, nil
}

// Environment variables read by the plugin binary. The SDK sets them from
// its configuration keys (db_address, db_port, db_username, db_password,
// db_name; mysql_username, mysql_password and mysql_port are the seed's
// older names and arrive as the MYSQL aliases).
const (
	EnvAddress       = "ZCRM_DB_ADDRESS"
	EnvPort          = "ZCRM_DB_PORT"
	EnvUsername      = "ZCRM_DB_USERNAME"
	EnvPassword      = "ZCRM_DB_PASSWORD"
	EnvDatabase      = "ZCRM_DB_NAME"
	EnvMySQLUsername = "ZCRM_MYSQL_USERNAME"
	EnvMySQLPassword = "ZCRM_MYSQL_PASSWORD"
	EnvMySQLPort     = "ZCRM_MYSQL_PORT"
	// EnvAddPrimaryKey is db_add_primary_key: "true" consents to adding
	// an invisible primary key to oauthtokens on a cluster.
	EnvAddPrimaryKey = "ZCRM_DB_ADD_PRIMARY_KEY"
	// EnvLayout is token_store_layout: empty, or zoho_v8 for the table of
	// Zoho's v8 SDKs. EnvTable is db_table_name, that table's name.
	EnvLayout = "ZCRM_TOKEN_STORE_LAYOUT"
	EnvTable  = "ZCRM_DB_TABLE_NAME"
)

// ConfigFromEnv builds a Config from environment variables, looked up with
// lookup (os.LookupEnv in the plugin binary). A ZCRM_DB_* variable and its
// ZCRM_MYSQL_* alias may both be set only to the same value.
func ConfigFromEnv(lookup func(string) (string, bool)) (Config, error) {
	var c Config
	var err error
	c.Host, _ = lookup(EnvAddress)
	c.Database, _ = lookup(EnvDatabase)
	c.Table, _ = lookup(EnvTable)
	layout, _ := lookup(EnvLayout)
	if c.Layout, err = ParseLayout(layout); err != nil {
		return c, err
	}
	if c.User, err = aliased(lookup, EnvUsername, EnvMySQLUsername, false); err != nil {
		return c, err
	}
	if c.Password, err = aliased(lookup, EnvPassword, EnvMySQLPassword, true); err != nil {
		return c, err
	}
	port, err := aliased(lookup, EnvPort, EnvMySQLPort, false)
	if err != nil {
		return c, err
	}
	if port = strings.TrimSpace(port); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return c, fmt.Errorf("mysql token store: port %q is not a port number (1-65535); check db_port (%s)", port, EnvPort)
		}
		c.Port = n
	}
	if v, ok := lookup(EnvAddPrimaryKey); ok && strings.TrimSpace(v) != "" {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return c, fmt.Errorf("mysql token store: %s=%q is not true or false; check db_add_primary_key", EnvAddPrimaryKey, v)
		}
		c.AddPrimaryKey = b
	}
	c.Host = strings.TrimSpace(c.Host)
	c.Database = strings.TrimSpace(c.Database)
	c.User = strings.TrimSpace(c.User)
	c.Table = strings.TrimSpace(c.Table)
	c, err = c.withDefaults()
	c.Logger = nil // the caller sets its own
	return c, err
}

// aliased reads name, or its alias when name is unset.
func aliased(lookup func(string) (string, bool), name, alias string, secret bool) (string, error) {
	v, ok := lookup(name)
	av, aok := lookup(alias)
	switch {
	case ok && aok && v != av:
		if secret {
			return "", fmt.Errorf("mysql token store: %s and %s are both set, to different values; set only one", name, alias)
		}
		return "", fmt.Errorf("mysql token store: %s=%q and %s=%q disagree; set only one", name, v, alias, av)
	case ok:
		return v, nil
	}
	return av, nil
}
