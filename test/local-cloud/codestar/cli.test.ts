/**
 * The `aws codestar-connections` CLI (v1), which names operations with the model's namespace in
 * X-Amz-Target (`com.amazonaws.codestar.connections.CodeStar_connections_20191201.CreateConnection`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeCloud, startCodeCloud } from '../codepipeline/harness.js';
import { makeTempDir, runAws } from '../core/fixture.js';

let t: CodeCloud;
let home: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  home = await makeTempDir();
  t = await startCodeCloud();
});
afterAll(async () => {
  await t.close();
  await home.remove();
});

async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', 'codestar-connections', ...args], {
    creds: t.root('tools'),
    home: home.path,
  });
}

describe('aws codestar-connections', () => {
  it('creates, lists and deletes a connection', async () => {
    const created = await aws('create-connection', '--provider-type', 'GitHub', '--connection-name', 'gh');
    expect(created.stderr).toBe('');
    const arn = (JSON.parse(created.stdout) as { ConnectionArn: string }).ConnectionArn;
    expect(arn).toMatch(/^arn:aws:codestar-connections:us-east-1:222222222222:connection\//);
    const listed = JSON.parse((await aws('list-connections')).stdout) as {
      Connections: Array<{ ConnectionName: string; ConnectionStatus: string }>;
    };
    expect(listed.Connections).toEqual([
      expect.objectContaining({ ConnectionName: 'gh', ConnectionStatus: 'PENDING', ProviderType: 'GitHub' }),
    ]);
    expect((await aws('delete-connection', '--connection-arn', arn)).code).toBe(0);
    const missing = await aws('get-connection', '--connection-arn', arn);
    expect(missing.code).toBe(255);
    expect(missing.stderr).toContain('(ResourceNotFoundException)');
  });
});
