/** No valid bearer token: 401 with a WWW-Authenticate challenge. */
export class Unauthenticated extends Error {
  constructor(readonly reason: string) {
    super(`unauthenticated: ${reason}`);
    this.name = 'Unauthenticated';
  }
}

/** A valid caller whose role may not use the route: 403. */
export class RoleNotAllowed extends Error {
  constructor() {
    super('role not allowed');
    this.name = 'RoleNotAllowed';
  }
}
