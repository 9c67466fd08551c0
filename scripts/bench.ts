// `npm run bench`: throughput and overhead figures, each section measured in the same run as what it
// compares against (scripts/bench/sections.ts lists them).
//   npm run bench                      every section
//   npm run bench -- metering          only the named sections
//   npm run bench -- --ms 3000         time box per measured loop (default 1500 ms)
//   npm run bench -- --json            the figures as JSON

import type { BenchSectionResult } from "./bench/harness.ts";
import { SECTIONS } from "./bench/sections.ts";

const USAGE = `usage: npm run bench [-- [--json] [--ms <time box>] [${SECTIONS.map((s) => s.name).join(" | ")} ...]]`;

function parse(argv: string[]): { json: boolean; ms: number; names: string[] } {
  const out = { json: false, ms: 1500, names: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") out.json = true;
    else if (a === "--ms") {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`--ms needs a positive number of milliseconds, got ${argv[i] ?? "nothing"}`);
      out.ms = v;
    } else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (SECTIONS.some((s) => s.name === a)) out.names.push(a);
    else throw new Error(`unknown option or section "${a}"`);
  }
  return out;
}

let opts;
try {
  opts = parse(process.argv.slice(2));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}

const chosen = opts.names.length ? SECTIONS.filter((s) => opts.names.includes(s.name)) : SECTIONS;
const results: (BenchSectionResult & { name: string })[] = [];
for (const section of chosen) {
  const r = await section.run({ ms: opts.ms });
  results.push({ name: section.name, ...r });
  if (!opts.json) {
    console.log(`\n${r.title}`);
    const width = Math.max(...r.lines.map((l) => l.label.length));
    for (const l of r.lines) console.log(`  ${l.label.padEnd(width)}  ${l.value}`);
    for (const g of r.goals ?? []) console.log(`  goal: ${g.goal}: ${g.met ? "met" : "NOT MET"}`);
  }
}
if (opts.json) console.log(JSON.stringify({ node: process.version, results }, null, 2));
else console.log(`\n(node ${process.version}, ${opts.ms} ms per measured loop)`);
