// Casper's JSON time formats: `Timestamp` is RFC 3339 with milliseconds ("2020-11-17T00:39:24.072Z")
// and `TimeDiff` is a humantime duration ("30m", "1h 30m", "2days 3h"). casper-node v1.5.8
// types/src/timestamp.rs formats both with the `humantime` crate; these mirror its units and rules so
// the node's error messages read exactly like the real node's.

const MS = 1n;
const SECOND = 1000n * MS;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;
const DAY = 24n * HOUR;
// humantime: a month is 30.44 days and a year 365.25 days.
const MONTH = 2_630_016n * SECOND;
const YEAR = 31_557_600n * SECOND;

const NS_PER_MS = 1_000_000n;
const UNIT_NS: Record<string, bigint> = {
  nanos: 1n, nsec: 1n, ns: 1n,
  usec: 1000n, us: 1000n,
  millis: NS_PER_MS, msec: NS_PER_MS, ms: NS_PER_MS,
};
for (const [names, ms] of [
  [["seconds", "second", "secs", "sec", "s"], SECOND],
  [["minutes", "minute", "mins", "min", "m"], MINUTE],
  [["hours", "hour", "hrs", "hr", "h"], HOUR],
  [["days", "day", "d"], DAY],
  [["weeks", "week", "w"], 7n * DAY],
  [["months", "month", "M"], MONTH],
  [["years", "year", "y"], YEAR],
] as const) {
  for (const name of names) UNIT_NS[name] = ms * NS_PER_MS;
}

/** Parses a humantime duration into milliseconds (sub-millisecond parts truncated, as `TimeDiff` does). */
export function parseTimeDiff(text: string): bigint {
  const src = text.trim();
  if (src === "") throw new TypeError("empty duration");
  const item = /(\d+)\s*([a-zA-Z]+)\s*/y;
  let totalNs = 0n;
  let at = 0;
  while (at < src.length) {
    item.lastIndex = at;
    const m = item.exec(src);
    if (!m) throw new TypeError(`invalid duration '${text}': expected <number><unit> at '${src.slice(at)}'`);
    const unit = UNIT_NS[m[2]];
    if (unit === undefined) throw new TypeError(`invalid duration '${text}': unknown unit '${m[2]}'`);
    totalNs += BigInt(m[1]) * unit;
    at = item.lastIndex;
  }
  return totalNs / NS_PER_MS;
}

/** Formats milliseconds the way humantime's `format_duration` does ("1h 30m", "2days 3s 5ms"). */
export function formatTimeDiff(ms: bigint): string {
  if (ms === 0n) return "0s";
  const secs = ms / SECOND;
  const millis = ms % SECOND;
  const years = secs / (YEAR / SECOND);
  const yearRest = secs % (YEAR / SECOND);
  const months = yearRest / (MONTH / SECOND);
  const monthRest = yearRest % (MONTH / SECOND);
  const days = monthRest / 86_400n;
  const daySecs = monthRest % 86_400n;
  const parts: string[] = [];
  const plural = (n: bigint, name: string) => { if (n > 0n) parts.push(`${n}${name}${n > 1n ? "s" : ""}`); };
  const plain = (n: bigint, name: string) => { if (n > 0n) parts.push(`${n}${name}`); };
  plural(years, "year");
  plural(months, "month");
  plural(days, "day");
  plain(daySecs / 3600n, "h");
  plain((daySecs % 3600n) / 60n, "m");
  plain(daySecs % 60n, "s");
  plain(millis, "ms");
  return parts.join(" ");
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|\+00:00)$/;

/** Parses a Casper JSON timestamp (UTC RFC 3339) into milliseconds since the epoch. */
export function parseTimestamp(text: unknown): bigint {
  if (typeof text !== "string") throw new TypeError(`expected an RFC 3339 timestamp string`);
  const m = RFC3339.exec(text);
  if (!m) throw new TypeError(`invalid timestamp '${text}': expected e.g. 2020-11-17T00:39:24.072Z`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new TypeError(`invalid timestamp '${text}': no such date or time`);
  }
  const fraction = (m[7] ?? "").padEnd(3, "0").slice(0, 3);
  return BigInt(ms) + BigInt(fraction === "" ? 0 : Number(fraction));
}

/** Formats milliseconds since the epoch like humantime's `format_rfc3339_millis`. */
export function formatTimestamp(ms: bigint): string {
  return new Date(Number(ms)).toISOString();
}

/** A chainspec duration ("0 weeks", "120 minutes") in ms; the auction's periods are durations. */
export function durationMillis(field: string, value: string): bigint {
  try {
    return parseTimeDiff(value);
  } catch (e) {
    throw new Error(`${field}: ${(e as Error).message}`);
  }
}
