// The mint, native (casper-node v1.5.8 system/mint.rs + runtime/mint_internal.rs): purses are URefs
// whose balance lives under Key::Balance(addr); `transfer` moves motes between purses with the
// access-rights, spending-limit and call-context rules of the node. Entry points, args, return
// types and error numbers are the node's (types/src/system/mint/*).

import { CLT, clOption, clResult, clTuple2, clByteArray } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv, clValueInto } from "../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, balanceKey, encodeURef, keyAsURef, transferKey, urefKey } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { Phase } from "../state/address-generator.ts";
import { MintError, apiError } from "../runtime/api-error.ts";
import { ExecError, execErrors } from "../runtime/errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { GenesisInstaller, SystemContract } from "../runtime/system-api.ts";
import { arg } from "./args.ts";
import { rulesFor } from "../runtime/protocol/by-protocol.ts";
import { MINT_TRANSFER_RULES } from "../runtime/protocol/mint-transfer.ts";
import { TRANSFER_RECORD_RULES } from "../runtime/protocol/transfer-records.ts";

export const TOTAL_SUPPLY_KEY = "total_supply";
export const ROUND_SEIGNIORAGE_RATE_KEY = "round_seigniorage_rate";

/** A mint failure, turned into Result::Err(u8) or a revert depending on the entry point. */
class MintFailure extends Error {
  constructor(readonly code: number) {
    super(`mint error ${code}`);
  }
}

const fail = (code: number): never => {
  throw new MintFailure(code);
};

const isSystem = (hash: Uint8Array) => toHex(hash) === toHex(SYSTEM_ACCOUNT_HASH);
const RESULT_UNIT_U8 = clResult(CLT.Unit, CLT.U8);
const okUnit = (): CLValue => clv.resultOk(CLT.Unit, CLT.U8, new Uint8Array(0));
const errU8 = (ok: typeof CLT.Unit | typeof CLT.URef, code: number): CLValue => clv.resultErr(ok, CLT.U8, new Uint8Array([code]));

function readBalance(rt: Runtime, purse: URef): bigint | undefined {
  try {
    return rt.context.readBalance(purse);
  } catch (e) {
    if (e instanceof ExecError) fail(MintError.CLValue);
    throw e;
  }
}

function writeBalance(rt: Runtime, purse: URef, amount: bigint): void {
  rt.context.writeGsUnsafe(balanceKey(purse.addr), { kind: "CLValue", value: clv.u512(amount) });
}

function addBalance(rt: Runtime, purse: URef, amount: bigint): void {
  try {
    rt.context.addGsUnsafe(balanceKey(purse.addr), { kind: "CLValue", value: clv.u512(amount) });
  } catch (e) {
    if (e instanceof ExecError && e.kind !== "GasLimit") fail(MintError.Storage);
    throw e;
  }
}

function namedURef(rt: Runtime, name: string, missing: number): URef {
  const k = rt.context.namedKeys.get(name);
  if (!k) fail(missing);
  const u = keyAsURef(k!);
  if (!u) fail(MintError.MissingKey);
  return u!;
}

function readU512At(rt: Runtime, u: URef): bigint | undefined {
  const v = rt.context.readGs(urefKey(u));
  if (!v) return undefined;
  if (v.kind !== "CLValue") fail(MintError.CLValue);
  try {
    return clValueInto((v as Extract<typeof v, { kind: "CLValue" }>).value, CLT.U512, (r) => r.bigUint(64, "U512"));
  } catch {
    return fail(MintError.CLValue);
  }
}

/** `mint`: a new purse; only the system may create one with a non-zero balance. */
function mint(rt: Runtime, initial: bigint): URef {
  if (initial !== 0n && !isSystem(rt.context.caller)) fail(MintError.InvalidNonEmptyPurseCreation);
  const purse = rt.context.newURef({ kind: "CLValue", value: clv.unit() });
  writeBalance(rt, purse, initial);
  if (initial !== 0n) {
    const supply = namedURef(rt, TOTAL_SUPPLY_KEY, MintError.TotalSupplyNotFound);
    rt.context.addGs(urefKey(supply), { kind: "CLValue", value: clv.u512(initial) });
  }
  return purse;
}

function reduceTotalSupply(rt: Runtime, amount: bigint): void {
  if (!isSystem(rt.context.caller)) fail(MintError.InvalidTotalSupplyReductionAttempt);
  if (amount === 0n) return;
  const supplyURef = namedURef(rt, TOTAL_SUPPLY_KEY, MintError.MissingKey);
  const supply = readU512At(rt, supplyURef);
  if (supply === undefined) fail(MintError.TotalSupplyNotFound);
  if (supply! < amount) fail(MintError.ArithmeticOverflow);
  rt.context.writeGs(urefKey(supplyURef), { kind: "CLValue", value: clv.u512(supply! - amount) });
}

/** `record_transfer`: only in the session phase; where the record is kept is a protocol rule (transfer-records.ts). */
function recordTransfer(rt: Runtime, to: Uint8Array | undefined, source: URef, target: URef, amount: bigint, id: bigint | undefined): void {
  if (rt.exec.phase !== Phase.Session) return;
  const rules = rulesFor(TRANSFER_RECORD_RULES, rt.exec.config.protocol);
  const gas = rules.gas === "zero" ? 0n : rt.exec.config.wasmlessTransferCost;
  const transfer = { deployHash: rt.exec.deployHash, from: rt.context.account.accountHash, to, source, target, amount, gas, id };
  if (rules.kept === "execution-result") {
    rt.exec.transfers.push({ transfer });
    return;
  }
  const address = rt.exec.addressGenerator.createAddress();
  rt.exec.transfers.push({ transfer, address });
  rt.exec.state.write(transferKey(address), { kind: "Transfer", transfer });
}

/** `Mint::transfer` (system/mint.rs). */
function transfer(rt: Runtime, to: Uint8Array | undefined, source: URef, target: URef, amount: bigint, id: bigint | undefined): void {
  const rules = rulesFor(MINT_TRANSFER_RULES, rt.exec.config.protocol);
  const prev = rt.stack.previous();
  // 1.5.8: stored session code may not move motes with the mint in the session phase
  if (rules.storedSessionIsInvalidContext && rt.exec.phase === Phase.Session && prev?.kind === "StoredSession") fail(MintError.InvalidContext);
  if (!rt.exec.config.allowUnrestrictedTransfers) checkRestrictedTransfer(rt, to, target);
  if (rules.sourceMustBeReadable && (source.rights & AccessRights.READ) === 0) fail(MintError.InvalidAccessRights);
  if ((source.rights & AccessRights.WRITE) === 0 || (target.rights & AccessRights.ADD) === 0) fail(MintError.InvalidAccessRights);
  const sourceBalance = readBalance(rt, source);
  if (sourceBalance === undefined) fail(MintError.SourceNotFound);
  // 2.0 checks the AVAILABLE balance (less holds) and writes the total less the amount
  if (amount > rt.context.availableBalance(source)!) fail(MintError.InsufficientFunds);
  if (readBalance(rt, target) === undefined) fail(MintError.DestNotFound);
  const ctx = rt.context;
  if (!isSystem(ctx.caller) && toHex(ctx.account.mainPurse.addr) === toHex(source.addr)) {
    if (amount > ctx.remainingSpendingLimit) fail(MintError.UnapprovedSpendingAmount);
    ctx.remainingSpendingLimit -= amount;
  }
  writeBalance(rt, source, sourceBalance! - amount);
  addBalance(rt, target, amount);
  recordTransfer(rt, to, source, target, amount, id);
}

/** Private chains (allow_unrestricted_transfers = false): only administrators move motes freely. */
function checkRestrictedTransfer(rt: Runtime, to: Uint8Array | undefined, target: URef): void {
  const admins = rt.exec.config.administrators;
  const prev = rt.stack.previous();
  if (!prev) fail(MintError.DisabledUnrestrictedTransfers);
  if (prev!.kind !== "Session" && rt.exec.systemContractName(prev!.contractHash) !== undefined) return;
  if (prev!.kind === "StoredSession" || prev!.kind === "StoredContract") {
    const who = prev!.kind === "StoredSession" ? prev!.accountHash : rt.context.caller;
    if (!isSystem(who) && !admins.has(toHex(who))) fail(MintError.DisabledUnrestrictedTransfers);
    return;
  }
  const session = prev as Extract<typeof prev, { kind: "Session" }>;
  if (rt.exec.phase === Phase.Payment && rt.loaded === undefined) return;
  if (isSystem(session.accountHash)) return;
  const sourceAdmin = admins.has(toHex(session.accountHash));
  if (to === undefined) {
    if (!sourceAdmin) fail(MintError.DisabledUnrestrictedTransfers);
    return;
  }
  const target_ = rt.exec.state.read({ tag: 0, data: to });
  if (!target_) {
    if (!sourceAdmin) fail(MintError.DisabledUnrestrictedTransfers);
    return;
  }
  if (target_.kind !== "Account" || toHex(target_.account.mainPurse.addr) !== toHex(target.addr)) fail(MintError.DisabledUnrestrictedTransfers);
  const acct = (target_ as Extract<typeof target_, { kind: "Account" }>).account;
  if (!(sourceAdmin || isSystem(acct.accountHash) || admins.has(toHex(acct.accountHash)))) fail(MintError.DisabledUnrestrictedTransfers);
}

function readBaseRoundReward(rt: Runtime): bigint {
  const supply = readU512At(rt, namedURef(rt, TOTAL_SUPPLY_KEY, MintError.MissingKey));
  if (supply === undefined) fail(MintError.TotalSupplyNotFound);
  const rateURef = namedURef(rt, ROUND_SEIGNIORAGE_RATE_KEY, MintError.MissingKey);
  const v = rt.context.readGs(urefKey(rateURef));
  if (!v || v.kind !== "CLValue") return fail(MintError.TotalSupplyNotFound);
  const [numer, denom] = clValueInto(v.value, clTuple2(CLT.U512, CLT.U512), (r) => [r.bigUint(64, "U512"), r.bigUint(64, "U512")]);
  return (numer * supply!) / denom;
}

function mintIntoExistingPurse(rt: Runtime, purse: URef, amount: bigint): void {
  if (!isSystem(rt.context.caller)) fail(MintError.InvalidContext);
  if (amount === 0n) return;
  if (readBalance(rt, purse) === undefined) fail(MintError.PurseNotFound);
  addBalance(rt, purse, amount);
  const supply = namedURef(rt, TOTAL_SUPPLY_KEY, MintError.TotalSupplyNotFound);
  rt.context.addGs(urefKey(supply), { kind: "CLValue", value: clv.u512(amount) });
}

/** Run `fn`; a mint failure becomes Result::Err(u8) (GasLimit stays an execution error). */
function asResult(ok: typeof CLT.Unit | typeof CLT.URef, fn: () => CLValue): CLValue {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MintFailure) {
      if (e.code === MintError.GasLimit) throw execErrors.gasLimit();
      return errU8(ok, e.code);
    }
    throw e;
  }
}

/** Run `fn`; a mint failure reverts with ApiError::Mint(n) (`Runtime::reverter`). */
function orRevert<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MintFailure) {
      if (e.code === MintError.GasLimit) throw execErrors.gasLimit();
      throw ExecError.revert(apiError.mint(e.code));
    }
    throw e;
  }
}

const p = (name: string, clType: EntryPoint["ret"]) => ({ name, clType });
const ep = (name: string, args: { name: string; clType: EntryPoint["ret"] }[], ret: EntryPoint["ret"]): EntryPoint => ({
  name, args, ret, access: { kind: "Public" }, entryPointType: "Contract",
});

export const mintContract: SystemContract = {
  name: "mint",
  index: 0,

  entryPoints: () => [
    ep("mint", [p("amount", CLT.U512)], clResult(CLT.URef, CLT.U8)),
    ep("reduce_total_supply", [p("amount", CLT.U512)], RESULT_UNIT_U8),
    ep("create", [], CLT.URef),
    ep("balance", [p("purse", CLT.URef)], clOption(CLT.U512)),
    ep("transfer", [p("to", clOption(clByteArray(32))), p("source", CLT.URef), p("target", CLT.URef), p("amount", CLT.U512), p("id", clOption(CLT.U64))], RESULT_UNIT_U8),
    ep("read_base_round_reward", [], CLT.U512),
    ep("mint_into_existing_purse", [p("amount", CLT.U512), p("purse", CLT.URef)], RESULT_UNIT_U8),
  ],

  install(genesis: GenesisInstaller): Map<string, Key> {
    const [numer, denom] = genesis.roundSeigniorageRate;
    const w = new ByteWriter(20);
    w.bigUint(numer, 64, "U512").bigUint(denom, 64, "U512");
    const rate = genesis.newURef({ clType: clTuple2(CLT.U512, CLT.U512), bytes: w.toBytes() });
    const supply = genesis.newURef(clv.u512(0n));
    return new Map<string, Key>([
      [ROUND_SEIGNIORAGE_RATE_KEY, urefKey(rate)],
      [TOTAL_SUPPLY_KEY, urefKey(supply)],
    ]);
  },

  call(rt: Runtime, entryPoint: string, args: readonly NamedArg[]): CLValue {
    switch (entryPoint) {
      case "mint": {
        const amount = arg.u512(args, "amount");
        return asResult(CLT.URef, () => clv.resultOk(CLT.URef, CLT.U8, encodeURef(mint(rt, amount))));
      }
      case "reduce_total_supply": {
        const amount = arg.u512(args, "amount");
        return asResult(CLT.Unit, () => (reduceTotalSupply(rt, amount), okUnit()));
      }
      case "create":
        return clv.uref(orRevert(() => mint(rt, 0n)));
      case "balance": {
        const purse = arg.uref(args, "purse");
        // 2.0 mint.rs balance: the available balance (the total when nothing is held)
        const balance = orRevert(() => (readBalance(rt, purse) === undefined ? fail(MintError.PurseNotFound) : rt.context.availableBalance(purse)!));
        return clv.option(CLT.U512, clv.u512(balance).bytes);
      }
      case "transfer": {
        const to = arg.optionAccountHash(args, "to");
        const source = arg.uref(args, "source");
        const target = arg.uref(args, "target");
        const amount = arg.u512(args, "amount");
        const id = arg.optionU64(args, "id");
        return asResult(CLT.Unit, () => (transfer(rt, to, source, target, amount, id), okUnit()));
      }
      case "read_base_round_reward":
        return clv.u512(orRevert(() => readBaseRoundReward(rt)));
      case "mint_into_existing_purse": {
        const amount = arg.u512(args, "amount");
        const purse = arg.uref(args, "purse");
        return asResult(CLT.Unit, () => (mintIntoExistingPurse(rt, purse, amount), okUnit()));
      }
      default:
        return clv.unit();
    }
  },
};
