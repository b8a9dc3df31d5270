/** Host and port of a URL (`postgres://u:p@host:5432/db`) or of `host:port`. */
export function addressOf(value: string): { host: string; port: string } {
  if (value.includes('://')) {
    const url = new URL(value);
    return { host: url.hostname, port: url.port };
  }
  const at = value.lastIndexOf(':');
  return at < 0 ? { host: value, port: '' } : { host: value.slice(0, at), port: value.slice(at + 1) };
}

/** The user a URL logs in as. */
export const userOf = (url: string): string => decodeURIComponent(new URL(url).username);
