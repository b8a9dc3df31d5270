// Writes an index.ts beside each generated package folder, so a package's types import as one namespace.
const fs = require('node:fs');
const path = require('node:path');

function writeIndexes(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const modules = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts');
  if (modules.length > 0 && dir.includes(`${path.sep}ticres${path.sep}`)) {
    const lines = modules.map((m) => `export type * from './${m.name.replace(/\.ts$/, '')}';`);
    fs.writeFileSync(path.join(dir, 'index.ts'), `${lines.join('\n')}\n`);
  }
  for (const e of entries) if (e.isDirectory()) writeIndexes(path.join(dir, e.name));
}

writeIndexes(path.join(__dirname, '..', 'generated'));
