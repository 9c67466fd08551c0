// Amounts on the command line (--amount, --payment). Decided once for every command:
//   - a bare integer is motes, as casper-client and the node's JSON count them: 2500000000
//   - a number with the suffix "cspr" is CSPR, 1 CSPR = 10^9 motes: 500cspr, 2.5cspr, 0.000000001cspr
//   - the suffix "motes" is accepted for clarity: 2500000000motes
// Underscores may group digits (500_000_000_000). Case and a space before the unit do not matter.
// Fractions finer than one mote, negative amounts and anything above U512 are refused.

export const MOTES_PER_CSPR = 1_000_000_000n;
const U512_MAX = 2n ** 512n - 1n;

export class AmountError extends Error {}

/** Parses an amount into motes; `what` names the option in errors (e.g. "--amount"). */
export function parseAmount(text: string, what = "amount"): bigint {
  const m = /^\s*(\d[\d_]*)(?:\.(\d+))?\s*(cspr|motes)?\s*$/i.exec(text);
  if (!m || m[1].endsWith("_")) {
    throw new AmountError(`${what}: can't read '${text}' as an amount: write motes (2500000000) or CSPR (2.5cspr)`);
  }
  const whole = BigInt(m[1].replaceAll("_", ""));
  const fraction = m[2] ?? "";
  const unit = (m[3] ?? "motes").toLowerCase();
  let motes: bigint;
  if (unit === "cspr") {
    if (fraction.length > 9) throw new AmountError(`${what}: ${text} has more than 9 decimals; 1 mote is 0.000000001 CSPR`);
    motes = whole * MOTES_PER_CSPR + BigInt(fraction.padEnd(9, "0") || "0");
  } else {
    if (fraction !== "") throw new AmountError(`${what}: ${text} is not a whole number of motes (did you mean ${text.replace(/\s*motes\s*$/i, "")}cspr?)`);
    motes = whole;
  }
  if (motes > U512_MAX) throw new AmountError(`${what}: ${text} is larger than a U512`);
  return motes;
}

/** Formats motes as CSPR for people: "2.5 CSPR (2500000000 motes)". */
export function formatMotes(motes: bigint): string {
  const whole = motes / MOTES_PER_CSPR;
  const fraction = (motes % MOTES_PER_CSPR).toString().padStart(9, "0").replace(/0+$/, "");
  return `${whole}${fraction ? `.${fraction}` : ""} CSPR (${motes} motes)`;
}
