/**
 * Credentials for a target account: a session of a role in that account (the deploy role fleetpipe's
 * bootstrap creates, or `OrganizationAccountAccessRole`), assumed with the base credentials — those of
 * the pipeline or the person running fleetpipe. Sessions are cached per account and renewed five minutes
 * before they expire, so a deploy to hundreds of stacks assumes each role once per hour, not per call.
 *
 *   const roles = new RoleSessions({ sts, roleName: 'fleetpipe-deploy', sessionName: 'fleetpipe' });
 *   const creds = await roles.credentials('300000000001');   // { accessKeyId, …, expiration }
 *
 * A refused AssumeRole becomes a FleetpipeError naming the account and the role, with what to check.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { FleetpipeError } from '../errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface RoleSessionsOptions {
  /** STS, called with the base credentials. */
  sts: Pick<STSClient, 'send'>;
  /** The role's name in every account (`fleetpipe-deploy`), or its ARN per account. */
  roleName?: string;
  roleArn?: (accountId: string) => string;
  /** `RoleSessionName`: what CloudTrail shows in the target accounts. */
  sessionName: string;
  /** 900–43200 s, as the role allows; 3600 by default. */
  durationSeconds?: number;
  externalId?: string;
  /** The partition of the role ARNs (`aws`, `aws-us-gov`, `aws-cn`). */
  partition?: string;
  now?: () => Date;
}

/** Renew a session this long before it expires. */
export const RENEW_BEFORE_MS = 5 * 60_000;

const ACCOUNT_ID = /^\d{12}$/;

export class RoleSessions {
  private readonly sessions = new Map<string, Promise<AwsCredentials>>();
  private readonly now: () => Date;

  constructor(private readonly options: RoleSessionsOptions) {
    if (!options.roleName === !options.roleArn) {
      throw new Error('RoleSessions: give exactly one of roleName and roleArn');
    }
    this.now = options.now ?? (() => new Date());
  }

  /** The role ARN used for an account. */
  roleArnFor(accountId: string): string {
    if (this.options.roleArn) return this.options.roleArn(accountId);
    return `arn:${this.options.partition ?? 'aws'}:iam::${accountId}:role/${this.options.roleName}`;
  }

  /** A session in `accountId`, from the cache while it has more than five minutes left. */
  async credentials(accountId: string): Promise<AwsCredentials> {
    if (!ACCOUNT_ID.test(accountId)) {
      throw new FleetpipeError('AwsAccountIdInvalid', `"${accountId}" is not an AWS account ID.`, {
        hint: 'Account IDs are 12 digits; quote them in YAML so leading zeros are kept.',
      });
    }
    const cached = this.sessions.get(accountId);
    if (cached) {
      const session = await cached.catch(() => undefined);
      if (session && !this.expiring(session)) return session;
      if (this.sessions.get(accountId) === cached) this.sessions.delete(accountId);
      else return this.credentials(accountId);
    }
    const pending = this.assume(accountId);
    this.sessions.set(accountId, pending);
    pending.catch(() => {
      if (this.sessions.get(accountId) === pending) this.sessions.delete(accountId);
    });
    return pending;
  }

  /** A credentials provider for an SDK client of that account (the SDK calls it when it needs to). */
  provider(accountId: string): () => Promise<AwsCredentials> {
    return () => this.credentials(accountId);
  }

  private expiring(session: AwsCredentials): boolean {
    return (
      session.expiration !== undefined &&
      session.expiration.getTime() - this.now().getTime() < RENEW_BEFORE_MS
    );
  }

  private async assume(accountId: string): Promise<AwsCredentials> {
    const roleArn = this.roleArnFor(accountId);
    try {
      const out = await this.options.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.options.sessionName,
          DurationSeconds: this.options.durationSeconds ?? 3600,
          ...(this.options.externalId === undefined ? {} : { ExternalId: this.options.externalId }),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials');
      const session: AwsCredentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey };
      if (c.SessionToken) session.sessionToken = c.SessionToken;
      if (c.Expiration) session.expiration = c.Expiration;
      return session;
    } catch (err) {
      throw assumeRoleError(accountId, roleArn, err);
    }
  }
}

function assumeRoleError(accountId: string, roleArn: string, err: unknown): FleetpipeError {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  const denied = name === 'AccessDenied' || name === 'AccessDeniedException';
  return new FleetpipeError(
    'AwsAssumeRoleFailed',
    `Cannot assume ${roleArn} in account ${accountId}: ${name}: ${message}`,
    {
      hint: denied
        ? 'Check that the role exists in that account, that its trust policy allows the identity fleetpipe runs as (and the ExternalId, if it asks for one), and that this identity may call sts:AssumeRole on it. `fleetpipe bootstrap` creates the role.'
        : 'Check the network and the credentials fleetpipe runs with, then try again.',
      cause: err,
      source: 'user',
    },
  );
}
