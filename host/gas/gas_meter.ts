// The engine's gas counter for one execution phase, charging what casper-node charges with the
// chainspec's tables:
//   wasm     env.gas(cost) calls of instrumented modules (runtime/externals.rs GasFuncIndex)
//   host     host function costs (host_function_costs, host_costs.ts)
//   storage  gas_per_byte x serialized length of each metered write (runtime_context charge_gas_storage)
//   system   system contract entry points (system_costs, runtime/mod.rs call_host_mint/handle_payment/auction)
// A charge that would pass the limit sets the counter to the limit and ends the execution with
// GasLimit (runtime_context/mod.rs `charge_gas`), so the counter never reads more than the limit.
//
// The wasm charge is the hot path (one call per metered block): it adds plain numbers and only falls
// back to bigint when the running sum nears the limit or 2^53 (exact for any limit). Host and storage
// charges below 2^53 take the same path (a message-emitting contract makes two per message).

import { execErrors } from "../runtime/errors.ts";
import type { HostGasState } from "../runtime/execution.ts";
import { type GasBreakdown, type Meter, NO_SUCH_ENTRY_POINT } from "../runtime/meter.ts";
import type { Chainspec, SystemCosts } from "./chainspec.ts";
import { type HostGasNumberFunction, type HostGasTable, hostFunctionGas, hostGasTable } from "./host_costs.ts";

export { NO_SUCH_ENTRY_POINT };

// headroom for the number fast path: below 2^53 by more than one u32 charge
const FAST_PATH_CEILING = 2 ** 53 - 2 ** 33;
const FAST_PATH_CEILING_BIG = BigInt(FAST_PATH_CEILING);

type GasClass = keyof GasBreakdown;

/** System contract name (as the registry names it) -> its system_costs table. */
function systemTable(costs: SystemCosts, contract: string): Record<string, bigint> | undefined {
  switch (contract) {
    case "mint": return costs.mint_costs;
    case "handle payment": return costs.handle_payment_costs;
    case "auction": return costs.auction_costs;
    case "standard payment": return costs.standard_payment_costs;
    default: return undefined;
  }
}

/** system_costs for one entry point (runtime/mod.rs call_host_*); 0n where the node charges nothing. */
export function systemContractGas(costs: SystemCosts, contract: string, entryPoint: string): bigint {
  // casper-node 2.0 runtime/mod.rs execute_contract: a missing entry point of a system contract
  if (entryPoint === NO_SUCH_ENTRY_POINT) return costs.no_such_entrypoint ?? 0n;
  // v1.5.8 call_host_handle_payment: distribute_accumulated_fees is charged finalize_payment's cost
  if (contract === "handle payment" && entryPoint === "distribute_accumulated_fees") return costs.handle_payment_costs.finalize_payment ?? 0n;
  // 2.0 runtime/mod.rs call_host_auction: the entry point named " change_bid_public_key" (constants.rs,
  // leading space) is charged auction_costs.change_bid_public_key
  if (contract === "auction" && entryPoint === " change_bid_public_key") return costs.auction_costs.change_bid_public_key ?? 0n;
  // v1.5.8: an entry point without a cost (the `_ =>` arm) runs uncharged
  return systemTable(costs, contract)?.[entryPoint] ?? 0n;
}

interface Snapshot {
  readonly wasm: bigint;
  readonly host: bigint;
  readonly storage: bigint;
  readonly system: bigint;
}

export class GasMeter implements Meter {
  readonly active = true;
  readonly metersStorage = true;
  readonly limit: bigint;

  /** total charged so far, except `pending` */
  private spent = 0n;
  /** gas not yet folded into `spent` (a plain number: the hot path), and its split by class */
  private pending = 0;
  private readonly pendingClasses = { wasm: 0, host: 0, storage: 0, system: 0 };
  /** how far `pending` may grow before the exact path must check the limit */
  private headroom = 0;
  private readonly classes: { wasm: bigint; host: bigint; storage: bigint; system: bigint } = { wasm: 0n, host: 0n, storage: 0n, system: 0n };
  /** the split at each total read through `used`, so setUsed can put the split back too */
  private readonly snapshots = new Map<bigint, Snapshot>();
  private readonly gasPerByte: bigint;
  private readonly gasPerByteNumber: number;
  /** the host function charges of this chainspec, compiled once per table (set on the first host call) */
  private hostGas: HostGasTable | undefined;

  constructor(private readonly chainspec: Chainspec, limit: bigint) {
    if (limit < 0n) throw new RangeError(`gas limit ${limit} is negative`);
    this.limit = limit;
    this.gasPerByte = BigInt(chainspec.storage_costs.gas_per_byte);
    this.gasPerByteNumber = Number(chainspec.storage_costs.gas_per_byte);
    this.resetHeadroom();
  }

  private resetHeadroom(): void {
    const left = this.limit - this.spent;
    this.headroom = left > FAST_PATH_CEILING_BIG ? FAST_PATH_CEILING : Number(left);
  }

  /** fold the pending gas into the exact counters */
  private flush(): void {
    if (this.pending === 0) return;
    this.spent += BigInt(this.pending);
    const p = this.pendingClasses;
    const c = this.classes;
    if (p.wasm !== 0) c.wasm += BigInt(p.wasm);
    if (p.host !== 0) c.host += BigInt(p.host);
    if (p.storage !== 0) c.storage += BigInt(p.storage);
    if (p.system !== 0) c.system += BigInt(p.system);
    p.wasm = p.host = p.storage = p.system = 0;
    this.pending = 0;
    this.resetHeadroom();
  }

  /** Adds a safe-integer charge to the pending sum when it stays within the headroom (then it cannot pass the limit). */
  private pend(amount: number, cls: GasClass): boolean {
    const next = this.pending + amount;
    if (next > this.headroom) return false;
    this.pending = next;
    this.pendingClasses[cls] += amount;
    return true;
  }

  get used(): bigint {
    this.flush();
    const used = this.spent;
    const c = this.classes;
    this.snapshots.set(used, { wasm: c.wasm, host: c.host, storage: c.storage, system: c.system });
    return used;
  }

  breakdown(): GasBreakdown {
    this.flush();
    const c = this.classes;
    return { wasm: c.wasm, host: c.host, storage: c.storage, system: c.system };
  }

  chargeWasm(cost: number): void {
    const next = this.pending + cost;
    if (next <= this.headroom) {
      this.pending = next;
      this.pendingClasses.wasm += cost;
      return;
    }
    this.flush();
    this.charge(BigInt(cost), "wasm");
  }

  wasmAllowance(): number {
    // pending <= headroom always (pend, chargeWasm), and headroom <= limit - spent
    return this.headroom - this.pending;
  }

  chargeHost(name: string, args: readonly number[], state?: HostGasState): void {
    this.chargeHostBy(this.compiledHostGas().of(name), name, args, state);
  }

  hostCharge(name: string): (args: readonly number[], state?: HostGasState) => void {
    const gas = this.compiledHostGas().of(name);
    return (args, state) => this.chargeHostBy(gas, name, args, state);
  }

  private compiledHostGas(): HostGasTable {
    return (this.hostGas ??= hostGasTable(this.chainspec.wasm));
  }

  /** `gas` computes the charge as a safe integer, or undefined when only the bigint path is exact */
  private chargeHostBy(gas: HostGasNumberFunction, name: string, args: readonly number[], state: HostGasState | undefined): void {
    const n = gas(args, state);
    if (n !== undefined && this.pend(n, "host")) return;
    this.charge(n !== undefined ? BigInt(n) : hostFunctionGas(this.chainspec.wasm, name, args, state), "host");
  }

  chargeStorage(bytes: number): void {
    const n = this.gasPerByteNumber * bytes;
    if (Number.isSafeInteger(n) && this.pend(n, "storage")) return;
    this.charge(this.gasPerByte * BigInt(bytes), "storage");
  }

  chargeSystem(contract: string, entryPoint: string): void {
    this.charge(systemContractGas(this.chainspec.system_costs, contract, entryPoint), "system");
  }

  /** The node's charge_gas: over the limit, the counter becomes the limit and the execution ends. */
  private charge(amount: bigint, cls: GasClass): void {
    if (amount === 0n) return;
    this.flush();
    const next = this.spent + amount;
    if (next > this.limit) {
      this.classes[cls] += this.limit - this.spent;
      this.spent = this.limit;
      this.resetHeadroom();
      throw execErrors.gasLimit();
    }
    this.spent = next;
    this.classes[cls] += amount;
    this.resetHeadroom();
  }

  setUsed(used: bigint): void {
    this.flush();
    if (used === this.spent) return;
    const snap = this.snapshots.get(used);
    if (!snap) throw new Error(`GasMeter.setUsed(${used}): the counter was never read at that value (read \`used\` before the calls to undo)`);
    this.spent = used;
    Object.assign(this.classes, snap);
    this.resetHeadroom();
  }
}
