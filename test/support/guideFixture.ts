import * as path from 'node:path';
import { REPO_ROOT } from './engine';

/** A small guide written for the webview's tests (not the real content): test/fixtures/guide-view. */
export const FIXTURE_GUIDE_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'guide-view');
/** The real diagrams, which the fixture's Markdown references. */
export const DIAGRAM_DIR = path.join(REPO_ROOT, 'media', 'guide', 'diagrams');
