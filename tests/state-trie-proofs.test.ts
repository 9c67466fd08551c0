// Merkle proofs (types/src/global_state/merkle_proof.rs, operations `compute_state_hash`, tracking_copy
// `validate_query_proof` / `validate_balance_proof`): their bytes, written out by hand here; a proof
// a casper node sent (the sidecar's documented example) read and written back byte for byte; the
// state hash a proof leads to; and every way a client refuses one.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesEqual, toHex } from "../host/bytesrepr/hex.ts";
import { formatKey, type Key, parseKey } from "../host/bytesrepr/key.ts";
import { Engine } from "../host/engine/engine.ts";
import {
  checkStateProofs, decodeStateProofs, encodeStateProofs, MerkleProofError, trieKeyOf, validateBalanceProof, validateQueryProof,
} from "../host/state/merkle-proofs.ts";
import { computeStateHash, decodeProofs, encodeProofs, type TrieMerkleProof } from "../host/state/trie/merkle-proof.ts";
import { readWithProof } from "../host/state/trie/operations.ts";
import { leafPointer, nodePointer } from "../host/state/trie/trie-node.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { create2LeafTrie, create6LeafTrie, found, hash, leafBytes, TEST_LEAVES, testContext } from "./helpers/trie.ts";

const TEST_LAYOUT = { keyLength: () => 7, valueLength: () => 6 };
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

/** The documented merkle_proof of casper-sidecar's RPC examples (rpc_sidecar/src/rpcs/common.rs MERKLE_PROOF). */
const SIDECAR_MERKLE_PROOF =
  "01000000006ef2e0949ac76e55812421f755abe129b6244fe7168b77f47a72536147614625016ef2e0949ac76e55812421f755abe129b6244fe7168b77f47a72536147614625000000003529cde5c621f857f75f3810611eb4af3f998caaa9d4a3413cf799f99c67db0307010000006ef2e0949ac76e55812421f755abe129b6244fe7168b77f47a7253614761462501010102000000006e06000000000074769d28aac597a36a03a932d4b43e4f10bf0403ee5c41dd035102553f5773631200b9e173e8f05361b681513c14e25e3138639eb03232581db7557c9e8dbbc83ce94500226a9a7fe4f2b7b88d5103a4fc7400f02bf89c860c9ccdd56951a2afe9be0e0267006d820fb5676eb2960e15722f7725f3f8f41030078f8b2e44bf0dc03f71b176d6e800dc5ae9805068c5be6da1a90b2528ee85db0609cc0fb4bd60bbd559f497a98b67f500e1e3e846592f4918234647fca39830b7e1e6ad6f5b7a99b39af823d82ba1873d000003000000010186ff500f287e9b53f823ae1582b1fa429dfede28015125fd233a31ca04d5012002015cc42669a55467a1fdf49750772bfc1aed59b9b085558eb81510e9b015a7c83b0301e3cf4a34b1db6bfa58808b686cb8fe21ebe0c1bcbcee522649d2b135fe510fe3";

describe("proof bytes (merkle_proof.rs)", () => {
  it("the proof of leaf 0 in the 2-leaf trie, byte for byte and step by step", () => {
    const { root, tries } = create2LeafTrie();
    const proof = found(readWithProof(testContext(tries), root, TEST_LEAVES[0].key))!;
    const leaf1 = hash(leafBytes(TEST_LEAVES[1]));
    // from the leaf up: the node holding leaves 0 and 1 (hole 0), the extension 00 00 00 00 00, the root (hole 0)
    const expected = Uint8Array.from([
      ...u32(1),
      ...TEST_LEAVES[0].key, ...TEST_LEAVES[0].value,
      ...u32(3),
      0, 0, ...u32(1), 1, 0, ...leaf1,
      1, ...u32(5), 0, 0, 0, 0, 0,
      0, 0, ...u32(0),
    ]);
    expect(toHex(encodeProofs([proof]))).toBe(toHex(expected));
    expect(toHex(computeStateHash(proof))).toBe(toHex(root));
    const back = decodeProofs(expected, TEST_LAYOUT);
    expect(toHex(encodeProofs(back))).toBe(toHex(expected));
  });

  it("every leaf of the 6-leaf trie has a proof leading to its root; a wrong value leads elsewhere", () => {
    const { root, tries } = create6LeafTrie();
    const nodes = testContext(tries);
    for (const l of TEST_LEAVES) {
      const proof = found(readWithProof(nodes, root, l.key))!;
      expect(toHex(computeStateHash(proof))).toBe(toHex(root));
      expect(toHex(computeStateHash({ ...proof, value: new TextEncoder().encode("valueX") }))).not.toBe(toHex(root));
    }
  });

  it("the hole's pointer is pushed last: a forged pointer at the hole index does not change the hash", () => {
    const { root, tries } = create2LeafTrie();
    const proof = found(readWithProof(testContext(tries), root, TEST_LEAVES[0].key))!;
    const first = proof.steps[0];
    if (first.kind !== "Node") throw new Error("a node step expected");
    const forged: TrieMerkleProof = {
      ...proof,
      steps: [{ ...first, indexedPointersWithHole: [...first.indexedPointersWithHole, [first.holeIndex, nodePointer(new Uint8Array(32))]] }, ...proof.steps.slice(1)],
    };
    expect(toHex(computeStateHash(forged))).toBe(toHex(root));
  });

  it("property: proofs and their steps round-trip through bytes", () => {
    const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });
    const pointer = fc.tuple(fc.boolean(), digest).map(([l, h]) => (l ? leafPointer(h) : nodePointer(h)));
    const step = fc.oneof(
      fc.record({ kind: fc.constant("Node" as const), holeIndex: fc.integer({ min: 0, max: 255 }), indexedPointersWithHole: fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), pointer), { maxLength: 10 }) }),
      fc.record({ kind: fc.constant("Extension" as const), affix: fc.uint8Array({ maxLength: 10 }) }),
    );
    const proof = fc.record({ key: fc.uint8Array({ minLength: 7, maxLength: 7 }), value: fc.uint8Array({ minLength: 6, maxLength: 6 }), steps: fc.array(step, { maxLength: 8 }) });
    fc.assert(fc.property(fc.array(proof, { maxLength: 4 }), (proofs) => {
      const bytes = encodeProofs(proofs);
      const back = decodeProofs(bytes, TEST_LAYOUT);
      expect(toHex(encodeProofs(back))).toBe(toHex(bytes));
      back.forEach((p, i) => expect(toHex(computeStateHash(p))).toBe(toHex(computeStateHash(proofs[i]))));
    }), { numRuns: 200 });
  });

  it("a casper node's proof (the sidecar's example) reads as Vec<TrieMerkleProof<Key, StoredValue>> and writes back unchanged", () => {
    const [proof, ...rest] = decodeStateProofs(SIDECAR_MERKLE_PROOF);
    expect(rest).toEqual([]);
    expect(toHex(trieKeyOf(proof.stateKey))).toBe(toHex(proof.key));
    expect(formatKey(proof.stateKey)).toBe("account-hash-6ef2e0949ac76e55812421f755abe129b6244fe7168b77f47a72536147614625");
    expect(proof.storedValue.kind).toBe("Account");
    // the account's leaf sits at its hash's first byte under the Account tag's node, under the root
    expect(proof.steps.map((s) => (s.kind === "Node" ? s.holeIndex : -1))).toEqual([0x6e, 0]);
    expect(encodeStateProofs([proof])).toBe(SIDECAR_MERKLE_PROOF);
    // and it proves exactly one root: the one it hashes to
    const root = computeStateHash(proof);
    expect(checkStateProofs(root, SIDECAR_MERKLE_PROOF)).toHaveLength(1);
    expect(() => checkStateProofs(new Uint8Array(32), SIDECAR_MERKLE_PROOF)).toThrow(MerkleProofError);
  });
});

describe("a client's checks (tracking_copy validate_*)", () => {
  // alice installs keys_manager: her account holds the named key "keys_manager" -> the contract hash
  const engine = new Engine();
  engine.runSession("alice", artifact("keys_manager")).expectSuccess();
  const root = Buffer.from(engine.stateRootHash(), "hex");
  const alice = parseKey(engine.account("alice").accountHash);
  const contract = parseKey(engine.account("alice").namedKeys.keys_manager);
  const proofOf = (key: Key) => found(readWithProof(engine.state.trieNodes, root, trieKeyOf(key)))!;
  const query = encodeStateProofs([proofOf(alice), proofOf(contract)]);
  const contractValue = engine.state.read(contract)!;

  it("a query along a named key: one proof per key, each to the root, the last holding the value", () => {
    expect(() => validateQueryProof(root, query, alice, ["keys_manager"], contractValue)).not.toThrow();
    expect(checkStateProofs(toHex(root), query).map((p) => p.storedValue.kind)).toEqual(["Account", "Contract"]);
  });

  it("refuses, in the node's words: wrong length, wrong key, a path gone cold, wrong value, a wrong root", () => {
    const refuse = (f: () => void, message: string) => expect(f).toThrow(new MerkleProofError(message));
    refuse(() => validateQueryProof(root, query, alice, [], contractValue), "The path should not have a different length than the proof less one.");
    refuse(() => validateQueryProof(root, query, contract, ["keys_manager"], contractValue), "The provided key does not match the key in the proof.");
    refuse(() => validateQueryProof(root, query, alice, ["no_such_name"], contractValue), "The path went cold.");
    refuse(() => validateQueryProof(root, query, alice, ["keys_manager"], engine.state.read(alice)!), "The provided value does not match the value in the proof.");
    const otherRoot = hash(new Uint8Array([1]));
    refuse(() => validateQueryProof(otherRoot, query, alice, ["keys_manager"], contractValue), "The proof hash is invalid.");
  });

  it("a tampered proof is refused, naming the proof, its key and the hash it leads to", () => {
    const bytes = Buffer.from(query, "hex");
    bytes[bytes.length - 1] ^= 1; // a digest in the last proof's root step
    expect(() => checkStateProofs(root, bytes)).toThrow(/The proof hash is invalid\. \(proof 2 of 2, for hash-[0-9a-f]{64}, hashes to [0-9a-f]{64}, not to the state root hash [0-9a-f]{64}\)/);
    expect(() => checkStateProofs(root, query.slice(0, -2))).toThrow(/merkle_proof is not a Vec<TrieMerkleProof<Key, StoredValue>>: .*early end of stream/);
    expect(() => checkStateProofs(root, "zz")).toThrow(MerkleProofError);
    expect(() => checkStateProofs(root.subarray(1), query)).toThrow("a state root hash is 32 bytes, got 31");
  });

  it("a balance: the proof of the purse's balance key, holding the motes", () => {
    const purse = parseKey(engine.account("bob").mainPurse);
    const motes = engine.balance("bob");
    const balanceKey: Key = { tag: 6, data: purse.data.subarray(0, 32) };
    const [proof] = decodeStateProofs(encodeStateProofs([proofOf(balanceKey)]));
    expect(() => validateBalanceProof(root, proof, purse, motes)).not.toThrow();
    expect(() => validateBalanceProof(root, proof, purse, motes + 1n)).toThrow("The provided value does not match the value in the proof.");
    expect(() => validateBalanceProof(root, proof, parseKey(engine.account("alice").mainPurse), motes)).toThrow("The provided key does not match the key in the proof.");
    expect(() => validateBalanceProof(root, proof, alice, motes)).toThrow(/Key is not a URef/);
    expect(bytesEqual(proof.key, trieKeyOf(balanceKey))).toBe(true);
  });
});
