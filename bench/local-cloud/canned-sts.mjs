/**
 * The "SDK floor" of the local cloud benchmark: an HTTP server that reads each request and answers
 * every one with the same GetCallerIdentity response, byte for byte the shape the local cloud sends,
 * without parsing, verifying or dispatching anything. A client timed against it pays everything but
 * the local cloud's own work: the SDK (or raw client), Node's HTTP stack on both sides and loopback.
 *
 *   node canned-sts.mjs      # prints {"endpoint":"http://127.0.0.1:PORT","pid":…}, stops on SIGTERM
 */
import { createServer } from 'node:http';

const body = Buffer.from(
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    '<GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:root</Arn><UserId>111111111111</UserId>' +
    '<Account>111111111111</Account></GetCallerIdentityResult>' +
    '<ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000001</RequestId></ResponseMetadata>' +
    '</GetCallerIdentityResponse>',
  'utf8',
);

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'text/xml',
      'x-amzn-requestid': '00000000-0000-4000-8000-000000000001',
      'content-length': String(body.length),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 5000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);
});

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
