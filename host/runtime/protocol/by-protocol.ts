// Where casper-node 1.5.8 and 2.0.0 execute differently, each concern keeps its rules in ONE table
// keyed by protocol (a file of this folder per concern), as the chainspec keeps its values per
// protocol. Code asks the table for the rule (`rulesFor(CALL_RULES, config.protocol).…`) instead of
// testing the protocol where it acts.

export type Protocol = "1.5.8" | "2.0.0";

/** One value of a rule set per protocol: every protocol must be filled in. */
export type ByProtocol<T> = Readonly<Record<Protocol, T>>;

export function rulesFor<T>(table: ByProtocol<T>, protocol: Protocol): T {
  const rules = table[protocol];
  if (rules === undefined) throw new Error(`no rules for protocol ${JSON.stringify(protocol)} (known: ${Object.keys(table).join(", ")})`);
  return rules;
}
