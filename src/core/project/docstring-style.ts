/**
 * The docstring style a project writes (Google, NumPy or plain sentences), read from the
 * docstrings of its own functions and classes, so generated docstrings read like the rest.
 */
import type { ProjectFacts } from './facts';

export type DocstringStyle = 'google' | 'numpy' | 'plain';

/** `Args:` / `Returns:` / `Raises:` on a line of their own, indented text below. */
const GOOGLE_SECTION = /^(Args|Arguments|Parameters|Returns|Raises|Yields|Attributes):[ \t]*$/m;
/** `Parameters` / `Returns` / `Raises` underlined with dashes. */
const NUMPY_SECTION = /^(Parameters|Returns|Raises|Yields|Attributes)[ \t]*\n[ \t]*-{3,}[ \t]*$/m;

export function docstringStyleOf(docstring: string): DocstringStyle {
  if (NUMPY_SECTION.test(docstring)) return 'numpy';
  if (GOOGLE_SECTION.test(docstring)) return 'google';
  return 'plain';
}

/**
 * The style most of the project's sectioned docstrings use; plain when none has sections (a
 * project of one-line docstrings has decided nothing about sections).
 */
export function projectDocstringStyle(facts: Pick<ProjectFacts, 'files'>): DocstringStyle {
  let google = 0;
  let numpy = 0;
  for (const file of facts.files.values()) {
    for (const owner of [...file.functions, ...file.classes]) {
      const style = owner.docstring === undefined ? 'plain' : docstringStyleOf(owner.docstring);
      if (style === 'google') google++;
      else if (style === 'numpy') numpy++;
    }
  }
  if (google === 0 && numpy === 0) return 'plain';
  return numpy > google ? 'numpy' : 'google';
}
