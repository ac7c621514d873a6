/**
 * A specification the engine cannot read: the message says what is wrong and where, and nothing
 * has been written.
 */
export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}
