/**
 * The OpenAPI reader (YAML, `$ref` resolution), the spec engine and the conformance check, loaded
 * by `spec` and `spec-check` when they run: a file of its own in `dist/` (`cli-spec.js`). Its
 * `SpecError` is the class the reader throws, so the commands test errors against this one.
 */
export { readSpec } from '../core/spec/read';
export { SpecError } from '../core/spec/errors';
export { generateFromSpec } from '../core/generate/spec/index';
export { checkConformance } from '../core/verify/spec-conformance';
