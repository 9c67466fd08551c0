// Session code that calls a token (tests/cep18-differential.test.ts): the token's immediate caller is this
// session, so the deploy's account (cep18 utils.rs: a Session element). Args: token_contract (Key::Hash of
// the contract), entry_point (string), and whichever of owner, spender, recipient (Key) and amount (U256) it
// is given, passed on as they are.
import { runtime, Key, U256, RuntimeArgs, Unit, revert, ApiError, optionalArg } from "../../assembly/index";

export function call(): void {
  const hash = runtime.getNamedArg<Key>("token_contract").intoHash();
  if (hash === null) revert(ApiError.None);
  const entryPoint = runtime.getNamedArg<string>("entry_point");
  const args = new RuntimeArgs();
  const owner = optionalArg<Key>("owner", ApiError.InvalidArgument);
  if (owner !== null) args.insert<Key>("owner", owner);
  const spender = optionalArg<Key>("spender", ApiError.InvalidArgument);
  if (spender !== null) args.insert<Key>("spender", spender);
  const recipient = optionalArg<Key>("recipient", ApiError.InvalidArgument);
  if (recipient !== null) args.insert<Key>("recipient", recipient);
  const amount = optionalArg<U256>("amount", ApiError.InvalidArgument);
  if (changetype<usize>(amount) != 0) args.insert<U256>("amount", amount!);
  runtime.callContract<Unit>(hash!, entryPoint, args);
}
