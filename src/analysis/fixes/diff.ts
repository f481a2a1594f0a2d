import type { TextEdit } from '../types';
import { positionAt } from './apply';

/** Beyond this many differing lines the diff gives up on precision and replaces the changed middle at once. */
const MAX_EDIT_DISTANCE = 2000;

interface Hunk {
  /** Line indexes: `before[beforeStart, beforeEnd)` becomes `after[afterStart, afterEnd)`. */
  beforeStart: number;
  beforeEnd: number;
  afterStart: number;
  afterEnd: number;
}

/** Lines with their terminators, so that joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Myers' O((N+M)·D) diff over lines: the hunks that differ. Fix-all changes a few lines of a
 * file, so D is small; past MAX_EDIT_DISTANCE one hunk covers everything between the common ends.
 */
function diffLines(before: string[], after: string[]): Hunk[] {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const a = before.slice(prefix, before.length - suffix);
  const b = after.slice(prefix, after.length - suffix);
  if (a.length === 0 && b.length === 0) return [];
  const whole: Hunk[] = [{ beforeStart: prefix, beforeEnd: prefix + a.length, afterStart: prefix, afterEnd: prefix + b.length }];
  if (a.length === 0 || b.length === 0) return whole;

  const max = Math.min(a.length + b.length, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(frontier.slice());
    const next = frontier.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1]) ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= a.length && y >= b.length) {
        found = d;
        break;
      }
    }
    frontier = next;
  }
  if (found < 0) return whole;

  // Walk back through the frontiers, collecting the lines that were deleted or inserted.
  const deleted = new Set<number>();
  const inserted = new Set<number>();
  let x = a.length;
  let y = b.length;
  for (let d = found; d > 0; d--) {
    const previous = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && previous[offset + k - 1] < previous[offset + k + 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = previous[offset + previousK];
    const previousY = previousX - previousK;
    // From (previousX, previousY) one step (down: insert b[previousY]; right: delete a[previousX]), then a diagonal run to (x, y).
    if (down) inserted.add(previousY);
    else deleted.add(previousX);
    x = previousX;
    y = previousY;
  }

  // Group consecutive changes into hunks.
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (!deleted.has(i) && !inserted.has(j)) {
      i++;
      j++;
      continue;
    }
    const hunk: Hunk = { beforeStart: prefix + i, beforeEnd: 0, afterStart: prefix + j, afterEnd: 0 };
    while (deleted.has(i) || inserted.has(j)) {
      if (deleted.has(i)) i++;
      else j++;
    }
    hunk.beforeEnd = prefix + i;
    hunk.afterEnd = prefix + j;
    hunks.push(hunk);
  }
  return hunks;
}

/**
 * Edits turning `before` into `after`, as small as line diffing plus trimming of common characters
 * allows: what an editor should apply for a fix-all, instead of replacing the whole document.
 */
export function diffEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const beforeLines = splitLines(before);
  const afterLines = splitLines(after);
  const beforeOffsets = lineOffsets(beforeLines);
  const afterOffsets = lineOffsets(afterLines);
  return diffLines(beforeLines, afterLines).map((hunk) => {
    let start = beforeOffsets[hunk.beforeStart];
    let end = beforeOffsets[hunk.beforeEnd];
    let newStart = afterOffsets[hunk.afterStart];
    let newEnd = afterOffsets[hunk.afterEnd];
    while (start < end && newStart < newEnd && before.charCodeAt(start) === after.charCodeAt(newStart)) {
      start++;
      newStart++;
    }
    while (end > start && newEnd > newStart && before.charCodeAt(end - 1) === after.charCodeAt(newEnd - 1)) {
      end--;
      newEnd--;
    }
    // Positions cannot point between the \r and \n of a CRLF: keep both on one side.
    if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') {
      start--;
      newStart--;
    }
    if (end > 0 && before[end - 1] === '\r' && before[end] === '\n') {
      end++;
      newEnd++;
    }
    return { range: { start: positionAt(before, start), end: positionAt(before, end) }, newText: after.slice(newStart, newEnd) };
  });
}

function lineOffsets(lines: string[]): number[] {
  const offsets = [0];
  for (const line of lines) offsets.push(offsets[offsets.length - 1] + line.length);
  return offsets;
}
