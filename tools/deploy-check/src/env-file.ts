/** The `NAME=value` lines of a .env file (comments and blank lines skipped, no quoting). */
export function parseEnvFile(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) variables.set(match[1]!, match[2]!);
  }
  return variables;
}
