/**
 * Reads a model's answer as it streams and hands out each code block the moment its closing
 * fence arrives, so a review can open before the answer ends. Blocks with a path become file or
 * edit blocks; blocks without one are reported (unless they only illustrate, like shell commands).
 */
import { isIllustrative, parseInfoString, pathFromFirstLine, pathFromLineBefore, type PathSource } from './block-paths';
import { hasEditMarkers } from './edit-blocks';

interface BlockBase {
  /** 1-based position among the answer's code blocks, for messages. */
  readonly index: number;
  readonly language: string;
}

export type ParsedBlock =
  | (BlockBase & { readonly kind: 'file'; readonly path: string; readonly pathSource: PathSource; readonly content: string })
  | (BlockBase & { readonly kind: 'edit'; readonly path: string; readonly pathSource: PathSource; readonly body: string })
  /** A code block that looks like a file but names none: reported, never written. */
  | (BlockBase & { readonly kind: 'no-path'; readonly lineCount: number })
  /** Larger than the per-block limit: rejected without keeping its text. */
  | (BlockBase & { readonly kind: 'too-large'; readonly path?: string; readonly chars: number })
  /** Still open when the answer ended (cut off by the output limit or a dropped stream). */
  | (BlockBase & { readonly kind: 'unterminated'; readonly path?: string; readonly lineCount: number });

interface OpenBlock {
  readonly fenceChar: string;
  readonly fenceLength: number;
  readonly info: string;
  readonly lineBefore: string;
  readonly index: number;
  lines: string[];
  chars: number;
  overflow: boolean;
}

export interface BlockParserOptions {
  /** Characters one block may hold; beyond it the block is rejected. */
  readonly maxBlockChars?: number;
}

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;

export class FileBlockParser {
  private partial = '';
  private pendingCarriageReturn = false;
  private open: OpenBlock | undefined;
  private lastProseLine = '';
  private blankLinesSinceProse = 0;
  private blockCount = 0;
  private readonly proseParts: string[] = [];
  private readonly maxBlockChars: number;

  constructor(options: BlockParserOptions = {}) {
    this.maxBlockChars = options.maxBlockChars ?? 400_000;
  }

  /** The text outside code blocks: the model's explanation. */
  get prose(): string {
    return this.proseParts.join('\n');
  }

  /** Feeds a chunk; returns the blocks whose closing fence arrived in it. */
  push(chunk: string): ParsedBlock[] {
    // A CR at the end of a chunk may be the first half of a CRLF split across chunks.
    let text = this.pendingCarriageReturn ? `\r${chunk}` : chunk;
    this.pendingCarriageReturn = text.endsWith('\r');
    if (this.pendingCarriageReturn) {
      text = text.slice(0, -1);
    }
    text = text.replace(/\r\n?/g, '\n');
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) {
      // Only whole lines are parsed; appending keeps a long line linear, not quadratic.
      this.partial += text;
      return [];
    }
    const lines = (this.partial + text.slice(0, lastNewline)).split('\n');
    this.partial = text.slice(lastNewline + 1);
    const done: ParsedBlock[] = [];
    for (const line of lines) {
      const block = this.line(line);
      if (block !== undefined) {
        done.push(block);
      }
    }
    return done;
  }

  /** Ends the answer: the last line is read, and a block still open is reported as unterminated. */
  end(): ParsedBlock[] {
    const trailing = this.pendingCarriageReturn || this.partial !== '';
    this.pendingCarriageReturn = false;
    const done = trailing ? this.push('\n') : [];
    this.partial = '';
    const open = this.open;
    if (open !== undefined) {
      this.open = undefined;
      const located = this.locate(open);
      done.push({
        kind: 'unterminated',
        index: open.index,
        language: located.language,
        lineCount: open.lines.length,
        ...(located.path === undefined ? {} : { path: located.path }),
      });
    }
    return done;
  }

  private line(line: string): ParsedBlock | undefined {
    const open = this.open;
    if (open === undefined) {
      const fence = OPENING_FENCE.exec(line);
      if (fence !== null) {
        const marker = fence[1] ?? '```';
        this.blockCount += 1;
        this.open = {
          fenceChar: marker[0] ?? '`',
          fenceLength: marker.length,
          info: (fence[2] ?? '').trim(),
          lineBefore: this.blankLinesSinceProse <= 1 ? this.lastProseLine : '',
          index: this.blockCount,
          lines: [],
          chars: 0,
          overflow: false,
        };
        return undefined;
      }
      this.proseParts.push(line);
      if (line.trim() === '') {
        this.blankLinesSinceProse += 1;
      } else {
        this.lastProseLine = line;
        this.blankLinesSinceProse = 0;
      }
      return undefined;
    }
    const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (closing !== null && closing[1]?.[0] === open.fenceChar && (closing[1]?.length ?? 0) >= open.fenceLength) {
      this.open = undefined;
      this.lastProseLine = '';
      this.blankLinesSinceProse = 0;
      return this.finish(open);
    }
    open.chars += line.length + 1;
    if (open.chars > this.maxBlockChars) {
      open.overflow = true;
      open.lines = [];
    } else {
      open.lines.push(line);
    }
    return undefined;
  }

  private locate(open: OpenBlock): { language: string; path?: string; pathSource?: PathSource; stripFirstLine: boolean } {
    const info = parseInfoString(open.info);
    if (info.path !== undefined) {
      return { language: info.language, path: info.path, pathSource: 'info', stripFirstLine: false };
    }
    if (!isIllustrative(info.language)) {
      const fromComment = open.lines[0] === undefined ? undefined : pathFromFirstLine(open.lines[0]);
      if (fromComment !== undefined) {
        return { language: info.language, path: fromComment, pathSource: 'first-line comment', stripFirstLine: true };
      }
      const fromLineBefore = pathFromLineBefore(open.lineBefore);
      if (fromLineBefore !== undefined) {
        return { language: info.language, path: fromLineBefore, pathSource: 'line before the block', stripFirstLine: false };
      }
    }
    return { language: info.language, stripFirstLine: false };
  }

  private finish(open: OpenBlock): ParsedBlock | undefined {
    const located = this.locate(open);
    const { language, path, pathSource } = located;
    if (open.overflow) {
      return { kind: 'too-large', index: open.index, language, chars: open.chars, ...(path === undefined ? {} : { path }) };
    }
    if (path === undefined || pathSource === undefined) {
      const meaningful = open.lines.filter((line) => line.trim() !== '').length;
      if (isIllustrative(language) || meaningful < 3) {
        return undefined;
      }
      return { kind: 'no-path', index: open.index, language, lineCount: open.lines.length };
    }
    const lines = located.stripFirstLine ? open.lines.slice(1) : open.lines;
    const body = lines.join('\n');
    if (language.toLowerCase() === 'edit' || hasEditMarkers(body)) {
      return { kind: 'edit', index: open.index, language, path, pathSource, body };
    }
    return { kind: 'file', index: open.index, language, path, pathSource, content: lines.length === 0 ? '' : `${body}\n` };
  }
}
