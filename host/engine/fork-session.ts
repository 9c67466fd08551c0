// The engine on a fork (host/fork): how a synchronous engine reads a remote network. A run that
// reads a key the fork does not hold sees it as absent and is dropped (the engine snapshot taken
// before it is restored); the keys it missed are fetched, all at once, and the run is repeated, until
// a run misses nothing. Chosen over a synchronous fetch (a worker + Atomics.wait per read) because
// (1) each round fetches every key the run reached in parallel instead of one blocking round trip per
// read, (2) the engine stays synchronous and unchanged, and (3) blocking the thread would deadlock a
// remote served by the same process (the tests' local node). A repeated run costs little: modules
// are instrumented once, and runs are deterministic (same deploy, same block, same state).

import { fromHex } from "../bytesrepr/hex.ts";
import { accountHashOf, publicKeyFromHex, SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import { durationMillis } from "../bytesrepr/time-format.ts";
import { type Fork, type ForkOptions, openFork } from "../fork/open-fork.ts";
import type { ForkMisses } from "../fork/fork-state.ts";
import { readSystemRegistry } from "../runtime/execution.ts";
import { parse as parseToml } from "smol-toml";
import { loadChainspec } from "../gas/chainspec.ts";
import type { EngineConfig } from "./config.ts";
import type { EngineOptions, EngineSnapshot } from "./engine.ts";

/** A run outside `engine.fork.run` read state the fork had not fetched yet. */
export class MissingRemoteState extends Error {
  constructor(readonly misses: ForkMisses, node: string) {
    super(
      `this run reads ${misses.keys.size + misses.prefixes.size} key(s) of the fork's state not fetched yet from ${node}; ` +
        "run it inside `await engine.fork.run(() => …)`, which fetches them and runs it again",
    );
    this.name = "MissingRemoteState";
  }
}

/**
 * The fork node's cost tables as engine chainspec overrides: its chainspec.toml's `[wasm.v1]` (with
 * `[wasm.messages_limits]`), `[storage_costs]` and `[system_costs]`, keeping the entries the engine's
 * 2.0.0 table knows (a newer node's extra host functions are left out), so a fork prices gas as that
 * node does. Empty when the node reports no cost tables.
 */
export function forkCostOverrides(chainspecToml: string): Record<string, unknown> {
  if (chainspecToml.trim() === "") return {};
  let toml: Record<string, unknown>;
  try {
    toml = parseToml(chainspecToml, { integersAsBigInt: "asNeeded" }) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`fork: the node's chainspec (info_get_chainspec) is not TOML: ${(e as Error).message}`);
  }
  const wasm = toml.wasm as { v1?: Record<string, unknown>; messages_limits?: unknown } | undefined;
  const remote: Record<string, unknown> = {};
  if (wasm?.v1) remote.wasm = { ...wasm.v1, ...(wasm.messages_limits ? { messages_limits: wasm.messages_limits } : {}) };
  if (toml.storage_costs) remote.storage_costs = toml.storage_costs;
  if (toml.system_costs) remote.system_costs = toml.system_costs;
  return known(remote, loadChainspec("2.0.0") as unknown as Record<string, unknown>) as Record<string, unknown>;
}

/** The part of `remote` whose keys `base` has, leaves converted to the base's kind (bigint motes). */
function known(remote: unknown, base: unknown): unknown {
  if (isRecord(remote) && isRecord(base)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(remote)) if (k in base) out[k] = known(v, base[k]);
    return out;
  }
  if (typeof base === "bigint" && (typeof remote === "number" || typeof remote === "bigint")) return BigInt(remote);
  if (typeof base === "number" && typeof remote === "bigint") return Number(remote);
  return remote;
}

/** `over` merged into a copy of `base`, objects key by key. */
export function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isRecord(v) && isRecord(out[k]) ? mergeDeep(out[k] as Record<string, unknown>, v) : v;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The block deploys run in on a fork: the one after the fork's block, as the node would make it next. */
export function forkedChain(fork: Fork, config: EngineConfig) {
  const minimumBlockTime = durationMillis("core.minimum_block_time", config.chainspec.core.minimum_block_time);
  return {
    systemContracts: readSystemRegistry(fork.state) as ReadonlyMap<string, Uint8Array>,
    // fees go to the forked block's proposer (the next block's is not known yet)
    proposer: fork.block.proposer ? accountHashOf(publicKeyFromHex(fork.block.proposer)) : SYSTEM_ACCOUNT_HASH,
    // speculative execution's block time: the tip's + minimum_block_time (contract_runtime speculatively_execute)
    blocktime: BigInt(fork.block.timestampMs) + BigInt(minimumBlockTime),
    blockHeight: BigInt(fork.block.height) + 1n,
    parentBlockHash: fromHex(fork.block.hash, "block hash"),
  };
}

export async function openForkedEngineOptions(options: ForkOptions & Omit<EngineOptions, "fork">): Promise<EngineOptions> {
  const { node, block, cacheDir, fetch, ...engineOptions } = options;
  return { ...engineOptions, fork: await openFork({ node, block, cacheDir, fetch }) };
}

interface Restorable {
  snapshot(): EngineSnapshot;
  restore(s: EngineSnapshot): void;
}

export class ForkSession {
  /** a run that still misses keys after this many fetch rounds is given up */
  maxRounds = 64;
  /** fetch rounds the last `run` needed (0: everything was held) */
  lastRounds = 0;

  constructor(
    private readonly engine: Restorable,
    readonly fork: Fork,
  ) {}

  get node(): string {
    return this.fork.node;
  }

  /** JSON-RPC requests made to the node so far (opening the fork included) */
  get requests(): number {
    return this.fork.rpc.requests;
  }

  /**
   * Runs `fn` (engine calls, queries, several deploys) on the fork: whatever it reads that the fork
   * does not hold is fetched and `fn` runs again from the same engine state, until it misses nothing.
   */
  async run<T>(fn: () => T): Promise<T> {
    const state = this.fork.state;
    for (let round = 0; ; round++) {
      state.clearMisses();
      const before = this.engine.snapshot();
      let value: T | undefined;
      let error: unknown;
      let failed = false;
      try {
        value = fn();
      } catch (e) {
        error = e;
        failed = true;
      }
      if (!state.hasMisses) {
        this.lastRounds = round;
        if (failed) throw error;
        return value as T;
      }
      this.engine.restore(before);
      if (round >= this.maxRounds) throw new Error(`fork: the run still reads unfetched state after ${round} fetch rounds`);
      const misses = { keys: new Map(state.misses.keys), prefixes: new Set(state.misses.prefixes) };
      state.clearMisses();
      await this.fork.remote.fetch(misses);
    }
  }

  /** One deploy on the fork (Engine.execute): refused, with the state untouched, when it read unfetched state. */
  execute<R>(run: () => R): R {
    const before = this.engine.snapshot();
    const result = run();
    if (this.fork.state.hasMisses) {
      this.engine.restore(before);
      throw new MissingRemoteState(this.fork.state.misses, this.fork.node);
    }
    return result;
  }
}
