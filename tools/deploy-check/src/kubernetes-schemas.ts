import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Manifest } from './kubernetes-manifests';

const VALIDATOR = path.join(__dirname, 'validate-schemas.mjs');

/** Each manifest against the Kubernetes API's JSON schema for its apiVersion and kind (kubernetes-models). */
export function schemaProblems(manifests: readonly Manifest[]): string[] {
  const output = execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(manifests), cwd: path.dirname(VALIDATOR), encoding: 'utf8' });
  return JSON.parse(output) as string[];
}
