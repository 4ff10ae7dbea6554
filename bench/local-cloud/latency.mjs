/**
 * (a) Signed GetCallerIdentity round trips, sequential, one keep-alive connection, four ways:
 *
 *   sdk -> cloud    @aws-sdk/client-sts against the local cloud (the figure checked against the target)
 *   sdk -> canned   the same client against canned-sts.mjs: the SDK floor, everything but the cloud's work
 *   raw -> cloud    one request signed once, replayed with node:http: the cloud with a near-free client
 *   raw -> canned   the same against canned-sts.mjs: Node's HTTP on both sides and loopback
 *
 * For the servers it also reads the CPU time the server process used over the timed calls.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { cpuMsOf, requireFromRoot } from './processes.mjs';
import { distribution, elapsedMs } from './stats.mjs';

const { STSClient, GetCallerIdentityCommand } = requireFromRoot('@aws-sdk/client-sts');
const { NodeHttpHandler } = requireFromRoot('@smithy/node-http-handler');
const { SignatureV4 } = requireFromRoot('@smithy/signature-v4');

const StsBody = 'Action=GetCallerIdentity&Version=2011-06-15';

/** SHA-256 (or HMAC-SHA-256 with a secret) in the shape SignatureV4 expects. */
class Sha256 {
  constructor(secret) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

function keepAliveAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** A `call()` that sends GetCallerIdentity with the SDK and checks the account it answers. */
function sdkCaller({ endpoint, credentials, account }) {
  const agent = keepAliveAgent();
  const client = new STSClient({
    endpoint,
    region: credentials.region,
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  return {
    async call() {
      const out = await client.send(new GetCallerIdentityCommand({}));
      if (out.Account !== account) throw new Error(`GetCallerIdentity answered account ${out.Account}`);
    },
    close() {
      client.destroy();
      agent.destroy();
    },
  };
}

/** A `call()` that replays one request, signed once now, with node:http (valid for 15 minutes). */
async function rawCaller({ endpoint, credentials, account }) {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: credentials.region,
    service: 'sts',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'content-length': String(Buffer.byteLength(StsBody)),
    },
    body: StsBody,
  });
  const agent = keepAliveAgent();
  const expect = `<Account>${account}</Account>`;
  const options = {
    agent,
    method: 'POST',
    host: url.hostname,
    port: url.port,
    path: '/',
    headers: signed.headers,
  };
  return {
    call() {
      return new Promise((resolve, reject) => {
        const req = http.request(options, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 || !text.includes(expect)) {
              reject(new Error(`raw GetCallerIdentity answered ${res.statusCode}: ${text.slice(0, 300)}`));
            } else resolve();
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(StsBody);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** Runs `warmup` untimed calls, then `calls` timed ones; the server's CPU time is read around the timed ones. */
async function timeCalls({ caller, warmup, calls, serverPid }) {
  for (let i = 0; i < warmup; i++) await caller.call();
  const samples = new Float64Array(calls);
  const cpuBefore = cpuMsOf(serverPid);
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await caller.call();
    samples[i] = elapsedMs(t0);
  }
  const wallMs = elapsedMs(started);
  const serverCpuMs = cpuMsOf(serverPid) - cpuBefore;
  return {
    ms: distribution(samples),
    wallMs,
    callsPerSecond: (calls * 1000) / wallMs,
    serverCpuMsPerCall: serverCpuMs / calls,
  };
}

/**
 * `cloud` and `canned` are running server processes (`{ pid, endpoint }`); `credentials` an
 * administrator's keys of `account` in the cloud. Returns the four measurements by name.
 */
export async function measureLatency({ cloud, canned, credentials, account, warmup, calls, log }) {
  const paths = [
    ['sdk -> cloud', sdkCaller, cloud],
    ['sdk -> canned', sdkCaller, canned],
    ['raw -> cloud', rawCaller, cloud],
    ['raw -> canned', rawCaller, canned],
  ];
  const results = {};
  for (const [name, make, server] of paths) {
    const caller = await make({ endpoint: server.endpoint, credentials, account });
    try {
      results[name] = await timeCalls({ caller, warmup, calls, serverPid: server.pid });
    } finally {
      caller.close();
    }
    const r = results[name];
    log(`  ${name}: median ${r.ms.median.toFixed(3)} ms, p99 ${r.ms.p99.toFixed(3)} ms`);
  }
  return results;
}
