// ApiError: the u32 a contract reverts with, and how the node names it (casper-types v1.5.8
// api_error.rs `From<u32>`, `Debug`, `Display`; system/{mint,handle_payment,auction}/error.rs;
// contracts.rs Error).

const STANDARD = [
  undefined, "None", "MissingArgument", "InvalidArgument", "Deserialize", "Read", "ValueNotFound",
  "ContractNotFound", "GetKey", "UnexpectedKeyVariant", "UnexpectedContractRefVariant",
  "InvalidPurseName", "InvalidPurse", "UpgradeContractAtURef", "Transfer", "NoAccessRights",
  "CLTypeMismatch", "EarlyEndOfStream", "Formatting", "LeftOverBytes", "OutOfMemory", "MaxKeysLimit",
  "DuplicateKey", "PermissionDenied", "MissingKey", "ThresholdViolation", "KeyManagementThreshold",
  "DeploymentThreshold", "InsufficientTotalWeight", "InvalidSystemContract", "PurseNotCreated",
  "Unhandled", "BufferTooSmall", "HostBufferEmpty", "HostBufferFull", "AllocLayout",
  "DictionaryItemKeyExceedsLength", "InvalidDictionaryItemKey", "MissingSystemContractHash",
  "ExceededRecursionDepth", "NonRepresentableSerialization",
  // Casper 2.0 additions (types/src/api_error.rs of the 2.0.0 release)
  "MessageTopicAlreadyRegistered", "MaxTopicsNumberExceeded", "MaxTopicNameSizeExceeded", "MessageTopicNotRegistered",
  "MessageTopicFull", "MessageTooLarge", "MaxMessagesPerBlockExceeded", "NotAllowedToAddContractVersion",
  "InvalidDelegationAmountLimits", "InvalidCallerInfoRequest",
] as const;

/** the last standard code each protocol knows (1.5.8: 40; 2.0.0 adds 41..=50) */
const LAST_STANDARD = { "1.5.8": 40, "2.0.0": 50 } as const;

/** Debug spellings that differ from the variant name (api_error.rs `impl Debug`). */
const DEBUG_NAME: Record<string, string> = {
  DictionaryItemKeyExceedsLength: "DictionaryItemKeyTooLarge",
  MissingSystemContractHash: "MissingContractHash",
};

export const ApiErrorCode = Object.fromEntries(STANDARD.map((n, i) => [n, i]).filter(([n]) => n)) as Record<
  Exclude<(typeof STANDARD)[number], undefined>,
  number
>;

export const MINT_ERRORS = [
  "InsufficientFunds", "SourceNotFound", "DestNotFound", "InvalidURef", "InvalidAccessRights",
  "InvalidNonEmptyPurseCreation", "Storage", "PurseNotFound", "MissingKey", "TotalSupplyNotFound",
  "RecordTransferFailure", "InvalidTotalSupplyReductionAttempt", "NewURef", "PutKey", "WriteDictionary",
  "CLValue", "Serialize", "EqualSourceAndTarget", "ArithmeticOverflow", "GasLimit", "InvalidContext",
  "UnapprovedSpendingAmount", "DisabledUnrestrictedTransfers",
] as const;
export const MintError = Object.fromEntries(MINT_ERRORS.map((n, i) => [n, i])) as Record<(typeof MINT_ERRORS)[number], number>;

export const HANDLE_PAYMENT_ERRORS = [
  "NotBonded", "TooManyEventsInQueue", "CannotUnbondLastValidator", "SpreadTooHigh", "MultipleRequests",
  "BondTooSmall", "BondTooLarge", "UnbondTooLarge", "BondTransferFailed", "UnbondTransferFailed",
  "TimeWentBackwards", "StakesNotFound", "PaymentPurseNotFound", "PaymentPurseKeyUnexpectedType",
  "PaymentPurseBalanceNotFound", "BondingPurseNotFound", "BondingPurseKeyUnexpectedType",
  "RefundPurseKeyUnexpectedType", "RewardsPurseNotFound", "RewardsPurseKeyUnexpectedType",
  "StakesKeyDeserializationFailed", "StakesDeserializationFailed", "SystemFunctionCalledByUserAccount",
  "InsufficientPaymentForAmountSpent", "FailedTransferToRewardsPurse", "FailedTransferToAccountPurse",
  "SetRefundPurseCalledOutsidePayment", "GetBalance", "PutKey", "RemoveKey", "Transfer",
  "ArithmeticOverflow", "GasLimit", "RefundPurseIsPaymentPurse", "ReduceTotalSupply", "Storage",
  "AccumulationPurseNotFound", "AccumulationPurseKeyUnexpectedType",
  // Casper 2.0 additions (types/src/system/handle_payment/error.rs of the 2.0.0 release)
  "IncompatiblePaymentSettings", "UnexpectedKeyVariant", "AttemptToPersistPaymentPurse",
] as const;
export const HandlePaymentError = Object.fromEntries(HANDLE_PAYMENT_ERRORS.map((n, i) => [n, i])) as Record<
  (typeof HANDLE_PAYMENT_ERRORS)[number],
  number
>;

export const AUCTION_ERRORS = [
  "MissingKey", "InvalidKeyVariant", "MissingValue", "Serialization", "TransferToBidPurse", "InvalidAmount",
  "BidNotFound", "ValidatorNotFound", "DelegatorNotFound", "Storage", "Bonding", "Unbonding",
  "ReleaseFounderStake", "GetBalance", "InvalidContext", "ValidatorFundsLocked", "InvalidCaller",
  "InvalidPublicKey", "BondNotFound", "CreatePurseFailed", "UnbondTooLarge", "BondTooSmall",
  "MissingDelegations", "MismatchedEraValidators", "MintReward", "InvalidValidatorSlotsValue",
  "MintReduceTotalSupply", "TransferToDelegatorPurse", "ValidatorRewardTransfer", "DelegatorRewardTransfer",
  "WithdrawDelegatorReward", "WithdrawValidatorReward", "TransferToUnbondingPurse", "RecordEraInfo",
  "CLValue", "MissingSeigniorageRecipients", "Transfer", "DelegationRateTooLarge", "DelegatorFundsLocked",
  "ArithmeticOverflow", "GasLimit", "RuntimeStackOverflow", "MintError", "ExceededDelegatorSizeLimit",
  "GlobalDelegatorCapacityReached", "DelegationAmountTooSmall", "RuntimeStack", "AuctionBidsDisabled",
  "GetAccumulationPurse", "TransferToAdministrator",
  // Casper 2.0 additions (types/src/system/auction/error.rs of the 2.0.0 release)
  "ForgedReference", "MissingPurse", "ValidatorBidExistsAlready", "BridgeRecordChainTooLong", "UnexpectedBidVariant",
  "DelegationAmountTooLarge", "ReservationNotFound", "ExceededReservationSlotsLimit", "ExceededReservationsLimit",
  "ReservationSlotsCountTooSmall", "UnexpectedUnbondVariant", "UnexpectedStoredValueVariant", "RedelegationValidatorNotFound",
  "VestingLockout",
] as const;
export const AuctionError = Object.fromEntries(AUCTION_ERRORS.map((n, i) => [n, i])) as Record<(typeof AUCTION_ERRORS)[number], number>;

export const CONTRACT_HEADER_ERRORS = [
  undefined, "PreviouslyUsedVersion", "ContractNotFound", "GroupAlreadyExists", "MaxGroupsExceeded",
  "MaxTotalURefsExceeded", "GroupDoesNotExist", "UnableToRemoveURef", "GroupInUse", "URefAlreadyExists",
] as const;

export const AUCTION_OFFSET = 64512;
export const CONTRACT_HEADER_OFFSET = 64768;
export const MINT_OFFSET = 65024;
export const HANDLE_PAYMENT_OFFSET = 65280;
export const USER_OFFSET = 65536;

export const apiError = {
  mint: (n: number) => MINT_OFFSET + n,
  handlePayment: (n: number) => HANDLE_PAYMENT_OFFSET + n,
  auction: (n: number) => AUCTION_OFFSET + n,
  contractHeader: (n: number) => CONTRACT_HEADER_OFFSET + n,
  user: (n: number) => USER_OFFSET + n,
};

export type ApiErrorGroup = "Standard" | "Auction" | "ContractHeader" | "Mint" | "HandlePayment" | "User";

export interface ApiErrorInfo {
  /** the u32 code as the node reports it in brackets */
  readonly code: number;
  readonly group: ApiErrorGroup;
  /** variant name, e.g. "MissingArgument", "InsufficientFunds", "User" */
  readonly name: string;
  /** the inner number for Mint/HandlePayment/Auction/ContractHeader/User */
  readonly inner?: number;
  /** how the node prints the error message (Display) */
  readonly message: string;
}

/** `ApiError::from(u32)`: anything not in a known range becomes Unhandled (31). */
export function describeApiError(status: number, protocol: "1.5.8" | "2.0.0" = "2.0.0"): ApiErrorInfo {
  const v = status >>> 0;
  if (v >= 1 && v <= LAST_STANDARD[protocol]) {
    const name = STANDARD[v]!;
    return { code: v, group: "Standard", name, message: `ApiError::${DEBUG_NAME[name] ?? name} [${v}]` };
  }
  if (v >= USER_OFFSET && v <= USER_OFFSET + 0xffff) {
    const n = v - USER_OFFSET;
    return { code: v, group: "User", name: "User", inner: n, message: `User error: ${n}` };
  }
  const ranged = (offset: number, group: ApiErrorGroup, names: readonly (string | undefined)[], display: (n: number, name: string) => string) => {
    const n = v - offset;
    const name = names[n] ?? `Unknown(${n})`;
    return { code: v, group, name, inner: n, message: display(n, name) };
  };
  // above USER_ERROR_MAX (2 * 65535 + 1) nothing matches: `_ => ApiError::Unhandled`
  if (v > USER_OFFSET + 0xffff) return describeApiError(ApiErrorCode.Unhandled, protocol);
  if (v >= HANDLE_PAYMENT_OFFSET && v < USER_OFFSET) return ranged(HANDLE_PAYMENT_OFFSET, "HandlePayment", HANDLE_PAYMENT_ERRORS, (n) => `Handle Payment error: ${n}`);
  if (v >= MINT_OFFSET) return ranged(MINT_OFFSET, "Mint", MINT_ERRORS, (n) => `Mint error: ${n}`);
  if (v >= CONTRACT_HEADER_OFFSET) return ranged(CONTRACT_HEADER_OFFSET, "ContractHeader", CONTRACT_HEADER_ERRORS, (n) => `Contract header error: ${n}`);
  if (v >= AUCTION_OFFSET) return ranged(AUCTION_OFFSET, "Auction", AUCTION_ERRORS, (n, name) => `ApiError::AuctionError(${name}) [${v}]`);
  return describeApiError(ApiErrorCode.Unhandled, protocol);
}
