/** Figures measured inside the extension host; the entry writes them into the results file. */
export const metrics: Record<string, number> = {};
