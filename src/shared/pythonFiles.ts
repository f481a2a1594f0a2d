/** Folders no walk over a project enters: tools' caches, environments, version control. */
export const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.ruff_cache', '.ipynb_checkpoints']);

export const isPythonFile = (name: string) => name.endsWith('.py') || name.endsWith('.pyi') || name.endsWith('.ipynb');
