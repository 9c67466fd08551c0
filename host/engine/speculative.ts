// A dry run, as casper-node 2.0 contract_runtime/operations.rs `speculatively_execute` makes it for a
// Deploy: only the session runs, against the given state, and nothing is committed. There is no
// payment, no refund and no fee: the gas limit is the payment's `amount` (types deploy.rs
// `GasLimited::gas_limit`, payment_limited), and the session sees the block time of the tip plus the
// chainspec's minimum_block_time, the tip's height and the tip's hash as its parent (BlockInfo::new in
// speculatively_execute). A Wasm session runs as engine_state/mod.rs `ExecutionEngineV1::
// execute` runs it (authorize the account, resolve the stored item, Executor::exec); a failed
// session keeps its consumed gas but no effects and no transfers (executor.rs). A native transfer runs
// as the transfer request does (state/mod.rs `transfer`): limit = consumed = mint_costs.transfer.
import { CLT, clTypeEquals } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { getArg } from "../bytesrepr/runtime-args.ts";
import { Phase } from "../state/address-generator.ts";
import { TrackingCopy, type JournalEntry } from "../state/tracking-copy.ts";
import { type ExecError, toExecError } from "../runtime/errors.ts";
import type { Message } from "../bytesrepr/messages.ts";
import { rulesFor } from "../runtime/protocol/by-protocol.ts";
import { DEPLOY_PAYMENT_RULES } from "../runtime/protocol/deploy-payment.ts";
import type { DeployItem } from "./deploy-item.ts";
import { type ChainContext, DeployRun, authorizedAccount, resolveStoredItem, runCode } from "./execute.ts";
import { moveNativeTransfer } from "./native-transfer.ts";
import { executionKindOf } from "./payment-limited.ts";

export interface SpeculativeRun {
  /** the gas limit the session ran under */
  readonly limit: bigint;
  /** gas the session consumed (0 when refused before it ran) */
  readonly consumed: bigint;
  /** undefined on success */
  readonly error?: ExecError;
  /** true when the session never ran (authorization, unknown contract, unreadable gas limit) */
  readonly precondition: boolean;
  /** what the session wrote, in order: empty when it failed */
  readonly journal: readonly JournalEntry[];
  /** transfer addresses the session made: empty when it failed */
  readonly transfers: readonly Uint8Array[];
  /** messages the session emitted: empty when it failed */
  readonly messages: readonly Message[];
  /** the session's own view of state (its writes over the base state), to read the transfers it recorded */
  readonly state: TrackingCopy;
}

/** The block a dry run sees: the tip's time plus minimum_block_time, the tip's height, the tip as parent. */
export interface SpeculativeBlock {
  blocktime: bigint;
  height: bigint;
  parentHash: Uint8Array;
}

/** Runs `item`'s session on `chain.state` in `block` and commits nothing. */
export function speculativeSession(chain: ChainContext, item: DeployItem, block: SpeculativeBlock): SpeculativeRun {
  const at: ChainContext = {
    state: chain.state,
    config: chain.config,
    system: chain.system,
    modules: chain.modules,
    proposer: chain.proposer,
    blocktime: block.blocktime,
    blockHeight: block.height,
    parentBlockHash: block.parentHash,
    trace: false,
    meterFor: (phase, gasLimit) => chain.meterFor(phase, gasLimit),
    purseOwner: (addr) => chain.purseOwner(addr),
  };
  const run = new DeployRun(at, item);
  const state = new TrackingCopy(chain.state);
  const refused = (limit: bigint, e: unknown): SpeculativeRun => ({
    limit, consumed: 0n, error: toExecError(e), precondition: true, journal: [], transfers: [], messages: [], state,
  });

  if (item.session.kind === "Transfer") {
    const limit = chain.config.nativeTransferCost;
    let account;
    try {
      account = authorizedAccount(at, state, item);
    } catch (e) {
      return refused(limit, e);
    }
    try {
      const transfers = moveNativeTransfer(run, state, account, item.session.args);
      return { limit, consumed: limit, precondition: false, journal: state.journal, transfers, messages: [], state };
    } catch (e) {
      return { limit, consumed: limit, error: toExecError(e), precondition: false, journal: [], transfers: [], messages: [], state };
    }
  }

  const limit = paymentAmount(item.payment.args);
  let account;
  let contract: Uint8Array | undefined;
  try {
    account = authorizedAccount(at, state, item);
    const { deployItemVersion } = rulesFor(DEPLOY_PAYMENT_RULES, chain.config.runtime.protocol);
    contract = resolveStoredItem(state, account, item.session, chain.config.runtime.protocolVersion.major, deployItemVersion);
  } catch (e) {
    return refused(limit, e);
  }
  const exec = run.execution(state, account, Phase.Session, limit, executionKindOf(item.session, "session"));
  try {
    runCode(run, exec, account, item.session, contract);
  } catch (e) {
    return { limit, consumed: exec.meter.used, error: toExecError(e), precondition: false, journal: [], transfers: [], messages: [], state };
  }
  return { limit, consumed: exec.meter.used, precondition: false, journal: state.journal, transfers: [...exec.transfers], messages: [...exec.messages], state };
}

/** The payment's `amount` as U512: the deploy's gas limit under payment_limited pricing (0 when unreadable: the acceptor refuses such deploys first). */
function paymentAmount(args: Parameters<typeof getArg>[0]): bigint {
  const v: CLValue | undefined = getArg(args, "amount");
  if (!v || !clTypeEquals(v.clType, CLT.U512)) return 0n;
  try {
    const r = new ByteReader(v.bytes);
    const n = r.bigUint(64, "U512");
    r.expectEnd("amount");
    return n;
  } catch {
    return 0n;
  }
}
