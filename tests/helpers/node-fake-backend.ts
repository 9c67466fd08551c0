// TEST DOUBLE — NOT THE ENGINE. An in-memory stand-in for EngineBackend used ONLY by the RPC protocol
// tests (envelope, error codes, result shapes the SDK must parse, the node's own verification). It
// executes nothing: every accepted request "succeeds" with zero gas and no effects, and state is a
// fixed table of accounts and purses. The real backend is the local engine (host/), wired in phase 2.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import type {
  BlockContext,
  EngineBackend,
  ExecutionOutcome,
  ExecutionRequest,
  QueryMiss,
  StoredValueJson,
} from "../../host/node/engine-backend.ts";

const { PublicKey } = sdk;

export interface FakeAccount {
  publicKeyHex: string;
  balance: bigint;
  namedKeys?: { name: string; key: string }[];
}

export class FakeBackend implements EngineBackend {
  readonly executed: { request: ExecutionRequest; block: BlockContext }[] = [];
  /** The next checkAgainstState answer (a DeployParameterFailure text), or null to accept. */
  nextStateFailure: string | null = null;
  private roots = new Set<string>();
  private genesisRoot: string;
  private accounts = new Map<string, { account: Record<string, unknown>; purse: string; balance: bigint }>();
  private values = new Map<string, StoredValueJson>();

  constructor(accounts: FakeAccount[] = []) {
    this.genesisRoot = digest("genesis");
    this.roots.add(this.genesisRoot);
    for (const a of accounts) this.addAccount(a);
  }

  addAccount(a: FakeAccount): string {
    const accountHash = PublicKey.fromHex(a.publicKeyHex).accountHash().toPrefixedString();
    const purse = `uref-${digest(`purse:${accountHash}`)}-007`;
    this.accounts.set(accountHash, {
      purse,
      balance: a.balance,
      account: {
        account_hash: accountHash,
        named_keys: a.namedKeys ?? [],
        main_purse: purse,
        associated_keys: [{ account_hash: accountHash, weight: 1 }],
        action_thresholds: { deployment: 1, key_management: 1 },
      },
    });
    return accountHash;
  }

  /** Puts a stored value under a formatted key (e.g. a dictionary item's "dictionary-…" key). */
  putValue(key: string, value: StoredValueJson): void {
    this.values.set(key, value);
  }

  genesisStateRootHash(): string {
    return this.genesisRoot;
  }

  checkAgainstState(): string | null {
    const failure = this.nextStateFailure;
    this.nextStateFailure = null;
    return failure;
  }

  execute(request: ExecutionRequest, stateRootHash: string, block: BlockContext): ExecutionOutcome {
    this.executed.push({ request, block });
    const root = digest(`${stateRootHash}:${request.hash}`);
    this.roots.add(root);
    return { stateRootHash: root, errorMessage: null, limit: 0n, consumed: 0n, cost: 0n, refund: 0n, transfers: [], effects: [] };
  }

  query(stateRootHash: string, key: string, path: string[]): StoredValueJson | QueryMiss {
    if (!this.roots.has(stateRootHash)) return { miss: "RootNotFound" };
    if (path.length > 0) return { miss: "ValueNotFound", message: "value was not found in the global state" };
    const account = this.accounts.get(key);
    if (account) return { Account: account.account };
    return this.values.get(key) ?? { miss: "ValueNotFound", message: "value was not found in the global state" };
  }

  balance(stateRootHash: string, purseUref: string): bigint | QueryMiss {
    if (!this.roots.has(stateRootHash)) return { miss: "RootNotFound" };
    for (const a of this.accounts.values()) if (a.purse === purseUref) return a.balance;
    return { miss: "ValueNotFound", message: "purse not found" };
  }
}

function digest(text: string): string {
  return Buffer.from(blake2b(new TextEncoder().encode(text), { dkLen: 32 })).toString("hex");
}
