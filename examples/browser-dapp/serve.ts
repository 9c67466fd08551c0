// `npm run dapp -- [--node URL] [--keys DIR] [--account NAME] [--recipient NAME] [--port P]`: prepares the
// local node for the example dApp (keys_manager installed for the account) and serves the page.
// Start the node first: `npm run node -- --keys keys/local`.
import { parseArgs } from "node:util";
import { startDappServer } from "./server.ts";
import { prepareDapp, SetupError } from "./setup.ts";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        node: { type: "string", default: "http://127.0.0.1:7777/rpc" },
        keys: { type: "string", default: "keys/local" },
        account: { type: "string", default: "user-1" },
        recipient: { type: "string", default: "user-2" },
        port: { type: "string", default: "5173" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  if (values.help) {
    console.log("npm run dapp -- [--node http://127.0.0.1:7777/rpc] [--keys keys/local] [--account user-1] [--recipient user-2] [--port 5173]");
    return 0;
  }
  if (!/^\d+$/.test(values.port!) || Number(values.port) > 65535) {
    console.error(`error: --port: '${values.port}' is not a TCP port`);
    return 2;
  }
  try {
    const config = await prepareDapp({
      nodeUrl: values.node!,
      keysDir: values.keys!,
      account: values.account,
      recipient: values.recipient,
      log: (line) => console.error(line),
    });
    const server = await startDappServer({ default: config }, Number(values.port));
    console.log(`dApp on ${server.url} (node ${config.nodeUrl}, account ${config.account.name})`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return await new Promise<number>(() => {});
  } catch (e) {
    console.error(`error: ${e instanceof SetupError ? e.message : (e as Error).stack ?? e}`);
    return 1;
  }
}

main().then((code) => (process.exitCode = code));
