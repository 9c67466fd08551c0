// The Casper protocol a module is built for, known at compile time. The build defines the global
// CASPER_PROTOCOL_2X (asc `--use CASPER_PROTOCOL_2X=1`) for a contract whose casper.build.json entry says
// `"protocol": "2.0.0"`; otherwise it is undefined and the module is built to run on 1.5.x and 2.x.
// Code under `if (CASPER_2X)` is compiled only for 2.x builds, so one source can use Casper 2.x host
// functions (messages, caller information) in its 2.x build and still build for 1.5.x without them
// (a module importing a 2.x host function does not instantiate on a 1.5.x node).

// @ts-ignore: CASPER_PROTOCOL_2X is defined by the build (or not at all)
export const CASPER_2X: bool = isDefined(CASPER_PROTOCOL_2X);
