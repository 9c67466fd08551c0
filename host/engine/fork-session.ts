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
