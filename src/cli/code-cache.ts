/**
 * Starts a CommonJS bundle through a V8 code cache: the bytecode V8 compiled in an earlier run
 * (the top level and every function that run called) is handed back to it, so a short command
 * does not spend its first hundred milliseconds compiling JavaScript. Node 20 has no built-in
 * compile cache for CommonJS (`module.enableCompileCache` is Node 22), hence `vm.Script`.
 *
 * The cache is one file per bundle content under the user's cache folder
 * (`$XDG_CACHE_HOME` or `~/.cache`, then `fastapi-backend-engineer/code`), named by a hash of the
 * bundle's text, the Node version and the architecture. Each file starts with a SHA-256 of the
 * bytes that follow; a file that does not match, or that V8 rejects (other flags), is ignored and
 * written anew. The cache is an optimisation only: any failure to read or write it is silent.
 * `FASTAPI_ENGINEER_CODE_CACHE=off` turns it off, `=DIR` puts it elsewhere.
 *
 * Code compiled this way has no loader for `import()`: the bundle is built with its dynamic
 * imports turned into `require()` (see `scripts/build.mjs`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const DIGEST_BYTES = 32;
const FILE_PREFIX = 'cli-';

/** What a start found in the cache: `used` (accepted by V8), `missing`, `corrupt` (checksum), `rejected` (by V8), `off`. */
export type CodeCacheOutcome = 'used' | 'missing' | 'corrupt' | 'rejected' | 'off';

export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env['FASTAPI_ENGINEER_CODE_CACHE'];
  if (setting === 'off') return undefined;
  if (setting !== undefined && setting !== '') return setting;
  const base = env['XDG_CACHE_HOME'] !== undefined && env['XDG_CACHE_HOME'] !== '' ? env['XDG_CACHE_HOME'] : join(homedir(), '.cache');
  return join(base, 'fastapi-backend-engineer', 'code');
}

/** The cache file for this bundle text on this Node: a changed bundle or another Node never meets an old file. */
export function codeCacheFile(folder: string, source: string): string {
  const key = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
  return join(folder, `${FILE_PREFIX}${key}.bin`);
}

/** The cached bytes when the file is whole (its checksum fits), else undefined. */
function readCache(file: string): { readonly data?: Buffer; readonly corrupt: boolean } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { corrupt: false };
  }
  const data = bytes.subarray(DIGEST_BYTES);
  const whole = bytes.length > DIGEST_BYTES && createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES));
  return whole ? { data, corrupt: false } : { corrupt: true };
}

/** Written beside and renamed over, so a concurrent start reads the old file or the new, never half; older bundles' files go. */
function writeCache(folder: string, file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    renameSync(temporary, file);
    const kept = file.slice(folder.length + 1);
    for (const name of readdirSync(folder)) {
      if (name.startsWith(FILE_PREFIX) && name.endsWith('.bin') && name !== kept) rmSync(join(folder, name), { force: true });
    }
  } catch {
    rmSync(temporary, { force: true });
  }
}

export interface CodeCacheStart {
  readonly outcome: CodeCacheOutcome;
  /** Writes the cache from what V8 has compiled so far; a no-op when it was used or is off. */
  saveCache(): void;
}

/**
 * Runs the bundle at `bundlePath` as Node would run it as a module (same `require`, `module`,
 * `__filename`), compiled with the cached bytecode when there is a usable cache. The caller saves
 * the cache as the process exits, after the command ran, so it holds the functions the command used.
 */
export function runWithCodeCache(bundlePath: string, env: NodeJS.ProcessEnv = process.env): CodeCacheStart {
  const source = readFileSync(bundlePath, 'utf8');
  const folder = codeCacheFolder(env);
  const file = folder === undefined ? undefined : codeCacheFile(folder, source);
  const cached = file === undefined ? { corrupt: false } : readCache(file);
  const script = new Script(Module.wrap(source), {
    filename: bundlePath,
    ...(cached.data === undefined ? {} : { cachedData: cached.data }),
  });
  const outcome: CodeCacheOutcome =
    folder === undefined ? 'off' : cached.data === undefined ? (cached.corrupt ? 'corrupt' : 'missing') : script.cachedDataRejected === true ? 'rejected' : 'used';
  const bundleModule = new Module(bundlePath);
  bundleModule.filename = bundlePath;
  bundleModule.loaded = true;
  const moduleFunction = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  moduleFunction.call(bundleModule.exports, bundleModule.exports, createRequire(bundlePath), bundleModule, bundlePath, dirname(bundlePath));
  return {
    outcome,
    saveCache: () => {
      if (folder !== undefined && file !== undefined && outcome !== 'used') writeCache(folder, file, script.createCachedData());
    },
  };
}
