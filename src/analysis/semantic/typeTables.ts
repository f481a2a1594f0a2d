/**
 * Light type knowledge: what a call returns and which spellings name the same class.
 * Types are dotted names of the canonical class ("requests.Session").
 */

/**
 * What google-api-python-client's `build(...)` gives: a resource whose methods, made at run time from the API's
 * discovery document, give sub-resources (`service.files()`) and requests (`.list(...)`), all typed as it.
 */
export const GOOGLE_API_RESOURCE = 'googleapiclient.discovery.Resource';

/** Django's model and manager base classes. */
export const DJANGO_MODEL = 'django.db.models.Model';
export const DJANGO_MANAGER = 'django.db.models.Manager';

/** What `django.core.cache.caches[alias]` gives (and what `django.core.cache.cache` stands for): a cache backend. */
export const DJANGO_CACHE = 'django.core.cache.backends.base.BaseCache';

/** Module-level objects of libraries whose items have a known type: `caches["default"]`. */
export const OBJECT_ITEM_TYPES: Record<string, string> = {
  'django.core.cache.caches': DJANGO_CACHE,
};

/** What `clickhouse_connect.get_client(...)` gives: a sync HTTP client of the ClickHouse server. */
export const CLICKHOUSE_CONNECT_CLIENT = 'clickhouse_connect.driver.client.Client';

/** pymodbus's sync clients: each call waits for the device's answer. */
export const MODBUS_CLIENTS = ['ModbusTcpClient', 'ModbusSerialClient', 'ModbusUdpClient', 'ModbusTlsClient'];

/** What pandas, openpyxl, Pillow and python-docx calls return: the objects whose methods write files. */
const PANDAS_FRAME_METHODS = [
  'copy', 'head', 'tail', 'sort_values', 'sort_index', 'reset_index', 'set_index', 'drop', 'dropna', 'fillna', 'rename',
  'merge', 'join', 'assign', 'query', 'astype', 'round', 'filter', 'drop_duplicates', 'pivot_table', 'transpose', 'replace',
];
const PIL_IMAGE_METHODS = ['convert', 'resize', 'crop', 'rotate', 'copy', 'transpose', 'filter', 'quantize', 'reduce', 'point', 'split'];
const PIL_IMAGE_OPS = ['fit', 'contain', 'pad', 'cover', 'grayscale', 'exif_transpose', 'expand', 'flip', 'mirror', 'invert', 'autocontrast', 'posterize'];
const LIBRARY_FILE_RETURNS: Array<[string, string]> = [
  ...['read_csv', 'read_table', 'read_fwf', 'read_excel', 'read_json', 'read_parquet', 'read_feather', 'read_orc', 'read_pickle', 'read_sql', 'read_sql_query', 'concat', 'json_normalize'].map(
    (name): [string, string] => [`pandas.${name}`, 'pandas.DataFrame'],
  ),
  ...['from_dict', 'from_records', ...PANDAS_FRAME_METHODS].map((name): [string, string] => [`pandas.DataFrame.${name}`, 'pandas.DataFrame']),
  ['openpyxl.load_workbook', 'openpyxl.Workbook'],
  ...['open', 'new', 'fromarray', 'frombytes', 'merge', 'alpha_composite', 'blend', 'composite'].map((name): [string, string] => [`PIL.Image.${name}`, 'PIL.Image.Image']),
  ...PIL_IMAGE_METHODS.map((name): [string, string] => [`PIL.Image.Image.${name}`, 'PIL.Image.Image']),
  ...PIL_IMAGE_OPS.map((name): [string, string] => [`PIL.ImageOps.${name}`, 'PIL.Image.Image']),
  ['docx.Document', 'docx.document.Document'],
  ['matplotlib.pyplot.figure', 'matplotlib.figure.Figure'],
  ['ssl.create_default_context', 'ssl.SSLContext'],
  ['ssl.SSLContext', 'ssl.SSLContext'],
  ['matplotlib.pyplot.gcf', 'matplotlib.figure.Figure'],
];

/** What a sync call returns as a tuple, by position, for the names it is unpacked into: `fig, ax = plt.subplots()`. */
export const RETURNED_TUPLE_TYPES: Record<string, ReadonlyArray<string | undefined>> = {
  'matplotlib.pyplot.subplots': ['matplotlib.figure.Figure', undefined],
  'trio.open_memory_channel': ['trio.MemorySendChannel', 'trio.MemoryReceiveChannel'],
  'anyio.create_memory_object_stream': ['anyio.streams.memory.MemoryObjectSendStream', 'anyio.streams.memory.MemoryObjectReceiveStream'],
  // stdin, stdout and stderr of the remote command: reading the last two waits for its output.
  'paramiko.SSHClient.exec_command': ['paramiko.ChannelFile', 'paramiko.ChannelFile', 'paramiko.ChannelFile'],
};

/** geopy's geocoders (`geopy.geocoders.Nominatim`…): a sync HTTPS request per `geocode`/`reverse` (see the catalog). */
export const GEOPY_GEOCODERS = ['Nominatim', 'GoogleV3', 'Photon', 'ArcGIS', 'Yandex', 'OpenCage', 'Bing', 'HereV7', 'MapBox', 'Pelias', 'TomTom', 'GeoNames', 'MapQuest', 'LiveAddress', 'DataBC'];
const GEOPY_GEOCODER_CLASSES = GEOPY_GEOCODERS.map((geocoder) => `geopy.geocoders.${geocoder}`);

/** Django's ORM: a model's default manager, and the calls that give a new (lazy) queryset. */
export const DJANGO_QUERYSET_METHODS = [
  'all', 'filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'annotate', 'alias', 'distinct', 'only',
  'defer', 'using', 'none', 'reverse', 'select_for_update', 'values', 'values_list',
];
const DJANGO_QUERYSET_RETURNS: Array<[string, string]> = ['django.db.models.Manager', 'django.db.models.QuerySet'].flatMap((type) =>
  DJANGO_QUERYSET_METHODS.map((method): [string, string] => [`${type}.${method}`, 'django.db.models.QuerySet']),
);

/** Class attributes a library base class gives every workspace class derived from it (`User.objects`). */
export const INHERITED_CLASS_ATTRIBUTES: Record<string, { owners: readonly string[]; type: string }> = {
  objects: { owners: ['django.db.models.Model'], type: 'django.db.models.Manager' },
};

/** Dialogflow ES's sync sessions client (its async twin is `SessionsAsyncClient`). */
export const DIALOGFLOW_SESSIONS = 'google.cloud.dialogflow.SessionsClient';

/** pytube's list of a video's streams (`yt.streams`), filtered and ordered into more of them. */
const PYTUBE_STREAM_QUERY = 'pytube.query.StreamQuery';
/** youtube-transcript-api: the client (1.x: `YouTubeTranscriptApi().fetch(id)`; 0.x: class methods), a video's list and one transcript. */
export const TRANSCRIPT_API = 'youtube_transcript_api.YouTubeTranscriptApi';
export const TRANSCRIPT_LIST = 'youtube_transcript_api.TranscriptList';
export const TRANSCRIPT = 'youtube_transcript_api.Transcript';
const PYTUBE_QUERY_METHODS = ['filter', 'order_by', 'desc', 'asc', 'otf'];
const PYTUBE_STREAM_PICKS = ['first', 'last', 'get_audio_only', 'get_highest_resolution', 'get_lowest_resolution', 'get_by_itag', 'get_by_resolution'];

/** One name for the kubernetes client's generated API classes (`CoreV1Api`, `AppsV1Api`, `CustomObjectsApi`…). */
export const KUBERNETES_API = 'kubernetes.client.Api';
/** The standard library's XML-RPC client, whose attributes are the server's methods. */
export const XMLRPC_PROXY = 'xmlrpc.client.ServerProxy';
/** web3.py's sync client and what hangs off it: each call below an HTTP (or IPC) round trip to the node. */
export const WEB3 = { client: 'web3.Web3', eth: 'web3.eth.Eth', contract: 'web3.contract.Contract', functions: 'web3.contract.ContractFunctions', function: 'web3.contract.ContractFunction', events: 'web3.contract.ContractEvents', event: 'web3.contract.ContractEvent', filter: 'web3.utils.filters.Filter' };
/** What netmiko's `ConnectHandler(...)` returns, whatever the device type. */
export const NETMIKO_CONNECTION = 'netmiko.BaseConnection';
/** Fabric's groups of connections, which run each command on every host in turn (or on threads, waiting for all). */
export const FABRIC_GROUPS = ['Group', 'SerialGroup', 'ThreadingGroup'];
/** JSON-RPC proxies to bitcoind: any method called on one is a request (`rpc.getblockcount()`). */
export const BITCOIN_RPC_PROXIES = ['bitcoinrpc.authproxy.AuthServiceProxy', 'bitcoin.rpc.Proxy', 'bitcoin.rpc.RawProxy'];

/** prometheus_client's metric classes. */
const PROMETHEUS_METRICS = ['Counter', 'Gauge', 'Summary', 'Histogram'];

/** python-gitlab's project, and the managers (`gl.projects`, `project.mergerequests`) whose `get`/`list`/`create` send a request. */
const GITLAB_PROJECT = 'gitlab.v4.objects.Project';
export const GITLAB_MERGE_REQUEST = 'gitlab.v4.objects.ProjectMergeRequest';
/** supabase-py's sync client's query builder (postgrest). */
export const SUPABASE_QUERY = 'postgrest.SyncQueryBuilder';
export const GITLAB_MANAGERS: Record<string, string[]> = {
  'gitlab.Gitlab': ['projects', 'groups', 'users', 'issues', 'mergerequests'],
  [GITLAB_PROJECT]: ['mergerequests', 'issues', 'pipelines', 'branches', 'commits', 'files', 'tags', 'releases', 'notes'],
  [GITLAB_MERGE_REQUEST]: ['notes', 'discussions', 'approvals'],
};

/** Other spellings of a class → the canonical name the rules match on. */
export const TYPE_ALIASES: Record<string, string> = {
  'xmlrpc.client.Server': XMLRPC_PROXY,
  // XenAPI's session is an XML-RPC proxy (`session.xenapi.VM.get_all()`).
  'XenAPI.Session': XMLRPC_PROXY,
  ...Object.fromEntries(PROMETHEUS_METRICS.map((metric) => [`prometheus_client.metrics.${metric}`, `prometheus_client.${metric}`])),
  'docker.client.DockerClient': 'docker.DockerClient',
  'web3.main.Web3': WEB3.client,
  'mcp.server.fastmcp.server.FastMCP': 'mcp.server.fastmcp.FastMCP',
  'fastmcp.server.FastMCP': 'fastmcp.FastMCP',
  'fastmcp.server.server.FastMCP': 'fastmcp.FastMCP',
  'pandas.core.frame.DataFrame': 'pandas.DataFrame',
  'pandas.core.series.Series': 'pandas.Series',
  'openpyxl.workbook.workbook.Workbook': 'openpyxl.Workbook',
  'openpyxl.workbook.Workbook': 'openpyxl.Workbook',
  'fpdf.fpdf.FPDF': 'fpdf.FPDF',
  'jira.client.JIRA': 'jira.JIRA',
  'telethon.client.telegramclient.TelegramClient': 'telethon.TelegramClient',
  'telethon.sync.TelegramClient': 'telethon.TelegramClient',
  'github.MainClass.Github': 'github.Github',
  'gitlab.client.Gitlab': 'gitlab.Gitlab',
  'tweepy.client.Client': 'tweepy.Client',
  'tweepy.api.API': 'tweepy.API',
  'mastodon.Mastodon.Mastodon': 'mastodon.Mastodon',
  'praw.reddit.Reddit': 'praw.Reddit',
  'discord_webhook.webhook.DiscordWebhook': 'discord_webhook.DiscordWebhook',
  'instagrapi.client.Client': 'instagrapi.Client',
  'atproto_client.Client': 'atproto.Client',
  'supabase.client.Client': 'supabase.Client',
  'supabase._sync.client.SyncClient': 'supabase.Client',
  'praw.models.reddit.subreddit.Subreddit': 'praw.models.Subreddit',
  'praw.models.reddit.submission.Submission': 'praw.models.Submission',
  'praw.models.reddit.comment.Comment': 'praw.models.Comment',
  'clickhouse_driver.client.Client': 'clickhouse_driver.Client',
  'clickhouse_connect.driver.client.Client': CLICKHOUSE_CONNECT_CLIENT,
  'clickhouse_connect.driver.httpclient.HttpClient': CLICKHOUSE_CONNECT_CLIENT,
  'django.db.models.base.Model': 'django.db.models.Model',
  'django.db.models.manager.Manager': 'django.db.models.Manager',
  'django.db.models.query.QuerySet': 'django.db.models.QuerySet',
  '_io.BytesIO': 'io.BytesIO',
  '_io.StringIO': 'io.StringIO',
  'requests.sessions.Session': 'requests.Session',
  'requests.session': 'requests.Session',
  'httpx._client.Client': 'httpx.Client',
  'slack_sdk.web.WebClient': 'slack_sdk.WebClient',
  'slack_sdk.web.client.WebClient': 'slack_sdk.WebClient',
  'slack.web.client.WebClient': 'slack.WebClient',
  'pathlib.PosixPath': 'pathlib.Path',
  'pathlib.WindowsPath': 'pathlib.Path',
  'pathlib._local.Path': 'pathlib.Path',
  'io.TextIOWrapper': 'io.IOBase',
  'io.BufferedReader': 'io.IOBase',
  'io.BufferedWriter': 'io.IOBase',
  'io.BufferedRandom': 'io.IOBase',
  'io.BufferedRWPair': 'io.IOBase',
  'io.FileIO': 'io.IOBase',
  // Not the abstract stream types (`typing.IO`/`TextIO`/`BinaryIO`, `io.TextIOBase`...): a
  // parameter annotated with one may be an `io.BytesIO` or a socket file, not known to be on disk.
  '_io.TextIOWrapper': 'io.IOBase',
  'threading.Timer': 'threading.Thread',
  'multiprocessing.Queue': 'queue.Queue',
  'queue.LifoQueue': 'queue.Queue',
  'queue.PriorityQueue': 'queue.Queue',
  'concurrent.futures._base.Future': 'concurrent.futures.Future',
  'concurrent.futures.process.ProcessPoolExecutor': 'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.thread.ThreadPoolExecutor': 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures._base.Executor': 'concurrent.futures.Executor',
  'redis.StrictRedis': 'redis.Redis',
  'redis.client.Redis': 'redis.Redis',
  'pymongo.mongo_client.MongoClient': 'pymongo.MongoClient',
  'pymongo.synchronous.mongo_client.MongoClient': 'pymongo.MongoClient',
  'pymongo.mongo_client.database.Database': 'pymongo.database.Database',
  'pymongo.synchronous.database.Database': 'pymongo.database.Database',
  'pymongo.database.Collection': 'pymongo.collection.Collection',
  'pymongo.mongo_client.database.Collection': 'pymongo.collection.Collection',
  'pymongo.synchronous.collection.Collection': 'pymongo.collection.Collection',
  'pymongo.asynchronous.mongo_client.AsyncMongoClient': 'pymongo.AsyncMongoClient',
  'motor.motor_asyncio.AsyncIOMotorClient': 'motor.motor_asyncio.AsyncIOMotorClient',
  'sqlalchemy.orm.Session': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.session.Session': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.session.sessionmaker': 'sqlalchemy.orm.sessionmaker',
  // A `scoped_session` registry proxies the methods of the thread's Session (`Scoped.commit()`).
  'sqlalchemy.orm.scoped_session': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.scoping.scoped_session': 'sqlalchemy.orm.Session',
  // SQLModel's Session is SQLAlchemy's, with `exec` added.
  'sqlmodel.Session': 'sqlalchemy.orm.Session',
  'sqlmodel.orm.session.Session': 'sqlalchemy.orm.Session',
  // The asyncio extension's session, its factory and its scoped registry (which proxies the session's methods).
  'sqlalchemy.ext.asyncio.session.AsyncSession': 'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlalchemy.ext.asyncio.session.async_sessionmaker': 'sqlalchemy.ext.asyncio.async_sessionmaker',
  'sqlalchemy.ext.asyncio.async_scoped_session': 'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlalchemy.ext.asyncio.scoping.async_scoped_session': 'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlmodel.ext.asyncio.session.AsyncSession': 'sqlalchemy.ext.asyncio.AsyncSession',
  'asyncpg.connection.Connection': 'asyncpg.Connection',
  'asyncpg.pool.Pool': 'asyncpg.Pool',
  'aiopg.connection.Connection': 'aiopg.Connection',
  'aiopg.cursor.Cursor': 'aiopg.Cursor',
  'aiopg.pool.Pool': 'aiopg.Pool',
  'aiomysql.connection.Connection': 'aiomysql.Connection',
  'aiomysql.cursors.Cursor': 'aiomysql.Cursor',
  'aiomysql.cursors.DictCursor': 'aiomysql.Cursor',
  'aiomysql.pool.Pool': 'aiomysql.Pool',
  'aiosqlite.core.Connection': 'aiosqlite.Connection',
  'aiosqlite.cursor.Cursor': 'aiosqlite.Cursor',
  'celery.app.base.Celery': 'celery.Celery',
  'smtplib.SMTP_SSL': 'smtplib.SMTP',
  'imaplib.IMAP4_SSL': 'imaplib.IMAP4',
  'imaplib.IMAP4_stream': 'imaplib.IMAP4',
  'poplib.POP3_SSL': 'poplib.POP3',
  'serial.serialposix.Serial': 'serial.Serial',
  'can.interface.Bus': 'can.Bus',
  'binance.Client': 'binance.client.Client',
  'pybit.HTTP': 'pybit.unified_trading.HTTP',
  'alpaca.trading.TradingClient': 'alpaca.trading.client.TradingClient',
  'alpaca.data.StockHistoricalDataClient': 'alpaca.data.historical.StockHistoricalDataClient',
  'alpaca.data.historical.stock.StockHistoricalDataClient': 'alpaca.data.historical.StockHistoricalDataClient',
  'alpaca.data.CryptoHistoricalDataClient': 'alpaca.data.historical.CryptoHistoricalDataClient',
  'alpaca.data.historical.crypto.CryptoHistoricalDataClient': 'alpaca.data.historical.CryptoHistoricalDataClient',
  'opcua.client.client.Client': 'opcua.Client',
  'opcua.common.node.Node': 'opcua.Node',
  'pyvisa.highlevel.ResourceManager': 'pyvisa.ResourceManager',
  'pycomm3.logix_driver.LogixDriver': 'pycomm3.LogixDriver',
  'pylogix.eip.PLC': 'pylogix.PLC',
  'epics.pv.PV': 'epics.PV',
  'serial.serialwin32.Serial': 'serial.Serial',
  // pymodbus 2.x kept its sync clients in `pymodbus.client.sync`.
  ...Object.fromEntries(MODBUS_CLIENTS.flatMap((client) => [[`pymodbus.client.sync.${client}`, `pymodbus.client.${client}`], [`pymodbus.client.${client.replace(/Modbus|Client/g, '').toLowerCase()}.${client}`, `pymodbus.client.${client}`]])),
  'smtplib.LMTP': 'smtplib.SMTP',
  'ftplib.FTP_TLS': 'ftplib.FTP',
  'ssl.SSLSocket': 'socket.socket',
  'urllib3.ProxyManager': 'urllib3.PoolManager',
  'urllib3.HTTPConnectionPool': 'urllib3.PoolManager',
  'urllib3.HTTPSConnectionPool': 'urllib3.PoolManager',
  'urllib3.poolmanager.PoolManager': 'urllib3.PoolManager',
  'urllib3.poolmanager.ProxyManager': 'urllib3.PoolManager',
  'urllib3.connectionpool.ConnectionPool': 'urllib3.PoolManager',
  'urllib3.request.RequestMethods': 'urllib3.PoolManager',
  'urllib3.connectionpool.HTTPConnectionPool': 'urllib3.PoolManager',
  'urllib3.connectionpool.HTTPSConnectionPool': 'urllib3.PoolManager',
  'http.client.HTTPSConnection': 'http.client.HTTPConnection',
  'paramiko.client.SSHClient': 'paramiko.SSHClient',
  'paramiko.channel.ChannelFile': 'paramiko.ChannelFile',
  'paramiko.channel.ChannelStderrFile': 'paramiko.ChannelFile',
  'paramiko.ChannelStderrFile': 'paramiko.ChannelFile',
  'paramiko.channel.Channel': 'paramiko.Channel',
  'paramiko.sftp_client.SFTPClient': 'paramiko.SFTPClient',
  'paramiko.SFTP': 'paramiko.SFTPClient',
  'fabric.connection.Connection': 'fabric.Connection',
  ...Object.fromEntries(FABRIC_GROUPS.map((group) => [`fabric.group.${group}`, `fabric.${group}`])),
  'edgedb.blocking_client.Client': 'edgedb.Client',
  'gel.blocking_client.Client': 'gel.Client',
  'websocket._core.WebSocket': 'websocket.WebSocket',
  'websocket._app.WebSocketApp': 'websocket.WebSocketApp',
  'boto3.session.Session': 'boto3.Session',
  // Every browser's WebDriver is the remote one with a local driver process (`webdriver.Chrome()`).
  'selenium.webdriver.Chrome': 'selenium.webdriver.Remote',
  'selenium.webdriver.Firefox': 'selenium.webdriver.Remote',
  'selenium.webdriver.Edge': 'selenium.webdriver.Remote',
  'selenium.webdriver.Safari': 'selenium.webdriver.Remote',
  'selenium.webdriver.Ie': 'selenium.webdriver.Remote',
  'selenium.webdriver.ChromiumEdge': 'selenium.webdriver.Remote',
  'selenium.webdriver.WebKitGTK': 'selenium.webdriver.Remote',
  'selenium.webdriver.WPEWebKit': 'selenium.webdriver.Remote',
  'selenium.webdriver.chrome.webdriver.WebDriver': 'selenium.webdriver.Remote',
  'selenium.webdriver.firefox.webdriver.WebDriver': 'selenium.webdriver.Remote',
  'selenium.webdriver.edge.webdriver.WebDriver': 'selenium.webdriver.Remote',
  'selenium.webdriver.safari.webdriver.WebDriver': 'selenium.webdriver.Remote',
  'selenium.webdriver.ie.webdriver.WebDriver': 'selenium.webdriver.Remote',
  'selenium.webdriver.chromium.webdriver.ChromiumDriver': 'selenium.webdriver.Remote',
  'selenium.webdriver.remote.webdriver.WebDriver': 'selenium.webdriver.Remote',
  'undetected_chromedriver.Chrome': 'selenium.webdriver.Remote',
  'seleniumwire.webdriver.Chrome': 'selenium.webdriver.Remote',
  'seleniumwire.webdriver.Firefox': 'selenium.webdriver.Remote',
  'selenium.webdriver.support.ui.WebDriverWait': 'selenium.webdriver.support.wait.WebDriverWait',
  'selenium.webdriver.remote.webelement.WebElement': 'selenium.webdriver.remote.webelement.WebElement',
  'minio.api.Minio': 'minio.Minio',
  'gspread.client.Client': 'gspread.Client',
  'gspread.spreadsheet.Spreadsheet': 'gspread.Spreadsheet',
  'gspread.worksheet.Worksheet': 'gspread.Worksheet',
  'gspread.models.Spreadsheet': 'gspread.Spreadsheet',
  'gspread.models.Worksheet': 'gspread.Worksheet',
  'yt_dlp.YoutubeDL.YoutubeDL': 'yt_dlp.YoutubeDL',
  'streamlink.session.Streamlink': 'streamlink.Streamlink',
  'streamlink.session.session.Streamlink': 'streamlink.Streamlink',
  'streamlink.stream.hls.HLSStream': 'streamlink.stream.HLSStream',
  'streamlink.stream.hls.hls.HLSStream': 'streamlink.stream.HLSStream',
  'streamlink.stream.dash.DASHStream': 'streamlink.stream.DASHStream',
  'streamlink.stream.dash.dash.DASHStream': 'streamlink.stream.DASHStream',
  'obsws_python.reqs.ReqClient': 'obsws_python.ReqClient',
  'obswebsocket.core.obsws': 'obswebsocket.obsws',
  'gtts.tts.gTTS': 'gtts.gTTS',
  'pyttsx3.engine.Engine': 'pyttsx3.Engine',
  // Dialogflow ES: the versioned packages and the sessions module export the same sync client.
  'google.cloud.dialogflow_v2.SessionsClient': DIALOGFLOW_SESSIONS,
  'google.cloud.dialogflow_v2beta1.SessionsClient': DIALOGFLOW_SESSIONS,
  'google.cloud.dialogflow_v2.services.sessions.SessionsClient': DIALOGFLOW_SESSIONS,
  // pytube and its maintained fork pytubefix share the API.
  'youtube_transcript_api._api.YouTubeTranscriptApi': TRANSCRIPT_API,
  'youtube_transcript_api._transcripts.TranscriptList': TRANSCRIPT_LIST,
  'youtube_transcript_api._transcripts.Transcript': TRANSCRIPT,
  'sentence_transformers.SentenceTransformer.SentenceTransformer': 'sentence_transformers.SentenceTransformer',
  'sentence_transformers.cross_encoder.CrossEncoder': 'sentence_transformers.CrossEncoder',
  'sentence_transformers.cross_encoder.CrossEncoder.CrossEncoder': 'sentence_transformers.CrossEncoder',
  'faster_whisper.transcribe.WhisperModel': 'faster_whisper.WhisperModel',
  'whisper.Whisper': 'whisper.model.Whisper',
  'pytube.__main__.YouTube': 'pytube.YouTube',
  'pytubefix.YouTube': 'pytube.YouTube',
  'pytubefix.__main__.YouTube': 'pytube.YouTube',
  'pytubefix.query.StreamQuery': PYTUBE_STREAM_QUERY,
  'pytube.streams.Stream': 'pytube.Stream',
  'pytubefix.Stream': 'pytube.Stream',
  'pytubefix.streams.Stream': 'pytube.Stream',
  'youtube_dl.YoutubeDL': 'yt_dlp.YoutubeDL',
  'youtube_dl.YoutubeDL.YoutubeDL': 'yt_dlp.YoutubeDL',
  'passlib.apps.custom_app_context': 'passlib.context.CryptContext',
  'argon2._password_hasher.PasswordHasher': 'argon2.PasswordHasher',
  'openai.Client': 'openai.OpenAI',
  'openai.AzureOpenAI': 'openai.OpenAI',
  'openai._client.OpenAI': 'openai.OpenAI',
  'anthropic.Client': 'anthropic.Anthropic',
  'anthropic._client.Anthropic': 'anthropic.Anthropic',
  'twilio.rest.client.Client': 'twilio.rest.Client',
  'google.genai.client.Client': 'google.genai.Client',
  'g4f.client.client.Client': 'g4f.client.Client',
  'google.generativeai.generative_models.GenerativeModel': 'google.generativeai.GenerativeModel',
  'google.generativeai.generative_models.ChatSession': 'google.generativeai.ChatSession',
  'kafka.producer.KafkaProducer': 'kafka.KafkaProducer',
  'kafka.consumer.KafkaConsumer': 'kafka.KafkaConsumer',
  'kafka.consumer.group.KafkaConsumer': 'kafka.KafkaConsumer',
  'pika.adapters.blocking_connection.BlockingConnection': 'pika.BlockingConnection',
  'pika.adapters.BlockingConnection': 'pika.BlockingConnection',
  'pika.adapters.blocking_connection.BlockingChannel': 'pika.BlockingChannel',
  'elasticsearch.client.Elasticsearch': 'elasticsearch.Elasticsearch',
  'opensearchpy.client.OpenSearch': 'opensearchpy.OpenSearch',
  'pymemcache.client.base.Client': 'pymemcache.Client',
  'pymemcache.client.base.PooledClient': 'pymemcache.Client',
  'pymemcache.client.hash.HashClient': 'pymemcache.Client',
  'pymemcache.client.Client': 'pymemcache.Client',
  'pymemcache.HashClient': 'pymemcache.Client',
  'pymemcache.PooledClient': 'pymemcache.Client',
  'telnetlib.Telnet': 'telnetlib.Telnet',
  'zmq.sugar.context.Context': 'zmq.Context',
  'zmq.sugar.socket.Socket': 'zmq.Socket',
  'zmq.sugar.poll.Poller': 'zmq.Poller',
  'threading.Semaphore': 'threading.Lock',
  'threading.BoundedSemaphore': 'threading.Lock',
  'threading.RLock': 'threading.Lock',
  'threading.Condition': 'threading.Condition',
  'multiprocessing.Lock': 'threading.Lock',
  'multiprocessing.RLock': 'threading.Lock',
  'multiprocessing.Semaphore': 'threading.Lock',
  'multiprocessing.Event': 'threading.Event',
  'psycopg.Connection': 'psycopg2.Connection',
  'psycopg2.extensions.connection': 'psycopg2.Connection',
  'asyncio.events.AbstractEventLoop': 'asyncio.AbstractEventLoop',
  'asyncio.BaseEventLoop': 'asyncio.AbstractEventLoop',
  'asyncio.base_events.BaseEventLoop': 'asyncio.AbstractEventLoop',
  'asyncio.SelectorEventLoop': 'asyncio.AbstractEventLoop',
  'asyncio.ProactorEventLoop': 'asyncio.AbstractEventLoop',
  'uvloop.Loop': 'asyncio.AbstractEventLoop',
  'asyncio.locks.Lock': 'asyncio.Lock',
  'asyncio.locks.Event': 'asyncio.Event',
  'asyncio.locks.Condition': 'asyncio.Condition',
  'asyncio.locks.Semaphore': 'asyncio.Semaphore',
  'asyncio.locks.BoundedSemaphore': 'asyncio.BoundedSemaphore',
  'asyncio.queues.Queue': 'asyncio.Queue',
  'asyncio.PriorityQueue': 'asyncio.Queue',
  'asyncio.LifoQueue': 'asyncio.Queue',
  'asyncio.streams.StreamReader': 'asyncio.StreamReader',
  'asyncio.streams.StreamWriter': 'asyncio.StreamWriter',
  'asyncio.tasks.Task': 'asyncio.Task',
  'asyncio.futures.Future': 'asyncio.Future',
  'aiohttp.client.ClientSession': 'aiohttp.ClientSession',
  'aiogram.client.bot.Bot': 'aiogram.Bot',
  'aiogram.bot.Bot': 'aiogram.Bot',
  'aiogram.bot.bot.Bot': 'aiogram.Bot',
  'aiogram.types.message.Message': 'aiogram.types.Message',
  'aiogram.types.callback_query.CallbackQuery': 'aiogram.types.CallbackQuery',
};

/** deep-translator's translator classes: each `translate(...)` is an HTTP request. */
export const DEEP_TRANSLATORS = [
  'GoogleTranslator', 'MyMemoryTranslator', 'DeeplTranslator', 'LingueeTranslator', 'PonsTranslator', 'MicrosoftTranslator',
  'YandexTranslator', 'PapagoTranslator', 'LibreTranslator', 'QcriTranslator', 'ChatGptTranslator', 'BaiduTranslator',
].map((translator) => `deep_translator.${translator}`);

/** sounddevice's streams: `read` waits for the microphone's frames, `write` for room in the output buffer. */
export const SOUNDDEVICE_STREAMS = ['InputStream', 'OutputStream', 'Stream', 'RawInputStream', 'RawOutputStream', 'RawStream'];

/** Classes whose constructor call yields an instance of themselves (after aliasing). */
export const KNOWN_CLASSES = new Set([
  'requests.Session',
  'telethon.TelegramClient',
  'gidgethub.aiohttp.GitHubAPI',
  'gidgethub.httpx.GitHubAPI',
  KUBERNETES_API,
  XMLRPC_PROXY,
  'trio.Event',
  'anyio.Event',
  ...PROMETHEUS_METRICS.map((metric) => `prometheus_client.${metric}`),
  'paho.mqtt.client.Client',
  'imaplib.IMAP4',
  'poplib.POP3',
  'docker.DockerClient',
  'pulsar.Client',
  'mcp.server.fastmcp.FastMCP',
  'fastmcp.FastMCP',
  'httpx.Client',
  'httpx2.Client',
  'httplib2.Http',
  'slack_sdk.WebClient',
  'slack.WebClient',
  'pathlib.Path',
  'io.IOBase',
  'subprocess.Popen',
  'socket.socket',
  'threading.Lock',
  'threading.Event',
  'threading.Condition',
  'threading.Thread',
  'queue.Queue',
  'queue.SimpleQueue',
  'concurrent.futures.Future',
  'redis.Redis',
  'pymongo.MongoClient',
  'pymongo.database.Database',
  'pymongo.collection.Collection',
  'pymongo.AsyncMongoClient',
  'motor.motor_asyncio.AsyncIOMotorClient',
  'sqlalchemy.orm.Session',
  'sqlalchemy.orm.sessionmaker',
  'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlalchemy.ext.asyncio.async_sessionmaker',
  'smtplib.SMTP',
  'serial.Serial',
  'cv2.VideoCapture',
  'streamlink.Streamlink',
  'speech_recognition.Recognizer',
  ...['Search', 'VideosSearch', 'ChannelsSearch', 'PlaylistsSearch', 'CustomSearch', 'ChannelSearch'].map((search) => `youtubesearchpython.${search}`),
  'gtts.gTTS',
  'obsws_python.ReqClient',
  'obswebsocket.obsws',
  ...SOUNDDEVICE_STREAMS.map((stream) => `sounddevice.${stream}`),
  'pyaudio.PyAudio',
  'stockfish.Stockfish',
  'pydub.AudioSegment',
  'pygame.time.Clock',
  'ffmpeg.FFmpeg',
  GOOGLE_API_RESOURCE,
  'googleapiclient.http.MediaIoBaseDownload',
  ...MODBUS_CLIENTS.map((client) => `pymodbus.client.${client}`),
  'psutil.Process',
  'ftplib.FTP',
  'telnetlib.Telnet',
  'paramiko.SSHClient',
  'paramiko.ChannelFile',
  'paramiko.Channel',
  'paramiko.SFTPClient',
  'fabric.Connection',
  ...FABRIC_GROUPS.map((group) => `fabric.${group}`),
  'edgedb.Client',
  'edgedb.BlockingIOConnection',
  'gel.Client',
  'websocket.WebSocket',
  'websocket.WebSocketApp',
  'boto3.Session',
  'botocore.client.BaseClient',
  'selenium.webdriver.Remote',
  'selenium.webdriver.support.wait.WebDriverWait',
  'minio.Minio',
  'gspread.Client',
  'openai.OpenAI',
  'anthropic.Anthropic',
  'twilio.rest.Client',
  'google.genai.Client',
  'g4f.client.Client',
  'google.generativeai.GenerativeModel',
  'ccxt.Exchange',
  'binance.client.Client',
  WEB3.client,
  'solana.rpc.api.Client',
  'dns.resolver.Resolver',
  'scrapli.Scrapli',
  'speedtest.Speedtest',
  'pysnmp.entity.rfc3413.oneliner.cmdgen.CommandGenerator',
  'pysnmp.entity.rfc3413.oneliner.ntforg.NotificationOriginator',
  ...BITCOIN_RPC_PROXIES,
  'pybit.unified_trading.HTTP',
  'alpaca.trading.client.TradingClient',
  'alpaca.data.historical.StockHistoricalDataClient',
  'alpaca.data.historical.CryptoHistoricalDataClient',
  'can.Bus',
  'can.ThreadSafeBus',
  'pyvisa.ResourceManager',
  'opcua.Client',
  'asyncua.sync.Client',
  'snap7.client.Client',
  'pycomm3.LogixDriver',
  'pycomm3.SLCDriver',
  'pycomm3.CIPDriver',
  'pylogix.PLC',
  'epics.PV',
  'celery.Celery',
  'celery.result.AsyncResult',
  'yt_dlp.YoutubeDL',
  'pytube.YouTube',
  TRANSCRIPT_API,
  'sentence_transformers.SentenceTransformer',
  'sentence_transformers.CrossEncoder',
  'faster_whisper.WhisperModel',
  DIALOGFLOW_SESSIONS,
  ...DEEP_TRANSLATORS,
  'passlib.context.CryptContext',
  'argon2.PasswordHasher',
  'pwdlib.PasswordHash',
  'kafka.KafkaProducer',
  'kafka.KafkaConsumer',
  'pika.BlockingConnection',
  'pika.BlockingChannel',
  'zmq.Context',
  'zmq.Socket',
  'zmq.Poller',
  'elasticsearch.Elasticsearch',
  'opensearchpy.OpenSearch',
  'pymemcache.Client',
  'urllib3.PoolManager',
  'http.client.HTTPConnection',
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
  'asyncio.Lock',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Event',
  'asyncio.Future',
  'asyncio.Condition',
  'asyncio.Queue',
  'asyncio.TaskGroup',
  'aiohttp.ClientSession',
  'aiogram.Bot',
  'telebot.async_telebot.AsyncTeleBot',
  'httpx.AsyncClient',
  'asyncio.AbstractEventLoop',
  'asyncio.Barrier',
  'asyncio.Runner',
  'asyncio.StreamReader',
  'asyncio.StreamWriter',
  // The file libraries of catalog/libraryFiles.ts, the jira client, geopy's geocoders and Django's models.
  'pandas.DataFrame',
  'pandas.Series',
  'openpyxl.Workbook',
  'fpdf.FPDF',
  'matplotlib.figure.Figure',
  'jira.JIRA',
  'github.Github',
  'gitlab.Gitlab',
  'tweepy.Client',
  'tweepy.API',
  'mastodon.Mastodon',
  'praw.Reddit',
  'supabase.Client',
  'discord_webhook.DiscordWebhook',
  'instagrapi.Client',
  'atproto.Client',
  // clickhouse-driver's native-protocol client: it connects at its first query.
  'clickhouse_driver.Client',
  ...GEOPY_GEOCODER_CLASSES,
  'django.db.models.Model',
  'django.db.models.Manager',
  'io.BytesIO',
  'io.StringIO',
]);

/** The async MongoDB clients (motor's, and pymongo's own since 4.9): their database and collection types. */
export const ASYNC_MONGO: Record<string, { database: string; collection: string }> = {
  'motor.motor_asyncio.AsyncIOMotorClient': { database: 'motor.motor_asyncio.AsyncIOMotorDatabase', collection: 'motor.motor_asyncio.AsyncIOMotorCollection' },
  'pymongo.AsyncMongoClient': { database: 'pymongo.asynchronous.database.AsyncDatabase', collection: 'pymongo.asynchronous.collection.AsyncCollection' },
};
/** Motor's objects also have these attributes of their own. */
const MOTOR_MEMBERS = ['delegate', 'io_loop', 'get_io_loop', 'wrap'];

/** python-telegram-bot's media objects, whose `get_file()` gives a `telegram.File` to download. */
export const PTB_FILE_OWNERS = ['telegram.PhotoSize', 'telegram.Document', 'telegram.Video', 'telegram.Audio', 'telegram.Voice', 'telegram.Sticker', 'telegram.Animation', 'telegram.VideoNote'];

/**
 * What awaiting a call gives, or entering it with `async with`: `proc = await asyncio.create_subprocess_exec(...)`,
 * the async database drivers (`conn = await asyncpg.connect(dsn)`, `async with aiopg.connect(dsn) as conn`,
 * `async with conn.cursor() as cur`). A tuple unpacked from the result is `AWAITED_RESULT_TYPES`'.
 */
export const AWAITED_TYPES: Record<string, string> = {
  'asyncio.create_subprocess_exec': 'asyncio.subprocess.Process',
  'asyncio.create_subprocess_shell': 'asyncio.subprocess.Process',
  'asyncpg.connect': 'asyncpg.Connection',
  'asyncpg.create_pool': 'asyncpg.Pool',
  'asyncpg.Pool.acquire': 'asyncpg.Connection',
  'aiopg.connect': 'aiopg.Connection',
  'aiopg.create_pool': 'aiopg.Pool',
  'aiopg.Pool.acquire': 'aiopg.Connection',
  'aiopg.Connection.cursor': 'aiopg.Cursor',
  'aiomysql.connect': 'aiomysql.Connection',
  'aiomysql.create_pool': 'aiomysql.Pool',
  'aiomysql.Pool.acquire': 'aiomysql.Connection',
  'aiomysql.Connection.cursor': 'aiomysql.Cursor',
  'aiosqlite.connect': 'aiosqlite.Connection',
  'aiosqlite.Connection.execute': 'aiosqlite.Cursor',
  'aiosqlite.Connection.cursor': 'aiosqlite.Cursor',
  // python-telegram-bot 20+: `file = await photo.get_file()`, then `await file.download_to_drive()`.
  ...Object.fromEntries([...PTB_FILE_OWNERS, 'telegram.Bot'].map((owner) => [`${owner}.get_file`, 'telegram.File'])),
};

/** What a function or method returns, by canonical dotted name. */
export const RETURN_TYPES: Record<string, string> = {
  // PyGithub's look-ups return the objects whose methods the catalog lists; praw's are lazy objects.
  'github.Github.get_repo': 'github.Repository.Repository',
  ...Object.fromEntries(['get_pull', 'create_pull'].map((method) => [`github.Repository.Repository.${method}`, 'github.PullRequest.PullRequest'])),
  ...Object.fromEntries(['get_issue', 'create_issue'].map((method) => [`github.Repository.Repository.${method}`, 'github.Issue.Issue'])),
  ...Object.fromEntries(['get', 'create'].map((method) => [`gitlab.Gitlab.projects.${method}`, GITLAB_PROJECT])),
  ...Object.fromEntries(['get', 'create'].map((method) => [`${GITLAB_PROJECT}.mergerequests.${method}`, GITLAB_MERGE_REQUEST])),
  'supabase.create_client': 'supabase.Client',
  ...Object.fromEntries(['table', 'from_', 'rpc', 'schema'].map((method) => [`supabase.Client.${method}`, SUPABASE_QUERY])),
  'praw.Reddit.subreddit': 'praw.models.Subreddit',
  'praw.Reddit.submission': 'praw.models.Submission',
  'praw.Reddit.comment': 'praw.models.Comment',
  'XenAPI.xapi_local': XMLRPC_PROXY,
  // A labelled metric's child is a metric of the same kind.
  ...Object.fromEntries(PROMETHEUS_METRICS.map((metric) => [`prometheus_client.${metric}.labels`, `prometheus_client.${metric}`])),
  'paho.mqtt.client.Client.publish': 'paho.mqtt.client.MQTTMessageInfo',
  'docker.from_env': 'docker.DockerClient',
  'paramiko.SSHClient.open_sftp': 'paramiko.SFTPClient',
  'paramiko.SFTPClient.from_transport': 'paramiko.SFTPClient',
  'paramiko.SSHClient.invoke_shell': 'paramiko.Channel',
  'fabric.Connection.sftp': 'paramiko.SFTPClient',
  // edgedb's (now gel's) sync client, lazy until its first query; the legacy `connect()` connects at once.
  'edgedb.connect': 'edgedb.BlockingIOConnection',
  'edgedb.create_client': 'edgedb.Client',
  'gel.create_client': 'gel.Client',
  // python-chess's sync engine wrapper, started by its class methods.
  'pyttsx3.init': 'pyttsx3.Engine',
  'pyaudio.PyAudio.open': 'pyaudio.Stream',
  'chess.engine.SimpleEngine.popen_uci': 'chess.engine.SimpleEngine',
  'chess.engine.SimpleEngine.popen_xboard': 'chess.engine.SimpleEngine',
  // ffmpeg-python: a process started in the background; python-ffmpeg's builder returns itself.
  'ffmpeg.run_async': 'subprocess.Popen',
  'ffmpeg.Stream.run_async': 'subprocess.Popen',
  ...Object.fromEntries(['option', 'input', 'output'].map((method) => [`ffmpeg.FFmpeg.${method}`, 'ffmpeg.FFmpeg'])),
  ...Object.fromEntries(['from_file', 'from_mp3', 'from_ogg', 'from_flv', 'from_wav', 'from_raw', 'empty', 'silent'].map((method) => [`pydub.AudioSegment.${method}`, 'pydub.AudioSegment'])),
  'pulsar.Client.create_producer': 'pulsar.Producer',
  'pyvisa.ResourceManager.open_resource': 'pyvisa.resources.Resource',
  'opcua.Client.get_node': 'opcua.Node',
  'opcua.Client.get_root_node': 'opcua.Node',
  'opcua.Client.get_objects_node': 'opcua.Node',
  'opcua.Node.get_child': 'opcua.Node',
  'asyncua.sync.Client.get_node': 'asyncua.sync.SyncNode',
  'asyncua.sync.Client.get_root_node': 'asyncua.sync.SyncNode',
  'asyncua.sync.Client.get_objects_node': 'asyncua.sync.SyncNode',
  'asyncua.sync.SyncNode.get_child': 'asyncua.sync.SyncNode',
  'BAC0.lite': 'BAC0.scripts.Lite.Lite',
  'BAC0.connect': 'BAC0.scripts.Lite.Lite',
  'pulsar.Client.subscribe': 'pulsar.Consumer',
  'pulsar.Client.create_reader': 'pulsar.Reader',
  'docker.client.from_env': 'docker.DockerClient',
  ...Object.fromEntries(['run', 'create', 'get'].map((method) => [`docker.models.containers.ContainerCollection.${method}`, 'docker.models.containers.Container'])),
  'trio.open_nursery': 'trio.Nursery',
  'anyio.create_task_group': 'anyio.abc.TaskGroup',
  'whisper.load_model': 'whisper.model.Whisper',
  [`${TRANSCRIPT_API}.list`]: TRANSCRIPT_LIST,
  [`${TRANSCRIPT_API}.list_transcripts`]: TRANSCRIPT_LIST,
  ...Object.fromEntries(['find_transcript', 'find_generated_transcript', 'find_manually_created_transcript'].map((method) => [`${TRANSCRIPT_LIST}.${method}`, TRANSCRIPT])),
  [`${TRANSCRIPT}.translate`]: TRANSCRIPT,
  ...Object.fromEntries(PYTUBE_QUERY_METHODS.map((method) => [`${PYTUBE_STREAM_QUERY}.${method}`, PYTUBE_STREAM_QUERY])),
  ...Object.fromEntries(PYTUBE_STREAM_PICKS.map((method) => [`${PYTUBE_STREAM_QUERY}.${method}`, 'pytube.Stream'])),
  'multiprocessing.get_context': 'multiprocessing.context.BaseContext',
  'websocket.create_connection': 'websocket.WebSocket',
  'serial.serial_for_url': 'serial.Serial',
  'clickhouse_driver.Client.from_url': 'clickhouse_driver.Client',
  // clickhouse-connect's HTTP client, connected as it is made (it asks the server its version and settings).
  'clickhouse_connect.get_client': CLICKHOUSE_CONNECT_CLIENT,
  'clickhouse_connect.create_client': CLICKHOUSE_CONNECT_CLIENT,
  'googleapiclient.discovery.build': GOOGLE_API_RESOURCE,
  'netmiko.ConnectHandler': NETMIKO_CONNECTION,
  [`${WEB3.eth}.contract`]: WEB3.contract,
  [`${WEB3.eth}.filter`]: WEB3.filter,
  ...Object.fromEntries(['create_filter', 'createFilter'].map((method) => [`${WEB3.event}.${method}`, WEB3.filter])),
  'googleapiclient.discovery.build_from_document': GOOGLE_API_RESOURCE,
  'boto3.client': 'botocore.client.BaseClient',
  'boto3.Session.client': 'botocore.client.BaseClient',
  'botocore.session.Session.create_client': 'botocore.client.BaseClient',
  'pika.BlockingConnection.channel': 'pika.BlockingChannel',
  'zmq.Context.instance': 'zmq.Context',
  'zmq.Context.socket': 'zmq.Socket',
  'builtins.open': 'io.IOBase',
  'io.open': 'io.IOBase',
  'io.open_code': 'io.IOBase',
  'codecs.open': 'io.IOBase',
  'gzip.open': 'io.IOBase',
  'bz2.open': 'io.IOBase',
  'lzma.open': 'io.IOBase',
  'os.fdopen': 'io.IOBase',
  'tempfile.TemporaryFile': 'io.IOBase',
  'tempfile.NamedTemporaryFile': 'io.IOBase',
  'pathlib.Path.open': 'io.IOBase',
  'requests.session': 'requests.Session',
  'sqlite3.connect': 'sqlite3.Connection',
  'sqlite3.Connection.cursor': 'sqlite3.Cursor',
  'sqlite3.Connection.execute': 'sqlite3.Cursor',
  'sqlite3.Connection.executemany': 'sqlite3.Cursor',
  'sqlite3.Cursor.execute': 'sqlite3.Cursor',
  'psycopg2.connect': 'psycopg2.Connection',
  'psycopg.connect': 'psycopg2.Connection',
  'psycopg2.Connection.cursor': 'dbapi.Cursor',
  'pymysql.connect': 'pymysql.Connection',
  'pymysql.Connection.cursor': 'dbapi.Cursor',
  'MySQLdb.connect': 'pymysql.Connection',
  'mysql.connector.connect': 'pymysql.Connection',
  'oracledb.connect': 'pymysql.Connection',
  'cx_Oracle.connect': 'pymysql.Connection',
  'pyodbc.connect': 'pymysql.Connection',
  'pwdlib.PasswordHash.recommended': 'pwdlib.PasswordHash',
  'passlib.context.CryptContext.copy': 'passlib.context.CryptContext',
  'pymongo.MongoClient.get_database': 'pymongo.database.Database',
  'pymongo.MongoClient.get_default_database': 'pymongo.database.Database',
  'pymongo.database.Database.get_collection': 'pymongo.collection.Collection',
  'pymongo.database.Database.create_collection': 'pymongo.collection.Collection',
  'pymongo.collection.Collection.with_options': 'pymongo.collection.Collection',
  ...Object.fromEntries(
    Object.entries(ASYNC_MONGO).flatMap(([client, { database, collection }]) => [
      [`${client}.get_database`, database],
      [`${client}.get_default_database`, database],
      [`${database}.get_collection`, collection],
      [`${collection}.with_options`, collection],
    ]),
  ),
  'selenium.webdriver.Remote.find_element': 'selenium.webdriver.remote.webelement.WebElement',
  'selenium.webdriver.remote.webelement.WebElement.find_element': 'selenium.webdriver.remote.webelement.WebElement',
  'gspread.service_account': 'gspread.Client',
  'gspread.service_account_from_dict': 'gspread.Client',
  'gspread.authorize': 'gspread.Client',
  'gspread.oauth': 'gspread.Client',
  'gspread.Client.open': 'gspread.Spreadsheet',
  'gspread.Client.open_by_key': 'gspread.Spreadsheet',
  'gspread.Client.open_by_url': 'gspread.Spreadsheet',
  'gspread.Client.create': 'gspread.Spreadsheet',
  'gspread.Spreadsheet.worksheet': 'gspread.Worksheet',
  'gspread.Spreadsheet.get_worksheet': 'gspread.Worksheet',
  'gspread.Spreadsheet.get_worksheet_by_id': 'gspread.Worksheet',
  'gspread.Spreadsheet.add_worksheet': 'gspread.Worksheet',
  'google.generativeai.GenerativeModel.start_chat': 'google.generativeai.ChatSession',
  'google.genai.Client.chats.create': 'google.genai.chats.Chat',
  'redis.from_url': 'redis.Redis',
  // Commands on a pipeline are buffered; only its `execute()` talks to the server.
  'redis.Redis.pipeline': 'redis.client.Pipeline',
  'redis.Redis.from_url': 'redis.Redis',
  'sqlalchemy.create_engine': 'sqlalchemy.Engine',
  'sqlalchemy.Engine.connect': 'sqlalchemy.Connection',
  'sqlalchemy.Engine.begin': 'sqlalchemy.Connection',
  'sqlalchemy.orm.sessionmaker.begin': 'sqlalchemy.orm.Session',
  'sqlalchemy.ext.asyncio.async_sessionmaker.begin': 'sqlalchemy.ext.asyncio.AsyncSession',
  'celery.Celery.AsyncResult': 'celery.result.AsyncResult',
  'celery.Celery.send_task': 'celery.result.AsyncResult',
  'socket.create_connection': 'socket.socket',
  'socket.create_server': 'socket.socket',
  'ssl.wrap_socket': 'socket.socket',
  'ssl.SSLContext.wrap_socket': 'socket.socket',
  'concurrent.futures.ThreadPoolExecutor.submit': 'concurrent.futures.Future',
  'concurrent.futures.ProcessPoolExecutor.submit': 'concurrent.futures.Future',
  'asyncio.run_coroutine_threadsafe': 'concurrent.futures.Future',
  'pathlib.Path.resolve': 'pathlib.Path',
  'pathlib.Path.absolute': 'pathlib.Path',
  'pathlib.Path.joinpath': 'pathlib.Path',
  'pathlib.Path.with_name': 'pathlib.Path',
  'pathlib.Path.with_suffix': 'pathlib.Path',
  'pathlib.Path.with_stem': 'pathlib.Path',
  'pathlib.Path.expanduser': 'pathlib.Path',
  'pathlib.Path.relative_to': 'pathlib.Path',
  'pathlib.Path.home': 'pathlib.Path',
  'pathlib.Path.cwd': 'pathlib.Path',
  'asyncio.create_subprocess_exec': 'asyncio.subprocess.Process',
  'asyncio.create_subprocess_shell': 'asyncio.subprocess.Process',
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.events.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.events.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.Runner.get_loop': 'asyncio.AbstractEventLoop',
  'asyncio.create_task': 'asyncio.Task',
  'asyncio.ensure_future': 'asyncio.Task',
  'asyncio.AbstractEventLoop.create_task': 'asyncio.Task',
  'asyncio.AbstractEventLoop.create_future': 'asyncio.Future',
  ...Object.fromEntries(LIBRARY_FILE_RETURNS),
  ...Object.fromEntries(DJANGO_QUERYSET_RETURNS),
};

/**
 * What calling an object of the class returns: a `sessionmaker` makes sessions (`SessionLocal()`), as
 * a `scoped_session` registry does (known as the Session whose methods it proxies); the same for their
 * asyncio twins.
 */
export const CALL_RESULT_TYPES: Record<string, string> = {
  'sqlalchemy.orm.sessionmaker': 'sqlalchemy.orm.Session',
  'sqlalchemy.orm.Session': 'sqlalchemy.orm.Session',
  'sqlalchemy.ext.asyncio.async_sessionmaker': 'sqlalchemy.ext.asyncio.AsyncSession',
  'sqlalchemy.ext.asyncio.AsyncSession': 'sqlalchemy.ext.asyncio.AsyncSession',
};
/** Words a module must contain to make such an object (a cheap test before any inference). */
export const CALL_RESULT_MENTIONS = ['sessionmaker', 'scoped_session'];

/**
 * Factories whose product an argument may change (its keyword, and its position): typed only without
 * it (`sessionmaker(engine, class_=AsyncSession)` makes async sessions).
 */
export const TYPE_CHOSEN_BY_ARGUMENT: Record<string, { keyword: string; position: number }> = {
  'sqlalchemy.orm.sessionmaker': { keyword: 'class_', position: 1 },
};

/** Twilio's REST resources whose `create`, `list`, `stream` and `page` send a request. */
export const TWILIO_RESOURCES = ['messages', 'calls', 'conferences', 'recordings', 'incoming_phone_numbers', 'available_phone_numbers', 'queues'];

/**
 * The request-making resources of sync API clients (AI services, Twilio), by attribute path (`client.chat.completions`):
 * each path is its own type, named after it (`openai.OpenAI.chat.completions`), whose methods the
 * catalog lists.
 */
export const CLIENT_RESOURCES: Record<string, readonly string[]> = {
  'openai.OpenAI': [
    'chat', 'chat.completions', 'completions', 'embeddings', 'images', 'audio', 'audio.transcriptions',
    'audio.translations', 'audio.speech', 'moderations', 'files', 'models', 'responses', 'batches',
  ],
  'anthropic.Anthropic': ['messages', 'completions'],
  // google-genai's sync client (its async twin is `client.aio`), g4f's OpenAI-style one.
  'google.genai.Client': ['models', 'chats', 'files'],
  'g4f.client.Client': ['chat', 'chat.completions', 'images'],
  // Twilio's REST client: `client.messages.create(...)`, `client.calls.list()`.
  'twilio.rest.Client': TWILIO_RESOURCES,
  ...GITLAB_MANAGERS,
  'praw.Reddit': ['user'],
};

/** `message.photo`: the sizes of a photo, a tuple of `PhotoSize` (`message.photo[-1]` the largest). */
const PTB_PHOTO_SIZES = 'tuple[telegram.PhotoSize]';

/** Attributes (not calls) with a known type. */
export const ATTRIBUTE_TYPES: Record<string, string> = {
  'ffmpeg.Stream.audio': 'ffmpeg.Stream',
  'ffmpeg.Stream.video': 'ffmpeg.Stream',
  [`${WEB3.client}.eth`]: WEB3.eth,
  [`${WEB3.contract}.functions`]: WEB3.functions,
  [`${WEB3.contract}.events`]: WEB3.events,
  'docker.DockerClient.containers': 'docker.models.containers.ContainerCollection',
  'docker.DockerClient.images': 'docker.models.images.ImageCollection',
  'paramiko.ChannelFile.channel': 'paramiko.Channel',
  'pathlib.Path.parent': 'pathlib.Path',
  // A property that fetches the spreadsheet's metadata and gives its first worksheet.
  'gspread.Spreadsheet.sheet1': 'gspread.Worksheet',
  'aiogram.types.Message.bot': 'aiogram.Bot',
  'aiogram.types.CallbackQuery.bot': 'aiogram.Bot',
  'aiogram.types.CallbackQuery.message': 'aiogram.types.Message',
  // python-telegram-bot: what a handler's `update` and `context` hold.
  'pytube.YouTube.streams': PYTUBE_STREAM_QUERY,
  'telegram.Update.message': 'telegram.Message',
  'telegram.Update.edited_message': 'telegram.Message',
  'telegram.Update.effective_message': 'telegram.Message',
  'telegram.Update.channel_post': 'telegram.Message',
  'telegram.Update.callback_query': 'telegram.CallbackQuery',
  'telegram.CallbackQuery.message': 'telegram.Message',
  'telegram.Message.reply_to_message': 'telegram.Message',
  'telegram.Message.photo': PTB_PHOTO_SIZES,
  'telegram.Message.document': 'telegram.Document',
  'telegram.Message.video': 'telegram.Video',
  'telegram.Message.audio': 'telegram.Audio',
  'telegram.Message.voice': 'telegram.Voice',
  'telegram.Message.sticker': 'telegram.Sticker',
  'telegram.ext.CallbackContext.bot': 'telegram.Bot',
  'telegram.ext.ContextTypes.DEFAULT_TYPE.bot': 'telegram.Bot',
  'telegram.ext.Application.bot': 'telegram.Bot',
  ...Object.fromEntries(
    Object.entries(CLIENT_RESOURCES).flatMap(([client, paths]) => paths.map((path) => [`${client}.${path}`, `${client}.${path}`])),
  ),
};

const MONGO_CLIENT_MEMBERS = [
  'address', 'arbiters', 'bulk_write', 'close', 'codec_options', 'drop_database', 'get_database', 'get_default_database',
  'HOST', 'PORT', 'is_mongos', 'is_primary', 'list_database_names', 'list_databases', 'nodes', 'options', 'primary',
  'read_concern', 'read_preference', 'secondaries', 'server_info', 'start_session', 'topology_description', 'watch',
  'write_concern',
];
const MONGO_DATABASE_MEMBERS = [
  'aggregate', 'client', 'codec_options', 'command', 'create_collection', 'cursor_command', 'dereference',
  'drop_collection', 'get_collection', 'list_collection_names', 'list_collections', 'name', 'read_concern',
  'read_preference', 'validate_collection', 'watch', 'with_options', 'write_concern',
];
const MONGO_COLLECTION_MEMBERS = [
  'aggregate', 'bulk_write', 'codec_options', 'count_documents', 'create_index', 'create_indexes', 'database',
  'delete_many', 'delete_one', 'distinct', 'drop', 'drop_index', 'drop_indexes', 'estimated_document_count', 'find',
  'find_one', 'find_one_and_delete', 'find_one_and_replace', 'find_one_and_update', 'full_name', 'index_information',
  'insert_many', 'insert_one', 'list_indexes', 'name', 'options', 'read_concern', 'read_preference', 'rename',
  'replace_one', 'update_many', 'update_one', 'watch', 'with_options', 'write_concern',
];

/**
 * Classes whose other attributes, and items, are objects of another class: pymongo's `client.shop`
 * and `client["shop"]` are databases, `db.orders` and `db["orders"]` collections (a collection's
 * `coll.archive` a sub-collection). `members` are the class's own attributes, which are not.
 */
export const ITEM_TYPES: Record<string, { type: string; members: ReadonlySet<string> }> = {
  // `proxy.system` is a proxy of the server's `system.*` methods.
  [XMLRPC_PROXY]: { type: XMLRPC_PROXY, members: new Set() },
  // `contract.events.Transfer`: the contract's event of that name.
  [WEB3.events]: { type: WEB3.event, members: new Set() },
  [PTB_PHOTO_SIZES]: { type: 'telegram.PhotoSize', members: new Set(['count', 'index']) },
  [PYTUBE_STREAM_QUERY]: { type: 'pytube.Stream', members: new Set([...PYTUBE_QUERY_METHODS, ...PYTUBE_STREAM_PICKS, 'count', 'index', 'fmt_streams', 'itag_index']) },
  'pymongo.MongoClient': { type: 'pymongo.database.Database', members: new Set(MONGO_CLIENT_MEMBERS) },
  'pymongo.database.Database': { type: 'pymongo.collection.Collection', members: new Set(MONGO_DATABASE_MEMBERS) },
  'pymongo.collection.Collection': { type: 'pymongo.collection.Collection', members: new Set(MONGO_COLLECTION_MEMBERS) },
  ...Object.fromEntries(
    Object.entries(ASYNC_MONGO).flatMap(([client, { database, collection }]) => [
      [client, { type: database, members: new Set([...MONGO_CLIENT_MEMBERS, ...MOTOR_MEMBERS]) }],
      [database, { type: collection, members: new Set([...MONGO_DATABASE_MEMBERS, ...MOTOR_MEMBERS]) }],
      [collection, { type: collection, members: new Set([...MONGO_COLLECTION_MEMBERS, ...MOTOR_MEMBERS]) }],
    ]),
  ),
};

const FFMPEG_STREAM = 'ffmpeg.Stream';
/** What ffmpeg-python's streams do besides building: run ffmpeg, or give its command line. */
const FFMPEG_RUNNERS = ['run', 'run_async', 'compile', 'get_args', 'view'];

/**
 * Classes whose methods are made at run time from a schema, each call giving an object of another class: a Google API
 * resource's `service.files()` (a resource, until `execute()`), a web3.py contract's `functions.balanceOf(owner)` (the
 * function bound to its arguments, until `call()`), an ffmpeg-python stream's filters.
 */
const DYNAMIC_METHOD_RESULTS: Record<string, { type: string; except: ReadonlySet<string> }> = {
  [GOOGLE_API_RESOURCE]: { type: GOOGLE_API_RESOURCE, except: new Set(['execute']) },
  [WEB3.functions]: { type: WEB3.function, except: new Set() },
  // ffmpeg-python: every filter and output, as a module function or a method, gives a stream to build on.
  ffmpeg: { type: FFMPEG_STREAM, except: new Set([...FFMPEG_RUNNERS, 'probe', 'Error', 'nodes', 'dag', 'asyncio', 'FFmpeg', 'Progress']) },
  [FFMPEG_STREAM]: { type: FFMPEG_STREAM, except: new Set(FFMPEG_RUNNERS) },
  // supabase-py's sync query builder: `table(...)`, `select(...)`, `eq(...)`… build on it until `execute()` sends it.
  [SUPABASE_QUERY]: { type: SUPABASE_QUERY, except: new Set(['execute']) },
};

/** The type a call of `target` (`Type.method`) gives when `Type`'s methods are made at run time (see DYNAMIC_METHOD_RESULTS). */
export function dynamicMethodResult(target: string): string | undefined {
  const dot = target.lastIndexOf('.');
  const dynamic = dot > 0 ? DYNAMIC_METHOD_RESULTS[target.slice(0, dot)] : undefined;
  const method = target.slice(dot + 1);
  return dynamic && !method.startsWith('_') && !dynamic.except.has(method) ? dynamic.type : undefined;
}

/** `client.shop` → a database; not `client.close`, nor a private name. */
export function typeOfMember(objectType: string, attribute: string): string | undefined {
  const known = ATTRIBUTE_TYPES[`${objectType}.${attribute}`];
  if (known) return known;
  const items = ITEM_TYPES[objectType];
  return items && !attribute.startsWith('_') && !items.members.has(attribute) ? items.type : undefined;
}

/** ccxt's sync exchange classes, one per exchange id (`ccxt.binance`, `ccxt.kraken`): not `ccxt.async_support.*`. */
const CCXT_EXCHANGE = /^ccxt\.[a-z][a-z0-9]*$/;

/** `kubernetes.client.CoreV1Api`, also as `kubernetes.client.api.core_v1_api.CoreV1Api`; not `ApiClient`. */
const KUBERNETES_API_CLASS = /^kubernetes\.client\.(?:api\.(?:\w+\.)?)?[A-Z]\w*Api$/;

export function canonicalType(name: string): string {
  const aliased = TYPE_ALIASES[name];
  if (aliased) return aliased;
  if (name.startsWith('ccxt.') && CCXT_EXCHANGE.test(name)) return 'ccxt.Exchange';
  if (name.startsWith('kubernetes.client.') && KUBERNETES_API_CLASS.test(name)) return KUBERNETES_API;
  return name;
}
