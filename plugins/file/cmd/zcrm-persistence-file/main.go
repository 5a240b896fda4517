// Command zcrm-persistence-file is zcrm's file token store as a separate
// plugin binary. Applications do not need it: by default the SDK serves
// the file store from the application's own executable. Point plugin_dir
// or $ZCRM_PLUGIN_DIR at this binary's folder to use it instead. The SDK
// passes token_persistence_path in ZCRM_TOKEN_PERSISTENCE_PATH; the tokens
// live in zcrm_oauthtokens.txt in that folder. It is not meant to be run by
// hand.
package main

import "github.com/zcrm-go/zcrm/plugins/file"

func main() { file.Serve() }
