import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagedRoot } from '../../../src/util/install.js';

describe('packagedRoot: where conf/ and log/ are by default', () => {
  it('is the package root for the bundle (<root>/lib/src/*.js) and for one file per module (<root>/lib/src/util)', () => {
    const root = path.resolve('/opt/srsync-0.1.0');
    expect(packagedRoot(path.join(root, 'lib', 'src'))).toBe(root);
    expect(packagedRoot(path.join(root, 'lib', 'src', 'util'))).toBe(root);
  });
  it('is undefined in a checkout (src/util) and anywhere else', () => {
    expect(packagedRoot(path.resolve('/home/dba/srsync/src/util'))).toBeUndefined();
    expect(packagedRoot(path.resolve('/opt/srsync-0.1.0/lib'))).toBeUndefined();
    expect(packagedRoot(path.resolve('/opt/srsync-0.1.0/src'))).toBeUndefined();
  });
});
