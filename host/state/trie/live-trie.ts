// A trie being written: batches of writes and deletes applied in memory, hashed and stored only when
// a root is asked for (casper-node's TrieCache, trie_store/cache/mod.rs, used by batch_write; deletes
// collapse nodes as `prune` does). Children are either nodes in memory or pointers to stored nodes,
// loaded when a write passes through them.
//
// Persistent: a node reachable from a frozen root is never changed, a write copies the path to it
// (`freeze` makes a snapshot of the whole trie in O(1)). Nodes created since the last freeze belong
// to the trie's current epoch and are changed in place, so a batch of writes costs about one map
// update per key. The result is the same trie casper-node builds, whatever the order of the writes:
// the root is a node; below it every node has two or more children, single-child paths are
// extensions, and a leaf sits at the first byte where its key differs from all others.
//
// For a node whose state lives on disk, two more things: `liveDepth` bounds what stays in memory
// (after a commit, nodes below that depth are dropped for their stored pointers, so memory does not
// grow with the state), and every commit tells which stored nodes the new root no longer uses
// (`retired`: the nodes its writes replaced), so a store can free the nodes of the roots it no
// longer keeps. Reads and prefix scans walk stored nodes as decoded, without copying them.

import { bytesEqual } from "../../bytesrepr/hex.ts";
import { DIGEST_LENGTH, hashIntoChunksIfNecessary } from "./digest.ts";
import { TrieError } from "./operations.ts";
import { storedBytesOf, type TrieNodes } from "./trie-nodes.ts";
import { encodeExtension, encodeLeaf, type Pointer, PointerKind, RADIX, type TrieNode, TrieTag } from "./trie-node.ts";

interface LiveBase {
  /** digest of the node's bytes, once computed (cleared when the node changes in place) */
  hash: Uint8Array | undefined;
  /** the epoch that may change this node in place */
  readonly epoch: number;
}
interface LiveLeaf extends LiveBase {
  readonly t: typeof TrieTag.Leaf;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}
interface LiveBranch extends LiveBase {
  readonly t: typeof TrieTag.Node;
  readonly children: (Child | undefined)[];
  /** the bytes last hashed, and the slots changed since (same occupancy): patched, not rewritten */
  bytes: Uint8Array | undefined;
  changed: number[] | undefined;
}
interface LiveExtension extends LiveBase {
  readonly t: typeof TrieTag.Extension;
  readonly affix: Uint8Array;
  child: Child;
}
/** A node still in the store: its pointer. */
interface StoredChild {
  readonly t: "stored";
  readonly pointer: Pointer;
}
type LiveNode = LiveLeaf | LiveBranch | LiveExtension;
export type Child = LiveNode | StoredChild;

/** Epochs are unique across tries: a snapshot restored into another trie is frozen there too. */
let nextEpoch = 1;
/** the epoch of nodes decoded from the store: never changed in place */
const STORED_EPOCH = 0;

export interface LiveTrieOptions {
  /**
   * Nodes at this depth or deeper are dropped from memory once committed (their stored pointers stay);
   * default: every node stays (the engine's in-memory state).
   */
  liveDepth?: number;
}

export class LiveTrie {
  private epoch = nextEpoch++;
  private readonly liveDepth: number;
  /** digests of committed nodes that writes since the last commit replaced (no longer in the trie) */
  private retired: Uint8Array[] = [];

  constructor(
    private readonly nodes: TrieNodes,
    private rootNode: Child,
    options: LiveTrieOptions = {},
  ) {
    this.liveDepth = options.liveDepth ?? Infinity;
  }

  /** The trie whose root is `root` in the store (it must be there). */
  static at(nodes: TrieNodes, root: Uint8Array, options?: LiveTrieOptions): LiveTrie {
    if (!nodes.get(root)) throw new TrieError(`no trie node under root ${Buffer.from(root).toString("hex")}`);
    return new LiveTrie(nodes, { t: "stored", pointer: { kind: PointerKind.Node, hash: root } }, options);
  }

  /** An empty trie: a root node with no children. */
  static empty(nodes: TrieNodes, options?: LiveTrieOptions): LiveTrie {
    return new LiveTrie(nodes, { t: TrieTag.Node, children: new Array(RADIX).fill(undefined), hash: undefined, epoch: STORED_EPOCH, bytes: undefined, changed: undefined }, options);
  }

  /** The root as it is now, unchanged by later writes (the trie freezes it). O(1). */
  snapshot(): Child {
    this.epoch = nextEpoch++;
    return this.rootNode;
  }

  /** Goes back to a root returned by `snapshot`. O(1). */
  restore(root: Child): void {
    this.epoch = nextEpoch++;
    this.rootNode = root;
    this.retired = [];
  }

  /** The value bytes under `key`, or undefined. */
  get(key: Uint8Array): Uint8Array | undefined {
    let child: Child | undefined = this.rootNode;
    let depth = 0;
    while (child) {
      if (child.t === "stored") return this.getStored(child.pointer.hash, key, depth);
      const node: LiveNode = child;
      if (node.t === TrieTag.Leaf) return bytesEqual(node.key, key) ? node.value : undefined;
      if (node.t === TrieTag.Node) {
        if (depth >= key.length) return undefined;
        child = node.children[key[depth]];
        depth += 1;
      } else {
        if (!bytesEqual(key.subarray(depth, depth + node.affix.length), node.affix)) return undefined;
        child = node.child;
        depth += node.affix.length;
      }
    }
    return undefined;
  }

  /** The rest of `get` below a stored node: the decoded nodes are read as they are. */
  private getStored(hash: Uint8Array, key: Uint8Array, depth: number): Uint8Array | undefined {
    for (;;) {
      const node = this.stored(hash);
      if (node.tag === TrieTag.Leaf) return bytesEqual(node.key, key) ? node.value : undefined;
      let pointer: Pointer | undefined;
      if (node.tag === TrieTag.Node) {
        if (depth >= key.length) return undefined;
        pointer = node.pointers[key[depth]];
        depth += 1;
      } else {
        if (!bytesEqual(key.subarray(depth, depth + node.affix.length), node.affix)) return undefined;
        pointer = node.pointer;
        depth += node.affix.length;
      }
      if (!pointer) return undefined;
      hash = pointer.hash;
    }
  }

  /** The keys starting with `prefix`, in key order (operations `keys_with_prefix`, on this trie). */
  keysWithPrefix(prefix: Uint8Array): Uint8Array[] {
    return this.leavesWithPrefix(prefix).map(([key]) => key);
  }

  /** The (key, value) pairs whose key starts with `prefix`, in key order. */
  leavesWithPrefix(prefix: Uint8Array): [key: Uint8Array, value: Uint8Array][] {
    const out: [Uint8Array, Uint8Array][] = [];
    // a node, live or stored, seen through the same three shapes
    const visit = (child: Child, depth: number): void => {
      let leaf: { key: Uint8Array; value: Uint8Array } | undefined;
      let affix: Uint8Array | undefined;
      let below: Child | undefined;
      let slots: readonly (Child | Pointer | undefined)[] | undefined;
      if (child.t === "stored") {
        const node = this.stored(child.pointer.hash);
        if (node.tag === TrieTag.Leaf) leaf = node;
        else if (node.tag === TrieTag.Extension) [affix, below] = [node.affix, { t: "stored", pointer: node.pointer }];
        else slots = node.pointers;
      } else if (child.t === TrieTag.Leaf) leaf = child;
      else if (child.t === TrieTag.Extension) [affix, below] = [child.affix, child.child];
      else slots = child.children;
      if (leaf) {
        if (startsWith(leaf.key, prefix)) out.push([leaf.key, leaf.value]);
        return;
      }
      if (affix) {
        // below the prefix every key shares the affix; within it, the affix must agree with it
        const n = Math.min(affix.length, Math.max(0, prefix.length - depth));
        for (let i = 0; i < n; i++) if (affix[i] !== prefix[depth + i]) return;
        visit(below!, depth + affix.length);
        return;
      }
      const asChild = (slot: Child | Pointer): Child => ("hash" in slot && !("t" in slot) ? { t: "stored", pointer: slot } : (slot as Child));
      if (depth < prefix.length) {
        const slot = slots![prefix[depth]];
        if (slot) visit(asChild(slot), depth + 1);
        return;
      }
      for (const slot of slots!) if (slot) visit(asChild(slot), depth + 1);
    };
    visit(this.rootNode, 0);
    return out;
  }

  /** The decoded node under `hash`; a missing one is a broken trie. */
  private stored(hash: Uint8Array): TrieNode {
    const node = this.nodes.get(hash);
    if (!node) throw new TrieError(`Trie at the pointer is expected to exist: ${Buffer.from(hash).toString("hex")}`);
    return node;
  }

  /** Puts (key, value). Keys must be prefix-free (bytesrepr keys are). */
  write(key: Uint8Array, value: Uint8Array): void {
    const next = this.insert(this.rootNode, key, value, 0);
    if (next) this.rootNode = next;
  }

  /** Removes `key`; false when it was not there. */
  delete(key: Uint8Array): boolean {
    const root = this.load(this.rootNode);
    if (root.t !== TrieTag.Node) throw new TrieError("the root of a trie must be a node");
    const next = this.removeFromBranch(root, key, 0, true);
    if (next === MISSING) return false;
    this.rootNode = next as LiveNode;
    return true;
  }

  /**
   * Hashes what changed, puts the new nodes in the store in one batch, and returns the root digest
   * (casper-node's `store_cache`).
   */
  commit(): Uint8Array {
    const batch: [Uint8Array, Uint8Array][] = [];
    const root = this.hashOf(this.rootNode, batch, 0);
    const retired = this.retired;
    this.retired = [];
    this.nodes.put(batch, retired);
    return root;
  }

  /** Notes that the committed node `node` is no longer part of the trie (a write replaced it). */
  private retire(node: LiveNode | TrieNode): void {
    const hash = "t" in node ? node.hash : undefined;
    if (hash) this.retired.push(hash);
  }

  private load(child: Child): LiveNode {
    if (child.t !== "stored") return child;
    const node = this.nodes.get(child.pointer.hash);
    if (!node) throw new TrieError(`Trie at the pointer is expected to exist: ${Buffer.from(child.pointer.hash).toString("hex")}`);
    return fromStored(node, child.pointer.hash);
  }

  /** `node` itself when this epoch may change it, else a copy that it may. */
  private own<T extends LiveNode>(node: T): T {
    this.retire(node);
    if (node.epoch === this.epoch) {
      node.hash = undefined;
      return node;
    }
    if (node.t === TrieTag.Node) {
      const copy: LiveBranch = { t: TrieTag.Node, children: node.children.slice(), hash: undefined, epoch: this.epoch, bytes: node.bytes, changed: node.changed?.slice() };
      return copy as T;
    }
    if (node.t === TrieTag.Extension) return { t: TrieTag.Extension, affix: node.affix, child: node.child, hash: undefined, epoch: this.epoch } as T;
    return node; // leaves are never changed in place
  }

  private leaf(key: Uint8Array, value: Uint8Array): LiveLeaf {
    return { t: TrieTag.Leaf, key, value, hash: undefined, epoch: this.epoch };
  }

  private branch(): LiveBranch {
    return { t: TrieTag.Node, children: new Array(RADIX).fill(undefined), hash: undefined, epoch: this.epoch, bytes: undefined, changed: undefined };
  }

  /** Sets a slot of an owned branch, noting what its cached bytes need. */
  private setChild(node: LiveBranch, index: number, child: Child | undefined): void {
    if (node.bytes && (node.children[index] === undefined) === (child === undefined)) (node.changed ??= []).push(index);
    else {
      // a slot filled or emptied moves every slot after it: write the bytes anew
      node.bytes = undefined;
      node.changed = undefined;
    }
    node.children[index] = child;
  }

  private extension(affix: Uint8Array, child: Child): LiveExtension {
    return { t: TrieTag.Extension, affix, child, hash: undefined, epoch: this.epoch };
  }

  /** The node replacing `child` once (key, value) is in it; undefined when nothing changes. */
  private insert(child: Child | undefined, key: Uint8Array, value: Uint8Array, depth: number): LiveNode | undefined {
    if (!child) return this.leaf(key, value);
    const node = this.load(child);
    switch (node.t) {
      case TrieTag.Leaf: {
        if (bytesEqual(node.key, key)) {
          if (bytesEqual(node.value, value)) return undefined;
          this.retire(node);
          return this.leaf(key, value);
        }
        // two leaves sharing key[..shared]: a node at the first differing byte, under an extension
        // for the shared bytes below this depth (operations `reparent_leaf`)
        const shared = commonPrefixLength(node.key, key);
        if (shared === key.length || shared === node.key.length) throw new TrieError("a key may not be a prefix of another key");
        const split = this.branch();
        split.children[node.key[shared]] = child.t === "stored" ? child : node;
        split.children[key[shared]] = this.leaf(key, value);
        return shared > depth ? this.extension(key.slice(depth, shared), split) : split;
      }
      case TrieTag.Node: {
        if (depth >= key.length) throw new TrieError("a key may not be a prefix of another key");
        const index = key[depth];
        const next = this.insert(node.children[index], key, value, depth + 1);
        if (!next) return undefined;
        const owned = this.own(node);
        this.setChild(owned, index, next);
        return owned;
      }
      case TrieTag.Extension: {
        const affix = node.affix;
        const shared = commonPrefixLength(affix, key.subarray(depth));
        if (shared === affix.length) {
          const next = this.insert(node.child, key, value, depth + affix.length);
          if (!next) return undefined;
          const owned = this.own(node);
          owned.child = next;
          return owned;
        }
        // the key leaves the affix at `shared`: a node there, extensions above and below it as needed
        // (operations `split_extension`)
        if (depth + shared >= key.length) throw new TrieError("a key may not be a prefix of another key");
        this.retire(node);
        const split = this.branch();
        split.children[key[depth + shared]] = this.leaf(key, value);
        const below = affix.subarray(shared + 1);
        split.children[affix[shared]] = below.length ? this.extension(below, node.child) : node.child;
        return shared > 0 ? this.extension(affix.subarray(0, shared), split) : split;
      }
    }
  }

  /**
   * `key` removed from below `node` (a branch at `depth`): what replaces the branch, or MISSING.
   * A branch left with one child gives way as `prune` does: to that child if it is a leaf, else to
   * an extension ending at it. Only the root stays a node with fewer than two children.
   */
  private removeFromBranch(node: LiveBranch, key: Uint8Array, depth: number, isRoot: boolean): Child | typeof MISSING {
    if (depth >= key.length) return MISSING;
    const index = key[depth];
    const child = node.children[index];
    if (!child) return MISSING;
    const below = this.load(child);
    let replacement: Child | undefined;
    if (below.t === TrieTag.Leaf) {
      if (!bytesEqual(below.key, key)) return MISSING;
      this.retire(below);
      replacement = undefined;
    } else {
      const r = below.t === TrieTag.Node ? this.removeFromBranch(below, key, depth + 1, false) : this.removeFromExtension(below, key, depth + 1);
      if (r === MISSING) return MISSING;
      replacement = r;
    }
    const owned = this.own(node);
    this.setChild(owned, index, replacement);
    return isRoot ? owned : this.collapse(owned);
  }

  private removeFromExtension(node: LiveExtension, key: Uint8Array, depth: number): Child | typeof MISSING {
    const affix = node.affix;
    if (!bytesEqual(key.subarray(depth, depth + affix.length), affix)) return MISSING;
    const below = this.load(node.child);
    if (below.t !== TrieTag.Node) throw new TrieError("an extension must point to a node");
    const r = this.removeFromBranch(below, key, depth + affix.length, false);
    if (r === MISSING) return MISSING;
    if (isLeaf(r)) {
      this.retire(node);
      return r; // the leaf moves up past the extension
    }
    const rNode = this.load(r);
    if (rNode.t === TrieTag.Extension) {
      // (rNode is the extension `collapse` just made: never stored)
      this.retire(node);
      return this.extension(concat(affix, rNode.affix), rNode.child);
    }
    const owned = this.own(node);
    owned.child = r;
    return owned;
  }

  /** A non-root branch after a removal: itself while it has two children or more. */
  private collapse(node: LiveBranch): Child {
    let only = -1;
    for (let i = 0; i < RADIX; i++) {
      if (!node.children[i]) continue;
      if (only >= 0) return node;
      only = i;
    }
    if (only < 0) throw new TrieError("a node below the root lost all its children");
    const sibling = node.children[only]!;
    if (isLeaf(sibling)) return sibling;
    const siblingNode = this.load(sibling);
    if (siblingNode.t === TrieTag.Extension) {
      this.retire(siblingNode);
      return this.extension(concat(Uint8Array.of(only), siblingNode.affix), siblingNode.child);
    }
    return this.extension(Uint8Array.of(only), sibling);
  }

  /**
   * trie-node.ts `encodeBranch`, written straight from the children (no Pointer objects); when only
   * children changed, the last bytes are copied and those slots rewritten.
   */
  private branchBytes(node: LiveBranch, batch: [Uint8Array, Uint8Array][], depth: number): Uint8Array {
    if (node.bytes && node.changed) {
      // a copy (a stored node's bytes may be a Buffer, whose slice() would share them)
      const out = new Uint8Array(node.bytes.length);
      out.set(node.bytes);
      for (const index of node.changed) {
        let at = 1;
        for (let i = 0; i < index; i++) at += node.children[i] ? 1 + SLOT : 1;
        const c = node.children[index]!;
        out[at + 1] = isLeaf(c) ? PointerKind.Leaf : PointerKind.Node;
        out.set(this.childHash(node.children, index, batch, depth + 1), at + 2);
      }
      node.bytes = out;
      node.changed = undefined;
      return out;
    }
    if (node.bytes) return node.bytes;
    node.bytes = this.encodeBranchOf(node, batch, depth);
    return node.bytes;
  }

  private encodeBranchOf(node: LiveBranch, batch: [Uint8Array, Uint8Array][], depth: number): Uint8Array {
    const hashes: (Uint8Array | undefined)[] = new Array(RADIX);
    let count = 0;
    for (let i = 0; i < RADIX; i++) {
      if (!node.children[i]) continue;
      hashes[i] = this.childHash(node.children, i, batch, depth + 1);
      count++;
    }
    const out = new Uint8Array(1 + RADIX + count * SLOT);
    out[0] = TrieTag.Node;
    let at = 1;
    for (let i = 0; i < RADIX; i++) {
      const h = hashes[i];
      if (!h) {
        at++; // None
        continue;
      }
      out[at] = 1; // Some
      out[at + 1] = isLeaf(node.children[i]!) ? PointerKind.Leaf : PointerKind.Node;
      out.set(h, at + 2);
      at += 1 + SLOT;
    }
    return out;
  }

  /**
   * The hash of `children[index]` (a node at `depth`); a node deep enough to leave memory is then
   * replaced by its stored pointer (it is in this commit's batch: the store has it).
   */
  private childHash(children: (Child | undefined)[], index: number, batch: [Uint8Array, Uint8Array][], depth: number): Uint8Array {
    const child = children[index]!;
    const hash = this.hashOf(child, batch, depth);
    if (depth >= this.liveDepth && child.t !== "stored") children[index] = { t: "stored", pointer: { kind: isLeaf(child) ? PointerKind.Leaf : PointerKind.Node, hash } };
    return hash;
  }

  private hashOf(child: Child, batch: [Uint8Array, Uint8Array][], depth: number): Uint8Array {
    if (child.t === "stored") return child.pointer.hash;
    if (child.hash) return child.hash;
    let bytes: Uint8Array;
    if (child.t === TrieTag.Leaf) {
      bytes = encodeLeaf(child.key, child.value);
    } else if (child.t === TrieTag.Node) {
      bytes = this.branchBytes(child, batch, depth);
    } else {
      const hash = this.hashOf(child.child, batch, depth + 1);
      if (depth + 1 >= this.liveDepth && child.child.t !== "stored") child.child = { t: "stored", pointer: { kind: PointerKind.Node, hash } };
      bytes = encodeExtension(child.affix, { kind: PointerKind.Node, hash });
    }
    const hash = hashIntoChunksIfNecessary(bytes);
    child.hash = hash; // a cache of the content: harmless on a frozen node
    batch.push([hash, bytes]);
    return hash;
  }
}

const MISSING = Symbol("missing");
const SLOT = DIGEST_LENGTH + 1; // pointer tag and digest; an occupied slot is 1 + SLOT bytes

function isLeaf(child: Child): boolean {
  return child.t === "stored" ? child.pointer.kind === PointerKind.Leaf : child.t === TrieTag.Leaf;
}

/**
 * A stored branch's children as live children, made once per decoded node (its 256 slots are read
 * again on every write through it): shared by every live copy of that stored node, which is never
 * changed in place (its epoch is STORED_EPOCH: a write copies it first).
 */
const storedChildren = new WeakMap<TrieNode, (Child | undefined)[]>();
const stored = (p: Pointer | undefined): Child | undefined => p && { t: "stored", pointer: p };

function fromStored(node: TrieNode, hash: Uint8Array): LiveNode {
  switch (node.tag) {
    case TrieTag.Leaf: return { t: TrieTag.Leaf, key: node.key, value: node.value, hash, epoch: STORED_EPOCH };
    case TrieTag.Node: {
      let children = storedChildren.get(node);
      if (!children) storedChildren.set(node, (children = node.pointers.map(stored)));
      // its stored bytes too: a write through it patches the slots it changes instead of encoding all 256
      return { t: TrieTag.Node, children, hash, epoch: STORED_EPOCH, bytes: storedBytesOf(node), changed: undefined };
    }
    case TrieTag.Extension: return { t: TrieTag.Extension, affix: node.affix, child: stored(node.pointer)!, hash, epoch: STORED_EPOCH };
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
