// ApiError: the numbers a contract reverts with. casper-node v1.5.8 types/src/api_error.rs (1..40); 2.0
// types/src/api_error.rs adds 41..50 (messages, install rules, caller information).
import { casper_revert } from "./env";

export namespace ApiError {
  export const None: u32 = 1;
  export const MissingArgument: u32 = 2;
  export const InvalidArgument: u32 = 3;
  export const Deserialize: u32 = 4;
  export const Read: u32 = 5;
  export const ValueNotFound: u32 = 6;
  export const ContractNotFound: u32 = 7;
  export const GetKey: u32 = 8;
  export const UnexpectedKeyVariant: u32 = 9;
  export const UnexpectedContractRefVariant: u32 = 10;
  export const InvalidPurseName: u32 = 11;
  export const InvalidPurse: u32 = 12;
  export const UpgradeContractAtURef: u32 = 13;
  export const Transfer: u32 = 14;
  export const NoAccessRights: u32 = 15;
  export const CLTypeMismatch: u32 = 16;
  export const EarlyEndOfStream: u32 = 17;
  export const Formatting: u32 = 18;
  export const LeftOverBytes: u32 = 19;
  export const OutOfMemory: u32 = 20;
  export const MaxKeysLimit: u32 = 21;
  export const DuplicateKey: u32 = 22;
  export const PermissionDenied: u32 = 23;
  export const MissingKey: u32 = 24;
  export const ThresholdViolation: u32 = 25;
  export const KeyManagementThreshold: u32 = 26;
  export const DeploymentThreshold: u32 = 27;
  export const InsufficientTotalWeight: u32 = 28;
  export const InvalidSystemContract: u32 = 29;
  export const PurseNotCreated: u32 = 30;
  export const Unhandled: u32 = 31;
  export const BufferTooSmall: u32 = 32;
  export const HostBufferEmpty: u32 = 33;
  export const HostBufferFull: u32 = 34;
  export const AllocLayout: u32 = 35;
  export const DictionaryItemKeyExceedsLength: u32 = 36;
  export const InvalidDictionaryItemKey: u32 = 37;
  export const MissingSystemContractHash: u32 = 38;
  export const ExceededRecursionDepth: u32 = 39;
  export const NonRepresentableSerialization: u32 = 40;
  // casper-node 2.0 only
  export const MessageTopicAlreadyRegistered: u32 = 41;
  export const MaxTopicsNumberExceeded: u32 = 42;
  export const MaxTopicNameSizeExceeded: u32 = 43;
  export const MessageTopicNotRegistered: u32 = 44;
  export const MessageTopicFull: u32 = 45;
  export const MessageTooLarge: u32 = 46;
  export const MaxMessagesPerBlockExceeded: u32 = 47;
  export const NotAllowedToAddContractVersion: u32 = 48;
  export const InvalidDelegationAmountLimits: u32 = 49;
  export const InvalidCallerInfoRequest: u32 = 50;

  // Ranges reserved for the system contracts, then the contract's own errors.
  export const AUCTION_OFFSET: u32 = 64512; // ..=64767
  export const CONTRACT_HEADER_OFFSET: u32 = 64768; // ..=65023
  export const MINT_OFFSET: u32 = 65024; // ..=65279
  export const HANDLE_PAYMENT_OFFSET: u32 = 65280; // ..=65535
  export const USER_OFFSET: u32 = 65536; // ..=131071

  /** `ApiError::User(n)`: a contract's own error number n (0..=65535). */
  // @ts-ignore: decorator
  @inline export function User(n: u16): u32 {
    return USER_OFFSET + <u32>n;
  }
  // @ts-ignore: decorator
  @inline export function Auction(n: u8): u32 {
    return AUCTION_OFFSET + <u32>n;
  }
  // @ts-ignore: decorator
  @inline export function ContractHeader(n: u8): u32 {
    return CONTRACT_HEADER_OFFSET + <u32>n;
  }
  // @ts-ignore: decorator
  @inline export function Mint(n: u8): u32 {
    return MINT_OFFSET + <u32>n;
  }
  // @ts-ignore: decorator
  @inline export function HandlePayment(n: u8): u32 {
    return HANDLE_PAYMENT_OFFSET + <u32>n;
  }

  /**
   * The code Rust's `ApiError::from(u32)` keeps for a host status: known codes and the reserved
   * ranges stay, anything else becomes Unhandled (31). casper-node 2.0 api_error.rs `From<u32>`
   * (1..=50; v1.5.8 knew 1..=40, and its host never returns 41..=50, so one rule serves both).
   */
  export function fromHost(code: u32): u32 {
    // 1..=50 or AUCTION_OFFSET..=131071, as unsigned differences (one compare per range)
    return code - 1 < 50 || code - AUCTION_OFFSET <= 131071 - AUCTION_OFFSET ? code : Unhandled;
  }
}

/** Stops the contract and reverts its effects; the deploy fails with `code`. Never returns. */
// @ts-ignore: decorator (inlined: the host call plus `unreachable` is a byte longer than a call to it)
@inline export function revert(code: u32): void {
  casper_revert(code);
  unreachable();
}

/**
 * Reverts when a host call failed, the way casper-contract's `result_from(ret).unwrap_or_revert()`
 * does: 0 passes, any other status reverts with ApiError::from(status). The status goes to the host
 * as it is: the host makes the same ApiError of it (casper-node v1.5.8 runtime/mod.rs `revert`:
 * `Error::Revert(status.into())`, an unknown code becoming Unhandled), for its own protocol's
 * codes, and charges a revert the same whatever its status.
 */
export function unwrapOrRevert(status: i32): void {
  if (status != 0) revert(<u32>status);
}
