// `npm start`: for now, builds the contracts and prints the artifact table (the lead extends it to
// run them on the local engine).
import { buildAll, formatArtifactTable } from "./build.ts";

const artifacts = await buildAll();
console.log(formatArtifactTable(artifacts));
