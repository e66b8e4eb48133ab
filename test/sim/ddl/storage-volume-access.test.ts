// enable_storage_volume_access_check (PR #70053): CREATE/ALTER STORAGE VOLUME probes every location with the
// volume's credentials and refuses with StorageVolumeAccessChecker's message; the CNs read a mirror volume with them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { S3_CREDENTIALS_FILE, s3AccessError } from '../../../sim/lake/s3-access.js';
import { errorOf, fixture } from './helpers.js';

const creds = (ak: string, sk: string) => `"aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1",
  "aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false",
  "aws.s3.access_key" = "${ak}", "aws.s3.secret_key" = "${sk}"`;

function declare(root: string): void {
  writeFileSync(
    path.join(root, S3_CREDENTIALS_FILE),
    JSON.stringify({ buckets: { 'src-bucket': [{ access_key: 'AKGOOD', secret_key: 'good-secret' }] } }),
  );
}

describe('storage volume access check', () => {
  it('refuses unknown keys and wrong secrets on a bucket with declared keys, with StarRocks message', () => {
    const f = fixture();
    declare(f.fe.options.objectStore);
    expect(
      errorOf(() => f.run(`CREATE STORAGE VOLUME src_v TYPE = S3 LOCATIONS = ("s3://src-bucket/sr") PROPERTIES (${creds('AKBAD', 'x')})`)).message,
    ).toBe(
      "Storage volume accessibility check failed. storage volume: 'src_v', type: 'S3', location: 's3://src-bucket/sr', error: " +
        'The AWS Access Key Id you provided does not exist in our records. (Service: S3, Status Code: 403, Error Code: InvalidAccessKeyId)',
    );
    expect(
      errorOf(() => f.run(`CREATE STORAGE VOLUME src_v TYPE = S3 LOCATIONS = ("s3://src-bucket/sr") PROPERTIES (${creds('AKGOOD', 'nope')})`))
        .message,
    ).toMatch(/error: The request signature we calculated does not match the signature you provided\./);
    expect(f.fe.catalog.storageVolumes.has('src_v')).toBe(false);
    f.run(`CREATE STORAGE VOLUME src_v TYPE = S3 LOCATIONS = ("s3://src-bucket/sr") PROPERTIES (${creds('AKGOOD', 'good-secret')})`);
    expect(f.fe.catalog.storageVolumes.has('src_v')).toBe(true);
    // ALTER checks the merged credentials too; a refused ALTER changes nothing
    expect(errorOf(() => f.run('ALTER STORAGE VOLUME src_v SET ("aws.s3.secret_key" = "rotated-wrong")')).message).toMatch(
      /^Storage volume accessibility check failed/,
    );
    expect(f.fe.catalog.storageVolumes.get('src_v')!.params['aws.s3.secret_key']).toBe('good-secret');
  });

  it('an undeclared bucket takes any keys; the check off lets bad keys through (they fail later, on the CNs)', () => {
    const f = fixture();
    declare(f.fe.options.objectStore);
    f.run(`CREATE STORAGE VOLUME open_v TYPE = S3 LOCATIONS = ("s3://other-bucket/x") PROPERTIES (${creds('any', 'thing')})`);
    f.fe.config.set('enable_storage_volume_access_check', 'false');
    f.run(`CREATE STORAGE VOLUME src_bad TYPE = S3 LOCATIONS = ("s3://src-bucket/sr") PROPERTIES (${creds('AKBAD', 'x')})`);
    expect(f.fe.catalog.storageVolumes.has('src_bad')).toBe(true);
  });

  it('instance-profile credentials are refused on a declared bucket; other schemes are not simulated', () => {
    const f = fixture();
    declare(f.fe.options.objectStore);
    const root = f.fe.options.objectStore;
    expect(s3AccessError(root, 's3://src-bucket/a', { 'aws.s3.use_instance_profile': 'true' })).toMatch(/Access Denied/);
    expect(s3AccessError(root, 's3://src-bucket/a', { 'aws.s3.access_key': 'AKGOOD', 'aws.s3.secret_key': 'good-secret' })).toBeNull();
    expect(s3AccessError(root, 'hdfs://nn/a', {})).toBeNull();
  });
});
