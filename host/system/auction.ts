// The auction system contract's place in the engine: its hash (get_system_contract(3)), its stored
// Contract with the node's entry points (types/src/system/auction/entry_points.rs), and native
// dispatch. The entry points' logic is issue 4's work; until then each call fails with a clear error.

import { CLT, clMap, clOption } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import type { Key } from "../bytesrepr/key.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { ExecError } from "../runtime/errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { SystemContract } from "../runtime/system-api.ts";

const ep = (name: string, args: [string, EntryPoint["ret"]][], ret: EntryPoint["ret"]): EntryPoint => ({
  name,
  args: args.map(([n, clType]) => ({ name: n, clType })),
  ret,
  access: { kind: "Public" },
  entryPointType: "Contract",
});

export const auctionContract: SystemContract = {
  name: "auction",
  index: 3,

  entryPoints: () => [
    ep("get_era_validators", [], clOption(clMap(CLT.PublicKey, CLT.U512))),
    ep("add_bid", [["public_key", CLT.PublicKey], ["delegation_rate", CLT.U8], ["amount", CLT.U512]], CLT.U512),
    ep("withdraw_bid", [["public_key", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("delegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("undelegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("redelegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512], ["new_validator", CLT.PublicKey]], CLT.U512),
    ep("run_auction", [["era_end_timestamp_millis", CLT.U64]], CLT.Unit),
    ep("slash", [], CLT.Unit),
    ep("distribute", [["reward_factors", clMap(CLT.PublicKey, CLT.U64)]], CLT.Unit),
    ep("read_era_id", [], CLT.U64),
    ep("activate_bid", [["validator_public_key", CLT.PublicKey]], CLT.Unit),
  ],

  install: () => new Map<string, Key>(),

  call(_rt: Runtime, entryPoint: string, _args: readonly NamedArg[]): CLValue {
    throw ExecError.interpreter(`auction entry point "${entryPoint}" is not implemented in the local engine yet (issue 4)`);
  },
};
