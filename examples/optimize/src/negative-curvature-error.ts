/** Thrown by `newtonCG` when the Hessian is not positive definite along a search direction. */
export class NegativeCurvatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NegativeCurvatureError';
  }
}
