-- Raised on every role change; each access token carries the version it was signed at, and a
-- token below the user's current version is refused (the revocation record, and auth's own check).
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0);
