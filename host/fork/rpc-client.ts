// The JSON-RPC a fork reads a remote node with: plain JSON-RPC 2.0 over a fetch function (the global
// fetch by default; tests may pass their own), counting requests. Only reads: info_get_status,
// chain_get_block, query_global_state. Every value comes with its Merkle proof, checked here against
// the state root asked for (merkle-proofs.ts validate_query_proof), so nothing unproven reaches the
// engine; a proof that does not hash to the root is refused with an error naming the key and hashes.
// Trie nodes (state_get_trie, for prefix scans) are content-addressed: each must hash to its digest.

import { fromHex } from "../bytesrepr/hex.ts";
import { formatKey, formatKeyFor2x, type Key } from "../bytesrepr/key.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import { decodeStateProofs, MerkleProofError, validateQueryProof } from "../state/merkle-proofs.ts";
import { bytesEqual, toHex } from "../bytesrepr/hex.ts";
import { hashIntoChunksIfNecessary } from "../state/trie/digest.ts";

/** What a fork needs of `fetch` (the global one fits). */
export type FetchFunction = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export class ForkRpcError extends Error {
  constructor(
    message: string,
    /** the JSON-RPC error code when the node answered one */
    readonly code?: number,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "ForkRpcError";
  }
}

/** The node runs a protocol fork mode does not (Casper 1.x): its status says which, and what chain. */
export class UnsupportedNodeError extends ForkRpcError {
  constructor(message: string, readonly status: NodeStatus) {
    super(message);
    this.name = "UnsupportedNodeError";
  }
}

/** casper-sidecar error_code.rs QueryFailed: a 2.0 node's answer for a key holding no value. */
const VALUE_NOT_FOUND = -32003;

/** A block header's fields a fork uses. */
export interface ForkBlock {
  readonly hash: string;
  readonly height: number;
  readonly stateRootHash: string;
  /** ms since the Unix epoch */
  readonly timestampMs: number;
  /** the proposer's public key hex */
  readonly proposer: string;
  readonly protocolVersion: string;
}

export interface NodeStatus {
  readonly chainName: string;
  readonly apiVersion: string;
  /** the tip (`last_added_block_info`), when the node has one */
  readonly latest?: ForkBlock;
}

/** A value read with its proof: the proof's hex is what the disk cache keeps (and checks again on load). */
export interface ProvenValue {
  readonly value: StoredValue;
  readonly proof: string;
}

export class ForkRpc {
  /** JSON-RPC requests sent (the budget the benchmark counts) */
  requests = 0;
  private nextId = 1;

  constructor(
    readonly url: string,
    private readonly fetchFn: FetchFunction = globalThis.fetch as unknown as FetchFunction,
  ) {}

  async call<T>(method: string, params: unknown): Promise<T> {
    this.requests++;
    const body = JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params });
    let text: string;
    let status: number;
    try {
      const response = await this.fetchFn(this.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      status = response.status;
      text = await response.text();
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ForkRpcError(`fork: cannot reach the node at ${this.url} (${method}): ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    let json: { result?: T; error?: { code: number; message: string; data?: unknown } };
    try {
      json = JSON.parse(text);
    } catch {
      throw new ForkRpcError(`fork: ${this.url} answered ${method} with HTTP ${status} and no JSON-RPC (${text.slice(0, 120)})`);
    }
    if (json.error) {
      const data = json.error.data === undefined ? "" : `: ${typeof json.error.data === "string" ? json.error.data : JSON.stringify(json.error.data)}`;
      throw new ForkRpcError(`fork: the node at ${this.url} answered ${method} with error ${json.error.code} "${json.error.message}"${data}`, json.error.code, json.error.data);
    }
    if (json.result === undefined) throw new ForkRpcError(`fork: ${this.url} answered ${method} without a result`);
    return json.result;
  }

  async status(): Promise<NodeStatus> {
    type Tip = { hash: string; height: number; state_root_hash: string; timestamp: string; creator: string };
    const s = await this.call<{ chainspec_name?: string; api_version?: string; last_added_block_info?: Tip | null }>("info_get_status", []);
    if (typeof s.chainspec_name !== "string" || typeof s.api_version !== "string") {
      throw new ForkRpcError(`fork: ${this.url}'s info_get_status has no chainspec_name / api_version: is it a Casper node?`);
    }
    // MinimalBlockInfo: the tip's header fields a fork needs (its protocol is the node's api_version)
    const tip = s.last_added_block_info;
    const latest = tip && typeof tip.state_root_hash === "string" && Number.isFinite(Date.parse(tip.timestamp))
      ? { hash: tip.hash, height: Number(tip.height), stateRootHash: tip.state_root_hash, timestampMs: Date.parse(tip.timestamp), proposer: tip.creator, protocolVersion: s.api_version }
      : undefined;
    return { chainName: s.chainspec_name, apiVersion: s.api_version, latest };
  }

  /** chain_get_block by height or hash (a 2.0 `Version2` block, or a 1.x block, read for its header). */
  async block(id: { height: number } | { hash: string }): Promise<ForkBlock> {
    const params = { block_identifier: "height" in id ? { Height: id.height } : { Hash: id.hash } };
    const r = await this.call<{ block_with_signatures?: { block?: Record<string, unknown> }; block?: Record<string, unknown> }>("chain_get_block", params);
    const wrapped = r.block_with_signatures?.block ?? r.block;
    const block = (wrapped?.Version2 ?? wrapped?.Version1 ?? wrapped) as { hash?: string; header?: Record<string, unknown> } | undefined;
    const h = block?.header;
    if (!block?.hash || !h) throw new ForkRpcError(`fork: ${this.url} answered chain_get_block without a block header`);
    const timestamp = Date.parse(String(h.timestamp));
    if (!Number.isFinite(timestamp)) throw new ForkRpcError(`fork: block ${block.hash} has an unreadable timestamp ${JSON.stringify(h.timestamp)}`);
    const proposer = typeof h.proposer === "string" ? h.proposer : (block as { body?: { proposer?: string } }).body?.proposer;
    return {
      hash: block.hash,
      height: Number(h.height),
      stateRootHash: String(h.state_root_hash),
      timestampMs: timestamp,
      proposer: proposer ?? "",
      protocolVersion: String(h.protocol_version),
    };
  }

  /** info_get_chainspec: the node's chainspec.toml as text. */
  async chainspecToml(): Promise<string> {
    const r = await this.call<{ chainspec_bytes?: { chainspec_bytes?: string } }>("info_get_chainspec", []);
    const hex = r.chainspec_bytes?.chainspec_bytes;
    if (typeof hex !== "string") throw new ForkRpcError(`fork: ${this.url}'s info_get_chainspec has no chainspec_bytes`);
    return new TextDecoder().decode(fromHex(hex, "chainspec_bytes"));
  }

  /** state_get_trie: the bytes of the trie node under `digest` (checked: they hash to it), or null when the node has none. */
  async trieNode(digest: Uint8Array): Promise<Uint8Array | null> {
    const r = await this.call<{ maybe_trie_bytes?: string | null }>("state_get_trie", { trie_key: toHex(digest) });
    if (r.maybe_trie_bytes === null || r.maybe_trie_bytes === undefined) return null;
    const bytes = fromHex(r.maybe_trie_bytes, "maybe_trie_bytes");
    const hash = hashIntoChunksIfNecessary(bytes);
    if (!bytesEqual(hash, digest)) {
      throw new ForkRpcError(`fork: refused trie node ${toHex(digest)} from ${this.url}: its bytes hash to ${toHex(hash)}`);
    }
    return bytes;
  }

  /**
   * query_global_state of `key` at `stateRootHash`: its value, proven against that root, or null when
   * the node has no value there (a 2.0 node proves values only: an absence is the node's word).
   */
  async item(stateRootHash: string, key: Key): Promise<ProvenValue | null> {
    let r: { merkle_proof?: string };
    try {
      r = await this.call("query_global_state", { state_identifier: { StateRootHash: stateRootHash }, key: formatKeyFor2x(key), path: [] });
    } catch (e) {
      if (e instanceof ForkRpcError && e.code === VALUE_NOT_FOUND) return null;
      throw e;
    }
    if (typeof r.merkle_proof !== "string") throw new ForkRpcError(`fork: ${this.url} answered query_global_state for ${formatKey(key)} without a merkle_proof`);
    return { value: checkedValue(stateRootHash, key, r.merkle_proof, this.url), proof: r.merkle_proof };
  }
}

/**
 * The value `merkleProof` proves for `key` under `stateRootHash` (validate_query_proof with no path),
 * or a ForkRpcError saying which key, what the proof hashes to and what it should.
 */
export function checkedValue(stateRootHash: string, key: Key, merkleProof: string, source: string): StoredValue {
  try {
    const proofs = decodeStateProofs(merkleProof);
    if (proofs.length !== 1) throw new MerkleProofError(`expected one proof for a query without a path, got ${proofs.length}`);
    validateQueryProof(fromHex(stateRootHash, "state root hash"), proofs, key, [], proofs[0].storedValue);
    return proofs[0].storedValue;
  } catch (e) {
    if (e instanceof MerkleProofError) {
      throw new ForkRpcError(`fork: refused the value of ${formatKey(key)} from ${source}: its merkle_proof does not prove it under state root ${stateRootHash}: ${e.message}`);
    }
    throw new ForkRpcError(`fork: cannot read the value of ${formatKey(key)} from ${source}: ${(e as Error).message}`);
  }
}
