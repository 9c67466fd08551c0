// The Rust-built contracts the tests run: see scripts/fixtures/rust-contracts.ts (`npm run gas` measures
// the Rust CEP-18 beside ours, so the fetching lives with the scripts).
export * from "../../scripts/fixtures/rust-contracts.ts";
