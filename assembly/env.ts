// Every Casper VM1 host function (module "env"), one declaration each: the 1.5.x set plus what 2.x adds.
// Source of truth: casper-node v1.5.8 smart_contracts/contract/src/ext_ffi.rs and
// execution_engine/src/core/resolvers/v1_resolver.rs; 2.x-only imports from casper-node 2.0.0.
// tests/as-env.test.ts checks this file against host/ffi/imports.ts (names, arity, results).
// Every parameter is a wasm i32: pointers and sizes are `usize`, small numbers `u32`.
// A function that returns i32 returns 0 for success or an ApiError code (see errors.ts), unless noted.
// `casper_ret` and `casper_revert` never return: the host traps after recording the outcome.
// Only imports a module actually calls end up in its import section, so declaring the 2.x ones
// costs nothing for contracts that stay on the 1.5 set.

@external("env", "casper_add")
export declare function casper_add(keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): void;
@external("env", "casper_add_associated_key")
export declare function casper_add_associated_key(accountHashPtr: usize, accountHashSize: usize, weight: u32): i32;
@external("env", "casper_add_contract_version")
export declare function casper_add_contract_version(contractPackageHashPtr: usize, contractPackageHashSize: usize, versionPtr: usize, entryPointsPtr: usize, entryPointsSize: usize, namedKeysPtr: usize, namedKeysSize: usize, outputPtr: usize, outputSize: usize, bytesWrittenPtr: usize): i32;
@external("env", "casper_add_contract_version_with_message_topics")
export declare function casper_add_contract_version_with_message_topics(contractPackageHashPtr: usize, contractPackageHashSize: usize, versionPtr: usize, entryPointsPtr: usize, entryPointsSize: usize, namedKeysPtr: usize, namedKeysSize: usize, messageTopicsPtr: usize, messageTopicsSize: usize, outputPtr: usize, outputSize: usize): i32; // 2.x only
@external("env", "casper_add_package_version_with_message_topics")
export declare function casper_add_package_version_with_message_topics(packageHashPtr: usize, packageHashSize: usize, versionPtr: usize, entryPointsPtr: usize, entryPointsSize: usize, namedKeysPtr: usize, namedKeysSize: usize, messageTopicsPtr: usize, messageTopicsSize: usize, outputPtr: usize, outputSize: usize): i32; // 2.x only
@external("env", "casper_blake2b")
export declare function casper_blake2b(inPtr: usize, inSize: usize, outPtr: usize, outSize: usize): i32;
@external("env", "casper_call_contract")
export declare function casper_call_contract(contractHashPtr: usize, contractHashSize: usize, entryPointNamePtr: usize, entryPointNameSize: usize, runtimeArgsPtr: usize, runtimeArgsSize: usize, resultSize: usize): i32;
@external("env", "casper_call_package_version")
export declare function casper_call_package_version(contractPackageHashPtr: usize, contractPackageHashSize: usize, majorVersionPtr: usize, majorVersionSize: usize, contractVersionPtr: usize, contractVersionSize: usize, entryPointNamePtr: usize, entryPointNameSize: usize, runtimeArgsPtr: usize, runtimeArgsSize: usize, resultSize: usize): i32; // 2.x only
@external("env", "casper_call_versioned_contract")
export declare function casper_call_versioned_contract(contractPackageHashPtr: usize, contractPackageHashSize: usize, contractVersionPtr: usize, contractVersionSize: usize, entryPointNamePtr: usize, entryPointNameSize: usize, runtimeArgsPtr: usize, runtimeArgsSize: usize, resultSize: usize): i32;
@external("env", "casper_create_contract_package_at_hash")
export declare function casper_create_contract_package_at_hash(hashAddrPtr: usize, accessAddrPtr: usize, isLocked: u32): void;
@external("env", "casper_create_contract_user_group")
export declare function casper_create_contract_user_group(contractPackageHashPtr: usize, contractPackageHashSize: usize, labelPtr: usize, labelSize: usize, numNewUrefs: u32, existingUrefsPtr: usize, existingUrefsSize: usize, outputSizePtr: usize): i32;
@external("env", "casper_create_purse")
export declare function casper_create_purse(pursePtr: usize, purseSize: usize): i32;
@external("env", "casper_dictionary_get")
export declare function casper_dictionary_get(urefPtr: usize, urefSize: usize, keyBytesPtr: usize, keyBytesSize: usize, outputSize: usize): i32;
@external("env", "casper_dictionary_put")
export declare function casper_dictionary_put(urefPtr: usize, urefSize: usize, keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): i32;
@external("env", "casper_dictionary_read")
export declare function casper_dictionary_read(keyPtr: usize, keySize: usize, outputSize: usize): i32;
@external("env", "casper_disable_contract_version")
export declare function casper_disable_contract_version(contractPackageHashPtr: usize, contractPackageHashSize: usize, contractHashPtr: usize, contractHashSize: usize): i32;
@external("env", "casper_emit_message")
export declare function casper_emit_message(topicNamePtr: usize, topicNameSize: usize, messagePtr: usize, messageSize: usize): i32; // 2.x only
@external("env", "casper_enable_contract_version")
export declare function casper_enable_contract_version(contractPackageHashPtr: usize, contractPackageHashSize: usize, contractHashPtr: usize, contractHashSize: usize): i32;
@external("env", "casper_generic_hash")
export declare function casper_generic_hash(inPtr: usize, inSize: usize, hashAlgoType: u32, outPtr: usize, outSize: usize): i32; // 2.x only
@external("env", "casper_get_balance")
export declare function casper_get_balance(pursePtr: usize, purseSize: usize, resultSize: usize): i32;
@external("env", "casper_get_block_info")
export declare function casper_get_block_info(fieldIdx: u32, destPtr: usize): void; // 2.x only
@external("env", "casper_get_blocktime")
export declare function casper_get_blocktime(destPtr: usize): void;
@external("env", "casper_get_caller")
export declare function casper_get_caller(outputSize: usize): i32;
@external("env", "casper_get_key")
export declare function casper_get_key(namePtr: usize, nameSize: usize, outputPtr: usize, outputSize: usize, bytesWrittenPtr: usize): i32;
@external("env", "casper_get_main_purse")
export declare function casper_get_main_purse(destPtr: usize): void;
@external("env", "casper_get_named_arg")
export declare function casper_get_named_arg(namePtr: usize, nameSize: usize, destPtr: usize, destSize: usize): i32;
@external("env", "casper_get_named_arg_size")
export declare function casper_get_named_arg_size(namePtr: usize, nameSize: usize, destSize: usize): i32;
@external("env", "casper_get_phase")
export declare function casper_get_phase(destPtr: usize): void;
@external("env", "casper_get_system_contract")
export declare function casper_get_system_contract(systemContractIndex: u32, destPtr: usize, destSize: usize): i32;
@external("env", "casper_has_key")
export declare function casper_has_key(namePtr: usize, nameSize: usize): i32;
@external("env", "casper_is_valid_uref")
export declare function casper_is_valid_uref(urefPtr: usize, urefSize: usize): i32;
@external("env", "casper_load_authorization_keys")
export declare function casper_load_authorization_keys(totalKeys: usize, resultSize: usize): i32;
@external("env", "casper_load_call_stack")
export declare function casper_load_call_stack(callStackLenPtr: usize, resultSizePtr: usize): i32;
@external("env", "casper_load_caller_information")
export declare function casper_load_caller_information(action: u32, callStackLenPtr: usize, resultSizePtr: usize): i32; // 2.x only
@external("env", "casper_load_named_keys")
export declare function casper_load_named_keys(totalKeys: usize, resultSize: usize): i32;
@external("env", "casper_manage_message_topic")
export declare function casper_manage_message_topic(topicNamePtr: usize, topicNameSize: usize, operationPtr: usize, operationSize: usize): i32; // 2.x only
@external("env", "casper_new_dictionary")
export declare function casper_new_dictionary(outputSizePtr: usize): i32;
@external("env", "casper_new_uref")
export declare function casper_new_uref(urefPtr: usize, valuePtr: usize, valueSize: usize): void;
@external("env", "casper_print")
export declare function casper_print(textPtr: usize, textSize: usize): void;
@external("env", "casper_provision_contract_user_group_uref")
export declare function casper_provision_contract_user_group_uref(contractPackageHashPtr: usize, contractPackageHashSize: usize, labelPtr: usize, labelSize: usize, valueSizePtr: usize): i32;
@external("env", "casper_put_key")
export declare function casper_put_key(namePtr: usize, nameSize: usize, keyPtr: usize, keySize: usize): void;
@external("env", "casper_random_bytes")
export declare function casper_random_bytes(outPtr: usize, outSize: usize): i32;
@external("env", "casper_read_host_buffer")
export declare function casper_read_host_buffer(destPtr: usize, destSize: usize, bytesWritten: usize): i32;
@external("env", "casper_read_value")
export declare function casper_read_value(keyPtr: usize, keySize: usize, outputSize: usize): i32;
@external("env", "casper_record_era_info")
export declare function casper_record_era_info(eraIdPtr: usize, eraIdSize: usize, eraInfoPtr: usize, eraInfoSize: usize): i32; // 1.5.x only
@external("env", "casper_record_transfer")
export declare function casper_record_transfer(maybeToPtr: usize, maybeToSize: usize, sourcePtr: usize, sourceSize: usize, targetPtr: usize, targetSize: usize, amountPtr: usize, amountSize: usize, idPtr: usize, idSize: usize): i32; // 1.5.x only
@external("env", "casper_recover_secp256k1")
export declare function casper_recover_secp256k1(messagePtr: usize, messageSize: usize, signaturePtr: usize, signatureSize: usize, outPtr: usize, recoveryId: u32): i32; // 2.x only
@external("env", "casper_remove_associated_key")
export declare function casper_remove_associated_key(accountHashPtr: usize, accountHashSize: usize): i32;
@external("env", "casper_remove_contract_user_group")
export declare function casper_remove_contract_user_group(contractPackageHashPtr: usize, contractPackageHashSize: usize, labelPtr: usize, labelSize: usize): i32;
@external("env", "casper_remove_contract_user_group_urefs")
export declare function casper_remove_contract_user_group_urefs(contractPackageHashPtr: usize, contractPackageHashSize: usize, labelPtr: usize, labelSize: usize, urefsPtr: usize, urefsSize: usize): i32;
@external("env", "casper_remove_key")
export declare function casper_remove_key(namePtr: usize, nameSize: usize): void;
@external("env", "casper_ret")
export declare function casper_ret(valuePtr: usize, valueSize: usize): void;
@external("env", "casper_revert")
export declare function casper_revert(status: u32): void;
@external("env", "casper_set_action_threshold")
export declare function casper_set_action_threshold(permissionLevel: u32, threshold: u32): i32;
@external("env", "casper_transfer_from_purse_to_account")
export declare function casper_transfer_from_purse_to_account(sourcePtr: usize, sourceSize: usize, targetPtr: usize, targetSize: usize, amountPtr: usize, amountSize: usize, idPtr: usize, idSize: usize, resultPtr: usize): i32;
@external("env", "casper_transfer_from_purse_to_purse")
export declare function casper_transfer_from_purse_to_purse(sourcePtr: usize, sourceSize: usize, targetPtr: usize, targetSize: usize, amountPtr: usize, amountSize: usize, idPtr: usize, idSize: usize): i32;
@external("env", "casper_transfer_to_account")
export declare function casper_transfer_to_account(targetPtr: usize, targetSize: usize, amountPtr: usize, amountSize: usize, idPtr: usize, idSize: usize, resultPtr: usize): i32;
@external("env", "casper_update_associated_key")
export declare function casper_update_associated_key(accountHashPtr: usize, accountHashSize: usize, weight: u32): i32;
@external("env", "casper_verify_signature")
export declare function casper_verify_signature(messagePtr: usize, messageSize: usize, signaturePtr: usize, signatureSize: usize, publicKeyPtr: usize, publicKeySize: usize): i32; // 2.x only
@external("env", "casper_write")
export declare function casper_write(keyPtr: usize, keySize: usize, valuePtr: usize, valueSize: usize): void;
