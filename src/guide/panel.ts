import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { normalizeLocale } from '../analysis/l10n';
import { configuredLanguage, displayLanguage } from '../config';
import { SETTINGS_SECTION } from '../settings';
import { editorLabel, insertSample, type PythonEditorTracker } from './editorTarget';
import { codeBlockOf, type GuideLibrary, type LoadedGuide } from './library';
import { parseViewState, parseWebviewMessage, type ExtensionMessage, type GuideViewState, type WebviewMessage } from './messages';
import { renderPage, type LanguageSetting } from './page';
import { SampleRunner, type RunEnd } from './sampleRunner';
import { searchGuide } from './search';
import { MESSAGES, translate, viewStrings } from './strings';
import { isGuideLanguage, isSectionId, type GuideLanguage } from './types';

export const GUIDE_VIEW_TYPE = 'pythonAsyncGuide.guide';
export const FOLLOW_CURSOR_SETTING = 'guide.followCursor';
const LAST_SECTION_KEY = 'pythonAsyncGuide.guide.lastSection';

export function guideLanguage(): GuideLanguage {
  return normalizeLocale(displayLanguage());
}

function languageSetting(): LanguageSetting {
  const value = configuredLanguage();
  return isGuideLanguage(value) ? value : 'auto';
}

export function followCursorEnabled(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(FOLLOW_CURSOR_SETTING, true);
}

export interface OpenOptions {
  /** Keep the focus where it is (the editor): true when opened from a diagnostic or a code action. */
  preserveFocus?: boolean;
}

/**
 * The guide's one webview panel: opens it beside the editor, renders the guide in the current
 * language, navigates, and answers the page's messages. The extension owns the section to show;
 * the page reports what it shows (`shownSection`), which tests read through a command.
 */
export class GuidePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private attached = 0;
  private readyMessages = 0;
  private panelDisposables: vscode.Disposable[] = [];
  private language: GuideLanguage = guideLanguage();
  /** The section the extension wants on screen. */
  private wantedSection: string | undefined;
  /** The section the page last said it shows. */
  private reportedSection: string | undefined;
  /** A requested section that does not exist, to mention with the next navigation. */
  private pendingNotFound: string | undefined;
  private runner: SampleRunner | undefined;
  private samplesChannel: vscode.OutputChannel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly library: GuideLibrary,
    private readonly editors: PythonEditorTracker,
    private readonly log: vscode.LogOutputChannel,
    /** Keeps the last section read, to reopen the guide there. */
    private readonly memento: vscode.Memento,
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** How many times a page of the guide said it was ready (it loads again when shown after being hidden). */
  get pageLoads(): number {
    return this.readyMessages;
  }

  /** Counts the panels attached so far: something remembered per panel is stale once this changes. */
  get panelNumber(): number {
    return this.attached;
  }

  get shownSection(): string | undefined {
    return this.panel ? this.reportedSection : undefined;
  }

  /** The section on screen, or about to be. */
  get currentSection(): string | undefined {
    return this.wantedSection ?? this.reportedSection;
  }

  get content(): LoadedGuide {
    return this.library.get(this.language);
  }

  private get mediaUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media');
  }

  /** Opens (or reveals) the guide beside the active editor, at a section if one is given. */
  open(section: string | undefined, options: OpenOptions = {}): void {
    const preserveFocus = options.preserveFocus ?? section !== undefined;
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      if (section !== undefined) this.navigate(section);
      return;
    }
    this.language = guideLanguage();
    if (!this.contentLoads()) return;
    const remembered = this.memento.get<string>(LAST_SECTION_KEY);
    this.wantedSection = section !== undefined ? this.resolve(section) : this.resolve(remembered, { quiet: true });
    const panel = vscode.window.createWebviewPanel(GUIDE_VIEW_TYPE, this.title(), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.panelOptions());
    this.attach(panel);
  }

  /** Shows a section without revealing or focusing the panel (following the cursor). */
  navigate(section: string): void {
    if (!this.panel) return;
    this.wantedSection = this.resolve(section);
    if (this.wantedSection !== this.reportedSection || this.pendingNotFound) this.sendNavigation();
  }

  /** Takes over a panel VS Code restored after a reload, with the state the page saved. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.panel?.dispose();
    const saved: GuideViewState | undefined = parseViewState(state);
    this.language = guideLanguage();
    if (!this.contentLoads()) {
      panel.dispose();
      return;
    }
    this.wantedSection = this.resolve(saved?.section, { quiet: true });
    panel.webview.options = this.webviewOptions();
    panel.title = this.title();
    this.attach(panel);
  }

  /** Renders again, e.g. after the language changed. */
  refresh(): void {
    if (!this.panel) return;
    this.language = guideLanguage();
    if (!this.contentLoads()) return;
    this.panel.title = this.title();
    this.wantedSection = this.resolve(this.currentSection);
    this.render();
  }

  setFollowCursor(enabled: boolean): void {
    this.post({ type: 'followCursor', enabled });
  }

  /** Loads the content of the current language; on failure says why (a broken install or toc.json). */
  private contentLoads(): boolean {
    try {
      return this.content.guide !== undefined;
    } catch (error) {
      this.log.error('The guide could not load its content', error as Error);
      void vscode.window.showErrorMessage(translate(this.language, MESSAGES.loadFailed, (error as Error).message));
      return false;
    }
  }

  private title(): string {
    return translate(this.language, 'Python Async Guide');
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.mediaUri] };
  }

  private panelOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false };
  }

  /** A known section: the one asked for, else the first (remembering what was asked, to say so). */
  private resolve(section: string | undefined, options: { quiet?: boolean } = {}): string | undefined {
    const sections = this.content.guide.sections;
    if (section !== undefined && sections.has(section)) return section;
    if (section !== undefined && !options.quiet) this.pendingNotFound = section;
    return this.content.firstSection;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.attached++;
    this.panel = panel;
    this.reportedSection = undefined;
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.handle(message);
      }),
      panel.onDidDispose(() => this.detach(panel)),
    ];
    this.render();
  }

  private detach(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) return;
    this.runner?.stop();
    for (const disposable of this.panelDisposables) disposable.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.reportedSection = undefined;
  }

  private render(): void {
    const panel = this.panel;
    if (!panel) return;
    const webview = panel.webview;
    const content = this.content;
    const initialSection = this.wantedSection ?? content.firstSection ?? '';
    try {
      webview.html = renderPage({
        guide: content.guide,
        rendered: content.rendered,
        cspSource: webview.cspSource,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaUri, 'guide-view', 'guide.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaUri, 'guide-view', 'guide.css')).toString(),
        initialSection,
        languageSetting: languageSetting(),
        followCursor: followCursorEnabled(),
        strings: viewStrings(this.language),
      });
    } catch (error) {
      this.log.error('The guide could not be rendered', error as Error);
      void vscode.window.showErrorMessage(translate(this.language, MESSAGES.loadFailed, (error as Error).message));
    }
  }

  private sendNavigation(): void {
    if (!this.wantedSection) return;
    const message: ExtensionMessage = { type: 'navigate', section: this.wantedSection };
    if (this.pendingNotFound) message.notFound = this.pendingNotFound;
    if (this.post(message)) this.pendingNotFound = undefined;
  }

  private post(message: ExtensionMessage): boolean {
    if (!this.panel) return false;
    void this.panel.webview.postMessage(message);
    return this.panel.visible;
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.readyMessages++;
        this.reported(message.section);
        if (this.wantedSection && (this.wantedSection !== message.section || this.pendingNotFound)) this.sendNavigation();
        else this.wantedSection = undefined;
        return;
      case 'sectionChanged':
        this.wantedSection = undefined;
        this.reported(message.section);
        return;
      case 'search': {
        const results = searchGuide(this.content.search, message.query);
        this.post({ type: 'searchResults', requestId: message.requestId, query: message.query, results });
        return;
      }
      case 'copyCode': {
        const block = codeBlockOf(this.content, message.section, message.block);
        if (!block) return;
        await vscode.env.clipboard.writeText(block.code);
        this.post({ type: 'feedback', kind: 'info', text: translate(this.language, 'Copied to the clipboard.') });
        return;
      }
      case 'insertCode':
        await this.insertCode(message.section, message.block);
        return;
      case 'runCode':
        await this.runSample(message.section, message.block);
        return;
      case 'stopRun':
        this.runner?.stop();
        return;
      case 'setLanguage':
        await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('language', message.language, vscode.ConfigurationTarget.Global);
        return;
      case 'setFollowCursor':
        await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(FOLLOW_CURSOR_SETTING, message.enabled, vscode.ConfigurationTarget.Global);
        return;
    }
  }

  private reported(section: string | undefined): void {
    if (section === undefined || !isSectionId(section) || !this.content.guide.sections.has(section)) return;
    const changed = section !== this.reportedSection;
    this.reportedSection = section;
    if (changed) void this.memento.update(LAST_SECTION_KEY, section);
  }

  /** Inserts a code block of a section into the last Python editor; false when there is none. */
  async insertCode(section: string, blockIndex: number): Promise<boolean> {
    const block = codeBlockOf(this.content, section, blockIndex);
    if (!block) return false;
    const editor = await this.editors.editor();
    if (!editor) {
      const text = translate(this.language, MESSAGES.noPythonEditor);
      if (!this.post({ type: 'feedback', kind: 'error', text })) void vscode.window.showInformationMessage(text);
      return false;
    }
    const inserted = await insertSample(editor, block.code);
    if (inserted) this.post({ type: 'feedback', kind: 'info', text: translate(this.language, MESSAGES.inserted, editorLabel(editor)) });
    return inserted;
  }

  /** Runs a runnable sample of the guide (its code as the extension holds it) and streams its output to the page. */
  async runSample(section: string, blockIndex: number): Promise<void> {
    const block = codeBlockOf(this.content, section, blockIndex);
    if (!block || block.language !== 'python' || !block.flags.includes('run')) {
      this.post({ type: 'feedback', kind: 'error', text: translate(this.language, MESSAGES.runNotRunnable) });
      return;
    }
    this.samplesChannel ??= vscode.window.createOutputChannel(translate(this.language, MESSAGES.samplesChannel));
    this.runner ??= new SampleRunner(this.samplesChannel);
    const language = this.language;
    await this.runner.run(block.code, `${section} #${blockIndex + 1}`, {
      started: (python) => this.post({ type: 'runStarted', section, block: blockIndex, status: translate(language, MESSAGES.runStarted, python) }),
      output: (text) => this.post({ type: 'runOutput', section, block: blockIndex, text }),
      finished: (end) => this.post({ type: 'runFinished', section, block: blockIndex, status: describeRunEnd(language, end), ok: end.kind === 'exited' && end.code === 0 }),
    });
  }

  dispose(): void {
    this.runner?.dispose();
    this.samplesChannel?.dispose();
    this.panel?.dispose();
  }
}

function describeRunEnd(language: GuideLanguage, end: RunEnd): string {
  switch (end.kind) {
    case 'exited':
      return translate(language, MESSAGES.runExited, end.code ?? String(end.signal));
    case 'stopped':
      return translate(language, MESSAGES.runStopped);
    case 'timedOut':
      return translate(language, MESSAGES.runTimedOut, end.seconds);
    case 'failedToStart':
      return translate(language, MESSAGES.runFailedToStart, end.message);
  }
}
