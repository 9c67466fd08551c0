// A class-form contract for the tests (tests/class-form-*.test.ts): a small token with CEP-18's events,
// install keys named after an install arg, an init entry point, an upgrade path, and entry points that
// exercise each part of the class form: optional args, args with chosen error codes, mappings keyed by
// every kind of CL type with every item-key derivation, checked arithmetic at the bounds, results.
import {
  runtime,
  Key,
  U128,
  U256,
  U512,
  AccountHash,
  PublicKey,
  Tuple2,
  List,
  Map,
  Mapping,
  Base64ItemKey,
  HashItemKey,
  HexItemKey,
  EventSchemas,
  initEvents,
  emit,
  checkedAdd,
  checkedSub,
  checkedMul,
  saturatingAdd,
  saturatingSub,
  maxOf,
  fail,
  ensure,
  ApiError,
} from "../../assembly/index";

/** Errors of this token, numbered as CEP-18's where it has them. */
@errors
enum TokenError {
  /** the sender has fewer tokens than it sends */
  InsufficientBalance = 60001,
  /** a sum would not fit in 256 bits */
  Overflow = 60003,
  /** init ran already */
  AlreadyInitialized = 60015,
  /** sender and recipient are the same */
  CannotTargetSelfUser = 60017,
  MissingPackageHashForUpgrade = 60019,
  /** test codes for args */
  RequiredMissing = 100,
  RequiredInvalid = 101,
  Underflow = 102,
}

// CEP-18's events (cep18 v1.1.0 events.rs), field for field
@event
class Mint {
  constructor(public recipient: Key, public amount: U256) {}
}
@event
class Burn {
  constructor(public owner: Key, public amount: U256) {}
}
@event
class SetAllowance {
  constructor(public owner: Key, public spender: Key, public allowance: U256) {}
}
@event
class IncreaseAllowance {
  constructor(public owner: Key, public spender: Key, public allowance: U256, public inc_by: U256) {}
}
@event
class DecreaseAllowance {
  constructor(public owner: Key, public spender: Key, public allowance: U256, public decr_by: U256) {}
}
/** Tokens moved from `sender` to `recipient`. */
@event
class Transfer {
  constructor(public sender: Key, public recipient: Key, public amount: U256) {}
}
@event
class TransferFrom {
  constructor(public spender: Key, public owner: Key, public recipient: Key, public amount: U256) {}
}
@event
class ChangeSecurity {
  admin: Key;
  sec_change_map: Map<Key, u8>;
  constructor(admin: Key, map: Map<Key, u8>) {
    this.admin = admin;
    this.sec_change_map = map;
  }
}

/** A test token. */
@contract({
  name: "class_token",
  version: "1.0.0",
  keys: {
    packageHash: "token_package_{name}",
    accessURef: "token_access_{name}",
    contractHash: "token_contract_{name}",
    contractVersion: "token_version_{name}",
  },
  upgradeError: TokenError.MissingPackageHashForUpgrade,
  // as cep18's install: an events_mode that is not a u8 counts as absent
  args: { events_mode: { invalid: "absent" } },
})
class Token {
  name: string;
  total_supply: U256;
  events_mode: u8;
  @named("package") @namedKey package_hash: Key | null;
  balances: Mapping<Key, U256, Base64ItemKey>;
  allowances: Mapping<Tuple2<Key, Key>, U256, HashItemKey>;
  by_account: Mapping<AccountHash, u64>;
  by_public_key: Mapping<PublicKey, string, HexItemKey>;
  by_number: Mapping<U256, bool, HashItemKey>;
  by_text: Mapping<string, u32>;
  by_integer: Mapping<u64, string>;
  // what the arg tests saw, and the arithmetic results
  last: string;
  r128: U128;
  r256: U256;
  r512: U512;

  constructor(name: string, total_supply: U256, events_mode: u8 = 0, admin_list: List<Key> | null = null) {
    this.name = name;
    this.total_supply = total_supply;
    this.events_mode = events_mode;
  }

  /** Called once by the installer: gives the supply to the installing account. */
  @entryPoint
  init(total_supply: U256, package_hash: Key, admin_list: List<Key> | null = null): void {
    if (this.package_hash !== null) fail(TokenError.AlreadyInitialized);
    this.package_hash = package_hash;
    const caller = Key.account(runtime.getCaller());
    this.balances.set(caller, total_supply);
    this.last = admin_list === null ? "init" : `init admins ${admin_list.length}`;
    if (this.events_mode == 1) {
      initEvents(
        new EventSchemas()
          .with<Mint>()
          .with<Burn>()
          .with<SetAllowance>()
          .with<IncreaseAllowance>()
          .with<DecreaseAllowance>()
          .with<Transfer>()
          .with<TransferFrom>()
          .with<ChangeSecurity>(),
      );
      emit<Mint>(new Mint(caller, total_supply));
    }
  }

  /** The balance of `address`. */
  @entryPoint({ mutable: false })
  balance_of(address: Key): U256 {
    return this.balances.getOr(address, U256.Zero);
  }

  @entryPoint({ mutable: false })
  total_supply_of(): U256 {
    return this.total_supply;
  }

  /** Moves `amount` from the deploy's account to `recipient`. */
  @entryPoint
  transfer(recipient: Key, amount: U256): void {
    const sender = Key.account(runtime.getCaller());
    if (sender.equals(recipient)) fail(TokenError.CannotTargetSelfUser);
    const balances = this.balances;
    balances.set(sender, checkedSub<U256>(balances.getOr(sender, U256.Zero), amount, ApiError.User(<u16>TokenError.InsufficientBalance)));
    balances.set(recipient, checkedAdd<U256>(balances.getOr(recipient, U256.Zero), amount, ApiError.User(<u16>TokenError.Overflow)));
    if (this.events_mode == 1) emit<Transfer>(new Transfer(sender, recipient, amount));
  }

  @entryPoint
  approve(spender: Key, amount: U256): void {
    const owner = Key.account(runtime.getCaller());
    this.allowances.set(new Tuple2<Key, Key>(owner, spender), amount);
    if (this.events_mode == 1) emit<SetAllowance>(new SetAllowance(owner, spender, amount));
  }

  @entryPoint({ mutable: false })
  allowance(owner: Key, spender: Key): U256 {
    return this.allowances.getOr(new Tuple2<Key, Key>(owner, spender), U256.Zero);
  }

  /** Emits ChangeSecurity with `keys` (inserted as given) all given `badge`. */
  @entryPoint
  change_security(keys: List<Key>, badge: u8): void {
    const m = new Map<Key, u8>();
    for (let i: u32 = 0; i < keys.length; i++) m.set(keys.at(i), badge);
    emit<ChangeSecurity>(new ChangeSecurity(Key.account(runtime.getCaller()), m));
  }

  // ---- args
  @entryPoint({
    args: {
      required: { missing: TokenError.RequiredMissing, invalid: TokenError.RequiredInvalid },
      lenient: { invalid: "absent" },
    },
  })
  optional_args(required: u32, maybe: List<Key> | null, level: u8 = 7, lenient: U256 | null = null, plain: string = "none"): void {
    this.last = `${required} ${maybe === null ? "null" : maybe.length.toString()} ${level} ${changetype<usize>(lenient) == 0 ? "null" : lenient!.toString()} ${plain}`;
  }

  // ---- mappings, one per key type and derivation
  @entryPoint
  put_key(key: Key, value: U256): void {
    this.balances.set(key, value);
  }
  @entryPoint
  put_pair(owner: Key, spender: Key, value: U256): void {
    this.allowances.set(new Tuple2<Key, Key>(owner, spender), value);
  }
  @entryPoint
  put_account(key: AccountHash, value: u64): void {
    this.by_account.set(key, value);
  }
  @entryPoint
  put_public_key(key: PublicKey, value: string): void {
    this.by_public_key.set(key, value);
  }
  @entryPoint
  put_number(key: U256, value: bool): void {
    this.by_number.set(key, value);
  }
  @entryPoint
  put_text(key: string, value: u32): void {
    this.by_text.set(key, value);
  }
  @entryPoint
  put_integer(key: u64, value: string): void {
    this.by_integer.set(key, value);
  }
  /** Reads back what put_text wrote (ensure: 65536 + 1 when absent). */
  @entryPoint
  copy_text(from: string, to: string): void {
    const v = this.by_text.get(from);
    ensure(v.isSome, ApiError.User(1));
    this.by_text.set(to, v.unwrap() + 1);
  }

  // ---- checked arithmetic: op 0 add, 1 sub, 2 mul, 3 saturating add, 4 saturating sub
  @entryPoint
  math128(op: u8, a: U128, b: U128): void {
    this.r128 = arith<U128>(op, a, b);
  }
  @entryPoint
  math256(op: u8, a: U256, b: U256): void {
    this.r256 = arith<U256>(op, a, b);
  }
  @entryPoint
  math512(op: u8, a: U512, b: U512): void {
    this.r512 = arith<U512>(op, a, b);
  }
  /** Stores the largest U128, U256 and U512. */
  @entryPoint
  maxima(): void {
    this.r128 = maxOf<U128>();
    this.r256 = maxOf<U256>();
    this.r512 = U512.max();
  }
}

function arith<T>(op: u8, a: T, b: T): T {
  const overflow = ApiError.User(<u16>TokenError.Overflow);
  if (op == 0) return checkedAdd<T>(a, b, overflow);
  if (op == 1) return checkedSub<T>(a, b, ApiError.User(<u16>TokenError.Underflow));
  if (op == 2) return checkedMul<T>(a, b, overflow);
  if (op == 3) return saturatingAdd<T>(a, b);
  return saturatingSub<T>(a, b);
}
