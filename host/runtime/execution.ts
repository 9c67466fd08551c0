// What every call frame of one execution phase (payment, session or finalize) shares: the tracking
// copy, the address generator, the deploy's account and keys, the meter, trace and print output.
// (casper-node passes these around inside RuntimeContext::new_from_self.)

import type { Account } from "../bytesrepr/account.ts";
import { CLT, clByteArray, clMap } from "../bytesrepr/cl-type.ts";
import { clValueInto } from "../bytesrepr/cl-value.ts";
import { hexOf, toHex } from "../bytesrepr/hex.ts";
import { type Key, systemContractRegistryKey } from "../bytesrepr/key.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import type { ProtocolVersion } from "../bytesrepr/contract.ts";
import type { Message } from "../bytesrepr/messages.ts";
import type { TransferRecord } from "../bytesrepr/records.ts";
import type { AddressGenerator } from "../state/address-generator.ts";
import type { TrackingCopy } from "../state/tracking-copy.ts";
import { ExecError, execErrors } from "./errors.ts";
import type { Meter } from "./meter.ts";
import type { TraceEntry } from "./trace.ts";
import type { ModuleLoader } from "./modules.ts";
import type { SystemContracts } from "./system-api.ts";
import type { ExecutionKind } from "./protocol/install-upgrade.ts";

/** The chainspec values the runtime needs, resolved once per engine. */
export interface RuntimeConfig {
  readonly protocol: "1.5.8" | "2.0.0";
  readonly protocolVersion: ProtocolVersion;
  readonly maxAssociatedKeys: number;
  readonly maxRuntimeCallStackHeight: number;
  readonly strictArgumentChecking: boolean;
  readonly allowUnrestrictedTransfers: boolean;
  /** administrator account hashes (hex); empty on public chains */
  readonly administrators: ReadonlySet<string>;
  readonly minimumDelegationAmount: bigint;
  readonly maximumDelegationAmount: bigint | undefined;
  readonly minimumBidAmount: bigint;
  readonly maxDelegatorsPerValidator: number;
  /** core.allow_auction_bids: add_bid and delegate are refused when false (private chains) */
  readonly allowAuctionBids: boolean;
  /** core.vesting_schedule_period in ms: how long genesis validators' stakes take to vest */
  readonly vestingSchedulePeriodMillis: bigint;
  /** refund_handling.refund_ratio as [numerator, denominator] */
  readonly refundRatio: readonly [bigint, bigint];
  readonly feeHandling: "pay_to_proposer" | "accumulate" | "burn" | "no_fee";
  /** a native transfer's cost: 1.5.8 system_costs.wasmless_transfer_cost, 2.0 mint_costs.transfer */
  readonly wasmlessTransferCost: bigint;
  readonly maxMemoryPages: number;
  /** wasm.messages_limits (2.0; 1.5.8 has no messages): topic name bytes, topics per contract, payload bytes */
  readonly maxTopicNameSize: number;
  readonly maxTopicsPerContract: number;
  readonly maxMessageSize: number;
  /** core.enable_addressable_entity (false on the public 2.0 networks; casper_get_block_info field 5) */
  readonly enableAddressableEntity: boolean;
}

/**
 * The block an execution belongs to (casper-types 2.0 BlockInfo, what casper_get_block_info reads):
 * the node passes the block's height, its parent's hash and the state root hash it executes on.
 */
export interface BlockInfo {
  readonly height: bigint;
  readonly parentHash: Uint8Array;
  /** the state root hash the execution starts from (computed when asked for) */
  stateHash(): Uint8Array;
}

const ZERO_HASH = new Uint8Array(32);
export const NO_BLOCK: BlockInfo = { height: 0n, parentHash: ZERO_HASH, stateHash: () => ZERO_HASH };

/** What the host-function charge needs besides the args (GasMeter reads it for casper_emit_message). */
export interface HostGasState {
  /** messages emitted successfully so far in this phase (runtime_context emit_message_cost grows per message) */
  messagesEmitted: number;
}

interface Registry {
  readonly byName: Map<string, Uint8Array>;
  readonly byHex: Map<string, string>;
}

// the registry value rarely changes: decode each stored version once
const registries = new WeakMap<StoredValue, Registry>();

function registryOf(state: { read(key: Key): StoredValue | undefined }): Registry {
  const v = state.read(systemContractRegistryKey);
  if (!v || v.kind !== "CLValue") throw new ExecError("MissingSystemContractRegistry", "Missing system contract registry");
  let reg = registries.get(v);
  if (!reg) {
    const byName = clValueInto(v.value, clMap(CLT.String, clByteArray(32)), (r) => {
      const n = r.u32();
      const m = new Map<string, Uint8Array>();
      for (let i = 0; i < n; i++) m.set(r.string(), r.raw(32));
      return m;
    });
    reg = { byName, byHex: new Map([...byName].map(([name, h]) => [toHex(h), name])) };
    registries.set(v, reg);
  }
  return reg;
}

/** Key::SystemContractRegistry: BTreeMap<String, ContractHash> (engine_state/system_contract_registry.rs). */
export function readSystemRegistry(state: { read(key: Key): StoredValue | undefined }): Map<string, Uint8Array> {
  return registryOf(state).byName;
}

/** A transfer the mint recorded: the record, and (1.5.8) the address of its Key::Transfer. */
export interface RecordedTransfer {
  readonly transfer: TransferRecord;
  /** 1.5.8 only: the Key::Transfer address it was written under */
  readonly address?: Uint8Array;
}

export class Execution {
  private registry: Registry | undefined;

  constructor(
    readonly config: RuntimeConfig,
    readonly state: TrackingCopy,
    /** the deploy's account as it was when the phase started (RuntimeContext::account) */
    readonly account: Account,
    /** approvals' account hashes (hex) */
    readonly authorizationKeys: ReadonlySet<string>,
    readonly deployHash: Uint8Array,
    /** block time, ms since the Unix epoch */
    readonly blocktime: bigint,
    readonly phase: number,
    readonly addressGenerator: AddressGenerator,
    readonly meter: Meter,
    readonly modules: ModuleLoader,
    readonly system: SystemContracts,
    readonly trace: TraceEntry[] | undefined,
    readonly prints: string[],
    /** (system executions such as the era step run outside any deploy's block: height 0, zero hashes) */
    readonly block: BlockInfo = NO_BLOCK,
    /** what this phase runs, as 2.0's ExecutionKind names it (who may add contract versions: install-upgrade.ts) */
    readonly executionKind: ExecutionKind = "Deploy",
  ) {}

  /** Transfers recorded by the mint during this phase (transfer-records.ts: where each is kept). */
  readonly transfers: RecordedTransfer[] = [];

  /** Messages emitted during this phase (tracking_copy `messages`), in order. */
  readonly messages: Message[] = [];

  /** host-messages.ts's working state for this phase (emitters, topics, the block's message count) */
  messagesState: unknown = undefined;

  /** Counters the host-function charge depends on (one per phase: each phase has its own RuntimeContext). */
  readonly hostGas: HostGasState = { messagesEmitted: 0 };
  systemRegistry(): Map<string, Uint8Array> {
    return (this.registry ??= registryOf(this.state)).byName;
  }

  systemContractHash(name: string): Uint8Array {
    const h = this.systemRegistry().get(name);
    if (!h) throw execErrors.missingSystemContractHash(name);
    return h;
  }

  /** Name of the system contract with this hash, if it is one. */
  systemContractName(hash: Uint8Array): string | undefined {
    return (this.registry ??= registryOf(this.state)).byHex.get(hexOf(hash));
  }
}
