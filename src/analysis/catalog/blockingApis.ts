import type { SyntaxNode } from '../parser';
import { callsNamed, callsNamedLike } from '../semantic/callIndex';
import type { SemanticModel } from '../semantic/model';
import { argument, callArguments, dottedText, field, isAsyncFor, isWithItemValue, namedChildren, unparenthesize } from '../syntax';
import { literalValue } from '../rules/helpers/argumentValues';
import { factsAt } from '../rules/helpers/pathConditions';
import { callerArguments } from '../semantic/callerArguments';
import { readsDoneFuture } from './doneFutures';
import { callsDatagramSocket, callsUnixDatagramSocket, connectsToOwnListener, datagramConnectHost, nonBlockingSocketCall } from './nonBlockingSockets';
import { mayLookUpSrv } from './mongoAddresses';
import { isNumericAddress, isNumericHost } from './numericHosts';
import { handedToPipeTransport, wrapsDescriptorLiteral, wrapsOpenedPath, wrapsPathlessDescriptor } from './openDescriptors';
import { reapsExitedProcess } from './processPolling';
import { getsFromNonEmptyQueue, putsOnUnboundedQueue } from './queueStates';
import { SOUNDDEVICE_STREAMS, BITCOIN_RPC_PROXIES, CLICKHOUSE_CONNECT_CLIENT, FABRIC_GROUPS, GITLAB_MANAGERS, GITLAB_MERGE_REQUEST, SUPABASE_QUERY, NETMIKO_CONNECTION, TWILIO_RESOURCES, DEEP_TRANSLATORS, DIALOGFLOW_SESSIONS, DJANGO_CACHE, GEOPY_GEOCODERS, GOOGLE_API_RESOURCE, KUBERNETES_API, MODBUS_CLIENTS, TRANSCRIPT, TRANSCRIPT_API, WEB3, XMLRPC_PROXY } from '../semantic/typeTables';
import { fileArgument, LIBRARY_FILE_CALLS, type FileArgument } from './libraryFiles';
import { onlyItsNameUsed } from './temporaryFiles';
import { isUrlArgument } from './urlArguments';

/**
 * The blocking APIs, as data: each entry maps canonical dotted names (a function, or
 * `Type.method` for a method on a value of known type) to a code and
 * the async alternative the message suggests. Adding an API is adding a line here.
 */
export interface BlockingApi {
  code: string;
  names: string[];
  /**
   * Methods matched by name instead of listed: those `named` matches on a value of one of `types`. For clients
   * whose every method is a request: generated API classes (kubernetes), XML-RPC proxies (the server's methods).
   * With `mentions`, only looked for in a module whose text holds one of these words: a pattern that matches
   * every name would otherwise resolve every call of every module.
   */
  methods?: { types: string[]; named: RegExp; mentions?: string[] };
  /** English, translated through l10n; shown as "use {instead} instead". */
  instead: string;
  /** Which quick fix applies; `toThread` works for every call; `asyncTwin`: the same method with an `a` in front, awaited. */
  fix?: 'asyncSleep' | 'toThread' | 'asyncTwin';
  /** Cheap calls are reported one severity level below the code's severity. */
  light?: boolean;
  /** Extra condition on the call, e.g. the mode argument of `os.spawn*`. */
  when?: (call: SyntaxNode, model: SemanticModel) => boolean;
  /**
   * The call itself never waits (`os.waitpid(pid, os.WNOHANG)`, `os.fdopen(fd)`): reported where it is
   * written only because flake8-async (and Ruff) report it, one level lower (`light` too); never the
   * blocking end of an AIO200 chain. `why` (English, translated) says why
   * it does not wait.
   */
  neverWaits?: boolean;
  why?: string;
  /** English, translated: the message instead of the code's (`{0}` the call, `{1}` the alternative). */
  message?: string;
  /**
   * The call raises whenever an event loop runs in its thread (Django's `SynchronousOnlyOperation`), so a
   * coroutine alone on its loop is no excuse: never lowered to information for running alone.
   */
  raisesOnLoop?: boolean;
}

/** What pymodbus's sync clients do on the wire. */
const MODBUS_CALLS = [
  'connect', 'read_coils', 'read_discrete_inputs', 'read_holding_registers', 'read_input_registers', 'write_coil', 'write_coils',
  'write_register', 'write_registers', 'readwrite_registers', 'mask_write_register', 'read_device_information', 'execute',
];

/** Django queryset calls that run the query (each has an `a…` twin since Django 4.1). */
const DJANGO_QUERIES = [
  'get', 'first', 'last', 'count', 'exists', 'create', 'get_or_create', 'update_or_create', 'bulk_create', 'bulk_update',
  'update', 'delete', 'aggregate', 'earliest', 'latest', 'in_bulk', 'iterator', 'contains', 'explain',
];

/**
 * PyGithub's requests, by class: look-ups that fetch at once and the writes. Lists (`get_pulls()`, `get_repos()`) are
 * lazy: their iteration fetches the pages.
 */
const PYGITHUB_CALLS: Record<string, string[]> = {
  Github: ['get_repo', 'get_organization', 'get_rate_limit', 'get_gist', 'get_emojis', 'get_license'],
  Repository: [
    'get_pull', 'get_issue', 'get_contents', 'get_branch', 'get_commit', 'get_readme', 'get_label', 'get_release',
    'get_latest_release', 'create_issue', 'create_pull', 'create_file', 'update_file', 'delete_file', 'create_git_ref',
    'create_label', 'create_git_release', 'edit', 'merge',
  ],
  PullRequest: [
    'create_issue_comment', 'create_review', 'create_review_comment', 'create_review_request', 'merge', 'edit',
    'add_to_labels', 'remove_from_labels', 'set_labels', 'update_branch', 'is_merged',
  ],
  Issue: ['create_comment', 'edit', 'add_to_labels', 'remove_from_labels', 'set_labels', 'lock', 'unlock', 'create_reaction'],
};

/** Requests of the `jira` package's client (`jira.JIRA`). */
const JIRA_CALLS = [
  'issue', 'create_issue', 'create_issues', 'search_issues', 'enhanced_search_issues', 'add_comment', 'comments', 'comment',
  'transition_issue', 'transitions', 'assign_issue', 'project', 'projects', 'project_components', 'project_versions',
  'create_version', 'add_attachment', 'attachment', 'add_worklog', 'worklogs', 'create_issue_link', 'issue_link_types',
  'user', 'search_users', 'search_assignable_users_for_projects', 'search_assignable_users_for_issues', 'boards', 'sprints',
  'create_sprint', 'add_issues_to_sprint', 'fields', 'priorities', 'statuses', 'resolutions', 'myself', 'server_info',
  'remote_links', 'add_remote_link', 'add_watcher', 'remove_watcher', 'watchers', 'issue_types', 'createmeta', 'editmeta',
  'filter', 'favourite_filters', 'dashboards', 'groups', 'group_members', 'add_user_to_group', 'delete_issue_link',
];

const HTTP_VERBS = ['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request'];
const CLIENT_METHODS = ['close', 'delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'request', 'send', 'stream'];
const SPAWN = ['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'].map((suffix) => `os.spawn${suffix}`);
const FILE_METHODS = ['read', 'readline', 'readlines', 'write', 'writelines', 'flush', 'seek', 'truncate'];
const PATH_IO = [
  'read_text', 'read_bytes', 'write_text', 'write_bytes', 'touch', 'exists', 'is_file', 'is_dir', 'is_symlink',
  'is_mount', 'is_socket', 'is_fifo', 'is_block_device', 'is_char_device', 'is_junction', 'stat', 'lstat', 'iterdir',
  'glob', 'rglob', 'walk', 'mkdir', 'rmdir', 'unlink', 'rename', 'replace', 'resolve', 'samefile', 'chmod', 'lchmod',
  'owner', 'group', 'readlink', 'symlink_to', 'hardlink_to', 'copy', 'copy_into', 'move',
  'move_into', 'info',
];
/**
 * pathlib methods that read or write a whole file: file I/O as `open(...).read()` is, not a path check, so
 * ASYNC240 reports them at ASYNC230's severity (a warning), and an AIO200 chain ends in them as ASYNC230.
 */
export const PATH_CONTENT_IO: ReadonlySet<string> = new Set(['read_text', 'read_bytes', 'write_text', 'write_bytes']);
/**
 * The `os.path` functions that ask the filesystem. Not the string helpers (`join`, `split`,
 * `normpath`, `basename`, `expanduser`...), nor `abspath`/`relpath`, which only add the current
 * directory (a `getcwd()`, no disk access) — Ruff reports `abspath`, we do not.
 */
const OS_PATH = [
  'exists', 'lexists', 'isdir', 'isfile', 'islink', 'ismount', 'realpath', 'getatime', 'getctime',
  'getmtime', 'getsize', 'samefile', 'sameopenfile',
];
/** Calls of a sync Elasticsearch/OpenSearch client that make a request. */
const SEARCH_CLIENT_METHODS = [
  'search', 'index', 'get', 'delete', 'update', 'bulk', 'count', 'exists', 'mget', 'msearch', 'scroll', 'clear_scroll',
  'delete_by_query', 'update_by_query', 'info', 'ping', 'create', 'get_source', 'reindex', 'open_point_in_time',
];
/**
 * Django's cache API (`django.core.cache.cache`, `caches[alias]`): with the Redis or memcached backends each call
 * is a round trip to the server. Each has an async twin (`aget`…, Django 4.0+); django-redis's own
 * `keys`, `delete_pattern`, `ttl`, `expire` and `persist` have none.
 */
const DJANGO_CACHE_CALLS = [
  'get', 'set', 'add', 'delete', 'get_many', 'set_many', 'delete_many', 'get_or_set', 'has_key', 'incr', 'decr', 'touch',
  'clear', 'incr_version', 'decr_version', 'close',
];
const DJANGO_REDIS_CALLS = ['keys', 'delete_pattern', 'ttl', 'expire', 'persist'];
const DJANGO_CACHE_MESSAGE = 'Sync Django cache call `{0}` blocks the event loop (with the Redis or memcached backends, a round trip to the server): use {1} instead.';
/** Queries of clickhouse-driver's client (native protocol) and of clickhouse-connect's (HTTP). */
const CLICKHOUSE_DRIVER_CALLS = ['execute', 'execute_iter', 'execute_with_progress', 'query_dataframe', 'insert_dataframe'];
/** edgedb's (gel's) sync client; the legacy connection's `fetch*` too. */
const EDGEDB_CALLS = ['query', 'query_single', 'query_required_single', 'query_json', 'query_single_json', 'query_required_single_json', 'execute', 'ensure_connected'];
const EDGEDB_LEGACY_CALLS = [...EDGEDB_CALLS, 'fetchall', 'fetchone', 'fetchall_json', 'fetchone_json'];
/** What a fabric connection does over SSH (it connects on the first of them); its groups do the same on every host. */
const FABRIC_CALLS = ['run', 'sudo', 'put', 'get', 'open', 'sftp', 'create_session', 'shell'];
const PARAMIKO_SFTP_CALLS = [
  'get', 'put', 'getfo', 'putfo', 'open', 'file', 'listdir', 'listdir_attr', 'listdir_iter', 'stat', 'lstat', 'remove', 'unlink',
  'rename', 'posix_rename', 'mkdir', 'rmdir', 'chmod', 'chown', 'utime', 'truncate', 'readlink', 'symlink', 'normalize', 'chdir',
];
const CLICKHOUSE_CONNECT_CALLS = [
  'query', 'command', 'insert', 'query_df', 'query_np', 'query_arrow', 'insert_df', 'insert_arrow', 'raw_query', 'raw_insert', 'ping',
  'query_row_block_stream', 'query_rows_stream', 'query_df_stream',
];
const MEMCACHE_COMMANDS = [
  'get', 'get_many', 'gets', 'gets_many', 'set', 'set_many', 'add', 'replace', 'append', 'prepend', 'cas', 'delete',
  'delete_many', 'incr', 'decr', 'touch', 'stats', 'flush_all', 'version', 'quit', 'close',
];
/**
 * Request methods boto3 clients generate per service (each one an HTTPS call), the common ones; not
 * the local helpers (`generate_presigned_url`, `get_paginator`, `get_waiter`, `can_paginate`).
 */
const AWS_CLIENT_CALLS = [
  'upload_file', 'download_file', 'upload_fileobj', 'download_fileobj', 'put_object', 'get_object', 'head_object',
  'delete_object', 'delete_objects', 'copy_object', 'list_objects', 'list_objects_v2', 'list_buckets', 'create_bucket',
  'head_bucket', 'create_multipart_upload', 'upload_part', 'complete_multipart_upload', 'send_message',
  'send_message_batch', 'receive_message', 'delete_message', 'publish', 'invoke', 'get_item', 'put_item', 'update_item',
  'delete_item', 'query', 'scan', 'batch_get_item', 'batch_write_item', 'describe_instances', 'get_secret_value',
  'get_parameter', 'get_parameters', 'put_parameter', 'put_record', 'put_records', 'get_records', 'start_execution',
  'assume_role', 'get_caller_identity', 'put_metric_data', 'put_log_events', 'send_email', 'describe_table',
];
const ZMQ_RECEIVES = ['recv', 'recv_multipart', 'recv_string', 'recv_json', 'recv_pyobj', 'recv_serialized'];

/** A literal zero (`0`, `0.0`): a timeout that does not wait. */
function isZero(node: SyntaxNode | undefined): boolean {
  return !!node && /^0(\.0*)?$/.test(unparenthesize(node).text);
}

/** `poll(0)`, `loop(timeout=0)`: one look, no wait (pyzmq's `poll`, paho's `loop`). */
function waitsNoTime(call: SyntaxNode): boolean {
  return isZero(argument(callArguments(call), 0, 'timeout'));
}

/** `recv(zmq.NOBLOCK)`, `recv(flags=zmq.DONTWAIT)`, `poll(0)`: pyzmq returns (or raises `zmq.Again`) at once. */
function zmqReturnsAtOnce(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  const method = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  if (method === 'poll') return waitsNoTime(call);
  const flags = argument(callArguments(call), 0, 'flags');
  return !!flags && /\b(NOBLOCK|DONTWAIT)\b/.test(flags.text);
}

const PIKA_CHANNEL_METHODS = [
  'basic_publish', 'basic_get', 'basic_ack', 'basic_nack', 'basic_reject', 'basic_consume', 'basic_qos', 'start_consuming',
  'consume', 'queue_declare', 'queue_bind', 'queue_delete', 'queue_purge', 'exchange_declare', 'exchange_bind', 'close',
  'confirm_delivery', 'tx_commit',
];
const REDIS_COMMANDS = [
  'get', 'set', 'delete', 'exists', 'expire', 'incr', 'decr', 'incrby', 'hget', 'hset', 'hgetall', 'hdel', 'lpush',
  'rpush', 'lpop', 'rpop', 'blpop', 'brpop', 'lrange', 'sadd', 'srem', 'smembers', 'zadd', 'zrange', 'publish',
  'ping', 'keys', 'scan', 'mget', 'mset', 'setex', 'getdel', 'xadd', 'xread', 'execute_command',
  'setnx', 'getset', 'ttl', 'persist', 'rename', 'type', 'dbsize', 'flushdb', 'flushall', 'hmget', 'hmset', 'hincrby',
  'hkeys', 'hvals', 'hexists', 'hlen', 'llen', 'lrem', 'ltrim', 'lindex', 'lset', 'sismember', 'scard', 'spop',
  'zscore', 'zincrby', 'zrem', 'zrangebyscore', 'zrevrange', 'zrevrangebyscore', 'zcard', 'zcount', 'zrank', 'zrevrank',
  'zremrangebyscore', 'zremrangebyrank', 'xreadgroup', 'xack', 'xrange', 'xlen', 'incrbyfloat', 'eval', 'evalsha',
];
const CURSOR_METHODS = ['execute', 'executemany', 'fetchone', 'fetchmany', 'fetchall', 'callproc'];
const MONGO_DATABASE_CALLS = ['command', 'create_collection', 'drop_collection', 'list_collection_names', 'list_collections', 'validate_collection', 'aggregate'];
/** Each one a round trip to the server (`find` and `aggregate` as soon as their cursor is read). */
const MONGO_COLLECTION_CALLS = [
  'find', 'find_one', 'insert_one', 'insert_many', 'update_one', 'update_many', 'replace_one', 'delete_one', 'delete_many',
  'find_one_and_update', 'find_one_and_replace', 'find_one_and_delete', 'count_documents', 'estimated_document_count',
  'aggregate', 'distinct', 'bulk_write', 'create_index', 'create_indexes', 'drop_index', 'drop_indexes', 'drop',
  'list_indexes', 'index_information', 'rename', 'watch',
];
/**
 * Stripe's API resources (`stripe.Customer.create(...)`): each call is an HTTPS request made with
 * `requests`. stripe-python 10+ has an `*_async` twin of each.
 */
const STRIPE_RESOURCES = [
  'Account', 'Balance', 'BalanceTransaction', 'Charge', 'Coupon', 'CreditNote', 'Customer', 'Dispute', 'Event',
  'File', 'Invoice', 'InvoiceItem', 'PaymentIntent', 'PaymentLink', 'PaymentMethod', 'Payout', 'Plan', 'Price',
  'Product', 'PromotionCode', 'Quote', 'Refund', 'SetupIntent', 'Subscription', 'SubscriptionItem',
  'SubscriptionSchedule', 'TaxRate', 'Topup', 'Transfer', 'WebhookEndpoint', 'checkout.Session',
  'billing_portal.Session',
];
/** openai-python 1.x requests, on a client (`client.chat.completions.create`) or the module's default one (`openai.…`). */
const OPENAI_CALLS = [
  'chat.completions.create', 'completions.create', 'embeddings.create', 'images.generate', 'images.edit',
  'images.create_variation', 'audio.transcriptions.create', 'audio.translations.create', 'audio.speech.create',
  'moderations.create', 'files.create', 'files.retrieve', 'files.list', 'files.delete', 'files.content', 'models.list',
  'models.retrieve', 'responses.create', 'responses.retrieve', 'batches.create', 'batches.retrieve', 'batches.list',
  'batches.cancel',
];
/** passlib's hash classes (`passlib.hash.bcrypt.hash(secret)`) whose cost is a deliberate work factor. */
const PASSLIB_SCHEMES = ['bcrypt', 'bcrypt_sha256', 'argon2', 'scrypt', 'pbkdf2_sha1', 'pbkdf2_sha256', 'pbkdf2_sha512', 'sha256_crypt', 'sha512_crypt'];
/** Selenium's WebDriver commands: each an HTTP round trip to the browser's driver (`get` waits for the page load). */
const WEBDRIVER_COMMANDS = [
  'get', 'find_element', 'find_elements', 'execute_script', 'execute_async_script', 'refresh', 'back', 'forward',
  'quit', 'close', 'get_cookies', 'get_cookie', 'add_cookie', 'delete_cookie', 'delete_all_cookies',
  'save_screenshot', 'get_screenshot_as_file', 'get_screenshot_as_png', 'get_screenshot_as_base64',
  'set_window_size', 'maximize_window', 'minimize_window', 'fullscreen_window', 'set_page_load_timeout',
  'implicitly_wait', 'print_page',
];
const WEBELEMENT_COMMANDS = ['click', 'send_keys', 'clear', 'submit', 'get_attribute', 'get_property', 'find_element', 'find_elements', 'screenshot', 'is_displayed', 'is_enabled', 'is_selected', 'value_of_css_property'];
/** docker-py: every call is an HTTP request to the Docker daemon (over its socket), `exec_run` and `wait` as long as the command. */
const DOCKER = {
  client: ['ping', 'info', 'version', 'df', 'login', 'events'],
  containers: ['run', 'create', 'get', 'list', 'prune'],
  container: ['exec_run', 'logs', 'wait', 'stop', 'start', 'remove', 'kill', 'restart', 'put_archive', 'get_archive', 'attach', 'commit', 'top', 'stats', 'reload', 'update', 'pause', 'unpause'],
  images: ['pull', 'build', 'get', 'list', 'push', 'remove', 'prune', 'search', 'load'],
};

/** paho-mqtt's client: `connect` resolves the broker's name and opens the TCP connection; `loop` waits on the socket. */
const PAHO_CLIENT_CALLS = ['connect', 'connect_srv', 'reconnect', 'loop_forever'];

/** imaplib's and poplib's commands: each is a round trip to the mail server. */
const IMAP_COMMANDS = [
  'login', 'login_cram_md5', 'authenticate', 'starttls', 'select', 'examine', 'search', 'fetch', 'store', 'copy', 'expunge',
  'close', 'logout', 'list', 'lsub', 'status', 'append', 'create', 'delete', 'rename', 'noop', 'uid', 'check', 'getquota',
  'getquotaroot', 'namespace', 'sort', 'thread', 'xatom', 'idle',
];
const POP_COMMANDS = ['user', 'pass_', 'apop', 'rpop', 'stat', 'list', 'retr', 'dele', 'rset', 'noop', 'quit', 'top', 'uidl', 'stls', 'capa'];

/** MinIO's client: every bucket and object call is an HTTP request (uploads and downloads of whole objects). */
const MINIO_CALLS = [
  'bucket_exists', 'make_bucket', 'remove_bucket', 'list_buckets', 'list_objects', 'get_object', 'fget_object',
  'put_object', 'fput_object', 'stat_object', 'remove_object', 'remove_objects', 'copy_object', 'compose_object',
  'get_bucket_policy', 'set_bucket_policy', 'delete_bucket_policy', 'select_object_content', 'get_object_tags',
  'set_object_tags', 'get_bucket_versioning', 'set_bucket_versioning', 'listen_bucket_notification',
];
/** gspread: opening a spreadsheet and every read or write of a worksheet is a Google Sheets API request. */
const GSPREAD_CLIENT_CALLS = ['open', 'open_by_key', 'open_by_url', 'openall', 'create', 'copy', 'del_spreadsheet', 'list_spreadsheet_files', 'import_csv'];
const GSPREAD_SPREADSHEET_CALLS = [
  'worksheet', 'worksheets', 'get_worksheet', 'get_worksheet_by_id', 'add_worksheet', 'duplicate_sheet', 'del_worksheet',
  'share', 'batch_update', 'values_get', 'values_update', 'values_append', 'values_clear', 'values_batch_get',
  'fetch_sheet_metadata', 'reorder_worksheets', 'update_title',
];
const GSPREAD_WORKSHEET_CALLS = [
  'get_all_records', 'get_all_values', 'get_values', 'get', 'batch_get', 'update', 'batch_update', 'update_cell',
  'update_acell', 'update_cells', 'append_row', 'append_rows', 'insert_row', 'insert_rows', 'insert_cols',
  'delete_rows', 'delete_row', 'delete_columns', 'cell', 'acell', 'find', 'findall', 'col_values', 'row_values',
  'clear', 'batch_clear', 'range', 'resize', 'add_rows', 'add_cols', 'format', 'batch_format', 'sort', 'update_title',
];
/** ccxt's unified API on a sync exchange object: each call one or more HTTPS requests to the exchange. */
const CCXT_CALLS = [
  'load_markets', 'fetch_markets', 'fetch_currencies', 'fetch_ticker', 'fetch_tickers', 'fetch_order_book', 'fetch_ohlcv',
  'fetch_trades', 'fetch_balance', 'fetch_status', 'fetch_time', 'create_order', 'create_market_order',
  'create_limit_order', 'create_market_buy_order', 'create_market_sell_order', 'create_limit_buy_order',
  'create_limit_sell_order', 'edit_order', 'cancel_order', 'cancel_all_orders', 'fetch_order', 'fetch_orders',
  'fetch_open_orders', 'fetch_closed_orders', 'fetch_my_trades', 'fetch_positions', 'fetch_funding_rate',
  'set_leverage', 'withdraw', 'fetch_deposit_address', 'fetch_deposits', 'fetch_withdrawals',
];
/** python-binance's sync `Client`: each call an HTTPS request to Binance. */
const BINANCE_CALLS = [
  'ping', 'get_server_time', 'get_exchange_info', 'get_symbol_info', 'get_klines', 'get_historical_klines', 'get_symbol_ticker',
  'get_ticker', 'get_all_tickers', 'get_orderbook_ticker', 'get_order_book', 'get_recent_trades', 'get_avg_price', 'get_account',
  'get_asset_balance', 'create_order', 'create_test_order', 'order_limit', 'order_limit_buy', 'order_limit_sell', 'order_market',
  'order_market_buy', 'order_market_sell', 'cancel_order', 'get_order', 'get_open_orders', 'get_all_orders', 'get_my_trades',
  'futures_create_order', 'futures_cancel_order', 'futures_account', 'futures_account_balance', 'futures_position_information',
  'futures_klines', 'futures_change_leverage', 'futures_get_open_orders', 'futures_symbol_ticker', 'futures_mark_price',
  'futures_exchange_info',
];
/** web3.py's `w3.eth` methods that ask the node (v6 names, and v5's camelCase ones); not `w3.eth.account`'s local signing. */
const WEB3_ETH_CALLS = [
  'get_balance', 'get_block', 'get_block_number', 'get_transaction', 'get_transaction_receipt', 'get_transaction_count',
  'get_raw_transaction', 'get_code', 'get_storage_at', 'get_logs', 'get_proof', 'get_block_transaction_count',
  'get_transaction_by_block', 'get_filter_changes', 'get_filter_logs', 'call', 'estimate_gas', 'create_access_list',
  'fee_history', 'send_transaction', 'send_raw_transaction', 'replace_transaction', 'modify_transaction', 'sign',
  'sign_transaction', 'wait_for_transaction_receipt', 'getBalance', 'getBlock', 'getTransaction', 'getTransactionReceipt',
  'getTransactionCount', 'getCode', 'getStorageAt', 'getLogs', 'estimateGas', 'sendTransaction', 'sendRawTransaction',
  'waitForTransactionReceipt',
];
/** netmiko's connection (what `ConnectHandler(...)` returns): each command a round trip to the device over SSH. */
const NETMIKO_COMMANDS = [
  'send_command', 'send_command_timing', 'send_command_expect', 'send_config_set', 'send_config_from_file', 'send_multiline',
  'find_prompt', 'enable', 'exit_enable_mode', 'config_mode', 'exit_config_mode', 'save_config', 'commit', 'disconnect',
  'establish_connection', 'read_until_prompt', 'read_until_pattern', 'read_channel_timing',
];
/**
 * pysnmp's sync high-level API: the modules whose commands wait for the agent's answer (with retries, seconds when it
 * is down). `pysnmp.hlapi` re-exports one of them; its `asyncio` modules are coroutines.
 */
const PYSNMP_SYNC_MODULES = [
  'pysnmp.hlapi', 'pysnmp.hlapi.asyncore.sync', 'pysnmp.hlapi.v1arch', 'pysnmp.hlapi.v1arch.asyncore.sync', 'pysnmp.hlapi.v3arch',
  'pysnmp.hlapi.v3arch.asyncore.sync', 'pysnmp.hlapi.v3arch.asyncio.sync',
];
const PYSNMP_COMMANDS = [
  'getCmd', 'nextCmd', 'bulkCmd', 'setCmd', 'walkCmd', 'bulkWalkCmd', 'sendNotification', 'get_cmd', 'next_cmd', 'bulk_cmd',
  'set_cmd', 'walk_cmd', 'bulk_walk_cmd', 'send_notification',
];
/** pybit's unified-trading `HTTP` session: each call an HTTPS request to Bybit. */
const BYBIT_CALLS = [
  'get_server_time', 'get_kline', 'get_tickers', 'get_orderbook', 'get_instruments_info', 'place_order', 'amend_order',
  'cancel_order', 'cancel_all_orders', 'get_open_orders', 'get_order_history', 'get_executions', 'get_wallet_balance',
  'get_positions', 'set_leverage', 'set_trading_stop', 'get_closed_pnl',
];
const STRIPE_CALLS = [
  'create', 'retrieve', 'modify', 'list', 'delete', 'search', 'cancel', 'confirm', 'capture', 'attach', 'detach', 'pay',
  'finalize_invoice', 'void_invoice', 'send_invoice', 'upcoming', 'expire', 'list_line_items', 'create_source',
  'list_sources', 'retrieve_source', 'delete_source', 'resume',
];

const of = (prefix: string, names: string[]) => names.map((name) => `${prefix}.${name}`);

/** The stockfish package's methods that send the engine a command and wait for its answer. */
const STOCKFISH_COMMANDS = [
  'get_best_move', 'get_best_move_time', 'get_evaluation', 'get_static_eval', 'get_top_moves', 'get_wdl_stats',
  'set_fen_position', 'set_position', 'make_moves_from_current_position', 'is_move_correct', 'is_fen_valid',
  'get_board_visual', 'get_fen_position', 'set_skill_level', 'set_elo_rating', 'update_engine_parameters',
  'reset_engine_parameters', 'get_what_is_on_square', 'will_move_be_a_capture', 'send_quit_command',
];

/** pydub reads and writes WAV and raw samples itself; every other format goes through an ffmpeg process. */
function convertsThroughFfmpeg(call: SyntaxNode, model: SemanticModel): boolean {
  const targets = model.callTargets(call);
  const args = callArguments(call);
  const exporting = targets.includes('pydub.AudioSegment.export');
  if (!exporting && !targets.includes('pydub.AudioSegment.from_file')) return true;
  const format = argument(args, 1, 'format');
  if (format) {
    const value = literalValue(format);
    return typeof value !== 'string' || !/^(?:wav|raw|pcm)$/i.test(value);
  }
  if (exporting) return !args.hasSplat;
  const file = argument(args, 0, 'file');
  const names = file ? literalPaths(file, model) : [];
  return !(names.length > 0 && names.every((name) => /\.wav$/i.test(name)));
}

/** The string a literal is, or those the module's calls pass for the parameter it names (`calculate_waveform("a.wav")`). */
function literalPaths(expression: SyntaxNode, model: SemanticModel): string[] {
  const value = literalValue(expression);
  if (typeof value === 'string') return [value];
  const node = unparenthesize(expression);
  const binding = node.type === 'identifier' ? model.lookup(node.text, node) : undefined;
  const passed = binding?.kind === 'parameter' ? callerArguments(model, binding) : undefined;
  const values = passed?.map((argument) => literalValue(argument));
  return values?.every((passedValue): passedValue is string => typeof passedValue === 'string') ? values : [];
}

function isAwaitedOrAsyncIterated(call: SyntaxNode, model: SemanticModel): boolean {
  const parent = call.parent;
  return model.isAwaited(call) || (parent !== null && isAsyncFor(parent) && field(parent, 'right')?.id === call.id);
}
/** The calls on `django.core.cache.cache` and on a cache from `caches[alias]`. */
const djangoCache = (methods: string[]) => [...of('django.core.cache.cache', methods), ...of(DJANGO_CACHE, methods)];

/**
 * `os.spawn*(mode, …)`: without a mode, or with `os.P_WAIT` (also through a local name), it waits for
 * the child; any other mode only starts it (as flake8-async and Ruff decide).
 */
function spawnMode(call: SyntaxNode, model: SemanticModel): 'wait' | 'nowait' {
  let mode = argument(callArguments(call), 0, 'mode');
  if (!mode) return 'wait';
  mode = unparenthesize(mode);
  if (mode.type === 'identifier') {
    const value = model.lookup(mode.text, mode)?.value;
    if (value) mode = value;
  }
  return /(^|\.)P_WAIT$/.test(model.qualifiedName(mode) ?? dottedText(mode) ?? '') ? 'wait' : 'nowait';
}

/**
 * `os.waitpid(pid, os.WNOHANG)`, `os.wait3(os.WNOHANG)`, `os.wait4(pid, os.WNOHANG | os.WUNTRACED)`,
 * `os.waitid(idtype, id, os.WEXITED | os.WNOHANG)`: the options name `WNOHANG` (also through a constant of
 * the module), so the call returns at once when no child has changed state.
 */
function returnsAtOnceWithoutChild(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const name = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  const position = name === 'wait3' ? 0 : name === 'waitid' ? 2 : 1;
  const options = argument(callArguments(call), position, 'options');
  if (!options) return false;
  const target = unparenthesize(options);
  if (/\bWNOHANG\b/.test(target.text)) return true;
  if (target.type !== 'identifier') return false;
  const constant = model.lookup(target.text, target);
  const moduleBindings = model.scopes.module.bindings.get(target.text);
  const value = constant?.kind === 'assignment' && moduleBindings?.length === 1 && moduleBindings[0] === constant ? constant.value : undefined;
  return !!value && /\bWNOHANG\b/.test(value.text);
}

const HTTP_VERB = /^(['"])(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH)\1$/i;

/** `x.request("GET", …)`: the shape of a urllib3 request (ASYNC211). */
export function isHttpVerbRequest(call: SyntaxNode): boolean {
  const callee = field(call, 'function');
  if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'request') return false;
  const method = callArguments(call).positional[0];
  return method !== undefined && HTTP_VERB.test(unparenthesize(method).text);
}

/** `q.get(block=False)`, `lock.acquire(False)`, `lock.acquire(timeout=0)` do not block. */
function mayBlock(call: SyntaxNode): boolean {
  const args = callArguments(call);
  const block = argument(args, 0, 'block') ?? argument(args, 0, 'blocking');
  if (block && unparenthesize(block).type === 'false') return false;
  return !isZero(args.keywords.get('timeout'));
}

/**
 * `getaddrinfo(addr, …, flags=socket.AI_NUMERICHOST)` only parses a numeric address: no DNS lookup.
 * The flags may be a constant of the module (`_NUMERIC = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV`).
 * So does a host numeric by construction (`str(ipaddress.ip_address(...))`).
 */
function numericHostOnly(call: SyntaxNode, model: SemanticModel): boolean {
  const host = argument(callArguments(call), 0, 'host');
  if (host && isNumericHost(host, model)) return true;
  const flags = argument(callArguments(call), 5, 'flags');
  if (!flags) return false;
  const target = unparenthesize(flags);
  const constant = target.type === 'identifier' ? model.lookup(target.text, target) : undefined;
  const moduleBindings = model.scopes.module.bindings.get(target.text);
  const value = constant?.kind === 'assignment' && moduleBindings?.length === 1 && moduleBindings[0] === constant ? constant.value : undefined;
  return /\bAI_NUMERICHOST\b/.test(value?.text ?? target.text);
}

/**
 * `gethostbyname("localhost")`, of a numeric address, of the machine's own name (`socket.gethostname()`),
 * of a name tested `== "localhost"` around the call, or of the variable of a loop over a literal list of
 * those: answered from `/etc/hosts` (or parsed), no DNS query.
 */
function resolvesLocalhost(call: SyntaxNode, model: SemanticModel): boolean {
  const host = argument(callArguments(call), 0, 'host');
  if (!host) return false;
  const target = unparenthesize(host);
  if (isLocalName(target, model)) return true;
  if (target.type !== 'identifier') return false;
  const binding = model.lookup(target.text, target);
  const iterable = binding?.kind === 'loop' && binding.node.id === field(binding.node.parent!, 'left')?.id ? binding.iterable : undefined;
  const items = iterable && ['list', 'tuple'].includes(unparenthesize(iterable).type) ? namedChildren(unparenthesize(iterable)) : [];
  if (items.length > 0 && items.every((item) => item.type === 'comment' || isLocalName(unparenthesize(item), model))) return true;
  return (factsAt(call, model).get(target.text) ?? []).some((test) => test.kind === 'equals' && test.values.every((value) => value === 'localhost'));
}

function isLocalName(node: SyntaxNode, model: SemanticModel): boolean {
  const value = literalValue(node);
  if (typeof value === 'string') return value === 'localhost' || isNumericAddress(value);
  return node.type === 'call' && model.callTargets(node).includes('socket.gethostname');
}

/**
 * A file object opened by `open()` in the same function was already reported by ASYNC230 (or, in a
 * helper, reached through it). One opened elsewhere (`LOG = open(...)` at module level) is not, nor one
 * that `os.fdopen` wraps around a descriptor already open (`mkstemp`'s, a parameter): wrapping waits
 * for nothing (ASYNC231 is information then), the reads and writes do. `os.fdopen(os.open(path))` is an
 * opening, as `open()` is, and a pipe's `os.fdopen` stands for its reads (it suggests the loop's pipes).
 */
/**
 * `conn.commit()` unless the function set `conn.autocommit = True` before it, or made `conn` with
 * `psycopg.connect(..., autocommit=True)`: then no transaction is open, and psycopg sends nothing.
 */
function mayHoldTransaction(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const receiver = callee ? field(callee, 'object') : null;
  const scope = model.enclosingFunction(call);
  if (!receiver || !scope) return true;
  const connection = unparenthesize(receiver).text;
  const setsAutocommit = model.nodesWithin('assignment', scope.startIndex, call.startIndex).some((assignment) => {
    const left = field(assignment, 'left');
    return left?.type === 'attribute' && left.text === `${connection}.autocommit` && field(assignment, 'right')?.type === 'true';
  });
  if (setsAutocommit) return false;
  const binding = unparenthesize(receiver).type === 'identifier' ? model.lookup(connection, receiver) : undefined;
  const made = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  return made?.type !== 'call' || argument(callArguments(made), -1, 'autocommit')?.type !== 'true';
}

function notOpenedHere(call: SyntaxNode, model: SemanticModel): boolean {
  const callee = field(call, 'function');
  const receiver = callee ? field(callee, 'object') : null;
  if (!receiver) return true;
  const target = unparenthesize(receiver);
  if (target.type === 'call') return wrapsOpenDescriptor(target, model);
  if (target.type !== 'identifier') return true;
  const binding = model.lookup(target.text, target);
  if (!binding?.value || binding.value.type !== 'call') return true;
  if (wrapsOpenDescriptor(binding.value, model)) return true;
  return model.scopes.enclosingScope(binding.value) !== model.scopes.enclosingScope(call);
}

/**
 * `os.fdopen(fd)` of a descriptor already open: neither `os.open(path)` right there nor a pipe's (see ASYNC231);
 * or `open(1, "w")`, which wraps a descriptor the process has open as `os.fdopen` does.
 */
function wrapsOpenDescriptor(call: SyntaxNode, model: SemanticModel): boolean {
  const targets = model.callTargets(call);
  if (targets.includes('os.fdopen')) return !wrapsOpenedPath(call, model) && !wrapsPathlessDescriptor(call, model);
  return DESCRIPTOR_OPENERS.some((name) => targets.includes(name)) && wrapsDescriptorLiteral(call) && !wrapsPathlessDescriptor(call, model);
}

/** `open` and `io.open` take an int descriptor as well as a path: `os.fdopen(fd)` is `io.open(fd)`. */
const DESCRIPTOR_OPENERS = ['builtins.open', 'io.open'];

export const BLOCKING_APIS: BlockingApi[] = [
  {
    code: 'ASYNC251',
    names: ['time.sleep'],
    instead: '`await asyncio.sleep(0)`',
    fix: 'asyncSleep',
    light: true,
    neverWaits: true,
    why: 'a zero-second sleep returns at once, but it lets no other task run either',
    when: (call) => literalValue(callArguments(call).positional[0] ?? call) === 0,
  },
  { code: 'ASYNC251', names: ['time.sleep'], instead: '`await asyncio.sleep(...)`', fix: 'asyncSleep' },

  { code: 'ASYNC210', names: of('requests', HTTP_VERBS), instead: '`httpx.AsyncClient` or `aiohttp.ClientSession`' },
  { code: 'ASYNC210', names: [...of('httpx', [...HTTP_VERBS, 'stream']), ...of('httpx2', [...HTTP_VERBS, 'stream'])], instead: '`httpx.AsyncClient`' },
  {
    code: 'ASYNC210',
    names: ['urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib3.request', 'http.client.HTTPConnection.request', 'http.client.HTTPConnection.getresponse'],
    instead: '`aiohttp.ClientSession` or `httpx.AsyncClient`',
  },
  { code: 'ASYNC212', names: of('requests.Session', CLIENT_METHODS), instead: '`httpx.AsyncClient` or `aiohttp.ClientSession`' },
  { code: 'ASYNC212', names: [...of('httpx.Client', CLIENT_METHODS), ...of('httpx2.Client', CLIENT_METHODS)], instead: '`httpx.AsyncClient`' },
  // httplib2: a request per call (its `timeout` is per socket operation, so a slow server holds it longer).
  { code: 'ASYNC212', names: ['httplib2.Http.request'], instead: '`aiohttp.ClientSession` or `httpx.AsyncClient`' },
  {
    // `pool.request("GET", …)` is ASYNC211's (rules/urllib3Request.ts), whatever the pool's type.
    code: 'ASYNC212',
    names: of('urllib3.PoolManager', ['request', 'urlopen', 'request_encode_url', 'request_encode_body', 'connection_from_url', 'connection_from_host', 'clear']),
    instead: '`aiohttp.ClientSession` or `httpx.AsyncClient`',
    when: (call) => !isHttpVerbRequest(call),
  },

  {
    code: 'ASYNC220',
    names: ['subprocess.Popen', 'os.popen'],
    instead: '`await asyncio.create_subprocess_exec(...)`',
  },
  {
    code: 'ASYNC220',
    names: SPAWN,
    instead: '`await asyncio.create_subprocess_exec(...)`',
    when: (call, model) => spawnMode(call, model) === 'nowait',
  },
  {
    code: 'ASYNC221',
    names: [...of('subprocess', ['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput']), 'os.system', 'os.posix_spawn', 'os.posix_spawnp'],
    instead: '`await asyncio.create_subprocess_exec(...)` and `await proc.communicate()`',
  },
  {
    code: 'ASYNC221',
    names: SPAWN,
    instead: '`await asyncio.create_subprocess_exec(...)` and `await proc.communicate()`',
    when: (call, model) => spawnMode(call, model) === 'wait',
  },
  {
    code: 'ASYNC222',
    names: of('os', ['wait3', 'wait4', 'waitid', 'waitpid']),
    instead: '`await proc.wait()` on an asyncio subprocess',
    light: true,
    neverWaits: true,
    why: 'with `WNOHANG` it returns at once when no child has changed state',
    when: returnsAtOnceWithoutChild,
  },
  {
    code: 'ASYNC222',
    names: [...of('os', ['wait', 'wait3', 'wait4', 'waitid', 'waitpid']), 'subprocess.Popen.communicate'],
    instead: '`await proc.wait()` on an asyncio subprocess',
  },
  {
    code: 'ASYNC222',
    names: ['subprocess.Popen.wait'],
    instead: '`await proc.wait()` on an asyncio subprocess',
    when: (call, model) => !reapsExitedProcess(call, model),
  },
  {
    // ffmpeg-python runs ffmpeg (ffprobe for `probe`) and waits for it to finish: seconds to minutes for a video.
    code: 'ASYNC221',
    names: ['ffmpeg.run', 'ffmpeg.Stream.run', 'ffmpeg.probe'],
    instead: '`await asyncio.create_subprocess_exec(...)` on the command `stream.compile()` gives, or `await asyncio.to_thread(...)`',
  },
  { code: 'ASYNC220', names: ['ffmpeg.run_async', 'ffmpeg.Stream.run_async'], instead: '`await asyncio.create_subprocess_exec(...)` on the command `stream.compile()` gives' },
  { code: 'ASYNC221', names: ['ffmpeg.FFmpeg.execute'], instead: '`await ffmpeg.asyncio.FFmpeg(...).execute()`, or `await asyncio.to_thread(...)`' },
  {
    // pydub converts through ffmpeg in a subprocess for every format but WAV and raw samples.
    code: 'ASYNC221',
    names: [...of('pydub.AudioSegment', ['from_file', 'from_mp3', 'from_ogg', 'from_flv', 'export'])],
    instead: '`await asyncio.to_thread(...)`',
    when: (call, model) => convertsThroughFfmpeg(call, model),
  },
  {
    // python-chess's sync wrapper starts the engine and waits for its handshake; each command waits for its answer
    // (`play` and `analyse` for as long as the limit allows). The stockfish package talks to the engine the same way.
    code: 'ASYNC221',
    names: ['chess.engine.SimpleEngine.popen_uci', 'chess.engine.SimpleEngine.popen_xboard', 'stockfish.Stockfish'],
    instead: '`await chess.engine.popen_uci(path)`, or `await asyncio.to_thread(...)`',
  },
  {
    code: 'ASYNC222',
    names: [
      ...of('chess.engine.SimpleEngine', ['play', 'analyse', 'analysis', 'configure', 'ping', 'quit', 'close']),
      ...of('stockfish.Stockfish', STOCKFISH_COMMANDS),
    ],
    instead: '`await chess.engine.popen_uci(path)`, or `await asyncio.to_thread(...)`',
  },

  // `open(fd)`/`io.open(fd)` of a descriptor is `os.fdopen(fd)`, and is treated as ASYNC231 treats it (below), under
  // ASYNC230's code as flake8-async and Ruff report it: a pipe's or a terminal's descriptor, or a file handed to the
  // loop's pipe transports (which take nothing else), is information suggesting those transports; an int literal
  // (`open(1, "w")`) is already open, so wrapping it waits for nothing and its reads and writes are ASYNC232's.
  { code: 'ASYNC230', names: DESCRIPTOR_OPENERS, instead: '`loop.connect_read_pipe` / `connect_write_pipe`', light: true, when: wrapsPathlessDescriptor },
  {
    code: 'ASYNC230',
    names: DESCRIPTOR_OPENERS,
    instead: '`loop.connect_read_pipe` / `connect_write_pipe`',
    light: true,
    neverWaits: true,
    why: 'its file object goes to the loop\'s pipe transport, which takes only pipes, sockets and terminals: it wraps a descriptor already open',
    when: handedToPipeTransport,
  },
  {
    code: 'ASYNC230',
    names: DESCRIPTOR_OPENERS,
    instead: '`aiofiles.open(...)` or `await asyncio.to_thread(...)`',
    light: true,
    neverWaits: true,
    why: 'it wraps a descriptor that is already open; reads and writes on the file it returns are reported as ASYNC232',
    when: (call) => wrapsDescriptorLiteral(call),
  },
  {
    // Created only for its name (another tool writes the file): one system call, not reads and writes.
    code: 'ASYNC230',
    names: ['tempfile.NamedTemporaryFile'],
    instead: '`aiofiles.tempfile.NamedTemporaryFile(...)` or `await asyncio.to_thread(...)`',
    light: true,
    message: '`{0}` only creates an empty file here (the code takes its name and nothing else): one system call on the event loop. If the code comes to read or write the file, use {1} instead.',
    when: (call, model) => onlyItsNameUsed(call, model),
  },
  {
    code: 'ASYNC230',
    names: [
      'builtins.open', 'io.open', 'io.open_code', 'codecs.open', 'pathlib.Path.open', 'gzip.open', 'bz2.open', 'lzma.open',
      // Not `SpooledTemporaryFile`: it stays in memory until it grows past `max_size`.
      ...of('tempfile', ['TemporaryFile', 'NamedTemporaryFile']),
    ],
    instead: '`aiofiles.open(...)` or `await asyncio.to_thread(...)`',
  },
  // `os.fdopen(os.open(path, …))` opens a path as `open(path)` does: the warning stands for that opening. A pipe's or
  // a terminal's descriptor names no path: information, suggesting the loop's pipe transports (reading it may wait
  // for its writer). Any other descriptor is already open (`tempfile.mkstemp`, a parameter): wrapping it waits for
  // nothing, and the reads and writes on the file object are ASYNC232's (notOpenedHere).
  { code: 'ASYNC231', names: ['os.fdopen'], instead: '`aiofiles.open(...)` or `await asyncio.to_thread(...)`', when: wrapsOpenedPath },
  { code: 'ASYNC231', names: ['os.fdopen'], instead: '`loop.connect_read_pipe` / `connect_write_pipe`', light: true, when: wrapsPathlessDescriptor },
  {
    code: 'ASYNC231',
    names: ['os.fdopen'],
    instead: '`aiofiles.open(...)` or `await asyncio.to_thread(...)`',
    light: true,
    neverWaits: true,
    why: 'it wraps a descriptor that is already open; reads and writes on the file it returns are reported as ASYNC232',
  },
  { code: 'ASYNC232', names: of('io.IOBase', FILE_METHODS), instead: '`aiofiles` or `await asyncio.to_thread(...)`', when: notOpenedHere },
  {
    code: 'ASYNC240',
    names: [...of('os.path', OS_PATH), ...of('pathlib.Path', PATH_IO)],
    instead: '`await asyncio.to_thread(...)` or `aiofiles.os`',
  },
  {
    code: 'ASYNC250',
    names: ['builtins.input', 'getpass.getpass', ...of('sys.stdin', ['read', 'readline', 'readlines'])],
    instead: '`await asyncio.to_thread(input, prompt)`',
  },
  {
    // A modal dialog runs a nested event loop of its own toolkit until the user answers it.
    code: 'ASYNC250',
    names: [
      ...of('tkinter.simpledialog', ['askstring', 'askinteger', 'askfloat']),
      ...of('tkinter.filedialog', ['askopenfilename', 'askopenfilenames', 'asksaveasfilename', 'askdirectory', 'askopenfile', 'askopenfiles', 'asksaveasfile']),
      ...of('tkinter.messagebox', ['showinfo', 'showwarning', 'showerror', 'askquestion', 'askokcancel', 'askyesno', 'askyesnocancel', 'askretrycancel']),
      ...of('plyer.filechooser', ['open_file', 'save_file', 'choose_dir']),
    ],
    instead: 'a dialog of the user interface that runs on the loop (it returns at once and calls back with the answer), or ask before the loop starts',
    message: '`{0}` opens a modal dialog and waits until the user answers it, and the event loop waits as long: every task stops meanwhile. Use {1} instead.',
  },

  {
    // In an `async def`, Django raises SynchronousOnlyOperation before the query even runs (Django 3.0+).
    code: 'AIO201',
    names: [
      ...['django.db.models.Manager', 'django.db.models.QuerySet'].flatMap((type) => of(type, DJANGO_QUERIES)),
      ...of('django.db.models.Model', ['save', 'delete', 'refresh_from_db']),
    ],
    instead: 'the async query methods of Django 4.1+ (`await User.objects.aget(...)`, `await user.asave()`, `async for` over a queryset), or `sync_to_async`',
    message: 'Sync Django ORM call `{0}` on the event loop: Django raises SynchronousOnlyOperation here (the query would block the loop): use {1} instead.',
    raisesOnLoop: true,
  },
  { code: 'AIO201', names: ['sqlite3.connect', ...of('sqlite3.Connection', ['execute', 'executemany', 'executescript', 'commit', 'rollback', 'backup']), ...of('sqlite3.Cursor', [...CURSOR_METHODS, 'executescript'])], instead: '`aiosqlite`' },
  { code: 'AIO201', names: ['psycopg2.connect', 'psycopg.connect', 'psycopg2.Connection.execute'], instead: '`asyncpg` or `psycopg.AsyncConnection`' },
  // In autocommit mode no transaction is open: psycopg's `commit()`/`rollback()` return without a round trip.
  { code: 'AIO201', names: of('psycopg2.Connection', ['commit', 'rollback']), instead: '`asyncpg` or `psycopg.AsyncConnection`', when: mayHoldTransaction },
  // psycopg2's COPY methods stream a whole table or file through the connection.
  { code: 'AIO201', names: of('dbapi.Cursor', [...CURSOR_METHODS, 'copy_expert', 'copy_from', 'copy_to']), instead: 'an async driver (`asyncpg`, `aiomysql`, `aiosqlite`)' },
  { code: 'AIO201', names: ['pymysql.connect', 'MySQLdb.connect', 'mysql.connector.connect', ...of('pymysql.Connection', ['commit', 'rollback', 'query', 'ping'])], instead: '`aiomysql` or `asyncmy`' },
  { code: 'AIO201', names: ['oracledb.connect', 'cx_Oracle.connect'], instead: '`oracledb.connect_async`' },
  { code: 'AIO201', names: ['pyodbc.connect'], instead: '`aioodbc`' },
  {
    code: 'AIO201',
    names: ['pymongo.MongoClient'],
    instead: '`pymongo.AsyncMongoClient` or `motor`',
    when: mayLookUpSrv,
  },
  {
    code: 'AIO201',
    names: [
      ...of('pymongo.MongoClient', ['server_info', 'list_database_names', 'list_databases', 'drop_database', 'close']),
      ...of('pymongo.database.Database', MONGO_DATABASE_CALLS),
      ...of('pymongo.collection.Collection', MONGO_COLLECTION_CALLS),
    ],
    instead: '`pymongo.AsyncMongoClient` or `motor`',
  },
  // supabase-py's sync client: `supabase.table("users").select("*").eq(...).execute()` sends the query then.
  { code: 'AIO201', names: [`${SUPABASE_QUERY}.execute`], instead: '`supabase.acreate_client` (`await ….execute()`)' },
  { code: 'AIO201', names: ['redis.Redis', 'redis.from_url', ...of('redis.Redis', REDIS_COMMANDS), 'redis.client.Pipeline.execute'], instead: '`redis.asyncio`' },
  {
    code: 'AIO201',
    names: of('elasticsearch.Elasticsearch', SEARCH_CLIENT_METHODS).concat(['elasticsearch.helpers.bulk', 'elasticsearch.helpers.reindex']),
    instead: '`elasticsearch.AsyncElasticsearch`',
  },
  {
    code: 'AIO201',
    names: of('opensearchpy.OpenSearch', SEARCH_CLIENT_METHODS).concat(['opensearchpy.helpers.bulk', 'opensearchpy.helpers.reindex']),
    instead: '`opensearchpy.AsyncOpenSearch`',
  },
  { code: 'AIO201', names: of('pymemcache.Client', MEMCACHE_COMMANDS), instead: '`aiomcache` or `emcache`' },
  {
    code: 'AIO201',
    names: djangoCache(DJANGO_CACHE_CALLS),
    instead: "Django's async cache methods (`await cache.aget(...)`, `await cache.aset(...)`, Django 4.0+)",
    message: DJANGO_CACHE_MESSAGE,
    fix: 'asyncTwin',
  },
  {
    code: 'AIO201',
    names: djangoCache(DJANGO_REDIS_CALLS),
    instead: '`await asyncio.to_thread(...)` (django-redis has no async twin of it)',
    message: DJANGO_CACHE_MESSAGE,
  },
  {
    code: 'AIO201',
    names: [...of('clickhouse_driver.Client', CLICKHOUSE_DRIVER_CALLS), 'clickhouse_connect.get_client', 'clickhouse_connect.create_client', ...of(CLICKHOUSE_CONNECT_CLIENT, CLICKHOUSE_CONNECT_CALLS)],
    instead: '`clickhouse_connect.get_async_client`, `asynch` or `aiochclient`',
  },
  {
    code: 'AIO201',
    names: ['edgedb.connect', ...of('edgedb.BlockingIOConnection', EDGEDB_LEGACY_CALLS), ...of('edgedb.Client', EDGEDB_CALLS), ...of('gel.Client', EDGEDB_CALLS)],
    instead: '`edgedb.create_async_client()` (`gel.create_async_client()`)',
  },
  {
    code: 'AIO201',
    names: ['sqlalchemy.create_engine', 'sqlalchemy.Connection.execute', ...of('sqlalchemy.orm.Session', ['execute', 'exec', 'commit', 'query', 'scalars', 'scalar', 'flush', 'get', 'refresh', 'rollback'])],
    instead: '`sqlalchemy.ext.asyncio.create_async_engine` and `AsyncSession`',
  },

  {
    code: 'AIO202',
    names: ['socket.create_connection'],
    instead: '`asyncio.open_connection` or `loop.getaddrinfo`',
    when: (call, model) => !connectsToOwnListener(call, model),
  },
  { code: 'AIO202', names: of('socket', ['gethostbyaddr', 'getfqdn']), instead: '`asyncio.open_connection` or `loop.getaddrinfo`' },
  {
    code: 'AIO202',
    names: of('socket', ['gethostbyname', 'gethostbyname_ex']),
    instead: '`asyncio.open_connection` or `loop.getaddrinfo`',
    when: (call, model) => !resolvesLocalhost(call, model),
  },
  { code: 'AIO202', names: ['socket.getaddrinfo'], instead: '`loop.getaddrinfo`', when: (call, model) => !numericHostOnly(call, model) && !resolvesLocalhost(call, model) },
  {
    // A UDP `connect` sends nothing: it blocks only if the host is a name to resolve.
    code: 'AIO202',
    names: ['socket.socket.connect'],
    instead: '`loop.getaddrinfo` first (a UDP `connect` blocks only to resolve a host name)',
    light: true,
    when: (call, model) => datagramConnectHost(call, model) !== undefined && !nonBlockingSocketCall(call, model),
  },
  {
    // A UDP `sendto` queues one datagram: it waits only while the send buffer is full, or to resolve a host name.
    code: 'AIO202',
    names: ['socket.socket.sendto'],
    instead: '`loop.sock_sendto` or a datagram endpoint (a UDP `sendto` waits only for a full send buffer or to resolve a host name)',
    light: true,
    when: (call, model) => callsDatagramSocket(call, model, 'sendto') && !nonBlockingSocketCall(call, model),
  },
  {
    // A Unix datagram send hands one datagram to the local receiver (sd_notify): it waits only while that queue is full.
    code: 'AIO202',
    names: of('socket.socket', ['send', 'sendall', 'sendto']),
    instead: '`loop.sock_sendall` or a datagram endpoint (a Unix datagram send waits only while the receiver\'s queue is full)',
    light: true,
    when: (call, model) => callsUnixDatagramSocket(call, model, ['send', 'sendall', 'sendto']) && !nonBlockingSocketCall(call, model),
  },
  {
    code: 'AIO202',
    names: of('socket.socket', ['connect', 'accept', 'send', 'sendall', 'sendto', 'sendfile', 'recv', 'recvfrom', 'recv_into', 'recvfrom_into', 'recvmsg']),
    instead: '`asyncio` streams or `loop.sock_*`',
    when: (call, model) => !nonBlockingSocketCall(call, model),
  },
  {
    // Given a host, the constructor connects (`SMTP_SSL(host, 465)` does its TLS handshake too).
    code: 'AIO202',
    names: ['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP'],
    instead: '`aiosmtplib`',
    when: (call) => {
      const host = argument(callArguments(call), 0, 'host');
      return host !== undefined && literalValue(host) !== '';
    },
  },
  { code: 'AIO202', names: of('smtplib.SMTP', ['sendmail', 'send_message', 'login', 'starttls', 'ehlo', 'quit', 'connect']), instead: '`aiosmtplib`' },
  {
    // The constructors connect (to localhost when given no host); each command waits for the server's answer.
    code: 'AIO202',
    names: ['imaplib.IMAP4', 'imaplib.IMAP4_SSL', 'imaplib.IMAP4_stream', ...of('imaplib.IMAP4', IMAP_COMMANDS)],
    instead: '`aioimaplib`, or `await asyncio.to_thread(...)`',
  },
  { code: 'AIO202', names: ['poplib.POP3', 'poplib.POP3_SSL', ...of('poplib.POP3', POP_COMMANDS)], instead: '`await asyncio.to_thread(...)`' },
  { code: 'AIO202', names: ['ftplib.FTP', ...of('ftplib.FTP', ['login', 'retrbinary', 'retrlines', 'storbinary', 'storlines', 'nlst', 'cwd', 'quit', 'connect'])], instead: '`aioftp`' },
  { code: 'AIO202', names: ['telnetlib.Telnet', ...of('telnetlib.Telnet', ['read_until', 'read_all', 'write', 'open'])], instead: '`asyncio.open_connection`' },
  { code: 'AIO202', names: of('paramiko.SSHClient', ['connect', 'exec_command']), instead: '`asyncssh`' },
  {
    // The remote command's output: a read waits until the command writes it (or exits).
    code: 'AIO202',
    names: [...of('paramiko.ChannelFile', ['read', 'readline', 'readlines']), ...of('paramiko.Channel', ['recv', 'recv_stderr', 'recv_exit_status', 'send', 'sendall', 'exec_command'])],
    instead: '`asyncssh`, or `await asyncio.to_thread(...)`',
  },
  { code: 'AIO202', names: of('paramiko.SFTPClient', PARAMIKO_SFTP_CALLS), instead: '`asyncssh`, or `await asyncio.to_thread(...)`' },
  {
    code: 'AIO202',
    names: [...of('fabric.Connection', FABRIC_CALLS), ...FABRIC_GROUPS.flatMap((group) => of(`fabric.${group}`, ['run', 'sudo', 'put', 'get']))],
    instead: '`asyncssh`, or `await asyncio.to_thread(...)`',
  },
  {
    // netmiko connects over SSH as the connection is made; each command waits for the device's prompt (seconds).
    code: 'AIO202',
    names: ['netmiko.ConnectHandler', ...of(NETMIKO_CONNECTION, NETMIKO_COMMANDS)],
    instead: '`AsyncScrapli(..., transport="asyncssh")`, or `await asyncio.to_thread(...)`',
  },
  {
    code: 'AIO202',
    names: of('scrapli.Scrapli', ['open', 'close', 'send_command', 'send_commands', 'send_config', 'send_configs', 'send_interactive', 'get_prompt']),
    instead: '`AsyncScrapli(..., transport="asyncssh")`, or `await asyncio.to_thread(...)`',
  },
  {
    // icmplib sends the probes and waits for every reply (with `interval` sleeps between the packets).
    code: 'AIO202',
    names: ['icmplib.ping', 'icmplib.multiping', 'icmplib.traceroute'],
    instead: '`await icmplib.async_ping(host, count=3)`, or `await asyncio.to_thread(...)`',
  },
  {
    code: 'AIO202',
    names: [
      ...['resolve', 'query', 'resolve_address', 'resolve_name'].flatMap((method) => [`dns.resolver.${method}`, `dns.resolver.Resolver.${method}`]),
      ...['udp', 'tcp', 'tls', 'https', 'quic', 'udp_with_fallback', 'xfr', 'inbound_xfr'].map((send) => `dns.query.${send}`),
    ],
    instead: 'dnspython\'s `dns.asyncresolver` (`await dns.asyncresolver.resolve(name, "A")`) and `dns.asyncquery`',
  },
  {
    // The generators send a request each time they are advanced (`next(getCmd(...))`, a `for` over `nextCmd(...)`);
    // the old one-liner API's methods return the answer.
    code: 'AIO202',
    names: [
      ...PYSNMP_SYNC_MODULES.flatMap((module) => of(module, PYSNMP_COMMANDS)),
      ...of('pysnmp.entity.rfc3413.oneliner.cmdgen.CommandGenerator', ['getCmd', 'nextCmd', 'bulkCmd', 'setCmd']),
      'pysnmp.entity.rfc3413.oneliner.ntforg.NotificationOriginator.sendNotification',
    ],
    instead: '`await pysnmp.hlapi.v3arch.asyncio.get_cmd(...)`, or `await asyncio.to_thread(...)`',
    // A command awaited or iterated with `async for` is the asyncio API under a sync module's name.
    when: (call, model) => !isAwaitedOrAsyncIterated(call, model),
  },
  {
    code: 'AIO202',
    names: ['ssl.get_server_certificate'],
    instead: '`await asyncio.to_thread(ssl.get_server_certificate, (host, port))`',
  },
  {
    // Each is an HTTP request to the Pushgateway; speedtest-cli's client downloads its configuration as it is made.
    code: 'AIO202',
    names: [
      'prometheus_client.push_to_gateway', 'prometheus_client.pushadd_to_gateway', 'prometheus_client.delete_from_gateway',
      'speedtest.Speedtest', ...of('speedtest.Speedtest', ['get_servers', 'get_closest_servers', 'get_best_server', 'download', 'upload', 'get_config']),
    ],
    instead: '`await asyncio.to_thread(...)`',
  },
  {
    // Apache Pulsar's client wraps the C++ client: each of these waits for the broker (send for its acknowledgement,
    // receive and read_next for a message); send_async and acknowledge do not wait.
    code: 'AIO202',
    names: [
      ...of('pulsar.Client', ['create_producer', 'subscribe', 'create_reader', 'close']),
      ...of('pulsar.Producer', ['send', 'flush', 'close']),
      ...of('pulsar.Consumer', ['receive', 'batch_receive', 'unsubscribe', 'close']),
      ...of('pulsar.Reader', ['read_next', 'close']),
    ],
    instead: '`pulsar.asyncio.Client` (pulsar-client 3.5+, for producers), `send_async` with a callback, or `await asyncio.to_thread(...)`',
  },
  {
    // scapy sends and sniffs on raw sockets in the calling thread: `sr`/`srp` wait for the answers (up to `timeout`), `sniff` until it stops.
    code: 'AIO202',
    names: ['scapy.all', 'scapy.sendrecv'].flatMap((module) => of(module, ['send', 'sendp', 'sendpfast', 'sr', 'sr1', 'srp', 'srp1', 'srloop', 'srploop', 'sniff'])),
    instead: '`await asyncio.to_thread(...)`, or `AsyncSniffer` to capture in scapy\'s own thread',
  },
  {
    code: 'AIO202',
    names: ['websocket.create_connection', ...of('websocket.WebSocket', ['connect', 'send', 'send_binary', 'send_bytes', 'send_text', 'recv', 'recv_data', 'recv_frame', 'ping', 'pong', 'close']), 'websocket.WebSocketApp.run_forever'],
    instead: '`websockets` (`websockets.asyncio.client.connect`) or `aiohttp` WebSockets',
  },
  {
    code: 'AIO202',
    names: [...of('openai.OpenAI', OPENAI_CALLS), ...of('openai', OPENAI_CALLS)],
    instead: '`openai.AsyncOpenAI` (`await client.chat.completions.create(...)`)',
  },
  {
    code: 'AIO202',
    names: ['ChatCompletion', 'Completion', 'Embedding', 'Image', 'Moderation', 'Edit'].map((resource) => `openai.${resource}.create`),
    instead: '`acreate` (`await openai.ChatCompletion.acreate(...)`), or `openai.AsyncOpenAI` in openai 1.x',
  },
  {
    code: 'AIO202',
    names: [
      ...of('google.generativeai.GenerativeModel', ['generate_content', 'count_tokens']),
      'google.generativeai.ChatSession.send_message', 'google.generativeai.embed_content', 'google.generativeai.list_models',
    ],
    instead: 'the `_async` methods (`await model.generate_content_async(...)`, `await chat.send_message_async(...)`)',
  },
  {
    code: 'AIO202',
    names: [
      ...of('google.genai.Client.models', ['generate_content', 'generate_content_stream', 'embed_content', 'count_tokens', 'generate_images', 'list', 'get']),
      ...of('google.genai.Client.files', ['upload', 'get', 'delete', 'list', 'download']),
      'google.genai.chats.Chat.send_message', 'google.genai.chats.Chat.send_message_stream',
    ],
    instead: 'the client\'s async twin, `client.aio` (`await client.aio.models.generate_content(...)`)',
  },
  {
    code: 'AIO202',
    names: ['g4f.ChatCompletion.create', 'g4f.client.Client.chat.completions.create', 'g4f.client.Client.images.generate'],
    instead: '`g4f.client.AsyncClient` (`await client.chat.completions.create(...)`) or `g4f.ChatCompletion.create_async`',
  },
  {
    // Starts the ngrok process if needed, then asks its local API for a tunnel and waits for it.
    code: 'AIO202',
    names: of('pyngrok.ngrok', ['connect', 'disconnect', 'get_tunnels', 'kill', 'get_ngrok_process']),
    instead: '`await asyncio.to_thread(...)`, or open the tunnel before the loop starts',
  },
  {
    // Twilio's REST client sends each request with `requests` (twilio 8+ has `*_async` twins with an async HTTP client).
    code: 'AIO202',
    names: of('twilio.rest.Client', TWILIO_RESOURCES.flatMap((resource) => ['create', 'list', 'stream', 'page'].map((method) => `${resource}.${method}`))),
    instead: 'the `*_async` methods with `AsyncTwilioHttpClient` (`await client.messages.create_async(...)`, twilio 8+)',
  },
  {
    // Slack's Web API client: each API method (`chat_postMessage`, `users_list`, `files_upload_v2`…) is an HTTPS request.
    // `slack.WebClient` is the slackclient 2 name (and slack_sdk's deprecated alias).
    code: 'AIO202',
    names: [],
    methods: { types: ['slack_sdk.WebClient', 'slack.WebClient'], named: /^(?:api_call|[a-z]+_[a-zA-Z]\w*)$/, mentions: ['WebClient'] },
    instead: '`slack_sdk.web.async_client.AsyncWebClient` (`await client.chat_postMessage(...)`)',
  },
  {
    code: 'AIO202',
    names: of('anthropic.Anthropic', ['messages.create', 'messages.stream', 'messages.count_tokens', 'completions.create']),
    instead: '`anthropic.AsyncAnthropic` (`await client.messages.create(...)`)',
  },
  {
    // A sync geocoder sends an HTTPS request per call (with an `AioHTTPAdapter` it returns a coroutine instead).
    code: 'AIO202',
    names: GEOPY_GEOCODERS.flatMap((geocoder) => of(`geopy.geocoders.${geocoder}`, ['geocode', 'reverse', 'reverse_timezone'])),
    instead: 'a geocoder built with `adapter_factory=AioHTTPAdapter` (`await geolocator.geocode(...)`)',
    when: (_call, model) => ![...model.importedNames().values()].some((name) => name.endsWith('.AioHTTPAdapter')),
  },
  {
    code: 'AIO202',
    names: Object.entries(PYGITHUB_CALLS).flatMap(([owner, methods]) => of(owner === 'Github' ? 'github.Github' : `github.${owner}.${owner}`, methods)),
    instead: '`await asyncio.to_thread(...)` (PyGithub has no async API), or an async client such as `gidgethub`',
  },
  {
    // python-gitlab's managers: `gl.projects.get(id)`, `gl.projects.list()`, `project.mergerequests.create({...})`.
    code: 'AIO202',
    names: [
      'gitlab.Gitlab.auth',
      ...Object.entries(GITLAB_MANAGERS).flatMap(([owner, managers]) => managers.flatMap((manager) => of(`${owner}.${manager}`, ['get', 'list', 'create']))),
      ...of(GITLAB_MERGE_REQUEST, ['changes', 'commits', 'save', 'merge', 'approve', 'unapprove', 'rebase', 'diffs']),
    ],
    instead: '`await asyncio.to_thread(...)` (python-gitlab has no async API)',
  },
  {
    // tweepy's v2 `Client` and v1.1 `API`: every method is a request (`tweepy.asynchronous.AsyncClient` is the async one).
    code: 'AIO202',
    names: [],
    methods: { types: ['tweepy.Client', 'tweepy.API'], named: /^[a-z]\w*$/, mentions: ['tweepy'] },
    instead: '`tweepy.asynchronous.AsyncClient` (`await client.create_tweet(...)`)',
  },
  {
    // Mastodon.py: every method is a request, and the constructor asks the instance for its version unless it is told
    // the version (`mastodon_version=`) or not to check (`version_check_mode="none"`).
    code: 'AIO202',
    names: ['mastodon.Mastodon'],
    methods: { types: ['mastodon.Mastodon'], named: /^(?!auth_request_url$)[a-z]\w*$/, mentions: ['Mastodon'] },
    instead: '`await asyncio.to_thread(...)` (Mastodon.py has no async API)',
    when: (call, model) => {
      if (!constructs(call, model, 'mastodon.Mastodon')) return true;
      const { keywords } = callArguments(call);
      const version = keywords.get('mastodon_version');
      return literalValue(keywords.get('version_check_mode') ?? call) !== 'none' && (!version || literalValue(version) === null);
    },
  },
  {
    // discord-webhook: `execute()` POSTs the message with requests (`AsyncDiscordWebhook` awaits it).
    code: 'AIO202',
    names: of('discord_webhook.DiscordWebhook', ['execute', 'edit', 'delete', 'api_post_request', 'api_patch_request']),
    instead: '`discord_webhook.AsyncDiscordWebhook` (`await webhook.execute()`)',
  },
  {
    // instagrapi and atproto's sync `Client`: logging in and each upload, post or look-up is an HTTPS request.
    code: 'AIO202',
    names: [],
    methods: {
      types: ['instagrapi.Client', 'atproto.Client'],
      named: /^(?:login|relogin|send_\w+|get_\w+|like|unlike|repost|follow|unfollow|delete_post|(?:photo|video|clip|album|igtv|story|user|media|direct|hashtag|account)_\w+)$/,
      mentions: ['instagrapi', 'atproto'],
    },
    instead: '`await asyncio.to_thread(...)` (atproto also has `AsyncClient`)',
  },
  {
    // praw: a subreddit's or a post's writes and the account look-up; listings and lazy objects fetch when read.
    code: 'AIO202',
    names: [
      'praw.Reddit.user.me',
      ...of('praw.models.Subreddit', ['submit', 'submit_image', 'submit_video', 'submit_gallery', 'message', 'subscribe', 'unsubscribe']),
      ...of('praw.models.Submission', ['reply', 'edit', 'delete', 'upvote', 'downvote', 'clear_vote', 'save', 'unsave', 'crosspost', 'hide', 'report']),
      ...of('praw.models.Comment', ['reply', 'edit', 'delete', 'upvote', 'downvote', 'clear_vote', 'save', 'unsave', 'report']),
    ],
    instead: '`asyncpraw` (`await subreddit.submit(...)`)',
  },
  {
    // Every call is a REST request; building the client asks the server for its version unless told not to.
    code: 'AIO202',
    names: ['jira.JIRA', ...of('jira.JIRA', JIRA_CALLS)],
    instead: '`await asyncio.to_thread(...)` (the jira client has no async API)',
    when: (call, model) => !constructs(call, model, 'jira.JIRA') || literalValue(callArguments(call).keywords.get('get_server_info') ?? call) !== false,
  },
  {
    // Fetches web pages (and media, with `download=True`): seconds per call.
    code: 'AIO202',
    names: of('yt_dlp.YoutubeDL', ['extract_info', 'download', 'download_with_info_file', 'process_ie_result', 'urlopen']),
    instead: '`await asyncio.to_thread(ydl.extract_info, url, download=False)` (yt-dlp has no async API)',
  },
  {
    // Downloads the media of an extracted entry: seconds to minutes.
    code: 'AIO202',
    names: of('yt_dlp.YoutubeDL', ['process_info', 'process_video_result']),
    instead: '`await asyncio.to_thread(ydl.process_info, info)` (yt-dlp has no async API)',
  },
  {
    // Downloads the video or audio stream: seconds to minutes (pytube, pytubefix).
    code: 'AIO202',
    names: of('pytube.Stream', ['download', 'stream_to_buffer']),
    instead: '`await asyncio.to_thread(stream.download, ...)` (pytube has no async API)',
  },
  {
    // Searches YouTube as the object is made (youtube-search's and youtube-search-python's sync classes), or for the next page.
    code: 'AIO202',
    names: [
      'youtube_search.YoutubeSearch',
      ...['Search', 'VideosSearch', 'ChannelsSearch', 'PlaylistsSearch', 'CustomSearch', 'ChannelSearch'].flatMap((search) => [`youtubesearchpython.${search}`, `youtubesearchpython.${search}.next`]),
    ],
    instead: '`await youtubesearchpython.__future__.VideosSearch(query).next()`, or `await asyncio.to_thread(...)`',
  },
  {
    // streamlink resolves a channel by fetching its page, its API and the playlists: seconds per call.
    code: 'AIO202',
    names: [
      'streamlink.streams', 'streamlink.Streamlink.streams',
      'streamlink.stream.HLSStream.parse_variant_playlist', 'streamlink.stream.DASHStream.parse_manifest',
    ],
    instead: '`await asyncio.to_thread(session.streams, url)` (streamlink has no async API)',
  },
  {
    // The online recognizers send the recording over HTTP: a round trip of a second or more.
    code: 'AIO202',
    names: of('speech_recognition.Recognizer', [
      'recognize_google', 'recognize_google_cloud', 'recognize_bing', 'recognize_azure', 'recognize_houndify', 'recognize_ibm',
      'recognize_wit', 'recognize_lex', 'recognize_api', 'recognize_whisper_api', 'recognize_openai', 'recognize_groq', 'recognize_assemblyai',
    ]),
    instead: '`await asyncio.to_thread(recognizer.recognize_google, audio)`',
  },
  {
    // gTTS asks Google's endpoint for each chunk of the text as it saves or streams it.
    code: 'AIO202',
    names: of('gtts.gTTS', ['save', 'write_to_fp', 'stream']),
    instead: '`await asyncio.to_thread(tts.save, path)`, or `await edge_tts.Communicate(text, voice).save(path)`',
  },
  {
    // OBS's websocket: the client connects and identifies as it is made; each request waits for OBS's answer.
    code: 'AIO202',
    names: ['obsws_python.ReqClient', ...of('obswebsocket.obsws', ['connect', 'reconnect', 'call', 'disconnect'])],
    methods: { types: ['obsws_python.ReqClient'], named: /^(?!_)\w+$/, mentions: ['obsws'] },
    instead: '`simpleobsws`, or `await asyncio.to_thread(...)`',
  },
  {
    // youtube-transcript-api fetches the video page and the captions with requests: an HTTP round trip or two per call.
    code: 'AIO202',
    names: [...of(TRANSCRIPT_API, ['fetch', 'list', 'get_transcript', 'get_transcripts', 'list_transcripts']), `${TRANSCRIPT}.fetch`],
    instead: '`await asyncio.to_thread(api.fetch, video_id)` (youtube-transcript-api has no async API)',
  },
  {
    // A gRPC call to Dialogflow per query; the package has `SessionsAsyncClient` for coroutines.
    code: 'AIO202',
    names: of(DIALOGFLOW_SESSIONS, ['detect_intent', 'streaming_detect_intent']),
    instead: '`SessionsAsyncClient` (`await client.detect_intent(...)`), or `await asyncio.to_thread(...)`',
  },
  {
    // deep-translator's translators send an HTTP request (requests) per call; it has no async API.
    code: 'AIO202',
    names: DEEP_TRANSLATORS.flatMap((translator) => of(translator, ['translate', 'translate_batch', 'translate_file', 'translate_words'])),
    instead: '`await asyncio.to_thread(translator.translate, text)` (deep-translator has no async API)',
  },
  {
    // Given a URL it downloads the feed first (urllib, no timeout); given the text, it only parses.
    code: 'AIO202',
    names: ['feedparser.parse'],
    instead: '`await asyncio.to_thread(feedparser.parse, url)`, or fetch the feed with an async client and parse its text',
    when: (call, model) => {
      const source = argument(callArguments(call), 0, 'url_file_stream_or_string');
      return !!source && isUrlArgument(source, model);
    },
  },
  {
    // Starting a browser takes seconds; every command is a round trip to its driver.
    code: 'AIO202',
    names: [
      ...of('selenium.webdriver', ['Chrome', 'Firefox', 'Edge', 'Safari', 'Ie', 'ChromiumEdge', 'Remote']),
      'undetected_chromedriver.Chrome', 'seleniumwire.webdriver.Chrome', 'seleniumwire.webdriver.Firefox',
      ...of('selenium.webdriver.Remote', WEBDRIVER_COMMANDS),
      ...of('selenium.webdriver.remote.webelement.WebElement', WEBELEMENT_COMMANDS),
      // Polls its condition with `time.sleep` between tries.
      ...of('selenium.webdriver.support.wait.WebDriverWait', ['until', 'until_not']),
    ],
    instead: 'an async browser driver (`playwright.async_api`), or `await asyncio.to_thread(...)` around the Selenium work',
  },
  {
    // Waits for a Celery worker to run the task and store its result: as long as the task takes.
    code: 'AIO202',
    names: of('celery.result.AsyncResult', ['get', 'wait']),
    instead: '`await asyncio.to_thread(result.get, timeout=...)`, or check `result.ready()` between `await asyncio.sleep(...)`',
  },
  {
    code: 'AIO202',
    names: of('ccxt.Exchange', CCXT_CALLS),
    instead: '`ccxt.async_support` (`exchange = ccxt.async_support.binance(); await exchange.fetch_ticker(...)`)',
  },
  {
    // The constructor pings Binance too, unless given `ping=False`.
    code: 'AIO202',
    names: ['binance.client.Client', ...of('binance.client.Client', BINANCE_CALLS)],
    instead: 'python-binance\'s `AsyncClient` (`client = await AsyncClient.create(key, secret)`, then `await client.get_klines(...)`)',
    when: (call, model) => !constructs(call, model, 'binance.client.Client') || argument(callArguments(call), -1, 'ping')?.text !== 'False',
  },
  {
    // A sync `Web3(HTTPProvider(...))`: each call a JSON-RPC request to the node (`wait_for_transaction_receipt` polls it,
    // sleeping between tries). `AsyncWeb3` (or web3.py 5's `Web3` on an async provider) is awaited, so never matches.
    code: 'AIO202',
    names: [
      ...of(WEB3.client, ['is_connected', 'isConnected']),
      ...of(WEB3.eth, WEB3_ETH_CALLS),
      ...of(WEB3.function, ['call', 'transact', 'estimate_gas', 'estimateGas', 'build_transaction', 'buildTransaction']),
      ...of(WEB3.event, ['get_logs', 'getLogs', 'create_filter', 'createFilter']),
      ...of(WEB3.filter, ['get_new_entries', 'get_all_entries']),
    ],
    instead: '`AsyncWeb3(AsyncWeb3.AsyncHTTPProvider(url))`, or `await asyncio.to_thread(...)`',
  },
  {
    code: 'AIO202',
    names: [],
    methods: { types: ['solana.rpc.api.Client'], named: /^(?:get_|send_|confirm_|request_|simulate_|is_connected$)/ },
    instead: 'solana-py\'s `AsyncClient` (`from solana.rpc.async_api import AsyncClient`, then `await client.get_balance(...)`)',
  },
  {
    code: 'AIO202',
    names: [],
    methods: { types: BITCOIN_RPC_PROXIES, named: /^(?!close$)[a-z]/ },
    instead: '`await asyncio.to_thread(...)` around the call',
  },
  {
    code: 'AIO202',
    names: [
      ...of('pybit.unified_trading.HTTP', BYBIT_CALLS),
      ...of('alpaca.trading.client.TradingClient', ['submit_order', 'get_account', 'get_all_positions', 'get_open_position', 'get_orders', 'get_order_by_id', 'cancel_orders', 'cancel_order_by_id', 'close_position', 'close_all_positions', 'get_clock', 'get_asset', 'get_all_assets']),
      ...['Stock', 'Crypto'].flatMap((market) => of(`alpaca.data.historical.${market}HistoricalDataClient`, [`get_${market.toLowerCase()}_bars`, `get_${market.toLowerCase()}_latest_quote`, `get_${market.toLowerCase()}_latest_trade`, `get_${market.toLowerCase()}_trades`, `get_${market.toLowerCase()}_quotes`, `get_${market.toLowerCase()}_snapshot`])),
    ],
    instead: '`await asyncio.to_thread(...)` around the request (neither SDK has an asyncio REST client)',
  },
  {
    code: 'AIO202',
    names: [
      ...of('docker.DockerClient', DOCKER.client),
      ...of('docker.models.containers.ContainerCollection', DOCKER.containers),
      ...of('docker.models.containers.Container', DOCKER.container),
      ...of('docker.models.images.ImageCollection', DOCKER.images),
    ],
    instead: '`aiodocker`, or `await asyncio.to_thread(...)`',
  },
  {
    // Every method of the generated API classes (`CoreV1Api().list_namespaced_pod(...)`) is an HTTP request to the
    // API server, unless `async_req=True` hands it to the client's thread pool.
    code: 'AIO202',
    names: ['kubernetes.stream.stream', 'kubernetes.stream.stream.stream'],
    methods: { types: [KUBERNETES_API], named: /^(?:connect|create|delete|get|list|patch|read|replace)_\w/ },
    instead: '`kubernetes_asyncio`, or `await asyncio.to_thread(...)`',
    when: (call) => literalValue(callArguments(call).keywords.get('async_req') ?? call) !== true,
  },
  {
    code: 'AIO202',
    names: [
      ...of('paho.mqtt.client.Client', PAHO_CLIENT_CALLS),
      'paho.mqtt.client.MQTTMessageInfo.wait_for_publish',
      ...of('paho.mqtt.publish', ['single', 'multiple']),
      ...of('paho.mqtt.subscribe', ['simple', 'callback']),
    ],
    instead: '`aiomqtt`, or `await asyncio.to_thread(...)`',
  },
  {
    // `loop()` waits up to a second for the socket; `loop(0)` only looks.
    code: 'AIO202',
    names: of('paho.mqtt.client.Client', ['loop']),
    instead: '`aiomqtt`, or `await asyncio.to_thread(...)`',
    when: (call) => !waitsNoTime(call),
  },
  {
    // Any method called on a proxy is a request to the server (`proxy.system.listMethods()`, XenAPI's `session.xenapi.VM.get_all()`).
    code: 'AIO202',
    names: [],
    methods: { types: [XMLRPC_PROXY], named: /^[A-Za-z]/, mentions: ['xmlrpc', 'XenAPI'] },
    instead: '`aioxmlrpc`, or `await asyncio.to_thread(...)`',
  },
  {
    code: 'AIO202',
    names: of('minio.Minio', MINIO_CALLS),
    instead: '`miniopy-async` or `aioboto3`, or `await asyncio.to_thread(...)`',
  },
  {
    code: 'AIO202',
    names: [
      ...of('gspread.Client', GSPREAD_CLIENT_CALLS),
      ...of('gspread.Spreadsheet', GSPREAD_SPREADSHEET_CALLS),
      ...of('gspread.Worksheet', GSPREAD_WORKSHEET_CALLS),
    ],
    instead: '`gspread_asyncio`, or `await asyncio.to_thread(...)`',
  },
  {
    // google-api-python-client: `service.files().list(...).execute()` sends the request; a media download fetches a chunk.
    code: 'AIO202',
    names: [`${GOOGLE_API_RESOURCE}.execute`, 'googleapiclient.http.HttpRequest.execute', 'googleapiclient.http.MediaIoBaseDownload.next_chunk', 'googleapiclient.http.BatchHttpRequest.execute'],
    instead: '`aiogoogle`, or `await asyncio.to_thread(request.execute)`',
  },
  {
    code: 'AIO202',
    names: STRIPE_RESOURCES.flatMap((resource) => of(`stripe.${resource}`, STRIPE_CALLS)),
    instead: 'the `_async` methods of stripe-python 10+ (`await stripe.Customer.create_async(...)`)',
  },
  {
    code: 'AIO202',
    names: of('botocore.client.BaseClient', AWS_CLIENT_CALLS),
    instead: '`aiobotocore` (or `await asyncio.to_thread(client.method, ...)`)',
  },
  { code: 'AIO202', names: ['boto3.client', 'boto3.resource', 'boto3.Session.client', 'boto3.Session.resource'], instead: '`aiobotocore`, or create the client once, outside the coroutine', light: true },
  {
    code: 'AIO202',
    names: ['kafka.KafkaProducer', ...of('kafka.KafkaProducer', ['send', 'flush', 'close', 'partitions_for']), 'kafka.KafkaConsumer', ...of('kafka.KafkaConsumer', ['poll', 'commit', 'committed', 'close', 'position', 'topics', 'partitions_for_topic', 'end_offsets', 'beginning_offsets', 'offsets_for_times'])],
    instead: '`aiokafka`',
  },
  {
    code: 'AIO202',
    names: ['pika.BlockingConnection', ...of('pika.BlockingConnection', ['channel', 'process_data_events', 'sleep', 'close']), ...of('pika.BlockingChannel', PIKA_CHANNEL_METHODS)],
    instead: '`aio-pika`',
  },
  {
    // Not `send`: it queues the message, and waits only at the high-water mark.
    code: 'AIO202',
    names: [...of('zmq.Socket', ZMQ_RECEIVES), 'zmq.Socket.poll', 'zmq.Poller.poll'],
    instead: '`zmq.asyncio` (`zmq.asyncio.Context`, `await socket.recv()`)',
    when: (call) => !zmqReturnsAtOnce(call),
  },

  {
    code: 'AIO203',
    names: ['threading.Lock.acquire', 'threading.Condition.acquire'],
    instead: '`asyncio.Lock`',
    when: mayBlock,
    message:
      "`{0}` takes a thread lock on the event loop's thread: while another thread holds the lock, the loop waits; and held across an `await`, it guards nothing between tasks, which all run on that one thread (a `Lock` taken again stops the loop for good, an `RLock` lets every task in). Between tasks, use {1} instead.",
  },
  { code: 'AIO203', names: ['threading.Event.wait'], instead: '`asyncio.Event`' },
  { code: 'AIO203', names: ['threading.Condition.wait', 'threading.Condition.wait_for'], instead: '`asyncio.Condition`' },
  { code: 'AIO203', names: ['queue.Queue.get'], instead: '`asyncio.Queue`', when: (call, model) => mayBlock(call) && !getsFromNonEmptyQueue(call, model) },
  { code: 'AIO203', names: ['queue.Queue.put'], instead: '`asyncio.Queue`', when: (call, model) => mayBlock(call) && !putsOnUnboundedQueue(call, model, 'thread') },
  // `SimpleQueue.put` never blocks (the queue is unbounded); only `get` waits.
  { code: 'AIO203', names: ['queue.SimpleQueue.get'], instead: '`asyncio.Queue`', when: (call, model) => mayBlock(call) && !getsFromNonEmptyQueue(call, model) },
  { code: 'AIO203', names: ['queue.Queue.join'], instead: '`asyncio.Queue`' },
  { code: 'AIO203', names: ['threading.Thread.join'], instead: '`await asyncio.to_thread(thread.join)`' },
  {
    code: 'AIO203',
    names: ['concurrent.futures.Future.result', 'concurrent.futures.Future.exception'],
    instead: '`await asyncio.wrap_future(future)`',
    when: (call, model) => !readsDoneFuture(call, model),
  },
  { code: 'AIO203', names: ['concurrent.futures.wait', 'concurrent.futures.as_completed'], instead: '`await asyncio.wrap_future(future)`' },
  {
    // Waits for every task the pool has (a process pool's workers too) unless told `wait=False`.
    code: 'AIO203',
    names: of('concurrent.futures', ['ThreadPoolExecutor', 'ProcessPoolExecutor', 'Executor']).map((pool) => `${pool}.shutdown`),
    instead: '`await asyncio.to_thread(executor.shutdown)`',
    when: (call) => {
      const wait = argument(callArguments(call), 0, 'wait');
      return !wait || unparenthesize(wait).type !== 'false';
    },
  },

  {
    code: 'AIO204',
    // `fsync` waits until the disk has the data: milliseconds to seconds on a busy disk.
    names: [...of('shutil', ['copy', 'copy2', 'copyfile', 'copytree', 'rmtree', 'move', 'make_archive', 'unpack_archive', 'copyfileobj']), 'os.walk', 'os.fwalk', 'glob.glob', 'glob.iglob', 'os.fsync', 'os.fdatasync', 'os.sync'],
    instead: '`await asyncio.to_thread(...)`',
  },
  {
    // Made with mkdtemp; leaving the `with` removes the folder and all it holds, as `shutil.rmtree`.
    code: 'AIO204',
    names: ['tempfile.TemporaryDirectory'],
    instead: '`async with aiofiles.tempfile.TemporaryDirectory()` or `await asyncio.to_thread(...)`',
    when: (call) => isWithItemValue(call),
  },
  {
    // Kept for later (its `cleanup()` or its finalizer removes it elsewhere): here only the folder is made.
    code: 'AIO204',
    names: ['tempfile.TemporaryDirectory', 'tempfile.mkdtemp'],
    instead: '`await asyncio.to_thread(tempfile.mkdtemp)` or `aiofiles.tempfile`',
    light: true,
  },
  {
    code: 'AIO204',
    names: [
      ...of('os', ['listdir', 'scandir', 'stat', 'lstat', 'mkdir', 'makedirs', 'remove', 'unlink', 'rmdir', 'removedirs', 'rename', 'renames', 'replace', 'chmod', 'chown', 'truncate', 'link', 'symlink', 'readlink', 'utime', 'access']),
      'shutil.disk_usage', 'shutil.chown',
    ],
    instead: '`await asyncio.to_thread(...)` or `aiofiles.os`',
    light: true,
  },

  {
    // Password hashes are slow on purpose (0.1–1 s a call); bcrypt, hashlib and argon2-cffi release the GIL meanwhile.
    code: 'AIO205',
    names: [
      'bcrypt.hashpw', 'bcrypt.checkpw', 'bcrypt.kdf', 'hashlib.scrypt',
      ...of('passlib.context.CryptContext', ['hash', 'verify', 'verify_and_update', 'encrypt', 'genhash']),
      ...PASSLIB_SCHEMES.flatMap((scheme) => of(`passlib.hash.${scheme}`, ['hash', 'verify', 'encrypt'])),
      ...of('argon2.PasswordHasher', ['hash', 'verify']),
      ...of('pwdlib.PasswordHash', ['hash', 'verify', 'verify_and_update']),
      'werkzeug.security.generate_password_hash', 'werkzeug.security.check_password_hash',
      'django.contrib.auth.hashers.make_password', 'django.contrib.auth.hashers.check_password',
    ],
    instead: '`await asyncio.to_thread(...)`',
  },
  {
    // PBKDF2 costs what its iteration count says: a literal count under 10,000 (a router's login challenge) is a few
    // milliseconds; password storage uses hundreds of thousands.
    code: 'AIO205',
    names: ['hashlib.pbkdf2_hmac'],
    instead: '`await asyncio.to_thread(...)`',
    when: (call) => {
      const iterations = literalValue(argument(callArguments(call), 3, 'iterations') ?? call);
      return typeof iterations !== 'number' || iterations >= 10_000;
    },
  },

  {
    // The offline recognizers run a speech model in the calling thread: seconds of CPU per phrase.
    code: 'AIO208',
    names: of('speech_recognition.Recognizer', ['recognize_sphinx', 'recognize_whisper', 'recognize_faster_whisper', 'recognize_vosk', 'recognize_tensorflow']),
    instead: '`await asyncio.to_thread(recognizer.recognize_whisper, audio)`, with the model loaded once at start-up',
  },
  {
    // Loading a model reads (or downloads) its weights; running one is seconds of CPU or GPU work per call.
    code: 'AIO208',
    names: [
      'sentence_transformers.SentenceTransformer',
      ...of('sentence_transformers.SentenceTransformer', ['encode', 'encode_query', 'encode_document']),
      'sentence_transformers.CrossEncoder',
      ...of('sentence_transformers.CrossEncoder', ['predict', 'rank']),
      'faster_whisper.WhisperModel',
      ...of('faster_whisper.WhisperModel', ['transcribe', 'detect_language']),
      'whisper.load_model',
      ...of('whisper', ['transcribe', 'decode', 'detect_language']),
      ...of('whisper.model.Whisper', ['transcribe', 'detect_language', 'decode']),
      'transformers.pipeline',
      // A stable-baselines3 agent: its zip of torch weights read and rebuilt (`PPO.load(path)`).
      ...['PPO', 'A2C', 'DQN', 'SAC', 'TD3', 'DDPG', 'HER'].map((algorithm) => `stable_baselines3.${algorithm}.load`),
    ],
    instead: '`await asyncio.to_thread(model.encode, texts)` (a process pool for long runs), with the model loaded once at start-up',
  },

  {
    // Opening a port waits for the device (a USB adapter's reset, a remote port of `serial_for_url`); a read waits for data.
    code: 'AIO206',
    names: ['serial.Serial', 'serial.serial_for_url', ...of('serial.Serial', ['open', 'read', 'readline', 'readlines', 'read_until'])],
    instead: '`serial_asyncio.open_serial_connection(...)` (pyserial-asyncio) or `aioserial.AioSerial`',
    when: (call, model) => (!constructs(call, model, 'serial.Serial') || argument(callArguments(call), 0, 'port') !== undefined) && !readsWhatIsBuffered(call),
  },
  {
    // `flush` waits until every byte has gone out on the wire; `write` only when the output buffer is full.
    code: 'AIO206',
    names: ['serial.Serial.flush'],
    instead: '`serial_asyncio.open_serial_connection(...)` (pyserial-asyncio: `writer.write(...)`, `await writer.drain()`)',
  },
  {
    code: 'AIO206',
    names: ['serial.Serial.write'],
    instead: '`serial_asyncio.open_serial_connection(...)` (pyserial-asyncio: `writer.write(...)`, `await writer.drain()`)',
    light: true,
    message: '`{0}` returns once the bytes are in the port\'s output buffer, and waits while that buffer is full (no `write_timeout` set): the event loop waits with it. Use {1} instead.',
  },
  {
    // A CAN frame: `recv` waits up to its timeout (forever by default) for the next one.
    code: 'AIO206',
    names: ['can.Bus.recv', 'can.ThreadSafeBus.recv'],
    instead: '`can.AsyncBufferedReader` with a `can.Notifier(bus, [reader], loop=loop)`: `await reader.get_message()`',
  },
  {
    // An instrument's answer over GPIB, USB-TMC, serial or LAN: milliseconds to seconds per query.
    code: 'AIO206',
    names: [
      ...of('pyvisa.ResourceManager', ['open_resource', 'list_resources']),
      ...of('pyvisa.resources.Resource', ['query', 'read', 'write', 'read_raw', 'read_bytes', 'write_raw', 'query_ascii_values', 'query_binary_values', 'write_ascii_values', 'write_binary_values', 'wait_for_srq']),
    ],
    instead: '`await asyncio.to_thread(...)` (one worker thread per instrument session)',
  },
  {
    // Sync field-bus and PLC clients: each call is a request to the device and a wait for its answer.
    code: 'AIO202',
    names: [
      ...of('opcua.Client', ['connect', 'disconnect', 'get_namespace_index', 'get_endpoints', 'load_type_definitions']),
      ...of('opcua.Node', ['get_value', 'set_value', 'get_data_value', 'get_children', 'get_child', 'get_browse_name', 'get_display_name', 'get_properties', 'get_variables', 'call_method', 'get_attribute', 'set_attribute']),
      ...of('asyncua.sync.Client', ['connect', 'disconnect', 'get_namespace_index', 'load_type_definitions', 'load_data_type_definitions']),
      ...of('asyncua.sync.SyncNode', ['read_value', 'write_value', 'get_value', 'set_value', 'read_data_value', 'get_children', 'get_child', 'read_browse_name', 'read_display_name', 'call_method']),
    ],
    instead: 'asyncua\'s async `Client` (`await client.connect()`, `await node.read_value()`)',
  },
  {
    code: 'AIO202',
    names: [
      ...of('snap7.client.Client', ['connect', 'disconnect', 'db_read', 'db_write', 'read_area', 'write_area', 'read_multi_vars', 'get_cpu_state', 'get_cpu_info', 'list_blocks', 'upload', 'download']),
      ...['LogixDriver', 'SLCDriver', 'CIPDriver'].flatMap((driver) => of(`pycomm3.${driver}`, ['open', 'read', 'write', 'get_tag_list', 'get_plc_info', 'generic_message'])),
      ...of('pylogix.PLC', ['Read', 'Write', 'GetTagList', 'GetPLCTime', 'SetPLCTime', 'Discover', 'GetModuleProperties']),
      ...of('BAC0.scripts.Lite.Lite', ['read', 'write', 'readMultiple', 'readRange', 'whois', 'discover', 'iam']),
      'umodbus.client.tcp.send_message',
      'umodbus.client.serial.rtu.send_message',
    ],
    instead: '`await asyncio.to_thread(...)` around each exchange with the device (one worker thread per connection)',
  },
  {
    // Channel Access: `caget` waits for the IOC's answer (`caput` too with `wait=True`, and for the connection).
    code: 'AIO202',
    names: ['epics.caget', 'epics.caput', 'epics.cainfo', ...of('epics.PV', ['get', 'put', 'wait_for_connection', 'get_ctrlvars']), 'caproto.sync.client.read', 'caproto.sync.client.write'],
    instead: 'an asyncio Channel Access client (aioca: `await caget(...)`, or caproto\'s `caproto.asyncio.client`)',
  },
  {
    // A capture of a network stream connects on construction; a read waits for the next frame.
    code: 'AIO206',
    names: ['cv2.VideoCapture', ...of('cv2.VideoCapture', ['open', 'read', 'grab'])],
    instead: '`await asyncio.to_thread(capture.read)`, or a thread that keeps the latest frame',
    when: (call, model) => !constructs(call, model, 'cv2.VideoCapture') || callArguments(call).positional.length > 0 || callArguments(call).keywords.size > 0,
  },
  {
    // pygame's waits sleep the thread: `wait`/`delay` for the milliseconds given, `event.wait` until an event comes.
    code: 'AIO206',
    names: ['pygame.time.wait', 'pygame.time.delay', 'pygame.event.wait'],
    instead: '`await asyncio.sleep(seconds)`, or `pygame.event.get()` once a frame',
  },
  {
    // The microphone: `listen` waits for a phrase and its end, `record` for the duration; pyttsx3 speaks until done.
    code: 'AIO206',
    names: [
      ...of('speech_recognition.Recognizer', ['listen', 'record', 'adjust_for_ambient_noise']),
      'pyttsx3.speak', ...of('pyttsx3.Engine', ['runAndWait', 'startLoop']),
    ],
    instead: '`await asyncio.to_thread(...)` (one worker thread for the audio device)',
  },
  {
    // sounddevice's and PyAudio's blocking I/O: a read waits for the frames, a write for room in the buffer.
    code: 'AIO206',
    names: [
      'sounddevice.wait', 'sounddevice.sleep',
      ...SOUNDDEVICE_STREAMS.flatMap((stream) => of(`sounddevice.${stream}`, ['read', 'write'])),
      ...of('pyaudio.Stream', ['read', 'write']),
    ],
    instead: '`await asyncio.to_thread(...)`, or a stream `callback` that hands each block to the loop with `loop.call_soon_threadsafe`',
  },
  {
    code: 'AIO206',
    names: ['sounddevice.play', 'sounddevice.rec', 'sounddevice.playrec'],
    instead: '`await asyncio.to_thread(...)`, or a stream `callback` that hands each block to the loop with `loop.call_soon_threadsafe`',
    when: (call) => literalValue(callArguments(call).keywords.get('blocking') ?? call) === true,
  },
  {
    // `waitKey(0)` (or no delay) waits for a key press forever; a long delay waits that long. `waitKey(1)` in a display loop is a millisecond.
    code: 'AIO206',
    names: ['cv2.waitKey', 'cv2.waitKeyEx'],
    instead: '`cv2.waitKey(1)` once a frame, with `await asyncio.sleep(...)` between frames',
    when: (call) => {
      const delay = argument(callArguments(call), 0, 'delay');
      const value = delay ? literalValue(delay) : 0;
      return typeof value === 'number' && (value <= 0 || value >= 50);
    },
  },
  {
    // `tick(fps)` sleeps out the rest of the frame: at most a frame's time, so the other tasks wait a frame at worst.
    code: 'AIO206',
    names: ['pygame.time.Clock.tick', 'pygame.time.Clock.tick_busy_loop'],
    instead: '`await asyncio.sleep(...)` for the rest of the frame',
    light: true,
    message: '`{0}` sleeps out the rest of the frame (up to `1 / fps` seconds), and the event loop sleeps with it: the other tasks run only between frames. Use {1} instead.',
  },
  {
    code: 'AIO206',
    names: MODBUS_CLIENTS.flatMap((client) => of(`pymodbus.client.${client}`, MODBUS_CALLS)),
    instead: 'pymodbus\'s async clients (`AsyncModbusTcpClient`, `AsyncModbusSerialClient`: `await client.read_holding_registers(...)`)',
  },
  {
    // With an interval, psutil sleeps that long between two samples.
    code: 'AIO206',
    names: ['psutil.cpu_percent', 'psutil.cpu_times_percent', 'psutil.Process.cpu_percent'],
    instead: '`interval=None` (it compares with the previous call) or `await asyncio.to_thread(...)`',
    when: (call) => waitsInterval(call),
  },
  {
    // Given a path (a string, a `Path`), these read or write the whole file, parsing or rendering it as they go.
    code: 'AIO207',
    names: LIBRARY_FILE_CALLS,
    instead: '`await asyncio.to_thread(...)` around the whole read or write',
    when: (call, model) => libraryFileArgument(call, model) === 'path',
  },
  {
    code: 'AIO207',
    names: LIBRARY_FILE_CALLS,
    instead: '`await asyncio.to_thread(...)` around the whole read or write',
    light: true,
    message: '`{0}` reads or writes a file when it is given a path or a file name (not when given an in-memory buffer such as `io.BytesIO`), and the event loop waits meanwhile. If it is a path here, use {1} instead.',
    when: (call, model) => libraryFileArgument(call, model) === 'unknown',
  },
  {
    // Reading a CA store parses every certificate in it (the system's or certifi's: a few hundred); a chain reads its files.
    code: 'AIO207',
    names: ['ssl.create_default_context', ...of('ssl.SSLContext', ['load_verify_locations', 'load_cert_chain', 'load_default_certs', 'set_default_verify_paths'])],
    instead: 'one context made at start-up and reused, or `await asyncio.to_thread(...)`',
    message: '`{0}` reads and parses certificate files (a CA store holds hundreds; tens of milliseconds), and the event loop waits meanwhile: use {1} instead.',
    when: (call, model) => readsCertificates(call, model),
  },
  {
    // Into memory (`io.BytesIO`, for a bot to send), matplotlib still renders the chart: only the disk is spared.
    code: 'AIO207',
    names: ['matplotlib.pyplot.savefig', 'matplotlib.figure.Figure.savefig'],
    instead: '`await asyncio.to_thread(...)` around the whole chart (plotting and saving)',
    light: true,
    message: '`{0}` renders the figure on the event loop even into memory (tens to hundreds of milliseconds of CPU for a chart), and every other task waits: use {1} instead.',
    when: (call, model) => libraryFileArgument(call, model) === 'memory',
  },
];

/** What the file argument of a library call is (see libraryFiles.ts), under the name the call resolves to. */
function libraryFileArgument(call: SyntaxNode, model: SemanticModel): FileArgument {
  const name = model.callTargets(call).find((target) => LIBRARY_FILE_CALLS.includes(target));
  // `with pd.ExcelWriter(path) as writer:` writes the workbook as the block ends; elsewhere its `close()` is out of sight.
  if (name === 'pandas.ExcelWriter' && !isWithItemValue(call)) return 'none';
  return name ? fileArgument(call, model, name) : 'none';
}

/**
 * A server's `create_default_context(Purpose.CLIENT_AUTH)` verifies no client by default and loads no CA store
 * unless given one; `load_verify_locations(cadata=...)` parses certificates already in memory.
 */
function readsCertificates(call: SyntaxNode, model: SemanticModel): boolean {
  const args = callArguments(call);
  const files = ['cafile', 'capath'].some((name) => args.keywords.has(name));
  const targets = model.callTargets(call);
  if (targets.includes('ssl.create_default_context')) {
    const purpose = argument(args, 0, 'purpose');
    return files || args.keywords.has('cadata') || !purpose || !/\bCLIENT_AUTH$/.test(purpose.text);
  }
  if (targets.includes('ssl.SSLContext.load_verify_locations')) return files || args.positional.length > 0 || args.hasSplat;
  return true;
}

/** `ser.read(ser.in_waiting)`, `ser.read(ser.inWaiting())`: the bytes already received, returned at once. */
function readsWhatIsBuffered(call: SyntaxNode): boolean {
  const callee = unparenthesize(field(call, 'function') ?? call);
  const receiver = callee.type === 'attribute' && field(callee, 'attribute')?.text === 'read' ? field(callee, 'object') : null;
  const size = argument(callArguments(call), 0, 'size');
  if (!receiver || !size) return false;
  let count = unparenthesize(size);
  if (count.type === 'call' && callArguments(count).positional.length === 0) count = unparenthesize(field(count, 'function') ?? count);
  const counted = count.type === 'attribute' ? field(count, 'object') : null;
  const name = dottedText(receiver);
  return !!counted && !!name && ['in_waiting', 'inWaiting'].includes(field(count, 'attribute')?.text ?? '') && dottedText(counted) === name;
}

/** The call builds the class (`serial.Serial(...)`), rather than calling one of its methods. */
function constructs(call: SyntaxNode, model: SemanticModel, type: string): boolean {
  return model.callTargets(call).includes(type);
}

/** `cpu_percent(0.5)`, `cpu_percent(interval=1)`: an interval that is not `None` or `0`. */
function waitsInterval(call: SyntaxNode): boolean {
  const interval = argument(callArguments(call), 0, 'interval');
  if (!interval) return false;
  const value = literalValue(interval);
  return value !== null && value !== 0 && value !== false;
}

/** `with lock:` on a thread lock (AIO203): the types whose `__enter__` blocks. */
/**
 * Objects whose iteration waits for a device: `for msg in bus` calls `bus.recv()` for each frame, `for line in port`
 * reads a serial port line by line. By type: the code, the call each turn makes, and what to use instead.
 */
const CAN_ITERATION = {
  code: 'AIO206',
  each: '`recv()`',
  instead: '`async for msg in reader` over a `can.AsyncBufferedReader` fed by a `can.Notifier(bus, [reader], loop=loop)`',
};
export const BLOCKING_ITERABLES: Record<string, { code: string; each: string; instead: string }> = {
  'can.Bus': CAN_ITERATION,
  'can.ThreadSafeBus': CAN_ITERATION,
  'serial.Serial': { code: 'AIO206', each: '`readline()`', instead: '`async for line in reader` over pyserial-asyncio\'s `open_serial_connection(...)` reader' },
};

export const BLOCKING_CONTEXT_MANAGERS: Record<string, string> = {
  'threading.Lock': '`async with asyncio.Lock()`',
  'threading.Condition': '`async with asyncio.Condition()`',
};

const INDEX = new Map<string, BlockingApi[]>();
/** The entries whose methods match by name, by the type they are called on. */
const METHOD_INDEX = new Map<string, BlockingApi[]>();
for (const api of BLOCKING_APIS) {
  for (const name of api.names) INDEX.set(name, [...(INDEX.get(name) ?? []), api]);
  for (const type of api.methods?.types ?? []) METHOD_INDEX.set(type, [...(METHOD_INDEX.get(type) ?? []), api]);
}
const METHOD_PATTERNS = BLOCKING_APIS.flatMap((api) => (api.methods ? [api.methods] : []));

/** Last segments of every name in the table: a call whose callee ends otherwise cannot match. */
const LAST_SEGMENTS = new Set([...INDEX.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1)));

const candidates = new WeakMap<SemanticModel, Set<number>>();

/**
 * A cheap test that rules out most calls before any name resolution: the callee's last name (or
 * the name it was imported under, `from time import sleep as snooze`) must end a name of the table.
 */
export function mayBeBlockingCall(call: SyntaxNode, model: SemanticModel): boolean {
  let ids = candidates.get(model);
  if (!ids) {
    ids = new Set(callsNamed(model, LAST_SEGMENTS).map((candidate) => candidate.id));
    for (const { named, mentions } of METHOD_PATTERNS) {
      if (mentions && !mentions.some((word) => model.source.includes(word))) continue;
      for (const candidate of callsNamedLike(model, named)) ids.add(candidate.id);
    }
    candidates.set(model, ids);
  }
  return ids.has(call.id) || model.callsPartial(call);
}

/** The table entry for a call, by the dotted names the call may stand for. */
export function findBlockingApi(targets: string[], call: SyntaxNode, model: SemanticModel): { api: BlockingApi; name: string } | undefined {
  const applies = (entry: BlockingApi) => !entry.when || entry.when(call, model);
  for (const name of targets) {
    const api = INDEX.get(name)?.find(applies);
    if (api) return { api, name };
    const dot = name.lastIndexOf('.');
    const method = name.slice(dot + 1);
    const byPattern = dot > 0 ? METHOD_INDEX.get(name.slice(0, dot))?.find((entry) => entry.methods!.named.test(method) && applies(entry)) : undefined;
    if (byPattern) return { api: byPattern, name };
  }
  return undefined;
}
