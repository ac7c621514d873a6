/**
 * File-system failures as one sentence a user can act on, never a stack trace.
 */

const EXPLANATIONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (the file may be immutable or owned by someone else)',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EROFS: 'the file system is read-only',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a parent of the file is not a folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'it is a symlink loop',
  EBUSY: 'the file is in use',
  EEXIST: 'a file of that name appeared meanwhile',
  EIO: 'the disk reported an input/output error',
  ENOENT: 'the file or its folder disappeared',
};

export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `could not write app/main.py: the disk is full (ENOSPC)` */
export function describeFileSystemError(error: unknown, path: string, action: 'read' | 'write' | 'replace'): string {
  const code = errorCode(error);
  const explanation = code === undefined ? undefined : EXPLANATIONS[code];
  const detail = explanation === undefined ? (error instanceof Error ? error.message : String(error)) : `${explanation} (${code})`;
  return `could not ${action} ${path}: ${detail}`;
}
