// `npm start`: the product in one run. Builds both contracts, then on the local engine installs
// keys_manager, calls each of its entry points, makes a validator bid and runs the delegate session
// against it, and prints what happened: the account's named keys vs the contract's, keys and
// thresholds, stake, gas, and errors by name.

import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { buildAll, formatArtifactTable } from "./build.ts";
import { reportedPayment } from "./gas/report.ts";
import { cspr, heading, outcome, short, table } from "./start/report.ts";

const { CLValue, CLTypeUInt8, CLTypePublicKey } = sdk;

// keys_manager's user errors (revert code 65536 + n), as its Rust original numbers them.
const KEYS_MANAGER_ERRORS: Record<number, string> = {
  2: "PermissionDenied", 3: "ThresholdViolation", 4: "MaxKeysLimit", 5: "DuplicateKey",
  6: "KeyManagementThreshold", 7: "DeploymentThreshold", 8: "InsufficientTotalWeight",
};

// --no-build: use the artifacts already in build/ (the test of this script runs after `npm run build`).
if (!process.argv.includes("--no-build")) {
  console.log(heading("1. Build"));
  console.log(formatArtifactTable(await buildAll()));
}
const wasm = (name: string) => new Uint8Array(readFileSync(`build/${name}.wasm`));

const engine = new Engine();
// Each deploy pays what `npm run gas` recommends for it (scripts/gas-report.json), as the deploy scripts do.
const payment = (deploy: string) => ({ payment: reportedPayment(engine.protocol, deploy) });
const owner = "alice";
const people = ["alice", "bob", "carol", "dave"] as const;
const nameOf = new Map<string, string>(people.map((p) => [engine.key(p).accountHashHex, p]));
const ledger: { step: string; result: ExecutionResult }[] = [];

function run(step: string, result: ExecutionResult): ExecutionResult {
  ledger.push({ step, result });
  console.log(`\n> ${step}\n  ${outcome(result, KEYS_MANAGER_ERRORS)}   gas ${result.gas}   cost ${cspr(result.cost)}`);
  // where in the contract's source a failure came from (its source map, build/<name>.wasm.map)
  if (result.errorSite) console.log(`  at ${result.errorSite}`);
  return result;
}

function showKeys(): void {
  const a = engine.account(owner);
  const keys = Object.entries(a.associatedKeys).map(([hash, weight]) => `${nameOf.get(hash) ?? short(hash)}=${weight}`);
  console.log(`  ${owner}'s keys: ${keys.join(", ")}   thresholds: deployment ${a.actionThresholds.deployment}, key management ${a.actionThresholds.keyManagement}`);
}

const pk = (who: string) => CLValue.newCLPublicKey(engine.key(who).publicKey);
const u8 = (n: number) => CLValue.newCLUint8(n);
const callKm = (step: string, entryPoint: string, args: Record<string, InstanceType<typeof CLValue>>, signers: string[] = [owner]) =>
  run(`${entryPoint} ${step}  (signed by ${signers.join(" + ")})`, engine.callByName(owner, "keys_manager", entryPoint, args, { signers, ...payment(`keys_manager:${entryPoint}`) }));

console.log(heading("2. Install keys_manager (session code, run by alice)"));
run("keys_manager.wasm: call", engine.runSession(owner, wasm("keys_manager"), undefined, payment("keys_manager:install")));
const contractKey = engine.account(owner).namedKeys["keys_manager"];
console.log("\n" + table(["whose named keys", "name", "key"], [
  ...Object.entries(engine.account(owner).namedKeys).map(([n, k]) => [`account ${owner}`, n, short(k)]),
  ...[...engine.namedKeys(contractKey)].map(([n, k]) => ["contract keys_manager", n, short(String(k))]),
]));
console.log(`  The installer's put_key calls landed in ${owner}'s named keys; the contract itself has ${engine.namedKeys(contractKey).size} named keys.`);
console.log(`  Entry points: ${[...engine.entryPoints(owner, "keys_manager").keys()].join(", ")} (type Session: they run in the caller's context)`);
showKeys();

console.log(heading("3. Call each entry point (StoredContractByName)"));
callKm("bob weight 1", "set_key_weight", { account: pk("bob"), weight: u8(1) });
showKeys();
callKm("carol, dave weights 1, 1; thresholds 2 / 2", "set_all", {
  deployment_threshold: u8(2), key_management_threshold: u8(2),
  accounts: CLValue.newCLList(CLTypePublicKey, [pk("carol"), pk("dave")]),
  weights: CLValue.newCLList(CLTypeUInt8, [u8(1), u8(1)]),
});
showKeys();
callKm("to 3, alone", "set_key_management_threshold", { weight: u8(3) });
callKm("to 3", "set_key_management_threshold", { weight: u8(3) }, ["alice", "bob", "carol"]);
callKm("to 4 (above key management 3)", "set_deployment_threshold", { weight: u8(4) }, ["alice", "bob", "carol"]);
callKm("to 3", "set_deployment_threshold", { weight: u8(3) }, ["alice", "bob", "carol"]);
showKeys();
callKm("remove dave", "set_key_weight", { account: pk("dave"), weight: u8(0) }, ["alice", "bob", "carol"]);
const dropBobAndCarol = {
  deployment_threshold: u8(1), key_management_threshold: u8(1),
  accounts: CLValue.newCLList(CLTypePublicKey, [pk("bob"), pk("carol")]),
  weights: CLValue.newCLList(CLTypeUInt8, [u8(0), u8(0)]),
};
// set_all removes keys before it lowers thresholds (as the Rust original does), so this one fails...
callKm("drop bob and carol, thresholds 1 / 1", "set_all", dropBobAndCarol, ["alice", "bob", "carol"]);
// ...and works once the thresholds are down: deployment first, since it may never exceed key management.
callKm("to 1", "set_deployment_threshold", { weight: u8(1) }, ["alice", "bob", "carol"]);
callKm("to 1", "set_key_management_threshold", { weight: u8(1) }, ["alice", "bob", "carol"]);
callKm("drop bob and carol, thresholds 1 / 1", "set_all", dropBobAndCarol);
showKeys();

console.log(heading("4. Stake (the auction)"));
// A validator that bids after genesis, as every validator on today's networks did: on Casper 2.0 its
// bid takes the chainspec's delegation limits as its own (500 CSPR .. 1e9 CSPR), so the delegations
// below are the ones a testnet validator accepts and refuses.
const validator = "bob";
run(`add_bid: ${validator} bids ${cspr(10_000n * 10n ** 9n)} as a validator`, engine.addBid(validator, 10_000n * 10n ** 9n, 5, { payment: 5n * 10n ** 9n }));
const bid = engine.bid(validator);
if (bid?.minimumDelegationAmount !== undefined) {
  console.log(`  ${validator}'s delegation limits: ${cspr(bid.minimumDelegationAmount)} .. ${cspr(bid.maximumDelegationAmount!)}`);
}
const amount = 500n * 10n ** 9n;
const before = engine.balance(owner);
const delegated = run(`delegate.wasm: ${cspr(amount)} from ${owner} to ${validator}`, engine.runSession(owner, wasm("delegate"), {
  delegator: pk(owner), validator: pk(validator), amount: CLValue.newCLUInt512(amount.toString()),
}, payment("delegate:call")));
console.log(`  ${owner}'s balance: ${cspr(before)} -> ${cspr(engine.balance(owner))}`);
console.log(`  ${owner}'s stake with ${validator}: ${cspr(engine.stakeOf(owner, validator))}` +
  (delegated.success ? "" : "  (the delegation did not go through: see the error above)"));
run(`delegate.wasm: 1 CSPR (below ${validator}'s minimum delegation)`, engine.runSession(owner, wasm("delegate"), {
  delegator: pk(owner), validator: pk(validator), amount: CLValue.newCLUInt512((10n ** 9n).toString()),
}, payment("delegate:call")));

console.log(heading("5. Summary"));
console.log(table(["deploy", "outcome", "gas", "cost (motes)"],
  ledger.map(({ step, result }) => [step.split("  (")[0], outcome(result, KEYS_MANAGER_ERRORS), result.gas, result.cost])));
const total = ledger.reduce((sum, { result }) => sum + result.cost, 0n);
console.log(`\nProtocol ${engine.protocol} cost tables, gas metered as the chain meters it; ${ledger.length} deploys cost ${cspr(total)} in all.`);
console.log(`State root ${engine.stateRootHash()}. Tests: npm test. Ship it: npm run deploy -- --help.`);
