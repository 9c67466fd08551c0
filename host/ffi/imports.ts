// Every VM1 host import (module "env"), from ../shared/casper/ffi.md, checked against casper-node
// v1.5.8 execution_engine/src/core/resolvers/v1_resolver.rs. All params are wasm i32.
// `result`: "i32" returns a status code, "none" returns nothing, "never" traps after recording an outcome.

export type ImportResult = "i32" | "none" | "never";

export interface HostImport {
  readonly name: string;
  readonly params: readonly string[];
  readonly result: ImportResult;
  /** served by a 1.5.x node */
  readonly v1: boolean;
  /** served by a 2.x node */
  readonly v2: boolean;
  /** served only by casper-node's test-support build (v1.5.8 v1_resolver.rs `#[cfg(feature = "test-support")]`):
   * the local engine runs it, a network node refuses the module */
  readonly testSupportOnly?: true;
}

export const HOST_IMPORTS: readonly HostImport[] = [
  { name: "casper_add", params: ["key_ptr", "key_size", "value_ptr", "value_size"], result: "none", v1: true, v2: true },
  { name: "casper_add_associated_key", params: ["account_hash_ptr", "account_hash_size", "weight"], result: "i32", v1: true, v2: true },
  { name: "casper_add_contract_version", params: ["contract_package_hash_ptr", "contract_package_hash_size", "version_ptr", "entry_points_ptr", "entry_points_size", "named_keys_ptr", "named_keys_size", "output_ptr", "output_size", "bytes_written_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_add_contract_version_with_message_topics", params: ["contract_package_hash_ptr", "contract_package_hash_size", "version_ptr", "entry_points_ptr", "entry_points_size", "named_keys_ptr", "named_keys_size", "message_topics_ptr", "message_topics_size", "output_ptr", "output_size"], result: "i32", v1: false, v2: true },
  { name: "casper_add_package_version_with_message_topics", params: ["package_hash_ptr", "package_hash_size", "version_ptr", "entry_points_ptr", "entry_points_size", "named_keys_ptr", "named_keys_size", "message_topics_ptr", "message_topics_size", "output_ptr", "output_size"], result: "i32", v1: false, v2: true },
  { name: "casper_blake2b", params: ["in_ptr", "in_size", "out_ptr", "out_size"], result: "i32", v1: true, v2: true },
  { name: "casper_call_contract", params: ["contract_hash_ptr", "contract_hash_size", "entry_point_name_ptr", "entry_point_name_size", "runtime_args_ptr", "runtime_args_size", "result_size"], result: "i32", v1: true, v2: true },
  { name: "casper_call_package_version", params: ["contract_package_hash_ptr", "contract_package_hash_size", "major_version_ptr", "major_version_size", "contract_version_ptr", "contract_version_size", "entry_point_name_ptr", "entry_point_name_size", "runtime_args_ptr", "runtime_args_size", "result_size"], result: "i32", v1: false, v2: true },
  { name: "casper_call_versioned_contract", params: ["contract_package_hash_ptr", "contract_package_hash_size", "contract_version_ptr", "contract_version_size", "entry_point_name_ptr", "entry_point_name_size", "runtime_args_ptr", "runtime_args_size", "result_size"], result: "i32", v1: true, v2: true },
  { name: "casper_create_contract_package_at_hash", params: ["hash_addr_ptr", "access_addr_ptr", "is_locked"], result: "none", v1: true, v2: true },
  { name: "casper_create_contract_user_group", params: ["contract_package_hash_ptr", "contract_package_hash_size", "label_ptr", "label_size", "num_new_urefs", "existing_urefs_ptr", "existing_urefs_size", "output_size_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_create_purse", params: ["purse_ptr", "purse_size"], result: "i32", v1: true, v2: true },
  { name: "casper_dictionary_get", params: ["uref_ptr", "uref_size", "key_bytes_ptr", "key_bytes_size", "output_size"], result: "i32", v1: true, v2: true },
  { name: "casper_dictionary_put", params: ["uref_ptr", "uref_size", "key_ptr", "key_size", "value_ptr", "value_size"], result: "i32", v1: true, v2: true },
  { name: "casper_dictionary_read", params: ["key_ptr", "key_size", "output_size"], result: "i32", v1: true, v2: true },
  { name: "casper_disable_contract_version", params: ["contract_package_hash_ptr", "contract_package_hash_size", "contract_hash_ptr", "contract_hash_size"], result: "i32", v1: true, v2: true },
  { name: "casper_emit_message", params: ["topic_name_ptr", "topic_name_size", "message_ptr", "message_size"], result: "i32", v1: false, v2: true },
  { name: "casper_enable_contract_version", params: ["contract_package_hash_ptr", "contract_package_hash_size", "contract_hash_ptr", "contract_hash_size"], result: "i32", v1: true, v2: true },
  { name: "casper_generic_hash", params: ["in_ptr", "in_size", "hash_algo_type", "out_ptr", "out_size"], result: "i32", v1: false, v2: true },
  { name: "casper_get_balance", params: ["purse_ptr", "purse_size", "result_size"], result: "i32", v1: true, v2: true },
  { name: "casper_get_block_info", params: ["field_idx", "dest_ptr"], result: "none", v1: false, v2: true },
  { name: "casper_get_blocktime", params: ["dest_ptr"], result: "none", v1: true, v2: true },
  { name: "casper_get_caller", params: ["output_size"], result: "i32", v1: true, v2: true },
  { name: "casper_get_key", params: ["name_ptr", "name_size", "output_ptr", "output_size", "bytes_written_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_get_main_purse", params: ["dest_ptr"], result: "none", v1: true, v2: true },
  { name: "casper_get_named_arg", params: ["name_ptr", "name_size", "dest_ptr", "dest_size"], result: "i32", v1: true, v2: true },
  { name: "casper_get_named_arg_size", params: ["name_ptr", "name_size", "dest_size"], result: "i32", v1: true, v2: true },
  { name: "casper_get_phase", params: ["dest_ptr"], result: "none", v1: true, v2: true },
  { name: "casper_get_system_contract", params: ["system_contract_index", "dest_ptr", "dest_size"], result: "i32", v1: true, v2: true },
  { name: "casper_has_key", params: ["name_ptr", "name_size"], result: "i32", v1: true, v2: true },
  { name: "casper_is_valid_uref", params: ["uref_ptr", "uref_size"], result: "i32", v1: true, v2: true },
  { name: "casper_load_authorization_keys", params: ["total_keys", "result_size"], result: "i32", v1: true, v2: true },
  { name: "casper_load_call_stack", params: ["call_stack_len_ptr", "result_size_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_load_caller_information", params: ["action", "call_stack_len_ptr", "result_size_ptr"], result: "i32", v1: false, v2: true },
  { name: "casper_load_named_keys", params: ["total_keys", "result_size"], result: "i32", v1: true, v2: true },
  { name: "casper_manage_message_topic", params: ["topic_name_ptr", "topic_name_size", "operation_ptr", "operation_size"], result: "i32", v1: false, v2: true },
  { name: "casper_new_dictionary", params: ["output_size_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_new_uref", params: ["uref_ptr", "value_ptr", "value_size"], result: "none", v1: true, v2: true },
  { name: "casper_print", params: ["text_ptr", "text_size"], result: "none", v1: true, v2: true, testSupportOnly: true },
  { name: "casper_provision_contract_user_group_uref", params: ["contract_package_hash_ptr", "contract_package_hash_size", "label_ptr", "label_size", "value_size_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_put_key", params: ["name_ptr", "name_size", "key_ptr", "key_size"], result: "none", v1: true, v2: true },
  { name: "casper_random_bytes", params: ["out_ptr", "out_size"], result: "i32", v1: true, v2: true },
  { name: "casper_read_host_buffer", params: ["dest_ptr", "dest_size", "bytes_written"], result: "i32", v1: true, v2: true },
  { name: "casper_read_value", params: ["key_ptr", "key_size", "output_size"], result: "i32", v1: true, v2: true },
  { name: "casper_record_era_info", params: ["era_id_ptr", "era_id_size", "era_info_ptr", "era_info_size"], result: "i32", v1: true, v2: false },
  { name: "casper_record_transfer", params: ["maybe_to_ptr", "maybe_to_size", "source_ptr", "source_size", "target_ptr", "target_size", "amount_ptr", "amount_size", "id_ptr", "id_size"], result: "i32", v1: true, v2: false },
  { name: "casper_recover_secp256k1", params: ["message_ptr", "message_size", "signature_ptr", "signature_size", "out_ptr", "recovery_id"], result: "i32", v1: false, v2: true },
  { name: "casper_remove_associated_key", params: ["account_hash_ptr", "account_hash_size"], result: "i32", v1: true, v2: true },
  { name: "casper_remove_contract_user_group", params: ["contract_package_hash_ptr", "contract_package_hash_size", "label_ptr", "label_size"], result: "i32", v1: true, v2: true },
  { name: "casper_remove_contract_user_group_urefs", params: ["contract_package_hash_ptr", "contract_package_hash_size", "label_ptr", "label_size", "urefs_ptr", "urefs_size"], result: "i32", v1: true, v2: true },
  { name: "casper_remove_key", params: ["name_ptr", "name_size"], result: "none", v1: true, v2: true },
  { name: "casper_ret", params: ["value_ptr", "value_size"], result: "never", v1: true, v2: true },
  { name: "casper_revert", params: ["status"], result: "never", v1: true, v2: true },
  { name: "casper_set_action_threshold", params: ["permission_level", "threshold"], result: "i32", v1: true, v2: true },
  { name: "casper_transfer_from_purse_to_account", params: ["source_ptr", "source_size", "target_ptr", "target_size", "amount_ptr", "amount_size", "id_ptr", "id_size", "result_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_transfer_from_purse_to_purse", params: ["source_ptr", "source_size", "target_ptr", "target_size", "amount_ptr", "amount_size", "id_ptr", "id_size"], result: "i32", v1: true, v2: true },
  { name: "casper_transfer_to_account", params: ["target_ptr", "target_size", "amount_ptr", "amount_size", "id_ptr", "id_size", "result_ptr"], result: "i32", v1: true, v2: true },
  { name: "casper_update_associated_key", params: ["account_hash_ptr", "account_hash_size", "weight"], result: "i32", v1: true, v2: true },
  { name: "casper_verify_signature", params: ["message_ptr", "message_size", "signature_ptr", "signature_size", "public_key_ptr", "public_key_size"], result: "i32", v1: false, v2: true },
  { name: "casper_write", params: ["key_ptr", "key_size", "value_ptr", "value_size"], result: "none", v1: true, v2: true },
];

/** The casper_* imports of `names` that a network node refuses (served only by test builds of casper-node). */
export function testSupportOnlyImports(names: Iterable<string>): string[] {
  return [...names].filter((n) => HOST_IMPORTS_BY_NAME.get(n)?.testSupportOnly);
}

export const HOST_IMPORTS_BY_NAME: ReadonlyMap<string, HostImport> = new Map(HOST_IMPORTS.map((i) => [i.name, i]));
