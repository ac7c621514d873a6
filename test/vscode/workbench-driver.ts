/**
 * Drives the code-server workbench in Debian's Chromium through playwright-core: turns on the
 * smoke-test driver so the workbench honours the test payload, waits for the exit code the
 * workbench reports when the suites settle, and takes screenshots the suites ask for.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './editor-paths';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Runs in the page before the workbench: when the workbench reads its configuration element's
 * `data-settings`, it gets the same JSON with the smoke-test driver enabled (a page script, kept as
 * text because this project is type-checked without the DOM library).
 */
const ENABLE_SMOKE_TEST_DRIVER = `
(() => {
  const original = Element.prototype.getAttribute;
  Element.prototype.getAttribute = function (name) {
    const value = original.call(this, name);
    if (this.id !== 'vscode-workbench-web-configuration' || name !== 'data-settings' || value === null) return value;
    const settings = JSON.parse(value);
    settings.developmentOptions = Object.assign({}, settings.developmentOptions, { enableSmokeTestDriver: true });
    return JSON.stringify(settings);
  };
})();
`;

export interface WorkbenchRun {
  /** The exit code the workbench reported, or undefined on timeout. */
  readonly exitCode: number | undefined;
  readonly screenshots: readonly string[];
}

export interface WorkbenchOptions {
  readonly url: string;
  readonly timeoutMs: number;
  /** Folder the suites write `<name>.request` files into. */
  readonly screenshotRequests: string;
  /** Folder that receives `<name>.png`. */
  readonly screenshotDir: string;
  readonly consoleLog: (line: string) => void;
}

export async function runWorkbench(options: WorkbenchOptions): Promise<WorkbenchRun> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const screenshots: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.on('console', (message) => options.consoleLog(message.text()));
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => {
      reportExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.addInitScript({ content: ENABLE_SMOKE_TEST_DRIVER });
    await page.goto(options.url);

    mkdirSync(options.screenshotRequests, { recursive: true });
    mkdirSync(options.screenshotDir, { recursive: true });
    let done = false;
    const serveScreenshots = async (): Promise<void> => {
      while (!done) {
        await takeRequestedScreenshots(page, options, screenshots);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const serving = serveScreenshots();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.timeoutMs);
      timer.unref();
    });
    const exitCode = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    done = true;
    await serving;
    if (exitCode === undefined) await page.screenshot({ path: join(options.screenshotDir, 'timeout.png') }).catch(() => undefined);
    return { exitCode, screenshots };
  } finally {
    await browser.close();
  }
}

async function takeRequestedScreenshots(page: Page, options: WorkbenchOptions, taken: string[]): Promise<void> {
  if (!existsSync(options.screenshotRequests)) return;
  for (const file of readdirSync(options.screenshotRequests)) {
    if (!file.endsWith('.request')) continue;
    const name = file.slice(0, -'.request'.length);
    const path = join(options.screenshotDir, `${name}.png`);
    await page.screenshot({ path });
    taken.push(path);
    renameSync(join(options.screenshotRequests, file), join(options.screenshotRequests, `${name}.done`));
    writeFileSync(join(options.screenshotRequests, `${name}.done`), path);
  }
}
