/**
 * Imported first by the composition root, so this runs before the rest of the bundle is evaluated:
 * the activation time it enables covers loading the bundle as well as `activate` itself.
 */
export const bundleLoadStarted = performance.now();
