/**
 * Who holds which access key. Every account has an administrator key (the account's root-equivalent
 * principal, `arn:aws:iam::<id>:root`) derived from the cloud's seed, so it is the same after every
 * restart of a state directory; role sessions come from AssumeRole and live in the `sts-sessions` slice.
 *
 * `lookup` is the wire core's credential lookup: it returns the secret (and session token and expiry)
 * the signature is checked against, plus the principal the services see.
 */
import { randomBytes } from 'node:crypto';
import type { CredentialRecord } from '../http/index.js';
import type { RequestPrincipal } from '../iam/index.js';
import type { AccountDirectory } from '../services/deps.js';
import type { StateStore } from '../state/store.js';
import { rootAccessKeyFor, sessionCredentialsFrom } from './ids.js';
import {
  EXPIRED_SESSION_RETENTION_MS,
  type SessionRecord,
  type SessionsState,
  sessionsSlice,
} from './sessions.js';

/** The credential record of a known key: principal data for `callerOf`, the session for policies. */
export interface IdentityCredential extends CredentialRecord {
  readonly principal: RequestPrincipal;
  readonly session?: SessionRecord;
}

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export type NewSession = Omit<SessionRecord, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;

export function sessionArn(session: Pick<SessionRecord, 'accountId' | 'roleName' | 'sessionName'>): string {
  return `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
}

export class Identity {
  private readonly rootByKey = new Map<string, IdentityCredential>();
  private readonly rootByAccount = new Map<string, AccessKeyPair>();

  constructor(
    private readonly options: {
      seed: string;
      accounts: AccountDirectory;
      store: StateStore;
      /** Random bytes for session credentials; crypto.randomBytes unless given. */
      random?: (size: number) => Buffer;
    },
  ) {
    const { accounts } = options;
    for (const account of accounts.list()) {
      const key = rootAccessKeyFor(options.seed, account.id);
      this.rootByAccount.set(account.id, { accessKeyId: key.accessKeyId, secretAccessKey: key.secret });
      this.rootByKey.set(key.accessKeyId, {
        secretAccessKey: key.secret,
        principal: {
          type: 'Root',
          arn: `arn:aws:iam::${account.id}:root`,
          accountId: account.id,
          orgId: accounts.organizationId,
          orgPaths: [account.orgPath],
          userId: account.id,
        },
      });
    }
  }

  /** The administrator key of an account (by ID or name), or undefined for an unknown account. */
  rootKeys(accountIdOrName: string): AccessKeyPair | undefined {
    const account = this.options.accounts.find(accountIdOrName);
    return account ? this.rootByAccount.get(account.id) : undefined;
  }

  /** The wire core's credential lookup. */
  readonly lookup = (accessKeyId: string): IdentityCredential | undefined => {
    const root = this.rootByKey.get(accessKeyId);
    if (root) return root;
    const session = this.options.store.get<SessionsState>(sessionsSlice).sessions[accessKeyId];
    return session ? this.sessionCredential(session) : undefined;
  };

  /** Stores a new session with fresh random credentials; prunes sessions long expired. */
  issueSession(session: NewSession): SessionRecord {
    const random = (this.options.random ?? randomBytes)(128);
    const creds = sessionCredentialsFrom(random);
    const record: SessionRecord = {
      ...session,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secret,
      sessionToken: creds.sessionToken,
    };
    this.prune(new Date(session.issuedAt));
    this.options.store.dispatch(sessionsSlice, 'issued', record);
    return record;
  }

  private prune(now: Date): void {
    const expiredBefore = new Date(now.getTime() - EXPIRED_SESSION_RETENTION_MS).toISOString();
    const sessions = Object.values(this.options.store.get<SessionsState>(sessionsSlice).sessions);
    if (sessions.some((s) => s.expiresAt < expiredBefore)) {
      this.options.store.dispatch(sessionsSlice, 'pruned', { expiredBefore });
    }
  }

  private sessionCredential(session: SessionRecord): IdentityCredential {
    const account = this.options.accounts.find(session.accountId);
    return {
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
      expiresAt: new Date(session.expiresAt),
      session,
      principal: {
        type: 'AssumedRole',
        arn: sessionArn(session),
        roleArn: session.roleArn,
        accountId: session.accountId,
        orgId: this.options.accounts.organizationId,
        orgPaths: account ? [account.orgPath] : [],
        tags: session.principalTags,
        userId: `${session.roleId}:${session.sessionName}`,
      },
    };
  }
}
