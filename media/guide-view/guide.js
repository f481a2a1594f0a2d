// The guide's webview: navigation, table of contents, search, code actions and the loop step-through. It only renders
// and navigates; content, search and edits are the extension's (see src/guide/panel.ts), reached
// through typed messages (src/guide/messages.ts).
// @ts-check
(function () {
  'use strict';

  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const dataElement = document.getElementById('guide-data');
  /** @type {{strings: Record<string,string>, initialSection: string, language: string, followCursor: boolean, sections: Array<{id:string,title:string,chapter:string}>}} */
  const data = JSON.parse(dataElement ? dataElement.textContent || '{}' : '{}');
  const strings = data.strings;

  /** @type {Map<string, HTMLElement>} */
  const sections = new Map();
  document.querySelectorAll('section.guide-section').forEach((element) => {
    if (element instanceof HTMLElement && element.dataset.section) sections.set(element.dataset.section, element);
  });
  const meta = new Map(data.sections.map((section) => [section.id, section]));

  const content = /** @type {HTMLElement} */ (document.getElementById('content'));
  const sidebar = /** @type {HTMLElement} */ (document.getElementById('sidebar'));
  const tree = /** @type {HTMLElement} */ (document.querySelector('.toc-tree'));
  const toc = /** @type {HTMLElement} */ (document.getElementById('toc'));
  const searchInput = /** @type {HTMLInputElement} */ (document.getElementById('search'));
  const searchResults = /** @type {HTMLElement} */ (document.getElementById('search-results'));
  const searchStatus = /** @type {HTMLElement} */ (document.getElementById('search-status'));
  const breadcrumb = /** @type {HTMLElement} */ (document.getElementById('breadcrumb'));
  const notice = /** @type {HTMLElement} */ (document.getElementById('notice'));
  const toast = /** @type {HTMLElement} */ (document.getElementById('toast'));
  const backButton = /** @type {HTMLButtonElement} */ (document.getElementById('back'));
  const forwardButton = /** @type {HTMLButtonElement} */ (document.getElementById('forward'));
  const toggleContents = /** @type {HTMLButtonElement} */ (document.getElementById('toggle-contents'));
  const languageSelect = /** @type {HTMLSelectElement} */ (document.getElementById('language'));
  const followCursor = /** @type {HTMLInputElement} */ (document.getElementById('follow-cursor'));

  /** Below this width the contents fold away behind the ☰ button (keep in step with guide.css). */
  const NARROW = '(max-width: 620px)';
  const saved = vscode.getState() || {};
  /** @type {string | undefined} */
  let current;
  /** @type {string[]} */
  let backStack = [];
  /** @type {string[]} */
  let forwardStack = [];
  let searchRequest = 0;

  // ---- state ------------------------------------------------------------------------------

  function collapsedChapters() {
    return Array.from(tree.querySelectorAll('.toc-chapter[aria-expanded="false"]')).map((item) => /** @type {HTMLElement} */ (item).dataset.chapter || '');
  }

  function saveState() {
    vscode.setState({
      section: current,
      scrollTop: Math.round(content.scrollTop),
      query: searchInput.value,
      collapsed: collapsedChapters(),
      sidebarHidden: sidebar.classList.contains('hidden'),
    });
  }

  let scrollTimer = 0;
  content.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(saveState, 200);
  });

  // ---- navigation -------------------------------------------------------------------------

  /**
   * @param {string} id
   * @param {{record?: boolean, scrollTop?: number, focus?: boolean, report?: boolean}} [options]
   */
  function show(id, options = {}) {
    const target = sections.get(id);
    if (!target) return false;
    const { record = true, focus = false, report = true } = options;
    const changed = current !== id;
    if (changed) {
      if (record && current) {
        backStack.push(current);
        forwardStack = [];
      }
      const previous = current ? sections.get(current) : undefined;
      if (previous) previous.hidden = true;
      target.hidden = false;
      current = id;
      selectTocItem(id);
      const info = meta.get(id);
      breadcrumb.textContent = info ? `${info.chapter} › ${info.title}` : '';
      document.title = info ? `${info.title} · ${strings.title}` : strings.title;
    }
    notice.hidden = true;
    if (changed || options.scrollTop !== undefined) content.scrollTop = options.scrollTop || 0;
    if (focus) {
      const heading = target.querySelector('h1');
      if (heading instanceof HTMLElement) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
    }
    updateHistoryButtons();
    saveState();
    if (report) vscode.postMessage({ type: 'sectionChanged', section: id });
    return true;
  }

  function updateHistoryButtons() {
    backButton.disabled = backStack.length === 0;
    forwardButton.disabled = forwardStack.length === 0;
  }

  backButton.addEventListener('click', () => {
    const id = backStack.pop();
    if (!id) return;
    if (current) forwardStack.push(current);
    show(id, { record: false });
  });

  forwardButton.addEventListener('click', () => {
    const id = forwardStack.pop();
    if (!id) return;
    if (current) backStack.push(current);
    show(id, { record: false });
  });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const link = target.closest('a[data-section]');
    if (link instanceof HTMLElement && link.dataset.section) {
      event.preventDefault();
      show(link.dataset.section, { focus: true });
      return;
    }
    const action = target.closest('button.code-action');
    if (action instanceof HTMLElement) {
      const section = action.closest('section.guide-section');
      const block = Number(action.dataset.block);
      if (section instanceof HTMLElement && section.dataset.section && Number.isInteger(block)) {
        if (action.dataset.action === 'run') {
          if (action.dataset.running === 'true') vscode.postMessage({ type: 'stopRun' });
          else vscode.postMessage({ type: 'runCode', section: section.dataset.section, block });
        } else {
          vscode.postMessage({ type: action.dataset.action === 'insert' ? 'insertCode' : 'copyCode', section: section.dataset.section, block });
        }
      }
      return;
    }
    if (target.closest('a.broken-link')) event.preventDefault();
  });

  // ---- table of contents: a tree with a roving tabindex -------------------------------------

  /** @returns {HTMLElement[]} */
  function visibleTreeItems() {
    return /** @type {HTMLElement[]} */ (Array.from(tree.querySelectorAll('[role="treeitem"]'))).filter((item) => {
      const chapter = item.parentElement && item.parentElement.closest('.toc-chapter');
      return !chapter || chapter.getAttribute('aria-expanded') !== 'false';
    });
  }

  /** @param {HTMLElement} item */
  function setTreeFocus(item, focus = true) {
    tree.querySelectorAll('[role="treeitem"][tabindex="0"]').forEach((other) => other.setAttribute('tabindex', '-1'));
    item.setAttribute('tabindex', '0');
    if (focus) item.focus();
  }

  /** @param {HTMLElement} chapter @param {boolean} expanded */
  function setExpanded(chapter, expanded) {
    chapter.setAttribute('aria-expanded', String(expanded));
    saveState();
  }

  /** @param {string} id */
  function selectTocItem(id) {
    let selected = null;
    tree.querySelectorAll('.toc-section').forEach((item) => {
      const isCurrent = item instanceof HTMLElement && item.dataset.section === id;
      item.setAttribute('aria-selected', String(isCurrent));
      item.classList.toggle('current', isCurrent);
      if (isCurrent) selected = item;
    });
    if (!(selected instanceof HTMLElement)) return;
    const chapter = selected.closest('.toc-chapter');
    if (chapter instanceof HTMLElement && chapter.getAttribute('aria-expanded') === 'false') setExpanded(chapter, true);
    const focusInTree = tree.contains(document.activeElement);
    setTreeFocus(selected, focusInTree);
    selected.scrollIntoView({ block: 'nearest' });
  }

  tree.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const item = target && target.closest('[role="treeitem"]');
    if (!(item instanceof HTMLElement)) return;
    if (item.classList.contains('toc-section') && item.dataset.section) {
      show(item.dataset.section);
      closeSidebarIfNarrow();
    } else if (target && target.closest('.toc-chapter-title')) {
      setExpanded(item, item.getAttribute('aria-expanded') === 'false');
      setTreeFocus(item, false);
    }
  });

  tree.addEventListener('keydown', (event) => {
    const item = document.activeElement;
    if (!(item instanceof HTMLElement) || item.getAttribute('role') !== 'treeitem') return;
    const items = visibleTreeItems();
    const index = items.indexOf(item);
    const isChapter = item.classList.contains('toc-chapter');
    const expanded = item.getAttribute('aria-expanded') !== 'false';
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        if (index < items.length - 1) setTreeFocus(items[index + 1]);
        break;
      case 'ArrowUp':
        if (index > 0) setTreeFocus(items[index - 1]);
        break;
      case 'Home':
        setTreeFocus(items[0]);
        break;
      case 'End':
        setTreeFocus(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (isChapter && !expanded) setExpanded(item, true);
        else if (isChapter && index < items.length - 1) setTreeFocus(items[index + 1]);
        break;
      case 'ArrowLeft': {
        if (isChapter && expanded) setExpanded(item, false);
        else if (!isChapter) {
          const chapter = item.parentElement && item.parentElement.closest('.toc-chapter');
          if (chapter instanceof HTMLElement) setTreeFocus(chapter);
        }
        break;
      }
      case 'Enter':
      case ' ':
        if (isChapter) setExpanded(item, !expanded);
        else if (item.dataset.section) {
          show(item.dataset.section);
          if (event.key === 'Enter') {
            closeSidebarIfNarrow();
            content.focus({ preventScroll: true });
          }
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  });

  // ---- search -----------------------------------------------------------------------------

  let searchTimer = 0;
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = window.setTimeout(runSearch, 120);
  });

  function runSearch() {
    const query = searchInput.value.trim();
    saveState();
    if (!query) {
      clearResults();
      return;
    }
    searchRequest += 1;
    vscode.postMessage({ type: 'search', query, requestId: searchRequest });
  }

  function clearResults() {
    searchResults.replaceChildren();
    searchResults.hidden = true;
    searchStatus.textContent = '';
    toc.hidden = false;
    sidebar.classList.remove('searching');
  }

  /** @param {string} template @param {string|number} value */
  function format(template, value) {
    return template.replace('{0}', String(value));
  }

  /**
   * @param {string} query
   * @param {Array<{id:string,title:string,chapter:string,snippet:string,highlights:Array<[number,number]>}>} results
   */
  function showResults(query, results) {
    searchResults.replaceChildren();
    if (results.length === 0) {
      searchResults.hidden = true;
      searchStatus.textContent = format(strings.noResults, query);
      toc.hidden = false;
      sidebar.classList.add('searching');
      return;
    }
    // Results live in the sidebar: show it while searching, even where it is folded away.
    sidebar.classList.add('searching');
    searchStatus.textContent = format(strings.resultCount, results.length);
    results.forEach((result, index) => {
      const item = document.createElement('li');
      item.setAttribute('role', 'option');
      item.id = `result-${index}`;
      item.tabIndex = -1;
      item.dataset.section = result.id;
      const title = document.createElement('span');
      title.className = 'result-title';
      title.textContent = result.title;
      const chapter = document.createElement('span');
      chapter.className = 'result-chapter';
      chapter.textContent = result.chapter;
      const snippet = document.createElement('span');
      snippet.className = 'result-snippet';
      let last = 0;
      for (const [start, end] of result.highlights) {
        if (start < last || end > result.snippet.length) continue;
        snippet.append(result.snippet.slice(last, start));
        const mark = document.createElement('mark');
        mark.textContent = result.snippet.slice(start, end);
        snippet.append(mark);
        last = end;
      }
      snippet.append(result.snippet.slice(last));
      item.append(title, chapter, snippet);
      searchResults.append(item);
    });
    searchResults.hidden = false;
    toc.hidden = true;
  }

  /** @param {Element | null} item */
  function openResult(item) {
    if (!(item instanceof HTMLElement) || !item.dataset.section) return;
    show(item.dataset.section);
    closeSidebarIfNarrow();
    content.focus({ preventScroll: true });
  }

  /** @param {number} index */
  function focusResult(index) {
    const items = searchResults.querySelectorAll('[role="option"]');
    if (items.length === 0) return;
    const clamped = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === clamped)));
    const item = /** @type {HTMLElement} */ (items[clamped]);
    searchInput.setAttribute('aria-activedescendant', item.id);
    item.focus();
  }

  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !searchResults.hidden) {
      event.preventDefault();
      focusResult(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(searchTimer);
      if (!searchResults.hidden) openResult(searchResults.querySelector('[role="option"]'));
      else runSearch();
    } else if (event.key === 'Escape' && searchInput.value) {
      event.preventDefault();
      searchInput.value = '';
      clearResults();
      saveState();
    }
  });

  searchInput.addEventListener('focus', () => {
    if (searchResults.childElementCount > 0) sidebar.classList.add('searching');
  });

  searchResults.addEventListener('keydown', (event) => {
    const items = Array.from(searchResults.querySelectorAll('[role="option"]'));
    const index = items.indexOf(/** @type {Element} */ (document.activeElement));
    switch (event.key) {
      case 'ArrowDown':
        focusResult(index + 1);
        break;
      case 'ArrowUp':
        if (index <= 0) searchInput.focus();
        else focusResult(index - 1);
        break;
      case 'Home':
        focusResult(0);
        break;
      case 'End':
        focusResult(items.length - 1);
        break;
      case 'Enter':
      case ' ':
        openResult(document.activeElement);
        break;
      case 'Escape':
        searchInput.focus();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  searchResults.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
    openResult(target);
  });

  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      searchInput.focus();
      searchInput.select();
    }
  });

  // ---- sidebar, language, follow cursor -------------------------------------------------------

  /** @param {boolean} hidden */
  function setSidebarHidden(hidden) {
    sidebar.classList.toggle('hidden', hidden);
    toggleContents.setAttribute('aria-expanded', String(!hidden));
    saveState();
  }

  function closeSidebarIfNarrow() {
    if (!window.matchMedia(NARROW).matches) return;
    sidebar.classList.remove('searching');
    setSidebarHidden(true);
  }

  toggleContents.addEventListener('click', () => {
    const show = sidebar.classList.contains('hidden');
    setSidebarHidden(!show);
    // Opening the contents takes the keyboard to the current entry.
    const entry = tree.querySelector('[role="treeitem"][tabindex="0"]');
    if (show && entry instanceof HTMLElement) entry.focus();
  });

  languageSelect.addEventListener('change', () => {
    saveState();
    vscode.postMessage({ type: 'setLanguage', language: languageSelect.value });
  });

  followCursor.addEventListener('change', () => vscode.postMessage({ type: 'setFollowCursor', enabled: followCursor.checked }));

  // ---- messages from the extension -------------------------------------------------------------

  let toastTimer = 0;
  /** @param {string} text @param {string} kind */
  function showToast(text, kind) {
    toast.textContent = text;
    toast.className = `toast visible ${kind === 'error' ? 'error' : ''}`;
    clearTimeout(toastTimer);
    toastTimer = window.setTimeout(() => {
      toast.className = 'toast';
    }, 2600);
  }

  // ---- running samples -------------------------------------------------------------------------

  /** The output area and Run button of a sample; the page only shows what the extension reports. */
  function runParts(sectionId, block) {
    const section = sections.get(sectionId);
    if (!section || !Number.isInteger(block)) return undefined;
    const output = section.querySelector(`.run-output[data-output="${block}"]`);
    const button = section.querySelector(`button.code-action[data-action="run"][data-block="${block}"]`);
    return output instanceof HTMLElement && button instanceof HTMLElement ? { output, button } : undefined;
  }

  function showRun(message) {
    const parts = runParts(message.section, message.block);
    if (!parts) return;
    const { output, button } = parts;
    const status = output.querySelector('.run-status');
    const text = output.querySelector('pre');
    if (message.type === 'runStarted') {
      document.querySelectorAll('button.code-action[data-running="true"]').forEach((other) => setRunning(other, false));
      output.hidden = false;
      output.classList.remove('failed', 'succeeded');
      if (text) text.textContent = '';
      if (status) status.textContent = String(message.status);
      setRunning(button, true);
    } else if (message.type === 'runOutput' && text) {
      text.textContent += String(message.text);
    } else if (message.type === 'runFinished') {
      if (status) status.textContent = String(message.status);
      output.classList.add(message.ok ? 'succeeded' : 'failed');
      setRunning(button, false);
      output.scrollIntoView({ block: 'nearest' });
    }
  }

  function setRunning(button, running) {
    if (!(button instanceof HTMLElement)) return;
    button.dataset.label ??= button.textContent || '';
    button.dataset.titleText ??= button.title;
    button.dataset.running = String(running);
    button.textContent = running ? strings.stop : button.dataset.label;
    button.title = running ? strings.stopTitle : button.dataset.titleText;
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'navigate':
        if (typeof message.section === 'string' && show(message.section) && typeof message.notFound === 'string') {
          notice.textContent = format(strings.notFound, message.notFound);
          notice.hidden = false;
        }
        break;
      case 'searchResults':
        if (message.requestId === searchRequest && Array.isArray(message.results)) showResults(String(message.query), message.results);
        break;
      case 'feedback':
        if (typeof message.text === 'string') showToast(message.text, message.kind);
        break;
      case 'followCursor':
        followCursor.checked = Boolean(message.enabled);
        break;
      case 'runStarted':
      case 'runOutput':
      case 'runFinished':
        showRun(message);
        break;
    }
  });

  // ---- loop step-through ----------------------------------------------------------------------

  /**
   * A recorded loop trace (src/guide/loopTraceView.ts): the extension renders every step as a row;
   * here one row shows at a time, with Previous/Next/Reset and the ← and → keys, and the program
   * lines the step ran are marked.
   * @param {HTMLElement} container
   */
  function setUpLoopTrace(container) {
    const rows = /** @type {HTMLElement[]} */ (Array.from(container.querySelectorAll('tr.loop-trace-step')));
    const lines = /** @type {HTMLElement[]} */ (Array.from(container.querySelectorAll('.trace-line')));
    const controls = container.querySelector('.loop-trace-controls');
    const position = container.querySelector('.loop-trace-position');
    const buttons = {
      reset: container.querySelector('[data-trace-action="reset"]'),
      previous: container.querySelector('[data-trace-action="previous"]'),
      next: container.querySelector('[data-trace-action="next"]'),
    };
    if (rows.length === 0 || !(controls instanceof HTMLElement) || !(position instanceof HTMLElement)) return;
    let index = 0;

    /** @param {number} target */
    function showStep(target) {
      index = Math.max(0, Math.min(rows.length - 1, target));
      rows.forEach((row, i) => {
        row.hidden = i !== index;
        row.classList.toggle('current', i === index);
      });
      const row = rows[index];
      const ran = new Set((row.dataset.lines || '').split(' ').filter(Boolean));
      lines.forEach((line) => line.classList.toggle('active', ran.has(line.dataset.line || '')));
      const label = row.querySelector('.trace-position');
      position.textContent = label ? label.textContent : '';
      container.dataset.current = String(index);
      if (buttons.reset instanceof HTMLButtonElement) buttons.reset.disabled = index === 0;
      if (buttons.previous instanceof HTMLButtonElement) buttons.previous.disabled = index === 0;
      if (buttons.next instanceof HTMLButtonElement) buttons.next.disabled = index === rows.length - 1;
    }

    controls.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('[data-trace-action]') : null;
      if (!(button instanceof HTMLElement)) return;
      const action = button.dataset.traceAction;
      showStep(action === 'next' ? index + 1 : action === 'previous' ? index - 1 : 0);
    });
    container.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: rows.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      showStep(moves[/** @type {keyof typeof moves} */ (event.key)]);
    });
    container.classList.add('interactive');
    container.tabIndex = 0;
    controls.hidden = false;
    const hint = container.querySelector('.loop-trace-keyboard');
    if (hint instanceof HTMLElement) hint.hidden = false;
    showStep(0);
  }

  document.querySelectorAll('.loop-trace[data-steps]').forEach((container) => {
    if (container instanceof HTMLElement) setUpLoopTrace(container);
  });

  // ---- start ------------------------------------------------------------------------------

  const collapsed = Array.isArray(saved.collapsed) ? saved.collapsed : null;
  const initial = typeof saved.section === 'string' && sections.has(saved.section) ? saved.section : data.initialSection;
  tree.querySelectorAll('.toc-chapter').forEach((chapter) => {
    if (!(chapter instanceof HTMLElement)) return;
    const id = chapter.dataset.chapter || '';
    // The rule reference is long: folded unless the reader is in it or unfolded it before.
    const fold = collapsed ? collapsed.includes(id) : id === 'rules' && !initial.startsWith('rules/');
    chapter.setAttribute('aria-expanded', String(!fold));
  });
  const firstItem = tree.querySelector('[role="treeitem"]');
  if (firstItem instanceof HTMLElement) firstItem.setAttribute('tabindex', '0');
  if (saved.sidebarHidden) setSidebarHidden(true);
  else if (window.matchMedia(NARROW).matches && !saved.section) setSidebarHidden(true);
  const restoredScroll = saved.section === initial && typeof saved.scrollTop === 'number' ? saved.scrollTop : 0;
  if (!show(initial, { record: false, scrollTop: restoredScroll, report: false })) {
    const first = sections.keys().next().value;
    if (first) show(first, { record: false, report: false });
  }
  if (typeof saved.query === 'string' && saved.query) {
    searchInput.value = saved.query;
    runSearch();
  }
  vscode.postMessage({ type: 'ready', section: current });
})();
