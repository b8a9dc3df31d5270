import type { authV1 } from '@ticres/proto';
import { unary, type Logger, type WriteLimit } from '@ticres/shared';
import type { CheckAccessToken } from '../usecases/check-access-token';
import type { GetContact } from '../usecases/get-contact';
import type { GetPublicKeys } from '../usecases/get-public-keys';
import type { GetUser } from '../usecases/get-user';
import type { IssueServiceToken } from '../usecases/issue-service-token';
import type { GuardedLogin } from '../usecases/guarded-login';
import type { Logout } from '../usecases/logout';
import type { RefreshSession } from '../usecases/refresh-session';
import type { GuardedRegistration } from '../usecases/guarded-registration';
import type { SetUserRole } from '../usecases/set-user-role';
import { toProtoContact, toProtoPublicKey, toProtoTokenPair, toProtoUser } from './to-proto';
import { createVouchedClientAddress } from './vouched-client-address';

export interface AuthHandlerDeps {
  logger: Logger;
  /** Proves the caller from the `authorization` metadata, against auth's current records. */
  checkAccessToken: CheckAccessToken;
  /** Proves the caller of a write (SetUserRole) as checkAccessToken does and counts it against WRITE_LIMIT_PER_USER. */
  writes: WriteLimit;
  /** Behind the sign-up limit per client address (REGISTER_LIMIT_PER_IP). */
  register: GuardedRegistration;
  login: GuardedLogin;
  refreshSession: RefreshSession;
  logout: Logout;
  getUser: GetUser;
  setUserRole: SetUserRole;
  getPublicKeys: GetPublicKeys;
  issueServiceToken: IssueServiceToken;
  getContact: GetContact;
}

/** `ticres.auth.v1.AuthService`: decode, call the use case, encode. Errors map in `unary`. */
export function createAuthHandlers(deps: AuthHandlerDeps): authV1.AuthServiceHandlers {
  const { logger, checkAccessToken } = deps;
  const clientAddress = createVouchedClientAddress(checkAccessToken, logger);
  return {
    Register: unary(logger, async (request: authV1.RegisterRequest__Output, context) => {
      const input = { name: request.name, email: request.email, password: request.password };
      return toProtoUser(await deps.register(input, await clientAddress(context, 'register'), context.deadline));
    }),

    Login: unary(logger, async (request: authV1.LoginRequest__Output, context) =>
      toProtoTokenPair(await deps.login({ email: request.email, password: request.password }, await clientAddress(context, 'login'), context.deadline)),
    ),

    Refresh: unary(logger, async (request: authV1.RefreshRequest__Output) => toProtoTokenPair(await deps.refreshSession(request.refresh_token))),

    Logout: unary(logger, async (request: authV1.LogoutRequest__Output): Promise<authV1.LogoutResponse> => {
      await deps.logout(request.refresh_token);
      return {};
    }),

    GetUser: unary(logger, async (request: authV1.GetUserRequest__Output, context) => {
      const caller = await checkAccessToken(context.token);
      return toProtoUser(await deps.getUser(caller, request.id));
    }),

    SetUserRole: unary(logger, async (request: authV1.SetUserRoleRequest__Output, context) => {
      const caller = await deps.writes.caller(context.token);
      return toProtoUser(await deps.setUserRole(caller, { id: request.id, role: request.role }));
    }),

    GetPublicKeys: unary(logger, async (): Promise<authV1.PublicKeySet> => {
      const keys = await deps.getPublicKeys();
      return { keys: keys.map(toProtoPublicKey) };
    }),

    IssueServiceToken: unary(logger, async (request: authV1.IssueServiceTokenRequest__Output, context) =>
      toProtoTokenPair(await deps.issueServiceToken({ service: request.service, secret: request.secret }, context.callerAddress)),
    ),

    GetContact: unary(logger, async (request: authV1.GetContactRequest__Output, context) => {
      const caller = await checkAccessToken(context.token);
      return toProtoContact(await deps.getContact(caller, request.user_id));
    }),
  };
}
