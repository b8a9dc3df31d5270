import type { authV1 } from '@ticres/proto';

/** The HTTP shapes of auth's messages: the contract's field names, nothing else. */
export const presentUser = (user: authV1.User__Output) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  created_at: user.created_at,
});

export const presentTokens = (tokens: authV1.TokenPair__Output) => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  token_type: tokens.token_type,
  expires_in: tokens.expires_in,
});
