// The simulated S3's access rule. Real S3 refuses a request signed with keys it does not know; the simulator has no
// account system, so a bucket's keys are declared in `<object store>/.s3-credentials.json`
// ({ "buckets": { "<bucket>": [{ "access_key": "...", "secret_key": "..." }] } }). A bucket that is not declared
// there accepts any keys (a test bucket); a declared one accepts only its keys, and never instance-profile or SDK
// default credentials (the simulator's machine has none). Used by CREATE/ALTER STORAGE VOLUME's access check and by
// the CNs reading a source through a mirror volume. See sim/fidelity/lake.md.
import fs from 'node:fs';
import path from 'node:path';

export const S3_CREDENTIALS_FILE = '.s3-credentials.json';

export interface S3Key {
  readonly access_key: string;
  readonly secret_key: string;
}

interface CredentialsFile {
  readonly buckets?: Readonly<Record<string, readonly S3Key[]>>;
}

function declaredKeys(objectStoreRoot: string, bucket: string): readonly S3Key[] | null {
  const credentialsPath = path.join(objectStoreRoot, S3_CREDENTIALS_FILE);
  // Usually absent, and read for every replication task: answered without an ENOENT exception.
  if (!fs.existsSync(credentialsPath)) return null;
  let text: string;
  try {
    text = fs.readFileSync(credentialsPath, 'utf8');
  } catch {
    return null;
  }
  const file = JSON.parse(text) as CredentialsFile;
  return file.buckets?.[bucket] ?? null;
}

/**
 * Why S3 would refuse a request to `location` signed with the volume's `params` (the AWS SDK's message), or null
 * when it would not. Locations of other schemes are not simulated: null.
 */
export function s3AccessError(objectStoreRoot: string, location: string, params: Readonly<Record<string, string>>): string | null {
  const m = /^s3a?:\/\/([^/]+)/i.exec(location);
  if (!m) return null;
  const keys = declaredKeys(objectStoreRoot, m[1]!);
  if (keys === null) return null;
  const instance = params['aws.s3.use_instance_profile'] === 'true' || params['aws.s3.use_aws_sdk_default_behavior'] === 'true';
  if (instance) return 'Access Denied (Service: S3, Status Code: 403, Error Code: AccessDenied)';
  const key = keys.find((k) => k.access_key === (params['aws.s3.access_key'] ?? ''));
  if (!key) {
    return 'The AWS Access Key Id you provided does not exist in our records. (Service: S3, Status Code: 403, Error Code: InvalidAccessKeyId)';
  }
  if (key.secret_key !== (params['aws.s3.secret_key'] ?? '')) {
    return 'The request signature we calculated does not match the signature you provided. Check your key and signing method. (Service: S3, Status Code: 403, Error Code: SignatureDoesNotMatch)';
  }
  return null;
}
