/** Commands and context keys of the *Get started* walkthrough (package.json `contributes.walkthroughs`). */
export const TRY_IT_COMMAND = 'pythonAsyncGuide.tryIt';
export const SHOW_HOVER_COMMAND = 'pythonAsyncGuide.walkthrough.showHover';
export const SHOW_QUICK_FIXES_COMMAND = 'pythonAsyncGuide.walkthrough.showQuickFixes';
export const SUGGEST_SEMAPHORE_COMMAND = 'pythonAsyncGuide.walkthrough.suggestSemaphore';
export const FIX_ALL_ON_SAVE_COMMAND = 'pythonAsyncGuide.walkthrough.fixAllOnSave';

/** Context keys the steps complete on (`onContext:`): set when the user has done the step. */
export const HOVER_SHOWN = 'pythonAsyncGuide.walkthrough.hoverShown';
export const FIX_APPLIED = 'pythonAsyncGuide.walkthrough.fixApplied';
export const SEMAPHORE_INSERTED = 'pythonAsyncGuide.walkthrough.semaphoreInserted';

export const FIX_ALL_KIND = 'source.fixAll.pythonAsyncGuide';
