// Validates Kubernetes manifests against the API's JSON schemas, as kubeconform does (unknown
// fields are not reported): reads a JSON array of manifests on stdin, prints a JSON array of
// problems ("Kind/name: ..."). A script of its own because kubernetes-models is ESM-only, which
// jest's CommonJS runtime cannot import; kubernetes-schemas.ts runs it.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const manifests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

/**
 * kustomize writes a Secret's base64 in lines of 70 characters; the API server's decoder skips
 * the line breaks, the schema's "byte" format does not: check the value as the server reads it.
 */
function apiServerView(manifest) {
  if (manifest.kind !== 'Secret' || !manifest.data) return manifest;
  const data = Object.fromEntries(Object.entries(manifest.data).map(([name, value]) => [name, value.replace(/\s/g, '')]));
  return { ...manifest, data };
}

const problems = [];
for (const manifest of manifests) {
  const where = `${manifest.kind}/${manifest.metadata?.name ?? '(no name)'}`;
  let Model;
  try {
    ({ [manifest.kind]: Model } = await import(`kubernetes-models/${manifest.apiVersion}/${manifest.kind}`));
  } catch {
    problems.push(`${where}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
    continue;
  }
  try {
    new Model(apiServerView(manifest)).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
