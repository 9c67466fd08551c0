// Merkle proofs of global state (types/src/global_state/merkle_proof.rs) and their check
// (storage/src/global_state/trie_store/operations/mod.rs `compute_state_hash`):
//   TrieMerkleProofStep  Node = 0 {hole_index: u8, indexed_pointers_with_hole: Vec<(u8, Pointer)>}
//                        | Extension = 1 {affix: Bytes}
//   TrieMerkleProof      key ++ value ++ VecDeque<TrieMerkleProofStep> (steps from the leaf up)
// A proof's state hash is the leaf's hash carried up through every step; it proves the (key, value)
// pair exactly when that hash is the state root hash. Keys and values are their bytesrepr bytes.

import { BytesreprError } from "../../bytesrepr/errors.ts";
import { ByteReader } from "../../bytesrepr/reader.ts";
import { ByteWriter } from "../../bytesrepr/writer.ts";
import { blake2b256, DIGEST_LENGTH } from "./digest.ts";
import {
  encodeExtension, encodeBranch, leafPointer, nodePointer, type Pointer, PointerKind, RADIX, trieHash, trieLeaf,
} from "./trie-node.ts";

export type TrieMerkleProofStep =
  | { readonly kind: "Node"; readonly holeIndex: number; readonly indexedPointersWithHole: readonly (readonly [number, Pointer])[] }
  | { readonly kind: "Extension"; readonly affix: Uint8Array };

export interface TrieMerkleProof {
  /** the Key's bytes (normalized: URef access rights cleared) */
  readonly key: Uint8Array;
  /** the StoredValue's bytes */
  readonly value: Uint8Array;
  /** the deepest step first */
  readonly steps: readonly TrieMerkleProofStep[];
}

/** How a proof's key and value are delimited in its bytes: each is self-delimiting bytesrepr. */
export interface ProofLayout {
  keyLength(bytes: Uint8Array, offset: number): number;
  valueLength(bytes: Uint8Array, offset: number): number;
}

const STEP_NODE = 0;
const STEP_EXTENSION = 1;

/** `compute_state_hash`: the root hash this proof leads to (operations::rehash's steps). */
export function computeStateHash(proof: TrieMerkleProof): Uint8Array {
  let hash = trieHash(trieLeaf(proof.key, proof.value));
  proof.steps.forEach((step, i) => {
    const pointer = i === 0 ? leafPointer(hash) : nodePointer(hash);
    if (step.kind === "Node") {
      // Trie::node(&indexed_pointers): the hole's pointer is pushed last, so it wins its slot
      const slots: (Pointer | undefined)[] = new Array(RADIX).fill(undefined);
      for (const [index, p] of step.indexedPointersWithHole) slots[index] = p;
      slots[step.holeIndex] = pointer;
      hash = blake2b256(encodeBranch(slots));
    } else {
      hash = blake2b256(encodeExtension(step.affix, pointer));
    }
  });
  return hash;
}

export function writeProofStep(w: ByteWriter, step: TrieMerkleProofStep): void {
  if (step.kind === "Node") {
    w.u8(STEP_NODE).u8(step.holeIndex).u32(step.indexedPointersWithHole.length);
    for (const [index, p] of step.indexedPointersWithHole) w.u8(index).u8(p.kind).raw(p.hash);
  } else {
    w.u8(STEP_EXTENSION).lengthPrefixed(step.affix);
  }
}

export function writeProof(w: ByteWriter, proof: TrieMerkleProof): void {
  w.raw(proof.key).raw(proof.value).u32(proof.steps.length);
  for (const step of proof.steps) writeProofStep(w, step);
}

/** `Vec<TrieMerkleProof<Key, StoredValue>>::to_bytes`: what an RPC answer's `merkle_proof` is the hex of. */
export function encodeProofs(proofs: readonly TrieMerkleProof[]): Uint8Array {
  const w = new ByteWriter();
  w.u32(proofs.length);
  for (const p of proofs) writeProof(w, p);
  return w.toBytes();
}

function readPointer(r: ByteReader, what: string): Pointer {
  const kind = r.u8(`${what} tag`);
  if (kind !== PointerKind.Leaf && kind !== PointerKind.Node) throw new BytesreprError("Formatting", what, `unknown Pointer tag ${kind}`);
  return { kind, hash: r.raw(DIGEST_LENGTH, `${what} digest`) };
}

export function readProofStep(r: ByteReader): TrieMerkleProofStep {
  const tag = r.u8("TrieMerkleProofStep tag");
  if (tag === STEP_NODE) {
    const holeIndex = r.u8("TrieMerkleProofStep::Node hole_index");
    const count = r.u32("TrieMerkleProofStep::Node indexed_pointers_with_hole length");
    const indexed: [number, Pointer][] = [];
    for (let i = 0; i < count; i++) {
      const index = r.u8("indexed pointer index");
      indexed.push([index, readPointer(r, "indexed pointer")]);
    }
    return { kind: "Node", holeIndex, indexedPointersWithHole: indexed };
  }
  if (tag === STEP_EXTENSION) return { kind: "Extension", affix: r.lengthPrefixed("TrieMerkleProofStep::Extension affix") };
  throw new BytesreprError("Formatting", "TrieMerkleProofStep", `unknown step tag ${tag}`);
}

export function readProof(r: ByteReader, layout: ProofLayout): TrieMerkleProof {
  const key = r.raw(layout.keyLength(r.bytes, r.offset), "TrieMerkleProof key");
  const value = r.raw(layout.valueLength(r.bytes, r.offset), "TrieMerkleProof value");
  const count = r.u32("TrieMerkleProof proof_steps length");
  const steps: TrieMerkleProofStep[] = [];
  for (let i = 0; i < count; i++) steps.push(readProofStep(r));
  return { key, value, steps };
}

/** `Vec<TrieMerkleProof<K, V>>::from_bytes` over all of `bytes`. */
export function decodeProofs(bytes: Uint8Array, layout: ProofLayout): TrieMerkleProof[] {
  const r = new ByteReader(bytes);
  const count = r.u32("Vec<TrieMerkleProof> length");
  const proofs: TrieMerkleProof[] = [];
  for (let i = 0; i < count; i++) proofs.push(readProof(r, layout));
  r.expectEnd("Vec<TrieMerkleProof>");
  return proofs;
}
