// What the local node announces as it runs, and how each announcement becomes events on /events, in
// the order casper-node 2.0's main reactor sends them (node/src/reactor/main_reactor.rs): a
// transaction is announced when the acceptor accepts it (TransactionAccepted); once its block is
// executed and stored, BlockAdded, then one TransactionProcessed per transaction of the block; the
// auction's step at an era's end is a Step event.
import type { ChainBlock, TransactionHashJson } from "../chain.ts";
import type { EventStream } from "./event-stream.ts";
import {
  blockAddedEvent,
  stepEvent,
  transactionAcceptedEvent,
  transactionExpiredEvent,
  transactionProcessedEvent,
  type ProcessedTransaction,
} from "./sse-data.ts";

export type NodeAnnouncement =
  /** passed every check, about to be executed */
  | { kind: "TransactionAccepted"; transactionKind: "deploy" | "transactionV1"; json: unknown }
  /** a new block, stored, with what each of its transactions produced */
  | { kind: "BlockAdded"; block: ChainBlock; processed: ProcessedTransaction[] }
  /** the auction's step committed at the end of `eraId` (Effects JSON) */
  | { kind: "Step"; eraId: number; effects: unknown[] }
  /** a transaction left unexecuted past its TTL */
  | { kind: "TransactionExpired"; hash: TransactionHashJson };

export type AnnouncementListener = (announcement: NodeAnnouncement) => void;

/** Publishes each announcement of the node on `stream`. */
export function publishAnnouncement(stream: EventStream, announcement: NodeAnnouncement): void {
  switch (announcement.kind) {
    case "TransactionAccepted":
      stream.publish(transactionAcceptedEvent(announcement.transactionKind, announcement.json));
      return;
    case "BlockAdded":
      stream.publish(blockAddedEvent(announcement.block));
      for (const processed of announcement.processed) stream.publish(transactionProcessedEvent(processed));
      return;
    case "Step":
      stream.publish(stepEvent(announcement.eraId, announcement.effects));
      return;
    case "TransactionExpired":
      stream.publish(transactionExpiredEvent(announcement.hash));
      return;
  }
}
