/**
 * Role sessions (the temporary credentials AssumeRole hands out), kept in a StateStore slice so they
 * survive a restart. Expired sessions stay long enough to be answered `ExpiredToken`, then are pruned.
 */
import type { SliceDefinition } from '../state/store.js';

export interface SessionRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  issuedAt: string;
  expiresAt: string;
  accountId: string;
  /** With its path: `arn:aws:iam::111122223333:role/path/Name`. */
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  /** `aws:PrincipalTag/*`: the role's tags overridden by the session tags. */
  principalTags: Record<string, string>;
  /** Session tags, incoming transitive ones included. */
  sessionTags: Record<string, string>;
  /** Keys of `sessionTags` that pass on to sessions this one assumes. */
  transitiveTagKeys: string[];
  /** Inline session policy (JSON text). */
  policy?: string;
  /** Managed session policies. */
  policyArns: string[];
  /** Assumed by another role session (role chaining: at most one hour). */
  chained: boolean;
  externalId?: string;
}

export interface SessionsState {
  sessions: Record<string, SessionRecord>;
}

/** How long an expired session is still recognised (and answered `ExpiredToken`). */
export const EXPIRED_SESSION_RETENTION_MS = 12 * 60 * 60 * 1000;

export const sessionsSlice: SliceDefinition<SessionsState> = {
  name: 'sts-sessions',
  initial: () => ({ sessions: {} }),
  reducers: {
    issued: (state, session: SessionRecord) => {
      state.sessions[session.accessKeyId] = session;
    },
    pruned: (state, payload: { expiredBefore: string }) => {
      for (const [key, session] of Object.entries(state.sessions)) {
        if (session.expiresAt < payload.expiredBefore) delete state.sessions[key];
      }
    },
  },
};
