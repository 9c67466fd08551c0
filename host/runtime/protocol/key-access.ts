// Which global-state keys a context may read, add to or write (read_value / casper_add / casper_write,
// dictionary seeds, and every checked read of the runtime).
// 1.5.8: execution_engine/src/core/runtime_context/mod.rs `is_readable`, `is_addable`, `is_writeable`
//        (by the context's base key).
// 2.0.0: types/src/key.rs `Key::is_readable`, `is_addable`, `is_writeable` (by the context's entity
//        address: runtime_context/mod.rs context_key_to_entity_addr; a system contract's context is
//        EntityAddr::System).

import { AccessRights, type Key, KeyTag, keysEqual } from "../../bytesrepr/key.ts";
import type { ByProtocol } from "./by-protocol.ts";

/** The context asking: its base key, and whether it is a system contract's. */
export interface AccessingContext {
  readonly baseKey: Key;
  readonly isSystem: () => boolean;
}

export interface KeyAccessRules {
  readonly readable: (key: Key, ctx: AccessingContext) => boolean;
  readonly addable: (key: Key, ctx: AccessingContext) => boolean;
  readonly writeable: (key: Key, ctx: AccessingContext) => boolean;
}

const urefHas = (key: Key, right: number) => (key.data[32] & right) !== 0;

export const KEY_ACCESS_RULES: ByProtocol<KeyAccessRules> = {
  "1.5.8": {
    // Account: only the base key's own; Balance: never (balances go through the mint); else readable
    readable: (key, ctx) => {
      switch (key.tag) {
        case KeyTag.Account: return keysEqual(ctx.baseKey, key);
        case KeyTag.URef: return urefHas(key, AccessRights.READ);
        case KeyTag.Balance: return false;
        default: return true;
      }
    },
    // `Key::Account(_) | Key::Hash(_) => &self.base_key() == key`
    addable: (key, ctx) => {
      switch (key.tag) {
        case KeyTag.Account:
        case KeyTag.Hash: return keysEqual(ctx.baseKey, key);
        case KeyTag.URef: return urefHas(key, AccessRights.ADD);
        default: return false;
      }
    },
    writeable: (key) => key.tag === KeyTag.URef && urefHas(key, AccessRights.WRITE),
  },
  "2.0.0": {
    // "the system can read everything"; accounts, contracts, balances, balance holds, dictionaries, bids,
    // messages, block globals and the registry are public; an Unbond record only to its own account; Transfer, DeployInfo, EraInfo, Bid,
    // Withdraw, EraSummary and the chainspec/checksum registries to nobody else (`_ => false`)
    readable: (key, ctx) => {
      if (ctx.isSystem()) return true;
      switch (key.tag) {
        case KeyTag.URef: return urefHas(key, AccessRights.READ);
        case KeyTag.Account:
        case KeyTag.Hash:
        case KeyTag.Balance:
        case KeyTag.Dictionary:
        case KeyTag.BidAddr:
        case KeyTag.Message:
        case KeyTag.BlockGlobal:
        case KeyTag.BalanceHold:
        case KeyTag.SystemContractRegistry: return true;
        case KeyTag.Unbond: return ctx.baseKey.tag === KeyTag.Account && keysEqual({ tag: KeyTag.Account, data: key.data }, ctx.baseKey);
        default: return false;
      }
    },
    // only URefs (and 2.0's AddressableEntity / NamedKey records, absent from the legacy data model);
    // put_key reaches an account's or contract's named keys through an unchecked add
    addable: (key) => key.tag === KeyTag.URef && urefHas(key, AccessRights.ADD),
    writeable: (key, ctx) => ctx.isSystem() || (key.tag === KeyTag.URef && urefHas(key, AccessRights.WRITE)),
  },
};
