// The Rust-built CEP-78 enhanced NFT (casper-cep78-js-client@1.5.1: contract.wasm and the client's session
// wasm = casper-ecosystem/cep-78-enhanced-nft v1.5.1) run unchanged on the local engine: install with a
// minimal config, mint through the client's mint_call session (register_owner + mint, whose returned URef and
// receipt Key the session puts under the account), read balance and owner through balance_of_call /
// owner_of_call (session code calling the stored contract, put_key of the result), transfer through
// transfer_call, receipts through updated_receipts (call_versioned_contract), the contract's user errors,
// and the gas properties the contract's own tests assert (tests/src/costs.rs). Expectations come from the
// contract's sources and the client's TS, computed here with casper-js-sdk and @noble/hashes.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine, type EngineSnapshot } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { formatKey } from "../host/bytesrepr/key.ts";
import { cep78Wasm } from "./helpers/rust-contracts.ts";

const { CLValue, Key } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;

const CSPR = 1_000_000_000n;
const INSTALL_PAYMENT = 800n * CSPR;
const PAYMENT = 20n * CSPR;

// contract/src/error.rs (v1.5.1)
const ERR = {
  InvalidAccount: 1,
  InvalidTokenOwner: 6,
  MissingCollectionName: 17,
  InvalidTokenIdentifier: 28,
  InvalidMinter: 36,
  PreviouslyBurntToken: 42,
  MintingIsPaused: 59,
  ContractAlreadyInitialized: 58,
  InvalidCustomMetadata: 95,
  InvalidMetadataMutability: 102,
  CannotInstallWithZeroSupply: 123,
  UnregisteredOwnerInMint: 127,
  UnregisteredOwnerInTransfer: 128,
  InvalidReportingMode: 130,
} as const;

// the client's enums (dist/src/types.d.ts) = contract/src/modalities.rs
const OwnershipMode = { Minter: 0, Assigned: 1, Transferable: 2 } as const;
const NFTKind = { Digital: 1 } as const;
const NFTMetadataKind = { CEP78: 0, Raw: 2, CustomValidated: 3 } as const;
const NFTIdentifierMode = { Ordinal: 0, Hash: 1 } as const;
const MetadataMutability = { Immutable: 0, Mutable: 1 } as const;
const OwnerReverseLookupMode = { NoLookup: 0, Complete: 1 } as const;
const EventsMode = { CEP47: 1, CES: 2 } as const;
const MintingMode = { Installer: 0, Public: 1 } as const;
const PAGE_SIZE = 1000; // contract/src/constants.rs

const COLLECTION = "casper-as-nfts";
const META = JSON.stringify({ name: "John Doe", token_uri: "https://www.barfoo.com", checksum: "940bffb3f2bba35f84313aa26da09ece3ad47045c6a1292c2bbd2df4ab1a55fb" });

const bytesOf = (v: SdkCLValue) => Buffer.from(v.bytes());
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u8 = (n: number) => CLValue.newCLUint8(n);
const str = (s: string) => CLValue.newCLString(s);

/** The client's install(): the eight required args and the optional ones given. */
function installArgs(config: { supply?: bigint; ownership?: number; metadataKind?: number; identifier?: number; mutability?: number } = {}, extra: Record<string, SdkCLValue> = {}) {
  return {
    collection_name: str(COLLECTION),
    collection_symbol: str("CAN"),
    total_token_supply: CLValue.newCLUint64(config.supply ?? 100n),
    ownership_mode: u8(config.ownership ?? OwnershipMode.Transferable),
    nft_kind: u8(NFTKind.Digital),
    nft_metadata_kind: u8(config.metadataKind ?? NFTMetadataKind.CEP78),
    identifier_mode: u8(config.identifier ?? NFTIdentifierMode.Ordinal),
    metadata_mutability: u8(config.mutability ?? MetadataMutability.Immutable),
    ...extra,
  };
}

// metered and once unmetered (metering must not change what the contract computes)
const RUNS = [["1.5.8", true], ["1.5.8", false]] as const;

// This build's casper-contract (1.x toolchain) decodes the new contract hash with the length it finds at
// add_contract_version's bytes_written pointer, which a 2.0 node never writes (2.0.0
// execution_engine/src/runtime/externals.rs AddContractVersion): on 2.0 the install reverts.
describe("CEP-78 (Rust, cep-78-enhanced-nft v1.5.1) on protocol 2.0.0", () => {
  it("the install reverts with ApiError::EarlyEndOfStream [17]: casper_add_contract_version leaves bytes_written unwritten", () => {
    const r = new Engine({ protocol: "2.0.0" }).runSession("alice", cep78Wasm("contract"), installArgs(), { payment: INSTALL_PAYMENT });
    r.expectRevert(17);
    expect(r.trace.find((e) => e.name === "casper_add_contract_version")?.result).toBe(0);
  });
});

describe.each(RUNS)("CEP-78 (Rust, cep-78-enhanced-nft v1.5.1) on protocol %s, metered %s", (protocol, metered) => {
  const contractWasm = cep78Wasm("contract");
  const session = {
    mint: cep78Wasm("mint_call"),
    transfer: cep78Wasm("transfer_call"),
    balanceOf: cep78Wasm("balance_of_call"),
    ownerOf: cep78Wasm("owner_of_call"),
    getApproved: cep78Wasm("get_approved_call"),
    updatedReceipts: cep78Wasm("updated_receipts"),
  };
  let engine: Engine;
  let installed: EngineSnapshot;
  let install: ExecutionResult;
  let installedHash: string;
  let contractHash: string; // the contract the helpers below talk to (installedHash unless a test installs another)
  let packageHash: string;

  const accountKey = (name: string) => CLValue.newCLKey(Key.newKey(engine.account(name).accountHash));
  /** utils.rs encode_dictionary_item_key: an account's hash in hex (AccountHash's Display) */
  const ownerItem = (name: string) => engine.account(name).accountHash.slice(13);
  const contractKey = () => CLValue.newCLKey(Key.newKey(contractHash));
  const dict = (name: string, item: string) => engine.dictionaryItem(contractHash, item, name);
  const hasItem = (name: string, item: string) => {
    try {
      dict(name, item);
      return true;
    } catch (e) {
      if (/no dictionary item/.test(String(e))) return false;
      throw e;
    }
  };
  const namedValue = (name: string) => engine.value(contractHash, [name]);
  const tokenOwner = (id: number | string) => hex(bytesOf(dict("token_owners", String(id))));
  const keyHex = (name: string) => hex(bytesOf(accountKey(name)));
  /** casper-types Key::dictionary(seed, item): blake2b-256(seed addr ‖ item bytes) */
  const dictionaryAddress = (seedURef: string, item: string) =>
    `dictionary-${hex(blake2b(Buffer.concat([Buffer.from(seedURef.slice(5, 69), "hex"), Buffer.from(item, "utf8")]), { dkLen: 32 }))}`;
  const receiptName = (page: number) => `cep78_${COLLECTION}_m_${PAGE_SIZE}_p_${page}`;

  const mintCall = (from: string, owner: string, meta = META) =>
    engine.runSession(from, session.mint, {
      nft_contract_hash: contractKey(),
      token_owner: accountKey(owner),
      token_meta_data: str(meta),
      collection_name: str(COLLECTION),
    }, { payment: PAYMENT });
  const transferCall = (from: string, source: string, target: string, tokenId: bigint) =>
    engine.runSession(from, session.transfer, {
      nft_contract_hash: contractKey(),
      source_key: accountKey(source),
      target_key: accountKey(target),
      is_hash_identifier_mode: CLValue.newCLValueBool(false),
      token_id: CLValue.newCLUint64(tokenId),
    }, { payment: PAYMENT });
  const registerOwner = (from: string, owner: string) =>
    engine.callByHash(from, contractHash, "register_owner", { token_owner: accountKey(owner) }, { payment: PAYMENT });
  /** balance_of_call: the session stores the u64 under a URef named keyName in the caller's named keys */
  const storedBalance = (who: string, owner: string, keyName = "cep78_balance") => {
    engine.runSession(who, session.balanceOf, { nft_contract_hash: contractKey(), token_owner: accountKey(owner), key_name: str(keyName) }, { payment: PAYMENT }).expectSuccess();
    const v = engine.value(engine.account(who).namedKeys[keyName]);
    expect(v.type.toString()).toBe("U64");
    return BigInt(v.toString());
  };
  const ownerOfCall = (who: string, tokenId: bigint, keyName = "cep78_owner") =>
    engine.runSession(who, session.ownerOf, {
      nft_contract_hash: contractKey(), key_name: str(keyName), is_hash_identifier_mode: CLValue.newCLValueBool(false), token_id: CLValue.newCLUint64(tokenId),
    }, { payment: PAYMENT });

  beforeAll(() => {
    engine = new Engine({ protocol, metered });
    install = engine.runSession(
      "alice",
      contractWasm,
      installArgs({}, { owner_reverse_lookup_mode: u8(OwnerReverseLookupMode.Complete), events_mode: u8(EventsMode.CES) }),
      { payment: INSTALL_PAYMENT },
    );
    install.expectSuccess();
    installedHash = engine.account("alice").namedKeys[`cep78_contract_hash_${COLLECTION}`];
    packageHash = engine.account("alice").namedKeys[`cep78_contract_package_${COLLECTION}`];
    installed = engine.snapshot();
  });

  beforeEach(() => {
    engine.restore(installed);
    contractHash = installedHash;
  });

  it("install: the account's named keys, the package, the entry points", () => {
    const named = engine.account("alice").namedKeys;
    expect(Object.keys(named).sort()).toEqual(
      ["cep78_contract_hash", "cep78_contract_package", "cep78_contract_package_access", "cep78_contract_version"].map((p) => `${p}_${COLLECTION}`).sort(),
    );
    expect(engine.value(named[`cep78_contract_version_${COLLECTION}`]).toString()).toBe("1");
    const pkg = engine.contractPackage(packageHash);
    expect(pkg.versions.map((v) => `hash-${hex(v.contractHash)}`)).toEqual([contractHash]);
    expect(`uref-${hex(pkg.accessKey.addr)}-007`).toBe(named[`cep78_contract_package_access_${COLLECTION}`]);
    // generate_entry_points (main.rs): every exported entry point but `call`
    expect([...engine.entryPoints(contractHash).keys()]).toEqual([
      "approve", "balance_of", "burn", "get_approved", "init", "is_approved_for_all", "metadata", "migrate", "mint",
      "owner_of", "register_owner", "revoke", "set_approval_for_all", "set_token_metadata", "set_variables", "transfer", "updated_receipts",
    ]);
  });

  it("install: init's named keys and values on the contract (main.rs init)", () => {
    const keys = [...engine.namedKeys(contractHash).keys()];
    for (const k of [
      "installer", "collection_name", "collection_symbol", "total_token_supply", "ownership_mode", "nft_kind", "json_schema",
      "minting_mode", "holder_mode", "whitelist_mode", "receipt_name", `cep78_${COLLECTION}`, "nft_metadata_kind", "nft_metadata_kinds",
      "identifier_mode", "metadata_mutability", "burn_mode", "operator_burn_mode", "events_mode", "allow_minting", "number_of_minted_tokens",
      "token_owners", "token_issuers", "approved", "operators", "burnt_tokens", "balances", "metadata_custom_validated", "metadata_cep78",
      "metadata_nft721", "metadata_raw", "hash_by_index", "index_by_hash", "page_table", "acl_whitelist", "acl_package_mode",
      "package_operator_mode", "page_0", "page_limit", "reporting_mode", "rlo_mflag",
      "__events", "__events_length", "__events_schema", "__events_ces_version",
    ]) expect(keys, k).toContain(k);
    expect(keys).toHaveLength(45);
    // installer: Key::Account of the installing account (install_contract's named_keys)
    expect(formatKey(engine.namedKey(contractHash, "installer"))).toBe(engine.account("alice").accountHash);
    expect(namedValue("collection_name").toString()).toBe(COLLECTION);
    expect(namedValue("total_token_supply").type.toString()).toBe("U64");
    expect(namedValue("total_token_supply").toString()).toBe("100");
    expect(namedValue("ownership_mode").toString()).toBe(String(OwnershipMode.Transferable));
    expect(namedValue("number_of_minted_tokens").toString()).toBe("0");
    expect(namedValue("allow_minting").toString()).toBe("true");
    expect(namedValue("minting_mode").toString()).toBe("0"); // Installer: install_contract's default
    expect(namedValue("holder_mode").toString()).toBe("2"); // Mixed
    expect(namedValue("receipt_name").toString()).toBe(`cep78_${COLLECTION}`);
    // the package hash as ContractPackageHash::to_formatted_string (casper-types contracts.rs: "contract-package-")
    expect(namedValue(`cep78_${COLLECTION}`).toString()).toBe(`contract-package-${packageHash.slice(5)}`);
    expect(namedValue("page_limit").toString()).toBe("1"); // max_number_of_pages(100) with PAGE_SIZE 1000
    expect(namedValue("reporting_mode").toString()).toBe(String(OwnerReverseLookupMode.Complete));
  });

  it("install failures: the contract's user errors; nothing is left on the account", () => {
    const fresh = (args: Record<string, SdkCLValue>) => engine.runSession("bob", contractWasm, args, { payment: INSTALL_PAYMENT });
    fresh(installArgs({ supply: 0n })).expectRevert(ERR.CannotInstallWithZeroSupply, { user: true });
    fresh(installArgs({ identifier: NFTIdentifierMode.Hash, mutability: MetadataMutability.Mutable })).expectRevert(ERR.InvalidMetadataMutability, { user: true });
    const { collection_name: _, ...noName } = installArgs();
    fresh(noName).expectRevert(ERR.MissingCollectionName, { user: true });
    // Minter ownership + Installer minting + Complete reverse lookup is refused by install_contract
    fresh(installArgs({ ownership: OwnershipMode.Minter }, { owner_reverse_lookup_mode: u8(OwnerReverseLookupMode.Complete) }))
      .expectRevert(ERR.InvalidReportingMode, { user: true });
    expect(engine.account("bob").namedKeys).toEqual({});
    // init can run only once
    engine.callByHash("alice", contractHash, "init", {}, { payment: PAYMENT }).expectRevert(ERR.ContractAlreadyInitialized, { user: true });
  });

  it("mint through mint_call: register_owner's URef and mint's receipt land in the account's named keys", () => {
    const r = mintCall("alice", "alice");
    r.expectSuccess();
    const named = engine.account("alice").namedKeys;
    // register_owner returned (collection_name, new URef holding the package string): the session put it
    const packageRef = named[COLLECTION];
    expect(packageRef).toMatch(/^uref-[0-9a-f]{64}-007$/);
    expect(engine.value(packageRef).toString()).toBe(`contract-package-${packageHash.slice(5)}`);
    // mint returned (receipt name, Key::dictionary(page_0, owner item), token id): the session put the Key
    const page0 = `uref-${hex(engine.namedKey(contractHash, "page_0").data.subarray(0, 32))}-007`;
    expect(named[receiptName(0)]).toBe(dictionaryAddress(page0, ownerItem("alice")));

    expect(tokenOwner(0)).toBe(keyHex("alice"));
    expect(hex(bytesOf(dict("token_issuers", "0")))).toBe(keyHex("alice"));
    expect(dict("balances", ownerItem("alice")).toString()).toBe("1");
    expect(namedValue("number_of_minted_tokens").toString()).toBe("1");
    // CEP78 metadata is stored as serde_json::to_string_pretty of {name, token_uri, checksum}
    expect(dict("metadata_cep78", "0").toString()).toBe(JSON.stringify(JSON.parse(META), null, 2));
    // the owner's page table (1 page) and page 0 with slot 0 taken
    expect(bytesOf(dict("page_table", ownerItem("alice")))).toEqual(bytesOf(CLValue.newCLList(sdk.CLTypeBool, [CLValue.newCLValueBool(true)])));
    const page = bytesOf(dict("page_0", ownerItem("alice")));
    expect(page.readUInt32LE(0)).toBe(PAGE_SIZE);
    expect([...page.subarray(4, 8)]).toEqual([1, 0, 0, 0]);

    // CES Mint event: recipient Key, token_id String, data String (events_ces.rs)
    const length = Number(namedValue("__events_length").toString());
    const event = bytesOf(dict("__events", String(length - 1))).subarray(4);
    expect(event).toEqual(Buffer.concat([bytesOf(str("event_Mint")), bytesOf(accountKey("alice")), bytesOf(str("0")), bytesOf(str(META))]));
  });

  it("balance and owner through the client's session wasm (call_contract from session, put_key of a new URef)", () => {
    mintCall("alice", "alice").expectSuccess();
    mintCall("alice", "alice").expectSuccess();
    expect(storedBalance("alice", "alice")).toBe(2n);
    expect(storedBalance("bob", "alice", "alice_nfts")).toBe(2n); // anyone may ask
    expect(storedBalance("bob", "bob")).toBe(0n);
    ownerOfCall("carol", 1n).expectSuccess();
    expect(hex(bytesOf(engine.value(engine.account("carol").namedKeys.cep78_owner)))).toBe(keyHex("alice"));
    // a token not minted yet
    ownerOfCall("carol", 7n, "nope").expectRevert(ERR.InvalidTokenIdentifier, { user: true });
    expect(engine.account("carol").namedKeys.nope).toBeUndefined();
  });

  it("transfer through transfer_call: the target must be registered; then ownership, balances, pages and receipts move", () => {
    mintCall("alice", "alice").expectSuccess();
    const unregistered = transferCall("alice", "alice", "bob", 0n);
    unregistered.expectRevert(ERR.UnregisteredOwnerInTransfer, { user: true });
    expect(tokenOwner(0)).toBe(keyHex("alice"));

    registerOwner("bob", "bob").expectSuccess(); // an entry point returning (String, URef) to a deploy
    expect(bytesOf(dict("page_table", ownerItem("bob")))).toEqual(bytesOf(CLValue.newCLList(sdk.CLTypeBool, [CLValue.newCLValueBool(false)])));
    transferCall("alice", "alice", "bob", 0n).expectSuccess();
    expect(tokenOwner(0)).toBe(keyHex("bob"));
    expect(dict("balances", ownerItem("alice")).toString()).toBe("0");
    expect(dict("balances", ownerItem("bob")).toString()).toBe("1");
    expect(bytesOf(dict("page_0", ownerItem("bob")))[4]).toBe(1);
    expect(bytesOf(dict("page_0", ownerItem("alice")))[4]).toBe(0);
    ownerOfCall("dave", 0n).expectSuccess();
    expect(hex(bytesOf(engine.value(engine.account("dave").namedKeys.cep78_owner)))).toBe(keyHex("bob"));

    // failures: alice no longer owns it; alice naming bob as the source is not bob
    transferCall("alice", "alice", "bob", 0n).expectRevert(ERR.InvalidAccount, { user: true });
    transferCall("alice", "bob", "alice", 0n).expectRevert(ERR.InvalidTokenOwner, { user: true });
    expect(tokenOwner(0)).toBe(keyHex("bob"));

    // updated_receipts (call_versioned_contract on the package, latest version): bob's receipt for page 0
    engine.runSession("bob", session.updatedReceipts, { nft_contract_package_hash: CLValue.newCLKey(Key.newKey(packageHash)) }, { payment: PAYMENT }).expectSuccess();
    const page0 = `uref-${hex(engine.namedKey(contractHash, "page_0").data.subarray(0, 32))}-007`;
    expect(engine.account("bob").namedKeys[receiptName(0)]).toBe(dictionaryAddress(page0, ownerItem("bob")));
  });

  it("mint by StoredContractByHash (the entry point `ret`s its receipt at the top level) and approvals", () => {
    const mintDirect = () => engine.callByHash("alice", contractHash, "mint", { token_owner: accountKey("alice"), token_meta_data: str(META) }, { payment: PAYMENT });
    mintDirect().expectRevert(ERR.UnregisteredOwnerInMint, { user: true }); // Complete mode: register first
    registerOwner("alice", "alice").expectSuccess();
    mintDirect().expectSuccess();
    expect(tokenOwner(0)).toBe(keyHex("alice"));

    // approve carol for token 0, read it back with get_approved_call (Option<Key>)
    engine.callByHash("alice", contractHash, "approve", { spender: accountKey("carol"), token_id: CLValue.newCLUint64(0n) }, { payment: PAYMENT }).expectSuccess();
    engine.runSession("dave", session.getApproved, {
      nft_contract_hash: contractKey(), key_name: str("approved0"), is_hash_identifier_mode: CLValue.newCLValueBool(false), token_id: CLValue.newCLUint64(0n),
    }, { payment: PAYMENT }).expectSuccess();
    const approved = engine.value(engine.account("dave").namedKeys.approved0);
    expect(hex(bytesOf(approved))).toBe(`01${keyHex("carol")}`);
    // the approved spender may transfer (to a registered owner)
    registerOwner("alice", "dave").expectSuccess();
    transferCall("carol", "alice", "dave", 0n).expectSuccess();
    expect(tokenOwner(0)).toBe(keyHex("dave"));
    expect(hex(bytesOf(dict("approved", "0")))).toBe("00"); // cleared on transfer
  });

  it("minting is the installer's (MintingMode::Installer): bob's mint_call reverts whole, register_owner's key included", () => {
    mintCall("bob", "bob").expectRevert(ERR.InvalidMinter, { user: true });
    expect(engine.account("bob").namedKeys).toEqual({});
    expect(hasItem("page_table", ownerItem("bob"))).toBe(false);
    expect(namedValue("number_of_minted_tokens").toString()).toBe("0");
  });

  it("hash identifier mode: the token id is base16(blake2b-256(metadata)); owner_of_call by hash", () => {
    engine.runSession("carol", contractWasm, { ...installArgs({ identifier: NFTIdentifierMode.Hash, metadataKind: NFTMetadataKind.Raw }), collection_name: str("hashed") }, { payment: INSTALL_PAYMENT })
      .expectSuccess();
    const hashed = engine.account("carol").namedKeys.cep78_contract_hash_hashed;
    engine.callByHash("carol", hashed, "mint", { token_owner: accountKey("carol"), token_meta_data: str("raw metadata") }, { payment: PAYMENT }).expectSuccess();
    const tokenHash = hex(blake2b(Buffer.from("raw metadata"), { dkLen: 32 }));
    expect(hex(bytesOf(engine.dictionaryItem(hashed, tokenHash, "token_owners")))).toBe(keyHex("carol"));
    engine.runSession("dave", session.ownerOf, {
      nft_contract_hash: CLValue.newCLKey(Key.newKey(hashed)), key_name: str("owner_by_hash"), is_hash_identifier_mode: CLValue.newCLValueBool(true), token_hash: str(tokenHash),
    }, { payment: PAYMENT }).expectSuccess();
    expect(hex(bytesOf(engine.value(engine.account("dave").namedKeys.owner_by_hash)))).toBe(keyHex("carol"));
  });

  it("another configuration: public minting, custom-validated metadata against a JSON schema, operators, burn, CEP-47 events, pausing", () => {
    const schema = JSON.stringify({ properties: { color: { name: "color", description: "the colour", required: true } } });
    engine.runSession("carol", contractWasm, {
      ...installArgs({ supply: 10n, metadataKind: NFTMetadataKind.CustomValidated, mutability: MetadataMutability.Mutable }),
      collection_name: str("custom"),
      json_schema: str(schema),
      minting_mode: u8(MintingMode.Public),
      events_mode: u8(EventsMode.CEP47),
    }, { payment: INSTALL_PAYMENT }).expectSuccess();
    contractHash = engine.account("carol").namedKeys.cep78_contract_hash_custom;
    const call = (from: string, entryPoint: string, args: Record<string, SdkCLValue>) => engine.callByHash(from, contractHash, entryPoint, args, { payment: PAYMENT });
    const id0 = { token_id: CLValue.newCLUint64(0n) };

    call("bob", "mint", { token_owner: accountKey("bob"), token_meta_data: str(JSON.stringify({ size: "L" })) }).expectRevert(ERR.InvalidCustomMetadata, { user: true }); // color is required
    call("bob", "mint", { token_owner: accountKey("bob"), token_meta_data: str(JSON.stringify({ color: "red" })) }).expectSuccess();
    expect(dict("metadata_custom_validated", "0").toString()).toBe(JSON.stringify({ color: "red" }, null, 2));
    const metadata = call("dave", "metadata", id0).expectSuccess(); // an entry point `ret`urning a String to a deploy
    expect(String(metadata.returnValue)).toBe(JSON.stringify({ color: "red" }, null, 2));
    call("bob", "set_token_metadata", { ...id0, token_meta_data: str(JSON.stringify({ color: "blue" })) }).expectSuccess();
    expect(dict("metadata_custom_validated", "0").toString()).toBe(JSON.stringify({ color: "blue" }, null, 2));

    call("bob", "set_approval_for_all", { approve_all: CLValue.newCLValueBool(true), operator: accountKey("carol") }).expectSuccess();
    expect(String(call("dave", "is_approved_for_all", { token_owner: accountKey("bob"), operator: accountKey("carol") }).expectSuccess().returnValue)).toBe("true");
    call("carol", "transfer", { ...id0, source_key: accountKey("bob"), target_key: accountKey("dave") }).expectSuccess();
    expect(tokenOwner(0)).toBe(keyHex("dave"));
    call("dave", "burn", id0).expectSuccess();
    call("dave", "burn", id0).expectRevert(ERR.PreviouslyBurntToken, { user: true });
    expect(hasItem("burnt_tokens", "0")).toBe(true);
    // CEP-47 events: a dictionary named `events`, no CES keys
    expect(engine.namedKeys(contractHash).has("events")).toBe(true);
    expect(engine.namedKeys(contractHash).has("__events")).toBe(false);

    call("bob", "set_variables", { allow_minting: CLValue.newCLValueBool(false) }).expectRevert(ERR.InvalidAccount, { user: true }); // the installer's only
    call("carol", "set_variables", { allow_minting: CLValue.newCLValueBool(false) }).expectSuccess();
    call("bob", "mint", { token_owner: accountKey("bob"), token_meta_data: str(JSON.stringify({ color: "red" })) }).expectRevert(ERR.MintingIsPaused, { user: true });
  });

  it.skipIf(!metered)("gas as the contract's own tests assert it (tests/src/costs.rs): stable mints and transfers once a page exists; no reverse lookup installs cheaper", () => {
    const raw = (name: string, lookup: number, supply = 100n) =>
      engine.runSession("bob", contractWasm, { ...installArgs({ supply, metadataKind: NFTMetadataKind.Raw }, { owner_reverse_lookup_mode: u8(lookup) }), collection_name: str(name) }, { payment: INSTALL_PAYMENT });
    const complete = raw("complete", OwnerReverseLookupMode.Complete, 5000n).expectSuccess();
    const noLookup = raw("nolookup", OwnerReverseLookupMode.NoLookup, 5000n).expectSuccess();
    expect(noLookup.gas).toBeLessThan(complete.gas);
    expect(engine.namedKeys(engine.account("bob").namedKeys.cep78_contract_hash_nolookup).has("page_0")).toBe(false);

    raw(COLLECTION.replace("nfts", "raw"), OwnerReverseLookupMode.Complete).expectSuccess();
    contractHash = engine.account("bob").namedKeys[`cep78_contract_hash_${COLLECTION.replace("nfts", "raw")}`];
    const mint = () => engine.runSession("bob", session.mint, {
      nft_contract_hash: contractKey(), token_owner: accountKey("bob"), token_meta_data: str(""), collection_name: str(COLLECTION.replace("nfts", "raw")),
    }, { payment: PAYMENT }).expectSuccess();
    const mints = [mint(), mint(), mint()];
    expect(mints[1].gas).toBe(mints[2].gas);
    expect(mints[0].gas).toBeGreaterThan(mints[1].gas); // the first allocates the page

    registerOwner("bob", "erin").expectSuccess();
    const transfers = [0n, 1n, 2n].map((id) => transferCall("bob", "bob", "erin", id).expectSuccess());
    expect(transfers[1].gas).toBe(transfers[2].gas);
  });
});
