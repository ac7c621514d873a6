/**
 * Which files are test code: `tests/` or `test/` folders, `test_*.py`, `*_test.py` and
 * `conftest.py`. Apps and routers a test builds for itself are not the project's.
 */
const TEST_DIR = /(?:^|\/)tests?\//;
const TEST_FILE = /(?:^|\/)(?:test_[^/]*|[^/]*_test|conftest)\.py$/;

export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_FILE.test(path);
}
