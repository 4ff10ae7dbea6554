/**
 * Log groups and streams as the API describes them.
 */
import { groupArn, streamArn, type Where } from './names.js';
import type { StoredGroup, StoredStream } from './state.js';

export function groupShape(where: Where, group: StoredGroup): Record<string, unknown> {
  const arn = groupArn(where, group.name);
  let storedBytes = 0;
  for (const stream of Object.values(group.streams)) storedBytes += stream.storedBytes;
  return {
    logGroupName: group.name,
    creationTime: group.createdAt,
    retentionInDays: group.retentionInDays,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes,
    kmsKeyId: group.kmsKeyId,
    logGroupClass: group.logGroupClass,
    logGroupArn: arn,
  };
}

export function streamShape(where: Where, group: string, stream: StoredStream): Record<string, unknown> {
  return {
    logStreamName: stream.name,
    creationTime: stream.createdAt,
    firstEventTimestamp: stream.firstEventTimestamp,
    lastEventTimestamp: stream.lastEventTimestamp,
    lastIngestionTime: stream.lastIngestionTime,
    uploadSequenceToken: stream.uploadSequenceToken,
    arn: streamArn(where, group, stream.name),
    // AWS reports 0 here since 2019 (the member is deprecated).
    storedBytes: 0,
  };
}
