/**
 * The reasons the authentication engine declines a project, each with a message the user can act on.
 */

/** Thrown when authentication cannot or should not be generated for the project. */
export class AuthRefusal extends Error {
  override readonly name = 'AuthRefusal';
}
