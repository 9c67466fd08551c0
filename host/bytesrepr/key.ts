// Key and URef: casper-types v1.5.8 key.rs / uref.rs. A Key is a tag byte and a fixed-size payload;
// a URef is a 32-byte address plus an access-rights byte (READ 1, WRITE 2, ADD 4; any other bit is
// rejected with Formatting, access_rights.rs).

import { BytesreprError } from "./errors.ts";
import { fromHex, toHex } from "./hex.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

export const AccessRights = {
  NONE: 0,
  READ: 1,
  WRITE: 2,
  ADD: 4,
  READ_ADD: 5,
  READ_WRITE: 3,
  ADD_WRITE: 6,
  READ_ADD_WRITE: 7,
} as const;

export interface URef {
  readonly addr: Uint8Array;
  readonly rights: number;
}

export const KeyTag = {
  Account: 0,
  Hash: 1,
  URef: 2,
  Transfer: 3,
  DeployInfo: 4,
  EraInfo: 5,
  Balance: 6,
  Bid: 7,
  Withdraw: 8,
  Dictionary: 9,
  SystemContractRegistry: 10,
  EraSummary: 11,
  Unbond: 12,
  ChainspecRegistry: 13,
  ChecksumRegistry: 14,
  // Casper 2.0 (types/src/key.rs of the 2.0.0 release): the auction's records live under Key::BidAddr;
  // legacy-mode contracts' messages write Message and BlockGlobal keys
  BidAddr: 15,
  Message: 19,
  BlockGlobal: 21,
  // a purse's balance holds (2.0 payment: a processing hold of the cost while a transaction runs)
  BalanceHold: 22,
} as const;
export type KeyKind = keyof typeof KeyTag;
const KIND_BY_TAG: Record<number, KeyKind> = Object.fromEntries(Object.entries(KeyTag).map(([k, t]) => [t, k as KeyKind]));

/**
 * `data` is the payload after the tag: 32 bytes for hash-like keys, 33 for URef (address + rights),
 * 8 (u64 LE) for EraInfo, 32 zero bytes for the singleton registry keys; for Message a MessageAddr
 * (EntityAddr tag + 32, topic name hash 32, Option<u32> message index: 66 or 70 bytes), for
 * BlockGlobal the BlockGlobalAddr tag and 31 zero bytes, for BalanceHold a BalanceHoldAddr (tag, purse
 * address, u64 block time: 41 bytes).
 */
export interface Key {
  readonly tag: number;
  readonly data: Uint8Array;
}

const PADDING = new Uint8Array(32);

export function keyKind(key: Key): KeyKind {
  return KIND_BY_TAG[key.tag];
}

export const uref = (addr: Uint8Array, rights: number): URef => ({ addr, rights });

export function withRights(u: URef, rights: number): URef {
  return { addr: u.addr, rights };
}

export const accountKey = (hash: Uint8Array): Key => ({ tag: KeyTag.Account, data: hash });
export const hashKey = (hash: Uint8Array): Key => ({ tag: KeyTag.Hash, data: hash });
export const balanceKey = (addr: Uint8Array): Key => ({ tag: KeyTag.Balance, data: addr });
export const dictionaryKey = (addr: Uint8Array): Key => ({ tag: KeyTag.Dictionary, data: addr });
export const deployInfoKey = (hash: Uint8Array): Key => ({ tag: KeyTag.DeployInfo, data: hash });
export const transferKey = (addr: Uint8Array): Key => ({ tag: KeyTag.Transfer, data: addr });
export const bidKey = (hash: Uint8Array): Key => ({ tag: KeyTag.Bid, data: hash });
export const withdrawKey = (hash: Uint8Array): Key => ({ tag: KeyTag.Withdraw, data: hash });
export const unbondKey = (hash: Uint8Array): Key => ({ tag: KeyTag.Unbond, data: hash });
export const systemContractRegistryKey: Key = { tag: KeyTag.SystemContractRegistry, data: PADDING };
export const eraSummaryKey: Key = { tag: KeyTag.EraSummary, data: PADDING };
export const chainspecRegistryKey: Key = { tag: KeyTag.ChainspecRegistry, data: PADDING };
export const checksumRegistryKey: Key = { tag: KeyTag.ChecksumRegistry, data: PADDING };

export function eraInfoKey(era: bigint): Key {
  return { tag: KeyTag.EraInfo, data: encodeWith((w) => w.u64(era), 8) };
}

export function urefKey(u: URef): Key {
  const data = new Uint8Array(33);
  data.set(u.addr);
  data[32] = u.rights;
  return { tag: KeyTag.URef, data };
}

/** The URef inside a Key::URef, or undefined. */
export function keyAsURef(key: Key): URef | undefined {
  return key.tag === KeyTag.URef ? { addr: key.data.subarray(0, 32), rights: key.data[32] } : undefined;
}

/** The 32-byte hash of Key::Hash (contracts, packages, wasm), or undefined (key.rs `into_hash`). */
export function keyAsHash(key: Key): Uint8Array | undefined {
  return key.tag === KeyTag.Hash ? key.data : undefined;
}

export function keyAsAccount(key: Key): Uint8Array | undefined {
  return key.tag === KeyTag.Account ? key.data : undefined;
}

export function readAccessRights(r: ByteReader, what = "AccessRights"): number {
  const bits = r.u8(what);
  if (bits > 7) throw new BytesreprError("Formatting", what, `invalid access rights bits ${bits}`);
  return bits;
}

export function readURef(r: ByteReader, what = "URef"): URef {
  const addr = r.raw(32, `${what}.addr`);
  return { addr, rights: readAccessRights(r, `${what}.access_rights`) };
}

export function writeURef(w: ByteWriter, u: URef): void {
  w.raw(u.addr).u8(u.rights);
}

const PAYLOAD: Record<number, number> = {
  [KeyTag.Account]: 32, [KeyTag.Hash]: 32, [KeyTag.Transfer]: 32, [KeyTag.DeployInfo]: 32,
  [KeyTag.EraInfo]: 8, [KeyTag.Balance]: 32, [KeyTag.Bid]: 32, [KeyTag.Withdraw]: 32,
  [KeyTag.Dictionary]: 32, [KeyTag.SystemContractRegistry]: 32, [KeyTag.EraSummary]: 32,
  [KeyTag.Unbond]: 32, [KeyTag.ChainspecRegistry]: 32, [KeyTag.ChecksumRegistry]: 32,
};

/** 2.0 bid_addr.rs: the BidAddr payload after its tag byte, by tag (account hashes, purse addrs, an EraId). */
const BID_ADDR_BODY: Record<number, number> = { 0: 32, 1: 32, 2: 64, 3: 64, 4: 40, 5: 64, 6: 64, 7: 64, 8: 64, 9: 32 };

/** The length of a BidAddr whose tag byte is `tag` (undefined for an unknown tag). */
export const bidAddrLength = (tag: number): number | undefined => (BID_ADDR_BODY[tag] === undefined ? undefined : 1 + BID_ADDR_BODY[tag]);

export function readKey(r: ByteReader, what = "Key"): Key {
  const tag = r.u8(`${what}.tag`);
  if (tag === KeyTag.URef) return urefKey(readURef(r, what));
  if (tag === KeyTag.Message) return readMessageAddr(r, what);
  if (tag === KeyTag.BlockGlobal) return readBlockGlobalAddr(r, what);
  if (tag === KeyTag.BalanceHold) {
    const holdTag = r.u8(`${what}.BalanceHoldAddr tag`);
    if (holdTag > BalanceHoldTag.Processing) throw new BytesreprError("Formatting", what, `unknown BalanceHoldAddr tag ${holdTag}`);
    const data = new Uint8Array(41);
    data[0] = holdTag;
    data.set(r.raw(40, what), 1);
    return { tag, data };
  }
  if (tag === KeyTag.BidAddr) {
    const bidTag = r.u8(`${what}.BidAddr tag`);
    const n = BID_ADDR_BODY[bidTag];
    if (n === undefined) throw new BytesreprError("Formatting", what, `unknown BidAddr tag ${bidTag}`);
    const data = new Uint8Array(1 + n);
    data[0] = bidTag;
    data.set(r.raw(n, what), 1);
    return { tag, data };
  }
  const n = PAYLOAD[tag];
  if (n === undefined) throw new BytesreprError("Formatting", what, `unknown Key tag ${tag}`);
  const data = r.raw(n, what);
  // key.rs reads the registry keys' 32 padding bytes and ignores their content
  if (tag >= KeyTag.SystemContractRegistry && tag !== KeyTag.Unbond) return { tag, data: PADDING };
  return { tag, data };
}

export function writeKey(w: ByteWriter, key: Key): void {
  w.u8(key.tag).raw(key.data);
}

export const encodeKey = (key: Key): Uint8Array => encodeWith((w) => writeKey(w, key), 72);

// ---- Casper 2.0 message and block-global keys (types/src/contract_messages.rs, block/block_global.rs) ----

/** EntityAddr tags (addressable_entity.rs EntityKindTag) and their formatted-string prefixes. */
export const EntityKind = { System: 0, Account: 1, SmartContract: 2 } as const;
const ENTITY_PREFIX = ["entity-system-", "entity-account-", "entity-contract-"];

/** BlockGlobalAddr tags (block_global.rs) and their formatted-string prefixes (key.rs). */
export const BlockGlobalTag = { BlockTime: 0, MessageCount: 1, ProtocolVersion: 2, AddressableEntity: 3 } as const;
const BLOCK_GLOBAL_PREFIX = ["block-time-", "block-message-count-", "block-protocol-version-", "block-addressable-entity-"];

/** An EntityAddr: tag byte + 32-byte hash. */
export function entityAddr(kind: number, hash: Uint8Array): Uint8Array {
  const b = new Uint8Array(33);
  b[0] = kind;
  b.set(hash, 1);
  return b;
}

/**
 * `entity-contract-<hex>` (addressable_entity.rs EntityAddr::to_formatted_string). Not memoised here:
 * a WeakMap entry per array cost more (its set, and the collector's ephemeron work) than the hex it
 * saved; the engine's results remember the last entity they formatted (engine/result.ts).
 */
export function formatEntityAddr(addr: Uint8Array): string {
  return ENTITY_PREFIX[addr[0]] + toHex(addr.subarray(1, 33));
}

/** Key::Message(MessageAddr::new_topic_addr(entity, topic hash)): a topic's summary record. */
export function messageTopicKey(entity: Uint8Array, topicNameHash: Uint8Array): Key {
  const data = new Uint8Array(66);
  data.set(entity);
  data.set(topicNameHash, 33);
  return { tag: KeyTag.Message, data };
}

/** Key::Message(MessageAddr::new_message_addr(entity, topic hash, index)): one message's checksum. */
export function messageKey(entity: Uint8Array, topicNameHash: Uint8Array, index: number): Key {
  const data = new Uint8Array(70);
  data.set(entity);
  data.set(topicNameHash, 33);
  data[65] = 1;
  data[66] = index & 0xff;
  data[67] = (index >>> 8) & 0xff;
  data[68] = (index >>> 16) & 0xff;
  data[69] = index >>> 24;
  return { tag: KeyTag.Message, data };
}

/**
 * messageKey(entity, hash, index) from its topic's key, with its keyId derived from the topic's id
 * (an id is the tag and the key bytes in hex; a checksum key is the topic key's bytes, Option tag 1
 * and the u32 index). Emitting writes one per message, and a topic's indices restart with each
 * block, so the first indices' keys (immutable values) are kept in `kept`, the topic's own list.
 */
export function messageKeyOfTopic(kept: KeyWithId[], topicKey: Key, topicId: string, index: number): KeyWithId {
  const known = kept[index];
  if (known) return known;
  // V8 gives each typed array over 64 bytes its own external buffer (costly to make and to collect):
  // these keys are cut from a shared slab instead
  if (slabUsed + 70 > slab.length) {
    slab = new Uint8Array(70 * 64);
    slabUsed = 0;
  }
  const data = slab.subarray(slabUsed, slabUsed + 70);
  slabUsed += 70;
  data.set(topicKey.data.subarray(0, 65));
  data[65] = 1;
  data[66] = index & 0xff;
  data[67] = (index >>> 8) & 0xff;
  data[68] = (index >>> 16) & 0xff;
  data[69] = index >>> 24;
  const made = { key: { tag: KeyTag.Message, data }, id: topicId.slice(0, -2) + "01" + HEX_BYTE[data[66]] + HEX_BYTE[data[67]] + HEX_BYTE[data[68]] + HEX_BYTE[data[69]] };
  if (index < KEPT_INDICES) kept[index] = made;
  return made;
}
/** A key and its keyId, made together where both are needed again and again. */
export interface KeyWithId {
  readonly key: Key;
  readonly id: string;
}
const KEPT_INDICES = 64;
let slab = new Uint8Array(0);
let slabUsed = 0;
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// ---- Casper 2.0 balance holds (types/src/system/mint/balance_hold.rs) ----

/** BalanceHoldAddrTag: Gas (0, fee_handling no_fee) and Processing (1, a transaction's cost while it runs). */
export const BalanceHoldTag = { Gas: 0, Processing: 1 } as const;

/** Key::BalanceHold(BalanceHoldAddr { tag, purse_addr, block_time }): tag ++ 32-byte purse address ++ u64 LE. */
export function balanceHoldKey(holdTag: number, purseAddr: Uint8Array, blockTime: bigint): Key {
  const data = new Uint8Array(41);
  data[0] = holdTag;
  data.set(purseAddr.subarray(0, 32), 1);
  let t = blockTime;
  for (let i = 33; i < 41; i++, t >>= 8n) data[i] = Number(t & 0xffn);
  return { tag: KeyTag.BalanceHold, data };
}

function balanceHoldTime(data: Uint8Array): bigint {
  let t = 0n;
  for (let i = 40; i >= 33; i--) t = (t << 8n) | BigInt(data[i]);
  return t;
}

/** Key::BlockGlobal(BlockGlobalAddr::MessageCount): (BlockTime, u64) of the block's messages. */
export const blockMessageCountKey: Key = blockGlobalKey(BlockGlobalTag.MessageCount);

export function blockGlobalKey(tag: number): Key {
  const data = new Uint8Array(32);
  data[0] = tag;
  return { tag: KeyTag.BlockGlobal, data };
}

function readMessageAddr(r: ByteReader, what: string): Key {
  const start = r.offset;
  const kind = r.u8(`${what}.entity_addr.tag`);
  if (kind > EntityKind.SmartContract) throw new BytesreprError("Formatting", what, `unknown EntityAddr tag ${kind}`);
  r.raw(32 + 32, `${what}.message_addr`);
  const some = r.u8(`${what}.message_index tag`);
  if (some > 1) throw new BytesreprError("Formatting", what, `invalid Option tag ${some}`);
  if (some === 1) r.raw(4, `${what}.message_index`);
  return { tag: KeyTag.Message, data: r.bytes.slice(start, r.offset) };
}

function readBlockGlobalAddr(r: ByteReader, what: string): Key {
  const tag = r.u8(`${what}.block_global_addr`);
  if (tag > BlockGlobalTag.AddressableEntity) throw new BytesreprError("Formatting", what, `unknown BlockGlobalAddr tag ${tag}`);
  r.raw(31, `${what}.padding`); // key.rs strips the padding without looking at it
  return blockGlobalKey(tag);
}

function formatMessageKey(data: Uint8Array): string {
  const entity = formatEntityAddr(data);
  const topic = toHex(data.subarray(33, 65));
  if (data[65] === 0) return `message-topic-${entity}-${topic}`;
  const index = (data[66] | (data[67] << 8) | (data[68] << 16) | (data[69] << 24)) >>> 0;
  return `message-${entity}-${topic}-${index.toString(16)}`;
}

function parseMessageKey(s: string): Key | undefined {
  const m = /^message-(topic-)?entity-(system|account|contract)-([0-9a-fA-F]{64})-([0-9a-fA-F]{64})(?:-([0-9a-fA-F]{1,8}))?$/.exec(s);
  if (!m || (m[1] !== undefined) === (m[5] !== undefined)) return undefined;
  const entity = entityAddr(["system", "account", "contract"].indexOf(m[2]), fromHex(m[3]));
  return m[1] ? messageTopicKey(entity, fromHex(m[4])) : messageKey(entity, fromHex(m[4]), parseInt(m[5], 16));
}
export const decodeKey = (bytes: Uint8Array): Key => decodeAll(bytes, "Key", (r) => readKey(r));
export const encodeURef = (u: URef): Uint8Array => encodeWith((w) => writeURef(w, u), 33);
export const decodeURef = (bytes: Uint8Array): URef => decodeAll(bytes, "URef", (r) => readURef(r));

/**
 * The global-state map id of a key: hex of its bytes with URef access rights cleared, i.e. the key
 * `Key::normalize` gives (tracking_copy/mod.rs normalizes every key it reads or writes).
 */
export function keyId(key: Key): string {
  if (key.tag === KeyTag.URef) return "02" + toHex(key.data.subarray(0, 32));
  if (key.tag >= KeyTag.Message) return memo(ids, key, () => key.tag.toString(16) + toHex(key.data));
  return (key.tag < 16 ? "0" : "") + key.tag.toString(16) + toHex(key.data);
}

// message keys are long and written over and over while a contract emits (the topic's summary, the
// block's count): their id and formatted string are remembered per key object
const ids = new WeakMap<Key, string>();
const formatted = new WeakMap<Key, string>();
function memo(cache: WeakMap<Key, string>, key: Key, make: () => string): string {
  let s = cache.get(key);
  if (s === undefined) cache.set(key, (s = make()));
  return s;
}

export function urefId(u: URef): string {
  return "02" + toHex(u.addr);
}

export function keysEqual(a: Key, b: Key): boolean {
  if (a.tag !== b.tag || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

const PREFIX: Record<number, string> = {
  [KeyTag.Account]: "account-hash-", [KeyTag.Hash]: "hash-", [KeyTag.Transfer]: "transfer-",
  [KeyTag.DeployInfo]: "deploy-", [KeyTag.Balance]: "balance-", [KeyTag.Bid]: "bid-",
  [KeyTag.Withdraw]: "withdraw-", [KeyTag.Dictionary]: "dictionary-",
  [KeyTag.SystemContractRegistry]: "system-contract-registry-", [KeyTag.EraSummary]: "era-summary-",
  [KeyTag.Unbond]: "unbond-", [KeyTag.ChainspecRegistry]: "chainspec-registry-",
  [KeyTag.ChecksumRegistry]: "checksum-registry-", [KeyTag.BidAddr]: "bid-addr-",
};

/**
 * The formatted key as a 2.0 node writes and parses it (casper-types 2.0 key.rs): Key tag 10 is
 * "system-entity-registry-" there ("system-contract-registry-" was 1.x's, and a 2.0 node refuses it).
 */
export function formatKeyFor2x(key: Key): string {
  const text = formatKey(key);
  return key.tag === KeyTag.SystemContractRegistry ? `system-entity-registry-${text.slice(25)}` : text;
}

/** `uref-<hex>-007` (uref.rs: the rights as three octal digits). */
export function formatURef(u: URef): string {
  return `uref-${toHex(u.addr)}-${u.rights.toString(8).padStart(3, "0")}`;
}

/** The node's formatted string for a key (key.rs `to_formatted_string`). */
export function formatKey(key: Key): string {
  if (key.tag === KeyTag.URef) return formatURef(keyAsURef(key)!);
  if (key.tag === KeyTag.Message) return memo(formatted, key, () => formatMessageKey(key.data));
  if (key.tag === KeyTag.BlockGlobal) return memo(formatted, key, () => BLOCK_GLOBAL_PREFIX[key.data[0]] + toHex(key.data.subarray(1)));
  if (key.tag === KeyTag.EraInfo) return `era-${new DataView(key.data.buffer, key.data.byteOffset, 8).getBigUint64(0, true)}`;
  // key.rs: BALANCE_HOLD_PREFIX then the tag, purse address and block time (LE) bytes in hex
  if (key.tag === KeyTag.BalanceHold) return `balance-hold-${toHex(key.data)}`;
  return PREFIX[key.tag] + toHex(key.data);
}

export function parseURef(s: string): URef {
  const m = /^uref-([0-9a-fA-F]{64})-([0-7]{3})$/.exec(s);
  if (!m) throw new Error(`invalid URef "${s}": expected uref-<64 hex digits>-<3 octal digits>`);
  const rights = parseInt(m[2], 8);
  if (rights > 7) throw new Error(`invalid URef "${s}": access rights ${m[2]} out of range`);
  return { addr: fromHex(m[1]), rights };
}

/** Parse a formatted key (`hash-…`, `account-hash-…`, `uref-…-007`, `era-12`, ...). */
export function parseKey(s: string): Key {
  // casper-types 2.0 names Key tag 10 "system-entity-registry-"; 1.x "system-contract-registry-"
  if (s.startsWith("system-entity-registry-")) s = `system-contract-registry-${s.slice(23)}`;
  if (s.startsWith("uref-")) return urefKey(parseURef(s));
  if (s.startsWith("message-")) {
    const k = parseMessageKey(s);
    if (!k) throw new Error(`invalid key "${s}": expected message-topic-entity-<kind>-<64 hex>-<64 hex> or message-entity-<kind>-<64 hex>-<64 hex>-<index hex>`);
    return k;
  }
  if (s.startsWith("balance-hold-")) {
    const body = s.slice("balance-hold-".length);
    if (!/^0[01][0-9a-fA-F]{80}$/.test(body)) throw new Error(`invalid key "${s}": expected balance-hold- and 41 bytes in hex (tag 00 or 01, purse address, block time)`);
    return { tag: KeyTag.BalanceHold, data: fromHex(body) };
  }
  const global = BLOCK_GLOBAL_PREFIX.findIndex((p) => s.startsWith(p) && s.length === p.length + 62);
  if (global >= 0 && /^0+$/.test(s.slice(BLOCK_GLOBAL_PREFIX[global].length))) return blockGlobalKey(global);
  const era = /^era-(\d+)$/.exec(s);
  if (era) return eraInfoKey(BigInt(era[1]));
  // longest prefix first: "era-summary-" before "era-", "account-hash-" before "hash-"
  const entries = Object.entries(PREFIX).sort((a, b) => b[1].length - a[1].length);
  for (const [tag, prefix] of entries) {
    if (s.startsWith(prefix)) {
      const body = s.slice(prefix.length);
      if (Number(tag) === KeyTag.BidAddr) {
        // key.rs from_formatted_str: the BidAddr's bytes in hex, their length fixed by the first (tag) byte
        const n = /^[0-9a-fA-F]{2}/.test(body) ? bidAddrLength(parseInt(body.slice(0, 2), 16)) : undefined;
        if (n === undefined || !new RegExp(`^[0-9a-fA-F]{${2 * n}}$`).test(body)) {
          throw new Error(`invalid key "${s}": expected a BidAddr in hex after "bid-addr-" (a tag 00..09, then 32, 64 or 40 bytes as the tag says)`);
        }
        return { tag: Number(tag), data: fromHex(body) };
      }
      if (!/^[0-9a-fA-F]{64}$/.test(body)) throw new Error(`invalid key "${s}": expected 64 hex digits after "${prefix}"`);
      return { tag: Number(tag), data: fromHex(body) };
    }
  }
  throw new Error(`invalid key "${s}": unknown prefix (expected account-hash-, hash-, uref-, balance-, dictionary-, ...)`);
}

const RIGHTS_NAMES = ["NONE", "READ", "WRITE", "READ_WRITE", "ADD", "READ_ADD", "ADD_WRITE", "READ_ADD_WRITE"];

/** `URef(<hex>, READ_ADD_WRITE)`, the node's Display for URef (uref.rs). */
export function displayURef(u: URef): string {
  return `URef(${toHex(u.addr)}, ${RIGHTS_NAMES[u.rights] ?? "UNKNOWN"})`;
}

export function accessRightsName(rights: number): string {
  return RIGHTS_NAMES[rights] ?? "UNKNOWN";
}

/** The node's Display for Key (key.rs): `Key::Hash(<hex>)`, `Key::URef(<hex>, READ)`, ... */
export function displayKey(key: Key): string {
  if (key.tag === KeyTag.URef) return `Key::${displayURef(keyAsURef(key)!)}`;
  if (key.tag === KeyTag.EraInfo) return `Key::EraInfo(${new DataView(key.data.buffer, key.data.byteOffset, 8).getBigUint64(0, true)})`;
  // MessageAddr's Display drops the prefixes of its formatted string; BlockGlobalAddr's is its tag in hex
  if (key.tag === KeyTag.Message) return `Key::Message(${formatMessageKey(key.data).replace(/^message-(topic-)?/, "")})`;
  if (key.tag === KeyTag.BlockGlobal) return `Key::BlockGlobal(${toHex(key.data.subarray(0, 1))}-${toHex(key.data.subarray(1))})`;
  // BalanceHoldAddr's Display: tag-purse-Timestamp
  if (key.tag === KeyTag.BalanceHold) return `Key::BalanceHold(${toHex(key.data.subarray(0, 1))}-${toHex(key.data.subarray(1, 33))}-${new Date(Number(balanceHoldTime(key.data))).toISOString()})`;
  return `Key::${keyKind(key)}(${toHex(key.data)})`;
}
