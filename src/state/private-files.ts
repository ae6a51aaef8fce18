/**
 * The sqlite state holds every linked person's email and CRM ids: readable by its owner only. The folder
 * is created 0700 and the database with its `-wal` / `-shm` companions kept 0600, whatever the umask.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) 0700; an existing folder keeps its mode: it is the operator's. */
export async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates the database file 0600 before sqlite opens it (sqlite would create it 0644 under the usual
 * umask, and creates `-wal` / `-shm` with the database's mode), and narrows a file an older version made.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  restrictFiles([path]);
}

/**
 * Narrows each existing file to 0600. Missing ones (no `-shm` yet) are skipped, and so is a file another
 * user owns (a mounted volume): only its owner may change its mode, and refusing to start would not help.
 */
export function restrictFiles(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}
