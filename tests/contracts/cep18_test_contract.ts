// The helper contract of Casper's CEP-18 tests (casper-ecosystem/cep18 v1.1.0 cep18-test-contract/src/main.rs),
// ported to the class form for tests/cep18-*.test.ts: it calls a token's entry points from a stored contract,
// so the token sees this package as the caller (cep18 utils.rs: a StoredContract element), and stores what
// the token returns under its named key "result". Installed as the Rust one is (storage::new_contract with no
// named keys, the package hash under "cep18_test_contract"). Two differences, both test-only: `token_contract`
// is declared Key in the entry point table (the Rust table says ContractHash but its callers pass, and it
// reads, a Key), and `transfer_as_stored_session` is added: the same transfer from a Session (Caller) entry
// point, which casper-node 1.5.8 runs as StoredSession (the token then sees the account) and 2.0 as a
// contract call like any other.
import { runtime, Key, U256, RuntimeArgs, Unit, ContractHash, revert, ApiError } from "../../assembly/index";

/** The hash of a Key::Hash, as Rust's `into_hash().unwrap_or_revert()` (otherwise ApiError::None). */
function tokenOf(key: Key): ContractHash {
  const hash = key.intoHash();
  if (hash === null) revert(ApiError.None);
  return hash!;
}

@contract({ keys: { packageHash: "cep18_test_contract" } })
class Cep18TestContract {
  result: U256;

  @entryPoint
  check_total_supply(token_contract: Key): void {
    this.result = runtime.callContract<U256>(tokenOf(token_contract), "total_supply", new RuntimeArgs());
  }

  @entryPoint
  check_balance_of(token_contract: Key, address: Key): void {
    const token = tokenOf(token_contract);
    this.result = runtime.callContract<U256>(token, "balance_of", new RuntimeArgs().insert<Key>("address", address));
  }

  @entryPoint
  check_allowance_of(token_contract: Key, owner: Key, spender: Key): void {
    const token = tokenOf(token_contract);
    this.result = runtime.callContract<U256>(token, "allowance", new RuntimeArgs().insert<Key>("owner", owner).insert<Key>("spender", spender));
  }

  @entryPoint
  transfer_as_stored_contract(token_contract: Key, recipient: Key, amount: U256): void {
    const token = tokenOf(token_contract);
    runtime.callContract<Unit>(token, "transfer", new RuntimeArgs().insert<Key>("recipient", recipient).insert<U256>("amount", amount));
  }

  @entryPoint
  approve_as_stored_contract(token_contract: Key, spender: Key, amount: U256): void {
    const token = tokenOf(token_contract);
    runtime.callContract<Unit>(token, "approve", new RuntimeArgs().insert<Key>("spender", spender).insert<U256>("amount", amount));
  }

  @entryPoint
  transfer_from_as_stored_contract(token_contract: Key, owner: Key, recipient: Key, amount: U256): void {
    const token = tokenOf(token_contract);
    runtime.callContract<Unit>(
      token,
      "transfer_from",
      new RuntimeArgs().insert<Key>("owner", owner).insert<Key>("recipient", recipient).insert<U256>("amount", amount),
    );
  }

  @entryPoint({ type: "caller" })
  transfer_as_stored_session(token_contract: Key, recipient: Key, amount: U256): void {
    const token = tokenOf(token_contract);
    runtime.callContract<Unit>(token, "transfer", new RuntimeArgs().insert<Key>("recipient", recipient).insert<U256>("amount", amount));
  }
}
