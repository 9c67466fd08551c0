// The sections of `npm run bench`, in the order they run. A new section implements BenchSection
// (harness.ts) in its own file under scripts/bench/ and is added here.

import type { BenchSection } from "./harness.ts";
import { engineVsBare } from "./engine-vs-bare.ts";
import { fork } from "./fork.ts";
import { localNode } from "./local-node.ts";
import { messages } from "./messages.ts";
import { metering } from "./metering.ts";
import { stateRoot } from "./state-root.ts";
import { initToGreen } from "./init-to-green.ts";

export const SECTIONS: BenchSection[] = [engineVsBare, metering, messages, localNode, stateRoot, fork, initToGreen];
