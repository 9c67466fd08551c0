// Calling a contract (`call_contract`, `call_versioned_contract`, a deploy's stored session):
// what each protocol checks and which call-stack frame it pushes.
// 1.5.8: execution_engine/src/core/runtime/mod.rs `execute_contract`, `call_versioned_contract`.
// 2.0.0: execution_engine/src/runtime/mod.rs `execute_contract`, `call_contract_host_buffer`,
//        `call_versioned_contract_host_buffer`; types/src/system/caller.rs.

import type { EntryPointType } from "../../bytesrepr/entry-points.ts";
import type { ByProtocol } from "./by-protocol.ts";

/** The CallStackElement kind a call pushes (load_call_stack's encoding). */
export type PushedFrame = "StoredSession" | "StoredContract";

export interface ContractCallRules {
  /** the frame pushed for a call of an entry point of this type */
  readonly frameFor: (entryPointType: EntryPointType) => PushedFrame;
  /**
   * `call_versioned_contract` with Some(version): "honoured" looks the version up under the current
   * protocol major; "revert" ends the call with ApiError::UnexpectedContractRefVariant (10).
   */
  readonly explicitVersion: "honoured" | "revert";
  /** a contract stored under another protocol major is IncompatibleProtocolMajorVersion */
  readonly checkProtocolMajorVersion: boolean;
  /**
   * once a frame has obtained the payment purse (handle payment `get_payment_purse`), `put_key` of it
   * and `call_contract` / `call_versioned_contract` with it in an argument revert with
   * HandlePayment(AttemptToPersistPaymentPurse)
   */
  readonly guardPaymentPurse: boolean;
}

export const CONTRACT_CALL_RULES: ByProtocol<ContractCallRules> = {
  "1.5.8": {
    // core/runtime/mod.rs execute_contract: CallStackElement::stored_session for a Session entry
    // point (the account's context), stored_contract for a Contract one
    frameFor: (t) => (t === "Session" ? "StoredSession" : "StoredContract"),
    // ContractVersionKey::new(protocol major, version), InvalidContractVersion when absent
    explicitVersion: "honoured",
    // `contract.is_compatible_protocol_version(protocol_version)`
    checkProtocolMajorVersion: true,
    guardPaymentPurse: false,
  },
  "2.0.0": {
    // runtime/mod.rs execute_contract: `stack.push(Caller::smart_contract(package, contract))` for
    // every entry point type; load_call_stack maps it to CallStackElement::StoredContract
    frameFor: () => "StoredContract",
    // CallContractIdentifier::ContractPackage: `if version.is_some() { Revert(UnexpectedContractRefVariant) }`
    explicitVersion: "revert",
    // no protocol version check in execute_contract
    checkProtocolMajorVersion: false,
    // put_key, call_contract_host_buffer, call_versioned_contract_host_buffer: `maybe_payment_purse()`
    guardPaymentPurse: true,
  },
};
