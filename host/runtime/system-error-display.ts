// How casper-node 2.0 words the system contracts' errors when a native call fails (the Display of
// types/src/system/mint/error.rs and types/src/system/auction/error.rs): a native transfer reports the
// mint's (storage/src/system/transfer.rs TransferError::Mint: "Insufficient funds"), a native auction
// call the auction's inside storage's TrackingCopyError ("Auction error: <Display>", types/src/system/
// error.rs). Wasm sees the same errors as ApiError codes (api-error.ts).

import { AUCTION_ERRORS, MINT_ERRORS } from "./api-error.ts";

/** types/src/system/mint/error.rs `impl Display for Error`. */
export const MINT_ERROR_DISPLAY: Readonly<Record<(typeof MINT_ERRORS)[number], string>> = {
  InsufficientFunds: "Insufficient funds", SourceNotFound: "Source not found", DestNotFound: "Destination not found",
  InvalidURef: "Invalid URef", InvalidAccessRights: "Invalid AccessRights", InvalidNonEmptyPurseCreation: "Invalid non-empty purse creation",
  Storage: "Storage error", PurseNotFound: "Purse not found", MissingKey: "Missing key", TotalSupplyNotFound: "Total supply not found",
  RecordTransferFailure: "Failed to record transfer", InvalidTotalSupplyReductionAttempt: "Invalid attempt to reduce total supply",
  NewURef: "Failed to create new uref", PutKey: "Failed to put key", WriteDictionary: "Failed to write dictionary",
  CLValue: "Failed to create a CLValue", Serialize: "Failed to serialize data", EqualSourceAndTarget: "Invalid target purse",
  ArithmeticOverflow: "Arithmetic overflow has occurred", GasLimit: "GasLimit", InvalidContext: "Invalid context",
  UnapprovedSpendingAmount: "Unapproved spending amount", DisabledUnrestrictedTransfers: "Disabled unrestricted transfers",
};

/** types/src/system/auction/error.rs `impl Display for Error` (2.0.0). */
export const AUCTION_ERROR_DISPLAY: Readonly<Record<(typeof AUCTION_ERRORS)[number], string>> = {
  MissingKey: "Missing key",
  InvalidKeyVariant: "Invalid key variant",
  MissingValue: "Missing value",
  Serialization: "Serialization error",
  TransferToBidPurse: "Transfer to bid purse error",
  InvalidAmount: "Invalid amount",
  BidNotFound: "Bid not found",
  ValidatorNotFound: "Validator not found",
  DelegatorNotFound: "Delegator not found",
  Storage: "Storage error",
  Bonding: "Bonding error",
  Unbonding: "Unbonding error",
  ReleaseFounderStake: "Unable to release founder stake",
  GetBalance: "Unable to get purse balance",
  InvalidContext: "Invalid context",
  ValidatorFundsLocked: "Validator's funds are locked",
  InvalidCaller: "Function must be called by system account",
  InvalidPublicKey: "Supplied public key does not match caller's public key or has no associated account",
  BondNotFound: "Validator's bond not found",
  CreatePurseFailed: "Unable to create purse",
  UnbondTooLarge: "Unbond is too large",
  BondTooSmall: "Bond is too small",
  MissingDelegations: "Validators has not received any delegations",
  MismatchedEraValidators: "Mismatched era validator sets to distribute rewards",
  MintReward: "Failed to mint rewards",
  InvalidValidatorSlotsValue: "Invalid number of validator slots",
  MintReduceTotalSupply: "Failed to reduce total supply",
  TransferToDelegatorPurse: "Transfer to delegators purse error",
  ValidatorRewardTransfer: "Reward transfer to validator error",
  DelegatorRewardTransfer: "Rewards transfer to delegator error",
  WithdrawDelegatorReward: "Withdraw delegator reward error",
  WithdrawValidatorReward: "Withdraw validator reward error",
  TransferToUnbondingPurse: "Transfer to unbonding purse error",
  RecordEraInfo: "Record era info error",
  CLValue: "CLValue error",
  MissingSeigniorageRecipients: "Missing seigniorage recipients for given era",
  Transfer: "Transfer error",
  DelegationRateTooLarge: "Delegation rate too large",
  DelegatorFundsLocked: "Delegator's funds are locked",
  ArithmeticOverflow: "Arithmetic overflow",
  GasLimit: "Execution exceeded the gas limit",
  RuntimeStackOverflow: "Runtime stack overflow",
  MintError: "An error in the mint contract execution",
  ExceededDelegatorSizeLimit: "The amount of delegators per validator has been exceeded",
  GlobalDelegatorCapacityReached: "The global delegator capacity has been reached",
  DelegationAmountTooSmall: "The delegated amount is below the minimum allowed",
  RuntimeStack: "Runtime stack error",
  AuctionBidsDisabled: "Auction bids are disabled",
  GetAccumulationPurse: "Get accumulation purse error",
  TransferToAdministrator: "Transfer to administrator error",
  ForgedReference: "Forged reference",
  MissingPurse: "Missing purse",
  ValidatorBidExistsAlready: "Validator bid with given public key already exists",
  BridgeRecordChainTooLong: "Bridge record chain is too long to find current validator bid",
  UnexpectedBidVariant: "Unexpected bid variant",
  DelegationAmountTooLarge: "The delegated amount is above the maximum allowed",
  ReservationNotFound: "Reservation not found",
  ExceededReservationSlotsLimit: "Validator exceeded allowed number of reserved delegator slots",
  ExceededReservationsLimit: "All reserved slots for validator are already occupied",
  ReservationSlotsCountTooSmall: "Reserved slots count is less than number of existing reservations",
  UnexpectedUnbondVariant: "Unexpected unbond variant",
  UnexpectedStoredValueVariant: "Unexpected stored value variant",
  RedelegationValidatorNotFound: "Redelegation validator not found",
  VestingLockout: "Cannot perform attempted action during vesting periods",
};

/** The mint error number's Display ("Mint error: n" when the number is unknown). */
export function mintErrorDisplay(n: number): string {
  const name = MINT_ERRORS[n];
  return name ? MINT_ERROR_DISPLAY[name] : `Mint error: ${n}`;
}

/** The auction error number's Display ("Auction error: n" when the number is unknown). */
export function auctionErrorDisplay(n: number): string {
  const name = AUCTION_ERRORS[n];
  return name ? AUCTION_ERROR_DISPLAY[name] : `Auction error: ${n}`;
}
