import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository's root folder. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A path inside the repository, from parts relative to its root. */
export const repoPath = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);

export const repoFileExists = (relative: string): boolean => existsSync(repoPath(relative));

export const readRepoFile = (relative: string): string => readFileSync(repoPath(relative), 'utf8');
