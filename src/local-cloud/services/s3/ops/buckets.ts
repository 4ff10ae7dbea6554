/** CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation. */
import { AwsError, childText, type HttpResult, parseXmlBody, xmlList } from '../../../http/index.js';
import { authorizeS3, bucketArn, requireBucket } from '../access.js';
import { dispatchS3, nowIso, type S3Call, s3State } from '../context.js';
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  invalidArgument,
  invalidBucketName,
  notImplemented,
} from '../errors.js';
import { bucketNameProblem } from '../names.js';
import { ownerXml } from '../owner.js';
import { ownGet } from '../state.js';
import { xmlResult, xmlTime } from '../xml.js';

const US_EAST_1 = 'us-east-1';

function illegalLocationConstraint(constraint: string | undefined): AwsError {
  const which = constraint === undefined ? 'unspecified' : constraint;
  return new AwsError(
    'IllegalLocationConstraintException',
    `The ${which} location constraint is incompatible for the region specific endpoint this request was sent to.`,
  );
}

/** The region a new bucket goes to, by S3's LocationConstraint rules for the region signed for. */
export function bucketRegionFor(constraint: string | undefined, signedRegion: string): string {
  if (constraint === undefined) {
    if (signedRegion !== US_EAST_1) throw illegalLocationConstraint(undefined);
    return US_EAST_1;
  }
  if (constraint === US_EAST_1) {
    throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', {
      fields: { LocationConstraint: constraint },
    });
  }
  const region = constraint === 'EU' ? 'eu-west-1' : constraint;
  if (region !== signedRegion) throw illegalLocationConstraint(constraint);
  return region;
}

function locationConstraintOf(body: Buffer): string | undefined {
  if (body.length === 0 || body.toString('utf8').trim() === '') return undefined;
  const root = parseXmlBody(body, 'CreateBucketConfiguration');
  const text = childText(root, 'LocationConstraint')?.trim();
  return text === '' ? undefined : text;
}

function rejectBucketAcls(headers: Readonly<Record<string, string>>): void {
  if (headers['x-amz-bucket-object-lock-enabled']?.toLowerCase() === 'true') {
    throw notImplemented('x-amz-bucket-object-lock-enabled');
  }
  const acl = headers['x-amz-acl'];
  const grants = Object.keys(headers).some((h) => h.startsWith('x-amz-grant-'));
  if (grants || (acl !== undefined && acl !== 'private')) {
    throw new AwsError(
      'InvalidBucketAclWithObjectOwnership',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    );
  }
}

export function createBucket(call: S3Call): HttpResult {
  const name = call.input.bucket!;
  if (bucketNameProblem(name) !== undefined) throw invalidBucketName(name);
  const constraint = locationConstraintOf(call.input.body);
  rejectBucketAcls(call.input.headers);
  authorizeS3(call, { action: 's3:CreateBucket', resource: bucketArn(name) });
  const accountId = call.caller!.accountId;
  const existing = ownGet(s3State(call).buckets, name);
  if (existing) {
    if (existing.accountId !== accountId) throw bucketAlreadyExists(name);
    // us-east-1 keeps its legacy answer: re-creating your own bucket there succeeds.
    if (existing.region === US_EAST_1 && constraint === undefined && call.ctx.region === US_EAST_1) {
      return { headers: { location: `/${name}` } };
    }
    throw bucketAlreadyOwnedByYou(name);
  }
  const region = bucketRegionFor(constraint, call.ctx.region);
  dispatchS3(call, 'createBucket', { name, accountId, region, createdAt: nowIso(call) });
  return { headers: { location: `/${name}` } };
}

export function headBucket(call: S3Call): HttpResult {
  const bucket = requireBucket(call, { wrongRegion: 'redirect' });
  const regionHeader = { 'x-amz-bucket-region': bucket.region };
  try {
    authorizeS3(call, { action: 's3:ListBucket', resource: bucketArn(bucket.name), bucket });
  } catch (err) {
    if (err instanceof AwsError && err.status === 403) {
      throw new AwsError(err.code, err.message, {
        status: 403,
        headers: { ...err.headers, ...regionHeader },
      });
    }
    throw err;
  }
  return { headers: { ...regionHeader, 'x-amz-access-point-alias': 'false' } };
}

export function deleteBucket(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:DeleteBucket', resource: bucketArn(bucket.name), bucket });
  if (Object.keys(bucket.objects).length > 0) throw bucketNotEmpty(bucket.name);
  dispatchS3(call, 'deleteBucket', { name: bucket.name });
  return { status: 204 };
}

export function getBucketLocation(call: S3Call): HttpResult {
  const bucket = requireBucket(call, { wrongRegion: 'none' });
  authorizeS3(call, { action: 's3:GetBucketLocation', resource: bucketArn(bucket.name), bucket });
  return xmlResult('LocationConstraint', bucket.region === US_EAST_1 ? '' : bucket.region);
}

const MAX_BUCKETS_PAGE = 10000;

function maxBuckets(query: URLSearchParams): number {
  const raw = query.get('max-buckets');
  if (raw === null) return MAX_BUCKETS_PAGE;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_BUCKETS_PAGE) {
    throw invalidArgument('Argument max-buckets must be an integer between 1 and 10000', 'max-buckets', raw);
  }
  return n;
}

function tokenAfter(token: string | null): string | undefined {
  if (token === null) return undefined;
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (bucketNameProblem(name) !== undefined) {
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  return name;
}

export function listBuckets(call: S3Call): HttpResult {
  authorizeS3(call, { action: 's3:ListAllMyBuckets', resource: '*' });
  const accountId = call.caller!.accountId;
  const { query } = call.input;
  const max = maxBuckets(query);
  const after = tokenAfter(query.get('continuation-token'));
  const prefix = query.get('prefix') ?? '';
  const region = query.get('bucket-region');
  const mine = Object.values(s3State(call).buckets)
    .filter((b) => b.accountId === accountId && b.name.startsWith(prefix))
    .filter((b) => region === null || b.region === region)
    .filter((b) => after === undefined || b.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = mine.slice(0, max);
  const truncated = mine.length > max;
  return xmlResult('ListAllMyBucketsResult', {
    Buckets: xmlList(
      page.map((b) => ({ Name: b.name, CreationDate: xmlTime(b.createdAt), BucketRegion: b.region })),
      'Bucket',
    ),
    Owner: ownerXml(call, accountId),
    ContinuationToken: truncated ? Buffer.from(page.at(-1)!.name).toString('base64url') : undefined,
    Prefix: query.get('prefix') ?? undefined,
  });
}
