/** Step Functions' error codes, as the SDK and the AWS CLI expect them in `__type` (endpoint.ts). */
export class StepFunctionsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
