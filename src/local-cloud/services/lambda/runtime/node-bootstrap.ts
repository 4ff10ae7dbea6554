/**
 * The program a Node.js function process runs (written to `<workDir>/runtime/bootstrap.mjs`; embedded here
 * because lib/ is a single esbuild bundle). It plays Lambda's runtime interface client:
 *
 * - init: loads the handler module as Lambda's nodejs runtime does (`x.js` by the nearest package.json
 *   "type", `x.mjs` imported, `x.cjs` required, else Node's resolution), then the handler by its dotted path;
 *   failures are `Runtime.ImportModuleError`, `Runtime.HandlerNotFound`, `Runtime.UserCodeSyntaxError`,
 *   `Runtime.MalformedHandlerName` (and `Runtime.CallbackHandlerDeprecated` from nodejs24.x on).
 * - invoke: calls `handler(event, context, callback)`; a promise settles it, else the callback (after the
 *   event loop empties while `callbackWaitsForEmptyEventLoop`), else an empty event loop (`null`).
 * - console.* becomes `<ISO time>\t<request id>\t<LEVEL>\t<message>` log events.
 *
 * Protocol: JSON lines over fd 3, both ways. Parent → child `{t:'invoke', id, event, deadline,
 * invokedFunctionArn, clientContext, flush}`; child → parent `{t:'ready'}`, `{t:'initError', error}`,
 * `{t:'log', line}`, `{t:'result'|'error', id, payload|error, maxRssKb, fatal?}` (fatal: the process
 * exits next). Before each result the child writes the `flush` marker to stdout and stderr, so the parent
 * knows it has all output of the invocation.
 * The fd 3 socket is unref'd while a handler runs: `beforeExit` then means "event loop empty".
 *
 * A resolve hook lets ESM handlers import the AWS SDK from `<runtime>/node_modules` (ESM ignores NODE_PATH).
 */

export const NODE_SDK_HOOKS_SOURCE = String.raw`
let anchor;
export async function initialize(data) {
  anchor = data && data.anchor;
}
function isBare(specifier) {
  return !/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (!anchor || !err || err.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw err;
    try {
      return await nextResolve(specifier, { ...context, parentURL: anchor });
    } catch {
      throw err;
    }
  }
}
`;

export const NODE_BOOTSTRAP_SOURCE = String.raw`
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

const env = process.env;
const taskRoot = env.LAMBDA_TASK_ROOT;
const handlerString = env._HANDLER || '';
const runtimeName = (env.AWS_EXECUTION_ENV || '').replace(/^AWS_Lambda_/, '');
const nodeMajor = Number((/^nodejs(\d+)\.x$/.exec(runtimeName) || [])[1] || 0);
const callbacksRemoved = nodeMajor >= 24;
const require = createRequire(import.meta.url);

if (typeof register === 'function') {
  register(new URL('./sdk-hooks.mjs', import.meta.url), {
    data: { anchor: new URL('./sdk-anchor.mjs', import.meta.url).href },
  });
}

// ---- channel ----------------------------------------------------------------------------------------
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
channel.setEncoding('utf8');
channel.on('error', () => process.exit(0));
channel.on('end', () => process.exit(0));
function send(message) {
  try {
    channel.write(JSON.stringify(message) + '\n');
  } catch {}
}
let pending = '';
let onMessage = () => {};
channel.on('data', (chunk) => {
  pending += chunk;
  let newline = pending.indexOf('\n');
  while (newline >= 0) {
    const line = pending.slice(0, newline);
    pending = pending.slice(newline + 1);
    if (line) onMessage(JSON.parse(line));
    newline = pending.indexOf('\n');
  }
});

// ---- logging ----------------------------------------------------------------------------------------
let requestId = 'undefined';
function logLine(level, message) {
  send({ t: 'log', line: new Date().toISOString() + '\t' + requestId + '\t' + level + '\t' + message });
}
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG']]) {
  console[method] = (...args) => logLine(level, util.format(...args));
}
console.trace = (...args) => {
  const stack = (new Error().stack || '').split('\n').slice(2).join('\n');
  logLine('TRACE', 'Trace: ' + util.format(...args) + '\n' + stack);
};

// ---- errors -----------------------------------------------------------------------------------------
function isErrorLike(err) {
  return err instanceof Error || (err !== null && typeof err === 'object' && 'message' in err && 'name' in err);
}
function errorPayload(err) {
  try {
    if (isErrorLike(err)) {
      return {
        errorType: String(err.name),
        errorMessage: String(err.message),
        trace: typeof err.stack === 'string' ? err.stack.split('\n') : [],
      };
    }
    return { errorType: typeof err, errorMessage: String(err), trace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: 'the error thrown could not be read', trace: [] };
  }
}
function logPayload(payload) {
  return JSON.stringify({ errorType: payload.errorType, errorMessage: payload.errorMessage, stack: payload.trace });
}
class RuntimeError extends Error {
  constructor(type, message, cause) {
    super(message);
    this.name = type;
    const frames = cause && typeof cause.stack === 'string' ? cause.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
    this.stack = [type + ': ' + message, ...frames].join('\n');
  }
}

// ---- init -------------------------------------------------------------------------------------------
function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
function packageType(file) {
  let dir = path.dirname(file);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type;
      } catch {
        return undefined;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
function importFile(file) {
  return import(pathToFileURL(file).href);
}
async function loadModule(moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (isFile(base)) return require(base);
  if (isFile(base + '.js')) return packageType(base + '.js') === 'module' ? importFile(base + '.js') : require(base + '.js');
  if (isFile(base + '.mjs')) return importFile(base + '.mjs');
  if (isFile(base + '.cjs')) return require(base + '.cjs');
  let resolved;
  try {
    resolved = require.resolve(moduleName, { paths: [path.resolve(taskRoot, moduleRoot), taskRoot] });
  } catch {
    throw new RuntimeError(
      'Runtime.ImportModuleError',
      "Error: Cannot find module '" + moduleName + "'\nRequire stack:\n- /var/runtime/index.mjs",
    );
  }
  return resolved.endsWith('.mjs') ? importFile(resolved) : require(resolved);
}
async function loadHandler() {
  if (handlerString.includes('..')) {
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      "'" + handlerString + "' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    );
  }
  const slash = handlerString.lastIndexOf('/');
  const moduleRoot = handlerString.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(handlerString.slice(slash + 1));
  if (!match || !match[1] || !match[2]) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  let loaded;
  try {
    loaded = await loadModule(moduleRoot, match[1]);
  } catch (err) {
    if (err instanceof RuntimeError) throw err;
    if (err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND')) {
      throw new RuntimeError('Runtime.ImportModuleError', String(err), err);
    }
    if (err instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', String(err), err);
    throw err;
  }
  let fn = loaded;
  for (const part of match[2].split('.')) fn = fn === undefined || fn === null ? undefined : fn[part];
  if (fn === undefined || fn === null) {
    throw new RuntimeError('Runtime.HandlerNotFound', handlerString + ' is undefined or not exported');
  }
  if (typeof fn !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', handlerString + ' is not a function');
  if (callbacksRemoved && fn.length > 2) {
    throw new RuntimeError(
      'Runtime.CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. ' +
        'You need to modify this function to use a supported handler signature to use Node.js 24 or later. ' +
        'For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return fn;
}

// ---- invoke -----------------------------------------------------------------------------------------
let handler;
let active;

function maxRssKb() {
  try {
    return process.resourceUsage().maxRSS;
  } catch {
    return undefined;
  }
}
function finish(invocation, outcome) {
  if (invocation.settled) return;
  invocation.settled = true;
  let message;
  if (outcome.ok) {
    try {
      const payload = JSON.stringify(outcome.value);
      message = { t: 'result', id: invocation.id, payload: payload === undefined ? 'null' : payload };
    } catch (err) {
      outcome = { ok: false, error: err };
    }
  }
  if (!outcome.ok) {
    const error = errorPayload(outcome.error);
    logLine('ERROR', 'Invoke Error \t' + logPayload(error));
    message = { t: 'error', id: invocation.id, error };
  }
  message.maxRssKb = maxRssKb();
  process.stdout.write(invocation.flush);
  process.stderr.write(invocation.flush);
  send(message);
  channel.ref();
  if (active === invocation) active = undefined;
  return message;
}
function makeContext(message, invocation) {
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.id,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: message.clientContext === null ? undefined : message.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  if (!callbacksRemoved) {
    context.callbackWaitsForEmptyEventLoop = true;
    context.succeed = (value) => finish(invocation, { ok: true, value });
    context.fail = (error) => finish(invocation, { ok: false, error: error === undefined || error === null ? 'handled' : error });
    context.done = (error, value) =>
      error === undefined || error === null ? context.succeed(value) : context.fail(error);
  }
  return context;
}
function invoke(message) {
  requestId = message.id;
  const invocation = { id: message.id, flush: message.flush, settled: false, waiting: undefined };
  active = invocation;
  channel.unref();
  const context = makeContext(message, invocation);
  const callback = (error, value) => {
    const outcome = error === undefined || error === null ? { ok: true, value } : { ok: false, error };
    if (context.callbackWaitsForEmptyEventLoop) invocation.waiting = outcome;
    else finish(invocation, outcome);
  };
  try {
    const event = JSON.parse(message.event);
    const returned = callbacksRemoved ? handler(event, context) : handler(event, context, callback);
    if (returned && typeof returned.then === 'function') {
      returned.then(
        (value) => finish(invocation, { ok: true, value }),
        (error) => finish(invocation, { ok: false, error }),
      );
    } else if (callbacksRemoved) {
      finish(invocation, { ok: true, value: returned });
    }
  } catch (error) {
    finish(invocation, { ok: false, error });
  }
}
process.on('beforeExit', () => {
  const invocation = active;
  if (!invocation || invocation.settled) return;
  finish(invocation, invocation.waiting || { ok: true, value: null });
});
function fail(payload, label, exitCode) {
  logLine('ERROR', label + ' \t' + logPayload(payload));
  const invocation = active;
  if (invocation && !invocation.settled) {
    invocation.settled = true;
    process.stdout.write(invocation.flush);
    process.stderr.write(invocation.flush);
    channel.write(JSON.stringify({ t: 'error', id: invocation.id, error: payload, maxRssKb: maxRssKb(), fatal: true }) + '\n', () =>
      process.exit(exitCode),
    );
    channel.ref();
    return;
  }
  channel.write(JSON.stringify({ t: 'fatal' }) + '\n', () => process.exit(exitCode));
}
process.on('uncaughtException', (err) => fail(errorPayload(err), 'Uncaught Exception', 129));
process.on('unhandledRejection', (reason) => {
  const described = isErrorLike(reason) ? reason.name + ': ' + reason.message : String(reason);
  const payload = {
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: described,
    trace: ['Runtime.UnhandledPromiseRejection: ' + described].concat(
      isErrorLike(reason) && typeof reason.stack === 'string' ? reason.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [],
    ),
  };
  fail(payload, 'Unhandled Promise Rejection', 128);
});

onMessage = (message) => {
  if (message.t === 'invoke') invoke(message);
};
try {
  handler = await loadHandler();
  send({ t: 'ready' });
} catch (err) {
  const payload = errorPayload(err);
  logLine('ERROR', 'Uncaught Exception \t' + logPayload(payload));
  send({ t: 'initError', error: payload });
}
`;
