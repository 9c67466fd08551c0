// CEP-18, the Casper fungible token standard, as a drop-in for Casper's Rust build (casper-ecosystem/cep18
// v1.1.0, cep18/src at commit 6ec9d34): the same entry points and entry point table, install args, named
// keys, dictionary layouts, user error codes and CES events, each read, checked and written in the order
// the Rust code does, so every deploy has the same outcome and leaves the same state
// (tests/cep18-differential.test.ts runs both side by side). Copy this folder to start your own token.
//
// Built twice (casper.build.json): `cep18.wasm` runs on Casper 1.5.x and 2.x; `cep18_2x.wasm` is the
// Casper 2.x build (CASPER_2X): it installs through add_contract_version_with_message_topics and adds the
// native-message events modes of Rust's CEP-18 for 2.x (events_mode 2: messages, 3: messages and CES),
// registering the "events" topic at install. See README.md here.
import {
  runtime,
  Key,
  U256,
  List,
  Map,
  Tuple2,
  Mapping,
  Base64ItemKey,
  HashItemKey,
  Arg,
  optionalArg,
  installingPackage,
  requestInit,
  EventSchemas,
  initEvents,
  encodeEvent,
  emitEncoded,
  emitEncodedMessage,
  registerTopic,
  Writer,
  checkedAdd,
  checkedSub,
  saturatingAdd,
  saturatingSub,
  isZero,
  fail,
  revert,
  ApiError,
  CASPER_2X,
} from "../../index";

/** The token's errors (User error: n), as cep18/src/error.rs numbers them. */
@errors
enum Cep18Error {
  /** CEP-18 called from within an invalid context (no caller below it on the call stack) */
  InvalidContext = 60000,
  /** the sender does not have enough balance */
  InsufficientBalance = 60001,
  /** the spender does not have enough allowance approved */
  InsufficientAllowance = 60002,
  /** the operation would overflow */
  Overflow = 60003,
  /** a required package hash was not specified */
  PackageHashMissing = 60004,
  /** the package hash specified does not represent a package */
  PackageHashNotPackage = 60005,
  /** an invalid events mode was specified */
  InvalidEventsMode = 60006,
  /** the events mode required was not specified */
  MissingEventsMode = 60007,
  /** an unknown error occurred */
  Phantom = 60008,
  /** failed to read the runtime arguments provided */
  FailedToGetArgBytes = 60009,
  /** the caller does not have sufficient security access */
  InsufficientRights = 60010,
  /** the list of admin accounts provided is invalid */
  InvalidAdminList = 60011,
  /** the list of accounts that can mint tokens is invalid */
  InvalidMinterList = 60012,
  /** the list of accounts with no access rights is invalid */
  InvalidNoneList = 60013,
  /** the flag to enable the mint and burn mode is invalid */
  InvalidEnableMBFlag = 60014,
  /** this contract instance cannot be initialized again */
  AlreadyInitialized = 60015,
  /** the mint and burn mode is disabled */
  MintBurnDisabled = 60016,
  /** sender and recipient (or owner and spender) are the same */
  CannotTargetSelfUser = 60017,
  /** burning someone else's tokens */
  InvalidBurnTarget = 60018,
  /** upgrading without the package or contract hash under the expected named keys */
  MissingPackageHashForUpgrade = 60019,
}

// SecurityBadge (utils.rs): a u8 in the security_badges dictionary
const ADMIN: u8 = 0;
const MINTER: u8 = 1;
const NONE: u8 = 2;

// EventsMode (modalities.rs; the 2.x modes are those of Rust's CEP-18 for Casper 2.x)
const NO_EVENTS: u8 = 0;
const CES: u8 = 1;
const NATIVE: u8 = 2;
const NATIVE_AND_CES: u8 = 3;

// events.rs, field for field (casper-event-standard bytes: "event_<Name>" then the fields)
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
  constructor(public admin: Key, public sec_change_map: Map<Key, u8>) {}
}

/** The immediate caller (utils.rs get_immediate_caller_address): InvalidContext without one. */
function caller(): Key {
  const key = runtime.getImmediateCallerKey();
  if (key === null) fail(Cep18Error.InvalidContext);
  return key!;
}

/** A fungible token (CEP-18). */
@contract({
  name: "cep18",
  version: "1.1.0",
  keys: {
    packageHash: "cep18_contract_package_{name}",
    accessURef: "cep18_contract_package_access_{name}",
    contractHash: "cep18_contract_hash_{name}",
    contractVersion: "cep18_contract_version_{name}",
  },
  upgradeError: Cep18Error.MissingPackageHashForUpgrade,
  // main.rs install_contract reads the optional args with get_optional_named_arg_with_user_errors: absent
  // is None; bytes that are not one value of the type revert with the arg's own error. (That is what
  // Casper's published build does, the wasm in casper-cep18-js-client@1.0.3; the utils.rs of cep18
  //6ec9d34 reads as if such an arg were None, which the build does not do: tests/cep18-differential.)
  args: {
    events_mode: { invalid: Cep18Error.InvalidEventsMode },
    admin_list: { invalid: Cep18Error.InvalidAdminList },
    minter_list: { invalid: Cep18Error.InvalidMinterList },
    enable_mint_burn: { invalid: Cep18Error.InvalidEnableMBFlag },
  },
  // the install does what Rust's init does (see the constructor); the installer calls init only for
  // native events (2.x build), passing it the package hash
  init: { args: ["package_hash"], onRequest: true },
})
class Cep18 {
  name: string;
  symbol: string;
  decimals: u8;
  total_supply: U256;
  events_mode: u8;
  enable_mint_burn: u8;
  @namedKey package_hash: Key | null;
  /** base64 of the holder Key's bytes (balances.rs) */
  balances: Mapping<Key, U256, Base64ItemKey>;
  /** hex of blake2b(owner Key bytes ‖ spender Key bytes) (allowances.rs) */
  allowances: Mapping<Tuple2<Key, Key>, U256, HashItemKey>;
  /** base64 of the Key's bytes -> SecurityBadge */
  security_badges: Mapping<Key, u8, Base64ItemKey>;

  /**
   * The install: main.rs install_contract and the init it calls, in their order, run here in the
   * installer (state set here becomes the contract's named keys and dictionary items; the installer is
   * the account that signed the deploy, as `get_caller` is in Rust's init). Rust's init writes nothing the
   * installer could not, so the stored contract need not carry that code: its `init` entry point only
   * refuses, as Rust's does on every call after the install.
   */
  constructor(
    name: string,
    symbol: string,
    decimals: u8,
    total_supply: U256,
    events_mode: u8 = 0,
    admin_list: List<Key> | null = null,
    minter_list: List<Key> | null = null,
    enable_mint_burn: u8 = 0,
  ) {
    this.name = name;
    this.symbol = symbol;
    this.decimals = decimals;
    this.total_supply = total_supply;
    this.events_mode = events_mode;
    this.enable_mint_burn = enable_mint_burn;
    // Casper 2.x: the topic of the native events goes with the install, as Rust's CEP-18 for 2.x does
    const native = CASPER_2X && (events_mode == NATIVE || events_mode == NATIVE_AND_CES);
    if (native) registerTopic("events");
    // init (main.rs): the package, the supply to the installer, the installer an admin, the lists' badges,
    // the CES keys, the Mint event
    if (!native) this.package_hash = Key.packageHash(installingPackage());
    const installer = Key.account(runtime.getCaller());
    this.balances.set(installer, total_supply);
    const badges = this.security_badges;
    badges.set(installer, ADMIN);
    const mode = this.checkedEventsMode();
    if (mode == CES || mode == NATIVE_AND_CES) {
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
    }
    if (minter_list !== null) for (let i: u32 = 0; i < minter_list.length; i++) badges.set(minter_list.at(i), MINTER);
    if (admin_list !== null) for (let i: u32 = 0; i < admin_list.length; i++) badges.set(admin_list.at(i), ADMIN);
    // a message can only come from the installed contract: with native events, init sends the Mint
    if (native) requestInit();
    else this.record(encodeEvent<Mint>(new Mint(installer, total_supply)));
  }

  /**
   * Initiates the contract's state in Rust's CEP-18; here the install did, so every call reverts, as
   * Rust's does after its install. With native events (2.x build, modes 2 and 3) the installer calls it
   * once to send the install's Mint from the contract, with the package hash that marks it done.
   */
  @entryPoint
  init(): void {
    if (CASPER_2X) {
      if (this.package_hash !== null) fail(Cep18Error.AlreadyInitialized);
      this.package_hash = runtime.getNamedArg<Key>("package_hash");
      this.record(encodeEvent<Mint>(new Mint(Key.account(runtime.getCaller()), this.total_supply)));
    } else fail(Cep18Error.AlreadyInitialized);
  }

  @entryPoint({ name: "name", mutable: false })
  get_name(): string {
    return this.name;
  }

  @entryPoint({ name: "symbol", mutable: false })
  get_symbol(): string {
    return this.symbol;
  }

  @entryPoint({ name: "decimals", mutable: false })
  get_decimals(): u8 {
    return this.decimals;
  }

  @entryPoint({ name: "total_supply", mutable: false })
  get_total_supply(): U256 {
    return this.total_supply;
  }

  /** The balance of `address` (0 when it has none). */
  @entryPoint({ mutable: false })
  balance_of(address: Arg<Key>): U256 {
    return this.balances.getOr(address.value, U256.Zero);
  }

  /** What `spender` may still transfer from `owner`'s balance. */
  @entryPoint({ mutable: false })
  allowance(owner: Arg<Key>, spender: Arg<Key>): U256 {
    const s = spender.value; // main.rs reads spender first
    return this.allowances.getOr(new Tuple2<Key, Key>(owner.value, s), U256.Zero);
  }

  /** Lets `spender` transfer up to `amount` of the caller's tokens (replacing any allowance). */
  @entryPoint
  approve(spender: Arg<Key>, amount: Arg<U256>): void {
    const owner = caller();
    const s = spender.value;
    if (s.equals(owner)) fail(Cep18Error.CannotTargetSelfUser);
    const a = amount.value;
    this.allowances.set(new Tuple2<Key, Key>(owner, s), a);
    this.record(encodeEvent<SetAllowance>(new SetAllowance(owner, s, a)));
  }

  /** Lowers `spender`'s allowance by `amount`, to 0 at the least. */
  @entryPoint
  decrease_allowance(spender: Arg<Key>, amount: Arg<U256>): void {
    const owner = caller();
    const s = spender.value;
    if (s.equals(owner)) fail(Cep18Error.CannotTargetSelfUser);
    const a = amount.value;
    const pair = new Tuple2<Key, Key>(owner, s);
    const allowances = this.allowances;
    const updated = saturatingSub<U256>(allowances.getOr(pair, U256.Zero), a);
    allowances.set(pair, updated);
    this.record(encodeEvent<DecreaseAllowance>(new DecreaseAllowance(owner, s, updated, a)));
  }

  /** Raises `spender`'s allowance by `amount`, to U256::MAX at the most. */
  @entryPoint
  increase_allowance(spender: Arg<Key>, amount: Arg<U256>): void {
    const owner = caller();
    const s = spender.value;
    if (s.equals(owner)) fail(Cep18Error.CannotTargetSelfUser);
    const a = amount.value;
    const pair = new Tuple2<Key, Key>(owner, s);
    const allowances = this.allowances;
    const updated = saturatingAdd<U256>(allowances.getOr(pair, U256.Zero), a);
    allowances.set(pair, updated);
    this.record(encodeEvent<IncreaseAllowance>(new IncreaseAllowance(owner, s, updated, a)));
  }

  /** Moves `amount` of the caller's tokens to `recipient`. */
  @entryPoint
  transfer(recipient: Arg<Key>, amount: Arg<U256>): void {
    const sender = caller();
    const r = recipient.value;
    if (sender.equals(r)) fail(Cep18Error.CannotTargetSelfUser);
    const a = amount.value;
    this.move(sender, r, a);
    this.record(encodeEvent<Transfer>(new Transfer(sender, r, a)));
  }

  /** Moves `amount` of `owner`'s tokens to `recipient`, spending the caller's allowance. */
  @entryPoint
  transfer_from(owner: Arg<Key>, recipient: Arg<Key>, amount: Arg<U256>): void {
    const spender = caller();
    const r = recipient.value;
    const o = owner.value;
    if (o.equals(r)) fail(Cep18Error.CannotTargetSelfUser);
    const a = amount.value;
    if (isZero<U256>(a)) return;
    const pair = new Tuple2<Key, Key>(o, spender);
    const allowances = this.allowances;
    const left = checkedSub<U256>(allowances.getOr(pair, U256.Zero), a, ApiError.User(<u16>Cep18Error.InsufficientAllowance));
    this.move(o, r, a);
    allowances.set(pair, left);
    this.record(encodeEvent<TransferFrom>(new TransferFrom(spender, o, r, a)));
  }

  /** Creates `amount` tokens for `owner` (admins and minters, when mint and burn are enabled). */
  @entryPoint
  mint(owner: Arg<Key>, amount: Arg<U256>): void {
    if (this.enable_mint_burn == 0) fail(Cep18Error.MintBurnDisabled);
    this.requireBadge(true);
    const o = owner.value;
    const a = amount.value;
    const overflow = ApiError.User(<u16>Cep18Error.Overflow);
    const balances = this.balances;
    const balance = checkedAdd<U256>(balances.getOr(o, U256.Zero), a, overflow);
    const supply = checkedAdd<U256>(this.total_supply, a, overflow);
    balances.set(o, balance);
    this.total_supply = supply;
    this.record(encodeEvent<Mint>(new Mint(o, a)));
  }

  /** Destroys `amount` of the caller's own tokens (when mint and burn are enabled). */
  @entryPoint
  burn(owner: Arg<Key>, amount: Arg<U256>): void {
    if (this.enable_mint_burn == 0) fail(Cep18Error.MintBurnDisabled);
    const o = owner.value;
    if (!o.equals(caller())) fail(Cep18Error.InvalidBurnTarget);
    const a = amount.value;
    const balances = this.balances;
    const balance = checkedSub<U256>(balances.getOr(o, U256.Zero), a, ApiError.User(<u16>Cep18Error.InsufficientBalance));
    const supply = checkedSub<U256>(this.total_supply, a, ApiError.User(<u16>Cep18Error.Overflow));
    balances.set(o, balance);
    this.total_supply = supply;
    this.record(encodeEvent<Burn>(new Burn(o, a)));
  }

  /**
   * Admins set security badges: the optional args minter_list, admin_list and none_list (List<Key>),
   * applied in that order (a key in several lists gets the last), never to the caller itself.
   */
  @entryPoint
  change_security(): void {
    if (this.enable_mint_burn == 0) fail(Cep18Error.MintBurnDisabled);
    this.requireBadge(false);
    const admins = optionalArg<List<Key>>("admin_list", ApiError.User(<u16>Cep18Error.InvalidAdminList));
    const minters = optionalArg<List<Key>>("minter_list", ApiError.User(<u16>Cep18Error.InvalidMinterList));
    const nones = optionalArg<List<Key>>("none_list", ApiError.User(<u16>Cep18Error.InvalidNoneList));
    const changes = new Map<Key, u8>();
    if (minters !== null) for (let i: u32 = 0; i < minters.length; i++) changes.set(minters.at(i), MINTER);
    if (admins !== null) for (let i: u32 = 0; i < admins.length; i++) changes.set(admins.at(i), ADMIN);
    if (nones !== null) for (let i: u32 = 0; i < nones.length; i++) changes.set(nones.at(i), NONE);
    const admin = caller();
    changes.remove(admin);
    const badges = this.security_badges;
    for (let i: u32 = 0; i < changes.size; i++) badges.set(changes.keyAt(i), changes.valueAt(i));
    this.record(encodeEvent<ChangeSecurity>(new ChangeSecurity(admin, changes)));
  }

  // ---- helpers (not entry points)

  /** balances.rs transfer_balance: nothing to do for a self-transfer or 0; InsufficientBalance, Overflow. */
  move(sender: Key, recipient: Key, amount: U256): void {
    if (sender.equals(recipient) || isZero<U256>(amount)) return;
    const balances = this.balances;
    const from = checkedSub<U256>(balances.getOr(sender, U256.Zero), amount, ApiError.User(<u16>Cep18Error.InsufficientBalance));
    const to = checkedAdd<U256>(balances.getOr(recipient, U256.Zero), amount, ApiError.User(<u16>Cep18Error.Overflow));
    balances.set(sender, from);
    balances.set(recipient, to);
  }

  /** utils.rs sec_check: the caller's badge must be Admin (or Minter when `minters`); InsufficientRights. */
  requireBadge(minters: bool): void {
    const badge = this.security_badges.get(caller());
    if (badge.isNone) fail(Cep18Error.InsufficientRights);
    const b = badge.unwrap();
    if (!(b == ADMIN || (minters && b == MINTER))) fail(Cep18Error.InsufficientRights);
  }

  /** The stored events mode, InvalidEventsMode unless this build knows it (modalities.rs EventsMode). */
  checkedEventsMode(): u8 {
    const mode = this.events_mode;
    if (mode > (CASPER_2X ? NATIVE_AND_CES : CES)) fail(Cep18Error.InvalidEventsMode);
    return mode;
  }

  /** events.rs record_event_dictionary: as the stored events mode says (`event` made by encodeEvent). */
  record(event: Writer): void {
    const mode = this.checkedEventsMode();
    if (CASPER_2X && (mode == NATIVE || mode == NATIVE_AND_CES)) {
      const status = emitEncodedMessage("events", event);
      if (status != 0) revert(status);
    }
    if (mode == CES || mode == NATIVE_AND_CES) emitEncoded(event);
  }
}
