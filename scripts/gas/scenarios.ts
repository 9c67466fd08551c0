// The deploys `npm run gas` measures: each seed contract's install and entry points, the delegate
// session, and CEP-18 (ours, both builds, beside Casper's Rust build), each in a stated starting state
// (gas depends on it: an entry point that rewrites the account pays storage for the whole account, so
// every extra key or named key costs more).

import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import type { Engine } from "../../host/engine/engine.ts";
import type { ExecutionResult } from "../../host/engine/result.ts";
import type { ProtocolName } from "../../host/gas/chainspec.ts";
import { cep18Wasm } from "../fixtures/rust-contracts.ts";
import { BUILD_DIR, IS_TOOLKIT } from "../build/paths.ts";
import { CONTRACTS, type ContractSource } from "../build/contracts.ts";
import { parseArgs } from "../cli/typed-args.ts";
import { readSections } from "../build/wasm-sections.ts";

const { CLValue, CLTypeUInt8, CLTypePublicKey } = sdk;
const CSPR = 1_000_000_000n;

/** Payment attached while measuring: large enough never to run out (its size does not change the gas). */
export const MEASURING_PAYMENT = 1_000n * CSPR;

export interface Scenario {
  /** report key: `<contract>:<entry point>`; `install` runs the contract's wasm as session code, a session-only wasm is `<wasm>:call` */
  readonly key: string;
  readonly contract: string;
  readonly entryPoint: string;
  /** the state the deploy runs in, in words */
  readonly state: string;
  /** the protocols it runs on (default: every one); a build another protocol cannot run is left out there */
  readonly protocols?: readonly ProtocolName[];
  /** runs the setup (unmeasured), then the measured deploy, the last it runs, and returns its result */
  run(engine: Engine, wasm: (name: string) => Uint8Array): ExecutionResult;
}

const OWNER = "alice";
const paying = { payment: MEASURING_PAYMENT };
const pk = (engine: Engine, who: string) => CLValue.newCLPublicKey(engine.key(who).publicKey);
const u8 = (n: number) => CLValue.newCLUint8(n);

function install(engine: Engine, wasm: (name: string) => Uint8Array): void {
  engine.runSession(OWNER, wasm("keys_manager"), undefined, paying).expectSuccess();
}

function keysManagerCall(entryPoint: string, state: string, args: (e: Engine) => Record<string, InstanceType<typeof CLValue>>): Scenario {
  return {
    key: `keys_manager:${entryPoint}`,
    contract: "keys_manager",
    entryPoint,
    state,
    run(engine, wasm) {
      install(engine, wasm);
      return engine.callByName(OWNER, "keys_manager", entryPoint, args(engine), paying);
    },
  };
}

const SEED_SCENARIOS: readonly Scenario[] = [
  {
    key: "keys_manager:install",
    contract: "keys_manager",
    entryPoint: "install",
    state: "a fresh account (1 key, no named keys) runs build/keys_manager.wasm",
    run(engine, wasm) {
      return engine.runSession(OWNER, wasm("keys_manager"), undefined, paying);
    },
  },
  keysManagerCall("set_key_weight", "after install: add bob with weight 1", (e) => ({ account: pk(e, "bob"), weight: u8(1) })),
  keysManagerCall("set_deployment_threshold", "after install: deployment threshold 1", () => ({ weight: u8(1) })),
  keysManagerCall("set_key_management_threshold", "after install: key management threshold 1", () => ({ weight: u8(1) })),
  keysManagerCall("set_all", "after install: add carol and dave (weight 1 each), thresholds 2 / 2", (e) => ({
    deployment_threshold: u8(2),
    key_management_threshold: u8(2),
    accounts: CLValue.newCLList(CLTypePublicKey, [pk(e, "carol"), pk(e, "dave")]),
    weights: CLValue.newCLList(CLTypeUInt8, [u8(1), u8(1)]),
  })),
  {
    key: "delegate:call",
    contract: "delegate",
    entryPoint: "call",
    state: "build/delegate.wasm: 500 CSPR (the minimum) from a fresh account to genesis validator-1",
    run(engine, wasm) {
      return engine.runSession(OWNER, wasm("delegate"), {
        delegator: pk(engine, OWNER),
        validator: pk(engine, "validator-1"),
        amount: CLValue.newCLUInt512((500n * CSPR).toString()),
      }, paying);
    },
  },
];

// ---- CEP-18: ours (build/cep18.wasm, build/cep18_2x.wasm) and Casper's Rust build (`rust_cep18`:
// casper-cep18-js-client@1.0.3's cep18.wasm, v1.1.0), installed alike: CES events on, mint and burn on

/** The Rust build's name in the report: its casper-contract 1.x cannot install on 2.0 (ApiError 17), so it is measured on 1.5.8. */
export const RUST_CEP18 = "rust_cep18";
const CEP18_BUILDS: readonly { name: string; protocols?: readonly ProtocolName[] }[] = [
  { name: "cep18" },
  { name: "cep18_2x", protocols: ["2.0.0"] },
  { name: RUST_CEP18, protocols: ["1.5.8"] },
];

const key = (engine: Engine, who: string) => CLValue.newCLKey(sdk.Key.newKey(engine.account(who).accountHash));
const u256 = (n: bigint) => CLValue.newCLUInt256(n);

/** The install every CEP-18 scenario starts with (exported for the Rust build's failing attempt on 2.0). */
export function cep18InstallAttempt(engine: Engine, wasm: Uint8Array): ExecutionResult {
  return installCep18(engine, wasm);
}

function installCep18(engine: Engine, wasm: Uint8Array): ExecutionResult {
  return engine.runSession(OWNER, wasm, {
    name: CLValue.newCLString("Gas"),
    symbol: CLValue.newCLString("GAS"),
    decimals: u8(9),
    total_supply: u256(10n ** 18n),
    events_mode: u8(1),
    enable_mint_burn: u8(1),
  }, paying);
}

function cep18Scenarios(build: string, protocols?: readonly ProtocolName[]): Scenario[] {
  const installed = (engine: Engine, wasm: (name: string) => Uint8Array) => {
    installCep18(engine, wasm(build)).expectSuccess();
    return engine.account(OWNER).namedKeys.cep18_contract_hash_Gas;
  };
  const call = (entryPoint: string, state: string, before: (e: Engine, token: string) => void, from: string, args: (e: Engine) => Record<string, InstanceType<typeof CLValue>>): Scenario => ({
    key: `${build}:${entryPoint}`,
    contract: build,
    entryPoint,
    state,
    protocols,
    run(engine, wasm) {
      const token = installed(engine, wasm);
      before(engine, token);
      return engine.callByHash(from, token, entryPoint, args(engine), paying);
    },
  });
  const nothing = () => {};
  return [
    {
      key: `${build}:install`,
      contract: build,
      entryPoint: "install",
      state: `a fresh account installs ${build === RUST_CEP18 ? "the Rust cep18.wasm" : `build/${build}.wasm`}: name, symbol, decimals, total_supply, events_mode 1 (CES), enable_mint_burn 1`,
      protocols,
      run: (engine, wasm) => installCep18(engine, wasm(build)),
    },
    call("transfer", "after install: the installer sends 1000 to bob (a new holder)", nothing, OWNER, (e) => ({ recipient: key(e, "bob"), amount: u256(1000n) })),
    call("approve", "after install: the installer lets bob spend 1000", nothing, OWNER, (e) => ({ spender: key(e, "bob"), amount: u256(1000n) })),
    call(
      "transfer_from",
      "after install and an approval of 1000: bob moves 500 of the installer's to carol (a new holder)",
      (e, token) => e.callByHash(OWNER, token, "approve", { spender: key(e, "bob"), amount: u256(1000n) }, paying).expectSuccess(),
      "bob",
      (e) => ({ owner: key(e, OWNER), recipient: key(e, "carol"), amount: u256(500n) }),
    ),
    call("mint", "after install: the installer (an admin) mints 1000 to bob", nothing, OWNER, (e) => ({ owner: key(e, "bob"), amount: u256(1000n) })),
    call("balance_of", "after install: the installer's balance", nothing, "bob", (e) => ({ address: key(e, OWNER) })),
  ];
}

export const CEP18_SCENARIOS: readonly Scenario[] = CEP18_BUILDS.flatMap((b) => cep18Scenarios(b.name, b.protocols));
/** Every scenario `npm run gas` measures, in the report's order. */
export const SCENARIOS: readonly Scenario[] = [...SEED_SCENARIOS, ...CEP18_SCENARIOS];

/** Reads build/<name>.wasm, naming the fix when it is missing. */
export function artifactReader(dir = BUILD_DIR): (name: string) => Uint8Array {
  const cache = new Map<string, Uint8Array>();
  return (name) => {
    let bytes = cache.get(name);
    if (!bytes) {
      if (name === RUST_CEP18) bytes = cep18Wasm();
      else {
        try {
          bytes = new Uint8Array(readFileSync(`${dir}/${name}.wasm`));
        } catch {
          throw new Error(`${dir}/${name}.wasm is missing: build first (npm run build, or npx casper-as build)`);
        }
      }
      cache.set(name, bytes);
    }
    return bytes;
  };
}

/**
 * A project's deploys (a project that installed casper-as): each contract's wasm run as session code by a
 * fresh account with the install args casper.build.json gives it, `<name>:install` when it installs
 * entry points (it exports more than `call`), `<name>:call` for session code.
 */
export function projectScenarios(contracts: readonly ContractSource[], wasm: (name: string) => Uint8Array): Scenario[] {
  return contracts.map((c) => {
    const exports = readSections(wasm(c.name)).exports.filter((e) => e.kind === "func").map((e) => e.name);
    const installs = exports.some((e) => e !== "call");
    const args = c.installArgs?.length ? Object.fromEntries(parseArgs([...c.installArgs]).parsed.map((p) => [p.name, p.value])) : undefined;
    return {
      key: `${c.name}:${installs ? "install" : "call"}`,
      contract: c.name,
      entryPoint: installs ? "install" : "call",
      state: `a fresh account runs build/${c.name}.wasm${c.installArgs?.length ? ` with ${c.installArgs.join(", ")}` : ""}`,
      run(engine, read) {
        return engine.runSession(OWNER, read(c.name), args, paying);
      },
    };
  });
}

/** The deploys `casper-as gas` measures: this repository's scenarios, or a project's (projectScenarios). */
export function scenariosFor(wasm: (name: string) => Uint8Array): readonly Scenario[] {
  return IS_TOOLKIT ? SCENARIOS : projectScenarios(CONTRACTS, wasm);
}

export const PROJECT_STATES = "The states measured: each contract's wasm run as session code by a fresh account, with the install args of casper.build.json.";
