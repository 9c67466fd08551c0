// Global state's Merkle proofs with Casper's Key and StoredValue: the trie key of a Key (its
// normalized bytes: a URef's access rights cleared, as tracking_copy normalizes every key), the bytes
// of `Vec<TrieMerkleProof<Key, StoredValue>>` that RPC answers carry as `merkle_proof`, and the checks
// a client makes on them against a state root hash (storage/src/tracking_copy/mod.rs
// `validate_query_proof`, `validate_balance_proof`). Exported for clients: fork mode checks what a
// remote node answers with these.

import { CLT, clTypeEquals } from "../bytesrepr/cl-type.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { bytesEqual, fromHex, toHex } from "../bytesrepr/hex.ts";
import { decodeKey, encodeKey, formatKey, type Key, KeyTag, keyAsURef, balanceKey, readKey, urefKey } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { decodeStoredValue, encodeStoredValue, readStoredValue, type StoredValue } from "../bytesrepr/stored-value.ts";
import { computeStateHash, decodeProofs, encodeProofs, type ProofLayout, type TrieMerkleProof } from "./trie/merkle-proof.ts";
import type { KeyLength } from "./trie/trie-node.ts";

/** The Key as the trie holds it: `Key::normalize` (URef access rights cleared), then its bytes. */
export function trieKeyOf(key: Key): Uint8Array {
  const u = key.tag === KeyTag.URef ? keyAsURef(key)! : undefined;
  return encodeKey(u && u.rights !== 0 ? urefKey({ addr: u.addr, rights: 0 }) : key);
}

/** Where a Key's bytes end (a trie leaf is tag ++ Key ++ StoredValue with nothing between). */
export const keyLength: KeyLength = (bytes, offset) => {
  const r = new ByteReader(bytes, offset);
  readKey(r, "trie leaf Key");
  return r.offset - offset;
};

/**
 * StoredValues kept as raw bytes (the auction's) take the rest of their input: inside a proof, where
 * the proof steps follow the value, they cannot be delimited by this layout (a caller with typed
 * codecs for them passes its own ProofLayout). Proofs of them are still made and hashed from bytes.
 */
const RAW_KINDS = new Set(["EraInfo", "Bid", "Withdraw", "Unbonding"]);

export const STATE_PROOF_LAYOUT: ProofLayout = {
  keyLength,
  valueLength(bytes, offset) {
    const r = new ByteReader(bytes, offset);
    const v = readStoredValue(r);
    if (RAW_KINDS.has(v.kind)) {
      throw new BytesreprError("Formatting", "TrieMerkleProof value", `a StoredValue::${v.kind} inside a proof cannot be read: this engine keeps its bytes raw`);
    }
    return r.offset - offset;
  },
};

/** A proof with its key and value decoded. */
export interface StateProof extends TrieMerkleProof {
  readonly stateKey: Key;
  readonly storedValue: StoredValue;
}

/** Why a proof was refused: the words of tracking_copy's ValidationError, and which proof. */
export class MerkleProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MerkleProofError";
  }
}

/** The hex an RPC answer's `merkle_proof` carries. */
export function encodeStateProofs(proofs: readonly TrieMerkleProof[]): string {
  return toHex(encodeProofs(proofs));
}

/** Reads `merkle_proof` (hex or bytes) as `Vec<TrieMerkleProof<Key, StoredValue>>`. */
export function decodeStateProofs(merkleProof: string | Uint8Array, layout: ProofLayout = STATE_PROOF_LAYOUT): StateProof[] {
  let proofs: TrieMerkleProof[];
  try {
    const bytes = typeof merkleProof === "string" ? fromHex(merkleProof, "merkle_proof") : merkleProof;
    proofs = decodeProofs(bytes, layout);
  } catch (e) {
    throw new MerkleProofError(`merkle_proof is not a Vec<TrieMerkleProof<Key, StoredValue>>: ${(e as Error).message}`);
  }
  return proofs.map((p) => ({ ...p, stateKey: decodeKey(p.key), storedValue: decodeStoredValue(p.value) }));
}

function rootBytes(stateRootHash: string | Uint8Array): Uint8Array {
  const root = typeof stateRootHash === "string" ? fromHex(stateRootHash, "state root hash") : stateRootHash;
  if (root.length !== 32) throw new MerkleProofError(`a state root hash is 32 bytes, got ${root.length}`);
  return root;
}

/**
 * Checks that every proof hashes to `stateRootHash` and returns them decoded; a proof that does not
 * is refused with a MerkleProofError naming it, its key and the hash it leads to.
 */
export function checkStateProofs(stateRootHash: string | Uint8Array, merkleProof: string | Uint8Array | readonly StateProof[]): StateProof[] {
  const root = rootBytes(stateRootHash);
  const proofs = typeof merkleProof === "string" || merkleProof instanceof Uint8Array ? decodeStateProofs(merkleProof) : [...merkleProof];
  proofs.forEach((p, i) => {
    const hash = computeStateHash(p);
    if (!bytesEqual(hash, root)) {
      throw new MerkleProofError(
        `The proof hash is invalid. (proof ${i + 1} of ${proofs.length}, for ${formatKey(p.stateKey)}, hashes to ${toHex(hash)}, not to the state root hash ${toHex(root)})`,
      );
    }
  });
  return proofs;
}

/**
 * `validate_query_proof`: the proofs of a query from `firstKey` along `path` (one proof per key on
 * the path), each hashing to the root, each key the named key the previous value holds, and the
 * last value `expectedValue`.
 */
export function validateQueryProof(
  stateRootHash: string | Uint8Array,
  merkleProof: string | Uint8Array | readonly StateProof[],
  firstKey: Key,
  path: readonly string[],
  expectedValue: StoredValue,
): void {
  const root = rootBytes(stateRootHash);
  const proofs = typeof merkleProof === "string" || merkleProof instanceof Uint8Array ? decodeStateProofs(merkleProof) : merkleProof;
  if (proofs.length !== path.length + 1) throw new MerkleProofError("The path should not have a different length than the proof less one.");
  let expectedKey = firstKey;
  for (let i = 0; i < proofs.length; i++) {
    const proof = proofs[i];
    if (i > 0) {
      const value = proofs[i - 1].storedValue;
      const named = value.kind === "Account" ? value.account.namedKeys : value.kind === "Contract" ? value.contract.namedKeys : undefined;
      const next = named?.get(path[i - 1]);
      if (!next) throw new MerkleProofError("The path went cold.");
      expectedKey = next;
    }
    if (!bytesEqual(proof.key, trieKeyOf(expectedKey))) throw new MerkleProofError("The provided key does not match the key in the proof.");
    if (!bytesEqual(computeStateHash(proof), root)) throw new MerkleProofError("The proof hash is invalid.");
  }
  if (!bytesEqual(proofs[proofs.length - 1].value, encodeStoredValue(expectedValue))) {
    throw new MerkleProofError("The provided value does not match the value in the proof.");
  }
}

/** `validate_balance_proof`: the proof is of the purse's balance key, hashes to the root, and holds `motes`. */
export function validateBalanceProof(
  stateRootHash: string | Uint8Array,
  proof: StateProof,
  purse: Key,
  motes: bigint,
): void {
  const root = rootBytes(stateRootHash);
  const u = keyAsURef(purse);
  if (!u) throw new MerkleProofError(`Key is not a URef: ${formatKey(purse)}`);
  if (!bytesEqual(proof.key, trieKeyOf(balanceKey(u.addr)))) throw new MerkleProofError("The provided key does not match the key in the proof.");
  if (!bytesEqual(computeStateHash(proof), root)) throw new MerkleProofError("The proof hash is invalid.");
  const v = proof.storedValue;
  if (v.kind !== "CLValue") throw new MerkleProofError("Failed to convert stored value to key");
  if (!clTypeEquals(v.value.clType, CLT.U512)) throw new MerkleProofError(`Mismatch { expected: U512, found: ${v.value.clType.kind} }`);
  const r = new ByteReader(v.value.bytes);
  if (r.bigUint(64, "U512") !== motes) throw new MerkleProofError("The provided value does not match the value in the proof.");
}
