/**
 * CodeStar Connections through the SDK (JSON 1.0, signing name codestar-connections): connections created
 * PENDING and marked AVAILABLE through the internal API, hosts for GitHub Enterprise Server, listing with
 * filters, tags, deletion.
 */
import {
  CreateConnectionCommand,
  CreateHostCommand,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GetHostCommand,
  ListConnectionsCommand,
  ListHostsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-codestar-connections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeCloud, startCodeCloud, TOOLS } from '../codepipeline/harness.js';
import { rejection } from '../core/fixture.js';

let t: CodeCloud;

beforeAll(async () => {
  t = await startCodeCloud();
});
afterAll(async () => {
  await t.close();
});

const client = () => t.codestar(t.root('tools'));

describe('connections', () => {
  it('creates a GitHub connection PENDING; the internal API makes it AVAILABLE', async () => {
    const out = await client().send(
      new CreateConnectionCommand({
        ConnectionName: 'github',
        ProviderType: 'GitHub',
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    );
    expect(out.ConnectionArn).toMatch(
      new RegExp(
        `^arn:aws:codestar-connections:us-east-1:${TOOLS}:connection/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$`,
      ),
    );
    const got = await client().send(new GetConnectionCommand({ ConnectionArn: out.ConnectionArn }));
    expect(got.Connection).toEqual({
      ConnectionName: 'github',
      ConnectionArn: out.ConnectionArn,
      ProviderType: 'GitHub',
      OwnerAccountId: TOOLS,
      ConnectionStatus: 'PENDING',
    });
    t.connections.setConnectionStatus(out.ConnectionArn!, 'AVAILABLE');
    const after = await client().send(new GetConnectionCommand({ ConnectionArn: out.ConnectionArn }));
    expect(after.Connection?.ConnectionStatus).toBe('AVAILABLE');
    const tags = await client().send(new ListTagsForResourceCommand({ ResourceArn: out.ConnectionArn }));
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'a' }]);
  });

  it('needs a provider type or a host, and a host for GitHub Enterprise Server', async () => {
    const none = await rejection(client().send(new CreateConnectionCommand({ ConnectionName: 'x' })));
    expect(none.name).toBe('ValidationException');
    const ghes = await rejection(
      client().send(
        new CreateConnectionCommand({ ConnectionName: 'x', ProviderType: 'GitHubEnterpriseServer' }),
      ),
    );
    expect(ghes.message).toBe('A HostArn is required for provider type GitHubEnterpriseServer');
    const longName = await rejection(
      client().send(new CreateConnectionCommand({ ConnectionName: 'n'.repeat(33), ProviderType: 'GitHub' })),
    );
    expect(longName.name).toBe('ValidationException');
  });

  it('deletes a connection; an unknown one is ResourceNotFoundException', async () => {
    const out = await client().send(
      new CreateConnectionCommand({ ConnectionName: 'tmp', ProviderType: 'Bitbucket' }),
    );
    await client().send(new DeleteConnectionCommand({ ConnectionArn: out.ConnectionArn }));
    const err = await rejection(
      client().send(new GetConnectionCommand({ ConnectionArn: out.ConnectionArn })),
    );
    expect(err.name).toBe('ResourceNotFoundException');
  });
});

describe('hosts (GitHub Enterprise Server)', () => {
  it('creates a host PENDING, connects through it once AVAILABLE, lists by host', async () => {
    const dev = t.codestar(t.root('300000000001'));
    const host = await dev.send(
      new CreateHostCommand({
        Name: 'ghes',
        ProviderType: 'GitHubEnterpriseServer',
        ProviderEndpoint: 'https://git.example.com',
      }),
    );
    expect(host.HostArn).toMatch(/:host\/ghes-[0-9a-f]{8}$/);
    const got = await dev.send(new GetHostCommand({ HostArn: host.HostArn }));
    expect(got).toMatchObject({
      Name: 'ghes',
      Status: 'PENDING',
      ProviderEndpoint: 'https://git.example.com',
    });
    const pending = await rejection(
      dev.send(new CreateConnectionCommand({ ConnectionName: 'c', HostArn: host.HostArn })),
    );
    expect(pending.name).toBe('ResourceUnavailableException');
    t.connections.setHostStatus(host.HostArn!, 'AVAILABLE');
    const conn = await dev.send(new CreateConnectionCommand({ ConnectionName: 'c', HostArn: host.HostArn }));
    await dev.send(new CreateConnectionCommand({ ConnectionName: 'gl', ProviderType: 'GitLab' }));
    const byHost = await dev.send(new ListConnectionsCommand({ HostArnFilter: host.HostArn }));
    expect(byHost.Connections?.map((c) => [c.ConnectionArn, c.ProviderType, c.HostArn])).toEqual([
      [conn.ConnectionArn, 'GitHubEnterpriseServer', host.HostArn],
    ]);
    const page = await dev.send(new ListConnectionsCommand({ MaxResults: 1 }));
    expect(page.Connections).toHaveLength(1);
    const rest = await dev.send(new ListConnectionsCommand({ MaxResults: 1, NextToken: page.NextToken }));
    expect(rest.Connections).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();
    const hosts = await dev.send(new ListHostsCommand({}));
    expect(hosts.Hosts?.map((h) => [h.Name, h.Status])).toEqual([['ghes', 'AVAILABLE']]);
  });

  it('refuses an endpoint that is not a URL, and tags hosts', async () => {
    const err = await rejection(
      client().send(
        new CreateHostCommand({
          Name: 'bad',
          ProviderType: 'GitHubEnterpriseServer',
          ProviderEndpoint: 'nope',
        }),
      ),
    );
    expect(err.name).toBe('ValidationException');
    const host = await client().send(
      new CreateHostCommand({
        Name: 'h2',
        ProviderType: 'GitLabSelfManaged',
        ProviderEndpoint: 'https://gl.example.com',
      }),
    );
    await client().send(
      new TagResourceCommand({ ResourceArn: host.HostArn, Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const tags = await client().send(new ListTagsForResourceCommand({ ResourceArn: host.HostArn }));
    expect(tags.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });
});
