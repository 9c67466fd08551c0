// Typed contract clients (README.md here): what generated clients (build/<name>.client.ts) import.
export {
  ContractClient,
  EngineTransport,
  NetworkTransport,
  ClientError,
  argsFrom,
  clValueOf,
  decodeEvent,
  type Transport,
  type ContractRef,
  type ClientSchema,
  type SchemaArgument,
  type NetworkOptions,
  type NetworkResult,
  type DecodedEvent,
  type BigNumberInput,
  type KeyInput,
  type PublicKeyInput,
  type BytesInput,
} from "./contract-client.ts";
export { argTypeOf, clTypeOfSchema, readValue, schemaTypeText, type SchemaType } from "./schema-types.ts";
