// Native transfers for the node benchmark, signed fast enough not to bound the figure: one deploy per
// sender is built with casper-js-sdk (the template: payment, session, chain name, TTL), and each
// further deploy differs only by its header's timestamp, so only the header hash (blake2b-256 of the
// header's bytes, types/src/deploy/deploy_header.rs ToBytes) and the approval (ed25519 over that hash,
// node:crypto) are made anew. Every template's hash is checked against the SDK's, so the bytes are the
// SDK's (and the node verifies every deploy it gets).
import { createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { blake2b } from "@noble/hashes/blake2";
import sdk from "casper-js-sdk";
import { buildTransfer } from "../../cli/build-signed.ts";

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const CSPR = 1_000_000_000n;

export interface Sender {
  /** 32-byte ed25519 seed, hex */
  seedHex: string;
  /** "01" + public key hex */
  publicKeyHex: string;
}

/** `count` deterministic ed25519 senders (seed = blake2b-256 of "casper-as bench sender <i>"). */
export function benchSenders(count: number): Sender[] {
  return Array.from({ length: count }, (_, i) => {
    const seed = Buffer.from(blake2b(new TextEncoder().encode(`casper-as bench sender ${i}`), { dkLen: 32 }));
    const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
    const raw = createPublicKey(key).export({ format: "der", type: "spki" }).subarray(-32);
    return { seedHex: seed.toString("hex"), publicKeyHex: `01${raw.toString("hex")}` };
  });
}

export interface TransferPlan {
  chainName: string;
  ttlMs: number;
  /** motes moved by each transfer, and paid for it */
  amount: bigint;
  payment: bigint;
}

/** Makes signed transfer deploys from one sender to a fixed target, one per timestamp. */
export class TransferFactory {
  private readonly key: KeyObject;
  private readonly headerTail: Buffer;
  private readonly accountBytes: Buffer;
  private readonly parts: string[];

  constructor(sender: Sender, target: Sender, plan: TransferPlan) {
    this.key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(sender.seedHex, "hex")]), format: "der", type: "pkcs8" });
    const sdkKey = sdk.PrivateKey.fromHex(sender.seedHex, sdk.KeyAlgorithm.ED25519);
    const at = new Date(Date.UTC(2030, 0, 1));
    const template = buildTransfer(
      { chainName: plan.chainName, keys: [sdkKey], paymentMotes: plan.payment, timestamp: at, ttlMs: plan.ttlMs },
      sdk.PublicKey.fromHex(target.publicKeyHex),
      plan.amount,
      1,
    );
    const json = template.json as { hash: string; header: { body_hash: string; timestamp: string; ttl: string }; approvals: { signature: string }[] };
    this.accountBytes = Buffer.from(sender.publicKeyHex, "hex");
    const chain = Buffer.from(plan.chainName, "utf8");
    // header bytes after the timestamp: ttl, gas price 1, body hash, no dependencies, chain name
    this.headerTail = Buffer.concat([u64(BigInt(plan.ttlMs)), u64(1n), Buffer.from(json.header.body_hash, "hex"), u32(0), u32(chain.length), chain]);
    const hash = this.hashAt(BigInt(at.getTime()));
    if (hash.toString("hex") !== template.hash) throw new Error(`the benchmark's deploy header bytes do not give casper-js-sdk's hash (${hash.toString("hex")} vs ${template.hash})`);
    // the JSON with holes for the hash, the timestamp and the signature
    const text = JSON.stringify(template.json);
    const holes = [template.hash, json.header.timestamp, json.approvals[0].signature];
    const marks = ["\u0001H", "\u0001T", "\u0001S"];
    let marked = text;
    holes.forEach((h, i) => {
      if (marked.split(h).length !== 2) throw new Error(`the template has ${h} more than once`);
      marked = marked.replace(h, marks[i]);
    });
    this.parts = marked.split(/(\u0001[HTS])/);
  }

  private hashAt(timestampMs: bigint): Buffer {
    return Buffer.from(blake2b(Buffer.concat([this.accountBytes, u64(timestampMs), this.headerTail]), { dkLen: 32 }));
  }

  /** The account_put_deploy request body of the transfer stamped `timestampMs`, and its hash. */
  requestAt(timestampMs: number, id: number): { body: string; hash: string } {
    const hash = this.hashAt(BigInt(timestampMs));
    const signature = sign(null, hash, this.key).toString("hex");
    const hashHex = hash.toString("hex");
    const timestamp = new Date(timestampMs).toISOString();
    let deploy = "";
    for (const p of this.parts) deploy += p === "\u0001H" ? hashHex : p === "\u0001T" ? timestamp : p === "\u0001S" ? `01${signature}` : p;
    return { body: `{"jsonrpc":"2.0","id":${id},"method":"account_put_deploy","params":{"deploy":${deploy}}}`, hash: hashHex };
  }
}

function u64(n: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigUInt64LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32LE(n);
  return b;
}

export const BENCH_CSPR = CSPR;
