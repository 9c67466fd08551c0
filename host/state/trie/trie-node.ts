// The nodes of casper-node's Merkle trie and their bytes (storage/src/global_state/trie/mod.rs, the same
// as 1.5.8's execution_engine/src/storage/trie/mod.rs; types/src/global_state/pointer.rs):
//   Trie       Leaf = 0 {key, value} | Node = 1 {pointer block} | Extension = 2 {affix: Bytes, pointer}
//   Pointer    LeafPointer = 0 | NodePointer = 1, then the 32-byte digest
//   PointerBlock  all 256 slots as Option<Pointer> (bytesrepr is not sparse: only serde's JSON is)
// A node's hash is `hash_into_chunks_if_necessary` of these bytes. Keys and values are kept as their
// bytesrepr bytes: the trie takes any Key / StoredValue, of any protocol.

import { BytesreprError } from "../../bytesrepr/errors.ts";
import { DIGEST_LENGTH, hashIntoChunksIfNecessary } from "./digest.ts";

export const RADIX = 256;

export const TrieTag = { Leaf: 0, Node: 1, Extension: 2 } as const;
export const PointerKind = { Leaf: 0, Node: 1 } as const;
export type PointerKind = (typeof PointerKind)[keyof typeof PointerKind];

export interface Pointer {
  readonly kind: PointerKind;
  readonly hash: Uint8Array;
}

export interface TrieLeaf {
  readonly tag: typeof TrieTag.Leaf;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}
export interface TrieBranch {
  readonly tag: typeof TrieTag.Node;
  /** 256 slots; an empty slot is undefined */
  readonly pointers: readonly (Pointer | undefined)[];
}
export interface TrieExtension {
  readonly tag: typeof TrieTag.Extension;
  readonly affix: Uint8Array;
  readonly pointer: Pointer;
}
export type TrieNode = TrieLeaf | TrieBranch | TrieExtension;

/**
 * Where a leaf's key ends: the trie stores `tag ++ key ++ value` with no length between key and
 * value, so reading a leaf needs the key's own length (Key's bytesrepr is self-delimiting).
 */
export type KeyLength = (bytes: Uint8Array, offset: number) => number;

export const leafPointer = (hash: Uint8Array): Pointer => ({ kind: PointerKind.Leaf, hash });
export const nodePointer = (hash: Uint8Array): Pointer => ({ kind: PointerKind.Node, hash });

export function trieLeaf(key: Uint8Array, value: Uint8Array): TrieLeaf {
  return { tag: TrieTag.Leaf, key, value };
}

/** `Trie::node(&[(index, pointer)])`: later entries for the same index replace earlier ones. */
export function trieNode(indexed: readonly (readonly [number, Pointer])[]): TrieBranch {
  const pointers: (Pointer | undefined)[] = new Array(RADIX).fill(undefined);
  for (const [i, p] of indexed) pointers[i] = p;
  return { tag: TrieTag.Node, pointers };
}

export function trieExtension(affix: Uint8Array, pointer: Pointer): TrieExtension {
  return { tag: TrieTag.Extension, affix, pointer };
}

/** `PointerBlock::as_indexed_pointers`: the occupied slots in index order. */
export function indexedPointers(node: TrieBranch): [number, Pointer][] {
  const out: [number, Pointer][] = [];
  for (let i = 0; i < RADIX; i++) {
    const p = node.pointers[i];
    if (p) out.push([i, p]);
  }
  return out;
}

export function encodeLeaf(key: Uint8Array, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.length + value.length);
  out[0] = TrieTag.Leaf;
  out.set(key, 1);
  out.set(value, 1 + key.length);
  return out;
}

export function encodeBranch(pointers: readonly (Pointer | undefined)[]): Uint8Array {
  let children = 0;
  for (let i = 0; i < RADIX; i++) if (pointers[i]) children++;
  const out = new Uint8Array(1 + RADIX + children * (1 + DIGEST_LENGTH));
  out[0] = TrieTag.Node;
  let at = 1;
  for (let i = 0; i < RADIX; i++) {
    const p = pointers[i];
    if (!p) {
      out[at++] = 0; // None
      continue;
    }
    out[at++] = 1; // Some
    out[at++] = p.kind;
    out.set(p.hash, at);
    at += DIGEST_LENGTH;
  }
  return out;
}

export function encodeExtension(affix: Uint8Array, pointer: Pointer): Uint8Array {
  const out = new Uint8Array(1 + 4 + affix.length + 1 + DIGEST_LENGTH);
  out[0] = TrieTag.Extension;
  new DataView(out.buffer).setUint32(1, affix.length, true);
  out.set(affix, 5);
  out[5 + affix.length] = pointer.kind;
  out.set(pointer.hash, 6 + affix.length);
  return out;
}

export function encodeTrie(node: TrieNode): Uint8Array {
  switch (node.tag) {
    case TrieTag.Leaf: return encodeLeaf(node.key, node.value);
    case TrieTag.Node: return encodeBranch(node.pointers);
    case TrieTag.Extension: return encodeExtension(node.affix, node.pointer);
  }
}

/** `Trie::trie_hash` */
export function trieHash(node: TrieNode): Uint8Array {
  return hashIntoChunksIfNecessary(encodeTrie(node));
}

/** `Trie::from_bytes` over the whole of `bytes` (a stored node: nothing may be left over). */
export function decodeTrie(bytes: Uint8Array, keyLength: KeyLength): TrieNode {
  if (bytes.length === 0) throw new BytesreprError("EarlyEndOfStream", "Trie tag", "need 1 byte(s), 0 left");
  const tag = bytes[0];
  let at = 1;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw new BytesreprError("EarlyEndOfStream", what, `need ${n} byte(s), ${bytes.length - at} left`);
  };
  const pointer = (what: string): Pointer => {
    need(1 + DIGEST_LENGTH, what);
    const kind = bytes[at];
    if (kind !== PointerKind.Leaf && kind !== PointerKind.Node) throw new BytesreprError("Formatting", what, `unknown Pointer tag ${kind}`);
    const hash = bytes.subarray(at + 1, at + 1 + DIGEST_LENGTH);
    at += 1 + DIGEST_LENGTH;
    return { kind, hash };
  };
  let node: TrieNode;
  switch (tag) {
    case TrieTag.Leaf: {
      const keyLen = keyLength(bytes, 1);
      need(keyLen, "Trie::Leaf key");
      node = trieLeaf(bytes.subarray(1, 1 + keyLen), bytes.subarray(1 + keyLen));
      at = bytes.length;
      break;
    }
    case TrieTag.Node: {
      const pointers: (Pointer | undefined)[] = new Array(RADIX);
      for (let i = 0; i < RADIX; i++) {
        need(1, "PointerBlock slot");
        const some = bytes[at++];
        if (some === 0) pointers[i] = undefined;
        else if (some === 1) pointers[i] = pointer(`PointerBlock[${i}]`);
        else throw new BytesreprError("Formatting", `PointerBlock[${i}]`, `Option tag must be 0 or 1, got ${some}`);
      }
      node = { tag: TrieTag.Node, pointers };
      break;
    }
    case TrieTag.Extension: {
      need(4, "Trie::Extension affix length");
      const len = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
      at += 4;
      need(len, "Trie::Extension affix");
      const affix = bytes.subarray(at, at + len);
      at += len;
      node = trieExtension(affix, pointer("Trie::Extension pointer"));
      break;
    }
    default:
      throw new BytesreprError("Formatting", "Trie", `unknown Trie tag ${tag}`);
  }
  if (at !== bytes.length) throw new BytesreprError("LeftOverBytes", "Trie", `${bytes.length - at} byte(s) left over`);
  return node;
}
