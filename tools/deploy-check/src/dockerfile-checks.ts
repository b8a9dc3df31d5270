import type { ComposeBuild } from './compose-file';
import { readRepoFile, repoFileExists } from './repo';

const stagesOf = (text: string): string[] => [...text.matchAll(/^FROM\s+\S+\s+AS\s+([\w.-]+)/gim)].map((match) => match[1]!);

/** A compose build agrees with its Dockerfile: the target stage exists, SERVICE names a service. */
export function dockerfileProblems(dockerfile: string, build: ComposeBuild): string[] {
  const problems: string[] = [];
  if (build.target && !stagesOf(readRepoFile(dockerfile)).includes(build.target)) {
    problems.push(`build target ${build.target} is no stage of ${dockerfile}`);
  }
  const service = build.args?.SERVICE;
  if (service !== undefined && !repoFileExists(`services/${String(service)}/src/main.ts`)) {
    problems.push(`build arg SERVICE=${String(service)} names no service (services/${String(service)}/src/main.ts)`);
  }
  return problems;
}

/** The Dockerfile itself: every file it copies from the repository exists, and Node is the release in .node-version. */
export function checkDockerfile(dockerfile = 'Dockerfile'): string[] {
  const text = readRepoFile(dockerfile);
  const problems: string[] = [];
  for (const [, sources] of text.matchAll(/^COPY\s+(?!--from)(?:--\S+\s+)*(.+)\s+\S+$/gm)) {
    for (const source of sources!.trim().split(/\s+/)) {
      if (!repoFileExists(source)) problems.push(`${dockerfile}: COPY source ${source} does not exist`);
    }
  }
  const nodeImage = /^ARG NODE_IMAGE=node:([\d.]+)-/m.exec(text)?.[1];
  const pinned = readRepoFile('.node-version').trim();
  if (nodeImage !== pinned) problems.push(`${dockerfile}: NODE_IMAGE runs Node ${nodeImage ?? '(no exact version)'}, .node-version pins ${pinned}`);
  return problems;
}
