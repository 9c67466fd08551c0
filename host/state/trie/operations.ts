// The trie operations of casper-node, over stored nodes addressed by a root digest
// (storage/src/global_state/trie_store/operations/mod.rs, casper-node 2.0; the same algorithms as
// 1.5.8's execution_engine/src/storage/trie_store/operations/mod.rs): read, read_with_proof,
// scan_raw, write (one key: new nodes up the path, then a new root), prune (2.0 deletes keys,
// collapsing the nodes the key leaves with one child), keys_with_prefix. Each is a port that keeps
// the source's cases in its order; where the source panics on a trie that breaks its invariants,
// these throw a TrieError with the source's words. Keys and values are their bytes.

import { bytesEqual } from "../../bytesrepr/hex.ts";
import type { TrieMerkleProof, TrieMerkleProofStep } from "./merkle-proof.ts";
import type { TrieNodes } from "./trie-nodes.ts";
import {
  encodeTrie, indexedPointers, leafPointer, nodePointer, type Pointer, PointerKind, RADIX, type TrieBranch, type TrieExtension,
  trieExtension, trieHash, type TrieLeaf, trieLeaf, type TrieNode, trieNode, TrieTag,
} from "./trie-node.ts";
import { hashIntoChunksIfNecessary } from "./digest.ts";

/** A broken trie (a pointer to a missing node, a leaf where a node must be): the source panics. */
export class TrieError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrieError";
  }
}

export type ReadResult<T> =
  | { readonly status: "Found"; readonly value: T }
  | { readonly status: "NotFound" }
  | { readonly status: "RootNotFound" };

const NOT_FOUND = { status: "NotFound" } as const;
const ROOT_NOT_FOUND = { status: "RootNotFound" } as const;

/** `read`: the value under `key` in the trie rooted at `root`. */
export function read(nodes: TrieNodes, root: Uint8Array, key: Uint8Array): ReadResult<Uint8Array> {
  const found = readPath(nodes, root, key, undefined);
  return found.status === "Found" ? { status: "Found", value: found.value.value } : found;
}

/** `read_with_proof`: the value under `key` with the proof that it is in the trie rooted at `root`. */
export function readWithProof(nodes: TrieNodes, root: Uint8Array, key: Uint8Array): ReadResult<TrieMerkleProof> {
  const steps: TrieMerkleProofStep[] = [];
  const found = readPath(nodes, root, key, steps);
  if (found.status !== "Found") return found;
  return { status: "Found", value: { key: found.value.key, value: found.value.value, steps: steps.reverse() } };
}

/** The walk `read` and `read_with_proof` share; steps (if asked for) are collected root first. */
function readPath(nodes: TrieNodes, root: Uint8Array, path: Uint8Array, steps: TrieMerkleProofStep[] | undefined): ReadResult<TrieLeaf> {
  let current = nodes.get(root);
  if (!current) return ROOT_NOT_FOUND;
  let depth = 0;
  for (;;) {
    switch (current.tag) {
      case TrieTag.Leaf:
        // keys may differ where a node points straight to a leaf (a compressed path)
        return bytesEqual(current.key, path) ? { status: "Found", value: current } : NOT_FOUND;
      case TrieTag.Node: {
        // the source asserts depth < path length; a key shorter than the trie's paths is simply absent
        if (depth >= path.length) return NOT_FOUND;
        const hole = path[depth];
        const pointer = current.pointers[hole];
        if (!pointer) return NOT_FOUND;
        const next = nodes.get(pointer.hash);
        if (!next) return NOT_FOUND; // the source warns "No trie value at key"
        steps?.push({ kind: "Node", holeIndex: hole, indexedPointersWithHole: indexedPointers(current).filter(([i]) => i !== hole) });
        depth += 1;
        current = next;
        break;
      }
      case TrieTag.Extension: {
        const affix = current.affix;
        if (!bytesEqual(path.subarray(depth, depth + affix.length), affix)) return NOT_FOUND;
        const next = nodes.get(current.pointer.hash);
        if (!next) return NOT_FOUND;
        steps?.push({ kind: "Extension", affix });
        depth += affix.length;
        current = next;
        break;
      }
    }
  }
}

/** (index of the child taken, the node or extension it was taken from), root first. */
export type Parents = [number, TrieBranch | TrieExtension][];

export interface TrieScan {
  /** the deepest node reached along the path */
  readonly tip: TrieNode;
  readonly parents: Parents;
}

/** `scan_raw`: follows `path` from `root` as far as it goes. */
export function scan(nodes: TrieNodes, root: TrieNode, path: Uint8Array): TrieScan {
  let current = root;
  let depth = 0;
  const parents: Parents = [];
  for (;;) {
    switch (current.tag) {
      case TrieTag.Leaf:
        return { tip: current, parents };
      case TrieTag.Node: {
        if (depth >= path.length) throw new TrieError(`depth must be < ${path.length}`);
        const index = path[depth];
        const pointer = current.pointers[index];
        if (!pointer) return { tip: current, parents };
        const next = nodes.get(pointer.hash);
        if (!next) throw new TrieError(`No trie value at key: ${hex(pointer.hash)} (reading from path: ${Array.from(path)})`);
        depth += 1;
        parents.push([index, current]);
        current = next;
        break;
      }
      case TrieTag.Extension: {
        const affix = current.affix;
        // a key shorter than the stored ones, or one that leaves the affix: the extension is split
        if (path.length < depth + affix.length || !bytesEqual(path.subarray(depth, depth + affix.length), affix)) {
          return { tip: current, parents };
        }
        const next = nodes.get(current.pointer.hash);
        if (!next) throw new TrieError(`No trie value at key: ${hex(current.pointer.hash)} (reading from path: ${Array.from(path)})`);
        parents.push([path[depth], current]);
        depth += affix.length;
        current = next;
        break;
      }
    }
  }
}

export type WriteResult =
  | { readonly status: "Written"; readonly root: Uint8Array }
  | { readonly status: "AlreadyExists" }
  | { readonly status: "RootNotFound" };

type Hashed = [hash: Uint8Array, node: TrieNode];

/** `write`: puts (key, value) under `root` and returns the new root (the old root stays readable). */
export function write(nodes: TrieNodes, root: Uint8Array, key: Uint8Array, value: Uint8Array): WriteResult {
  const rootNode = nodes.get(root);
  if (!rootNode) return ROOT_NOT_FOUND;
  const newLeaf = trieLeaf(key, value);
  const path = key;
  const { tip, parents } = scan(nodes, rootNode, path);
  let newElements: Hashed[];
  switch (tip.tag) {
    case TrieTag.Leaf:
      if (!bytesEqual(tip.key, key)) {
        // a new leaf sharing a prefix with an existing one: a node (and maybe an extension) for both
        const reparented = reparentLeaf(path, tip.key, parents);
        newElements = rehash(newLeaf, addNodeToParents(path, reparented.node, reparented.parents));
      } else if (!bytesEqual(tip.value, value)) {
        newElements = rehash(newLeaf, parents);
      } else {
        newElements = []; // the same key and value are already there
      }
      break;
    case TrieTag.Node:
      newElements = rehash(newLeaf, addNodeToParents(path, tip, parents));
      break;
    case TrieTag.Extension: {
      const split = splitExtension(path, tip, parents);
      const withNode = addNodeToParents(path, split.node, split.parents);
      newElements = split.childExtension ? [split.childExtension, ...rehash(newLeaf, withNode)] : rehash(newLeaf, withNode);
      break;
    }
  }
  if (newElements.length === 0) return { status: "AlreadyExists" };
  nodes.put(newElements.map(([hash, node]) => [hash, encodeTrie(node)] as const));
  return { status: "Written", root: newElements[newElements.length - 1][0] };
}

/** `rehash`: the tip and each parent up to the root, re-pointed at the new hash below it. */
function rehash(tip: TrieNode, parents: Parents): Hashed[] {
  let tipHash = trieHash(tip);
  const out: Hashed[] = [[tipHash, tip]];
  for (let i = parents.length - 1; i >= 0; i--) {
    const [index, parent] = parents[i];
    if (parent.tag === TrieTag.Node) {
      const pointers = parent.pointers.slice();
      pointers[index] = tip.tag === TrieTag.Leaf ? leafPointer(tipHash) : nodePointer(tipHash);
      tip = { tag: TrieTag.Node, pointers };
    } else {
      tip = trieExtension(parent.affix, { kind: parent.pointer.kind, hash: tipHash }); // Pointer::update
    }
    tipHash = trieHash(tip);
    out.push([tipHash, tip]);
  }
  return out;
}

function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** `get_parents_path`: the path bytes the parents consume (an extension its affix, a node one index). */
function parentsPath(parents: Parents): number[] {
  const out: number[] = [];
  for (const [index, element] of parents) {
    if (element.tag === TrieTag.Extension) for (const b of element.affix) out.push(b);
    else out.push(index);
  }
  return out;
}

/** `add_node_to_parents`: the new parent node joins the parents at the index the leaf's path takes. */
function addNodeToParents(pathToLeaf: Uint8Array, node: TrieNode, parents: Parents): Parents {
  if (node.tag !== TrieTag.Node) throw new TrieError("new_parent must be a node");
  const pathToNode = parentsPath(parents);
  for (let i = 0; i < pathToNode.length; i++) {
    if (pathToLeaf[i] !== pathToNode[i]) throw new TrieError("the path to the new parent node is not a prefix of the path to the leaf");
  }
  const depth = pathToNode.length;
  if (depth >= pathToLeaf.length) throw new TrieError(`depth must be < ${pathToLeaf.length}: a key may not be a prefix of another key`);
  return [...parents, [pathToLeaf[depth], node]];
}

/** `reparent_leaf`: a new node holding the existing leaf, below an extension for their shared bytes. */
function reparentLeaf(newLeafPath: Uint8Array, existingLeafPath: Uint8Array, parents: Parents): { node: TrieBranch; parents: Parents } {
  const out = parents.slice();
  const last = out.pop();
  if (!last) throw new TrieError("parents should not be empty");
  const [childIndex, parent] = last;
  if (parent.tag !== TrieTag.Node) throw new TrieError("A leaf should have a node for its parent");
  const shared = commonPrefixLength(newLeafPath, existingLeafPath);
  if (shared === newLeafPath.length || shared === existingLeafPath.length) throw new TrieError("a key may not be a prefix of another key");
  const existing = parent.pointers[childIndex];
  if (!existing) throw new TrieError("parent has lost the existing leaf");
  const node = trieNode([[existingLeafPath[shared], existing]]);
  out.push([childIndex, parent]);
  const affix = newLeafPath.slice(parentsPath(out).length, shared);
  if (affix.length > 0) out.push([childIndex, trieExtension(affix, nodePointer(trieHash(node)))]);
  return { node, parents: out };
}

/** `split_extension`: a new node where the new path leaves the affix, with extensions around it as needed. */
function splitExtension(
  newLeafPath: Uint8Array,
  extension: TrieExtension,
  parents: Parents,
): { node: TrieBranch; parents: Parents; childExtension: Hashed | undefined } {
  const out = parents.slice();
  const before = parentsPath(out);
  const existingPath = Uint8Array.from([...before, ...extension.affix]);
  const shared = commonPrefixLength(newLeafPath, existingPath);
  const parentAffix = existingPath.slice(before.length, shared);
  const childAffix = extension.affix.slice(parentAffix.length + 1);
  let childExtension: Hashed | undefined;
  if (childAffix.length > 0) {
    const child = trieExtension(childAffix, extension.pointer);
    childExtension = [trieHash(child), child];
  }
  const node = trieNode([[existingPath[shared], childExtension ? nodePointer(childExtension[0]) : extension.pointer]]);
  if (parentAffix.length > 0) out.push([parentAffix[0], trieExtension(parentAffix, nodePointer(trieHash(node)))]);
  return { node, parents: out, childExtension };
}

export type PruneResult =
  | { readonly status: "Pruned"; readonly root: Uint8Array }
  | { readonly status: "MissingKey" }
  | { readonly status: "RootNotFound" };

function childCount(node: TrieBranch): number {
  let n = 0;
  for (let i = 0; i < RADIX; i++) if (node.pointers[i]) n++;
  return n;
}

function withSlot(node: TrieBranch, index: number, pointer: Pointer | undefined): TrieBranch {
  const pointers = node.pointers.slice();
  pointers[index] = pointer;
  return { tag: TrieTag.Node, pointers };
}

function hashed(node: TrieNode): Hashed {
  return [trieHash(node), node];
}

/** `prune`: removes `key` so it is not reachable from the returned root (the old root stays readable). */
export function prune(nodes: TrieNodes, root: Uint8Array, key: Uint8Array): PruneResult {
  const rootNode = nodes.get(root);
  if (!rootNode) return ROOT_NOT_FOUND;
  const { tip, parents } = scan(nodes, rootNode, key);
  if (tip.tag !== TrieTag.Leaf || !bytesEqual(tip.key, key)) return { status: "MissingKey" };

  const newElements: Hashed[] = [];
  let entry: Parents[number] | undefined;
  while ((entry = parents.pop())) {
    const [idx, parent] = entry;
    const last = newElements[newElements.length - 1];
    if (!last && parent.tag === TrieTag.Extension) throw new TrieError("Extension node should never end in leaf");
    if (last && last[1].tag === TrieTag.Leaf) throw new TrieError("New elements should never contain a leaf");
    if (!last && parent.tag === TrieTag.Node) {
      if (childCount(parent) > 2) {
        // the pruned leaf had several siblings
        newElements.push(hashed(withSlot(parent, idx, undefined)));
        continue;
      }
      const sibling = indexedPointers(parent).find(([j]) => j !== idx);
      if (!sibling) {
        // no sibling: only the root may hold a single leaf, and it becomes the empty node
        newElements.push(hashed(trieNode([])));
        break;
      }
      const [siblingIdx, siblingPointer] = sibling;
      const grandparent = parents.pop();
      if (!grandparent) {
        // the parent is the root: it keeps its other child, whatever it is
        newElements.push(hashed(withSlot(parent, idx, undefined)));
        break;
      }
      const [gIdx, gNode] = grandparent;
      if (siblingPointer.kind === PointerKind.Leaf && gNode.tag === TrieTag.Node) {
        // the single leaf sibling moves up into the grandparent
        newElements.push(hashed(withSlot(gNode, gIdx, siblingPointer)));
      } else if (siblingPointer.kind === PointerKind.Leaf) {
        // the grandparent is an extension: the leaf takes its place in the great-grandparent
        const greatGrandparent = parents.pop();
        if (!greatGrandparent) throw new TrieError("Root node cannot be an extension node");
        const [ggIdx, ggNode] = greatGrandparent;
        if (ggNode.tag === TrieTag.Extension) throw new TrieError("Extension cannot extend to an extension");
        newElements.push(hashed(withSlot(ggNode, ggIdx, siblingPointer)));
      } else {
        // the single sibling is a node or an extension: the parent becomes an extension to it
        parents.push(grandparent);
        const siblingTrie = nodes.get(siblingPointer.hash);
        if (!siblingTrie) throw new TrieError("should have sibling");
        if (siblingTrie.tag === TrieTag.Leaf) throw new TrieError("Node pointer should not point to leaf");
        if (siblingTrie.tag === TrieTag.Node) {
          newElements.push(hashed(trieExtension(Uint8Array.of(siblingIdx), siblingPointer)));
        } else {
          newElements.push(hashed(trieExtension(Uint8Array.from([siblingIdx, ...siblingTrie.affix]), siblingTrie.pointer)));
        }
      }
    } else if (parent.tag === TrieTag.Node) {
      // a node or extension propagates up: reseat it in the parent
      newElements.push(hashed(withSlot(parent, idx, nodePointer(last![0]))));
    } else if (last![1].tag === TrieTag.Extension) {
      // an extension under an extension: one extension with both affixes (the only in-place change)
      const merged = trieExtension(Uint8Array.from([...parent.affix, ...last![1].affix]), last![1].pointer);
      newElements[newElements.length - 1] = hashed(merged);
    } else {
      // a node under an extension: the extension now points to it
      newElements.push(hashed(trieExtension(parent.affix, nodePointer(last![0]))));
    }
  }
  nodes.put(newElements.map(([hash, node]) => [hash, encodeTrie(node)] as const));
  const newRoot = newElements.length ? newElements[newElements.length - 1][0] : root;
  return { status: "Pruned", root: newRoot };
}

interface Visited {
  trie: TrieNode;
  maybeIndex: number | undefined;
  path: number[];
}

/**
 * `keys_with_prefix`: the keys of the trie rooted at `root` whose bytes start with `prefix`, in
 * key order. Nothing when the root is unknown.
 */
export function* keysWithPrefix(nodes: TrieNodes, root: Uint8Array, prefix: Uint8Array): Generator<Uint8Array> {
  const rootNode = nodes.get(root);
  if (!rootNode) return;
  const initialDescend = Array.from(prefix);
  const visited: Visited[] = [{ trie: rootNode, maybeIndex: undefined, path: [] }];
  const load = (pointer: Pointer): TrieNode => {
    const next = nodes.get(pointer.hash);
    if (!next) throw new TrieError("Trie at the pointer is expected to exist");
    return next;
  };
  let item: Visited | undefined;
  while ((item = visited.pop())) {
    const { trie, maybeIndex } = item;
    let path = item.path;
    let next: TrieNode | undefined;
    switch (trie.tag) {
      case TrieTag.Leaf: {
        // the source matches against the leaf's bytes after its tag: the key, then the value
        const keyBytes = trie.key.length >= path.length + initialDescend.length ? trie.key : Uint8Array.from([...trie.key, ...trie.value]);
        if (!startsWith(keyBytes, path)) throw new TrieError("Expected key bytes to start with the current path");
        path = [...path, ...initialDescend];
        if (startsWith(keyBytes, path)) yield trie.key;
        break;
      }
      case TrieTag.Node: {
        let index = initialDescend.length ? initialDescend[0] : (maybeIndex ?? 0);
        while (index < RADIX) {
          const pointer = trie.pointers[index];
          if (pointer) {
            next = load(pointer);
            if (initialDescend.shift() === undefined) visited.push({ trie, maybeIndex: index + 1, path: path.slice() });
            path = [...path, index];
            break;
          }
          // while descending along the prefix, a missing child means no key has it
          if (initialDescend.length) break;
          index += 1;
        }
        break;
      }
      case TrieTag.Extension: {
        const checkPrefix = initialDescend.splice(0, Math.min(initialDescend.length, trie.affix.length));
        if (startsWith(trie.affix, checkPrefix)) {
          next = load(trie.pointer);
          if (next.tag !== TrieTag.Node) throw new TrieError(`Expected a LazilyDeserializedTrie::Node but received ${next.tag === TrieTag.Leaf ? "a leaf" : "an extension"}`);
          path = [...path, ...trie.affix];
        }
        break;
      }
    }
    if (next) visited.push({ trie: next, maybeIndex: undefined, path });
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[] | Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** `create_hashed_empty_trie`: the empty trie is a node with no children; its hash is the empty root. */
export function emptyTrie(): { root: Uint8Array; bytes: Uint8Array } {
  const bytes = encodeTrie(trieNode([]));
  return { root: hashIntoChunksIfNecessary(bytes), bytes };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}
