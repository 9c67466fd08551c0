// A class-form contract for tests/class-form-groups.test.ts: a user group created at install and an
// entry point only its members may call; init given the contract's own hash; a value field set in init.
import { ContractHash, Key, URef } from "../../assembly/index";

@contract({ keys: { contractHash: "groups_contract", packageHash: "groups_package" }, groups: { admin: "admin_access" } })
class Groups {
  @namedKey me: Key | null;
  count: u32;

  @entryPoint
  init(contract_hash: ContractHash, package_hash: Key): void {
    this.me = Key.hash(contract_hash);
    this.count = 0;
  }

  /** Only holders of the admin group's URef. */
  @entryPoint({ access: ["admin"] })
  restricted(): void {
    this.count = this.count + 1;
  }

  @entryPoint
  open(): void {
    this.count = this.count + 10;
  }
}
