-- Users, their refresh tokens and the keys that sign access tokens. Runs with search_path = auth.

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  -- Stored as the person typed it; uniqueness ignores case (index below).
  email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  password_hash text NOT NULL,
  role          text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'organizer', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The only guard against duplicate accounts: registration inserts and translates 23505.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE refresh_tokens (
  id         uuid PRIMARY KEY,
  -- Every token rotated from one login; a replay revokes them all.
  family_id  uuid NOT NULL,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the token, hex; the token itself is never stored.
  token_hash text NOT NULL CONSTRAINT refresh_tokens_token_hash_key UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
-- Backs the foreign key, so deleting a user does not scan every token.
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

CREATE TABLE signing_keys (
  kid             text PRIMARY KEY,
  alg             text NOT NULL CHECK (alg = 'EdDSA'),
  -- PKCS#8 PEM. Kept here for a self-contained deployment; production would hold it in a KMS.
  private_key_pem text NOT NULL,
  -- SubjectPublicKeyInfo PEM, served by GetPublicKeys.
  public_key_pem  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  signs_until     timestamptz NOT NULL,
  verifies_until  timestamptz NOT NULL,
  CHECK (verifies_until >= signs_until)
);
