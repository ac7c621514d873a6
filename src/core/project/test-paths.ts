/** Which files are test code; the parser decides it too (test modules' client requests). */
export { isTestPath } from '../python/test-paths';
