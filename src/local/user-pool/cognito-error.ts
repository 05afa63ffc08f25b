/**
 * Errors as Cognito answers them: HTTP 400 with `{ __type, message }`, which the Amplify
 * client and the AWS SDK surface as `error.name` and `error.message`.
 */
export type CognitoErrorType =
  | 'CodeMismatchException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'NotAuthorizedException'
  | 'ResourceNotFoundException'
  | 'UnknownOperationException'
  | 'UnsupportedOperationException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UsernameExistsException';

export class CognitoError extends Error {
  constructor(
    readonly type: CognitoErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  toJSON(): { __type: CognitoErrorType; message: string } {
    return { __type: this.type, message: this.message };
  }
}
