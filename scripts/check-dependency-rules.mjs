#!/usr/bin/env node
/**
 * Fails the build when a package imports across the architecture's dependency rule:
 * - packages/core imports nothing but `neverthrow`, `zod`, `@noble/hashes` (pure) and its own files
 *   (no node built-ins, no adapter, no tsyringe, no driver);
 * - adapters never import each other or app-http;
 * - only app-http imports tsyringe;
 * - in testkit only src/contracts (the `@caio/testkit/contracts` subpath) imports vitest.
 * Every import is also checked against the importing package's manifest, and every
 * declared dependency (dependencies, peer and optional) must be imported by some source
 * file: a package installs exactly what it uses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]|require\.resolve\(\s*[`'"]([^`'"$]+)/gm;
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : walk(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

const violations = [];
for (const dir of readdirSync(packagesDir)) {
  const manifestPath = join(packagesDir, dir, 'package.json');
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    continue;
  }
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const srcDir = join(packagesDir, dir, 'src');
  let files = [];
  try {
    files = walk(srcDir);
  } catch {
    continue;
  }
  const imported = new Set();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (!spec || spec.startsWith('.')) continue;
      const where = relative(root, file);
      const pkg = packageOf(spec);
      imported.add(pkg);
      if (dir === 'core') {
        if (!['neverthrow', 'zod', '@noble/hashes'].includes(pkg)) violations.push(`${where}: core may import only neverthrow, zod and @noble/hashes, not '${spec}'`);
        continue;
      }
      if (pkg === 'tsyringe' && dir !== 'app-http') violations.push(`${where}: only app-http may import tsyringe`);
      // The test kit imports without vitest; only its contract suites (a subpath) need it.
      if (dir === 'testkit' && pkg === 'vitest' && !relative(srcDir, file).startsWith('contracts/')) violations.push(`${where}: only testkit/src/contracts may import vitest`);
      if (dir.startsWith('adapters-') && (pkg.startsWith('@caio/adapters-') || pkg === '@caio/app-http')) {
        violations.push(`${where}: adapters never import other adapters or app-http ('${spec}')`);
      }
      if (builtins.has(spec) || builtins.has(pkg)) continue;
      if (!declared.has(pkg)) violations.push(`${where}: imports '${pkg}', which ${dir}/package.json does not declare`);
    }
  }
  for (const pkg of declared) {
    if (!imported.has(pkg)) violations.push(`${dir}/package.json declares '${pkg}', which no file of ${dir}/src imports: remove it`);
  }
}

if (violations.length > 0) {
  console.error(`Dependency rule violations (${violations.length}):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency rules: ok');
