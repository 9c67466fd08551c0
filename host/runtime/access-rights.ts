// The URefs a context may use and with which rights (casper-types v1.5.8 access_rights.rs
// ContextAccessRights). A URef the context does not hold, or holds with fewer rights, is a
// forged reference.

import { toHex } from "../bytesrepr/hex.ts";
import type { Key, URef } from "../bytesrepr/key.ts";

export type GrantedAccess = { readonly granted: false } | { readonly granted: true; readonly addr: string; readonly rights: number };

export class ContextAccessRights {
  private readonly rights = new Map<string, number>();

  constructor(readonly contextKey: Key, urefs: Iterable<URef> = []) {
    for (const u of urefs) this.add(u);
  }

  private add(u: URef): void {
    const id = toHex(u.addr);
    this.rights.set(id, (this.rights.get(id) ?? 0) | u.rights);
  }

  extend(urefs: Iterable<URef>): void {
    for (const u of urefs) this.add(u);
  }

  /** `has_access_rights_to_uref`: known address, and every right asked for is held. */
  has(u: URef): boolean {
    const known = this.rights.get(toHex(u.addr));
    return known !== undefined && (known & u.rights) === u.rights;
  }

  /** `grant_access`: add rights, reporting which were new so they can be revoked after use. */
  grant(u: URef): GrantedAccess {
    const id = toHex(u.addr);
    const existing = this.rights.get(id);
    const fresh = existing === undefined ? u.rights : u.rights & ~existing;
    this.rights.set(id, (existing ?? 0) | u.rights);
    if (existing !== undefined && fresh === 0) return { granted: false };
    return { granted: true, addr: id, rights: fresh };
  }

  remove(addrHex: string, rights: number): void {
    const cur = this.rights.get(addrHex);
    if (cur !== undefined) this.rights.set(addrHex, cur & ~rights);
  }
}
