import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }>;
};

describe('the Node.js versions the project promises', () => {
  it('every installed package accepts the oldest Node.js that package.json engines allows (npm ci prints no EBADENGINE)', () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    expect(oldest).toBe('20.19.0');
    const refusing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!where || Array.isArray(entry.engines)) continue;
      const range = entry.engines?.node;
      if (range && !semver.satisfies(oldest, range, { includePrerelease: true })) refusing.push(`${where}@${entry.version} wants node ${range}`);
    }
    expect(refusing).toEqual([]);
  });
});
