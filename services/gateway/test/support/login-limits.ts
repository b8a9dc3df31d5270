/**
 * auth's login limits raised out of reach (its `authEnv`), for tests whose many logins come from
 * one client, many at once (the limits count an attempt while it is in flight): the limits are
 * not what they test.
 */
export const UNLIMITED_LOGINS = {
  LOGIN_LIMIT_PER_ACCOUNT_ADDRESS: '1000000',
  LOGIN_LIMIT_PER_ADDRESS: '1000000',
  LOGIN_LIMIT_PER_ACCOUNT: '1000000',
};
