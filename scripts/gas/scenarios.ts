// The deploys `npm run gas` measures: each seed contract's install and entry points, and the delegate
// session, each in a stated starting state (gas depends on it: an entry point that rewrites the
// account pays storage for the whole account, so every extra key or named key costs more).

import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import type { Engine } from "../../host/engine/engine.ts";
import type { ExecutionResult } from "../../host/engine/result.ts";
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
  /** the deploys before the measured one (unmeasured) */
  setup?(engine: Engine, wasm: (name: string) => Uint8Array): void;
  /** runs the measured deploy and returns its result */
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
    setup: install,
    run(engine) {
      return engine.callByName(OWNER, "keys_manager", entryPoint, args(engine), paying);
    },
  };
}

export const SCENARIOS: readonly Scenario[] = [
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

/** Reads build/<name>.wasm, naming the fix when it is missing. */
export function artifactReader(dir = BUILD_DIR): (name: string) => Uint8Array {
  const cache = new Map<string, Uint8Array>();
  return (name) => {
    let bytes = cache.get(name);
    if (!bytes) {
      try {
        bytes = new Uint8Array(readFileSync(`${dir}/${name}.wasm`));
      } catch {
        throw new Error(`${dir}/${name}.wasm is missing: build first (npm run build, or npx casper-as build)`);
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
