// The class-form contract API (see README.md here): what a contract written as a @contract class uses
// besides the rest of the library. Exported from assembly/index.ts.
export { Mapping, AutoItemKey, TextItemKey, Base64ItemKey, HexItemKey, HashItemKey } from "./mapping";
export { EventSchemas, initEvents, emit, eventBytes, emitEventMessage, registerTopic, registerTopicNamed } from "./events";
export { ARG_ABSENT, argWithCodes, optionalArg, argOr, hasArg } from "./args";
export { isInstalling } from "./install";
