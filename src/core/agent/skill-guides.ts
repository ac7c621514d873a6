/**
 * Guidance that FastAPI and SQLModel ship for coding agents (`SKILL.md` inside the installed
 * package), found in the workspace's virtual environment. Probed by exact path: listing a
 * virtual environment would cost far more than the few stats this takes.
 */
import type { FileSource } from '../ports';

export interface SkillGuide {
  readonly packageName: 'fastapi' | 'sqlmodel';
  readonly path: string;
}

const VENV_DIRS = ['.venv', 'venv', 'env'];
const PYTHON_MINORS = Array.from({ length: 9 }, (_, index) => `python3.${index + 8}`);
const PACKAGES = ['fastapi', 'sqlmodel'] as const;

function candidatePaths(packageName: string): string[] {
  const skill = `${packageName}/.agents/skills/${packageName}/SKILL.md`;
  const paths: string[] = [];
  for (const venv of VENV_DIRS) {
    for (const python of PYTHON_MINORS) {
      paths.push(`${venv}/lib/${python}/site-packages/${skill}`);
    }
    paths.push(`${venv}/Lib/site-packages/${skill}`);
  }
  return paths;
}

export async function findSkillGuides(source: FileSource): Promise<SkillGuide[]> {
  // All probes at once (each may be a round trip to a remote workspace); the first hit in order wins.
  const found = await Promise.all(
    PACKAGES.map(async (packageName) => {
      const paths = candidatePaths(packageName);
      // A probe that fails for any reason means "no guide there": the guide is optional context.
      const stats = await Promise.all(paths.map((path) => source.stat(path).catch(() => undefined)));
      const path = paths[stats.findIndex((stat) => stat !== undefined)];
      return path === undefined ? undefined : { packageName, path };
    }),
  );
  return found.filter((guide) => guide !== undefined);
}
