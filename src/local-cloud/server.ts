/**
 * The local cloud's HTTP(S) server: an AWS endpoint on 127.0.0.1 that the AWS SDK v3 clients and the
 * `aws` CLI talk to unchanged. Every request gets a request ID, is read with a body limit, authenticated
 * with SigV4 and dispatched to the handlers registered by the services.
 *
 *   const cloud = await startLocalCloud({
 *     credentials: (accessKeyId) => keys.get(accessKeyId),
 *     services: (registry) => registry.query('sts', 'GetCallerIdentity', getCallerIdentity),
 *   });
 *   new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials });
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CredentialLookup } from './auth/credentials.js';
import { Dispatcher } from './http/dispatch.js';
import { LocalCloudError } from './http/errors.js';
import { createServiceRegistry, type ServiceRegistry } from './http/registry.js';
import { BodyTooLarge, bodyTooLargeError, declaredLength, readBody, readHead } from './http/request.js';
import type { HttpResponse } from './http/types.js';
import { loadOrCreateTls } from './tls.js';

/** Largest request head (request line + headers) accepted; bigger ones are answered 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface ServiceEnvironment {
  /** Directory services may keep state in (it outlives the server unless the cloud is ephemeral). */
  readonly stateDir: string;
  readonly ephemeral: boolean;
  /** The server's clock. */
  readonly now: () => Date;
}

export interface LocalCloudOptions {
  /** HTTP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on; 127.0.0.1 unless given. */
  readonly host?: string;
  /** Also serve HTTPS (with a local CA kept in `<stateDir>/tls`); `{ port }` picks its port (0 = free). */
  readonly https?: boolean | { readonly port?: number };
  /** Where state (and the TLS files) live. Without it the cloud is ephemeral. */
  readonly stateDir?: string;
  /** Keep state in a temporary directory that `close()` removes. Implied when `stateDir` is not given. */
  readonly ephemeral?: boolean;
  /** The clock for SigV4 time checks, Date headers and handlers; the system clock unless given. */
  readonly now?: () => Date;
  /** Registers the service handlers (and, if not given below, the credential lookup); a returned promise is awaited. */
  readonly services?: (registry: ServiceRegistry, env: ServiceEnvironment) => unknown;
  /** Where access keys are looked up; without one every signed request is refused as an unknown key. */
  readonly credentials?: CredentialLookup;
  /** Host name for virtual-hosted-style S3 (`bucket.<hostname>:port`); `localhost` unless given. */
  readonly hostname?: string;
  /** Region of unsigned requests that name none; `us-east-1` unless given. */
  readonly defaultRegion?: string;
  /** Request-ID generator; a per-server counter in UUID form unless given. */
  readonly requestIds?: () => string;
  /** Called with errors handlers throw that are not AWS errors (clients get a 500 either way). */
  readonly onUnexpectedError?: (
    error: unknown,
    context: { requestId: string; service: string | undefined },
  ) => void;
}

export interface LocalCloud {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** `https://127.0.0.1:PORT`, when HTTPS is on. */
  readonly httpsEndpoint?: string;
  /** The CA that signed the HTTPS certificate, when HTTPS is on. */
  readonly caCertPem?: string;
  readonly stateDir: string;
  readonly ephemeral: boolean;
  close(): Promise<void>;
}

/** Request IDs in UUID form from a counter: unique per server, deterministic. */
export function counterRequestIds(): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

function writeResponse(
  res: ServerResponse,
  response: HttpResponse,
  options: { close?: boolean } = {},
): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (options.close) res.setHeader('connection', 'close');
  const { body } = response;
  if (body instanceof Readable) return pipeline(body, res);
  const bytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (!res.hasHeader('content-length')) res.setHeader('content-length', String(bytes?.length ?? 0));
  return new Promise((resolve) => res.end(bytes, () => resolve()));
}

interface ServeEnv {
  readonly dispatcher: Dispatcher;
  readonly now: () => Date;
  readonly nextRequestId: () => string;
  readonly secure: boolean;
  readonly onUnexpectedError: LocalCloudOptions['onUnexpectedError'];
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  env: ServeEnv,
  request: { requestId: string; now: Date; expectsContinue: boolean },
): Promise<void> {
  const { requestId, now, expectsContinue } = request;
  const head = readHead(req, env.secure);
  const plan = env.dispatcher.plan(head);
  const s3 = plan.classification.protocol === 'rest-xml';
  const declared = declaredLength(head);
  if (declared !== undefined && declared > plan.maxBodyBytes) {
    const error = bodyTooLargeError(plan.maxBodyBytes, s3);
    await writeResponse(res, env.dispatcher.errorResponse(plan, error, { requestId, now, head }), {
      close: true,
    });
    return;
  }
  if (expectsContinue) res.writeContinue();
  let body: Buffer;
  try {
    body = await readBody(req, plan.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      const error = bodyTooLargeError(plan.maxBodyBytes, s3);
      await writeResponse(res, env.dispatcher.errorResponse(plan, error, { requestId, now, head }), {
        close: true,
      });
    } else {
      res.destroy();
    }
    return;
  }
  const response = await env.dispatcher.handle({ head, body, plan, requestId, now });
  await writeResponse(res, response);
}

function requestListener(env: ServeEnv, expectsContinue: boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.sendDate = false; // the Date header comes from the cloud's clock
    const requestId = env.nextRequestId();
    serve(req, res, env, { requestId, now: env.now(), expectsContinue }).catch((err: unknown) => {
      env.onUnexpectedError?.(err, { requestId, service: undefined });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('connection', 'close');
        res.end();
      } else {
        res.destroy();
      }
    });
  };
}

/** Malformed requests and oversize heads never reach a handler: answer 431/400 and drop the connection. */
function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function configure(server: Server, env: ServeEnv): Server {
  server.on('request', requestListener(env, false));
  server.on('checkContinue', requestListener(env, true));
  server.on('clientError', onClientError);
  return server;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        new LocalCloudError(
          'LocalCloudListenFailed',
          `The local cloud could not listen on ${host}:${port}: ${err.message}`,
          {
            hint:
              err.code === 'EADDRINUSE'
                ? `Another process uses port ${port}; stop it or pass port: 0 to pick a free port.`
                : 'Check the host and port options.',
            cause: err,
          },
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function prepareStateDir(
  options: LocalCloudOptions,
): Promise<{ stateDir: string; ephemeral: boolean }> {
  if (options.stateDir !== undefined && options.ephemeral === true) {
    throw new LocalCloudError('LocalCloudOptionsConflict', 'stateDir and ephemeral: true were both given.', {
      hint: 'Pass stateDir to keep state between runs, or ephemeral: true for a throw-away cloud, not both.',
    });
  }
  if (options.stateDir === undefined) {
    return { stateDir: await mkdtemp(join(tmpdir(), 'fleetpipe-local-cloud-')), ephemeral: true };
  }
  try {
    await mkdir(options.stateDir, { recursive: true });
  } catch (err) {
    throw new LocalCloudError(
      'LocalCloudStateDirUnusable',
      `Cannot create the state directory ${options.stateDir}.`,
      {
        hint: 'Pass a stateDir the current user can write to.',
        cause: err,
      },
    );
  }
  return { stateDir: options.stateDir, ephemeral: false };
}

/** Starts the local cloud; resolves once it listens. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const { stateDir, ephemeral } = await prepareStateDir(options);
  const servers: Server[] = [];
  const cleanup = async () => {
    await Promise.all(servers.map(closeServer));
    if (ephemeral) await rm(stateDir, { recursive: true, force: true });
  };
  try {
    const registry = createServiceRegistry();
    await options.services?.(registry, { stateDir, ephemeral, now });
    if (options.credentials && registry.credentialLookup) {
      throw new LocalCloudError('LocalCloudCredentialsConflict', 'Two credential lookups were given.', {
        hint: 'Pass credentials to startLocalCloud or call registry.setCredentialLookup() in services, not both.',
      });
    }
    const dispatcher = new Dispatcher({
      registry,
      credentials: options.credentials ?? registry.credentialLookup ?? (() => undefined),
      hostname: options.hostname ?? 'localhost',
      defaultRegion: options.defaultRegion ?? 'us-east-1',
      onUnexpectedError: options.onUnexpectedError,
    });
    const nextRequestId = options.requestIds ?? counterRequestIds();

    const http = configure(createHttpServer({ maxHeaderSize: MAX_HEADER_BYTES }), {
      dispatcher,
      now,
      nextRequestId,
      secure: false,
      onUnexpectedError: options.onUnexpectedError,
    });
    servers.push(http);
    const port = await listen(http, options.port ?? 0, host);
    const endpoint = `http://${urlHost(host)}:${port}`;

    if (!options.https) {
      return { endpoint, stateDir, ephemeral, close: cleanup };
    }
    const tls = await loadOrCreateTls({ dir: join(stateDir, 'tls'), now: now() });
    const https = configure(
      createHttpsServer({ key: tls.keyPem, cert: tls.certPem, maxHeaderSize: MAX_HEADER_BYTES }),
      {
        dispatcher,
        now,
        nextRequestId,
        secure: true,
        onUnexpectedError: options.onUnexpectedError,
      },
    );
    servers.push(https);
    const httpsPort = await listen(
      https,
      typeof options.https === 'object' ? (options.https.port ?? 0) : 0,
      host,
    );
    return {
      endpoint,
      httpsEndpoint: `https://${urlHost(host)}:${httpsPort}`,
      caCertPem: tls.caCertPem,
      stateDir,
      ephemeral,
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
