// Drives Zoho's Node v8 SDK (npm @zohocrm/nodejs-sdk-8.0) for the Go test
// TestZohoV8NodeSDKSharesTokens: it initialises the SDK on the test's token
// store (DBStore or FileStore) and emulator, makes one API call (the
// current user), and prints {"email": ...} on its last line.
//
// Its configuration is JSON in ZCRM_TEST_NODE_CONFIG: sdk (the folder the
// SDK is installed in), store ("mysql" or "file"), db {host, port, user,
// password, database, table} or file, clientId, clientSecret, grantToken,
// user, apiURL, accountsURL, resourcePath, and clockOffsetMs: the
// emulator's clock less the wall clock, so that the SDK judges expiry by
// the emulator's time as zcrm does.
import { pathToFileURL } from "node:url";
import path from "node:path";

const cfg = JSON.parse(process.env.ZCRM_TEST_NODE_CONFIG);

// The SDK reads the time with new Date() and Date.now(): shift both.
const RealDate = Date;
class EmulatorDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) {
      super(RealDate.now() + cfg.clockOffsetMs);
    } else {
      super(...args);
    }
  }
  static now() {
    return RealDate.now() + cfg.clockOffsetMs;
  }
}
globalThis.Date = EmulatorDate;

const sdkMain = path.join(cfg.sdk, "node_modules", "@zohocrm", "nodejs-sdk-8.0", "lib", "zohocrmsdk.js");
const SDK = await import(pathToFileURL(sdkMain).href);

async function main() {
  const environment = SDK.DataCenter.setEnvironment(cfg.apiURL, cfg.accountsURL + "/oauth/v2/token", cfg.apiURL);
  const token = new SDK.OAuthBuilder()
    .clientId(cfg.clientId)
    .clientSecret(cfg.clientSecret)
    .grantToken(cfg.grantToken)
    .userSignature(new SDK.UserSignature(cfg.user))
    .build();
  let store;
  if (cfg.store === "mysql") {
    store = new SDK.DBBuilder()
      .host(cfg.db.host)
      .portNumber(String(cfg.db.port))
      .userName(cfg.db.user)
      .password(cfg.db.password)
      .databaseName(cfg.db.database)
      .tableName(cfg.db.table)
      .build();
  } else {
    store = new SDK.FileStore(cfg.file);
  }
  const logger = new SDK.LogBuilder().level(SDK.Levels.ERROR).filePath(path.join(cfg.resourcePath, "sdk.log")).build();
  await (await new SDK.InitializeBuilder())
    .environment(environment)
    .token(token)
    .store(store)
    .logger(logger)
    .resourcePath(cfg.resourcePath)
    .initialize();

  const params = new SDK.ParameterMap();
  await params.add(SDK.Users.GetUsersParam.TYPE, "CurrentUser");
  const response = await new SDK.Users.UsersOperations().getUsers(params, new SDK.HeaderMap());
  const body = response.getObject();
  if (!(body instanceof SDK.Users.ResponseWrapper)) {
    throw new Error("API call failed with status " + response.getStatusCode() + ": " + JSON.stringify(body));
  }
  console.log(JSON.stringify({ email: body.getUsers()[0].getEmail() }));
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : JSON.stringify(err));
  process.exit(1);
});
