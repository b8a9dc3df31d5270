/** A service name as it appears in `service:<name>`: lower case, digits and dashes. */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Shorter secrets are refused: a guessable secret would mint tokens for a service. */
export const SERVICE_SECRET_MIN_LENGTH = 16;

export type ServiceSecrets = ReadonlyMap<string, string>;

export type ParsedServiceSecrets = { ok: true; secrets: ServiceSecrets } | { ok: false; problems: string[] };

/**
 * Parses `SERVICE_SECRETS`: `name=secret` pairs separated by commas (`notifier=...,payment=...`).
 * Empty means no service can obtain a token. A secret may contain `=` but not `,`.
 */
export function parseServiceSecrets(value: string): ParsedServiceSecrets {
  const secrets = new Map<string, string>();
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const separator = entry.indexOf('=');
    const name = separator < 0 ? entry : entry.slice(0, separator).trim();
    const secret = separator < 0 ? '' : entry.slice(separator + 1).trim();
    // Problems name the service, never the secret: config errors are printed.
    if (!SERVICE_NAME.test(name)) problems.push(`"${name.slice(0, 64)}" is not a service name (a-z, 0-9, -)`);
    else if (seen.has(name)) problems.push(`${name} is listed twice`);
    else if (secret.length < SERVICE_SECRET_MIN_LENGTH) problems.push(`the secret of ${name} needs at least ${SERVICE_SECRET_MIN_LENGTH} characters`);
    else secrets.set(name, secret);
    seen.add(name);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, secrets };
}
