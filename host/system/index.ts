// The native system contracts, in genesis installation order (genesis.rs `install`: mint, then
// accounts, auction, handle payment, standard payment).

import type { SystemContract, SystemContracts } from "../runtime/system-api.ts";
import type { Protocol } from "../runtime/protocol/by-protocol.ts";
import { auctionContract } from "./auction.ts";
import { auctionModel } from "./auction/models.ts";
import { handlePaymentContract } from "./handle-payment.ts";
import { mintContract } from "./mint.ts";
import { standardPaymentContract } from "./standard-payment.ts";

export class SystemContractSet implements SystemContracts {
  private readonly list: readonly SystemContract[];

  constructor(contracts: readonly SystemContract[] = [mintContract, auctionContract, handlePaymentContract, standardPaymentContract]) {
    this.list = contracts;
  }

  byName(name: string): SystemContract | undefined {
    return this.list.find((c) => c.name === name);
  }

  byIndex(index: number): SystemContract | undefined {
    return this.list.find((c) => c.index === index);
  }

  all(): readonly SystemContract[] {
    return this.list;
  }

  /** The native system contracts of a protocol (its auction: host/system/auction/models.ts). */
  static forProtocol(protocol: Protocol): SystemContractSet {
    return new SystemContractSet().with(auctionModel(protocol).contract);
  }

  /** A copy with one contract replaced. */
  with(contract: SystemContract): SystemContractSet {
    return new SystemContractSet(this.list.map((c) => (c.name === contract.name ? contract : c)));
  }
}
