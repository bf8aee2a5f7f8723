import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether running from `src/` (tsx) or `dist/` (built). */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CARDS_DIR = path.join(ROOT_DIR, 'cards');
export const LESSONS_DIR = path.join(ROOT_DIR, 'lessons');
