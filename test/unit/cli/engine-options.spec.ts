import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { authCommand, parseFixChoice, secureCommand } from '../../../src/cli/auth-command';
import { type CliIo, UsageError } from '../../../src/cli/cli-command';
import { crudCommand } from '../../../src/cli/crud-command';
import { parseEngineArgs } from '../../../src/cli/engine-options';
import { specCommand } from '../../../src/cli/spec-command';

const MISSING_ROOT = join(resolve('test', 'fixtures'), 'no-such-project');

function silentIo(): CliIo {
  return { stdout: () => undefined, stderr: () => undefined, cwd: process.cwd() };
}

describe('engine command options', () => {
  it('resolves --root against the current folder and reads the shared flags', () => {
    const parsed = parseEngineArgs(['Hero', '--root', 'examples/heroes', '--write', '--json', '--verify', '--python', 'py', '--verify-tests', 'all'], { cwd: '/work/here' }, {
      positionals: [{ name: 'model', missing: 'Name the model.' }],
    });
    assert.equal(parsed.root, resolve('/work/here', 'examples/heroes'));
    assert.deepEqual([parsed.write, parsed.json, parsed.positionals], [true, true, ['Hero']]);
    assert.deepEqual(parsed.verify, { verify: true, python: 'py', 'verify-tests': 'all', 'verify-timeout': undefined, force: undefined });
  });

  it("reads a command's own string option and leaves it out elsewhere", () => {
    const withModel = parseEngineArgs(['--user-model', 'Account'], { cwd: '/' }, { positionals: [], extraStrings: ['user-model'] });
    assert.equal(withModel.extra['user-model'], 'Account');
    assert.throws(() => parseEngineArgs(['--user-model', 'Account'], { cwd: '/' }, { positionals: [] }), UsageError);
  });

  const refused: readonly [string, readonly string[], RegExp][] = [
    ['both --dry-run and --write', ['--dry-run', '--write'], /Choose one of --dry-run and --write/],
    ['--force without --verify', ['--force'], /--force only goes with --verify/],
    ['--python and --verify-timeout without --verify', ['--python', 'x', '--verify-timeout', '5'], /--python, --verify-timeout only go with --verify/],
    ['an unknown test selection', ['--verify', '--verify-tests', 'some'], /--verify-tests is one of generated, affected, all, not "some"/],
    ['a timeout that is not a number', ['--verify', '--verify-timeout', 'soon'], /--verify-timeout takes a number of seconds/],
    ['an unknown option', ['--colour'], /Unknown option '--colour'/],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} the same way in crud, auth, secure and spec, before reading the project`, async () => {
      // The root does not exist: reaching the index would be a CliError, not a usage error.
      const commands = [
        [crudCommand, ['Hero']],
        [authCommand, []],
        [secureCommand, []],
        [specCommand, ['openapi.yaml']],
      ] as const;
      for (const [command, positionals] of commands) {
        await assert.rejects(command.run([...positionals, '--root', MISSING_ROOT, ...args], silentIo()), (error: unknown) => {
          assert.ok(error instanceof UsageError, `${command.name}: ${String(error)}`);
          assert.match(error.message, message, command.name);
          return true;
        });
      }
    });
  }

  it('names the missing positional and refuses extra ones', async () => {
    await assert.rejects(crudCommand.run([], silentIo()), /Name the model: crud <Model>\./);
    await assert.rejects(specCommand.run(['--root', MISSING_ROOT], silentIo()), /Name the OpenAPI document: spec <SPEC_FILE>\./);
    await assert.rejects(authCommand.run(['Hero'], silentIo()), /Unexpected arguments: Hero/);
    await assert.rejects(specCommand.run(['a.yaml', 'b.yaml'], silentIo()), /Unexpected arguments: b\.yaml/);
  });

  it('lists the verify options in the usage of every engine command', () => {
    for (const command of [crudCommand, authCommand, secureCommand, specCommand]) {
      assert.match(command.usage, /\[--root DIR\] \[--dry-run \| --write\] \[--json\] \[--verify \[--python PATH\]/, command.name);
    }
    assert.match(authCommand.usage, /^auth \[--user-model NAME\] \[--fix all\|none\|ID,ID\] /);
  });

  it('reads --fix as all, none or a list of ids, and refuses an empty id before reading the project', async () => {
    assert.equal(parseFixChoice('all'), 'all');
    assert.equal(parseFixChoice('none'), 'none');
    assert.deepEqual(parseFixChoice('literal-secret, jose'), ['literal-secret', 'jose']);
    await assert.rejects(authCommand.run(['--root', MISSING_ROOT, '--fix', 'jose,'], silentIo()), /--fix takes all, none or fix ids separated by commas/);
  });
});
