// How the 2.0 sidecar words a transaction the node's acceptor refused. The node answers the sidecar
// with a binary-port error code only (casper-node 2.0 transaction_acceptor/error.rs
// `From<Error> for BinaryPortErrorCode`, binary_port/src/error_code.rs `From<InvalidDeploy>` /
// `From<InvalidTransactionV1>`), and the sidecar prints that code's text (casper-sidecar feat-2.0
// rpc_sidecar/src/node_client.rs `InvalidTransactionOrDeploy`). The local node's acceptor keeps
// its own, more precise texts (verify-deploy.ts, verify-transaction.ts, state-checks.ts); this table
// says which code each of them is. A text no rule knows is the sidecar's catch-all.

type Rule = readonly [RegExp, string];

const DEPLOY: readonly Rule[] = [
  [/^invalid deploy: deploy size too large/, "The deploy had an excessive size"],
  [/^invalid deploy: invalid chain name/, "The deploy had an invalid chain name"],
  [/^invalid deploy: \d+ dependencies exceeds limit/, "The dependencies for this transaction are no longer supported"],
  [/^invalid deploy: time-to-live of/, "The deploy had an excessive time to live"],
  [/^invalid deploy: timestamp of .* is later than/, "The deploys timestamp is in the future"],
  [/^invalid deploy: number of associated keys/, "The deploy sent to the network had excessive approvals"],
  [/^invalid deploy: missing payment 'amount'/, "The deploy had a missing payment amount"],
  [/^invalid deploy: failed to parse payment 'amount'/, "The deploy sent to the network had a payment amount that was unable to be parsed"],
  [/^invalid deploy: payment amount of .* exceeds the block gas limit/, "The deploy sent to the network exceeded the block gas limit"],
  [/^invalid deploy: serialized payment code runtime args/, "The deploy had an excessive payment args length"],
  [/^invalid deploy: serialized session code runtime args/, "The deploy had an excessive session args length"],
  [/^invalid deploy: missing transfer 'amount'/, "The deploy sent to the network was missing a transfer amount"],
  [/^invalid deploy: failed to parse transfer 'amount'/, "The deploy sent to the network had a transfer amount that was unable to be parsed"],
  [/^invalid deploy: insufficient transfer amount/, "The deploy sent to the network had an insufficient transfer amount"],
  [/^invalid deploy: the deploy has no approvals/, "The deploy had no approvals"],
  [/^invalid deploy: the provided body hash does not match/, "The deploy had an invalid body hash"],
  [/^invalid deploy: the provided hash does not match/, "The deploy had an invalid deploy hash"],
  [/^invalid deploy: the approval at index/, "The deploy had an invalid approval"],
];

const TRANSACTION: readonly Rule[] = [
  [/^invalid transaction: transaction size too large/, "The transaction sent to the network had an excessive size"],
  [/^invalid transaction: invalid chain name/, "The transaction sent to the network had an invalid chain name"],
  [/^invalid transaction: time-to-live of/, "The transaction sent to the network had an excessive time to live"],
  [/^invalid transaction: timestamp of .* is later than/, "The transaction sent to the network had a timestamp that has not yet occurred"],
  [/^invalid transaction: number of transaction approvals/, "The transaction sent to the network had excessive approvals"],
  [/^invalid transaction: payment amount of .* exceeds the block gas limit/, "The transaction sent to the network exceeds the networks block gas limit"],
  [/^invalid transaction: serialized transaction runtime args/, "The transaction sent to the network had excessive args length"],
  [/^invalid transaction: missing required runtime argument/, "The transaction sent to the network was missing an argument"],
  [/^invalid transaction: expected type of '.*' runtime argument/, "The transaction sent to the network had an unexpected argument type"],
  [/^invalid transaction: insufficient transfer amount/, "The transaction sent to the network had an insufficient transfer amount"],
  [/^invalid transaction: entry point cannot be custom/, "The native transaction sent to the network should not have a custom entry point"],
  [/^invalid transaction: entry point must be custom/, "The non-native transaction sent to the network must have a custom entry point"],
  [/^invalid transaction: entry point cannot be call/, "entry point cannot be 'call'"],
  [/^invalid transaction: the transaction has empty module bytes/, "The transaction sent to the network had empty module bytes"],
  [/^invalid transaction: received a transaction with an invalid mode/, "The transaction sent to the network had an invalid pricing mode"],
  [/^invalid transaction: transaction requires named arguments/, "expected named arguments"],
  [/^invalid transaction: invalid transaction runtime/, "invalid transaction runtime"],
  [/^invalid transaction: the transaction has no approvals/, "The transaction sent to the network had no approvals"],
  [/^invalid transaction: the provided hash does not match/, "The transaction sent to the network had an invalid hash"],
  [/^invalid transaction: the transaction approval at index/, "The transaction sent to the network had an invalid approval"],
];

/** The acceptor's checks against global state (2.0 transaction_acceptor `ParameterFailure`). */
const STATE: readonly Rule[] = [
  [/^(deploy|transaction) received by the node expired/, "transaction has expired"],
  [/^(account with hash .* does not exist|addressable entity under .* does not exist)/, "no such addressable entity"],
  [/^account authorization invalid/, "invalid associated keys"],
  [/^insufficient (deploy|transaction) signature weight/, "insufficient signature weight"],
  [/^unable to determine balance/, "unknown balance"],
  [/^insufficient balance in/, "insufficient balance"],
  [/^transfer is not valid for payment code/, "invalid payment variant for deploy"],
  [/^missing payment 'amount' runtime argument/, "The deploy had a missing payment amount"],
  [/^failed to parse payment 'amount' runtime argument/, "The deploy sent to the network had a payment amount that was unable to be parsed"],
  [/^missing transfer 'target' runtime argument/, "missing transfer target for deploy"],
  [/^module bytes for session code cannot be empty/, "missing module bytes for deploy"],
  [/^contract at .* does not exist/, "no such contract at hash"],
  [/^contract does not have/, "no such entry point"],
  [/^(contract )?package at .* does not exist/, "no such package at hash"],
  [/^invalid (contract|entity) at version/, "invalid entity at version"],
  [/^disabled entity at version/, "disabled entity at version"],
  [/^missing entity at version/, "missing entity at version"],
];

/** node_client.rs `InvalidTransactionOrDeploy::TransactionOrDeployUnspecified`. */
export const UNSPECIFIED = "The transaction or deploy sent to the network was invalid for an unspecified reason";

/** The sidecar's text for a refusal the local node's acceptor gave. */
export function sidecarRejection(nodeText: string): string {
  for (const [pattern, text] of [...DEPLOY, ...TRANSACTION, ...STATE]) if (pattern.test(nodeText)) return text;
  return UNSPECIFIED;
}
